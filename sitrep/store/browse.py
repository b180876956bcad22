"""Reading the store page by page, for the HTTP API: sorted keyset pages, rows by id,
statistics, and an article with its events.

Pages are keyset pages: a cursor holds the last row's sort value and primary key, and the
next page starts strictly after it, so paging never skips or repeats a row while the store
grows. Rows without a sort value (no date, no toll) come last in either direction. Each row
carries the event's JSON text as stored (corrections applied), so the API can serve it
without decoding and encoding 100 records per request.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from sitrep.errors import StoreError
from sitrep.models import Article, Event
from sitrep.store import rows
from sitrep.store.query import (
    EVENT_DATA,
    Filters,
    _review_condition,
    _text_condition,
    event_query,
    incident_query,
)
from sitrep.store.schema import metadata

__all__ = [
    "CURSOR_INT",
    "EVENT_SORTS",
    "INCIDENT_SORTS",
    "STATS_BY",
    "ArticleView",
    "Cursor",
    "EventRow",
    "Page",
    "PageCache",
    "decode_cursor",
    "encode_cursor",
    "last_changed",
]

T = metadata.tables
ARTICLES, EVENTS, INCIDENTS, ACTORS, COUNTS, PLACES, CORRECTIONS = (
    T["articles"],
    T["events"],
    T["incidents"],
    T["actors"],
    T["counts"],
    T["places"],
    T["corrections"],
)
FATALITIES = COUNTS.alias("fatal")

EVENT_SORTS = ("date", "-date", "fatalities", "-fatalities")
INCIDENT_SORTS = ("date", "-date")
STATS_BY = ("day", "week", "actor", "type", "sub_type", "admin1")


@dataclass(frozen=True, slots=True)
class Cursor:
    "Where a page ends: its sort, the last row's sort value (None: in the unsorted tail), key."

    sort: str
    value: Any
    key: int | str


def encode_cursor(cursor: Cursor) -> str:
    "An opaque, URL-safe cursor."
    value = cursor.value.isoformat() if isinstance(cursor.value, date) else cursor.value
    raw = json.dumps([cursor.sort, value, cursor.key], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


#: The integers a cursor may hold: keys and fatality figures are `integer` columns (32-bit on
#: PostgreSQL), so anything outside this range was never given by a page; passed on, it
#: overflows the database driver (a 500) instead of being refused.
CURSOR_INT = range(-(2**31), 2**31)


def decode_cursor(text: str, sort: str, *, kind: str = "events") -> Cursor:
    """The cursor `encode_cursor` made for `sort` on a page of `kind` ("events" or
    "incidents"); StoreError for anything else: another sort or kind, a key of the wrong
    type, or an integer no store column holds."""
    bad = StoreError(
        "the cursor is not one this API gave for this sort; start again without a cursor"
    )
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        made_for, value, key = json.loads(raw)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise bad from None
    # Events are keyed by an integer (the event's or its toll's row), incidents by their id.
    if made_for != sort or not (_store_int(key) if kind == "events" else isinstance(key, str)):
        raise bad
    if value is not None:
        try:
            if sort.lstrip("-") == "date":
                value = date.fromisoformat(value)
            elif not _store_int(value):
                raise ValueError(value)
        except (TypeError, ValueError):
            raise bad from None
    return Cursor(sort, value, key)


def _store_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in CURSOR_INT


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event as the API lists it: its JSON text (corrections applied), its incident (None
    when rejected), review state, whether it is corrected, and its article's summary."""

    pk: int
    event_id: str
    data: str
    incident_id: str | None
    review: str
    corrected: bool
    article: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        "The API's EventView as a dict (the API itself splices the JSON text instead)."
        return {
            **json.loads(self.data),
            "incident_id": self.incident_id,
            "review": self.review,
            "corrected": self.corrected,
            "article": self.article,
        }


@dataclass(frozen=True, slots=True)
class Page:
    "One page of rows (EventRow, or incident JSON texts), the next page's cursor, a total."

    items: list[Any]
    next_cursor: str | None
    count: int | None


@dataclass(frozen=True, slots=True)
class ArticleView:
    "An article version, its events as listed (corrected) and as extracted (for evidence)."

    article: Article
    version: int
    events: list[EventRow]
    extracted: list[Event]


_ROW_COLUMNS = (
    EVENTS.c.pk,
    EVENTS.c.event_id,
    EVENT_DATA,
    EVENTS.c.incident_id,
    EVENTS.c.review,
    EVENTS.c.corrected.is_not(None).label("is_corrected"),
    ARTICLES.c.article_id,
    ARTICLES.c.title,
    ARTICLES.c.outlet,
    sa.cast(ARTICLES.c.published, sa.Text).label("published"),  # ISO text on both databases
    ARTICLES.c.url,
)


def _event_row(r: Any) -> EventRow:
    "An EventRow from a row that starts with _ROW_COLUMNS (by position: rows are many)."
    pk, event_id, data, incident_id, review, corrected, article_id, title, outlet, day, url = r[:11]
    return EventRow(
        pk=pk,
        event_id=event_id,
        data=data,
        incident_id=None if review == "rejected" else incident_id,
        review=review or "unreviewed",
        corrected=bool(corrected),
        article={"id": article_id, "title": title, "outlet": outlet, "published": day, "url": url},
    )


#: A page's columns: the events' own; their articles are read after, for the page only.
_PAGE_COLUMNS = (*_ROW_COLUMNS[:6], EVENTS.c.article_pk)
_ARTICLE_COLUMNS = (ARTICLES.c.pk, *_ROW_COLUMNS[6:])


def _page_rows(conn: sa.Connection, found: list[Any], cache: PageCache) -> list[EventRow]:
    "EventRows of page rows (_PAGE_COLUMNS first), with their articles' summaries."
    articles = cache.summaries(conn, {r[6] for r in found})
    return [
        EventRow(
            pk=pk,
            event_id=event_id,
            data=data,
            incident_id=None if review == "rejected" else incident_id,
            review=review or "unreviewed",
            corrected=bool(corrected),
            article=articles[article_pk],
        )
        for pk, event_id, data, incident_id, review, corrected, article_pk, *_ in found
    ]


def _keyset(
    conn: sa.Connection,
    present: sa.Select,
    missing: sa.Select,
    *,
    value: sa.ColumnElement[Any],
    key: sa.ColumnElement[Any],
    missing_key: sa.ColumnElement[Any],
    descending: bool,
    after: Cursor | None,
    limit: int,
) -> tuple[list[Any], bool]:
    """Up to `limit` rows after `after`, and whether more follow: first the rows of `present`
    (those with a sort value) by (value, key), then the rows of `missing` by `missing_key`.

    Two queries rather than NULLS LAST, so that each walks an index in order. The key of a
    row is selected last, as "cursor_key", for the next cursor.
    """
    found: list[Any] = []
    if after is None or after.value is not None:
        q = present.add_columns(key.label("cursor_key")).where(value.is_not(None))
        if after is not None:
            mark = sa.tuple_(
                sa.bindparam(None, after.value, type_=value.type),
                sa.bindparam(None, after.key, type_=key.type),
            )
            here = sa.tuple_(value, key)
            q = q.where(here < mark if descending else here > mark)
        order = (value.desc(), key.desc()) if descending else (value.asc(), key.asc())
        found = list(conn.execute(q.order_by(*order).limit(limit + 1)))
    if len(found) <= limit:
        q = missing.add_columns(missing_key.label("cursor_key")).where(value.is_(None))
        if after is not None and after.value is None:
            q = q.where(missing_key < after.key if descending else missing_key > after.key)
        order = missing_key.desc() if descending else missing_key.asc()
        found += list(conn.execute(q.order_by(order).limit(limit + 1 - len(found))))
    return found[:limit], len(found) > limit


def _count(conn: sa.Connection, q: sa.Select) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(q.subquery())).scalar() or 0)


CORRECTIONS = T["corrections"]
_GENERATION = sa.select(
    sa.select(sa.func.max(ARTICLES.c.pk)).scalar_subquery(),
    sa.select(sa.func.max(CORRECTIONS.c.pk)).scalar_subquery(),
)


class PageCache:
    """What pages read again and again: totals of recent filter sets, and article summaries.

    A total is what scanning every matching row costs (60 ms for 14,000 events on SQLite),
    while a page costs a few milliseconds; a map page asks for the same totals again and
    again. A total is valid while the store's generation (the newest article version and
    the newest correction: nothing else changes which events match) is unchanged; it is read
    on every call, two index lookups, so a write by any process is seen at once. An article
    version's summary never changes (a new version is a new row), so it is kept as long as
    there is room. Thread-safe enough: a race only reads twice.
    """

    def __init__(self, size: int = 512, articles: int = 20_000) -> None:
        self.size = size
        self.generation: tuple[Any, ...] | None = None
        self.totals: dict[tuple[str, Filters], int] = {}
        self.articles: dict[int, dict[str, Any]] = {}
        self.articles_size = articles

    def summaries(self, conn: sa.Connection, pks: set[int]) -> dict[int, dict[str, Any]]:
        "The summary ({id, title, outlet, published, url}) of each article version pk."
        known = self.articles
        missing = sorted(pk for pk in pks if pk not in known)
        if missing:
            if len(known) + len(missing) > self.articles_size:
                known.clear()
            for pk, article_id, title, outlet, day, url in conn.execute(
                sa.select(*_ARTICLE_COLUMNS).where(ARTICLES.c.pk.in_(missing))
            ):
                known[pk] = {
                    "id": article_id,
                    "title": title,
                    "outlet": outlet,
                    "published": day,
                    "url": url,
                }
        return known

    def get(self, conn: sa.Connection, kind: str, f: Filters, count: Any) -> int:
        generation = tuple(conn.execute(_GENERATION).one())
        if generation != self.generation:
            self.totals, self.generation = {}, generation
        key = (kind, replace(f, limit=None))
        total = self.totals.get(key)
        if total is None:
            total = count()
            if len(self.totals) >= self.size:
                self.totals.pop(next(iter(self.totals)))
            self.totals[key] = total
        return total


def event_page(
    conn: sa.Connection,
    f: Filters,
    *,
    sort: str = "date",
    after: Cursor | None = None,
    limit: int = 100,
    count: bool = True,
    counts: PageCache | None = None,
) -> Page:
    """A page of events matching `f` in `sort` order, after `after`; with the total matching
    when `count` (the first page), from `counts` while the store is unchanged."""
    if sort not in EVENT_SORTS:
        raise StoreError(f"sort {sort!r} is not one of: {', '.join(EVENT_SORTS)}")
    # latest_exists: every sort walks an index and stops after a page; a join to articles
    # could make SQLite first build a Bloom filter over all of them (1.5 ms at 20,000).
    base = event_query(replace(f, limit=None), columns=_PAGE_COLUMNS, latest_exists=True).order_by(
        None
    )
    if sort.lstrip("-") == "fatalities":
        # With a toll: join the toll (an inner join, so the planner can walk the
        # (field, best) index in order, with min_fatalities on that same index) and break
        # ties by the toll row's key, unique per event; without one: an outer join, keyed
        # by the event (none of them has min_fatalities).
        fatal = sa.and_(FATALITIES.c.event_pk == EVENTS.c.pk, FATALITIES.c.field == "fatalities")
        value = FATALITIES.c.best
        unfiltered = event_query(
            replace(f, limit=None, min_fatalities=None), columns=_PAGE_COLUMNS, latest_exists=True
        ).order_by(None)
        present = unfiltered.join(FATALITIES, fatal).add_columns(value.label("sort_value"))
        if f.min_fatalities is not None:
            present = present.where(value >= f.min_fatalities)
        missing = base.outerjoin(FATALITIES, fatal).add_columns(value.label("sort_value"))
        key = FATALITIES.c.pk
    else:
        value = EVENTS.c.event_date
        present = missing = base.add_columns(sa.cast(value, sa.Text).label("sort_value"))
        key = EVENTS.c.pk
    found, more = _keyset(
        conn,
        present,
        missing,
        value=value,
        key=key,
        missing_key=EVENTS.c.pk,
        descending=sort.startswith("-"),
        after=after,
        limit=limit,
    )
    last = found[-1] if found else None
    cursor = None
    if more and last is not None:
        cursor = encode_cursor(Cursor(sort, last.sort_value, last.cursor_key))
    total = None
    if count:

        def total_now() -> int:
            return _count(conn, event_query(replace(f, limit=None), columns=(EVENTS.c.pk,)))

        total = counts.get(conn, "events", f, total_now) if counts else total_now()
    return Page(
        items=_page_rows(conn, found, counts or PageCache()), next_cursor=cursor, count=total
    )


def incident_query_q(f: Filters) -> sa.Select:
    "incident_query, and with `q`: incidents with a member event (not rejected) matching it."
    q = incident_query(f)
    if f.q:
        members = sa.select(EVENTS.c.incident_id).where(
            _text_condition(f.q), _review_condition(None)
        )
        q = q.where(INCIDENTS.c.incident_id.in_(members))
    return q


def incident_page(
    conn: sa.Connection,
    f: Filters,
    *,
    sort: str = "date",
    after: Cursor | None = None,
    limit: int = 100,
    count: bool = True,
    counts: PageCache | None = None,
) -> Page:
    "A page of incidents' JSON texts matching `f` (q: a member event's text), by date."
    if sort not in INCIDENT_SORTS:
        raise StoreError(f"sort {sort!r} is not one of: {', '.join(INCIDENT_SORTS)}")
    i = INCIDENTS
    base = incident_query_q(replace(f, limit=None)).order_by(None)
    rows_q = base.with_only_columns(i.c.data, sa.cast(i.c.event_date, sa.Text).label("sort_value"))
    found, more = _keyset(
        conn,
        rows_q,
        rows_q,
        value=i.c.event_date,
        key=i.c.incident_id,
        missing_key=i.c.incident_id,
        descending=sort.startswith("-"),
        after=after,
        limit=limit,
    )
    last = found[-1] if found else None
    cursor = None
    if more and last is not None:
        cursor = encode_cursor(Cursor(sort, last.sort_value, last.cursor_key))
    total = None
    if count:

        def total_now() -> int:
            return _count(conn, base.with_only_columns(i.c.incident_id))

        total = counts.get(conn, "incidents", f, total_now) if counts else total_now()
    return Page(items=[r.data for r in found], next_cursor=cursor, count=total)


def event_rows(conn: sa.Connection, event_ids: Sequence[str]) -> list[EventRow]:
    "The events with these ids (any version, rejected too), in the order of `event_ids`."
    if not event_ids:
        return []
    q = (
        sa.select(*_ROW_COLUMNS)
        .join(ARTICLES, ARTICLES.c.pk == EVENTS.c.article_pk)
        .where(EVENTS.c.event_id.in_(list(event_ids)))
    )
    found = {r.event_id: _event_row(r) for r in conn.execute(q)}
    return [found[e] for e in event_ids if e in found]


def last_changed(
    conn: sa.Connection, ids: Sequence[str], *, incidents: bool = False
) -> dict[str, datetime]:
    """When each of these events (or incidents) last changed; ids not stored are absent.

    An event changes when its article version is ingested and when a reviewer corrects or
    judges it (its history follows `review_key` across versions); an incident whenever it is
    rebuilt (`incidents.updated_at`: a member joins, leaves or is corrected).
    """
    out: dict[str, datetime] = {}
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        chunk = wanted[start : start + _IDS_PER_QUERY]
        if incidents:
            q = sa.select(INCIDENTS.c.incident_id, INCIDENTS.c.updated_at).where(
                INCIDENTS.c.incident_id.in_(chunk)
            )
        else:
            key = sa.func.coalesce(EVENTS.c.review_key, EVENTS.c.event_id)
            q = (
                sa.select(EVENTS.c.event_id, ARTICLES.c.ingested_at, CORRECTIONS.c.at)
                .select_from(
                    EVENTS.join(ARTICLES, ARTICLES.c.pk == EVENTS.c.article_pk).outerjoin(
                        CORRECTIONS, CORRECTIONS.c.review_key == key
                    )
                )
                .where(EVENTS.c.event_id.in_(chunk))
            )
        for record_id, *times in conn.execute(q):
            for text in times:
                if text:
                    moment = _instant(text)
                    if record_id not in out or moment > out[record_id]:
                        out[record_id] = moment
    return out


# SQLite allows 999 bound parameters per statement in old builds; stay well under.
_IDS_PER_QUERY = 500


def _instant(text: str) -> datetime:
    "A time the store wrote (ISO 8601, UTC); one written without a zone is UTC too."
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def incident_data(conn: sa.Connection, incident_id: str) -> str | None:
    "The incident's JSON text, or None."
    return conn.execute(
        sa.select(INCIDENTS.c.data).where(INCIDENTS.c.incident_id == incident_id)
    ).scalar()


def article_view(conn: sa.Connection, article_id: str, version: int | None) -> ArticleView | None:
    "An article (latest version, or `version`) with its events; None if there is none."
    lineage = conn.execute(
        sa.select(ARTICLES.c.lineage).where(ARTICLES.c.article_id == article_id).limit(1)
    ).scalar()
    if lineage is None:
        return None
    q = sa.select(ARTICLES).where(ARTICLES.c.lineage == lineage)
    q = q.where(ARTICLES.c.latest if version is None else ARTICLES.c.version == version)
    a = conn.execute(q).first()
    if a is None:
        return None
    found = list(
        conn.execute(
            sa.select(*_ROW_COLUMNS, EVENTS.c.data.label("extracted"))
            .join(ARTICLES, ARTICLES.c.pk == EVENTS.c.article_pk)
            .where(EVENTS.c.article_pk == a.pk)
            .order_by(EVENTS.c.ordinal)
        )
    )
    article = Article(
        id=a.article_id,
        text=a.text,
        published=a.published,
        outlet=a.outlet,
        title=a.title,
        url=a.url,
        language=a.language,
        origin=a.origin,
    )
    return ArticleView(
        article=article,
        version=a.version,
        events=[_event_row(r) for r in found],
        extracted=[rows.load_event(r.extracted) for r in found],
    )


def event_stats(conn: sa.Connection, f: Filters, *, by: str) -> list[dict[str, Any]]:
    """Events and fatalities per bucket of `by` over the events matching `f`: `fatalities`
    sums the best figures, `fatalities_low` and `fatalities_high` the ends of their ranges
    (an event without a toll adds 0 to each).

    day and week (Monday's date) buckets are by key; the others by events, most first.
    Events without the grouped field are not counted; an event counts once under each of
    its actor1 and actor2. With `f.limit`, only the first `limit` events that
    `event_query` lists (oldest first) are counted, as `sitrep events --limit` lists them.
    """
    if by not in STATS_BY:
        raise StoreError(f"by {by!r} is not one of: {', '.join(STATS_BY)}")
    place = PLACES.alias("stat_place")
    actor = ACTORS.alias("stat_actor")
    key: sa.ColumnElement[Any] = {
        "day": EVENTS.c.event_date,
        "week": EVENTS.c.event_date,
        "actor": actor.c.name,
        "type": EVENTS.c.event_type,
        "sub_type": EVENTS.c.sub_event_type,
        "admin1": place.c.admin1,
    }[by]
    events = sa.func.count(EVENTS.c.pk)
    sums = [sa.func.coalesce(sa.func.sum(FATALITIES.c[end]), 0) for end in ("best", "low", "high")]
    q = (
        event_query(replace(f, limit=None), columns=(key.label("key"), events, *sums))
        .order_by(None)
        .outerjoin(
            FATALITIES,
            sa.and_(FATALITIES.c.event_pk == EVENTS.c.pk, FATALITIES.c.field == "fatalities"),
        )
    )
    if by == "actor":
        q = q.join(
            actor, sa.and_(actor.c.event_pk == EVENTS.c.pk, actor.c.role.in_(("actor1", "actor2")))
        )
    elif by == "admin1":
        q = q.join(place, place.c.event_pk == EVENTS.c.pk)
    if f.limit is not None:
        first = event_query(f, columns=(EVENTS.c.pk,)).subquery()
        q = q.where(EVENTS.c.pk.in_(sa.select(first.c.pk)))
    q = q.where(key.is_not(None)).group_by(key)
    buckets: dict[str, list[int]] = {}
    for k, *figures in conn.execute(q):
        if by in ("day", "week"):
            day = k if isinstance(k, date) else date.fromisoformat(str(k))
            if by == "week":
                day -= timedelta(days=day.weekday())
            k = day.isoformat()
        bucket = buckets.setdefault(str(k), [0, 0, 0, 0])
        for i, figure in enumerate(figures):
            bucket[i] += int(figure or 0)
    ordered = (
        sorted(buckets.items())
        if by in ("day", "week")
        else sorted(buckets.items(), key=lambda kv: (-kv[1][0], kv[0]))
    )
    return [
        {"key": k, "events": n, "fatalities": best, "fatalities_low": low, "fatalities_high": high}
        for k, (n, best, low, high) in ordered
    ]
