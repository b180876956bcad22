"""The filters of `sitrep events` as SQL, each on an indexed column.

    since / until      events.event_date (ix_events_event_date, ix_events_type_date)
    event_type         one of the six types (events.event_type) or 25 sub-event types
                       (events.sub_event_type), any case
    actor              an actor's canonical name, any case (actors.name_key); a trailing *
                       matches names that start with the rest
    country            ISO alpha-3 code (places.country_code) or name, any case
                       (places.country_key)
    bbox               (min_lon, min_lat, max_lon, max_lat) on places.latitude/longitude
    min_fatalities     counts.best of the fatalities count (ix_counts_field_best)
    q                  a case-blind substring of the notes, an actor's name or the place's name
    review             None: every event but rejected ones; "all"; or only "unreviewed",
                       "confirmed" or "rejected" events (events.review)

Only the latest version of each article is read (articles.latest). Events are read with
their reviewers' corrections applied (EVENT_DATA: events.corrected, else events.data), and
the indexed columns and rows above hold the corrected values, so filters match them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from sitrep.errors import StoreError
from sitrep.models import EVENT_TYPES, SUB_EVENT_TYPES
from sitrep.store.schema import metadata

__all__ = ["EVENT_DATA", "REVIEWS", "Filters", "event_query", "incident_query"]

T = metadata.tables
ARTICLES, EVENTS, PLACES, ACTORS, COUNTS = (
    T["articles"],
    T["events"],
    T["places"],
    T["actors"],
    T["counts"],
)
INCIDENTS = T["incidents"]

BBox = tuple[float, float, float, float]

#: An event as queries return it: with its corrections applied (`data` is the extraction).
EVENT_DATA = sa.func.coalesce(EVENTS.c.corrected, EVENTS.c.data).label("data")
#: Values of Filters.review: None (every event but rejected ones) or one of these.
REVIEWS = ("all", "unreviewed", "confirmed", "rejected")


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    "What `Store.events` and `Store.incidents` select; None means no condition."

    since: date | None = None
    until: date | None = None
    event_type: str | None = None
    actor: str | None = None
    country: str | None = None
    bbox: BBox | None = None
    min_fatalities: int | None = None
    limit: int | None = None
    q: str | None = None
    review: str | None = None

    def __post_init__(self) -> None:
        if self.review is not None and self.review not in REVIEWS:
            raise StoreError(f"review {self.review!r} is not one of: {', '.join(REVIEWS)}")
        if self.bbox is not None:
            if len(self.bbox) != 4:
                raise StoreError("a bbox is four numbers: min_lon, min_lat, max_lon, max_lat")
            min_lon, min_lat, max_lon, max_lat = self.bbox
            if not (min_lon <= max_lon and min_lat <= max_lat):
                raise StoreError(
                    f"bbox {self.bbox} is empty; give min_lon, min_lat, max_lon, max_lat "
                    "(west, south, east, north)"
                )
        if self.limit is not None and self.limit < 0:
            raise StoreError("limit must be zero or more")


def type_column(event_type: str) -> tuple[str, str]:
    "('event_type' | 'sub_event_type', canonical spelling) for a type name in any case."
    for name in EVENT_TYPES:
        if name.casefold() == event_type.strip().casefold():
            return "event_type", name
    for name in SUB_EVENT_TYPES:
        if name.casefold() == event_type.strip().casefold():
            return "sub_event_type", name
    raise StoreError(
        f"{event_type!r} is not an ACLED event type or sub-event type; use one of "
        f"{', '.join(EVENT_TYPES)} or a sub-event type such as 'Air/drone strike'"
    )


def _actor_condition(actor: str) -> sa.ColumnElement[bool]:
    key = actor.strip().casefold()
    if key.endswith("*"):
        prefix = key[:-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return ACTORS.c.name_key.like(prefix + "%", escape="\\")
    return ACTORS.c.name_key == key


def _country_condition(table: sa.Table, country: str) -> sa.ColumnElement[bool]:
    value = country.strip()
    by_name = table.c.country_key == value.casefold()
    if len(value) == 3 and value.isalpha():
        return sa.or_(table.c.country_code == value.upper(), by_name)
    return by_name


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


def event_query(
    f: Filters, *, columns: tuple[sa.ColumnElement, ...] = (), latest_exists: bool = False
) -> sa.Select:
    """SELECT events.data (or `columns`) of the latest articles' events matching `f`, by date.

    `latest_exists` tests the article's latest flag with EXISTS instead of joining articles
    (then no article column can be selected): for queries whose first index walk stops early
    (ORDER BY ... LIMIT), where SQLite would otherwise build a Bloom filter over every
    article first.
    """
    e = EVENTS
    latest = sa.and_(ARTICLES.c.pk == e.c.article_pk, ARTICLES.c.latest)
    q = sa.select(*(columns or (EVENT_DATA,)))
    if latest_exists:
        q = q.select_from(e).where(sa.exists().where(latest))
    else:
        q = q.select_from(e.join(ARTICLES, latest))
    if f.country is not None or f.bbox is not None:
        q = q.join(PLACES, PLACES.c.event_pk == e.c.pk)
        if f.country is not None:
            q = q.where(_country_condition(PLACES, f.country))
        if f.bbox is not None:
            q = q.where(_bbox_condition(PLACES, f.bbox))
    if f.since is not None:
        q = q.where(e.c.event_date >= f.since)
    if f.until is not None:
        q = q.where(e.c.event_date <= f.until)
    if f.event_type is not None:
        column, name = type_column(f.event_type)
        q = q.where(e.c[column] == name)
    # With a bounded date range, walk the dates and probe each event's actors/counts
    # (EXISTS); without one, start from the actor's or toll's index (IN). SQLite's planner
    # does not choose between the two itself; PostgreSQL plans both forms alike.
    dated = f.since is not None and f.until is not None
    if f.actor is not None:
        q = q.where(_has(ACTORS, _actor_condition(f.actor), correlated=dated))
    if f.min_fatalities is not None:
        fatal = sa.and_(COUNTS.c.field == "fatalities", COUNTS.c.best >= f.min_fatalities)
        q = q.where(_has(COUNTS, fatal, correlated=dated))
    q = q.where(_review_condition(f.review))
    if f.q:
        q = q.where(_text_condition(f.q))
    q = q.order_by(e.c.event_date.asc().nulls_last(), e.c.pk)
    return q.limit(f.limit) if f.limit is not None else q


def _review_condition(review: str | None) -> sa.ColumnElement[bool]:
    if review is None:
        return sa.func.coalesce(EVENTS.c.review, "") != "rejected"
    if review == "all":
        return sa.true()
    if review == "unreviewed":
        return EVENTS.c.review.is_(None)
    return EVENTS.c.review == review


def _text_condition(text: str) -> sa.ColumnElement[bool]:
    "Notes, an actor's name or the place's name contain `text`, any case."
    key = text.strip().casefold()
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # Aliases: the query may already join places or actors for another filter.
    actor, place = ACTORS.alias("q_actor"), PLACES.alias("q_place")
    return sa.or_(
        sa.func.lower(EVENTS.c.notes).like(pattern, escape="\\"),
        sa.exists().where(
            actor.c.event_pk == EVENTS.c.pk, actor.c.name_key.like(pattern, escape="\\")
        ),
        sa.exists().where(
            place.c.event_pk == EVENTS.c.pk,
            sa.func.lower(place.c.name).like(pattern, escape="\\"),
        ),
    )


def incident_query(f: Filters) -> sa.Select:
    "SELECT incidents.data of the incidents matching `f`, by date."
    i = INCIDENTS
    q = sa.select(i.c.data)
    if f.since is not None:
        q = q.where(i.c.event_date >= f.since)
    if f.until is not None:
        q = q.where(i.c.event_date <= f.until)
    if f.event_type is not None:
        column, name = type_column(f.event_type)
        q = q.where(i.c[column] == name)
    if f.country is not None:
        q = q.where(_country_condition(i, f.country))
    if f.bbox is not None:
        q = q.where(_bbox_condition(i, f.bbox))
    if f.min_fatalities is not None:
        q = q.where(i.c.fatalities_best >= f.min_fatalities)
    if f.actor is not None:
        members = (
            sa.select(EVENTS.c.incident_id)
            .join(ACTORS, ACTORS.c.event_pk == EVENTS.c.pk)
            .join(ARTICLES, sa.and_(ARTICLES.c.pk == EVENTS.c.article_pk, ARTICLES.c.latest))
            .where(_actor_condition(f.actor), _review_condition(None))
        )
        q = q.where(i.c.incident_id.in_(members))
    q = q.order_by(i.c.event_date.asc().nulls_last(), i.c.incident_id)
    return q.limit(f.limit) if f.limit is not None else q
