"""The nouns of Sitrep: frozen, typed records in the shape of the data contract.

An **Article** is one input report. An **Event** is what one article says happened (the
contract's event record). **Evidence** is a span of the article's text that a field rests on;
it can only be made by slicing the text, so `text[start:end] == evidence.text` holds by
construction. Validation lives in `__post_init__`: a record that breaks the contract's
invariants cannot be built.

`to_dict()` gives the contract's JSON shape; `from_dict()` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

from sitrep.errors import ContractError

ActorKind = Literal[
    "state forces",
    "rebel group",
    "political militia",
    "identity militia",
    "rioters",
    "protesters",
    "civilians",
    "external force",
]
Role = Literal["actor1", "assoc_actor_1", "actor2", "assoc_actor_2"]
Qualifier = Literal["exact", "at_least", "about", "at_most", "vague"]
Precision = Literal["day", "week", "month", "year"]

ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)
#: ACLED's actor type codes (its inter1/inter2 columns): the kinds in the order above, from 1.
INTER: dict[str, int] = {kind: code for code, kind in enumerate(ACTOR_KINDS, start=1)}
ROLES: tuple[str, ...] = get_args(Role)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
PRECISIONS: tuple[str, ...] = get_args(Precision)

#: The earliest day an event can be dated. Sitrep reads reports of present-day conflict; a
#: year before 1900 in one is a typo, an OCR slip or a historical aside, never the event.
EARLIEST_EVENT_DATE = date(1900, 1, 1)
#: How many days an event may lie after its report's publication date, and after today. A
#: report is never written before what it reports, but its `published` day can be a day
#: behind the event's local day (time zones, the date line, a feed's UTC timestamp); two
#: days covers that and nothing more. Beyond it the date is a misreading, or arithmetic
#: near the end of the calendar (year 9999) that would overflow downstream.
FUTURE_SLACK_DAYS = 2


def implausible_date(
    value: date, *, published: date | None, today: date | None = None
) -> str | None:
    """Why `value` cannot be the date of an event reported on `published`, or None if it can.

    The window runs from EARLIEST_EVENT_DATE to FUTURE_SLACK_DAYS after the publication date
    and after today (UTC), whichever comes first: an event can lie after neither.
    """
    today = today or datetime.now(UTC).date()
    if value < EARLIEST_EVENT_DATE:
        return f"is before {EARLIEST_EVENT_DATE.isoformat()}"
    for bound, what in ((published, "the publication date"), (today, "today")):
        if bound is not None and (value - bound).days > FUTURE_SLACK_DAYS:
            return f"is more than {FUTURE_SLACK_DAYS} days after {what} ({bound.isoformat()})"
    return None


#: The ACLED taxonomy: six event types, 25 sub-event types (contract, "ACLED event types").
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
SUB_EVENT_TYPES: dict[str, str] = {
    sub: event_type for event_type, subs in EVENT_TYPES.items() for sub in subs
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    "One input report, as stored. Evidence offsets index into `text`."

    id: str
    text: str
    published: date | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    language: str | None = None
    origin: str | None = None  # where it was read from: "path", "path:3" (a .jsonl line), "<stdin>"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "published": self.published.isoformat() if self.published else None,
            "outlet": self.outlet,
            "title": self.title,
            "url": self.url,
            "language": self.language,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    "A span of an article's text: text[start:end] == self.text, always."

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end or self.end - self.start != len(self.text):
            raise ContractError(f"evidence span {self.start}:{self.end} does not fit {self.text!r}")

    @classmethod
    def at(cls, article_text: str, start: int, end: int) -> Evidence:
        "The only way pipeline stages make evidence: by slicing the article text."
        if not 0 <= start <= end <= len(article_text):
            raise ContractError(f"evidence span {start}:{end} is outside the text")
        return cls(start, end, article_text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


def _evidence(items: Any) -> tuple[Evidence, ...]:
    return tuple(Evidence.from_dict(e) for e in items or ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    "A participant in an event, under its canonical ACLED-style name."

    role: Role
    name: str
    kind: ActorKind
    country: str | None
    mentions: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ContractError(f"unknown actor role {self.role!r}")
        if self.kind not in ACTOR_KINDS:
            raise ContractError(f"unknown actor kind {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        return cls(
            role=d["role"],
            name=d["name"],
            kind=d["kind"],
            country=d.get("country"),
            mentions=_evidence(d.get("mentions")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """Where an event happened. Coordinates stay None until a gazetteer resolves them."""

    name: str
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: Literal[1, 2, 3] | None = None
    gazetteer_id: str | None = None
    mentions: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if self.geo_precision not in (None, 1, 2, 3):
            raise ContractError(f"geo_precision must be 1, 2 or 3, not {self.geo_precision!r}")
        if (self.latitude is None) != (self.longitude is None):
            raise ContractError("a place has both coordinates or neither")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "country": self.country,
            "country_code": self.country_code,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geo_precision": self.geo_precision,
            "gazetteer_id": self.gazetteer_id,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        fields = {k: d.get(k) for k in cls.__slots__ if k != "mentions"}  # type: ignore[attr-defined]
        return cls(**fields, mentions=_evidence(d.get("mentions")))


@dataclass(frozen=True, slots=True, kw_only=True)
class Share:
    "One party's part of a figure: 44 of the dead were HTS members."

    actor: str | None
    count: int
    qualifier: Qualifier

    def __post_init__(self) -> None:
        if self.qualifier not in QUALIFIERS:
            raise ContractError(f"unknown qualifier {self.qualifier!r}")
        if self.count < 0:
            raise ContractError("a share cannot be negative")

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "count": self.count, "qualifier": self.qualifier}


@dataclass(frozen=True, slots=True, kw_only=True)
class Count:
    "A figure with its range; low <= best <= high is checked on construction."

    best: int
    low: int
    high: int
    breakdown: tuple[Share, ...] = ()
    mentions: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.low <= self.best <= self.high:
            raise ContractError(
                f"a count needs 0 <= low <= best <= high, got {self.low}/{self.best}/{self.high}"
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "best": self.best,
            "low": self.low,
            "high": self.high,
            "breakdown": [s.to_dict() for s in self.breakdown],
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Count:
        return cls(
            best=d["best"],
            low=d["low"],
            high=d["high"],
            breakdown=tuple(Share(**s) for s in d.get("breakdown") or ()),
            mentions=_evidence(d.get("mentions")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    "Who says what. An unattributed statement is claimed by the outlet."

    field: str
    value: Any
    claimant: str
    via: str | None
    quote: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end - self.start != len(self.quote) or self.start < 0:
            raise ContractError(f"claim quote does not fit its offsets {self.start}:{self.end}")

    @classmethod
    def on(
        cls, evidence: Evidence, *, field: str, value: Any, claimant: str, via: str | None
    ) -> Claim:
        "A claim whose quote is an evidence span, so its offsets slice the text by construction."
        return cls(
            field=field,
            value=value,
            claimant=claimant,
            via=via,
            quote=evidence.text,
            start=evidence.start,
            end=evidence.end,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "claimant": self.claimant,
            "via": self.via,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        return cls(**{k: d.get(k) for k in cls.__slots__})  # type: ignore[attr-defined]


def _optional(d: dict[str, Any], key: str, make: Any) -> Any:
    value = d.get(key)
    return None if value is None else make(value)


def _happening_dict(record: Event | Incident) -> dict[str, Any]:
    "The fields an Event and an Incident share (when, what, who, where, how many), as JSON."
    return {
        "event_date": record.event_date.isoformat() if record.event_date else None,
        "date_precision": record.date_precision,
        "event_type": record.event_type,
        "sub_event_type": record.sub_event_type,
        "actors": [a.to_dict() for a in record.actors],
        "location": record.location.to_dict() if record.location else None,
        "fatalities": record.fatalities.to_dict() if record.fatalities else None,
        "wounded": record.wounded.to_dict() if record.wounded else None,
        "captured": record.captured.to_dict() if record.captured else None,
    }


def _happening_fields(d: dict[str, Any]) -> dict[str, Any]:
    "The shared fields read back from JSON, as keyword arguments."
    return {
        "event_date": _optional(d, "event_date", date.fromisoformat),
        "date_precision": d.get("date_precision"),
        "event_type": d["event_type"],
        "sub_event_type": d["sub_event_type"],
        "actors": tuple(Actor.from_dict(a) for a in d.get("actors") or ()),
        "location": _optional(d, "location", Place.from_dict),
        "fatalities": _optional(d, "fatalities", Count.from_dict),
        "wounded": _optional(d, "wounded", Count.from_dict),
        "captured": _optional(d, "captured", Count.from_dict),
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    "One article's account of one event: the contract's event record."

    event_id: str
    article_id: str
    event_date: date | None
    date_precision: Precision | None
    event_type: str
    sub_event_type: str
    actors: tuple[Actor, ...]
    location: Place | None
    fatalities: Count | None
    wounded: Count | None
    captured: Count | None
    civilian_harm: bool
    claims: tuple[Claim, ...]
    sources: tuple[str, ...]
    notes: str
    confidence: float
    # The sentences that report the event. Scoring matches events to gold by them, and an
    # event stored before the field existed reads back with none.
    evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if SUB_EVENT_TYPES.get(self.sub_event_type) != self.event_type:
            raise ContractError(
                f"{self.sub_event_type!r} is not a sub-event type of {self.event_type!r}"
            )
        if self.date_precision is not None and self.date_precision not in PRECISIONS:
            raise ContractError(f"unknown date precision {self.date_precision!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ContractError(f"confidence {self.confidence} is outside 0..1")
        for span in self.evidence:
            if not isinstance(span, Evidence):
                raise ContractError(f"event evidence must be Evidence spans, not {span!r}")

    def actor(self, role: Role) -> Actor | None:
        "The first actor in a role, or None."
        return next((a for a in self.actors if a.role == role), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            **_happening_dict(self),
            "civilian_harm": self.civilian_harm,
            "claims": [c.to_dict() for c in self.claims],
            "sources": list(self.sources),
            "notes": self.notes,
            "confidence": self.confidence,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            event_id=d["event_id"],
            article_id=d["article_id"],
            **_happening_fields(d),
            civilian_harm=bool(d.get("civilian_harm")),
            claims=tuple(Claim.from_dict(c) for c in d.get("claims") or ()),
            sources=tuple(d.get("sources") or ()),
            notes=d.get("notes") or "",
            confidence=float(d["confidence"]),
            evidence=_evidence(d.get("evidence")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """One report's figure for an incident, with who claims it and where it was read.

    The quote's offsets index into the text of article `article_id`, so a reviewer can open
    that article and see the words; an incident keeps every figure, never an average.
    """

    field: str  # "fatalities" | "wounded" | "captured"
    value: int
    claimant: str
    via: str | None
    outlet: str | None
    article_id: str
    event_id: str
    quote: str
    start: int
    end: int
    party: str | None = None  # whose share of a report's total this is ("37 soldiers" of 97)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figure:
        return cls(**{k: d.get(k) for k in cls.__slots__})  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    """The real-world happening behind Events from several articles (reconciled).

    `fatalities` spans the reports: low is the lowest figure claimed, high the highest, best
    the figure most reports agree on. `figures` keeps every report's claim with its claimant;
    `contradictions` lists the figures that disagree, shown rather than averaged away.
    `notes` tells what happened in ACLED style (the lead report's note), then how the
    reports were reconciled; incidents stored before it had notes read "".
    """

    incident_id: str
    events: tuple[str, ...]  # event_ids, so each figure stays traceable to its article
    articles: tuple[str, ...]
    event_date: date | None
    date_precision: Precision | None
    event_type: str
    sub_event_type: str
    actors: tuple[Actor, ...]
    location: Place | None
    fatalities: Count | None
    wounded: Count | None
    captured: Count | None
    figures: tuple[Figure, ...]
    contradictions: tuple[Figure, ...]
    sources: tuple[str, ...]
    notes: str = ""

    def __post_init__(self) -> None:
        if SUB_EVENT_TYPES.get(self.sub_event_type) != self.event_type:
            raise ContractError(
                f"{self.sub_event_type!r} is not a sub-event type of {self.event_type!r}"
            )
        if not self.events:
            raise ContractError(f"incident {self.incident_id} has no events")

    def to_dict(self) -> dict[str, Any]:
        return {
            "incident_id": self.incident_id,
            "events": list(self.events),
            "articles": list(self.articles),
            **_happening_dict(self),
            "figures": [f.to_dict() for f in self.figures],
            "contradictions": [f.to_dict() for f in self.contradictions],
            "sources": list(self.sources),
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Incident:
        return cls(
            incident_id=d["incident_id"],
            events=tuple(d["events"]),
            articles=tuple(d.get("articles") or ()),
            **_happening_fields(d),
            figures=tuple(Figure.from_dict(f) for f in d.get("figures") or ()),
            contradictions=tuple(Figure.from_dict(f) for f in d.get("contradictions") or ()),
            sources=tuple(d.get("sources") or ()),
            notes=d.get("notes") or "",
        )
