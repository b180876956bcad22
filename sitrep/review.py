"""Review: a reviewer's verdicts and corrections, applied over the extraction, never into it.

A correction is a record (who, when, field, before, after, why) in an append-only history.
The stored extraction stays as it was read; the event that queries, exports and the API
return is the extraction with every correction of its history applied in order:

    event = apply_corrections(extracted, history)       # pure: same inputs, same event

`after` is stored normalized (the value as `field_value` reads it back from the corrected
event), so replaying a history is exact and needs no defaults. A verdict ("confirmed",
"rejected") is a correction of the field "review"; `verdict_of(history)` is the last one.

When a new version of an article is stored, its events get new ids; `successors` pairs
each reviewed event of the old version with the new version's event that reports the same
thing, so its history carries over and re-ingesting never erases a review.

The write tokens that name a reviewer are `sitrep.store.tokens`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal, get_args

from sitrep.errors import ContractError, ReviewError
from sitrep.models import (
    ACTOR_KINDS,
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    Actor,
    Claim,
    Count,
    Event,
    Place,
)

__all__ = [
    "CORRECTABLE",
    "REVIEWER",
    "VERDICTS",
    "Correction",
    "apply_correction",
    "apply_corrections",
    "check_verdict",
    "check_why",
    "field_value",
    "parse_setting",
    "successors",
    "verdict_of",
]

Field = Literal[
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "event_date",
    "fatalities",
    "wounded",
    "captured",
    "notes",
    "civilian_harm",
]
Verdict = Literal["confirmed", "rejected"]

#: The fields a reviewer may correct, in the order the API documents them.
CORRECTABLE: tuple[str, ...] = get_args(Field)
VERDICTS: tuple[str, ...] = get_args(Verdict)
REVIEW = "review"  # the history's field name for a verdict
#: The claimant of a figure a reviewer corrected (a claim with an empty quote).
REVIEWER = "Sitrep reviewer"
_COUNTS = ("fatalities", "wounded", "captured")
_MAX_NAME = 300
_MAX_NOTES = 5000


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """One entry of an event's review history: a verdict (field "review") or a correction.

    `event_id` is the event it was made on; `before` and `after` are JSON values in the
    shape `field_value` gives; `at` is an ISO 8601 UTC time.
    """

    id: int
    event_id: str
    field: str
    before: Any
    after: Any
    why: str
    reviewer: str
    at: str

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


# -- reading a field ----------------------------------------------------------------------


def _actor_value(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"name": actor.name, "kind": actor.kind, "country": actor.country}


def _place_value(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    d = place.to_dict()
    del d["mentions"]
    return d


def _count_value(count: Count | None) -> dict[str, int] | None:
    if count is None:
        return None
    return {"best": count.best, "low": count.low, "high": count.high}


def field_value(event: Event, field: str) -> Any:
    "The JSON value of a correctable field of `event`: what `before` and `after` hold."
    if field in ("event_type", "sub_event_type", "notes", "civilian_harm"):
        return getattr(event, field)
    if field in ("actor1", "actor2"):
        return _actor_value(event.actor(field))  # type: ignore[arg-type]
    if field == "location":
        return _place_value(event.location)
    if field == "event_date":
        return event.event_date.isoformat() if event.event_date else None
    if field in _COUNTS:
        return _count_value(getattr(event, field))
    raise ReviewError(_unknown_field(field))


def _unknown_field(field: str) -> str:
    return f"{field!r} cannot be corrected; correct one of: {', '.join(CORRECTABLE)}"


# -- applying a correction ------------------------------------------------------------------


def _text(value: Any, what: str, *, limit: int = _MAX_NAME, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise ReviewError(f"{what} must be a string, not {type(value).__name__}")
    value = value.strip()
    if not value and not empty:
        raise ReviewError(f"{what} must not be empty")
    if len(value) > limit:
        raise ReviewError(f"{what} is longer than {limit} characters")
    return value


def _optional_text(d: Mapping[str, Any], key: str, what: str) -> str | None:
    value = d.get(key)
    if value is None:
        return None
    return _text(value, f"{what}.{key}") or None


def _number(value: Any, what: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ReviewError(f"{what} must be a number")
    if not low <= value <= high:
        raise ReviewError(f"{what} must be between {low:g} and {high:g}")
    return float(value)


def _integer(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReviewError(f"{what} must be a whole number")
    if not 0 <= value <= 10_000_000:
        raise ReviewError(f"{what} must be between 0 and 10000000")
    return value


def _object(value: Any, field: str, keys: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ReviewError(f"{field} takes an object with {', '.join(keys)}, or null")
    extra = sorted(set(value) - set(keys))
    if extra:
        raise ReviewError(f"{field} has unknown keys {extra}; it takes {', '.join(keys)}")
    return value


def _event_type(event: Event, value: Any) -> Event:
    name = _canonical(_text(value, "event_type"), EVENT_TYPES)
    if name is None:
        raise ReviewError(
            f"{value!r} is not an ACLED event type; use one of {', '.join(EVENT_TYPES)}"
        )
    if event.sub_event_type not in EVENT_TYPES[name]:
        raise ReviewError(
            f"the sub-event type {event.sub_event_type!r} is not one of {name!r}; correct "
            f"sub_event_type instead (it sets event_type too), e.g. {EVENT_TYPES[name][0]!r}"
        )
    return replace(event, event_type=name)


def _sub_event_type(event: Event, value: Any) -> Event:
    name = _canonical(_text(value, "sub_event_type"), SUB_EVENT_TYPES)
    if name is None:
        raise ReviewError(
            f"{value!r} is not an ACLED sub-event type, such as 'Armed clash' or 'Air/drone strike'"
        )
    return replace(event, sub_event_type=name, event_type=SUB_EVENT_TYPES[name])


def _canonical(value: str, names: Iterable[str]) -> str | None:
    key = value.casefold()
    return next((n for n in names if n.casefold() == key), None)


def _actor(event: Event, role: str, value: Any) -> Event:
    others = tuple(a for a in event.actors if a.role != role)
    if value is None:
        if role == "actor1":
            raise ReviewError("actor1 cannot be removed; every event has a first actor")
        return replace(event, actors=others)
    d = _object(value, role, ("name", "kind", "country"))
    name = _text(d.get("name"), f"{role}.name")
    current = event.actor(role)  # type: ignore[arg-type]
    kind = d.get("kind") or (current.kind if current else None)
    if kind is None:
        raise ReviewError(f"{role}.kind is required; one of: {', '.join(ACTOR_KINDS)}")
    if kind not in ACTOR_KINDS:
        raise ReviewError(f"{role}.kind {kind!r} is not one of: {', '.join(ACTOR_KINDS)}")
    country = _optional_text(d, "country", role) if "country" in d else None
    if "country" not in d and current is not None and current.name == name:
        country = current.country
    actor = Actor(role=role, name=name, kind=kind, country=country)  # type: ignore[arg-type]
    order = {"actor1": 0, "assoc_actor_1": 1, "actor2": 2, "assoc_actor_2": 3}
    actors = sorted((*others, actor), key=lambda a: order[a.role])
    return replace(event, actors=tuple(actors))


_PLACE_KEYS = (
    "name",
    "latitude",
    "longitude",
    "admin1",
    "admin2",
    "country",
    "country_code",
    "geo_precision",
    "gazetteer_id",
)


def _location(event: Event, value: Any) -> Event:
    if value is None:
        return replace(event, location=None)
    d = _object(value, "location", _PLACE_KEYS)
    lat, lon = d.get("latitude"), d.get("longitude")
    if (lat is None) != (lon is None):
        raise ReviewError("location needs both latitude and longitude, or neither")
    precision = d.get("geo_precision", 1 if lat is not None else None)
    if precision is not None and (isinstance(precision, bool) or precision not in (1, 2, 3)):
        raise ReviewError("location.geo_precision must be 1 (town), 2 (district) or 3 (region)")
    code = _optional_text(d, "country_code", "location")
    if code is not None and not re.fullmatch(r"[A-Za-z]{3}", code):
        raise ReviewError("location.country_code must be an ISO alpha-3 code such as 'SYR'")
    place = Place(
        name=_text(d.get("name"), "location.name"),
        admin1=_optional_text(d, "admin1", "location"),
        admin2=_optional_text(d, "admin2", "location"),
        country=_optional_text(d, "country", "location"),
        country_code=code.upper() if code else None,
        latitude=None if lat is None else _number(lat, "location.latitude", -90, 90),
        longitude=None if lon is None else _number(lon, "location.longitude", -180, 180),
        geo_precision=precision,
        gazetteer_id=_optional_text(d, "gazetteer_id", "location"),
    )
    return replace(event, location=place)


def _event_date(event: Event, value: Any) -> Event:
    if value is None:
        return replace(event, event_date=None, date_precision=None)
    text = _text(value, "event_date")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ReviewError(f"event_date {text!r} is not a date; use YYYY-MM-DD") from None
    if len(text) != 10:
        raise ReviewError(f"event_date {text!r} is not a date; use YYYY-MM-DD")
    return replace(event, event_date=day, date_precision="day")


def _count(event: Event, field: str, value: Any) -> Event:
    """The figure replaced, and the claims for it too: the reviewer's figure is then the one
    this report contributes to its incident, credited to REVIEWER rather than to the source
    the text named (whose claim stays in the extraction and the history)."""
    claims = tuple(c for c in event.claims if c.field != field)
    if value is None:
        return replace(event, claims=claims, **{field: None})
    d = _object(value, field, ("best", "low", "high"))
    best = _integer(d.get("best"), f"{field}.best")
    low = best if d.get("low") is None else _integer(d["low"], f"{field}.low")
    high = best if d.get("high") is None else _integer(d["high"], f"{field}.high")
    if not low <= best <= high:
        raise ReviewError(f"{field} needs low <= best <= high, got {low}/{best}/{high}")
    figure = {"best": best, "low": low, "high": high, "qualifier": "exact", "party": None}
    claim = Claim(field=field, value=figure, claimant=REVIEWER, via=None, quote="", start=0, end=0)
    return replace(event, claims=(*claims, claim), **{field: Count(best=best, low=low, high=high)})


def apply_correction(event: Event, field: str, value: Any) -> Event:
    """`event` with `field` set to `value` (the API's JSON shape); ReviewError if it does not fit.

    The corrected field loses its evidence spans: they support what the text says, not what
    the reviewer says. They stay on the stored extraction and in the article view.
    """
    try:
        if field == "event_type":
            return _event_type(event, value)
        if field == "sub_event_type":
            return _sub_event_type(event, value)
        if field in ("actor1", "actor2"):
            return _actor(event, field, value)
        if field == "location":
            return _location(event, value)
        if field == "event_date":
            return _event_date(event, value)
        if field in _COUNTS:
            return _count(event, field, value)
        if field == "notes":
            return replace(event, notes=_text(value, "notes", limit=_MAX_NOTES, empty=True))
        if field == "civilian_harm":
            if not isinstance(value, bool):
                raise ReviewError("civilian_harm must be true or false")
            return replace(event, civilian_harm=value)
    except ContractError as err:
        raise ReviewError(f"{field}: {err}") from err
    raise ReviewError(_unknown_field(field))


def apply_corrections(event: Event, history: Iterable[Correction]) -> Event:
    """The extraction with its history applied in order (verdicts change no field).

    A correction that no longer fits (a new version of the article extracted a sub-event
    type outside a corrected event_type) is skipped rather than failing the whole event.
    """
    for c in history:
        if c.field == REVIEW:
            continue
        try:
            event = apply_correction(event, c.field, c.after)
        except ReviewError:
            continue
    return event


def verdict_of(history: Iterable[Correction]) -> str:
    "'confirmed', 'rejected' or 'unreviewed': the last verdict of a history."
    verdict = "unreviewed"
    for c in history:
        if c.field == REVIEW:
            verdict = c.after or "unreviewed"
    return verdict


def check_verdict(verdict: Any) -> str:
    "The verdict, or ReviewError naming the two there are."
    if verdict not in VERDICTS:
        raise ReviewError(f"verdict {verdict!r} is not one of: {', '.join(VERDICTS)}")
    return verdict


def check_why(why: Any) -> str:
    "The reason a reviewer gives, which the history keeps; required, at most 2000 characters."
    return _text(why, "why", limit=2000)


# -- corrections typed in a terminal ------------------------------------------------------

#: Fields whose value is text as typed: never read as JSON, so notes may say "null" or "{".
_TEXT_FIELDS = ("event_type", "sub_event_type", "notes")
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0")


def parse_setting(setting: str) -> tuple[str, Any]:
    """A correction typed as FIELD=VALUE (`sitrep review correct --set`) as the (field,
    value) pair the API's correction body carries, so a terminal and the page write the
    same history. Short forms spare the reviewer JSON where the value is plain:

        fatalities=12             {"best": 12}  (also wounded, captured)
        actor1=Wagner Group       {"name": "Wagner Group"}  (the kind is kept)
        civilian_harm=yes         true  (yes/no, true/false, 1/0)
        event_date=2024-02-29     "2024-02-29"
        notes=Any text            the text as typed (also event_type, sub_event_type)

    A VALUE starting with { is a JSON object in the API's shape (the only form `location`
    takes), e.g. fatalities={"best": 12, "low": 10, "high": 15}; `null` removes actor2,
    location, event_date or a count. ReviewError names what a field takes; whether the
    value fits the event is checked when it is applied (`apply_correction`).
    """
    field, equals, text = setting.partition("=")
    field = field.strip()
    if not equals or not field:
        raise ReviewError(f"{setting!r} is not FIELD=VALUE; e.g. fatalities=12 or notes='...'")
    if field not in CORRECTABLE:
        raise ReviewError(_unknown_field(field))
    if field in _TEXT_FIELDS:
        return field, text
    text = text.strip()
    if text == "null":
        return field, None
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except ValueError as err:
            raise ReviewError(f"{field}: {text!r} is not valid JSON ({err})") from None
        return field, value
    if field in _COUNTS:
        if not re.fullmatch(r"[0-9]+", text):
            raise ReviewError(
                f"{field} takes a whole number (e.g. {field}=12), a JSON object such as "
                f'{field}={{"best": 12, "low": 10, "high": 15}}, or null; not {text!r}'
            )
        return field, {"best": int(text)}
    if field in ("actor1", "actor2"):
        return field, {"name": text}
    if field == "civilian_harm":
        if text.lower() in _TRUE + _FALSE:
            return field, text.lower() in _TRUE
        raise ReviewError(f"civilian_harm takes yes or no (true/false), not {text!r}")
    if field == "location":
        raise ReviewError(
            "location takes a JSON object, e.g. "
            """location='{"name": "Kidal", "latitude": 18.44, "longitude": 1.41}', or null"""
        )
    return field, text  # event_date


# -- carrying reviews to a new version of an article --------------------------------------


def _likeness(old: Event, new: Event, old_index: int, new_index: int) -> float:
    score = 2.0 if old.sub_event_type == new.sub_event_type else 0.0
    if not score and old.event_type == new.event_type:
        score = 1.0
    if old.event_date is not None and old.event_date == new.event_date:
        score += 1.0
    if old.location and new.location:
        same = (old.location.gazetteer_id or old.location.name.casefold()) == (
            new.location.gazetteer_id or new.location.name.casefold()
        )
        score += 1.0 if same else 0.0
    for role in ("actor1", "actor2"):
        a, b = old.actor(role), new.actor(role)  # type: ignore[arg-type]
        if a and b and a.name.casefold() == b.name.casefold():
            score += 0.5
    if old_index == new_index:
        score += 0.5
    return score


#: How alike two extractions must be to count as one event reported in two versions.
SUCCESSOR_MIN = 2.5


def successors(old: Sequence[Event], new: Sequence[Event]) -> dict[str, str]:
    """Pairs {old event_id: new event_id} of events that report the same thing in two versions
    of one article: same type, date, place, actors, position, one to one, best pairs first.

    Compared as extracted (before any correction), since both sides come from the same
    extractor; an old event with no counterpart in the new version keeps its history but
    no longer shows in queries, as the article no longer reports it.
    """
    scored = sorted(
        ((-_likeness(o, n, i, j), i, j) for i, o in enumerate(old) for j, n in enumerate(new))
    )
    pairs: dict[str, str] = {}
    taken: set[int] = set()
    for negative, i, j in scored:
        if -negative < SUCCESSOR_MIN:
            break
        if old[i].event_id in pairs or j in taken:
            continue
        pairs[old[i].event_id] = new[j].event_id
        taken.add(j)
    return pairs
