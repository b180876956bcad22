"""The filters of `sitrep events` as SQL, each on a column of the events or their rows.

    since / until / year   events.event_date (ix_events_event_date, ix_events_type_date)
    event_type         one of the six types (events.event_type) or 25 sub-event types
                       (events.sub_event_type), any case
    sub_event_type     one of the 25 sub-event types (ix_events_subtype_date), any case
    actor              actors.name_key: a canonical name or an alias (`sitrep.filters`); a
                       trailing * matches names that start with the rest
    country            places.country_code (ISO alpha-3) or places.country_key (name): an ISO
                       code, ACLED's numeric `iso`, a name or an alias (`sitrep.filters`)
    region             places.country_code in the countries of an ACLED region
    admin1             places.admin1, in any spelling the lexicons know for it
    bbox               (min_lon, min_lat, max_lon, max_lat) on places.latitude/longitude
    interaction        ACLED's interaction code, from the kinds of the first actor1 and actor2
                       (actors.kind), as `sitrep.export.acled_csv` writes it
    geo_precision      places.geo_precision (1 the place, 2 near it, 3 its region)
    min_fatalities     counts.best of the fatalities count (ix_counts_field_best)
    min_confidence     events.confidence
    q                  a case-blind substring of the notes, an actor's name, the place's name,
                       or the article's title or text
    review             None: every event but rejected ones; "all"; or only "unreviewed",
                       "confirmed" or "rejected" events (events.review)

Names are resolved when a `Filters` is built (`sitrep.filters.resolve`), so the CLI, the API
and the library read them alike; a value no lexicon knows must be held by some stored event,
which `check_known` asks the store before a query runs. Incidents are filtered on their own
columns where they have them (dates, types, country, bbox, toll) and otherwise through their
member events: an incident matches when one of its (not rejected) events does.

Only the latest version of each article is read (articles.latest). Events are read with
their reviewers' corrections applied (EVENT_DATA: events.corrected, else events.data), and
the indexed columns and rows above hold the corrected values, so filters match them too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

import sqlalchemy as sa

from sitrep.errors import FilterError
from sitrep.filters import (
    REVIEWS,
    ActorMatch,
    BBox,
    CountryMatch,
    NameMatch,
    Resolved,
    check_bbox,
    resolve,
    resolve_type,
    unknown,
)
from sitrep.models import INTER
from sitrep.store.schema import metadata

__all__ = [
    "EVENT_DATA",
    "REVIEWS",
    "Filters",
    "check_known",
    "event_query",
    "incident_query",
    "type_column",
]

T = metadata.tables
ARTICLES, EVENTS, PLACES, ACTORS, COUNTS = (
    T["articles"],
    T["events"],
    T["places"],
    T["actors"],
    T["counts"],
)
INCIDENTS = T["incidents"]

#: An event as queries return it: with its corrections applied (`data` is the extraction).
EVENT_DATA = sa.func.coalesce(EVENTS.c.corrected, EVENTS.c.data).label("data")


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """What `Store.events` and `Store.incidents` select; None means no condition.

    Building one resolves its names (`resolved`) and checks its values: a FilterError names
    the filter (`field`) and the closest values known.
    """

    since: date | None = None
    until: date | None = None
    year: int | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    country: str | None = None
    region: str | None = None
    admin1: str | None = None
    bbox: BBox | None = None
    interaction: int | None = None
    geo_precision: int | None = None
    min_fatalities: int | None = None
    min_confidence: float | None = None
    limit: int | None = None
    q: str | None = None
    review: str | None = None
    # Follows from the values above, so it takes no part in equality (page totals are cached
    # by Filters) and is rebuilt by dataclasses.replace.
    resolved: Resolved = field(init=False, compare=False, repr=False, default=Resolved())

    def __post_init__(self) -> None:
        if self.review is not None and self.review not in REVIEWS:
            raise FilterError(
                "review", f"review {self.review!r} is not one of: {', '.join(REVIEWS)}"
            )
        if self.bbox is not None:
            check_bbox(self.bbox)
        if self.limit is not None and self.limit < 0:
            raise FilterError("limit", "limit must be zero or more")
        if self.geo_precision is not None and self.geo_precision not in (1, 2, 3):
            raise FilterError(
                "geo_precision",
                f"geo precision {self.geo_precision} is not 1 (the place itself), 2 (near it) "
                "or 3 (its region)",
            )
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise FilterError(
                "min_confidence", f"confidence {self.min_confidence} is not between 0 and 1"
            )
        if self.year is not None and not 1 <= self.year <= 9999:
            raise FilterError("year", f"{self.year} is not a year")
        object.__setattr__(
            self,
            "resolved",
            resolve(
                event_type=self.event_type,
                sub_event_type=self.sub_event_type,
                country=self.country,
                region=self.region,
                actor=self.actor,
                admin1=self.admin1,
                interaction=self.interaction,
            ),
        )

    @property
    def first_day(self) -> date | None:
        "The first event date wanted: the later of `since` and the start of `year`."
        days = [d for d in (self.since, self.year and date(self.year, 1, 1)) if d]
        return max(days) if days else None

    @property
    def last_day(self) -> date | None:
        "The last event date wanted: the earlier of `until` and the end of `year`."
        days = [d for d in (self.until, self.year and date(self.year, 12, 31)) if d]
        return min(days) if days else None


def type_column(event_type: str) -> tuple[str, str]:
    "('event_type' | 'sub_event_type', canonical spelling) for a type name in any case."
    return resolve_type(event_type)


def _actor_condition(match: ActorMatch, actors: sa.Table = ACTORS) -> sa.ColumnElement[bool]:
    conditions: list[sa.ColumnElement[bool]] = []
    if match.names:
        conditions.append(actors.c.name_key.in_(match.names))
    for prefix in match.prefixes:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(actors.c.name_key.like(escaped + "%", escape="\\"))
    return sa.or_(*conditions)


def _country_condition(table: sa.Table, match: CountryMatch) -> sa.ColumnElement[bool]:
    conditions = []
    if match.codes:
        conditions.append(table.c.country_code.in_(match.codes))
    if match.names:
        conditions.append(table.c.country_key.in_(match.names))
    return sa.or_(*conditions) if conditions else sa.false()


def _admin1_condition(table: sa.Table, match: NameMatch) -> sa.ColumnElement[bool]:
    # Exact spellings, and the typed value in any case: lower() folds only ASCII in SQLite,
    # so a spelling with a capital outside ASCII is matched exactly instead.
    lowered = tuple(dict.fromkeys(s.lower() for s in (*match.spellings, match.typed)))
    return sa.or_(table.c.admin1.in_(match.spellings), sa.func.lower(table.c.admin1).in_(lowered))


def _interaction_condition(pairs: tuple[tuple[int, int], ...]) -> sa.ColumnElement[bool]:
    "The kinds of the event's first actor1 and first actor2 make one of the (inter1, inter2)."

    def code(role: str) -> sa.ColumnElement[int]:
        a = ACTORS.alias(f"inter_{role}")
        first = (
            sa.select(sa.case(INTER, value=a.c.kind, else_=0))
            .where(a.c.event_pk == EVENTS.c.pk, a.c.role == role)
            .order_by(a.c.ordinal)
            .limit(1)
            .scalar_subquery()
        )
        return sa.func.coalesce(first, 0)

    inter1, inter2 = code("actor1"), code("actor2")
    return sa.or_(*(sa.and_(inter1 == one, inter2 == two) for one, two in pairs))


def _bbox_condition(table: sa.Table, bbox: BBox) -> sa.ColumnElement[bool]:
    min_lon, min_lat, max_lon, max_lat = bbox
    return sa.and_(
        table.c.latitude.between(min_lat, max_lat), table.c.longitude.between(min_lon, max_lon)
    )


def _has(table: sa.Table, condition: sa.ColumnElement[bool], *, correlated: bool) -> Any:
    "The event has a row in `table` (actors, counts) that meets `condition`."
    if correlated:
        return sa.exists().where(table.c.event_pk == EVENTS.c.pk, condition)
    return EVENTS.c.pk.in_(sa.select(table.c.event_pk).where(condition))


def _place_conditions(table: sa.Table, f: Filters) -> list[sa.ColumnElement[bool]]:
    "The conditions of `f` on the event's place (`table`: places, or an alias of it)."
    r, found = f.resolved, []
    if r.country is not None:
        found.append(_country_condition(table, r.country))
    if r.region is not None:
        found.append(_country_condition(table, r.region))
    if f.bbox is not None:
        found.append(_bbox_condition(table, f.bbox))
    if r.admin1 is not None:
        found.append(_admin1_condition(table, r.admin1))
    if f.geo_precision is not None:
        found.append(table.c.geo_precision == f.geo_precision)
    return found


def event_query(
    f: Filters, *, columns: tuple[sa.ColumnElement, ...] = (), latest_exists: bool = False
) -> sa.Select:
    """SELECT events.data (or `columns`) of the latest articles' events matching `f`, by date.

    `latest_exists` tests the article's latest flag with EXISTS instead of joining articles
    (then no article column can be selected): for queries whose first index walk stops early
    (ORDER BY ... LIMIT), where SQLite would otherwise build a Bloom filter over every
    article first.
    """
    e, r = EVENTS, f.resolved
    latest = sa.and_(ARTICLES.c.pk == e.c.article_pk, ARTICLES.c.latest)
    q = sa.select(*(columns or (EVENT_DATA,)))
    if latest_exists:
        q = q.select_from(e).where(sa.exists().where(latest))
    else:
        q = q.select_from(e.join(ARTICLES, latest))
    places = _place_conditions(PLACES, f)
    if places:
        q = q.join(PLACES, PLACES.c.event_pk == e.c.pk).where(*places)
    q = _dated_and_typed(q, e, f)
    first, last = f.first_day, f.last_day
    # With a bounded date range, walk the dates and probe each event's actors/counts
    # (EXISTS); without one, start from the actor's or toll's index (IN). SQLite's planner
    # does not choose between the two itself; PostgreSQL plans both forms alike.
    dated = first is not None and last is not None
    if r.actor is not None:
        q = q.where(_has(ACTORS, _actor_condition(r.actor), correlated=dated))
    if f.min_fatalities is not None:
        fatal = sa.and_(COUNTS.c.field == "fatalities", COUNTS.c.best >= f.min_fatalities)
        q = q.where(_has(COUNTS, fatal, correlated=dated))
    if f.min_confidence is not None:
        q = q.where(e.c.confidence >= f.min_confidence)
    if r.interaction is not None:
        q = q.where(_interaction_condition(r.interaction))
    q = q.where(_review_condition(f.review))
    if f.q:
        q = q.where(_text_condition(f.q))
    q = q.order_by(e.c.event_date.asc().nulls_last(), e.c.pk)
    return q.limit(f.limit) if f.limit is not None else q


def _dated_and_typed(q: sa.Select, table: sa.Table, f: Filters) -> sa.Select:
    "The date range and the (sub-)event type, on a table with those columns (events, incidents)."
    r = f.resolved
    if f.first_day is not None:
        q = q.where(table.c.event_date >= f.first_day)
    if f.last_day is not None:
        q = q.where(table.c.event_date <= f.last_day)
    if r.type_column is not None:
        column, name = r.type_column
        q = q.where(table.c[column] == name)
    if r.sub_event_type is not None:
        q = q.where(table.c.sub_event_type == r.sub_event_type)
    return q


def _review_condition(review: str | None) -> sa.ColumnElement[bool]:
    if review is None:
        return sa.func.coalesce(EVENTS.c.review, "") != "rejected"
    if review == "all":
        return sa.true()
    if review == "unreviewed":
        return EVENTS.c.review.is_(None)
    return EVENTS.c.review == review


def _text_condition(text: str) -> sa.ColumnElement[bool]:
    """The event's notes, an actor's name, the place's name, or its article's title or text
    contain `text`, in any case.

    The article's words are where an analyst's search usually is (a weapon, a unit, a
    quoted official), and most of them are in no field. ILIKE (PostgreSQL) and lower() LIKE
    lower() (SQLite) fold case as the database does, at least for ASCII letters; the text
    is matched as typed (no casefold), so a search in another script finds its words as
    spelled (Київ). The latest articles are scanned once per query (an uncorrelated IN),
    not once per event: on SQLite, 20,000 articles of 3 KB (100,000 events) took 0.10 s to
    scan, and counting a search's events 0.55 s, against 0.38 s without the articles.
    """
    typed = text.strip()
    escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern, folded = f"%{escaped}%", f"%{escaped.casefold()}%"
    # Aliases: the query may already join places, actors or articles for another filter.
    actor, place, article = (
        ACTORS.alias("q_actor"),
        PLACES.alias("q_place"),
        ARTICLES.alias("q_article"),
    )
    articles = sa.select(article.c.pk).where(
        article.c.latest,
        sa.or_(
            article.c.title.ilike(pattern, escape="\\"), article.c.text.ilike(pattern, escape="\\")
        ),
    )
    return sa.or_(
        EVENTS.c.notes.ilike(pattern, escape="\\"),
        sa.exists().where(
            actor.c.event_pk == EVENTS.c.pk, actor.c.name_key.like(folded, escape="\\")
        ),
        sa.exists().where(
            place.c.event_pk == EVENTS.c.pk, place.c.name.ilike(pattern, escape="\\")
        ),
        EVENTS.c.article_pk.in_(articles),
    )


def incident_query(f: Filters) -> sa.Select:
    """SELECT incidents.data of the incidents matching `f`, by date: on the incident's own
    columns where it has them, else through its member events (one must match them all)."""
    i, r = INCIDENTS, f.resolved
    q = _dated_and_typed(sa.select(i.c.data), i, f)
    if r.country is not None:
        q = q.where(_country_condition(i, r.country))
    if r.region is not None:
        q = q.where(_country_condition(i, r.region))
    if f.bbox is not None:
        q = q.where(_bbox_condition(i, f.bbox))
    if f.min_fatalities is not None:
        q = q.where(i.c.fatalities_best >= f.min_fatalities)
    members = _member_query(f)
    if members is not None:
        q = q.where(i.c.incident_id.in_(members))
    q = q.order_by(i.c.event_date.asc().nulls_last(), i.c.incident_id)
    return q.limit(f.limit) if f.limit is not None else q


def _member_query(f: Filters) -> sa.Select | None:
    """SELECT incident_id of the latest events meeting the filters incidents have no column
    for (actor, admin1, geo precision, interaction, confidence, review); None if none is set."""
    r = f.resolved
    place: list[sa.ColumnElement[bool]] = []
    if r.admin1 is not None:
        place.append(_admin1_condition(PLACES, r.admin1))
    if f.geo_precision is not None:
        place.append(PLACES.c.geo_precision == f.geo_precision)
    event: list[sa.ColumnElement[bool]] = []
    if r.actor is not None:
        event.append(_has(ACTORS, _actor_condition(r.actor), correlated=True))
    if r.interaction is not None:
        event.append(_interaction_condition(r.interaction))
    if f.min_confidence is not None:
        event.append(EVENTS.c.confidence >= f.min_confidence)
    if not (place or event or f.review not in (None, "all")):
        return None
    latest = sa.and_(ARTICLES.c.pk == EVENTS.c.article_pk, ARTICLES.c.latest)
    q = sa.select(EVENTS.c.incident_id).select_from(EVENTS.join(ARTICLES, latest))
    if place:
        q = q.join(PLACES, PLACES.c.event_pk == EVENTS.c.pk).where(*place)
    return q.where(*event, _review_condition(f.review), EVENTS.c.incident_id.is_not(None))


def check_known(conn: sa.Connection, f: Filters) -> None:
    """FilterError for an actor, country or admin1 that no lexicon knows (`sitrep.filters`)
    and no stored event holds, naming the closest known and stored values: a query for it
    could only come back empty, which would read as 'nothing happened there'."""
    r = f.resolved
    checks: list[tuple[str, str | None, Any, Any, sa.Column]] = [
        ("actor", f.actor, r.actor, _actor_condition, ACTORS.c.name),
        ("country", f.country, r.country, partial(_country_condition, PLACES), PLACES.c.country),
        ("admin1", f.admin1, r.admin1, partial(_admin1_condition, PLACES), PLACES.c.admin1),
    ]
    for name, typed, match, condition, column in checks:
        if typed is None or match is None or not match.literal:
            continue
        if not _any(conn, column.table, condition(match)):
            raise unknown(name, typed, stored=_distinct(conn, column))


def _any(conn: sa.Connection, table: sa.Table, condition: sa.ColumnElement[bool]) -> bool:
    q = sa.select(sa.literal(1)).select_from(table).where(condition).limit(1)
    return conn.execute(q).first() is not None


#: Most distinct stored values an unknown-value error compares (it is only a suggestion).
_SUGGEST_FROM = 20_000


def _distinct(conn: sa.Connection, column: sa.Column) -> list[str]:
    q = sa.select(column).where(column.is_not(None)).distinct().limit(_SUGGEST_FROM)
    return list(conn.execute(q).scalars())
