"""Several hosts, made on this machine: a Dask scheduler and two workers, each in its own
network namespace (its own interfaces and addresses, joined by a bridge), and
`sitrep ingest --dask tcp://SCHEDULER:8786` run from the host as a user would.

Namespaces share the filesystem, as hosts sharing a network folder do. Needs root and
iproute2 (`ip netns`); elsewhere the test is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.bench import synthetic_articles
from sitrep.store import open_store

BIN = Path(sys.executable).parent
_tag = os.getpid() % 10_000
SUBNET = f"10.{200 + _tag % 50}.{_tag // 50 % 250}"
HOSTS = {"sched": 2, "w1": 3, "w2": 4}  # namespace -> last address byte


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


@pytest.fixture
def hosts() -> Iterator[dict[str, str]]:
    "Three 'hosts' (network namespaces) on a bridge; the machine itself is .1."
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("network namespaces need root and iproute2")
    bridge, names = f"sdbr{_tag}", {h: f"sitrep-{h}-{_tag}" for h in HOSTS}
    try:
        _ip("link", "add", bridge, "type", "bridge")
        _ip("addr", "add", f"{SUBNET}.1/24", "dev", bridge)
        _ip("link", "set", bridge, "up")
        for host, ns in names.items():
            veth = f"sd{host}{_tag}"[:15]
            _ip("netns", "add", ns)
            _ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns)
            _ip("link", "set", veth, "master", bridge)
            _ip("link", "set", veth, "up")
            _ip("-n", ns, "addr", "add", f"{SUBNET}.{HOSTS[host]}/24", "dev", "eth0")
            _ip("-n", ns, "link", "set", "eth0", "up")
            _ip("-n", ns, "link", "set", "lo", "up")
        yield names
    finally:
        for ns in names.values():
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, check=False)
        subprocess.run(["ip", "link", "del", bridge], capture_output=True, check=False)


def _in(ns: str, *cmd: str) -> subprocess.Popen:
    return subprocess.Popen(
        ["ip", "netns", "exec", ns, *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_ingest_on_a_scheduler_and_two_workers_on_other_hosts(hosts, tmp_path):
    scheduler = f"tcp://{SUBNET}.2:8786"
    procs = [
        _in(hosts["sched"], str(BIN / "dask"), "scheduler", "--host", f"{SUBNET}.2",
            "--port", "8786", "--dashboard-address", ":0"),
    ]  # fmt: skip
    try:
        for w in ("w1", "w2"):
            procs.append(
                _in(hosts[w], str(BIN / "dask"), "worker", scheduler, "--host",
                    f"{SUBNET}.{HOSTS[w]}", "--nthreads", "1", "--dashboard-address", ":0")
            )  # fmt: skip
        corpus = synthetic_articles(40, words=40, seed=21)
        folder = tmp_path / "in"
        folder.mkdir()
        for i in range(0, len(corpus), 4):  # ten files: partitions for both workers
            with (folder / f"{i:03d}.jsonl").open("w", encoding="utf-8") as out:
                for a in corpus[i : i + 4]:
                    record = {"id": a.id, "text": a.text, "published": str(a.published)}
                    out.write(json.dumps({**record, "outlet": a.outlet}) + "\n")
        from distributed import Client

        with Client(scheduler, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            addresses = sorted(client.scheduler_info(n_workers=-1)["workers"])
        assert [a.split(":")[1].strip("/") for a in addresses] == [
            f"{SUBNET}.3",
            f"{SUBNET}.4",
        ]
        db = str(tmp_path / "store.db")
        t0 = time.monotonic()
        run = subprocess.run(
            [str(BIN / "sitrep"), "ingest", "--db", db, "--dask", scheduler, "--no-progress",
             str(folder)],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert re.search(r"40 new, 0 unchanged, 0 new versions, 0 skipped", run.stdout), run.stdout
        with Client(scheduler, timeout=60) as client:
            from sitrep.batch import worker_stats

            stats = client.run(worker_stats)
        # Both remote workers ran partitions, and each loaded its Kit once.
        assert sorted(s["kit_loads"] for s in stats.values()) == [1, 1], stats
        assert all(s["partitions"] >= 1 for s in stats.values()), stats
        with open_store(db, create=False) as store:
            assert store.stats()["articles"] == 40
        assert time.monotonic() - t0 < 600
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
