"""`sitrep ingest` and `sitrep events`: the shells over the store, on SQLite and PostgreSQL.

In-process through click's CliRunner (stdout and stderr apart), so spaCy loads once.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.models import Event

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

    rows = list(
        csv.DictReader(
            io.StringIO(
                _run("events", "--db", store_url, "--format", "csv", "--min-fatalities", "5").stdout
            )
        )
    )
    expected = [e for e in events if e.fatalities and e.fatalities.best >= 5]
    assert [r["event_date"] for r in rows] == [
        e.event_date.isoformat() if e.event_date else "" for e in expected
    ]
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
