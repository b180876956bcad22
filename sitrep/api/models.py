"""The API's request bodies and the documented shapes of its responses (OpenAPI).

Responses are written from the stored JSON directly (`sitrep.api.respond`), not through these
models, so a list of 500 events costs no validation; the models say what that JSON is, and
the schemathesis test checks every response against them.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sitrep.review import CORRECTABLE, VERDICTS

CorrectableField = Literal[CORRECTABLE]  # type: ignore[valid-type]
VerdictName = Literal[VERDICTS]  # type: ignore[valid-type]
ReviewState = Literal["unreviewed", "confirmed", "rejected"]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(_Shape):
    status: int = Field(examples=[404])
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["No event 'x'. List events at /api/events."])


class ErrorBody(_Shape):
    "Every failure, whatever its status, has this one shape."

    error: ErrorDetail


class EvidenceSpan(_Shape):
    start: int
    end: int
    text: str


class ActorOut(_Shape):
    role: str
    name: str
    kind: str
    country: str | None
    mentions: list[EvidenceSpan]


class PlaceOut(_Shape):
    name: str
    admin1: str | None
    admin2: str | None
    country: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    gazetteer_id: str | None
    mentions: list[EvidenceSpan]


class ShareOut(_Shape):
    actor: str | None
    count: int
    qualifier: str


class CountOut(_Shape):
    best: int
    low: int
    high: int
    breakdown: list[ShareOut]
    mentions: list[EvidenceSpan]


class ClaimOut(_Shape):
    field: str
    value: Any
    claimant: str
    via: str | None
    quote: str
    start: int
    end: int


class ArticleSummary(_Shape):
    id: str
    title: str | None
    outlet: str | None
    published: date | None
    url: str | None


class EventView(_Shape):
    "The data contract's event record (corrections applied) and how it stands in review."

    event_id: str
    article_id: str
    event_date: date | None
    date_precision: str | None
    event_type: str
    sub_event_type: str
    actors: list[ActorOut]
    location: PlaceOut | None
    fatalities: CountOut | None
    wounded: CountOut | None
    captured: CountOut | None
    civilian_harm: bool
    claims: list[ClaimOut]
    sources: list[str]
    notes: str
    confidence: float
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
    field: str
    value: int
    claimant: str
    via: str | None
    outlet: str | None
    article_id: str
    event_id: str
    quote: str
    start: int
    end: int
    party: str | None


class IncidentOut(_Shape):
    "One real-world happening reconciled from several reports; every figure kept."

    incident_id: str
    events: list[str]
    articles: list[str]
    event_date: date | None
    date_precision: str | None
    event_type: str
    sub_event_type: str
    actors: list[ActorOut]
    location: PlaceOut | None
    fatalities: CountOut | None
    wounded: CountOut | None
    captured: CountOut | None
    figures: list[FigureOut]
    contradictions: list[FigureOut]
    sources: list[str]
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
