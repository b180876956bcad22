"""The store's tables, defined once for SQLite and PostgreSQL, and their forward migrations.

`tables(metadata, version)` builds the schema as it was at any `version`, so there is one
definition: the current schema is `tables(..., SCHEMA_VERSION)`, and migration N is the
difference between versions N-1 and N (new tables, new nullable columns, new indexes),
followed by that version's data step, if it has one. Migrations only add; they never drop or
rewrite a column, so no version loses data. Each one runs in its own transaction together
with its row in `sitrep_schema`, so a crash leaves the database at the previous version.

    version 1   articles (every version kept), events (+ the event's contract JSON for an
                exact round trip), places, actors, counts, claims, evidence
    version 2   incidents (reconciled across articles) and events.incident_id
    version 3   review: corrections (append-only history), tokens (hashes only), and on
                events review_key / corrected (the event with its corrections applied;
                `data` keeps the extraction) / review (the last verdict)

To change the schema: bump SCHEMA_VERSION, add the new columns or tables with
`since(N, ...)`, and add a data step to DATA_STEPS if existing rows need filling in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sitrep import __version__
from sitrep.errors import StoreError

__all__ = [
    "SCHEMA_VERSION",
    "check_not_foreign",
    "current_version",
    "metadata",
    "migrate",
    "tables",
]

SCHEMA_VERSION = 3


def tables(md: sa.MetaData, version: int) -> sa.MetaData:
    "The tables and indexes as they stand at schema `version`, added to `md`."
    if version < 1:
        return md

    def since(n: int, *items: sa.SchemaItem) -> list[sa.SchemaItem]:
        return list(items) if version >= n else []

    def fk(column: str) -> sa.ForeignKey:
        return sa.ForeignKey(column, ondelete="CASCADE")

    text, integer, flag = sa.Text, sa.Integer, sa.Boolean(create_constraint=False)

    sa.Table(
        "sitrep_schema",
        md,
        sa.Column("version", integer, primary_key=True, autoincrement=False),
        sa.Column("applied_at", text, nullable=False),
        sa.Column("sitrep", text, nullable=False),
    )
    # One row per version of an article. `lineage` is the article_id of its first version,
    # shared by every later one; `latest` marks the version that queries read.
    sa.Table(
        "articles",
        md,
        sa.Column("pk", integer, primary_key=True),
        sa.Column("article_id", text, nullable=False),
        sa.Column("lineage", text, nullable=False),
        sa.Column("version", integer, nullable=False),
        sa.Column("latest", flag, nullable=False),
        sa.Column("content_hash", text, nullable=False),
        sa.Column("url", text),
        sa.Column("title", text),
        sa.Column("text", text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("outlet", text),
        sa.Column("language", text),
        sa.Column("origin", text),
        sa.Column("ingested_at", text, nullable=False),
        sa.UniqueConstraint("lineage", "version", name="uq_articles_lineage_version"),
        sa.Index("ix_articles_article_id", "article_id"),
        sa.Index("ix_articles_url", "url"),
        sa.Index("ix_articles_content_hash", "content_hash"),
        # At most one latest version per article, enforced by the database itself.
        sa.Index(
            "uq_articles_latest",
            "lineage",
            unique=True,
            sqlite_where=sa.text("latest"),
            postgresql_where=sa.text("latest"),
        ),
    )
    sa.Table(
        "events",
        md,
        sa.Column("pk", integer, primary_key=True),
        sa.Column("event_id", text, nullable=False, unique=True),
        sa.Column("article_pk", integer, fk("articles.pk"), nullable=False),
        sa.Column("ordinal", integer, nullable=False),
        sa.Column("event_date", sa.Date),
        sa.Column("date_precision", text),
        sa.Column("event_type", text, nullable=False),
        sa.Column("sub_event_type", text, nullable=False),
        sa.Column("civilian_harm", flag, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("notes", text, nullable=False),
        sa.Column("data", text, nullable=False),  # Event.to_dict() as JSON: the exact record
        *since(2, sa.Column("incident_id", text)),
        # Review (version 3): the key of the event's review history (its own event_id, or
        # that of the earlier version's event it succeeds), the event with the history
        # applied (JSON; `data` stays the extraction) and the last verdict.
        *since(3, sa.Column("review_key", text)),
        *since(3, sa.Column("corrected", text)),
        *since(3, sa.Column("review", text)),
        sa.Index("ix_events_article_pk", "article_pk"),
        sa.Index("ix_events_event_date", "event_date"),
        sa.Index("ix_events_type_date", "event_type", "event_date"),
        sa.Index("ix_events_subtype_date", "sub_event_type", "event_date"),
        *since(2, sa.Index("ix_events_incident_id", "incident_id")),
        *since(3, sa.Index("ix_events_review_key", "review_key")),
    )
    sa.Table(
        "places",
        md,
        sa.Column("pk", integer, primary_key=True),
        sa.Column("event_pk", integer, fk("events.pk"), nullable=False, unique=True),
        sa.Column("name", text, nullable=False),
        sa.Column("admin1", text),
        sa.Column("admin2", text),
        sa.Column("country", text),
        sa.Column("country_key", text),  # casefolded country name, for case-blind filters
        sa.Column("country_code", text),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", integer),
        sa.Column("gazetteer_id", text),
        sa.Index("ix_places_country_code", "country_code"),
        sa.Index("ix_places_country_key", "country_key"),
        sa.Index("ix_places_lat_lon", "latitude", "longitude"),
    )
    sa.Table(
        "actors",
        md,
        sa.Column("pk", integer, primary_key=True),
        sa.Column("event_pk", integer, fk("events.pk"), nullable=False),
        sa.Column("ordinal", integer, nullable=False),
        sa.Column("role", text, nullable=False),
        sa.Column("name", text, nullable=False),
        sa.Column("name_key", text, nullable=False),  # casefolded name
        sa.Column("kind", text, nullable=False),
        sa.Column("country", text),
        sa.Index("ix_actors_event_pk", "event_pk"),
        sa.Index("ix_actors_name_key", "name_key"),
    )
    sa.Table(
        "counts",
        md,
        sa.Column("pk", integer, primary_key=True),
        sa.Column("event_pk", integer, fk("events.pk"), nullable=False),
        sa.Column("field", text, nullable=False),  # fatalities | wounded | captured
        sa.Column("best", integer, nullable=False),
        sa.Column("low", integer, nullable=False),
        sa.Column("high", integer, nullable=False),
        sa.Column("breakdown", text, nullable=False),  # JSON list of Share
        sa.UniqueConstraint("event_pk", "field", name="uq_counts_event_field"),
        sa.Index("ix_counts_field_best", "field", "best"),
    )
    sa.Table(
        "claims",
        md,
        sa.Column("pk", integer, primary_key=True),
        sa.Column("event_pk", integer, fk("events.pk"), nullable=False),
        sa.Column("ordinal", integer, nullable=False),
        sa.Column("field", text, nullable=False),
        sa.Column("value", text),  # JSON
        sa.Column("claimant", text, nullable=False),
        sa.Column("via", text),
        sa.Column("quote", text, nullable=False),
        sa.Column("start", integer, nullable=False),
        sa.Column("end", integer, nullable=False),
        sa.Index("ix_claims_event_pk", "event_pk"),
        sa.Index("ix_claims_claimant", "claimant"),
    )
    # Every span a field rests on: owner is "actor", "place" or a count field; owner_ordinal
    # is the actor's position in the event (0 otherwise).
    sa.Table(
        "evidence",
        md,
        sa.Column("pk", integer, primary_key=True),
        sa.Column("event_pk", integer, fk("events.pk"), nullable=False),
        sa.Column("owner", text, nullable=False),
        sa.Column("owner_ordinal", integer, nullable=False),
        sa.Column("start", integer, nullable=False),
        sa.Column("end", integer, nullable=False),
        sa.Column("text", text, nullable=False),
        sa.Index("ix_evidence_event_pk", "event_pk"),
    )
    if version >= 2:
        sa.Table(
            "incidents",
            md,
            sa.Column("incident_id", text, primary_key=True),
            sa.Column("event_date", sa.Date),
            sa.Column("event_type", text, nullable=False),
            sa.Column("sub_event_type", text, nullable=False),
            sa.Column("country_code", text),
            sa.Column("country_key", text),
            sa.Column("latitude", sa.Float),
            sa.Column("longitude", sa.Float),
            sa.Column("fatalities_best", integer),
            sa.Column("reports", integer, nullable=False),
            sa.Column("updated_at", text, nullable=False),
            sa.Column("data", text, nullable=False),  # Incident.to_dict() as JSON
            sa.Index("ix_incidents_event_date", "event_date"),
            sa.Index("ix_incidents_type_date", "event_type", "event_date"),
            sa.Index("ix_incidents_subtype_date", "sub_event_type", "event_date"),
            sa.Index("ix_incidents_country_code", "country_code"),
            sa.Index("ix_incidents_country_key", "country_key"),
            sa.Index("ix_incidents_lat_lon", "latitude", "longitude"),
            sa.Index("ix_incidents_fatalities_best", "fatalities_best"),
        )
    if version >= 3:
        # Append-only: a row is never updated or deleted. `review_key` ties the history to
        # every version of the event; `field` "review" is a verdict; before/after are JSON.
        sa.Table(
            "corrections",
            md,
            sa.Column("pk", integer, primary_key=True),
            sa.Column("review_key", text, nullable=False),
            sa.Column("lineage", text, nullable=False),
            sa.Column("event_id", text, nullable=False),
            sa.Column("field", text, nullable=False),
            sa.Column("before", text, nullable=False),
            sa.Column("after", text, nullable=False),
            sa.Column("why", text, nullable=False),
            sa.Column("reviewer", text, nullable=False),
            sa.Column("at", text, nullable=False),
            sa.Index("ix_corrections_review_key", "review_key"),
            sa.Index("ix_corrections_lineage", "lineage"),
        )
        # Write tokens: only a hash of each is kept; the token itself is shown once.
        sa.Table(
            "tokens",
            md,
            sa.Column("pk", integer, primary_key=True),
            sa.Column("name", text, nullable=False),
            sa.Column("hash", text, nullable=False),
            sa.Column("created_at", text, nullable=False),
            sa.Column("revoked_at", text),
            sa.Index("ix_tokens_name", "name"),
        )
    return md


#: The current schema: what the store's queries are written against.
metadata = tables(sa.MetaData(), SCHEMA_VERSION)

#: Per-version data steps, run after that version's new tables and columns exist.
DATA_STEPS: dict[int, Callable[[Connection], None]] = {}


def check_not_foreign(where: str, names: Iterable[str]) -> None:
    """Refuse a database that holds another application's tables (StoreError).

    Sitrep makes its schema only in a database of its own: creating tables (and, on
    SQLite, switching to WAL) in another application's file would change that file under
    it. A database with `sitrep_schema` is a Sitrep store, whatever else it holds (a newer
    Sitrep's tables, a user's own); one without must be empty. SQLite's own `sqlite_*`
    tables do not count.
    """
    names = set(names)
    if "sitrep_schema" in names:
        return
    foreign = sorted(n for n in names if not n.startswith("sqlite_"))
    if foreign:
        more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        shown = ", ".join(foreign[:5]) + more
        raise StoreError(
            f"{where} holds tables that are not Sitrep's ({shown}), so Sitrep leaves it "
            "untouched; give --db a new file (or an empty PostgreSQL database) for the store"
        )


def current_version(conn: Connection) -> int:
    "The schema version of the database; 0 for an empty one."
    if not sa.inspect(conn).has_table("sitrep_schema"):
        return 0
    found = conn.execute(sa.text("SELECT max(version) FROM sitrep_schema")).scalar()
    return int(found or 0)


def migrate(conn: Connection, *, target: int = SCHEMA_VERSION) -> list[int]:
    """Bring the database forward to `target`, one version per transaction; the versions applied.

    `conn` must not be in a transaction. A database newer than this Sitrep is refused, since
    its newer columns would be ignored and could be left stale by writes.
    """
    if target > SCHEMA_VERSION:
        raise StoreError(f"schema version {target} is unknown to this Sitrep ({__version__})")
    applied = []
    while True:
        with conn.begin():
            _lock(conn)
            have = current_version(conn)
            if have > SCHEMA_VERSION:
                raise StoreError(
                    f"the database is at schema version {have}, newer than this Sitrep "
                    f"({__version__}, schema {SCHEMA_VERSION}); upgrade Sitrep to use it"
                )
            if have >= target:
                return applied
            _apply(conn, have + 1)
            applied.append(have + 1)


def _lock(conn: Connection) -> None:
    "Serialise migrations between processes (SQLite's write lock is taken by the BEGIN)."
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(7316011)"))


def _apply(conn: Connection, version: int) -> None:
    before = tables(sa.MetaData(), version - 1).tables
    after = tables(sa.MetaData(), version).tables
    for name, table in after.items():
        if name not in before:
            table.create(conn)  # with its indexes
            continue
        old = before[name]
        for column in table.columns:
            if column.name not in old.columns:
                if not column.nullable:
                    raise StoreError(
                        f"migration {version}: new column {name}.{column.name} "
                        "must be nullable (migrations only add)"
                    )
                spec = sa.schema.CreateColumn(column).compile(dialect=conn.dialect)
                conn.execute(sa.text(f"ALTER TABLE {name} ADD COLUMN {spec}"))
        old_indexes = {i.name for i in old.indexes}
        for index in table.indexes:
            if index.name not in old_indexes:
                index.create(conn)
    step = DATA_STEPS.get(version)
    if step is not None:
        step(conn)
    conn.execute(
        sa.insert(metadata.tables["sitrep_schema"]).values(
            version=version, applied_at=datetime.now(UTC).isoformat(), sitrep=__version__
        )
    )
