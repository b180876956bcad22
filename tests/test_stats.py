"""`sitrep stats` and `sitrep.stats`: the sums are the stored events' own figures, grouped by
week, type, actor and admin1, on SQLite and PostgreSQL; the CLI's filters, formats, errors
and chart.

The store is the filter tests' seven events (`filter_data`), with tolls given ranges and
three events added that lack what a grouping needs (a date, a place, an admin1), so each
section's "missing" row is exercised. Expected figures are computed here, in Python, from
the events the store returns, never from the code under test.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import filter_data
import pytest
from api_data import TestClient
from click.testing import CliRunner

from sitrep.api import create_app
from sitrep.cli import cli
from sitrep.errors import StatsError
from sitrep.models import Count, Event, Place
from sitrep.stats import SECTIONS, summarize
from sitrep.store import open_store
from sitrep.store.query import Filters

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _corpus() -> list[tuple[Any, list[Event]]]:
    "filter_data's events with ranged tolls, plus three that lack a date, a place, an admin1."
    out = []
    for i, (article, (event,)) in enumerate(filter_data.corpus()):
        dead = event.fatalities
        if dead is not None:
            dead = Count(best=dead.best, low=max(0, dead.best - i), high=dead.best + 2 * i)
        out.append((article, [dataclasses.replace(event, fatalities=dead)]))
    article, (template,) = filter_data.corpus()[0]
    extra = {
        "ev-undated": {"event_date": None, "date_precision": None},
        "ev-nowhere": {"location": None},
        "ev-no-admin1": {
            "location": Place(name="Somewhere", country="Syria", country_code="SYR"),
            "event_date": date(2016, 3, 7),
        },
    }
    for n, (event_id, changes) in enumerate(extra.items()):
        other = dataclasses.replace(article, id=f"article-{event_id}", text=f"{article.text} {n}")
        event = dataclasses.replace(
            template,
            event_id=event_id,
            article_id=other.id,
            fatalities=Count(best=10 + n, low=5 + n, high=20 + n),
            **changes,
        )
        out.append((other, [event]))
    return out


def _seed(url: str | Path) -> None:
    with open_store(url) as store:
        for article, events in _corpus():
            store.ingest(article, events)
        for event_id, row in filter_data.EVENTS.items():
            if row[-1] is not None:
                store.review(event_id, row[-1], why="checked by hand", reviewer="alice")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("stats") / "stats.db"
    _seed(path)
    return str(path)


def _figures(events: list[Event]) -> list[int]:
    "[events, best, low, high] summed over `events`, as a bucket holds them."
    dead = [e.fatalities for e in events if e.fatalities is not None]
    return [
        len(events),
        sum(c.best for c in dead),
        sum(c.low for c in dead),
        sum(c.high for c in dead),
    ]


def _expected(events: list[Event], by: str) -> dict[str | None, list[int]]:
    "Each group's figures, computed from the events themselves."
    groups: dict[str | None, list[Event]] = defaultdict(list)
    for e in events:
        if by == "week":
            keys = [(e.event_date - timedelta(days=e.event_date.weekday())).isoformat()
                    if e.event_date else None]  # fmt: skip
        elif by == "type":
            keys = [e.event_type]
        elif by == "actor":
            keys = [a.name for a in e.actors if a.role in ("actor1", "actor2")]
        else:
            keys = [e.location.admin1 if e.location else None]
        for key in keys:
            groups[key].append(e)
    return {k: _figures(v) for k, v in groups.items()}


def _got(section: Any) -> dict[str | None, list[int]]:
    return {
        b.key: [b.events, b.fatalities_best, b.fatalities_low, b.fatalities_high]
        for b in section.buckets
    }


def test_sums_equal_the_stored_events_figures(store_url: str) -> None:
    _seed(store_url)
    with open_store(store_url, create=False) as store:
        events = list(store.events())  # all but the rejected one, as stats counts
        stats = summarize(store, Filters())
    assert len(events) == 9
    assert [stats.total.events, stats.total.fatalities_best] == _figures(events)[:2]
    assert [stats.total.fatalities_low, stats.total.fatalities_high] == _figures(events)[2:]
    assert _figures(events)[2] < _figures(events)[1] < _figures(events)[3]  # real ranges
    assert [s.by for s in stats.sections] == list(SECTIONS)
    for section in stats.sections:
        assert _got(section) == _expected(events, section.by), section.by
        if section.by != "actor":  # an event counts under both its actors
            assert sum(b.events for b in section.buckets) == stats.total.events
    weeks = stats.sections[0].buckets
    assert [b.key for b in weeks[:-1]] == sorted(b.key for b in weeks[:-1] if b.key)
    assert weeks[-1].key is None and weeks[-1].events == 1  # ev-undated, last
    assert all(date.fromisoformat(b.key).weekday() == 0 for b in weeks if b.key)
    # ev-saraqib (Sat 5 March 2016) and ev-no-admin1 (Mon 7 March) are in different weeks.
    assert {"2016-02-29", "2016-03-07"} <= {b.key for b in weeks}
    admin1 = {b.key: b.events for b in stats.sections[3].buckets}
    assert admin1[None] == 2  # ev-nowhere and ev-no-admin1
    ranked = [b.events for b in stats.sections[1].buckets]
    assert ranked == sorted(ranked, reverse=True)


def test_filters_limit_and_review_select_the_events_counted(db: str) -> None:
    with open_store(db, create=False) as store:
        syria = list(store.events(country="SYR", year=2016))
        got = summarize(store, Filters(country="SYR", year=2016), by=("type",))
        assert got.total.events == len(syria) == 3
        assert _got(got.sections[0]) == _expected(syria, "type")
        first = list(store.events(limit=4))
        limited = summarize(store, Filters(limit=4), by=("actor",))
        assert _got(limited.sections[0]) == _expected(first, "actor")
        everything = list(store.events(review="all"))
        with_rejected = summarize(store, Filters(review="all"), by=())
        assert with_rejected.total.events == len(everything) == 10
        top = summarize(store, Filters(), by=("actor",), top=2)
        assert len(top.sections[0].buckets) == 2 and top.sections[0].hidden > 0
        assert top.sections[0].buckets[0].key == "Military Forces of Syria (2000-2024)"
        # --top cuts groups, never the row of events that have no admin1.
        (admin1,) = summarize(store, Filters(), by=("admin1",), top=1).sections
        assert [b.key for b in admin1.buckets][-1] is None and len(admin1.buckets) == 2
        assert admin1.buckets[-1].events == 2 and admin1.hidden == 5


def test_unknown_grouping_names_the_ones_there_are(db: str) -> None:
    with open_store(db, create=False) as store, pytest.raises(StatsError) as err:
        summarize(store, Filters(), by=("month",))
    assert "week, type, actor, admin1" in str(err.value)


def run(*args: str, **kwargs: Any) -> Any:
    return CliRunner().invoke(cli, list(args), prog_name="sitrep", **kwargs)


def test_cli_json_and_csv_carry_the_same_figures(db: str) -> None:
    with open_store(db, create=False) as store:
        events = list(store.events(country="Syria"))
    result = run("stats", "--db", db, "--format", "json", "--country", "Syria")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [data["total"][k] for k in ("events", "fatalities_best")] == _figures(events)[:2]
    for section in data["sections"]:
        got = {
            b["key"]: [b[k] for k in ("events", "fatalities_best", "fatalities_low",
                                      "fatalities_high")]
            for b in section["buckets"]
        }  # fmt: skip
        assert got == _expected(events, section["by"]), section["by"]
    table = run("stats", "--db", db, "--format", "csv", "--country", "Syria")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert len(rows) == sum(len(s["buckets"]) for s in data["sections"])
    weeks = {r["key"]: int(r["fatalities_high"]) for r in rows if r["by"] == "week"}
    assert weeks == {(b["key"] or ""): b["fatalities_high"] for b in data["sections"][0]["buckets"]}
    one = run("stats", "--db", db, "--format", "csv", "--by", "admin1")
    assert {r["by"] for r in csv.DictReader(io.StringIO(one.stdout))} == {"admin1"}


def test_cli_table_fits_80_columns_and_says_what_is_cut(db: str) -> None:
    result = run("stats", "--db", db, "--top", "3", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for title in ("By week", "By event type", "By actor", "By admin1", "(no date)"):
        assert title in result.stdout
    assert "more; --top" in result.stdout  # the actor section was cut to 3
    assert lines[0].startswith("9 events; fatalities")


def test_cli_errors_name_the_choices_and_the_closest_values(db: str) -> None:
    bad = run("stats", "--db", db, "--by", "month")
    assert bad.exit_code == 2
    assert all(name in bad.stderr for name in ("'week'", "'type'", "'actor'", "'admin1'"))
    unknown = run("stats", "--db", db, "--country", "Syrie")
    assert unknown.exit_code == 2 and "Syria" in unknown.stderr
    missing = run("stats", "--db", str(Path(db).with_name("none.db")))
    assert missing.exit_code == 1 and "none.db" in missing.stderr


def test_plot_writes_a_png_of_every_section(db: str, tmp_path: Path) -> None:
    out = tmp_path / "stats.png"
    result = run("stats", "--db", db, "--plot", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["events"] == 9  # the figures still print
    assert f"wrote the chart to {out}" in result.stderr
    data = out.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
    import matplotlib.image

    pixels = matplotlib.image.imread(out)
    assert pixels.shape[0] > 500 and pixels.shape[1] > 1000  # a 2x2 grid of panels
    assert pixels.std() > 0  # not a blank canvas


def test_plot_of_one_section_and_svg(db: str, tmp_path: Path) -> None:
    png = tmp_path / "weeks.png"
    assert run("stats", "--db", db, "--by", "week", "--plot", str(png)).exit_code == 0
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    svg = tmp_path / "actors.svg"
    assert run("stats", "--db", db, "--by", "actor", "--plot", str(svg)).exit_code == 0
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Military Forces of Syria" in text


def test_plot_refuses_other_formats_and_the_store_itself(db: str, tmp_path: Path) -> None:
    jpeg = run("stats", "--db", db, "--plot", str(tmp_path / "chart.jpg"))
    assert jpeg.exit_code == 1 and ".png or .svg" in jpeg.stderr
    assert not (tmp_path / "chart.jpg").exists()
    odd = tmp_path / "store.png"  # a store whose file name looks like a chart's
    _seed(odd)
    before = odd.read_bytes()
    onto = run("stats", "--db", str(odd), "--plot", str(odd))
    assert onto.exit_code == 1 and "store" in onto.stderr
    assert odd.read_bytes() == before
    with open_store(odd, create=False) as store:
        assert len(list(store.events())) == 9


def test_api_stats_buckets_carry_the_range_sums(db: str) -> None:
    with open_store(db, create=False) as store:
        events = list(store.events())
    with TestClient(create_app(db)) as client:
        body = client.get("/api/stats", params={"by": "type"}).json()
    got = {
        b["key"]: [b["events"], b["fatalities"], b["fatalities_low"], b["fatalities_high"]]
        for b in body["buckets"]
    }
    assert got == _expected(events, "type")
