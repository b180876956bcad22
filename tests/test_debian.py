"""sitrep.debian: apt-get waits for the package manager's locks that another process holds.

The locks are real: a child process takes them with fcntl, as apt and dpkg do, for a few
seconds. The commands change nothing on the machine: `install --no-upgrade apt` finds apt
installed, and `clean` only empties the download cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from sitrep.debian import apt_get

HOLD_S = 3.0
HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o640)
fcntl.lockf(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("apt-get") is None,
    reason="apt-get's locks can be taken only as root on a Debian machine (CI is one)",
)


@contextmanager
def _held(lock: str) -> Iterator[float]:
    "The lock file held by another process for HOLD_S seconds; yields when it let go."
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, lock, str(HOLD_S)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield time.monotonic() + HOLD_S
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.reliability(
    "another process holds apt's locks (dpkg's, the download cache's) during an install",
    "the test fixtures' apt-get waits for them (bounded) and then proceeds",
)
@pytest.mark.parametrize(
    "lock, args",
    [
        ("/var/lib/dpkg/lock-frontend", ("install", "-y", "-q", "--no-upgrade", "apt")),
        ("/var/cache/apt/archives/lock", ("clean",)),
    ],
)
def test_apt_get_waits_for_a_lock_another_process_holds(lock: str, args: tuple[str, ...]) -> None:
    with _held(lock) as released:
        plain = subprocess.run(["apt-get", *args], capture_output=True, text=True, check=False)
        assert plain.returncode != 0 and "lock" in plain.stderr  # the fault is real
        done = apt_get(*args, lock_wait=60)
        assert done.returncode == 0, done.stderr
        assert time.monotonic() >= released - 0.5  # it waited for the holder to let go


def test_a_lock_held_past_the_bound_fails_with_apts_words() -> None:
    with _held("/var/cache/apt/archives/lock"):
        started = time.monotonic()
        done = apt_get("clean", lock_wait=1)
        assert done.returncode != 0 and "lock" in done.stderr
        assert time.monotonic() - started < HOLD_S
