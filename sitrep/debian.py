"""Debian packages for the throwaway servers that tests and benchmarks start (PostgreSQL,
Chromium): apt-get that waits for the package manager's locks instead of failing.

Another apt-get or dpkg (an unattended upgrade, another test session on the machine) holds
/var/lib/dpkg/lock-frontend while it works, and an apt-get that finds it taken fails at
once. `apt_get` passes `DPkg::Lock::Timeout` (apt >= 1.9), so apt itself waits for the dpkg
locks, and tries again while apt reports a lock it does not wait for (the package lists'
lock that `apt-get update` takes, the download cache's), until LOCK_WAIT_S have passed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

__all__ = ["LOCK_WAIT_S", "apt_get", "apt_install"]

#: How long to wait for another process's apt-get or dpkg to let go of the locks. Installing
#: PostgreSQL or Chromium takes one to three minutes on a CI machine, so a concurrent install
#: ends well within ten; a lock held longer than that is stuck, and waiting longer only
#: hides it.
LOCK_WAIT_S = 600.0

#: apt's words for a lock another process holds (dpkg's, the lists', the cache's).
_LOCKED = re.compile(r"Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock")


def apt_get(*args: str, lock_wait: float = LOCK_WAIT_S) -> subprocess.CompletedProcess[str]:
    """`apt-get ARGS` (non-interactive, output captured), waiting up to `lock_wait` seconds
    for locks other processes hold; the last attempt's result."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    env.setdefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
    deadline = time.monotonic() + lock_wait
    while True:
        left = max(0, int(deadline - time.monotonic()))
        done = subprocess.run(
            ["apt-get", "-o", f"DPkg::Lock::Timeout={left}", *args],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0 or not _LOCKED.search(done.stderr):
            return done
        if time.monotonic() >= deadline:
            return done
        time.sleep(1.0)


def apt_install(*packages: str, lock_wait: float = LOCK_WAIT_S) -> str | None:
    """Install Debian `packages` (needs root and apt-get); None once they are installed, else
    the reason in apt-get's own last words. The package lists are refreshed only when the
    first try fails, since a fresh CI image often has none."""
    if shutil.which("apt-get") is None:
        return "there is no apt-get to install them with"
    install = ("install", "-y", "-q", *packages)
    done = apt_get(*install, lock_wait=lock_wait)
    if done.returncode != 0:
        apt_get("update", "-q", lock_wait=lock_wait)
        done = apt_get(*install, lock_wait=lock_wait)
    if done.returncode == 0:
        return None
    tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
    return f"`apt-get {' '.join(install)}` failed: {' / '.join(tail)}"
