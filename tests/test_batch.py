"""Scale-out on Dask: a real LocalCluster of worker processes, real signals, real PostgreSQL.

What is proved here, each on short generated articles (sitrep.bench's generator):
- the local process pool (`extract_batches`) gives the single process's events, in order;
- 200 articles through Dask workers give exactly the events the single process gives;
- each worker loads its Kit once, however many partitions it runs;
- a worker killed with SIGKILL mid-run loses nothing: its partitions run elsewhere and the
  store ends with every article exactly once;
- PostgreSQL stopped and restarted mid-run: the writer reports the outage, waits, resumes,
  and the store ends with every article exactly once;
- without Dask installed, Sitrep imports and `ingest --dask` says how to install it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import distributed  # the `dev` extra installs it: these tests fail, never skip, without it
import pytest
from test_ingest_kill import _assert_consistent

from sitrep import batch
from sitrep.bench import synthetic_articles
from sitrep.ingest import ingest
from sitrep.models import Article
from sitrep.store import open_store
from sitrep.store.pgserver import ThrowawayPostgres


def _write_jsonl(path: Path, articles: list[Article], *, files: int) -> list[str]:
    "The articles as `files` JSONL files (so reading splits into partitions), in order."
    path.mkdir(parents=True, exist_ok=True)
    per = len(articles) // files
    assert per * files == len(articles), "an empty file would be a read error"
    names = []
    for i in range(files):
        name = path / f"part-{i:03d}.jsonl"
        with name.open("w", encoding="utf-8") as out:
            for a in articles[i * per : (i + 1) * per]:
                record = {"id": a.id, "text": a.text, "published": a.published.isoformat()}
                out.write(json.dumps({**record, "outlet": a.outlet}) + "\n")
        names.append(str(name))
    return names


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    "Two single-threaded worker processes with the Kit plugin, as `--dask local:2` makes."
    c = batch.dask_client("local:2")
    yield c
    batch.close_client(c)


def _events(url: str) -> list[dict]:
    with open_store(url, create=False) as store:
        return sorted((e.to_dict() for e in store.events()), key=lambda e: e["event_id"])


def test_process_pool_gives_the_single_process_events_in_order(kit):
    "`extract_batches` on 2 forked processes: each article's events, as one process gives them."
    corpus = synthetic_articles(18, words=120, seed=5)  # 5 tasks of POOL_PARTITION, last short

    def events(n_process: int) -> list[tuple[str, list[dict]]]:
        done = batch.extract_batches(corpus, kit=kit, n_process=n_process)
        return [(a.id, [e.to_dict() for e in found]) for a, found in done]

    pooled = events(2)
    assert [a for a, _ in pooled] == [a.id for a in corpus]
    assert pooled == events(1)
    assert sum(len(found) for _, found in pooled) > len(corpus)


def test_dask_gives_exactly_the_single_process_events(client, kit, tmp_path):
    from sitrep.extract import extract_many

    corpus = synthetic_articles(200, words=25, seed=11)
    sources = _write_jsonl(tmp_path / "in", corpus, files=25)
    (tmp_path / "in" / "zz-empty.jsonl").write_text("")  # a bad file is reported, not fatal

    single = str(tmp_path / "single.db")
    with open_store(single) as store:
        ingest(
            corpus,
            store=store,
            extract=lambda arts, on_error: extract_many(arts, kit=kit, on_error=on_error),
            on_error=pytest.fail,
        )
    spread = str(tmp_path / "dask.db")
    with open_store(spread) as store:
        errors: list[Exception] = []
        summary = batch.ingest_dask(
            [str(tmp_path / "in")], store=store, client=client, on_error=errors.append
        )
    assert (summary.new, summary.skipped) == (200, 0)
    # The read error crossed from the worker as a value, with its type and file name.
    assert [(type(e).__name__, e.origin) for e in errors] == [
        ("ReadError", str(tmp_path / "in" / "zz-empty.jsonl"))
    ]
    expected = _events(single)
    assert len(expected) > 200  # most articles report several events
    assert _events(spread) == expected
    assert len(sources) == 25

    # Each worker ran many partitions and loaded its Kit once, at start (the plugin).
    stats = client.run(batch.worker_stats)
    assert len(stats) == 2
    assert all(s["kit_loads"] == 1 for s in stats.values()), stats
    assert sum(s["partitions"] for s in stats.values()) >= 200 // batch.PARTITION
    assert all(s["partitions"] > 1 for s in stats.values()), stats


def _run_in_thread(fn) -> tuple[threading.Thread, dict]:
    box: dict = {}

    def run() -> None:
        try:
            box["result"] = fn()
        except BaseException as err:  # handed to the test thread
            box["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


def _stored(url: str) -> int:
    with open_store(url, create=False, reconcile=False) as store:
        return store.stats()["articles"]


@pytest.mark.reliability(
    "PostgreSQL stopped and restarted during a Dask ingest",
    "the run reports the outage, resumes, and stores every article exactly once",
)
def test_postgres_restart_mid_run_resumes_and_stores_each_article_once(client, tmp_path):
    n = 100
    corpus = synthetic_articles(n, words=40, seed=13)
    _write_jsonl(tmp_path / "in", corpus, files=25)
    outages: list[str] = []
    with ThrowawayPostgres(durable=False) as pg:
        open_store(pg.url).close()

        def work():
            with open_store(pg.url) as store:
                return batch.ingest_dask(
                    [str(tmp_path / "in")],
                    store=store,
                    client=client,
                    on_error=pytest.fail,
                    on_outage=outages.append,
                    partition=4,
                    patience=120,
                )

        thread, box = _run_in_thread(work)
        deadline = time.monotonic() + 240
        while _stored(pg.url) < 20:
            assert thread.is_alive(), box
            assert time.monotonic() < deadline
            time.sleep(0.05)
        pg.halt()
        time.sleep(3)  # the writer meets the outage while workers keep extracting
        pg.resume()
        thread.join(timeout=300)
        assert not thread.is_alive(), "the run did not finish after PostgreSQL came back"
        assert "error" not in box, box.get("error")
        assert box["result"].new + box["result"].unchanged == n
        assert any("unreachable" in m for m in outages), outages
        assert any("reachable again" in m for m in outages), outages
        with open_store(pg.url, create=False) as store:
            assert store.stats()["articles"] == n
            for article in corpus:
                assert store.versions(article.id) == [1]
            with store.engine.connect() as conn:
                _assert_consistent(conn, reconciled=True)


def test_sitrep_runs_without_dask_and_says_how_to_get_it(tmp_path):
    "A base install has no Dask: Sitrep imports, and `ingest --dask` names the extra."
    script = f"""
import sys
sys.modules["dask"] = None          # `import dask` now fails as on a base install
sys.modules["distributed"] = None
import sitrep, sitrep.cli, sitrep.batch, sitrep.ingest
from click.testing import CliRunner
result = CliRunner().invoke(
    sitrep.cli.cli, ["ingest", "--db", {str(tmp_path / "s.db")!r}, "--dask", "local:2", "x.txt"]
)
print(result.exit_code)
print(result.output)
assert not any(m == "dask" or m.startswith(("dask.", "distributed")) for m in sys.modules
               if sys.modules[m] is not None)
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    code, *message = out.stdout.splitlines()
    assert code == "1"
    assert "pip install 'sitrep[dask]'" in " ".join(message)


@pytest.mark.reliability(
    "a Dask worker SIGKILLed mid-ingest",
    "its partitions run again elsewhere; every article stored exactly once",
)
def test_worker_killed_mid_run_loses_nothing(client, tmp_path):
    "Last in this file: it kills one of the module's workers (the nanny starts a new one)."
    n = 160
    corpus = synthetic_articles(n, words=40, seed=12)
    _write_jsonl(tmp_path / "in", corpus, files=20)
    url = str(tmp_path / "store.db")
    open_store(url).close()
    pids = client.run(os.getpid)  # worker address -> its process id

    def work():
        with open_store(url) as store:
            return batch.ingest_dask(
                [str(tmp_path / "in")],
                store=store,
                client=client,
                on_error=pytest.fail,
                partition=4,
            )

    thread, box = _run_in_thread(work)
    deadline = time.monotonic() + 240
    busy: dict = {}
    # Wait for stored articles and a worker with partitions in flight, both at once: between
    # two partitions no worker holds one, and killing an idle worker would prove nothing.
    while _stored(url) < 8 or not busy:
        assert thread.is_alive(), box
        assert time.monotonic() < deadline
        time.sleep(0.01)
        busy = {w: tasks for w, tasks in client.processing().items() if tasks}
    victim = next(iter(busy))  # a worker with partitions in flight
    os.kill(pids[victim], signal.SIGKILL)
    assert _stored(url) < n, "the kill must land in the middle of the run"
    thread.join(timeout=300)
    assert not thread.is_alive(), "the run did not finish after the worker died"
    assert "error" not in box, box.get("error")
    summary = box["result"]
    assert (summary.new, summary.unchanged, summary.skipped) == (n, 0, 0)
    assert victim not in client.scheduler_info(n_workers=-1)["workers"]
    with open_store(url, create=False) as store:
        assert store.stats()["articles"] == n
        for article in corpus:
            assert store.versions(article.id) == [1]
        with store.engine.connect() as conn:
            _assert_consistent(conn, reconciled=True)
