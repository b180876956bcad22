"""Durability: SIGKILL `sitrep ingest` half-way through 1,000 articles, run it again, and
every article is there exactly once with its events, on SQLite and on PostgreSQL.

This is the real command in a real separate process (spaCy, extraction, the store), killed
with SIGKILL once a few hundred articles are committed. Short generated articles keep it
quick.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitrep.bench import synthetic_articles
from sitrep.models import Article
from sitrep.store import open_store
from sitrep.store import rows as store_rows
from sitrep.store.schema import metadata

N = 1000
KILL_AFTER = 250  # committed articles before the kill


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> tuple[Path, list[Article]]:
    corpus = synthetic_articles(N, words=12, seed=3)
    path = tmp_path_factory.mktemp("kill") / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for a in corpus:
            record = {"id": a.id, "text": a.text, "published": a.published.isoformat()}
            out.write(json.dumps({**record, "outlet": a.outlet}) + "\n")
    return path, corpus


def _stored(url: str) -> int:
    "Committed articles, read the way any other client would."
    try:
        if url.startswith("postgresql"):
            import psycopg

            with psycopg.connect(url) as conn:
                return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        with sqlite3.connect(f"file:{url}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except Exception as err:  # the store or its tables do not exist yet
        if "articles" in str(err) or "unable to open" in str(err) or "does not exist" in str(err):
            return 0
        raise


def _ingest(url: str, path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sitrep", "ingest", "--db", url, "--no-progress", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


@pytest.mark.reliability(
    "SIGKILL of `sitrep ingest` after 250 of 1,000 articles, on SQLite and PostgreSQL",
    "every committed article intact; a re-run stores each article exactly once with its events",
)
def test_sigkill_mid_ingest_then_rerun_keeps_every_article_once(store_url, articles, kit):
    path, corpus = articles
    proc = _ingest(store_url, path)
    deadline = time.monotonic() + 300
    while _stored(store_url) < KILL_AFTER:
        assert proc.poll() is None, f"ingest ended before the kill: {proc.communicate()}"
        assert time.monotonic() < deadline, "ingest did not commit articles in time"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    survived = _stored(store_url)
    assert KILL_AFTER <= survived < N, "the kill must land in the middle of the batch"

    rerun = _ingest(store_url, path)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    summary = re.search(r"(\d+) new, (\d+) unchanged, (\d+) new versions, (\d+) skipped", out)
    assert summary, out
    assert [int(g) for g in summary.groups()] == [N - survived, survived, 0, 0]

    sample = random.Random(1).sample(corpus, 60)
    from sitrep.extract import extract_many

    reference = {a.id: events for a, events in extract_many(sample, kit=kit)}
    with open_store(store_url, create=False) as store:
        stats = store.stats()
        assert (stats["articles"], stats["versions"]) == (N, N)
        for article in corpus:  # every article exactly once, as read
            assert store.versions(article.id) == [1]
            stored = store.article(article.id)
            assert (stored.text, stored.published) == (article.text, article.published)
            events = store.events_of(article.id)
            store_rows.check_events(stored, events)  # evidence slices the stored text
            if article.id in reference:  # events intact: what extraction gives, all of them
                assert events == reference[article.id]
        assert stats["events"] == len(list(store.events()))
        with store.engine.connect() as conn:
            _assert_consistent(conn, reconciled=store._reconcile is not None)
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def _assert_consistent(conn: sa.Connection, *, reconciled: bool) -> None:
    "No orphan rows anywhere, and incidents exactly as their member events say."
    t = metadata.tables
    for child in ("places", "actors", "counts", "claims", "evidence"):
        orphans = conn.execute(
            sa.select(sa.func.count())
            .select_from(t[child])
            .where(t[child].c.event_pk.not_in(sa.select(t["events"].c.pk)))
        ).scalar()
        assert orphans == 0, child
    event_ids = conn.execute(
        sa.select(sa.func.count(), sa.func.count(sa.distinct(t["events"].c.event_id)))
    ).one()
    assert event_ids[0] == event_ids[1]
    if not reconciled:
        return
    members: dict[str, set[str]] = {}
    for incident_id, event_id in conn.execute(
        sa.select(t["events"].c.incident_id, t["events"].c.event_id)
    ):
        assert incident_id is not None, f"{event_id} was stored without its incident"
        members.setdefault(incident_id, set()).add(event_id)
    stored = {
        row.incident_id: set(json.loads(row.data)["events"])
        for row in conn.execute(sa.select(t["incidents"]))
    }
    assert stored == members
