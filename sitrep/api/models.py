"""The API's request bodies and the documented shapes of its responses (OpenAPI).

Responses are written from the stored JSON directly (`sitrep.api.respond`), not through these
models, so a list of 500 events costs no validation; the models say what that JSON is, and
the schemathesis test checks every response against them.

The shapes of the contract's records (events, actors, places, counts, claims, figures,
incidents) are not written out again: each takes its fields from its dataclass in
`sitrep.models` (`_fields_of`), which `to_dict` writes as they are stored. A field added to a
record is documented here without another edit; only what the API adds (an event's review
state, its article) or defaults (`evidence`, `notes`) is spelled out below.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sitrep.models import Actor, Claim, Count, Event, Evidence, Figure, Incident, Place, Share
from sitrep.review import CORRECTABLE, VERDICTS

CorrectableField = Literal[CORRECTABLE]  # type: ignore[valid-type]
VerdictName = Literal[VERDICTS]  # type: ignore[valid-type]
ReviewState = Literal["unreviewed", "confirmed", "rejected"]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


#: The shape that documents each record, by name: a record's field of another record's type
#: is documented as that shape (resolved by pydantic in this module, so order matters).
_SHAPE_NAMES: dict[type, str] = {
    Evidence: "EvidenceSpan",
    Actor: "ActorOut",
    Place: "PlaceOut",
    Share: "ShareOut",
    Count: "CountOut",
    Claim: "ClaimOut",
    Figure: "FigureOut",
}
_TYPE_NAMES: dict[Any, str] = {
    str: "str",
    int: "int",
    float: "float",
    bool: "bool",
    date: "date",
    type(None): "None",
    Any: "Any",
}


def _api_type(hint: Any) -> str:
    """How the API documents a record field's type, as an annotation: a record as its shape,
    a tuple as a list, and a Literal (an actor kind, a precision) as its plain str or int, as
    the schema has always had them (narrowing them would change it)."""
    origin = typing.get_origin(hint)
    if origin is Literal:
        return _TYPE_NAMES[type(typing.get_args(hint)[0])]
    if origin in (types.UnionType, typing.Union):
        return " | ".join(_api_type(arg) for arg in typing.get_args(hint))
    if origin is tuple:
        item, _ellipsis = typing.get_args(hint)
        return f"list[{_api_type(item)}]"
    return _SHAPE_NAMES.get(hint) or _TYPE_NAMES[hint]


def _fields_of(record: type) -> dict[str, str]:
    """The annotations of the shape of `record` (a dataclass of `sitrep.models`): its fields
    in order, typed by `_api_type`. Assigned as a class body's `__annotations__`, they are
    the shape's fields, each required (as the schema has always had them); an annotated
    line after it in the body overrides one (a default, a description) or adds one."""
    hints = typing.get_type_hints(record)
    return {f.name: _api_type(hints[f.name]) for f in dataclasses.fields(record)}


class ErrorDetail(_Shape):
    status: int = Field(examples=[404])
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["No event 'x'. List events at /api/events."])


class ErrorBody(_Shape):
    "Every failure, whatever its status, has this one shape."

    error: ErrorDetail


class EvidenceSpan(_Shape):
    __annotations__ = _fields_of(Evidence)


class ActorOut(_Shape):
    __annotations__ = _fields_of(Actor)


class PlaceOut(_Shape):
    __annotations__ = _fields_of(Place)


class ShareOut(_Shape):
    __annotations__ = _fields_of(Share)


class CountOut(_Shape):
    __annotations__ = _fields_of(Count)


class ClaimOut(_Shape):
    __annotations__ = _fields_of(Claim)


class ArticleSummary(_Shape):
    id: str
    title: str | None
    outlet: str | None
    published: date | None
    url: str | None


class EventView(_Shape):
    "The data contract's event record (corrections applied) and how it stands in review."

    __annotations__ = _fields_of(Event)
    evidence: list[EvidenceSpan] = Field(
        default_factory=list,
        description="The sentences that report the event; absent on events stored before it",
    )
    incident_id: str | None
    review: ReviewState
    corrected: bool
    article: ArticleSummary


class EventPage(_Shape):
    items: list[EventView]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: last")
    count: int | None = Field(description="Events matching, on the first page; else null")


class FigureOut(_Shape):
    __annotations__ = _fields_of(Figure)


class IncidentOut(_Shape):
    "One real-world happening reconciled from several reports; every figure kept."

    __annotations__ = _fields_of(Incident)
    notes: str = Field(
        default="",
        description="What happened in ACLED style (the lead report's note), then how the "
        "reports were reconciled: their number, the fatalities' range, the disputed figures",
    )


class IncidentPage(_Shape):
    items: list[IncidentOut]
    next_cursor: str | None
    count: int | None


class CorrectionOut(_Shape):
    "One entry of an event's append-only review history."

    id: int
    event_id: str
    field: str
    before: Any
    after: Any
    why: str
    reviewer: str
    at: str


class EventDetail(_Shape):
    event: EventView
    incident: IncidentOut | None
    others: list[EventView]
    corrections: list[CorrectionOut]


class IncidentDetail(_Shape):
    incident: IncidentOut
    events: list[EventView]


class ArticleOut(_Shape):
    id: str
    title: str | None
    outlet: str | None
    published: date | None
    url: str | None
    text: str
    version: int


class EvidenceOut(_Shape):
    event_id: str
    field: str
    start: int
    end: int
    text: str


class ArticleDetail(_Shape):
    article: ArticleOut
    events: list[EventView]
    evidence: list[EvidenceOut]


class Bucket(_Shape):
    "One group's events and the sums of their fatality figures (best, and the range's ends)."

    key: str
    events: int
    fatalities: int
    fatalities_low: int
    fatalities_high: int


class Stats(_Shape):
    by: str
    buckets: list[Bucket]


class Config(_Shape):
    public_read: bool
    tile_url: str | None
    attribution: str
    version: str


class History(_Shape):
    corrections: list[CorrectionOut]


class ReviewResult(_Shape):
    event: EventView
    correction: CorrectionOut


class ReviewBody(BaseModel):
    "A verdict on an event, and why."

    model_config = ConfigDict(extra="forbid")
    verdict: VerdictName
    why: str = Field(min_length=1, max_length=2000)


class CorrectionBody(BaseModel):
    """A new value for one field, and why. Value shapes: event_type/sub_event_type: str;
    actor1/actor2: {"name", "kind"?, "country"?}; location: {"name", "latitude", "longitude",
    "admin1"?, "admin2"?, "country"?, "country_code"?, "geo_precision"?}; event_date:
    "YYYY-MM-DD"; fatalities/wounded/captured: {"best", "low"?, "high"?}; notes: str;
    civilian_harm: bool. null removes actor2, location, event_date or a count."""

    model_config = ConfigDict(extra="forbid")
    field: CorrectableField
    value: Any
    why: str = Field(min_length=1, max_length=2000)
