"""Counts for the analyst: events and fatalities by week, event type, actor and admin1.

    with open_store("sitrep.db") as store:
        stats = summarize(store, Filters(country="SYR", year=2016))
        write_csv(stats, sys.stdout)
        plot(stats, Path("syria-2016.png"))

The grouping itself is the store's (`Store.event_stats`, the query `/api/stats` answers
with), so the CLI, the API and a notebook count alike. This module turns those buckets
into one summary an analyst reads: the filters' total, then a section per grouping, each
summing fatalities three ways (the best figures, and the low and high ends of their
ranges), since a single sum would hide how uncertain the tolls are.

Every section accounts for every event: a week or admin1 section ends with a bucket keyed
None for the events without a date or an admin1, so its rows add up to the total. The actor
section is the exception by design: an event counts once under each of its actor1 and
actor2 (a clash belongs to both sides), so its rows add up to more.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sitrep.errors import StatsError

if TYPE_CHECKING:
    from sitrep.store import Store
    from sitrep.store.query import Filters

__all__ = [
    "CSV_COLUMNS",
    "PLOT_FORMATS",
    "PLOT_TOP",
    "SECTIONS",
    "Bucket",
    "Section",
    "Stats",
    "label",
    "plot",
    "summarize",
    "write_csv",
    "write_json",
]

#: The groupings, in the order a full summary shows them; each is a `Store.event_stats` key.
SECTIONS = ("week", "type", "actor", "admin1")
#: Sections ranked by events (most first), which `top` may cut; weeks stay in date order.
RANKED = ("type", "actor", "admin1")
#: What the bucket of events without the grouped field stands for, in a table or a chart.
MISSING = {"week": "(no date)", "admin1": "(no admin1)"}
#: A section's title and the heading of its key column.
TITLES = {
    "week": ("By week", "week of"),
    "type": ("By event type", "event type"),
    "actor": ("By actor (actor1 and actor2)", "actor"),
    "admin1": ("By admin1", "admin1"),
}
CSV_COLUMNS = ("by", "key", "events", "fatalities_best", "fatalities_low", "fatalities_high")
#: Files `plot` writes, by suffix.
PLOT_FORMATS = (".png", ".svg")
#: Most bars a ranked section gets in a chart; more would not be readable.
PLOT_TOP = 15


@dataclass(frozen=True, slots=True, kw_only=True)
class Bucket:
    """One group's events and their fatalities: the sums of the best figures and of the low
    and high ends. `key` is None for the events that have no value to group by."""

    key: str | None
    events: int
    fatalities_best: int
    fatalities_low: int
    fatalities_high: int

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]

    def __add__(self, other: Bucket) -> Bucket:
        return Bucket(
            key=self.key,
            events=self.events + other.events,
            fatalities_best=self.fatalities_best + other.fatalities_best,
            fatalities_low=self.fatalities_low + other.fatalities_low,
            fatalities_high=self.fatalities_high + other.fatalities_high,
        )


_NOTHING = Bucket(key=None, events=0, fatalities_best=0, fatalities_low=0, fatalities_high=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """The buckets of one grouping. `hidden` counts the buckets `top` left out (a ranked
    section's smallest), so a reader knows the list is cut."""

    by: str
    buckets: tuple[Bucket, ...]
    hidden: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "buckets": [b.to_dict() for b in self.buckets],
            "hidden": self.hidden,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Stats:
    "The total of the events the filters select, and one section per grouping asked for."

    total: Bucket
    sections: tuple[Section, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total.to_dict(), "sections": [s.to_dict() for s in self.sections]}


def _bucket(row: dict[str, Any]) -> Bucket:
    "A `Store.event_stats` row as a Bucket (its `fatalities` is the sum of best figures)."
    return Bucket(
        key=row["key"],
        events=row["events"],
        fatalities_best=row["fatalities"],
        fatalities_low=row["fatalities_low"],
        fatalities_high=row["fatalities_high"],
    )


def _sum(buckets: Sequence[Bucket], key: str | None = None) -> Bucket:
    total = _NOTHING
    for b in buckets:
        total += b
    return replace(total, key=key)


def _missing(total: Bucket, groups: Sequence[Bucket]) -> Bucket:
    "The figures of the events in `total` that no group of a section holds (key None)."
    counted = _sum(groups)
    return Bucket(
        key=None,
        events=total.events - counted.events,
        fatalities_best=total.fatalities_best - counted.fatalities_best,
        fatalities_low=total.fatalities_low - counted.fatalities_low,
        fatalities_high=total.fatalities_high - counted.fatalities_high,
    )


def summarize(
    store: Store, filters: Filters, *, by: Sequence[str] = SECTIONS, top: int | None = None
) -> Stats:
    """The events `filters` selects in `store`, counted in total and by each of `by`.

    `top` keeps the `top` largest buckets of the ranked sections (type, actor, admin1); the
    week section is a time series and is never cut. StatsError for a grouping Sitrep does
    not have, naming the ones it has; FilterError (from the store) for a filter value
    nobody knows.
    """
    unknown = [b for b in by if b not in SECTIONS]
    if unknown:
        raise StatsError(f"cannot group by {unknown[0]!r}; group by one of: {', '.join(SECTIONS)}")
    if top is not None and top < 1:
        raise StatsError(f"top must be 1 or more, not {top}")
    # Every event has an event type, so the type buckets add up to the total.
    by_type = tuple(_bucket(r) for r in store.event_stats(filters, by="type"))
    total = _sum(by_type, key="all")
    sections = []
    for name in dict.fromkeys(by):
        groups = (
            by_type
            if name == "type"
            else tuple(_bucket(r) for r in store.event_stats(filters, by=name))
        )
        # The events without a week or an admin1 are no group: their row is never cut.
        missing = _missing(total, groups) if name in MISSING else None
        hidden = 0
        if top is not None and name in RANKED and len(groups) > top:
            hidden = len(groups) - top
            groups = groups[:top]
        if missing is not None and missing.events:
            groups = (*groups, missing)
        sections.append(Section(by=name, buckets=groups, hidden=hidden))
    return Stats(total=total, sections=tuple(sections))


def write_csv(stats: Stats, out: TextIO) -> int:
    """One CSV table of every section (`CSV_COLUMNS`; `by` names the section, an empty key
    is the events without the grouped field), for spreadsheets and pandas; returns rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for section in stats.sections:
        for b in section.buckets:
            writer.writerow(
                [
                    section.by,
                    "" if b.key is None else b.key,
                    b.events,
                    b.fatalities_best,
                    b.fatalities_low,
                    b.fatalities_high,
                ]
            )
            count += 1
    return count


def write_json(stats: Stats, out: TextIO) -> None:
    "The summary as one JSON object: `total`, and `sections` with their buckets."
    out.write(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2) + "\n")


def label(section: Section, bucket: Bucket) -> str:
    "What a table or a chart calls a bucket: its key, or what a missing key stands for."
    return bucket.key if bucket.key is not None else MISSING.get(section.by, "(none)")


# -- the chart ------------------------------------------------------------------------------


def plot(stats: Stats, path: Path, *, protected: Sequence[Path] = ()) -> Path:
    """Draw the summary as a chart (PNG or SVG, by `path`'s suffix), one panel per section:
    weeks as bars of events under a line of fatalities (best, with the low-high range
    shaded); the ranked sections as horizontal bars, at most PLOT_TOP of them.

    Drawn with matplotlib's Agg canvas, never a display, so it works on a server. The file
    is written like an export (`sitrep.export.files.output_file`): whole or not at all, and
    never onto one of `protected` (the store's files). StatsError for another suffix or a
    summary with no section; ExportError when the file cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix not in PLOT_FORMATS:
        raise StatsError(
            f"{path}: a chart is written as {' or '.join(PLOT_FORMATS)}; "
            f"give a file name ending in one of them, e.g. stats.png"
        )
    if not stats.sections:
        raise StatsError("there is no section to plot")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from sitrep.export.files import output_file

    panels = len(stats.sections)
    columns = 1 if panels == 1 else 2
    rows = (panels + columns - 1) // columns
    figure = Figure(figsize=(7 * columns, 4.5 * rows), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, columns, squeeze=False).flatten()
    for ax, section in zip(axes, stats.sections, strict=False):
        if section.by == "week":
            _plot_weeks(ax, section)
        else:
            _plot_ranked(ax, section)
    for ax in axes[panels:]:
        ax.set_visible(False)
    t = stats.total
    figure.suptitle(
        f"{t.events} events; fatalities {t.fatalities_best} "
        f"(range {t.fatalities_low}-{t.fatalities_high})"
    )
    with output_file(path, binary=True, protected=protected) as out:
        figure.savefig(out, format=suffix[1:])
    return path


EVENTS_COLOUR, DEAD_COLOUR = "#6a9fd4", "#b2182b"


def _plot_weeks(ax: Any, section: Section) -> None:
    """Bars of events per week, and the fatalities as a line with the low-high range shaded,
    on its own axis; weeks without events are drawn as zeros, so a gap reads as a gap."""
    from datetime import date, timedelta

    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.ticker import MaxNLocator

    dated = {date.fromisoformat(b.key): b for b in section.buckets if b.key is not None}
    undated = next((b.events for b in section.buckets if b.key is None), 0)
    title, _ = TITLES["week"]
    ax.set_title(title + (f" ({undated} undated events not shown)" if undated else ""))
    if not dated:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
        return
    first, last = min(dated), max(dated)
    days = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    weeks = [dated.get(day, replace(_NOTHING, key=day.isoformat())) for day in days]
    ax.bar(days, [b.events for b in weeks], width=6, align="edge", color=EVENTS_COLOUR)
    ax.set_ylabel("events", color=EVENTS_COLOUR)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    middles = [day + timedelta(days=3) for day in days]
    dead = ax.twinx()
    dead.plot(middles, [b.fatalities_best for b in weeks], color=DEAD_COLOUR, linewidth=1.2)
    dead.fill_between(
        middles,
        [b.fatalities_low for b in weeks],
        [b.fatalities_high for b in weeks],
        color=DEAD_COLOUR,
        alpha=0.2,
        linewidth=0,
    )
    dead.set_ylabel("fatalities (best; low-high shaded)", color=DEAD_COLOUR)
    dead.set_ylim(bottom=0)
    dead.yaxis.set_major_locator(MaxNLocator(integer=True))
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _plot_ranked(ax: Any, section: Section) -> None:
    """Paired horizontal bars per group, largest first: events on the bottom axis, fatalities
    (best, whiskers from low to high) on the top one, since the two differ in scale."""
    from matplotlib.ticker import MaxNLocator

    title, _ = TITLES[section.by]
    shown = section.buckets[:PLOT_TOP]
    more = len(section.buckets) - len(shown) + section.hidden
    ax.set_title(title + (f": top {len(shown)}, {more} more not shown" if more else ""))
    if not shown:
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes)
        return
    rows = range(len(shown))
    height = 0.38
    ax.barh([r - height / 2 for r in rows], [b.events for b in shown], height, color=EVENTS_COLOUR)
    ax.set_xlabel("events", color=EVENTS_COLOUR)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    dead = ax.twiny()
    dead.barh(
        [r + height / 2 for r in rows],
        [b.fatalities_best for b in shown],
        height,
        color=DEAD_COLOUR,
        xerr=[
            [b.fatalities_best - b.fatalities_low for b in shown],
            [b.fatalities_high - b.fatalities_best for b in shown],
        ],
        error_kw={"elinewidth": 0.8, "capsize": 2},
    )
    dead.set_xlabel("fatalities (best; whiskers low-high)", color=DEAD_COLOUR)
    dead.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_yticks(list(rows), [_short(label(section, b)) for b in shown], fontsize=8)
    ax.invert_yaxis()  # largest first, at the top


def _short(name: str, limit: int = 32) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
