"""The event store: articles, their events and incidents in SQLite or PostgreSQL.

    with open_store("sitrep.db") as store:          # or "postgresql://user@host/db"
        result = store.ingest(article, events)      # one transaction per article
        for event in store.events(country="SYR", since=date(2024, 11, 1)):
            ...

An article's identity is its id, or else its URL; its content is `content_hash` (title and
text, normalized). Ingesting the same content again changes nothing ("unchanged"); new
content at a known id or URL is stored as a new version ("version"), and the old one is kept.
Queries read the latest version of each article only. Each `ingest` is atomic: a crash or a
failure leaves that article entirely stored or not at all, and other articles untouched.

Reviewers' corrections and verdicts (`correct`, `review`; see `sitrep.store.review`) are kept
as an append-only history beside the extraction, which is never changed; queries, exports and
incidents read events with their corrections applied, and a new version of an article keeps
the histories of the events it still reports. `event_page`, `event_stats` and the other
methods of that section read the store page by page for the HTTP API (`sitrep.store.browse`).

This package is the only place Sitrep writes SQL (`schema.py` defines the tables once for
both databases); it never imports spaCy.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa

from sitrep.errors import SitrepError, StoreError, StoreFailure
from sitrep.models import Article, Event, Incident
from sitrep.review import REVIEW, Correction
from sitrep.store import browse, rows
from sitrep.store import review as review_rows
from sitrep.store import tokens as token_rows
from sitrep.store.connect import (
    WRITE,
    damaged,
    describe,
    make_engine,
    resolve_url,
    writable,
    write_transaction,
)
from sitrep.store.query import EVENT_DATA, Filters, check_known, event_query
from sitrep.store.rows import content_hash
from sitrep.store.schema import (
    SCHEMA_VERSION,
    check_not_foreign,
    current_version,
    metadata,
    migrate,
)

__all__ = ["IngestResult", "Store", "content_hash", "open_store"]

Status = Literal["new", "unchanged", "version"]

T = metadata.tables
ARTICLES, EVENTS, INCIDENTS, PLACES = T["articles"], T["events"], T["incidents"], T["places"]
_CHILD_TABLES = ("places", "actors", "counts", "claims", "evidence")


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestResult:
    "What `Store.ingest` did with one article."

    status: Status
    article_id: str  # the stored article's id (the first version's, for a new version by URL)
    version: int
    events: int  # events stored (0 when unchanged)
    incidents: tuple[str, ...] = ()  # incidents the events joined or founded


@dataclass(slots=True)
class _Matched:
    "Incident assignments of one article's events, before they are written."

    outlets: dict[str, str | None]  # article_id -> outlet, for every member's article
    members: dict[str, list[Event]] = field(default_factory=dict)
    assigned: list[str] = field(default_factory=list)  # incident_id per event, in order


def _incident_row(incident: Incident) -> dict[str, Any]:
    place = incident.location
    return {
        "incident_id": incident.incident_id,
        "event_date": incident.event_date,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "country_code": place.country_code.upper() if place and place.country_code else None,
        "country_key": place.country.casefold() if place and place.country else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "fatalities_best": incident.fatalities.best if incident.fatalities else None,
        "reports": len(incident.articles),
        "updated_at": datetime.now(UTC).isoformat(),
        "data": rows.dump(incident.to_dict()),
    }


def open_store(
    url: str | os.PathLike[str] | None = None,
    *,
    create: bool = True,
    reconcile: bool = True,
    read_only: bool = False,
    check: bool | None = None,
) -> Store:
    """The store at `url`, migrated forward to the current schema.

    `url` is a SQLite path or `postgresql://` URL; None means the SITREP_DB environment
    variable, else ./sitrep.db. With `create=False`, a store that does not exist yet is an
    error (StoreError) instead of being created. With `reconcile=False`, ingested events are
    not matched to incidents (their incident_id stays empty): for bulk loads and benchmarks
    that measure the store alone. `read_only=True` says the caller will only read: a SQLite
    store this process cannot write (a read-only folder, file or mount) is then opened
    read-only instead of failing; it must already be at the current schema, since
    upgrading it would be a write.

    Another application's database is refused untouched (StoreError). With `check` (the
    default unless `read_only`), an existing SQLite store is first checked page by page
    (`PRAGMA quick_check`, about 1 s per 100 MB): writing into a damaged file would only
    damage it further. A damaged file is a StoreFailure naming it, at the open or at the
    first query that meets the damage.
    """
    sa_url = resolve_url(url)
    check = not read_only if check is None else check
    read_only = read_only and not writable(sa_url)
    existed = sa_url.startswith("sqlite:///") and Path(sa_url.removeprefix("sqlite:///")).exists()
    engine = make_engine(sa_url, create=create, read_only=read_only)
    where = describe(sa_url)
    try:
        if existed and check:
            # In a read transaction of its own: the check may take seconds on a large
            # store, and must not hold the write lock meanwhile.
            with engine.connect() as conn:
                if current_version(conn):
                    _check_pages(conn, where)
        with engine.connect() as conn:
            if not read_only:
                conn.execution_options(**{WRITE: True})
            if engine.dialect.name == "postgresql":
                inspector = sa.inspect(conn)
                check_not_foreign(
                    where, [*inspector.get_table_names(), *inspector.get_view_names()]
                )
            have = current_version(conn)
            if not create and have == 0:
                conn.rollback()
                raise StoreError(f"{where} holds no Sitrep store; `sitrep ingest` creates one")
            conn.rollback()
            if read_only:
                _check_readable(where, have)
            else:
                migrate(conn)
    except sa.exc.OperationalError as err:
        engine.dispose()
        if not writable(sa_url):
            raise StoreError(
                f"cannot write the store at {where}: its file or folder is read-only "
                f"({_reason(err)}); this command writes, so it needs write access there "
                "(`sitrep events` and `sitrep export` read it as it is)"
            ) from err
        raise StoreError(
            f"cannot open the store at {where}: {_reason(err)}; "
            "check the path or URL, and that the server is running"
        ) from err
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, url=where, reconcile=reconcile)


def _check_pages(conn: sa.Connection, where: str) -> None:
    "StoreFailure if SQLite's quick_check finds a damaged page; its first findings in one line."
    found = list(conn.exec_driver_sql("PRAGMA quick_check").scalars())
    if found != ["ok"]:
        lines = [x for f in found for x in str(f).splitlines() if x and not x.startswith("***")]
        more = f" and {len(lines) - 2} more" if len(lines) > 2 else ""
        raise damaged(where, "quick_check: " + "; ".join(lines[:2]) + more)


def _check_readable(where: str, have: int) -> None:
    "Refuse a read-only store at another schema version: reading it needs an upgrade first."
    if have < SCHEMA_VERSION:
        raise StoreError(
            f"{where} is at schema version {have} and this Sitrep reads {SCHEMA_VERSION}; "
            "it cannot be upgraded without write access: run `sitrep ingest` on it once "
            "as a user who may write its folder"
        )
    if have > SCHEMA_VERSION:
        raise StoreError(
            f"{where} is at schema version {have}, newer than this Sitrep "
            f"(schema {SCHEMA_VERSION}); upgrade Sitrep to read it"
        )


def _reason(err: BaseException) -> str:
    orig = getattr(err, "orig", None) or err
    return " ".join(str(orig).split())[:300]


def _reconcile() -> Any:
    """sitrep.reconcile if this Sitrep has it, else None (events are then stored unmatched).

    Only a missing module means None: an error inside it is raised, never silently turned
    into a store without incidents.
    """
    if importlib.util.find_spec("sitrep.reconcile") is None:
        return None
    return importlib.import_module("sitrep.reconcile")


class Store:
    "An open event store; use `open_store` to get one. A context manager that closes it."

    def __init__(self, engine: sa.Engine, *, url: str, reconcile: bool = True) -> None:
        self.engine = engine
        self.url = url
        self.dialect = engine.dialect.name
        self._reconcile = _reconcile() if reconcile else None

    # -- writing -------------------------------------------------------------------------

    def ingest(self, article: Article, events: Sequence[Event]) -> IngestResult:
        """Store one article and its events in one transaction: all of it, or none.

        Raises ContractError for events that are not this article's, whose evidence does not
        slice its text or whose date is implausible; StoreError when the database refuses
        this article's rows; StoreFailure when the database itself fails (disk full, I/O
        error, damaged file, server gone), which later articles would hit too. Either way
        nothing of this article is stored, and the store is as it was.
        """
        rows.check_events(article, events)
        digest = content_hash(article)
        try:
            with self._write() as conn:
                result = self._ingest(conn, article, list(events), digest)
                if result.status == "version":
                    review_rows.carry(
                        conn,
                        result.article_id,
                        result.version,
                        refresh_incidents=self._refresh_incidents,
                    )
                return result
        except SitrepError:
            raise
        except (sa.exc.IntegrityError, sa.exc.DataError) as err:
            # This article's rows were refused (a taken event_id, a value out of range).
            raise StoreError(
                f"{article.origin or article.id}: not stored ({_reason(err)}); "
                "nothing of this article was written"
            ) from err
        except sa.exc.SQLAlchemyError as err:
            # The database itself failed (disk full, I/O error, read-only, server gone):
            # every later article would fail alike.
            raise StoreFailure(
                f"{self.url}: cannot store {article.origin or article.id} ({_reason(err)}); "
                "nothing of it was written and what was stored before stays; fix the cause "
                "(free disk space, say) and run the same ingest again to store the rest"
            ) from err

    def _ingest(
        self, conn: sa.Connection, article: Article, events: list[Event], digest: str
    ) -> IngestResult:
        a = ARTICLES
        found = conn.execute(
            sa.select(a.c.lineage).where(a.c.article_id == article.id).limit(1)
        ).first()
        if found is None and article.url:
            found = conn.execute(
                sa.select(a.c.lineage).where(a.c.url == article.url).limit(1)
            ).first()
        stale: set[str] = set()
        if found is None:
            lineage, version, status = article.id, 1, "new"
        else:
            lineage = found.lineage
            same = conn.execute(
                sa.select(a.c.version)
                .where(a.c.lineage == lineage, a.c.content_hash == digest)
                .limit(1)
            ).first()
            if same is not None:
                return IngestResult(
                    status="unchanged", article_id=lineage, version=same.version, events=0
                )
            latest = conn.execute(
                sa.select(a.c.pk, a.c.version).where(a.c.lineage == lineage, a.c.latest)
            ).one()
            version, status = latest.version + 1, "version"
            stale = {
                iid
                for iid in conn.execute(
                    sa.select(EVENTS.c.incident_id).where(
                        EVENTS.c.article_pk == latest.pk, EVENTS.c.incident_id.is_not(None)
                    )
                ).scalars()
            }
            conn.execute(sa.update(a).where(a.c.pk == latest.pk).values(latest=False))
        article_pk = conn.execute(
            sa.insert(a).returning(a.c.pk),
            {
                "article_id": article.id,
                "lineage": lineage,
                "version": version,
                "latest": True,
                "content_hash": digest,
                "url": article.url,
                "title": article.title,
                "text": article.text,
                "published": article.published,
                "outlet": article.outlet,
                "language": article.language,
                "origin": article.origin,
                "ingested_at": datetime.now(UTC).isoformat(),
            },
        ).scalar_one()
        matched = self._match(conn, article, events)
        if events:
            pks = list(
                conn.execute(
                    sa.insert(EVENTS).returning(EVENTS.c.pk, sort_by_parameter_order=True),
                    [
                        {
                            **rows.event_row(e, article_pk=article_pk, ordinal=i),
                            "incident_id": matched.assigned[i] if matched else None,
                        }
                        for i, e in enumerate(events)
                    ],
                ).scalars()
            )
            children: dict[str, list[dict[str, Any]]] = {name: [] for name in _CHILD_TABLES}
            for event, pk in zip(events, pks, strict=True):
                for name, items in rows.child_rows(event, pk).items():
                    children[name].extend(items)
            for name, items in children.items():
                if items:
                    conn.execute(sa.insert(T[name]), items)
        if matched:
            self._rebuild_incidents(conn, matched, stale)
        return IngestResult(
            status=status,
            article_id=lineage,
            version=version,
            events=len(events),
            incidents=tuple(dict.fromkeys(matched.assigned)) if matched else (),
        )

    def _match(self, conn: sa.Connection, article: Article, events: list[Event]) -> _Matched | None:
        """The incident each event joins (`sitrep.reconcile.match`) or founds, with the
        members every touched incident will have once the events are stored."""
        rec = self._reconcile
        if rec is None:
            return None
        matched = _Matched(outlets={article.id: article.outlet})
        for event in events:
            candidates = self._candidates(conn, rec.window(event), matched.outlets)
            incident_id = rec.match(event, candidates) or rec.new_incident_id(event)
            if incident_id not in matched.members:
                matched.members[incident_id] = list(dict(candidates).get(incident_id, ()))
            matched.members[incident_id].append(event)
            matched.assigned.append(incident_id)
        return matched

    def _candidates(
        self, conn: sa.Connection, window: Any, outlets: dict[str, str | None]
    ) -> list[tuple[str, list[Event]]]:
        """Incidents with a member in `window`, each with all its members (latest versions);
        the members' outlets are added to `outlets`.

        The window test is `sitrep.reconcile.in_window` in SQL: a compatible event type; a
        date inside the window, or no date; coordinates inside its box, or none.
        """
        e, p = EVENTS.alias("candidate"), PLACES

        def part(dated: bool) -> sa.Select:
            q = (
                sa.select(e.c.incident_id)
                .select_from(
                    e.join(
                        ARTICLES, sa.and_(ARTICLES.c.pk == e.c.article_pk, ARTICLES.c.latest)
                    ).outerjoin(p, p.c.event_pk == e.c.pk)
                )
                .where(e.c.event_type.in_(window.event_types), e.c.incident_id.is_not(None))
            )
            if not dated:
                q = q.where(e.c.event_date.is_(None))
            else:
                if window.date_from is not None:
                    q = q.where(e.c.event_date >= window.date_from)
                if window.date_to is not None:
                    q = q.where(e.c.event_date <= window.date_to)
            if window.bbox is not None:
                min_lon, min_lat, max_lon, max_lat = window.bbox
                inside = sa.and_(
                    p.c.latitude.between(min_lat, max_lat),
                    p.c.longitude.between(min_lon, max_lon),
                )
                q = q.where(sa.or_(p.c.latitude.is_(None), inside))
            return q

        # Dated and undated candidates apart: an OR with IS NULL would keep the database from
        # using the (event_type, event_date) index.
        in_window = (
            sa.union(part(True), part(False)) if window.date_from or window.date_to else part(True)
        )
        members: dict[str, list[tuple[int, Event]]] = {}
        query = self._members_query().where(EVENTS.c.incident_id.in_(in_window))
        for pk, incident_id, data, article_id, outlet in conn.execute(query):
            members.setdefault(incident_id, []).append((pk, rows.load_event(data)))
            outlets[article_id] = outlet
        return [(iid, [ev for _, ev in sorted(group)]) for iid, group in sorted(members.items())]

    @staticmethod
    def _members_query() -> sa.Select:
        """pk, incident_id, data, article_id, outlet of the latest articles' events.

        Unordered: an ORDER BY here leads SQLite to scan every event in pk order instead of
        using the incident_id index; callers sort by pk. Events come corrected; a rejected
        event is no member.
        """
        return (
            sa.select(
                EVENTS.c.pk,
                EVENTS.c.incident_id,
                EVENT_DATA,
                ARTICLES.c.article_id,
                ARTICLES.c.outlet,
            )
            .join(ARTICLES, sa.and_(ARTICLES.c.pk == EVENTS.c.article_pk, ARTICLES.c.latest))
            .where(sa.func.coalesce(EVENTS.c.review, "") != "rejected")
        )

    def _rebuild_incidents(self, conn: sa.Connection, matched: _Matched, stale: set[str]) -> None:
        """Rewrite every incident the article touched: those its events joined or founded, and
        those that lost members to its new version (deleted when nothing is left of them)."""
        members = matched.members
        lost = sorted(stale - members.keys())
        if lost:
            found = sorted(
                conn.execute(self._members_query().where(EVENTS.c.incident_id.in_(lost)))
            )
            for _, incident_id, data, article_id, outlet in found:
                members.setdefault(incident_id, []).append(rows.load_event(data))
                matched.outlets[article_id] = outlet
        touched = sorted({*members, *lost})
        conn.execute(sa.delete(INCIDENTS).where(INCIDENTS.c.incident_id.in_(touched)))
        built = [
            self._reconcile.build_incident(iid, group, outlets=matched.outlets)
            for iid, group in sorted(members.items())
        ]
        if built:
            conn.execute(sa.insert(INCIDENTS), [_incident_row(i) for i in built])

    def _refresh_incidents(self, conn: sa.Connection, incident_ids: set[str]) -> None:
        "Rebuild these incidents from their members as they now read (deleted if none is left)."
        if incident_ids and self._reconcile is not None:
            self._rebuild_incidents(conn, _Matched(outlets={}), set(incident_ids))

    def _write(self) -> AbstractContextManager[sa.Connection]:
        "A write transaction (`sitrep.store.connect.write_transaction`)."
        return write_transaction(self.engine)

    # -- reading -------------------------------------------------------------------------

    def seen(
        self,
        *,
        article_id: str | None = None,
        url: str | None = None,
        content_hash: str | None = None,
    ) -> bool:
        "Whether some stored article version matches every criterion given (at least one)."
        a = ARTICLES
        conditions = []
        if article_id is not None:
            conditions.append(a.c.article_id == article_id)
        if url is not None:
            conditions.append(a.c.url == url)
        if content_hash is not None:
            conditions.append(a.c.content_hash == content_hash)
        if not conditions:
            raise StoreError("seen() needs an article_id, a url or a content_hash")
        with self.engine.connect() as conn:
            return conn.execute(sa.select(a.c.pk).where(*conditions).limit(1)).first() is not None

    def status(self, article: Article) -> Status:
        "What `ingest` would do with this article now, without extracting or writing anything."
        digest = content_hash(article)
        a = ARTICLES
        with self.engine.connect() as conn:
            lineage = self._lineage(conn, article.id)
            if lineage is None and article.url:
                lineage = conn.execute(
                    sa.select(a.c.lineage).where(a.c.url == article.url).limit(1)
                ).scalar()
            if lineage is None:
                return "new"
            same = conn.execute(
                sa.select(a.c.pk).where(a.c.lineage == lineage, a.c.content_hash == digest)
            ).first()
            return "unchanged" if same is not None else "version"

    @staticmethod
    def _lineage(conn: sa.Connection, article_id: str) -> str | None:
        return conn.execute(
            sa.select(ARTICLES.c.lineage).where(ARTICLES.c.article_id == article_id).limit(1)
        ).scalar()

    def _version_row(
        self, conn: sa.Connection, article_id: str, version: int | None
    ) -> sa.Row | None:
        lineage = self._lineage(conn, article_id)
        if lineage is None:
            return None
        q = sa.select(ARTICLES).where(ARTICLES.c.lineage == lineage)
        q = q.where(ARTICLES.c.latest if version is None else ARTICLES.c.version == version)
        return conn.execute(q).first()

    def article(self, article_id: str, *, version: int | None = None) -> Article | None:
        """The latest version of the article with this id (or a given `version`), or None.

        Any version's id finds the article, so an article revised under a new id at the same
        URL is found by either id.
        """
        with self.engine.connect() as conn:
            row = self._version_row(conn, article_id, version)
        if row is None:
            return None
        return Article(
            id=row.article_id,
            text=row.text,
            published=row.published,
            outlet=row.outlet,
            title=row.title,
            url=row.url,
            language=row.language,
            origin=row.origin,
        )

    def versions(self, article_id: str) -> list[int]:
        "The stored version numbers of an article, oldest first ([] if it is unknown)."
        with self.engine.connect() as conn:
            lineage = self._lineage(conn, article_id)
            if lineage is None:
                return []
            return list(
                conn.execute(
                    sa.select(ARTICLES.c.version)
                    .where(ARTICLES.c.lineage == lineage)
                    .order_by(ARTICLES.c.version)
                ).scalars()
            )

    def events_of(self, article_id: str, *, version: int | None = None) -> list[Event]:
        "The events of an article's latest version (or a given `version`), in stored order."
        with self.engine.connect() as conn:
            row = self._version_row(conn, article_id, version)
            if row is None:
                return []
            data = conn.execute(
                sa.select(EVENTS.c.data)
                .where(EVENTS.c.article_pk == row.pk)
                .order_by(EVENTS.c.ordinal)
            ).scalars()
            return [rows.load_event(d) for d in data]

    def events(self, **filters: Any) -> Iterator[Event]:
        """Events of the latest version of each article that match every filter, by date.

        The keywords are those of `Filters` (see `sitrep.store.query` for what each
        matches). Events without a date come last; a filter on a field the event lacks
        (place, fatalities) excludes it. A filter value nobody knows is a FilterError, raised
        here rather than at the first event.
        """
        return self.select(Filters(**filters))

    def incidents(self, **filters: Any) -> Iterator[Incident]:
        "Incidents (events reconciled across articles) that match every filter, by date."
        return self.select(Filters(**filters), incidents=True)

    def _stream(self, query: sa.Select) -> Iterator[str]:
        # yield_per streams rows (a server-side cursor on PostgreSQL) instead of loading all.
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=1000).execute(query)
            yield from result.scalars()

    def stats(self) -> dict[str, int]:
        "How much is stored: articles (latest versions), versions, events, incidents, schema."
        with self.engine.connect() as conn:

            def count(q: sa.Select) -> int:
                return int(conn.execute(q).scalar() or 0)

            latest = sa.select(ARTICLES.c.pk).where(ARTICLES.c.latest).subquery()
            return {
                "articles": count(sa.select(sa.func.count()).select_from(latest)),
                "versions": count(sa.select(sa.func.count()).select_from(ARTICLES)),
                "events": count(
                    sa.select(sa.func.count())
                    .select_from(EVENTS)
                    .where(EVENTS.c.article_pk.in_(sa.select(latest.c.pk)))
                ),
                "incidents": count(sa.select(sa.func.count()).select_from(INCIDENTS)),
                "schema": current_version(conn),
            }

    def optimize(self) -> None:
        """Refresh the planner's statistics after a large ingest, so queries choose indexes well.

        Not after a bulk load with `reconcile=False`: statistics that see no incidents would
        make SQLite's incident lookups scan, until it is run again once incidents exist.
        """
        with self.engine.connect() as conn, conn.begin():
            conn.exec_driver_sql("ANALYZE")

    # -- review (sitrep.store.review) ----------------------------------------------------

    def correct(
        self, event_id: str, field: str, value: Any, *, why: str, reviewer: str
    ) -> Correction:
        """Correct one field of an event (`sitrep.review.CORRECTABLE`); ReviewError if the
        event does not exist or the value does not fit. The extraction stays as it was."""
        return review_rows.record(
            self.engine,
            event_id,
            field,
            value,
            why=why,
            reviewer=reviewer,
            refresh_incidents=self._refresh_incidents,
        )

    def correct_all(
        self, event_id: str, changes: Sequence[tuple[str, Any]], *, why: str, reviewer: str
    ) -> list[Correction]:
        """Several corrections of one event, each its own history entry (as `correct` writes
        it), in one transaction: a value that does not fit leaves the history unchanged."""
        return review_rows.record_all(
            self.engine,
            event_id,
            changes,
            why=why,
            reviewer=reviewer,
            refresh_incidents=self._refresh_incidents,
        )

    def review(self, event_id: str, verdict: str, *, why: str, reviewer: str) -> Correction:
        "Confirm or reject an event; a rejected event leaves queries, exports and incidents."
        return review_rows.record(
            self.engine,
            event_id,
            REVIEW,
            verdict,
            why=why,
            reviewer=reviewer,
            refresh_incidents=self._refresh_incidents,
        )

    def history(self, event_id: str) -> list[Correction] | None:
        "The event's corrections and verdicts, oldest first; None if there is no such event."
        with self.engine.connect() as conn:
            found = conn.execute(
                sa.select(EVENTS.c.review_key).where(EVENTS.c.event_id == event_id)
            ).first()
            if found is None:
                return None
            return review_rows.history(conn, found.review_key or event_id)

    def create_token(self, name: str) -> str:
        "A new write token for reviewer `name`, returned once; only its hash is stored."
        return token_rows.create_token(self.engine, name)

    def token_name(self, token: str) -> str | None:
        "The reviewer a live token belongs to, or None."
        return token_rows.token_name(self.engine, token)

    def revoke_token(self, name: str) -> bool:
        "Revoke reviewer `name`'s token; False if it has none."
        return token_rows.revoke_token(self.engine, name)

    def tokens(self) -> list[dict[str, Any]]:
        "Every token's name and dates (never the token or its hash)."
        return token_rows.list_tokens(self.engine)

    # -- pages for the HTTP API (sitrep.store.browse) -------------------------------------

    def event_page(
        self,
        filters: Filters,
        *,
        sort: str = "date",
        after: browse.Cursor | None = None,
        limit: int = 100,
        count: bool = True,
    ) -> browse.Page:
        "One keyset page of events (EventRow) matching `filters`, in `sort` order."
        return self._page(browse.event_page, filters, sort, after, limit, count)

    def incident_page(
        self,
        filters: Filters,
        *,
        sort: str = "date",
        after: browse.Cursor | None = None,
        limit: int = 100,
        count: bool = True,
    ) -> browse.Page:
        "One keyset page of incidents (JSON texts) matching `filters`, by date."
        return self._page(browse.incident_page, filters, sort, after, limit, count)

    def _page(
        self,
        build: Any,
        filters: Filters,
        sort: str,
        after: browse.Cursor | None,
        limit: int,
        count: bool,
    ) -> browse.Page:
        "A keyset page from `browse` on a read connection, with this store's total cache."
        with self.engine.connect() as conn:
            check_known(conn, filters)
            return build(
                conn,
                filters,
                sort=sort,
                after=after,
                limit=limit,
                count=count,
                counts=self._counts(),
            )

    def _counts(self) -> browse.PageCache:
        "This store's cache of page totals and article summaries (made on first use)."
        cache = self.__dict__.get("_page_cache")
        if cache is None:
            cache = self.__dict__["_page_cache"] = browse.PageCache()
        return cache

    def select(self, filters: Filters, *, incidents: bool = False) -> Iterator[Any]:
        """Events (or incidents) matching `filters`, decoded, by date.

        Not a generator itself: a value no lexicon and no stored event knows is a
        FilterError now, before a caller writes the first byte of its output.
        """
        self.check(filters)
        query = browse.incident_query_q(filters) if incidents else event_query(filters)
        make = (lambda d: Incident.from_dict(json.loads(d))) if incidents else rows.load_event
        return (make(data) for data in self._stream(query))

    def check(self, filters: Filters) -> None:
        "FilterError for an actor, country or admin1 known to no lexicon and no stored event."
        with self.engine.connect() as conn:
            check_known(conn, filters)

    def event_rows(self, event_ids: Sequence[str]) -> list[browse.EventRow]:
        "These events as the API lists them (any version, rejected too), in the order given."
        with self.engine.connect() as conn:
            return browse.event_rows(conn, event_ids)

    def last_changed(self, ids: Sequence[str], *, incidents: bool = False) -> dict[str, datetime]:
        """When each of these events (or incidents) last changed, by id: ingestion or a
        review for an event, the last rebuild for an incident. For exports' timestamps."""
        with self.engine.connect() as conn:
            return browse.last_changed(conn, ids, incidents=incidents)

    def incident(self, incident_id: str) -> Incident | None:
        "One incident, or None."
        with self.engine.connect() as conn:
            data = browse.incident_data(conn, incident_id)
        return None if data is None else Incident.from_dict(json.loads(data))

    def article_view(
        self, article_id: str, *, version: int | None = None
    ) -> browse.ArticleView | None:
        "An article with its events, corrected and as extracted; None if there is none."
        with self.engine.connect() as conn:
            return browse.article_view(conn, article_id, version)

    def event_stats(self, filters: Filters, *, by: str) -> list[dict[str, Any]]:
        "Events and fatalities per day, week, actor, type, sub_type or admin1."
        with self.engine.connect() as conn:
            check_known(conn, filters)
            return browse.event_stats(conn, filters, by=by)

    # -- lifetime ------------------------------------------------------------------------

    def files(self) -> tuple[Path, ...]:
        """The files this store lives in: a SQLite file and its -wal, -shm and -journal
        siblings, whether they exist now or not; none for PostgreSQL or :memory:. Exports
        refuse to write onto any of them."""
        database = self.engine.url.database if self.dialect == "sqlite" else None
        if not database or database == ":memory:":
            return ()
        db = Path(database)
        return (db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal")))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.url} schema {SCHEMA_VERSION}>"
