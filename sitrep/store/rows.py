"""Records to rows and back: an Event becomes one row per table of the schema.

The normalized rows (places, actors, counts, claims, evidence) are what queries filter on;
`events.data` keeps the contract JSON, which is what is read back, so a stored event is
exactly the event that was ingested.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from sitrep.errors import ContractError
from sitrep.models import Article, Event, Evidence, implausible_date
from sitrep.report_date import newest_report_date

__all__ = ["check_events", "child_rows", "content_hash", "dump", "event_row", "load_event"]


def content_hash(article: Article) -> str:
    """SHA-256 (hex) of the article's normalized title and text: what "the same content" means.

    Normalizing (Unicode NFC; every run of whitespace, line breaks included, to one space;
    none at either end) makes a re-encoded or re-wrapped copy count as unchanged. The title
    counts, since a corrected headline is a change the outlet made; metadata (published,
    outlet, url) does not.
    """

    def normal(s: str | None) -> str:
        return " ".join(unicodedata.normalize("NFC", s or "").split())

    payload = normal(article.title) + "\n" + normal(article.text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def load_event(data: str) -> Event:
    return Event.from_dict(json.loads(data))


def check_events(article: Article, events: Sequence[Event]) -> None:
    """Refuse events of another article, evidence that does not slice this article's text,
    and dates outside the plausible window (`sitrep.models.implausible_date`, counted from
    the later of `published` and the day the text states, `sitrep.report_date`): a date in
    year 9999 would overflow incident matching, and no query could trust it."""
    text = article.text
    newest = newest_report_date(text, article.published)
    for event in events:
        if event.article_id != article.id:
            raise ContractError(
                f"event {event.event_id} belongs to article {event.article_id!r}, "
                f"not {article.id!r}; ingest each article with its own events"
            )
        if event.event_date is not None:
            why = implausible_date(event.event_date, published=newest)
            if why is not None:
                raise ContractError(
                    f"event {event.event_id}: its date {event.event_date.isoformat()} {why}; "
                    "give it no date (`sitrep.ingest.check_dates` does) or the right one"
                )
        spans: list[Evidence] = [*event.evidence, *(m for a in event.actors for m in a.mentions)]
        if event.location:
            spans += event.location.mentions
        for count in (event.fatalities, event.wounded, event.captured):
            if count:
                spans += count.mentions
        spans += [Evidence(c.start, c.end, c.quote) for c in event.claims]
        for span in spans:
            if text[span.start : span.end] != span.text:
                raise ContractError(
                    f"event {event.event_id}: evidence {span.start}:{span.end} {span.text!r} "
                    f"does not slice the text of article {article.id!r}"
                )


def event_row(event: Event, *, article_pk: int, ordinal: int) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "article_pk": article_pk,
        "ordinal": ordinal,
        "event_date": event.event_date,
        "date_precision": event.date_precision,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "civilian_harm": event.civilian_harm,
        "confidence": event.confidence,
        "notes": event.notes,
        "data": dump(event.to_dict()),
    }


def child_rows(event: Event, event_pk: int) -> dict[str, list[dict[str, Any]]]:
    "The rows of places, actors, counts, claims and evidence for one stored event."
    rows: dict[str, list[dict[str, Any]]] = {
        "places": [],
        "actors": [],
        "counts": [],
        "claims": [],
        "evidence": [],
    }

    def evidence(owner: str, ordinal: int, spans: tuple[Evidence, ...]) -> None:
        rows["evidence"].extend(
            {
                "event_pk": event_pk,
                "owner": owner,
                "owner_ordinal": ordinal,
                "start": m.start,
                "end": m.end,
                "text": m.text,
            }
            for m in spans
        )

    place = event.location
    if place is not None:
        rows["places"].append(
            {
                "event_pk": event_pk,
                "name": place.name,
                "admin1": place.admin1,
                "admin2": place.admin2,
                "country": place.country,
                "country_key": place.country.casefold() if place.country else None,
                "country_code": place.country_code.upper() if place.country_code else None,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "geo_precision": place.geo_precision,
                "gazetteer_id": place.gazetteer_id,
            }
        )
        evidence("place", 0, place.mentions)
    for i, actor in enumerate(event.actors):
        rows["actors"].append(
            {
                "event_pk": event_pk,
                "ordinal": i,
                "role": actor.role,
                "name": actor.name,
                "name_key": actor.name.casefold(),
                "kind": actor.kind,
                "country": actor.country,
            }
        )
        evidence("actor", i, actor.mentions)
    for field in ("fatalities", "wounded", "captured"):
        count = getattr(event, field)
        if count is None:
            continue
        rows["counts"].append(
            {
                "event_pk": event_pk,
                "field": field,
                "best": count.best,
                "low": count.low,
                "high": count.high,
                "breakdown": dump([s.to_dict() for s in count.breakdown]),
            }
        )
        evidence(field, 0, count.mentions)
    for i, claim in enumerate(event.claims):
        rows["claims"].append(
            {
                "event_pk": event_pk,
                "ordinal": i,
                "field": claim.field,
                "value": dump(claim.value),
                "claimant": claim.claimant,
                "via": claim.via,
                "quote": claim.quote,
                "start": claim.start,
                "end": claim.end,
            }
        )
    return rows
