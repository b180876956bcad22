"""One flat row per Event or Incident: the columns GeoJSON properties and Parquet share.

GIS tools and data frames want scalar columns, not the contract's nested actors and counts,
so each count becomes `<field>_low`/`<field>` (best)/`<field>_high` and each actor role one
"; "-joined name string, as in ACLED files. The nested record with its evidence is not lost:
Parquet keeps it whole in a `record` column, JSON Lines is the record itself.
"""

from __future__ import annotations

from typing import Any

from sitrep.models import Count, Event, Incident, Place

__all__ = ["COUNT_FIELDS", "ROLES", "flat_row", "record_id"]

ROLES = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
COUNT_FIELDS = ("fatalities", "wounded", "captured")


def record_id(record: Event | Incident) -> str:
    "The record's own id: event_id for an event, incident_id for an incident."
    return record.event_id if isinstance(record, Event) else record.incident_id


def flat_row(record: Event | Incident) -> dict[str, Any]:
    """The record as one flat dict; absent values are None (JSON null, a Parquet null).

    Keys common to both kinds come first, in the same order, so a file that mixes events and
    incidents still lines up; the kind-specific keys follow.
    """
    row: dict[str, Any] = {
        "id": record_id(record),
        "kind": "event" if isinstance(record, Event) else "incident",
        "event_date": record.event_date.isoformat() if record.event_date else None,
        "date_precision": record.date_precision,
        "event_type": record.event_type,
        "sub_event_type": record.sub_event_type,
    }
    for role in ROLES:
        row[role] = "; ".join(a.name for a in record.actors if a.role == role) or None
    row.update(_place(record.location))
    for field in COUNT_FIELDS:
        row.update(_count(field, getattr(record, field)))
    row["sources"] = list(record.sources)
    if isinstance(record, Event):
        row.update(
            article_id=record.article_id,
            civilian_harm=record.civilian_harm,
            notes=record.notes,
            confidence=record.confidence,
        )
    else:
        row.update(
            events=list(record.events),
            articles=list(record.articles),
            reports=len(record.events),
            figures=len(record.figures),
            contradictions=len(record.contradictions),
            notes=record.notes,
        )
    return row


def _place(place: Place | None) -> dict[str, Any]:
    if place is None:
        place = Place(name="")
    return {
        "location": place.name or None,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "country": place.country,
        "iso3": place.country_code,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision,
        "gazetteer_id": place.gazetteer_id,
    }


def _count(field: str, count: Count | None) -> dict[str, int | None]:
    return {
        f"{field}_low": count.low if count else None,
        field: count.best if count else None,
        f"{field}_high": count.high if count else None,
    }
