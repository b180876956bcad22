"""The `sitrep` command line: thin shells over library functions.

Library errors become messages and exit codes in one place (`sitrep.cli_errors`, which the
`sitrep gazetteer` commands use too): exit 1 when input was bad or skipped (the batch still
finishes), 2 for usage errors (click's own, and filter values nobody knows). Progress bars and
warnings go to stderr only, so stdout stays parseable.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click
from click.core import ParameterSource

from sitrep import __version__
from sitrep.attribution import ATTRIBUTION
from sitrep.cli_errors import library_errors
from sitrep.errors import ReadError, SitrepError, printable
from sitrep.filters import FILTER_FIELDS, BBox, FilterField, parse_bbox, parse_day
from sitrep.gazetteer_commands import register as register_gazetteer
from sitrep.models import Article, Event
from sitrep.report_date import report_date
from sitrep.stats import SECTIONS as STATS_SECTIONS

if TYPE_CHECKING:
    from sitrep.read import FetchPolicy


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from sitrep.read import parse_published

    parsed = parse_published(value)
    if parsed is None:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD")
    return parsed


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, message=f"sitrep %(version)s\n{ATTRIBUTION}")
def cli() -> None:
    """Sitrep turns news reports of armed conflict into evidence-linked event data.

    Every event follows the ACLED taxonomy; every field points at the words it rests on.
    """


class _Errors:
    "Counts skipped inputs and prints each as one line on stderr."

    def __init__(self) -> None:
        self.count = 0

    def report(self, err: SitrepError) -> None:
        self.count += 1
        click.echo(f"sitrep: skipped {err}", err=True)


#: Plain progress lines report work of at least this many articles, every tenth of it.
LINES_FROM = 50


def _articles(
    inputs: tuple[str, ...],
    published: date | None,
    outlet: str | None,
    errors: _Errors,
    policy: FetchPolicy,
) -> Iterator[Article]:
    from sitrep.read import read_articles

    undated: list[str] = []
    for item in read_articles(
        list(inputs) or ["-"], published=published, outlet=outlet, stdin=sys.stdin, policy=policy
    ):
        if isinstance(item, ReadError):
            errors.report(item)
        else:
            if report_date(item.text, item.published) is None and _RELATIVE_DAY.search(item.text):
                undated.append(printable(item.origin or item.id))
            yield item
    if undated:
        # Not an error: the articles are extracted, but "on Sunday" dates nothing. One line
        # for the batch, naming the first.
        some = undated[0] if len(undated) == 1 else f"{len(undated)} articles, e.g. {undated[0]}"
        click.echo(
            f"sitrep: warning: {some}: no publication date, so relative dates ('on Sunday', "
            "'yesterday') stay unresolved; give --published YYYY-MM-DD",
            err=True,
        )


#: Words that date an event only against the publication day.
_RELATIVE_DAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
    r"tonight|last (?:week|month|night))\b",
    re.I,
)


def _one_csv_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    "`acled-csv`, as `export --format` calls it, is the same ACLED CSV as `csv`."
    return "csv" if value == "acled-csv" else value


def _finite(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if value != value:  # NaN: FloatRange lets it through, since it compares false to both ends
        raise click.BadParameter("give a number of seconds, e.g. 30")
    return value


def _fetch_options(command: Any) -> Any:
    """The options of every command that may fetch URLs (extract, ingest, watch): the
    deadline of one fetch and the opt-in to private addresses; `_policy` makes them one."""
    from sitrep.read.net import DEADLINE, MAX_DEADLINE

    command = click.option(
        "--allow-private",
        is_flag=True,
        help="Fetch links found in feeds, and redirects, even when they lead to loopback, "
        "link-local or private addresses (refused by default). A URL given as an input is "
        "always fetched.",
    )(command)
    return click.option(
        "--fetch-deadline",
        type=click.FloatRange(min=0, min_open=True, max=MAX_DEADLINE),
        callback=_finite,
        default=DEADLINE,
        show_default=True,
        metavar="SECONDS",
        help="Most seconds one fetch (a feed or a page, with its redirects) may take in all.",
    )(command)


def _policy(allow_private: bool, fetch_deadline: float) -> FetchPolicy:
    from sitrep.read import FetchPolicy

    return FetchPolicy(deadline=fetch_deadline, allow_private=allow_private)


def _reading_options(command: Any) -> Any:
    "The options of every command that reads and extracts articles (extract, ingest)."
    command = _fetch_options(command)
    for option in reversed(
        [
            click.option(
                "--published",
                callback=_published,
                help="Publication date (YYYY-MM-DD) for articles without one.",
            ),
            click.option(
                "--outlet", help="Publisher for articles without one, e.g. 'Tasnim News Agency'."
            ),
            click.option(
                "--model",
                default="sm",
                show_default=True,
                help="spaCy pipeline: sm, md, or a package name.",
            ),
            click.option(
                "--processes",
                "-p",
                default=1,
                show_default=True,
                help="Worker processes for the NLP pipeline.",
            ),
            click.option(
                "--progress/--no-progress",
                default=None,
                help="Progress on stderr: a bar on a terminal; otherwise (a log, a pipe) plain "
                f"lines for {LINES_FROM} articles or more. --no-progress: none.",
            ),
        ]
    ):
        command = option(command)
    return command


def _raw_cells_option(command: Any) -> Any:
    "--raw-cells, for every command that writes CSV (extract, events, export)."
    return click.option(
        "--raw-cells",
        is_flag=True,
        help="In CSV, write text exactly as stored. By default a cell starting with =, +, -, "
        "@, tab or CR gets a leading ' so spreadsheets show it as text, never run it.",
    )(command)


def _include_incomplete_option(command: Any) -> Any:
    "--include-incomplete, for every command that writes ACLED CSV (extract, events, export)."
    return click.option(
        "--include-incomplete",
        is_flag=True,
        help="In ACLED CSV, keep events without a date, a country or coordinates. By default "
        "they are left out (and counted on stderr), so year, iso and time_precision stay "
        "integers and latitude has no gaps.",
    )(command)


def _say_left_out(count: int, kind: str = "events") -> None:
    "The stderr line for records ACLED CSV left out, with the option that keeps them."
    if count:
        click.echo(
            f"sitrep: left out {count} {kind} without a date, a country or coordinates from "
            "the ACLED CSV (its year, iso and time_precision columns are integers, and every "
            "row has a point); "
            "--include-incomplete keeps them",
            err=True,
        )


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "acled-csv", "table"]),
    default=None,
    callback=_one_csv_name,
    help="jsonl is the data contract; csv (or acled-csv, as `export` names it) has ACLED's "
    "columns; table is for people. Default: table on a terminal, jsonl otherwise.",
)
@_raw_cells_option
@_include_incomplete_option
@_reading_options
def extract(
    inputs: tuple[str, ...],
    fmt: str | None,
    raw_cells: bool,
    include_incomplete: bool,
    published: date | None,
    outlet: str | None,
    model: str,
    processes: int,
    progress: bool | None,
    allow_private: bool,
    fetch_deadline: float,
) -> None:
    """Extract every event from articles: files, folders, or - for standard input.

    Reads .txt, .html, .json and .jsonl. A bad file is reported on stderr and skipped; the
    exit status is then 1.

    Example: sitrep extract examples/ --format jsonl > events.jsonl
    """
    from sitrep.batch import extract_batches
    from sitrep.extract import load_kit

    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    errors = _Errors()
    with library_errors():
        kit = load_kit(model)
    policy = _policy(allow_private, fetch_deadline)
    articles = list(_articles(inputs, published, outlet, errors, policy))
    show = _show_progress(progress)
    results = extract_batches(articles, kit=kit, n_process=processes, on_error=errors.report)
    writer = _Writer(fmt, sys.stdout, raw_cells=raw_cells, include_incomplete=include_incomplete)
    with _progress(len(articles), show, "Extracting") as advance:
        for article, events in results:
            writer.write(article, events)
            advance()
    writer.close()
    _say_left_out(writer.left_out)
    if errors.count:
        click.echo(f"sitrep: {errors.count} input(s) skipped; see the lines above.", err=True)
        sys.exit(1)


class _Writer:
    def __init__(
        self, fmt: str, out: TextIO, *, raw_cells: bool = False, include_incomplete: bool = False
    ) -> None:
        self.fmt, self.out, self.raw_cells = fmt, out, raw_cells
        self.include_incomplete = include_incomplete
        self.rows: list[tuple[Article, Event]] = []
        self.header = True
        self.left_out = 0  # events ACLED CSV left out (undated or country-less)

    def write(self, article: Article, events: list[Event]) -> None:
        if self.fmt == "jsonl":
            for event in events:
                self.out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            self.out.flush()
        elif self.fmt == "csv":
            from sitrep.export.acled_csv import write_acled_csv

            written = write_acled_csv(
                events,
                self.out,
                header=self.header,
                raw_cells=self.raw_cells,
                include_incomplete=self.include_incomplete,
            )
            self.left_out += len(events) - written
            self.header = False
        else:
            self.rows.extend((article, e) for e in events)

    def close(self) -> None:
        if self.fmt == "table":
            _print_table(self.rows)


def _print_table(rows: list[tuple[Article, Event]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for column in ("article", "date", "type", "actor1", "actor2", "location", "deaths", "conf"):
        table.add_column(column, overflow="fold")
    for article, e in rows:
        a1, a2 = e.actor("actor1"), e.actor("actor2")
        deaths = (
            ""
            if e.fatalities is None
            else (
                str(e.fatalities.best)
                if e.fatalities.low == e.fatalities.high
                else f"{e.fatalities.best} ({e.fatalities.low}-{e.fatalities.high})"
            )
        )
        table.add_row(
            (article.title or article.id)[:28],
            str(e.event_date or ""),
            e.sub_event_type,
            a1.name if a1 else "",
            a2.name if a2 else "",
            e.location.name if e.location else "",
            deaths,
            f"{e.confidence:.2f}",
        )
    Console().print(table)
    if not rows:
        click.echo("No events found.", err=True)


def _show_progress(progress: bool | None) -> bool | str:
    """True: a bar; "lines": plain lines for long work when stderr is no terminal (a log, a
    CI job), so a long run is never silent; False: nothing (--no-progress)."""
    if progress is not None:
        return progress
    return True if sys.stderr.isatty() else "lines"


class _progress:
    "A rich progress bar on stderr, plain lines (not a terminal, long work), or nothing."

    def __init__(self, total: int, show: bool | str, label: str) -> None:
        self.total, self.label = total, label
        self.lines = show == "lines" and total >= LINES_FROM
        self.show = show is True and total > 1
        self.done = 0

    def _line(self) -> None:
        self.done += 1
        step = max(1, self.total // 10)
        if self.done % step == 0 or self.done == self.total:
            pct = 100 * self.done // self.total
            click.echo(f"sitrep: {self.label} {self.done}/{self.total} articles ({pct}%)", err=True)

    def __enter__(self) -> Any:
        if self.lines:
            return self._line
        if not self.show:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress(
            f"[bold]{self.label}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        task = self.bar.add_task(self.label, total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.show:
            self.bar.stop()


@cli.command()
@click.argument(
    "gold", nargs=-1, required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option(
    "--model", default="sm", show_default=True, help="spaCy pipeline: sm, md, or a package name."
)
@click.option(
    "--reconcile",
    "reconcile_gold",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score reconciliation instead: a gold TSV (article_id, incident) with its "
    "articles.jsonl beside it, or a single-gold JSON Lines file (such as FA-KES) whose "
    "coded place, day, cause and toll show which articles report one incident; repeat it "
    "to score several side by side. Prints pairwise precision, recall and F1.",
)
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write what went wrong, one JSON line per article: spurious, duplicate and "
    "missed events and field mismatches (multi-event gold), or the fields the first event "
    "got wrong (single gold). '-' writes to standard error.",
)
def evaluate(
    gold: tuple[Path, ...],
    as_json: bool,
    model: str,
    reconcile_gold: tuple[Path, ...],
    errors_path: Path | None,
) -> None:
    """Score Sitrep against gold files (contract rules), per file and per origin.

    A file whose lines carry `gold_events` (multi-event gold) is scored as events:
    precision, recall, F1 and duplicates, then every field on matched events, the claimant
    of the toll and the fatalities total ratio.

    Example: sitrep evaluate ../shared/eval/dev/acled_rpanlilio.jsonl --json

    Example: sitrep evaluate ../shared/eval/dev/news.jsonl --errors errors.jsonl

    Example: sitrep evaluate --reconcile tests/data/reconcile/gold.tsv
    --reconcile ../shared/eval/dev/fakes.jsonl
    """
    if bool(gold) == bool(reconcile_gold):
        raise click.UsageError("give GOLD files, or --reconcile FILE (not both)")
    if reconcile_gold:
        if errors_path is not None:
            raise click.UsageError("--errors goes with GOLD files, not with --reconcile")
        _evaluate_reconcile(reconcile_gold, as_json=as_json, model=model)
        return
    from sitrep.evaluate import evaluate as run_evaluation
    from sitrep.evaluate import gazetteer_knows
    from sitrep.extract import extract_many, load_kit

    with ExitStack() as stack:
        on_article = None
        if errors_path is not None:
            out = (
                click.get_text_stream("stderr")
                if str(errors_path) == "-"
                else stack.enter_context(errors_path.open("w", encoding="utf-8"))
            )

            def on_article(diagnostic: dict[str, Any]) -> None:
                out.write(json.dumps(diagnostic, ensure_ascii=False) + "\n")

        with library_errors():
            kit = load_kit(model)
            report = run_evaluation(
                list(gold),
                run=lambda arts: extract_many(arts, kit=kit),
                known_place=gazetteer_knows(kit.gazetteer),
                on_article=on_article,
            )
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    _print_evaluation(report)


def _print_evaluation(report: dict[str, Any]) -> None:
    "The evaluation report as one table: a column per file and origin, a row per figure."
    from rich.console import Console
    from rich.table import Table

    from sitrep.evaluate import FIELDS, MULTI_FIELDS

    sections = []
    for path, entry in report["files"].items():
        sections.append((Path(path).name, entry))
        for origin, sub in (entry.get("origins") or {}).items():
            sections.append((f"  {origin}", sub))
    table = Table(header_style="bold")
    table.add_column("field")
    for name, entry in sections:
        table.add_column(f"{name} (n={entry['items']})", justify="right")

    def row(name: str, cell: Callable[[dict[str, Any]], str | None]) -> None:
        cells = [cell(entry) or "-" for _, entry in sections]
        if any(c != "-" for c in cells):
            table.add_row(name, *cells)

    def event_figure(key: str, digits: bool) -> Callable[[dict[str, Any]], str | None]:
        def cell(entry: dict[str, Any]) -> str | None:
            value = (entry.get("events") or {}).get(key)
            return None if value is None else f"{value:.3f}" if digits else str(value)

        return cell

    # Multi-event files first say how the events matched, then score matched pairs.
    for key in ("precision", "recall", "f1"):
        row(f"event {key}", event_figure(key, True))
    for key in ("predicted", "gold_required", "matched", "duplicates", "spurious"):
        row(f"events {key.replace('_', ' ')}", event_figure(key, False))

    def field_score(name: str) -> Callable[[dict[str, Any]], str | None]:
        def cell(entry: dict[str, Any]) -> str | None:
            f = entry["fields"].get(name)
            return f"{f['score']:.3f} ({f['n']})" if f else None

        return cell

    def total_ratio(entry: dict[str, Any]) -> str | None:
        total = entry.get("fatalities_total")
        if total is None:
            return None
        ratio = "-" if total["ratio"] is None else f"{total['ratio']:.2f}"
        return f"{ratio} ({total['predicted']}/{total['gold']})"

    for name in dict.fromkeys((*FIELDS, *MULTI_FIELDS)):
        row(name, field_score(name))
    row("fatalities total ratio", total_ratio)
    table.add_row("no event", *[str(e["no_event"]) for _, e in sections])
    Console().print(table)


def _evaluate_reconcile(paths: tuple[Path, ...], *, as_json: bool, model: str) -> None:
    """Extract, reconcile and print pairwise scores for reconciliation sets, a column each;
    then the pairs each set split or merged against its gold."""
    from rich.console import Console
    from rich.table import Table

    from sitrep.evaluate import score_reconciliation
    from sitrep.extract import extract_many, load_kit

    with library_errors():
        kit = load_kit(model)
        reports = {
            str(path): score_reconciliation(path, run=lambda arts: extract_many(arts, kit=kit))
            for path in paths
        }
    if as_json:
        click.echo(json.dumps({"files": reports}, indent=2))
        return
    table = Table(header_style="bold", title="reconciliation (pairwise)")
    table.add_column("")
    for path, report in reports.items():
        table.add_column(f"{Path(path).name} ({report['labels']})", justify="right")
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("articles", lambda r: str(r["articles"])),
        ("events", lambda r: str(r["events"])),
        ("gold incidents", lambda r: str(r["gold_incidents"])),
        ("predicted incidents", lambda r: str(r["predicted_incidents"])),
        ("gold pairs", lambda r: str(r["pairs"]["gold"])),
        ("predicted pairs", lambda r: str(r["pairs"]["predicted"])),
        ("correct pairs", lambda r: str(r["pairs"]["correct"])),
        ("precision", lambda r: f"{r['precision']:.3f}"),
        ("recall", lambda r: f"{r['recall']:.3f}"),
        ("F1", lambda r: f"{r['f1']:.3f}"),
    ]
    for name, cell in rows:
        table.add_row(name, *[cell(r) for r in reports.values()])
    Console().print(table)
    for path, report in reports.items():
        for kind in ("split", "merged"):
            for a, b in report[kind]:
                click.echo(f"  {Path(path).name} {kind}: {a} {b}")


@cli.command()
@click.option(
    "--articles", default=300, show_default=True, help="Generated articles in the corpus."
)
@click.option("--words", default=500, show_default=True, help="Words per generated article.")
@click.option(
    "--repeats", default=3, show_default=True, help="Runs per measurement; medians are reported."
)
@click.option(
    "--processes",
    default="1,2",
    show_default=True,
    help="Process counts to measure, comma-separated.",
)
@click.option(
    "--model", default="sm", show_default=True, help="spaCy pipeline: sm, md, or a package name."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--store",
    is_flag=True,
    help="Measure the store instead: ingest articles/s and `events` query p50/p95, "
    "SQLite and PostgreSQL.",
)
@click.option(
    "--db-url",
    metavar="URL",
    help="With --store: an empty PostgreSQL database [default: $SITREP_BENCH_PG, else a "
    "throwaway server].",
)
@click.option(
    "--store-articles", default=2000, show_default=True, help="With --store: articles timed."
)
@click.option(
    "--events", default=100_000, show_default=True, help="With --store: events stored to query."
)
@click.option(
    "--dask",
    "dask_bench",
    is_flag=True,
    help="Measure extraction on a local Dask cluster instead: throughput with --dask-workers "
    "workers as a ratio, per-worker memory, and the cluster 250,000 articles a day need.",
)
@click.option(
    "--dask-workers",
    default="1,2",
    show_default=True,
    help="With --dask: worker counts to measure, comma-separated.",
)
@click.option(
    "--serve",
    is_flag=True,
    help="Measure the HTTP API instead: requests/s and p50/p95/p99 of /api/events with "
    "filters over --events stored events, under --connections for --seconds.",
)
@click.option("--seconds", default=30.0, show_default=True, help="With --serve: load duration.")
@click.option(
    "--connections", default=50, show_default=True, help="With --serve: concurrent connections."
)
@click.option("--workers", default=2, show_default=True, help="With --serve: server processes.")
@click.option(
    "--serve-db",
    metavar="PATH",
    help="With --serve: a SQLite store to serve (seeded with --events if empty) "
    "[default: a temporary one].",
)
@click.option(
    "--rebuild-gazetteer",
    is_flag=True,
    help="Time a fresh gazetteer index build in a temporary folder (about a minute) "
    "instead of reporting the build time the index in use recorded.",
)
def bench(
    articles: int,
    words: int,
    repeats: int,
    processes: str,
    model: str,
    as_json: bool,
    store: bool,
    db_url: str | None,
    store_articles: int,
    events: int,
    dask_bench: bool,
    dask_workers: str,
    serve: bool,
    seconds: float,
    connections: int,
    workers: int,
    serve_db: str | None,
    rebuild_gazetteer: bool,
) -> None:
    """Measure extraction throughput against the bare spaCy pipeline, and peak memory.

    Also prints the gazetteer index build time (budget: under 60 s) and geocoding's share
    of extraction time (budget: under 10%).

    With --store, measure the store: generated articles ingested per second into SQLite and
    PostgreSQL, and the p50/p95 latency of typical `sitrep events` queries over --events
    stored events.

    Example: sitrep bench --articles 300 --json

    Example: sitrep bench --store --events 100000

    With --serve, measure the HTTP API: `sitrep serve` over --events stored events, loaded
    with wrk (or an asyncio client) at --connections on loopback for --seconds.

    Example: sitrep bench --serve --events 100000 --seconds 30 --connections 50

    With --dask, measure extraction on a local Dask cluster of 1 and 2 workers (needs
    pip install 'sitrep[dask]'), and project the cluster 250,000 articles a day need.

    Example: sitrep bench --dask --articles 300
    """
    if dask_bench:
        _bench_dask(articles, words, repeats, dask_workers, model, as_json)
        return
    if serve:
        _bench_serve(events, seconds, connections, workers, serve_db, as_json)
        return
    if store:
        _bench_store(db_url, store_articles, events, as_json)
        return
    from sitrep.bench import run_bench

    counts = tuple(int(p) for p in processes.split(",") if p.strip())
    result = run_bench(
        articles=articles,
        words=words,
        repeats=repeats,
        processes=counts,
        model=model,
        rebuild_gazetteer=rebuild_gazetteer,
    )
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(
        f"corpus: {result['articles']} generated articles, {result['words']} words; "
        f"model {result['model']}; medians of {result['repeats']} runs"
    )
    for row in result["processes"]:
        click.echo(
            f"processes={row['processes']}: extract {row['extract_articles_per_s']} articles/s "
            f"({row['extract_words_per_s']} words/s); bare spaCy {row['nlp_articles_per_s']} "
            f"articles/s ({row['nlp_words_per_s']} words/s); ratio {row['ratio']}"
        )
    click.echo(
        f"geocoding: {result['geocode_s']} s of one-process extraction "
        f"({result['geocode_share']:.1%})"
    )
    click.echo(
        f"gazetteer index build: {result['gazetteer_build_s']} s "
        f"({result['gazetteer_build_cpu_s']} s CPU; "
        + ("timed now" if result["gazetteer_rebuilt"] else f"built {result['gazetteer_built_at']}")
        + ")"
    )
    click.echo(f"peak RSS: {result['peak_rss_mb']} MB")


def _bench_dask(
    articles: int, words: int, repeats: int, workers: str, model: str, as_json: bool
) -> None:
    from sitrep.batch import require_dask
    from sitrep.bench import run_dask_bench

    with library_errors():
        require_dask()
    counts = tuple(int(w) for w in workers.split(",") if w.strip())
    r = run_dask_bench(articles=articles, words=words, repeats=repeats, workers=counts, model=model)
    if as_json:
        click.echo(json.dumps(r, indent=2))
        return
    click.echo(
        f"corpus: {r['articles']} generated articles of {r['words_per_article']} words; "
        f"medians of {r['repeats']} runs; {r['cpu_count']} CPUs, load {r['load_average_1m']}"
    )
    for row in r["workers"]:
        click.echo(
            f"workers={row['workers']}: {row['articles_per_s']} articles/s; worker RSS "
            f"{row['worker_rss_mb']} MB (peak {row['worker_peak_rss_mb']} MB)"
        )
    if "ratio" in r:
        click.echo(f"scaling: {r['ratio']}x from 1 to {r['workers'][-1]['workers']} workers")
    p = r["projection"]
    click.echo(
        f"cost: {r['per_article_worker_s']} worker-seconds per article; one worker handles "
        f"{p['articles_per_day_per_worker']} articles a day"
    )
    click.echo(
        f"{p['articles_per_day']} articles a day: {p['worker_cores_average']} worker cores on "
        f"average, {p['workers_at_peak']} workers for a {p['peak_factor']}x peak hour "
        f"(about {p['worker_memory_mb_at_peak']} MB of worker memory); from CPU time alone "
        f"({r['per_article_worker_cpu_s']} s per article): {p['worker_cores_average_cpu']} "
        f"cores on average, {p['workers_at_peak_cpu']} workers at peak"
    )


def _bench_store(db_url: str | None, articles: int, events: int, as_json: bool) -> None:
    from sitrep.bench import run_store_bench

    with library_errors():
        result = run_store_bench(articles=articles, events=events, pg_url=db_url)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    for name, r in result["backends"].items():
        line = f"{name}: ingest {r['ingest']['articles_per_s']} articles/s"
        line += f" ({r['ingest']['events_per_s']} events/s) into an empty store"
        if "ingest_reconciled" in r:
            rec = r["ingest_reconciled"]
            line += f"; {rec['articles_per_s']} articles/s with reconciliation into the full store"
        click.echo(line)
        click.echo(
            f"  {r['stored']['events']} events stored; events queries p50 {r['query_p50_ms']} ms,"
            f" p95 {r['query_p95_ms']} ms"
        )
        for q in r["queries"]:
            click.echo(
                f"    {q['query']:<28} {q['rows']:>6} rows  p50 {q['p50_ms']:>7} ms"
                f"  p95 {q['p95_ms']:>7} ms"
            )


def _bench_serve(
    events: int, seconds: float, connections: int, workers: int, db: str | None, as_json: bool
) -> None:
    from sitrep.bench import run_serve_bench

    with library_errors():
        r = run_serve_bench(
            events=events, seconds=seconds, connections=connections, workers=workers, db=db
        )
    if as_json:
        click.echo(json.dumps(r, indent=2))
        return
    seeded = f", seeded in {r['seed_s']} s" if r["seeded"] else ""
    click.echo(
        f"/api/events with filters over {r['events']} events{seeded}; {r['workers']} workers, "
        f"{r['connections']} connections, {r['duration_s']} s, client {r['client']}"
    )
    click.echo(
        f"  {r['requests']} requests, {r['requests_per_s']} requests/s; latency p50 "
        f"{r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms; errors {r['errors']}"
    )
    if "server_cpu_ms_per_request" in r:
        click.echo(
            f"  server CPU {r['server_cpu_ms_per_request']} ms per request; "
            f"load average {r['load_average_1m']} on {r['cpu_count']} CPUs"
        )
    verdict = "met" if r["p95_met"] else "missed"
    click.echo(f"  target p95 < {r['p95_target_ms']} ms with no errors: {verdict}")


@contextmanager
def _existing_store(
    db: str | None, *, read_only: bool = False, check: bool | None = None
) -> Iterator[Any]:
    """The store at `db` (migrated forward, never created), with library errors turned into
    one-line CLI errors, so each command that reads a store says its failures alike.
    `read_only` for commands that only read: a store they cannot write opens all the same;
    `check` as open_store has it (commands that read every event meet damage as they go)."""
    from sitrep.store import open_store

    with library_errors(), open_store(db, create=False, read_only=read_only, check=check) as store:
        yield store


_DB_HELP = (
    "Store: a SQLite file or a postgresql://user@host/db URL. "
    "[default: $SITREP_DB, else ./sitrep.db]"
)


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Read and extract on Dask workers: a scheduler (tcp://host:8786) or local:N for a "
    "local cluster of N workers. Needs pip install 'sitrep[dask]'.",
)
@_reading_options
def ingest(
    inputs: tuple[str, ...],
    db: str | None,
    dask_address: str | None,
    published: date | None,
    outlet: str | None,
    model: str,
    processes: int,
    progress: bool | None,
    allow_private: bool,
    fetch_deadline: float,
) -> None:
    """Extract events from articles and store them, each article in its own transaction.

    The same article again (same id or URL, same text) is not stored twice; changed text is
    stored as a new version. An interrupted ingest can simply be run again. Bad input is
    reported on stderr and skipped; the exit status is then 1.

    With --dask, files are read and extracted on the workers of a Dask cluster (each loads
    the NLP pipeline once) and stored here, by one writer that waits out a database outage.
    Workers must see the input paths. See docs/scale.md.

    Example: sitrep ingest --db sitrep.db examples/

    Example: sitrep ingest --db postgresql://sitrep@db/sitrep --dask tcp://scheduler:8786 news/
    """
    from sitrep.batch import extract_batches
    from sitrep.extract import load_kit
    from sitrep.ingest import ingest as run_ingest
    from sitrep.store import open_store

    errors = _Errors()
    missing = [
        i
        for i in inputs
        if i != "-" and "://" not in i and not Path(i).exists() and not Path(i).is_symlink()
    ]
    # With --dask the workers read the inputs, and may see paths this machine does not.
    if inputs and len(missing) == len(inputs) and not dask_address:
        # Nothing to read: say so, and leave no empty store behind.
        for name in missing:
            click.echo(
                f"sitrep: skipped {printable(name)}: does not exist; check the path", err=True
            )
        raise SystemExit(1)
    if dask_address:
        from sitrep.batch import require_dask

        with library_errors():
            require_dask()
    with library_errors():
        store = open_store(db)
    if dask_address:
        with store:
            summary = _ingest_dask(store, inputs, dask_address, model, published, outlet, errors)
        _ingest_report(store.url, summary, errors)
        return
    with store:
        policy = _policy(allow_private, fetch_deadline)
        articles = list(_articles(inputs, published, outlet, errors, policy))

        def extractor(items: Any, on_error: Any) -> Any:
            # The NLP pipeline loads only once an article needs it: a rerun over stored
            # articles never pays for it.
            pending = iter(items)
            first = next(pending, None)
            if first is None:
                return
            kit = load_kit(model)
            yield from extract_batches(
                itertools.chain([first], pending), kit=kit, n_process=processes, on_error=on_error
            )

        show = _show_progress(progress)
        with library_errors(), _progress(len(articles), show, "Ingesting") as advance:
            summary = run_ingest(
                articles,
                store=store,
                extract=extractor,
                on_error=errors.report,
                on_article=advance,
                on_warning=lambda message: click.echo(f"sitrep: warning: {message}", err=True),
            )
    _ingest_report(store.url, summary, errors)


def _ingest_dask(
    store: Any,
    inputs: tuple[str, ...],
    address: str,
    model: str,
    published: date | None,
    outlet: str | None,
    errors: _Errors,
) -> Any:
    from sitrep.batch import ReadOptions, close_client, dask_client, ingest_dask

    def outage(message: str) -> None:
        click.echo(f"sitrep: {message}", err=True)

    try:
        client = dask_client(address, model=model)
    except (OSError, TimeoutError, ValueError) as err:
        raise click.ClickException(f"cannot reach the Dask scheduler {address}: {err}") from err
    try:
        with library_errors():
            return ingest_dask(
                list(inputs) or ["-"],
                store=store,
                client=client,
                model=model,
                options=ReadOptions(published=published, outlet=outlet),
                on_error=errors.report,
                on_outage=outage,
            )
    finally:
        close_client(client)


def _ingest_report(url: str, summary: Any, errors: _Errors) -> None:
    skipped = errors.count
    click.echo(
        f"{url}: {summary.new} new, {summary.unchanged} unchanged, "
        f"{summary.versions} new versions, {skipped} skipped; {summary.events} events stored"
    )
    if summary.stopped is not None:
        raise click.ClickException(f"stopped: {summary.stopped}")
    if skipped:
        click.echo(f"sitrep: {skipped} input(s) skipped; see the lines above.", err=True)
        sys.exit(1)


def _bbox(ctx: click.Context, param: click.Parameter, value: str | None) -> BBox | None:
    "A callback reading --bbox (`sitrep.filters.parse_bbox`, as the API reads ?bbox=)."
    if value is None:
        return None
    with library_errors():
        return parse_bbox(value)


def _day(*, end: bool) -> Callable[[click.Context, click.Parameter, str | None], date | None]:
    "A callback reading a date, a month or a bare year: its first day, or with `end` its last."

    def parse(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
        if value is None:
            return None
        with library_errors():
            return parse_day(value, end=end, field=str(param.name))

    return parse


def _filter_option(f: FilterField) -> Any:
    "The option of filter `f` (`sitrep.filters.FILTER_FIELDS`); its name is the `Filters` field."
    options: dict[str, Any] = {"help": f.help, "metavar": f.metavar}
    if f.kind == "day":
        options["callback"] = _day(end=f.end)
    elif f.kind == "bbox":
        options["callback"] = _bbox
    elif f.kind == "choice":
        options["type"] = click.Choice(f.choices)
    elif f.kind == "int":
        options["type"] = int if f.bounds is None else click.IntRange(*f.bounds)
    elif f.kind == "float":
        options["type"] = float if f.bounds is None else click.FloatRange(*f.bounds)
    return click.option(f.flag, f.name, **options)


#: The filters of every command that selects events (events, export, stats), declared once
#: in `sitrep.filters.FILTER_FIELDS`; each option's name is the `Filters` field it fills, so a
#: command passes them on as they are.
_FILTER_OPTIONS = [_filter_option(f) for f in FILTER_FIELDS if f.cli]


def _filter_options(command: Any) -> Any:
    "The filter options (`_FILTER_OPTIONS`) of a command that selects events."
    for option in reversed(_FILTER_OPTIONS):
        command = option(command)
    return command


def _filters(given: dict[str, Any]) -> Any:
    "The Filters of a command's filter options, names resolved (`sitrep.filters`)."
    from sitrep.store.query import Filters

    with library_errors():
        return Filters(**given)


@cli.command()
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@_filter_options
@click.option("--incidents", is_flag=True, help="List incidents (reconciled across reports).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv", "acled-csv", "table"]),
    default=None,
    callback=_one_csv_name,
    help="json is one array, jsonl the contract's records, csv (or acled-csv, as `export` "
    "names it) ACLED's columns. Default: table on a terminal, jsonl otherwise.",
)
@_raw_cells_option
@_include_incomplete_option
def events(
    db: str | None,
    incidents: bool,
    fmt: str | None,
    raw_cells: bool,
    include_incomplete: bool,
    **given: Any,
) -> None:
    """Query stored events (latest version of each article), oldest first.

    A country, actor, region or type nobody knows is a usage error naming the closest ones.

    Example: sitrep events --country Syria --year 2016 --actor ISIS --format csv
    """
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    filters = _filters(given)
    with _existing_store(db, read_only=True) as store:
        records = store.select(filters, incidents=incidents)
        if fmt == "csv":  # ACLED CSV is the export format, with its options
            from sitrep.export import export

            result = export(
                records,
                "acled-csv",
                stream=sys.stdout,
                raw_cells=raw_cells,
                include_incomplete=include_incomplete,
                changed=partial(store.last_changed, incidents=incidents),
            )
            _say_left_out(result.left_out, "incidents" if incidents else "events")
        else:
            _write_records(records, fmt, sys.stdout)


def _write_records(records: Any, fmt: str, out: TextIO) -> None:
    "Events or incidents to `out` as json, jsonl or a table."
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "json":
        out.write("[")
        for i, record in enumerate(records):
            out.write(("," if i else "") + "\n" + json.dumps(record.to_dict(), ensure_ascii=False))
        out.write("\n]\n")
    else:
        _print_records(list(records))


def _print_records(records: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    incidents = bool(records) and hasattr(records[0], "incident_id")
    table = Table(header_style="bold")
    last = "reports" if incidents else "article"
    for column in ("date", "type", "actor1", "actor2", "location", "deaths", last):
        table.add_column(column, overflow="fold")
    for r in records:
        a1 = next((a.name for a in r.actors if a.role == "actor1"), "")
        a2 = next((a.name for a in r.actors if a.role == "actor2"), "")
        f = r.fatalities
        deaths = (
            "" if f is None else str(f.best) if f.low == f.high else f"{f.best} ({f.low}-{f.high})"
        )
        table.add_row(
            str(r.event_date or ""),
            r.sub_event_type,
            a1,
            a2,
            r.location.name if r.location else "",
            deaths,
            str(len(r.articles)) if incidents else r.article_id,
        )
    Console().print(table)
    if not records:
        click.echo("Nothing matches.", err=True)


def _export_formats() -> list[str]:
    from sitrep.export import exporters

    return list(exporters())


@cli.command("export")
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_export_formats()),
    required=True,
    help="acled-csv: ACLED's columns; geojson: points for QGIS; parquet: typed columns; "
    "jsonl: the contract's records; geoparquet: parquet with a WKB point geometry "
    "(GeoParquet 1.1).",
)
@click.option("--incidents", is_flag=True, help="Export incidents (reconciled across reports).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output).",
)
@_filter_options
@_raw_cells_option
@_include_incomplete_option
def export_command(
    db: str | None,
    fmt: str,
    incidents: bool,
    output: Path | None,
    raw_cells: bool,
    include_incomplete: bool,
    **given: Any,
) -> None:
    """Export stored events or incidents as ACLED CSV, GeoJSON, Parquet, JSON Lines or
    GeoParquet.

    The GeoNames credit its licence asks for travels with the file: inside GeoJSON, Parquet
    and GeoParquet, in FILE.attribution.txt beside ACLED CSV and JSON Lines. ACLED CSV
    leaves out events without a date, a country or coordinates unless --include-incomplete,
    and says how many. GeoParquet keeps events without coordinates, with a null geometry.

    Example: sitrep export --format geojson -o events.geojson --country SYR

    Example: sitrep export --format geoparquet -o events.parquet --since 2024

    Example: sitrep export --format acled-csv --region 'Middle East' --since 2016
    """
    from sitrep.attribution import GEONAMES_CREDIT
    from sitrep.export import export, get_exporter

    exporter = get_exporter(fmt)
    if output is None and exporter.binary and sys.stdout.isatty():
        raise click.UsageError(f"{fmt} is a binary format; write it to a file with -o FILE")
    kind = "incidents" if incidents else "events"
    filters = _filters(given)
    with _existing_store(db, read_only=True) as store:
        records = store.select(filters, incidents=incidents)
        options: dict[str, Any] = {
            "raw_cells": raw_cells,
            "include_incomplete": include_incomplete,
            "changed": partial(store.last_changed, incidents=incidents),
        }
        if output is None:
            stream = sys.stdout.buffer if exporter.binary else sys.stdout
            result = export(records, fmt, stream=stream, **options)
            stream.flush()
        else:
            result = export(records, fmt, path=output, protected=store.files(), **options)
    _say_left_out(result.left_out, kind)
    if result.path is not None:
        also = f" (attribution in {result.sidecar})" if result.sidecar else ""
        click.echo(f"sitrep: wrote {result.count} {kind} to {result.path}{also}", err=True)
    elif not exporter.embeds_attribution:
        click.echo(
            f"sitrep: places and coordinates are GeoNames data (CC BY 4.0); credit "
            f"'{GEONAMES_CREDIT}' where you publish them",
            err=True,
        )


@cli.command("stats")
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@click.option(
    "--by",
    type=click.Choice(STATS_SECTIONS),
    default=None,
    help="One grouping: week (Monday's date), type (event type), actor (actor1 and actor2: "
    "an event counts under each) or admin1. [default: all four]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table is for people (one per grouping); csv is one row per group with a 'by' "
    "column; json is one object with the total and the sections.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    help="Keep the N largest groups of type, actor and admin1 (weeks are never cut). "
    "[default: 20 in a table, all in csv and json]",
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.png",
    help="Also draw a chart of the same figures to FILE (.png or .svg), one panel per grouping.",
)
@_filter_options
def stats_command(
    db: str | None,
    by: str | None,
    fmt: str,
    top: int | None,
    plot_path: Path | None,
    **given: Any,
) -> None:
    """Count stored events and fatalities by week, event type, actor and admin1.

    Fatalities are summed three ways: best (each event's best figure), low and high (the
    ends of each toll's range). The events are those `sitrep events` lists with the same
    filters (rejected ones left out unless --review says otherwise); events without a date
    or an admin1 are counted in a row of their own, so each section adds up to the total,
    except the actor section, where an event counts under both its actor1 and its actor2.
    --limit N counts only the first N events, oldest first, as `sitrep events --limit N`
    lists them.

    Example: sitrep stats --country Syria --year 2016

    Example: sitrep stats --by week --format csv --since 2024-01 > weekly.csv

    Example: sitrep stats --by actor --top 10 --plot actors.png
    """
    from sitrep.stats import plot as draw
    from sitrep.stats import summarize, write_csv, write_json

    if top is None and fmt == "table":
        top = TABLE_TOP
    filters = _filters(given)
    # The store's errors (a filter value nobody knows, a chart that cannot be written)
    # become one-line CLI errors in _existing_store, as for `events` and `export`.
    with _existing_store(db, read_only=True) as store:
        summary = summarize(store, filters, by=(by,) if by else STATS_SECTIONS, top=top)
        if plot_path is not None:
            draw(summary, plot_path, protected=store.files())
    if fmt == "csv":
        write_csv(summary, sys.stdout)
    elif fmt == "json":
        write_json(summary, sys.stdout)
    else:
        _print_stats(summary)
    if plot_path is not None:
        click.echo(f"sitrep: wrote the chart to {plot_path}", err=True)


#: Groups a stats table shows of type, actor and admin1 unless --top says otherwise.
TABLE_TOP = 20


def _print_stats(summary: Any) -> None:
    "The summary as one rich table per grouping, narrow enough for an 80-column terminal."
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from sitrep.stats import TITLES, label

    console = Console()
    t = summary.total
    console.print(
        f"[bold]{t.events}[/bold] events; fatalities [bold]{t.fatalities_best}[/bold] "
        f"(low {t.fatalities_low}, high {t.fatalities_high})"
    )
    for section in summary.sections:
        title, heading = TITLES[section.by]
        table = Table(title=title, title_justify="left", header_style="bold")
        table.add_column(heading, overflow="fold", max_width=40)
        for column in ("events", "fatalities", "low", "high"):
            table.add_column(column, justify="right")
        for b in section.buckets:
            table.add_row(
                Text(printable(label(section, b))),
                str(b.events),
                str(b.fatalities_best),
                str(b.fatalities_low),
                str(b.fatalities_high),
            )
        console.print(table)
        if section.hidden:
            everything = len(section.buckets) + section.hidden
            console.print(f"... and {section.hidden} more; --top {everything} shows all")
    if not t.events:
        click.echo("Nothing matches.", err=True)


@cli.command("actors")
@click.argument("search", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "table"]),
    default=None,
    help="table is for people; json is one array, jsonl one object per line. "
    "Default: table on a terminal, jsonl otherwise.",
)
def actors_command(search: str | None, fmt: str | None) -> None:
    """List canonical actor names with their aliases; SEARCH keeps those whose name or an
    alias contains it (any case), the ones it names exactly first.

    `--actor` of `events` and `export` takes any of these names or aliases: an alias stands
    for every name it is an alias of, and an Islamic State alias for every Islamic State
    name, since extraction names the branch after the report's country.

    Example: sitrep actors ISIS
    """
    from sitrep.filters import search_actors, unknown

    found = search_actors(search)
    if not found:
        err = unknown("actor", search or "")
        raise click.ClickException(
            f"no actor name or alias contains {search!r}"
            + (f"; closest: {', '.join(err.suggestions)}" if err.suggestions else "")
        )
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "jsonl":
        for actor in found:
            click.echo(json.dumps(actor.to_dict(), ensure_ascii=False))
    elif fmt == "json":
        click.echo(json.dumps([a.to_dict() for a in found], ensure_ascii=False, indent=2))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(header_style="bold")
        for column in ("name", "kind", "country", "aliases"):
            table.add_column(column, overflow="fold")
        for actor in found:
            table.add_row(actor.name, actor.kind, actor.country or "", ", ".join(actor.aliases))
        Console().print(table)


@cli.command("watch")
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@click.option(
    "--every", default="10m", show_default=True, help="Time between rounds: 90s, 10m, 1h..."
)
@click.option(
    "--rounds",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after N rounds (default: until Ctrl-C).",
)
@click.option(
    "--fetch-pages/--no-fetch-pages",
    default=None,
    help="Read the linked page of a feed item that carries only a teaser. "
    "[default: for feeds read from a URL]",
)
@click.option(
    "--model", default="sm", show_default=True, help="spaCy pipeline: sm, md, or a package name."
)
@_fetch_options
def watch_command(
    sources: tuple[str, ...],
    db: str | None,
    every: str,
    rounds: int | None,
    fetch_pages: bool | None,
    model: str,
    allow_private: bool,
    fetch_deadline: float,
) -> None:
    """Poll feeds and pages (URLs or files) and ingest only the items not stored yet.

    One summary line per round on stdout. A source that is down or malformed is a warning
    on stderr and is read again next round. Sources are read side by side, each fetch
    ends within --fetch-deadline and a source may take --every per round, so a stuck
    source delays no other. Only http(s) is
    fetched, and a link found in a feed that leads to a private address only with
    --allow-private; a refused link is a warning for its item, and the rest go on. Ctrl-C
    stops cleanly between two articles.

    Example: sitrep watch https://example.org/feed.rss --every 10m --db sitrep.db
    """
    from sitrep.extract import extract, load_kit
    from sitrep.store import open_store
    from sitrep.watch import parse_interval
    from sitrep.watch import watch as run_watch

    try:
        interval = parse_interval(every)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--every") from err
    with library_errors():
        kit = load_kit(model)
        store = open_store(db)
    done = 0
    with store:
        try:
            for result in run_watch(
                list(sources),
                store=store,
                extract=lambda article: extract(article, kit=kit),
                every=interval,
                rounds=rounds,
                fetch_pages=fetch_pages,
                policy=_policy(allow_private, fetch_deadline),
                on_error=lambda err: click.echo(f"sitrep: warning: {err}", err=True),
            ):
                done = result.number
                click.echo(f"{datetime.now():%Y-%m-%d %H:%M:%S} {result.summary()}")
        except KeyboardInterrupt:
            click.echo(f"sitrep: stopped after {done} round(s); {store.url} is intact", err=True)


@cli.command("serve")
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--public/--private",
    "public",
    default=None,
    help="Read endpoints without a token (writes always need one). "
    "[default: public on 127.0.0.1, private on any other address]",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Allow browser calls from this origin (repeatable). Default: CORS off.",
)
@click.option(
    "--tile-url", help="Map tile URL template for the page, e.g. https://.../{z}/{x}/{y}.png"
)
@click.option("--tile-attribution", help="Credit line the tile provider asks for.")
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes."
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Requests each process works on at once.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A host name (or address) clients reach the server by (repeatable; '*' for any). "
    "Requests with another Host header get a 400, which stops DNS rebinding. "
    "[default: localhost, 127.0.0.1, ::1 and --host when --host is loopback; "
    "required otherwise]",
)
@click.option(
    "--read-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Time a client has to send a whole request, from connecting or from the previous "
    "response; a stalled or trickling client is then disconnected.",
)
@click.option(
    "--keep-alive-timeout",
    default=5.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="An idle connection is closed after this long.",
)
@click.option(
    "--max-connections",
    default=1000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Open connections per process; at the cap, the one waiting longest for a request "
    "is closed to make room (503 if all are busy).",
)
@click.option("--access-log/--no-access-log", default=True, show_default=True)
def serve_command(
    db: str | None,
    host: str,
    port: int,
    public: bool | None,
    cors_origins: tuple[str, ...],
    tile_url: str | None,
    tile_attribution: str | None,
    workers: int,
    threads: int,
    allowed_hosts: tuple[str, ...],
    read_timeout: float,
    keep_alive_timeout: float,
    max_connections: int,
    access_log: bool,
) -> None:
    """Serve the API and the page (one ASGI app, uvicorn); OpenAPI at /openapi.json.

    Example: sitrep serve --db sitrep.db --port 8000

    Example: sitrep serve --host 0.0.0.0 --allowed-host sitrep.example.org --private
    """
    from sitrep.api import ApiSettings
    from sitrep.api.app import LOOPBACK_HOSTS, is_loopback, serve

    loopback = is_loopback(host)
    if not allowed_hosts:
        if not loopback:
            raise click.UsageError(
                f"--host {host} is not a loopback address: name the host names clients will "
                "use with --allowed-host NAME (repeatable), or --allowed-host '*' to answer any"
            )
        allowed_hosts = tuple(dict.fromkeys((*LOOPBACK_HOSTS, host.strip("[]").lower())))
    settings = ApiSettings(
        public_read=loopback if public is None else public,
        cors_origins=cors_origins,
        tile_url=tile_url,
        tile_attribution=tile_attribution,
        threads=threads,
        allowed_hosts=allowed_hosts,
        read_timeout=read_timeout,
        keep_alive_timeout=keep_alive_timeout,
        max_connections=max_connections,
    )
    with _existing_store(db) as store:  # migrate once, before the workers start
        url = store.url
    reads = "public" if settings.public_read else "token required"
    click.echo(f"sitrep: serving {url} on http://{host}:{port}/ (reads {reads})", err=True)
    serve(db, settings=settings, host=host, port=port, workers=workers, access_log=access_log)


@cli.group("token")
def token_group() -> None:
    """Write tokens for reviewers: create (shown once), list, revoke.

    Example: sitrep token create alice --db sitrep.db
    """


@token_group.command("create")
@click.argument("name")
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
def token_create(name: str, db: str | None) -> None:
    """Create a write token for reviewer NAME and print it, once; only its hash is kept.

    Example: sitrep token create alice --db sitrep.db
    """
    with _existing_store(db) as store:
        token = store.create_token(name)
    click.echo(token)
    click.echo(
        f"sitrep: token for {name!r}; it is shown only this once. "
        "Send it as 'Authorization: Bearer <token>'.",
        err=True,
    )


@token_group.command("list")
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
def token_list(db: str | None) -> None:
    """List tokens by name, with when they were created and revoked (never the tokens).

    Example: sitrep token list --db sitrep.db
    """
    with _existing_store(db, read_only=True, check=True) as store:
        for t in store.tokens():
            state = f"revoked {t['revoked_at']}" if t["revoked_at"] else "live"
            click.echo(f"{t['name']}\tcreated {t['created_at']}\t{state}")


@token_group.command("revoke")
@click.argument("name")
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
def token_revoke(name: str, db: str | None) -> None:
    """Revoke reviewer NAME's token; its corrections stay in the history.

    Example: sitrep token revoke alice --db sitrep.db
    """
    with _existing_store(db) as store:
        done = store.revoke_token(name)
    if not done:
        raise click.ClickException(f"no live token named {name!r}; see `sitrep token list`")
    click.echo(f"sitrep: revoked the token of {name!r}", err=True)


@cli.group("review")
def review_group() -> None:
    """Review events from a terminal: confirm, reject or correct them, and read their history.

    The same write tokens as the page's review form (`sitrep token create NAME`), and the
    same history: an action here is recorded, and shown on the page and by the API, exactly
    as the page's would be, under the token holder's name. Give the token in $SITREP_TOKEN
    (a command line is visible to other users of the machine) or with --token.

    Example: sitrep review confirm EVENT_ID --why "Matches the wire report"
    """


def _review_options(command: Any) -> Any:
    "The options of every review command that writes: the store, the token and the reason."
    command = click.option(
        "--why",
        required=True,
        help="Why: the history keeps it beside your name (required, like on the page).",
    )(command)
    command = click.option(
        "--token",
        envvar="SITREP_TOKEN",
        metavar="TOKEN",
        help="Your write token from `sitrep token create NAME`. [default: $SITREP_TOKEN; "
        "asked for on a terminal]",
    )(command)
    command = click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)(command)
    return click.argument("event_id")(command)


def _reviewer(store: Any, token: str | None) -> str:
    """The name of the live token's holder, as the API's `reviewer` finds it; a missing or
    bad token is an error naming where it came from (and only its first characters)."""
    ctx = click.get_current_context()
    if token is None:
        if not sys.stdin.isatty():
            raise click.UsageError("give your reviewer token: set SITREP_TOKEN or use --token")
        token = click.prompt("Reviewer token", hide_input=True)
    token = token.strip()
    name = store.token_name(token) if token else None
    if name is None:
        shown = f"{token[:4]}..." if len(token) > 8 else "given"
        source = ctx.get_parameter_source("token")
        origin = " (from $SITREP_TOKEN)" if source is ParameterSource.ENVIRONMENT else ""
        raise click.ClickException(
            f"the token {shown}{origin} is not valid (unknown or revoked); "
            "create one with `sitrep token create NAME`"
        )
    return name


def _record(
    db: str | None,
    token: str | None,
    event_id: str,
    changes: list[tuple[str, Any]],
    why: str,
) -> None:
    """Check the token and the event, write the changes to the event's history (one entry
    each, one transaction) and print each entry on one line."""
    from sitrep.review import REVIEW

    with _existing_store(db) as store:
        who = _reviewer(store, token)
        if store.history(event_id) is None:
            raise click.ClickException(
                f"no event {printable(event_id)!r} is stored; list events with `sitrep events`"
            )
        done = store.correct_all(event_id, changes, why=why, reviewer=who)
    for c in done:
        what = (
            f"{c.after}"
            if c.field == REVIEW
            else f"{c.field} {_short_json(c.before)} -> {_short_json(c.after)}"
        )
        click.echo(f"{c.event_id}: {what} (by {c.reviewer}, history entry {c.id})")


def _short_json(value: Any) -> str:
    return printable(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))


def _readable(value: Any) -> str:
    """A history value for people, in the history table: a count as 'best (low-high)', an
    actor as 'name (kind, country)', a place by its name; `--format json` keeps it exact."""
    if value is None:
        return "-"
    if isinstance(value, dict) and "best" in value:
        low, high = value.get("low"), value.get("high")
        return str(value["best"]) + ("" if low == high else f" ({low}-{high})")
    if isinstance(value, dict) and "kind" in value:
        detail = ", ".join(str(v) for v in (value.get("kind"), value.get("country")) if v)
        return f"{value.get('name')} ({detail})"
    if isinstance(value, dict):
        return str(value.get("name"))
    return value if isinstance(value, str) else _short_json(value)


@review_group.command("confirm", short_help="Confirm an event: it is right as it reads now.")
@_review_options
def review_confirm(event_id: str, db: str | None, token: str | None, why: str) -> None:
    """Confirm event EVENT_ID: the record is right as it reads now.

    Example: sitrep review confirm ev-e93fb1909d4bc2b4 --why "Matches OCHA's report" --db sitrep.db
    """
    from sitrep.review import REVIEW

    _record(db, token, event_id, [(REVIEW, "confirmed")], why)


@review_group.command("reject", short_help="Reject an event: it leaves queries and exports.")
@_review_options
def review_reject(event_id: str, db: str | None, token: str | None, why: str) -> None:
    """Reject event EVENT_ID: it leaves queries, stats, exports and incidents (the
    extraction and the history stay; `confirm` brings it back).

    Example: sitrep review reject ev-e93fb1909d4bc2b4 --why "Anniversary piece, no new event"
    """
    from sitrep.review import REVIEW

    _record(db, token, event_id, [(REVIEW, "rejected")], why)


@review_group.command("correct", short_help="Correct fields of an event (--set FIELD=VALUE).")
@_review_options
@click.option(
    "--set",
    "settings",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help="A new value (repeatable), as the API takes it: fatalities=12, "
    "actor1='Wagner Group' (a name alone keeps the actor's kind), civilian_harm=yes, "
    "event_date=2024-02-29, sub_event_type='Armed clash', notes='...', or a JSON object "
    """(fatalities='{"best": 12, "low": 10, "high": 15}', actor2='{"name": ..., "kind": """
    """"state forces"}', location='{"name": ..., "latitude": ..., "longitude": ...}'); """
    "null removes actor2, location, event_date or a count.",
)
def review_correct(
    event_id: str, db: str | None, token: str | None, why: str, settings: tuple[str, ...]
) -> None:
    """Correct fields of event EVENT_ID; each --set is one entry in its history, all written
    together or, if one does not fit, none. The extraction itself is kept.

    Fields: event_type, sub_event_type (sets event_type too), actor1, actor2, location,
    event_date, fatalities, wounded, captured, notes, civilian_harm.

    Example: sitrep review correct ev-e93fb1909d4bc2b4 --set fatalities=12
    --set actor1="Wagner Group" --why "Figure from the later UN statement"
    """
    from sitrep.errors import ReviewError
    from sitrep.review import parse_setting

    try:
        changes = [parse_setting(s) for s in settings]
    except ReviewError as err:
        raise click.BadParameter(str(err), param_hint="'--set'") from None
    _record(db, token, event_id, changes, why)


@review_group.command("history", short_help="An event's review history (no token needed).")
@click.argument("event_id")
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default=None,
    help='json is the API\'s history object ({"corrections": [...]}). '
    "Default: table on a terminal, json otherwise.",
)
def review_history(event_id: str, db: str | None, fmt: str | None) -> None:
    """The review history of event EVENT_ID, oldest first: who, when, what, before and
    after, and why (no token needed).

    Example: sitrep review history ev-e93fb1909d4bc2b4 --format json
    """
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    with _existing_store(db, read_only=True) as store:
        found = store.history(event_id)
    if found is None:
        raise click.ClickException(
            f"no event {printable(event_id)!r} is stored; list events with `sitrep events`"
        )
    if fmt == "json":
        click.echo(json.dumps({"corrections": [c.to_dict() for c in found]}, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    for column in ("at (UTC)", "reviewer", "field", "before", "after", "why"):
        table.add_column(column, overflow="fold")
    for c in found:
        at = c.at[:16].replace("T", " ")
        cells = (at, c.reviewer, c.field, _readable(c.before), _readable(c.after), c.why)
        table.add_row(*(Text(printable(cell)) for cell in cells))
    Console().print(table)
    if not found:
        click.echo("Not reviewed yet.", err=True)


register_gazetteer(cli)


def main() -> None:
    "Entry point of the `sitrep` command."
    cli()
