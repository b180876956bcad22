"""A throwaway PostgreSQL server for tests and `sitrep bench --store`.

It is a real server, not a mock: `initdb` into a temporary folder, `pg_ctl start` on a free
port (its unix socket also lives in the folder, so nothing outside it is touched), one empty
database, and `stop()` removes it all. The Debian packages are installed with apt-get when
no server binaries are found and we are root (CI machines); root cannot run `initdb`, so the
server then runs as the `postgres` OS user the package creates.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from sitrep.debian import apt_install
from sitrep.errors import StoreError

__all__ = ["ThrowawayPostgres", "find_pg_bin"]

_BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/usr/local/bin", "/usr/bin")


def find_pg_bin(*, install: bool = True) -> Path:
    """The folder that holds `initdb` and `pg_ctl`; installs the `postgresql` package if needed.

    The newest /usr/lib/postgresql/N/bin wins. Installing needs root and apt-get, and waits
    for the package manager's lock if another process holds it (`sitrep.debian`).
    """
    found = _search_bin()
    failed = None
    if found is None and install and os.geteuid() == 0 and shutil.which("apt-get"):
        failed = apt_install("postgresql")  # waits for a lock another apt-get holds
        found = _search_bin()
    if found is None:
        why = f" ({failed})" if failed else ""
        raise StoreError(
            "no PostgreSQL server binaries (initdb, pg_ctl) were found and they could not be "
            f"installed{why}; install them with `apt-get install -y postgresql` (as root)"
        )
    return found


def _search_bin() -> Path | None:
    def version(path: str) -> tuple[int, ...]:
        parts = Path(path).parent.name.split(".")
        return tuple(int(p) for p in parts if p.isdigit()) or (0,)

    for pattern in _BIN_GLOBS:
        for folder in sorted(glob.glob(pattern), key=version, reverse=True):
            if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
                return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayPostgres:
    """A PostgreSQL server in a temporary folder, with one database; a context manager.

    `durable=False` (for tests) turns off fsync, which only matters if the machine itself
    crashes; a killed client still sees exactly what PostgreSQL committed. Benchmarks use
    the default, durable settings.
    """

    def __init__(self, *, durable: bool = True, database: str = "sitrep") -> None:
        self.durable = durable
        self.database = database
        self.bin = find_pg_bin()
        self.port = 0
        self.folder: Path | None = None
        self._user: str | None = None
        self._start: list[str] = []

    @property
    def url(self) -> str:
        "The database's URL, as `sitrep ingest --db` takes it."
        return self.url_for(self.database)

    def url_for(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> ThrowawayPostgres:
        self.folder = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
        data, log = self.folder / "data", self.folder / "server.log"
        if os.geteuid() == 0:  # root may not run the server: hand the folder to `postgres`
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError as err:
                raise StoreError(
                    "running as root, but there is no `postgres` OS user to run the server; "
                    "install the Debian `postgresql` package, which creates it"
                ) from err
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._user = "postgres"
        os.chmod(self.folder, 0o700)
        self._run(
            [
                str(self.bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                *([] if self.durable else ["--no-sync"]),
            ],
            what="initdb",
        )
        settings = [
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.folder}",
            "-c max_connections=40",
        ]
        if not self.durable:
            settings += ["-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off"]
        for attempt in range(3):  # a port picked as free can be taken before the server binds
            self.port = _free_port()
            options = " ".join([f"-p {self.port}", *settings])
            start = [str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(log), "-w"]
            self._start = [*start, "-o", options, "start"]
            try:
                self._run(self._start, what="pg_ctl start")
                break
            except StoreError:
                if attempt == 2:
                    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                    self.stop()
                    raise StoreError(f"the PostgreSQL server did not start:\n{tail}") from None
        self.create_database(self.database)
        return self

    def create_database(self, name: str) -> str:
        "Create an empty database on this server and return its URL."
        import psycopg

        with psycopg.connect(self.url_for("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url_for("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def halt(self) -> None:
        """Stop the server but keep its data, as an outage would (fault tests); `resume()`
        starts it again on the same port with the same data."""
        if self.folder is None:
            raise StoreError("the server was never started")
        data = self.folder / "data"
        self._run(
            [str(self.bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            what="pg_ctl stop",
        )

    def resume(self) -> None:
        "Start a halted server again: same port, same data."
        self._run(self._start, what="pg_ctl start")

    def stop(self) -> None:
        "Stop the server (immediately: it holds nothing worth keeping) and remove its folder."
        if self.folder is None:
            return
        data = self.folder / "data"
        if (data / "postmaster.pid").exists():
            stop = [str(self.bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
            with contextlib.suppress(StoreError):  # already gone: nothing to stop
                self._run(stop, what="pg_ctl stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self, cmd: list[str], *, what: str) -> None:
        start = time.monotonic()
        result = subprocess.run(
            cmd,
            user=self._user,
            cwd=self.folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            raise StoreError(
                f"{what} failed after {time.monotonic() - start:.1f} s "
                f"(exit {result.returncode}): {(result.stderr or result.stdout).strip()[-1500:]}"
            )
