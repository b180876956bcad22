"""The `sitrep` command line: thin shells over library functions.

Errors become messages and exit codes here, in one place: exit 1 when input was bad or
skipped (the batch still finishes), 2 for usage errors (click's own). Progress bars and
warnings go to stderr only, so stdout stays parseable.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import click

from sitrep import __version__
from sitrep.attribution import ATTRIBUTION
from sitrep.errors import ReadError, SitrepError
from sitrep.gazetteer_import import register as register_gazetteer
from sitrep.models import Article, Event


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


def _articles(
    inputs: tuple[str, ...], published: date | None, outlet: str | None, errors: _Errors
) -> Iterator[Article]:
    from sitrep.read import read_articles

    for item in read_articles(
        list(inputs) or ["-"], published=published, outlet=outlet, stdin=sys.stdin
    ):
        if isinstance(item, ReadError):
            errors.report(item)
        else:
            yield item


def _reading_options(command: Any) -> Any:
    "The options of every command that reads and extracts articles (extract, ingest)."
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
                help="Progress bar on stderr (default: on a terminal).",
            ),
        ]
    ):
        command = option(command)
    return command


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "table"]),
    default=None,
    help="jsonl is the data contract; csv has ACLED's columns; table is for people. "
    "Default: table on a terminal, jsonl otherwise.",
)
@_reading_options
def extract(
    inputs: tuple[str, ...],
    fmt: str | None,
    published: date | None,
    outlet: str | None,
    model: str,
    processes: int,
    progress: bool | None,
) -> None:
    """Extract every event from articles: files, folders, or - for standard input.

    Reads .txt, .html, .json and .jsonl. A bad file is reported on stderr and skipped; the
    exit status is then 1.

    Example: sitrep extract examples/ --format jsonl > events.jsonl
    """
    from sitrep.extract import extract_many, load_kit

    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    errors = _Errors()
    try:
        kit = load_kit(model)
    except SitrepError as err:
        raise click.ClickException(str(err)) from err
    articles = list(_articles(inputs, published, outlet, errors))
    show = sys.stderr.isatty() if progress is None else progress
    results = extract_many(articles, kit=kit, n_process=processes, on_error=errors.report)
    writer = _writer(fmt, sys.stdout)
    with _progress(len(articles), show, "Extracting") as advance:
        for article, events in results:
            writer.write(article, events)
            advance()
    writer.close()
    if errors.count:
        click.echo(f"sitrep: {errors.count} input(s) skipped; see the lines above.", err=True)
        sys.exit(1)


class _Writer:
    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt, self.out = fmt, out
        self.rows: list[tuple[Article, Event]] = []
        self.header = True

    def write(self, article: Article, events: list[Event]) -> None:
        if self.fmt == "jsonl":
            for event in events:
                self.out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            self.out.flush()
        elif self.fmt == "csv":
            from sitrep.export.acled_csv import write_acled_csv

            write_acled_csv(events, self.out, header=self.header)
            self.header = False
        else:
            self.rows.extend((article, e) for e in events)

    def close(self) -> None:
        if self.fmt == "table":
            _print_table(self.rows)


def _writer(fmt: str, out: TextIO) -> _Writer:
    return _Writer(fmt, out)


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


class _progress:
    "A rich progress bar on stderr, or nothing."

    def __init__(self, total: int, show: bool, label: str) -> None:
        self.total, self.show, self.label = total, show and total > 1, label

    def __enter__(self) -> Any:
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
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score reconciliation instead: a gold TSV (article_id, incident) with its "
    "articles.jsonl beside it; prints pairwise precision, recall and F1.",
)
def evaluate(
    gold: tuple[Path, ...], as_json: bool, model: str, reconcile_gold: Path | None
) -> None:
    """Score Sitrep against gold files (contract rules), per file and per origin.

    Example: sitrep evaluate ../shared/eval/dev/acled_rpanlilio.jsonl --json

    Example: sitrep evaluate --reconcile tests/data/reconcile/gold.tsv
    """
    if bool(gold) == (reconcile_gold is not None):
        raise click.UsageError("give GOLD files, or --reconcile FILE (not both)")
    if reconcile_gold is not None:
        _evaluate_reconcile(reconcile_gold, as_json=as_json, model=model)
        return
    from sitrep.evaluate import FIELDS, gazetteer_knows
    from sitrep.evaluate import evaluate as run_evaluation
    from sitrep.extract import extract_many, load_kit

    try:
        kit = load_kit(model)
        report = run_evaluation(
            list(gold),
            run=lambda arts: extract_many(arts, kit=kit),
            known_place=gazetteer_knows(kit.gazetteer),
        )
    except SitrepError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    sections = []
    for path, entry in report["files"].items():
        sections.append((Path(path).name, entry))
        for origin, sub in (entry.get("origins") or {}).items():
            sections.append((f"  {origin}", sub))
    table = Table(header_style="bold")
    table.add_column("field")
    for name, entry in sections:
        table.add_column(f"{name} (n={entry['items']})", justify="right")
    for name in FIELDS:
        cells = []
        for _, entry in sections:
            f = entry["fields"].get(name)
            cells.append(f"{f['score']:.3f} ({f['n']})" if f else "-")
        if any(c != "-" for c in cells):
            table.add_row(name, *cells)
    table.add_row("no event", *[str(e["no_event"]) for _, e in sections])
    Console().print(table)


def _evaluate_reconcile(path: Path, *, as_json: bool, model: str) -> None:
    "Extract, reconcile and print pairwise scores for a reconciliation test set."
    from sitrep.extract import extract_many, load_kit
    from sitrep.reconcile import score_reconciliation

    try:
        kit = load_kit(model)
        report = score_reconciliation(path, run=lambda arts: extract_many(arts, kit=kit))
    except SitrepError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    pairs = report["pairs"]
    click.echo(
        f"reconciliation: {report['file']}\n"
        f"articles {report['articles']}, events {report['events']}, "
        f"gold incidents {report['gold_incidents']}, "
        f"predicted incidents {report['predicted_incidents']}\n"
        f"pairs: gold {pairs['gold']}, predicted {pairs['predicted']}, "
        f"correct {pairs['correct']}\n"
        f"precision {report['precision']:.3f}  recall {report['recall']:.3f}  "
        f"F1 {report['f1']:.3f}"
    )
    for kind in ("split", "merged"):
        for a, b in report[kind]:
            click.echo(f"  {kind}: {a} {b}")


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
    """
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


def _bench_store(db_url: str | None, articles: int, events: int, as_json: bool) -> None:
    from sitrep.bench import run_store_bench

    try:
        result = run_store_bench(articles=articles, events=events, pg_url=db_url)
    except SitrepError as err:
        raise click.ClickException(str(err)) from err
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

    try:
        r = run_serve_bench(
            events=events, seconds=seconds, connections=connections, workers=workers, db=db
        )
    except SitrepError as err:
        raise click.ClickException(str(err)) from err
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
def _existing_store(db: str | None) -> Iterator[Any]:
    """The store at `db` (migrated forward, never created), with library errors turned into
    one-line CLI errors, so each command that reads a store says its failures alike."""
    from sitrep.store import open_store

    try:
        with open_store(db, create=False) as store:
            yield store
    except SitrepError as err:
        raise click.ClickException(str(err)) from err


_DB_HELP = (
    "Store: a SQLite file or a postgresql://user@host/db URL. "
    "[default: $SITREP_DB, else ./sitrep.db]"
)


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@_reading_options
def ingest(
    inputs: tuple[str, ...],
    db: str | None,
    published: date | None,
    outlet: str | None,
    model: str,
    processes: int,
    progress: bool | None,
) -> None:
    """Extract events from articles and store them, each article in its own transaction.

    The same article again (same id or URL, same text) is not stored twice; changed text is
    stored as a new version. An interrupted ingest can simply be run again. Bad input is
    reported on stderr and skipped; the exit status is then 1.

    Example: sitrep ingest --db sitrep.db examples/
    """
    from sitrep.extract import extract_many, load_kit
    from sitrep.ingest import ingest as run_ingest
    from sitrep.store import open_store

    errors = _Errors()
    try:
        store = open_store(db)
    except SitrepError as err:
        raise click.ClickException(str(err)) from err
    with store:
        articles = list(_articles(inputs, published, outlet, errors))

        def extractor(items: Any, on_error: Any) -> Any:
            # The NLP pipeline loads only once an article needs it: a rerun over stored
            # articles never pays for it.
            pending = iter(items)
            first = next(pending, None)
            if first is None:
                return
            kit = load_kit(model)
            yield from extract_many(
                itertools.chain([first], pending), kit=kit, n_process=processes, on_error=on_error
            )

        show = sys.stderr.isatty() if progress is None else progress
        try:
            with _progress(len(articles), show, "Ingesting") as advance:
                summary = run_ingest(
                    articles,
                    store=store,
                    extract=extractor,
                    on_error=errors.report,
                    on_article=advance,
                )
        except SitrepError as err:
            raise click.ClickException(str(err)) from err
    skipped = errors.count
    click.echo(
        f"{store.url}: {summary.new} new, {summary.unchanged} unchanged, "
        f"{summary.versions} new versions, {skipped} skipped; {summary.events} events stored"
    )
    if skipped:
        click.echo(f"sitrep: {skipped} input(s) skipped; see the lines above.", err=True)
        sys.exit(1)


def _bbox(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    try:
        box = tuple(float(v) for v in value.split(","))
    except ValueError:
        box = ()
    if len(box) != 4:
        raise click.BadParameter("give four numbers: min_lon,min_lat,max_lon,max_lat")
    return box


@cli.command()
@click.option("--db", "db", metavar="URL", default=None, help=_DB_HELP)
@click.option("--since", callback=_published, help="First event date (YYYY-MM-DD).")
@click.option("--until", callback=_published, help="Last event date (YYYY-MM-DD).")
@click.option(
    "--type", "event_type", help="Event type or sub-event type, e.g. Battles, 'Air/drone strike'."
)
@click.option("--actor", help="Actor's canonical name, any case; a trailing * matches a prefix.")
@click.option("--country", help="Country: ISO alpha-3 code (SYR) or name (Syria).")
@click.option(
    "--bbox", callback=_bbox, help="Bounding box min_lon,min_lat,max_lon,max_lat (W,S,E,N)."
)
@click.option("--min-fatalities", type=click.IntRange(min=0), help="At least this many dead.")
@click.option("--incidents", is_flag=True, help="List incidents (reconciled across reports).")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many records.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv", "table"]),
    default=None,
    help="json is one array, jsonl the contract's records, csv ACLED's columns. "
    "Default: table on a terminal, jsonl otherwise.",
)
def events(
    db: str | None,
    since: date | None,
    until: date | None,
    event_type: str | None,
    actor: str | None,
    country: str | None,
    bbox: Any,
    min_fatalities: int | None,
    incidents: bool,
    limit: int | None,
    fmt: str | None,
) -> None:
    """Query stored events (latest version of each article), oldest first.

    Example: sitrep events --country SYR --since 2024-11-01 --type Battles --format csv
    """

    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    filters = {
        "since": since,
        "until": until,
        "event_type": event_type,
        "actor": actor,
        "country": country,
        "bbox": bbox,
        "min_fatalities": min_fatalities,
        "limit": limit,
    }
    with _existing_store(db) as store:
        records = store.incidents(**filters) if incidents else store.events(**filters)
        _write_records(records, fmt, sys.stdout)


def _write_records(records: Any, fmt: str, out: TextIO) -> None:
    "Events or incidents to `out` as json, jsonl, ACLED csv or a table."
    if fmt == "csv":
        from sitrep.export.acled_csv import write_acled_csv

        write_acled_csv(records, out)
    elif fmt == "jsonl":
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
    "jsonl: the contract's records.",
)
@click.option("--incidents", is_flag=True, help="Export incidents (reconciled across reports).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output).",
)
@click.option("--since", callback=_published, help="First event date (YYYY-MM-DD).")
@click.option("--until", callback=_published, help="Last event date (YYYY-MM-DD).")
@click.option("--type", "event_type", help="Event type or sub-event type, e.g. Battles.")
@click.option("--actor", help="Actor's canonical name, any case; a trailing * matches a prefix.")
@click.option("--country", help="Country: ISO alpha-3 code (SYR) or name (Syria).")
@click.option("--bbox", callback=_bbox, help="min_lon,min_lat,max_lon,max_lat (W,S,E,N).")
@click.option("--min-fatalities", type=click.IntRange(min=0), help="At least this many dead.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many records.")
def export_command(
    db: str | None,
    fmt: str,
    incidents: bool,
    output: Path | None,
    **filters: Any,
) -> None:
    """Export stored events or incidents as ACLED CSV, GeoJSON, Parquet or JSON Lines.

    The GeoNames credit its licence asks for travels with the file: inside GeoJSON and
    Parquet, in FILE.attribution.txt beside ACLED CSV and JSON Lines.

    Example: sitrep export --format geojson -o events.geojson --country SYR
    """
    from sitrep.attribution import GEONAMES_CREDIT
    from sitrep.export import export, get_exporter

    exporter = get_exporter(fmt)
    if output is None and exporter.binary and sys.stdout.isatty():
        raise click.UsageError(f"{fmt} is a binary format; write it to a file with -o FILE")
    kind = "incidents" if incidents else "events"
    with _existing_store(db) as store:
        records = store.incidents(**filters) if incidents else store.events(**filters)
        if output is None:
            stream = sys.stdout.buffer if exporter.binary else sys.stdout
            result = export(records, fmt, stream=stream)
            stream.flush()
        else:
            result = export(records, fmt, path=output)
    if result.path is not None:
        also = f" (attribution in {result.sidecar})" if result.sidecar else ""
        click.echo(f"sitrep: wrote {result.count} {kind} to {result.path}{also}", err=True)
    elif not exporter.embeds_attribution:
        click.echo(
            f"sitrep: places and coordinates are GeoNames data (CC BY 4.0); credit "
            f"'{GEONAMES_CREDIT}' where you publish them",
            err=True,
        )


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
def watch_command(
    sources: tuple[str, ...],
    db: str | None,
    every: str,
    rounds: int | None,
    fetch_pages: bool | None,
    model: str,
) -> None:
    """Poll feeds and pages (URLs or files) and ingest only the items not stored yet.

    One summary line per round on stdout. A source that is down or malformed is a warning
    on stderr and is read again next round. Ctrl-C stops cleanly between two articles.

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
    try:
        kit = load_kit(model)
        store = open_store(db)
    except SitrepError as err:
        raise click.ClickException(str(err)) from err
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
                on_error=lambda err: click.echo(f"sitrep: warning: {err}", err=True),
            ):
                done = result.number
                click.echo(f"{datetime.now():%Y-%m-%d %H:%M:%S} {result.summary()}")
        except KeyboardInterrupt:
            click.echo(f"sitrep: stopped after {done} round(s); {store.url} is intact", err=True)


def _loopback(host: str) -> bool:
    return host in ("127.0.0.1", "::1", "localhost") or host.startswith("127.")


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
    access_log: bool,
) -> None:
    """Serve the API and the page (one ASGI app, uvicorn); OpenAPI at /openapi.json.

    Example: sitrep serve --db sitrep.db --port 8000
    """
    from sitrep.api import ApiSettings
    from sitrep.api.app import serve

    settings = ApiSettings(
        public_read=_loopback(host) if public is None else public,
        cors_origins=cors_origins,
        tile_url=tile_url,
        tile_attribution=tile_attribution,
        threads=threads,
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
    with _existing_store(db) as store:
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


register_gazetteer(cli)


def main() -> None:
    "Entry point of the `sitrep` command."
    cli()
