"""Store URLs to SQLAlchemy engines, with each database's settings for safe, atomic writes.

    None                     SITREP_DB, else ./sitrep.db
    path/to/file.db          a SQLite file (also sqlite:///path/to/file.db)
    :memory:                 a SQLite database that lives as long as the Store
    postgresql://user@host/db   PostgreSQL through psycopg 3 (postgres:// also works)

SQLite runs in WAL mode with foreign keys on and `synchronous=FULL`: a commit is on disk
before `ingest` returns, so neither a killed process nor a power cut loses a committed
article. Writes start with BEGIN IMMEDIATE, which takes the write lock up front, so two
writers queue (busy_timeout) instead of failing half-way through an article.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from sitrep.errors import StoreError

__all__ = ["DEFAULT_DB", "WRITE", "describe", "make_engine", "resolve_url"]

DEFAULT_DB = "sitrep.db"

#: Execution option that marks a connection as a writer (BEGIN IMMEDIATE on SQLite).
WRITE = "sitrep_write"

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


def make_engine(sa_url: str, *, create: bool) -> sa.Engine:
    "An engine for `sa_url` (from resolve_url), refusing a missing SQLite file unless `create`."
    if sa_url.startswith("sqlite"):
        return _sqlite_engine(sa_url, create=create)
    return sa.create_engine(sa_url, pool_pre_ping=True)


def _sqlite_engine(sa_url: str, *, create: bool) -> sa.Engine:
    if sa_url == "sqlite://":
        engine = sa.create_engine(
            sa_url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        path = Path(sa_url.removeprefix("sqlite:///"))
        if not path.exists():
            if not create:
                raise StoreError(f"there is no store at {path}; `sitrep ingest` creates one")
            if not path.parent.is_dir():
                raise StoreError(f"cannot create a store at {path}: {path.parent} is not a folder")
        engine = sa.create_engine(sa_url)

    @sa.event.listens_for(engine, "connect")
    def _setup(dbapi_conn: object, _record: object) -> None:
        dbapi_conn.isolation_level = None  # type: ignore[attr-defined]  # we issue BEGIN
        cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
