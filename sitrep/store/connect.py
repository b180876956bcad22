"""Store URLs to SQLAlchemy engines, with each database's settings for safe, atomic writes.

    None                     SITREP_DB, else ./sitrep.db
    path/to/file.db          a SQLite file (also sqlite:///path/to/file.db)
    :memory:                 a SQLite database that lives as long as the Store
    postgresql://user@host/db   PostgreSQL through psycopg 3 (postgres:// also works)

SQLite runs in WAL mode with foreign keys on and `synchronous=FULL`: a commit is on disk
before `ingest` returns, so neither a killed process nor a power cut loses a committed
article. Writes start with BEGIN IMMEDIATE, which takes the write lock up front, so two
writers queue (busy_timeout) instead of failing half-way through an article.

Before a SQLite connection changes anything (the WAL switch is a write), it reads the
file's schema: a damaged file, or one that is not a database, is a StoreFailure naming the
file, and another application's database is refused untouched (`check_not_foreign`). A
store this process cannot write (a read-only folder, file or mount) can still be read:
`make_engine(..., read_only=True)` opens it with SQLite's `mode=ro`, or `immutable=1`
when there is no WAL file (a read-only connection cannot create the WAL index, and with
no WAL file nothing uncommitted can be missed).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from sitrep.errors import StoreError, StoreFailure
from sitrep.store.schema import check_not_foreign

__all__ = [
    "DEFAULT_DB",
    "WRITE",
    "damaged",
    "describe",
    "make_engine",
    "resolve_url",
    "writable",
    "write_transaction",
]

DEFAULT_DB = "sitrep.db"

#: Execution option that marks a connection as a writer (BEGIN IMMEDIATE on SQLite).
WRITE = "sitrep_write"

#: SQLite's primary result codes that mean the file itself is damaged: SQLITE_CORRUPT and
#: SQLITE_NOTADB ("database disk image is malformed", "file is not a database").
_DAMAGED = {11, 26}

_SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=60000",
    # Read through a memory map (the OS page cache, shared by every connection and process)
    # rather than SQLite's 2 MB private cache: queries that visit rows scattered over the
    # file, as filtered API pages do, then cost half the CPU. Address space, not memory.
    "PRAGMA mmap_size=1073741824",
)


def resolve_url(url: str | os.PathLike[str] | None) -> str:
    "The SQLAlchemy URL for a store URL or path; None means SITREP_DB, else ./sitrep.db."
    if url is None:
        url = os.environ.get("SITREP_DB") or DEFAULT_DB
    url = os.fspath(url)
    if url in (":memory:", "sqlite://", "sqlite:///:memory:"):
        return "sqlite://"
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith("sqlite:///"):
        return url
    if "://" in url:
        raise StoreError(
            f"{url!r} is not a store Sitrep knows; give a SQLite file path or a "
            "postgresql://user@host/database URL"
        )
    return f"sqlite:///{Path(url).expanduser().resolve()}"


def describe(url: str) -> str:
    "The URL for messages, without a password; a SQLite file is shown as its path."
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    if url == "sqlite://":
        return ":memory:"
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def writable(sa_url: str) -> bool:
    """Whether this process may write the SQLite store and its folder (WAL needs both).

    A store that does not exist yet, and any server database, count as writable: opening
    them decides. os.access sees a read-only mount and an immutable file even for root.
    """
    if not sa_url.startswith("sqlite:///"):
        return True
    path = Path(sa_url.removeprefix("sqlite:///"))
    if not path.exists():
        return True
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def damaged(where: str, problem: object) -> StoreFailure:
    "The one-line error for a damaged SQLite file, naming it and SQLite's words."
    words = " ".join(str(problem).split())[:300]
    return StoreFailure(
        f"{where}: the file is damaged or is not a SQLite database ({words}); "
        "restore the store from a backup, or give --db another file"
    )


def make_engine(sa_url: str, *, create: bool, read_only: bool = False) -> sa.Engine:
    """An engine for `sa_url` (from resolve_url), refusing a missing SQLite file unless `create`.

    `read_only` opens an existing SQLite file without writing anything to it or beside it
    (no WAL switch, no -wal/-shm files); a server database ignores it.
    """
    if sa_url.startswith("sqlite"):
        return _sqlite_engine(sa_url, create=create, read_only=read_only)
    return sa.create_engine(sa_url, pool_pre_ping=True)


def _sqlite_engine(sa_url: str, *, create: bool, read_only: bool) -> sa.Engine:
    where = describe(sa_url)
    if sa_url == "sqlite://":
        engine = sa.create_engine(
            sa_url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
        read_only = False
    else:
        path = Path(sa_url.removeprefix("sqlite:///"))
        if not path.exists():
            if not create:
                raise StoreError(f"there is no store at {path}; `sitrep ingest` creates one")
            if not path.parent.is_dir():
                raise StoreError(f"cannot create a store at {path}: {path.parent} is not a folder")
            read_only = False
        if read_only:
            wal = Path(f"{path}-wal").exists()
            uri = f"file:{quote(str(path))}?" + ("mode=ro" if wal else "immutable=1")

            def connect() -> sqlite3.Connection:
                return sqlite3.connect(uri, uri=True, check_same_thread=False)

            engine = sa.create_engine(sa_url, creator=connect)
        else:
            engine = sa.create_engine(sa_url)

    @sa.event.listens_for(engine, "connect")
    def _setup(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN
        cursor = dbapi_conn.cursor()
        try:
            # Reading the whole schema is the cheap probe: it fails on a file that is not
            # a database or whose schema is damaged, and names every table before the
            # first write (the WAL switch) can touch another application's file.
            names = [
                name
                for (name,) in cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                )
            ]
        except sqlite3.DatabaseError as err:
            cursor.close()
            if isinstance(err, sqlite3.OperationalError) and not _is_damage(err):
                raise
            raise damaged(where, err) from err
        check_not_foreign(where, names)
        for pragma in _READ_ONLY_PRAGMAS if read_only else _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    @sa.event.listens_for(engine, "handle_error")
    def _damage(context: sa.engine.ExceptionContext) -> None:
        # A page damaged deep in the file shows only when a query reaches it.
        err = context.original_exception
        if isinstance(err, sqlite3.DatabaseError) and _is_damage(err):
            raise damaged(where, err) from err

    return engine


#: What a read-only connection sets: no WAL switch and no synchronous (those write).
_READ_ONLY_PRAGMAS = tuple(
    p for p in _SQLITE_PRAGMAS if "journal_mode" not in p and "synchronous" not in p
)


def _is_damage(err: sqlite3.DatabaseError) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _DAMAGED
    return type(err) is sqlite3.DatabaseError  # SQLite's own class for both, without a code


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A write transaction; SQLite takes its lock up front, PostgreSQL an advisory lock.

    A function of the engine, not of the Store, so the store's parts that write (review,
    tokens) need only the engine and never import the Store that uses them.
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            if engine.dialect.name == "postgresql":
                # One writer at a time: two processes ingesting the same article must
                # not both see it as new, and incidents must not be rebuilt concurrently.
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(7316012)"))
            yield conn
