"""sitrep.models: the records refuse to break the contract's invariants, and round-trip.

Invariants from shared/spec/events.md: `text[start:end] == evidence.text` always,
`low <= best <= high`, a sub-event type sits under its event type, and the taxonomy is
exactly ACLED's six event types and 25 sub-event types.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.errors import ContractError
from sitrep.models import (
    ACTOR_KINDS,
    EVENT_TYPES,
    PRECISIONS,
    QUALIFIERS,
    ROLES,
    SUB_EVENT_TYPES,
    Actor,
    Claim,
    Count,
    Event,
    Evidence,
    Place,
    Share,
)
from tests.conftest import spec_taxonomy

TEXT = "On Wednesday, HTS fighters overran ten villages west of Aleppo."

#: The taxonomy as the contract lists it ("ACLED event types and sub-event types").
CONTRACT_TYPES = spec_taxonomy()


def make_event(**changes: Any) -> Event:
    "A valid event; `changes` override single fields."
    fields: dict[str, Any] = {
        "event_id": "ev-1",
        "article_id": "a-1",
        "event_date": date(2024, 11, 27),
        "date_precision": "day",
        "event_type": "Battles",
        "sub_event_type": "Non-state actor overtakes territory",
        "actors": (),
        "location": None,
        "fatalities": None,
        "wounded": None,
        "captured": None,
        "civilian_harm": False,
        "claims": (),
        "sources": ("Tasnim News Agency",),
        "notes": "On 27 November 2024, HTS took territory near Aleppo.",
        "confidence": 0.8,
    }
    fields.update(changes)
    return Event(**fields)


# --- Evidence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (0, 2, "On"),
        (14, 17, "HTS"),
        (56, 62, "Aleppo"),
        (len(TEXT) - 1, len(TEXT), "."),
        (5, 5, ""),  # an empty span is still a slice
        (0, len(TEXT), TEXT),
    ],
)
def test_evidence_at_slices_the_text(start: int, end: int, expected: str) -> None:
    assert Evidence.at(TEXT, start, end) == Evidence(start, end, expected)


@pytest.mark.parametrize(
    "start, end",
    [
        (-1, 2),
        (5, 3),
        (0, len(TEXT) + 1),
        (len(TEXT) + 1, len(TEXT) + 2),
        (len(TEXT), len(TEXT) + 5),
    ],
)
def test_evidence_at_refuses_a_span_outside_the_text(start: int, end: int) -> None:
    with pytest.raises(ContractError, match="outside the text"):
        Evidence.at(TEXT, start, end)


@pytest.mark.parametrize(
    "start, end, text",
    [
        (14, 17, "HT"),  # shorter than its span
        (14, 17, "HTS "),  # longer than its span
        (17, 14, "HTS"),  # end before start
        (-3, 0, "HTS"),  # negative start
    ],
)
def test_evidence_with_a_wrong_text_is_refused(start: int, end: int, text: str) -> None:
    with pytest.raises(ContractError):
        Evidence(start, end, text)


def test_evidence_to_dict_is_the_contract_shape() -> None:
    assert Evidence.at(TEXT, 14, 17).to_dict() == {"start": 14, "end": 17, "text": "HTS"}
    assert Evidence.from_dict({"start": 14, "end": 17, "text": "HTS"}) == Evidence(14, 17, "HTS")


# --- Count --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "low, best, high",
    [
        (5, 4, 10),  # low > best
        (1, 11, 10),  # best > high
        (6, 5, 4),  # both
        (-1, 0, 3),  # negative low
        (-5, -3, -1),  # all negative
    ],
)
def test_count_refuses_a_broken_range(low: int, best: int, high: int) -> None:
    with pytest.raises(ContractError, match="low <= best <= high"):
        Count(best=best, low=low, high=high)


@pytest.mark.parametrize("low, best, high", [(0, 0, 0), (4, 4, 4), (97, 97, 100), (24, 24, 99)])
def test_count_accepts_an_ordered_range(low: int, best: int, high: int) -> None:
    count = Count(best=best, low=low, high=high)
    assert (count.low, count.best, count.high) == (low, best, high)


def test_share_refuses_a_negative_count_and_an_unknown_qualifier() -> None:
    with pytest.raises(ContractError):
        Share(actor=None, count=-1, qualifier="exact")
    with pytest.raises(ContractError):
        Share(actor=None, count=3, qualifier="roughly")  # type: ignore[arg-type]


# --- Event, Actor, Place -------------------------------------------------------------------


@pytest.mark.parametrize(
    "event_type, sub_event_type",
    [
        ("Battles", "Air/drone strike"),  # a real sub-event type under another type
        ("Protests", "Violent demonstration"),  # a Riots sub-type
        ("Strategic developments", "Attack"),
        ("Battles", "Ambush"),  # not an ACLED sub-event type at all
        ("Clashes", "Armed clash"),  # not an ACLED event type
        ("battles", "Armed clash"),  # names are exact, case included
    ],
)
def test_event_refuses_a_sub_event_type_not_under_its_type(
    event_type: str, sub_event_type: str
) -> None:
    with pytest.raises(ContractError, match="is not a sub-event type of"):
        make_event(event_type=event_type, sub_event_type=sub_event_type)


@pytest.mark.parametrize(
    "event_type, sub_event_type", [(t, s) for t, subs in CONTRACT_TYPES.items() for s in subs]
)
def test_event_accepts_every_contract_pair(event_type: str, sub_event_type: str) -> None:
    event = make_event(event_type=event_type, sub_event_type=sub_event_type)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


@pytest.mark.parametrize("confidence", [-0.01, 1.01, 2.0])
def test_event_refuses_confidence_outside_0_1(confidence: float) -> None:
    with pytest.raises(ContractError, match=r"outside 0\.\.1"):
        make_event(confidence=confidence)


def test_event_refuses_an_unknown_date_precision() -> None:
    with pytest.raises(ContractError, match="date precision"):
        make_event(date_precision="decade")


def test_actor_refuses_an_unknown_role_or_kind() -> None:
    with pytest.raises(ContractError, match="role"):
        Actor(role="actor3", name="X", kind="rebel group", country=None)  # type: ignore[arg-type]
    with pytest.raises(ContractError, match="kind"):
        Actor(role="actor1", name="X", kind="terrorists", country=None)  # type: ignore[arg-type]


def test_place_refuses_half_coordinates_and_bad_precision() -> None:
    with pytest.raises(ContractError, match="both coordinates"):
        Place(name="Aleppo", latitude=36.2, longitude=None)
    with pytest.raises(ContractError, match="geo_precision"):
        Place(name="Aleppo", latitude=36.2, longitude=37.1, geo_precision=4)  # type: ignore[arg-type]


# --- The taxonomy and the vocabularies ---------------------------------------------------


def test_event_types_are_exactly_the_contract_taxonomy() -> None:
    # Parsed from shared/spec/events.md: a change on either side shows here.
    assert {t: list(subs) for t, subs in EVENT_TYPES.items()} == CONTRACT_TYPES
    assert len(EVENT_TYPES) == 6
    assert sum(len(subs) for subs in EVENT_TYPES.values()) == 25
    assert len(SUB_EVENT_TYPES) == 25  # no sub-event type name is used under two types
    assert all(SUB_EVENT_TYPES[s] == t for t, subs in CONTRACT_TYPES.items() for s in subs)


def test_vocabularies_are_the_contracts() -> None:
    assert ROLES == ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
    assert ACTOR_KINDS == (
        "state forces",
        "rebel group",
        "political militia",
        "identity militia",
        "rioters",
        "protesters",
        "civilians",
        "external force",
    )
    assert QUALIFIERS == ("exact", "at_least", "about", "at_most", "vague")
    assert PRECISIONS == ("day", "week", "month", "year")


# --- Claim ---------------------------------------------------------------------------------


def test_claim_on_copies_the_evidence_offsets() -> None:
    evidence = Evidence.at(TEXT, 14, 26)
    claim = Claim.on(
        evidence,
        field="actor",
        value="HTS: Hayat Tahrir al Sham",
        claimant="Syrian Observatory for Human Rights",
        via="Tasnim News Agency",
    )
    assert (claim.quote, claim.start, claim.end) == ("HTS fighters", 14, 26)
    assert TEXT[claim.start : claim.end] == claim.quote
    assert claim.to_dict() == {
        "field": "actor",
        "value": "HTS: Hayat Tahrir al Sham",
        "claimant": "Syrian Observatory for Human Rights",
        "via": "Tasnim News Agency",
        "quote": "HTS fighters",
        "start": 14,
        "end": 26,
    }


def test_claim_refuses_a_quote_that_does_not_fit_its_offsets() -> None:
    with pytest.raises(ContractError, match="does not fit"):
        Claim(field="fatalities", value=3, claimant="X", via=None, quote="HTS", start=14, end=26)
    with pytest.raises(ContractError):
        Claim(field="fatalities", value=3, claimant="X", via=None, quote="", start=-1, end=-1)


# --- Round trip (hypothesis) ----------------------------------------------------------------

names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
optional_names = st.none() | names
iso3 = st.none() | st.from_regex(r"\A[A-Z]{3}\Z")


@st.composite
def evidence_in(draw: st.DrawFn, text: str) -> Evidence:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return Evidence.at(text, start, end)


def mentions_in(text: str) -> st.SearchStrategy[tuple[Evidence, ...]]:
    return st.lists(evidence_in(text), max_size=3).map(tuple)


@st.composite
def counts_in(draw: st.DrawFn, text: str) -> Count:
    low, best, high = sorted(draw(st.lists(st.integers(0, 10_000), min_size=3, max_size=3)))
    breakdown = draw(
        st.lists(
            st.builds(
                Share,
                actor=optional_names,
                count=st.integers(0, 1000),
                qualifier=st.sampled_from(QUALIFIERS),
            ),
            max_size=3,
        )
    )
    return Count(best=best, low=low, high=high, breakdown=tuple(breakdown),
                 mentions=draw(mentions_in(text)))  # fmt: skip


@st.composite
def places_in(draw: st.DrawFn, text: str) -> Place:
    located = draw(st.booleans())
    finite = {"allow_nan": False, "allow_infinity": False}
    return Place(
        name=draw(names),
        admin1=draw(optional_names),
        admin2=draw(optional_names),
        country=draw(optional_names),
        country_code=draw(iso3),
        latitude=draw(st.floats(-90, 90, **finite)) if located else None,
        longitude=draw(st.floats(-180, 180, **finite)) if located else None,
        geo_precision=draw(st.sampled_from([None, 1, 2, 3])),
        gazetteer_id=draw(st.none() | names),
        mentions=draw(mentions_in(text)),
    )


@st.composite
def claims_in(draw: st.DrawFn, text: str) -> Claim:
    return Claim.on(
        draw(evidence_in(text)),
        field=draw(st.sampled_from(["fatalities", "wounded", "captured", "event", "actor"])),
        value=draw(st.none() | st.integers(0, 10_000) | names | st.booleans()),
        claimant=draw(names),
        via=draw(optional_names),
    )


@st.composite
def events(draw: st.DrawFn) -> Event:
    "Events whose every span is made by Evidence.at on one generated article text."
    text = draw(st.text(min_size=1, max_size=200))
    event_type = draw(st.sampled_from(sorted(EVENT_TYPES)))
    dated = draw(st.booleans())
    actors = draw(
        st.lists(
            st.builds(
                Actor,
                role=st.sampled_from(ROLES),
                name=names,
                kind=st.sampled_from(ACTOR_KINDS),
                country=iso3,
                mentions=mentions_in(text),
            ),
            max_size=4,
        )
    )
    return Event(
        event_id=draw(names),
        article_id=draw(names),
        event_date=draw(st.dates()) if dated else None,
        date_precision=draw(st.sampled_from(PRECISIONS)) if dated else None,
        event_type=event_type,
        sub_event_type=draw(st.sampled_from(EVENT_TYPES[event_type])),
        actors=tuple(actors),
        location=draw(st.none() | places_in(text)),
        fatalities=draw(st.none() | counts_in(text)),
        wounded=draw(st.none() | counts_in(text)),
        captured=draw(st.none() | counts_in(text)),
        civilian_harm=draw(st.booleans()),
        claims=tuple(draw(st.lists(claims_in(text), max_size=4))),
        sources=tuple(draw(st.lists(names, max_size=3))),
        notes=draw(names),
        confidence=draw(st.floats(0.0, 1.0)),
        evidence=tuple(draw(st.lists(evidence_in(text), max_size=3))),
    )


@settings(max_examples=150, deadline=None)
@given(events())
def test_event_round_trips_through_to_dict(event: Event) -> None:
    assert Event.from_dict(event.to_dict()) == event


@settings(max_examples=150, deadline=None)
@given(events())
def test_event_round_trips_through_json(event: Event) -> None:
    "What `sitrep extract --format jsonl` writes reads back as the same record."
    line = json.dumps(event.to_dict(), ensure_ascii=False)
    assert Event.from_dict(json.loads(line)) == event


def test_event_evidence_is_the_contract_shape_and_defaults_to_empty() -> None:
    "Events stored before `evidence` existed read back with no evidence, not an error."
    spans = (Evidence.at(TEXT, 0, 2), Evidence.at(TEXT, 14, 17))
    record = make_event(evidence=spans).to_dict()
    assert record["evidence"] == [
        {"start": 0, "end": 2, "text": "On"},
        {"start": 14, "end": 17, "text": "HTS"},
    ]
    assert Event.from_dict(record).evidence == spans
    del record["evidence"]
    assert Event.from_dict(record).evidence == ()


def test_event_evidence_must_be_spans() -> None:
    with pytest.raises(ContractError, match="Evidence spans"):
        make_event(evidence=((0, 2),))
    with pytest.raises(ContractError):  # a span whose text does not fit its offsets
        Event.from_dict(
            {**make_event().to_dict(), "evidence": [{"start": 0, "end": 5, "text": "On"}]}
        )


def test_event_to_dict_has_exactly_the_contract_keys() -> None:
    assert list(make_event().to_dict()) == [
        "event_id",
        "article_id",
        "event_date",
        "date_precision",
        "event_type",
        "sub_event_type",
        "actors",
        "location",
        "fatalities",
        "wounded",
        "captured",
        "civilian_harm",
        "claims",
        "sources",
        "notes",
        "confidence",
        "evidence",
    ]
    assert make_event().to_dict()["event_date"] == "2024-11-27"
    assert make_event(event_date=None, date_precision=None).to_dict()["event_date"] is None
