"""The seed article, coded field by field the way a careful human coder would code it.

The expectations are our own reading of shared/spec/seed-article.txt (published by Tasnim
on Wednesday 27 November 2024, relaying SOHR and al-Mayadeen):

1. HTS and allied factions overrun about ten army-held areas west of Aleppo: a territorial
   takeover in a battle, SOHR's toll of "nearly 100" made of 44 + 16 + 37, five captured.
2. The army's shelling ("hundreds of shells and missiles") with civilian casualties, per SOHR.
3. HTS rockets and mortars on army positions in Qabtan al-Jabal, Bala and Sheikh Aqil, a
   relayed claim: an unnamed Syrian source cited by al-Mayadeen. ACLED codes one event per
   place, so the list of three villages is three events.
4. Syrian-Russian air strikes on HTS supply lines from Idlib city to Taftanaz airport.
5. Army shelling near Idlib city, Ariha and Sarmada: again three events, one per town.
Last month's joint Russian-Syrian air raids on HTS positions in Idlib and Latakia are history
told as background to the offensive (a month before it): the reports of that month coded them,
so they are no event here.
The militants' seizure of depots happens inside the takeover (not an event of its own), and
HTS ordering hospitals to halt surgeries is not political violence: neither is an event.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract import extract
from sitrep.models import Article, Event
from sitrep.read import read_articles

SOHR = "Syrian Observatory for Human Rights"
TASNIM = "Tasnim News Agency"
HTS = "HTS: Hayat Tahrir al Sham"
# The seed's events are of 27 November 2024, before the fall of Damascus (8 December).
SYRIA = "Military Forces of Syria (2000-2024)"
RUSSIA = "Military Forces of Russia (2000-)"


@pytest.fixture(scope="module")
def seed(shared) -> Article:  # type: ignore[no-untyped-def]
    (article,) = read_articles(
        [shared / "spec" / "seed-article.txt"], published=date(2024, 11, 27), outlet=TASNIM
    )
    assert isinstance(article, Article)
    return article


@pytest.fixture(scope="module")
def events(seed: Article, kit) -> list[Event]:  # type: ignore[no-untyped-def]
    return extract(seed, kit=kit)


def roles(event: Event) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for actor in event.actors:
        out.setdefault(actor.role, []).append(actor.name)
    return out


def find(events: list[Event], sub_event_type: str, where: str) -> Event:
    "The event of that sub-type whose place or trigger quote mentions `where`."
    for event in events:
        quote = next(c.quote for c in event.claims if c.field == "event")
        place = event.location.name if event.location else ""
        if event.sub_event_type == sub_event_type and (where in quote or where == place):
            return event
    raise AssertionError(f"no {sub_event_type} event at {where}: {[e.notes for e in events]}")


def test_the_seed_reports_nine_events_and_no_others(events: list[Event]) -> None:
    shelling = "Shelling/artillery/missile attack"
    assert len(events) == 9
    types = sorted(e.sub_event_type for e in events)
    strikes = ["Air/drone strike"]
    assert types == sorted(["Non-state actor overtakes territory", *[shelling] * 7, *strikes])
    places = sorted(e.location.name for e in events if e.location and e.sub_event_type == shelling)
    assert places == sorted(
        ["Aleppo", "Qabtan al-Jabal", "Bala", "Sheikh Aqil", "Idlib", "Ariha", "Sarmada"]
    )
    assert not [e for e in events if e.event_type == "Strategic developments"]


def test_the_offensive_west_of_aleppo(events: list[Event]) -> None:
    battle = events[0]  # the report's main event leads
    assert battle.event_type == "Battles"
    assert battle.sub_event_type == "Non-state actor overtakes territory"
    assert roles(battle)["actor1"] == [HTS]
    assert roles(battle)["actor2"] == [SYRIA]
    assert battle.event_date == date(2024, 11, 27) and battle.date_precision == "day"
    assert battle.location is not None
    assert battle.location.name == "Aleppo" and battle.location.geo_precision == 2
    assert battle.location.country == "Syria" and battle.location.country_code == "SYR"
    fatalities = battle.fatalities
    assert fatalities is not None
    assert (fatalities.low, fatalities.best, fatalities.high) == (97, 97, 100)
    assert sorted(s.count for s in fatalities.breakdown) == [16, 37, 44]
    assert battle.captured is not None and battle.captured.best == 5
    # "including at least four officers" is a subset: recorded as evidence, never added.
    assert "at least four officers" in [m.text for m in fatalities.mentions]


def test_the_offensive_figures_are_claimed_by_sohr_via_tasnim(events: list[Event]) -> None:
    battle = events[0]
    figures = {c.value["best"]: c for c in battle.claims if c.field == "fatalities"}
    for value in (44, 16, 37):
        assert figures[value].claimant == SOHR
        assert figures[value].via == TASNIM
    assert figures[95].quote == "nearly 100 fatalities"
    assert figures[95].value == {
        "best": 95,
        "low": 95,
        "high": 100,
        "qualifier": "at_most",
        "party": None,
        "role": "total",
    }
    assert figures[44].value["party"] == HTS
    # What each figure is to the toll, for reconciliation: the parties' parts add up to it,
    # "including at least four officers" is inside the 37, "nearly 100" is the total.
    assert {v: figures[v].value["role"] for v in (44, 16, 37, 4)} == {
        44: "part",
        16: "part",
        37: "part",
        4: "subset",
    }
    assert set(battle.sources) >= {SOHR, TASNIM}


def test_loaded_wording_is_the_sources_never_a_name(events: list[Event]) -> None:
    battle = events[0]
    wording = [c for c in battle.claims if c.field == "wording"]
    assert [(c.quote, c.claimant) for c in wording] == [("foreign-backed militant groups", TASNIM)]
    names = [a.name.lower() for e in events for a in e.actors]
    assert not [n for n in names if "terror" in n or "foreign" in n or "militant" in n]
    assert not [
        e.notes for e in events if "terror" in e.notes.lower() or "militant" in e.notes.lower()
    ]


def test_army_shelling_with_civilian_casualties(events: list[Event]) -> None:
    shelling = find(events, "Shelling/artillery/missile attack", "hundreds of shells")
    assert roles(shelling)["actor1"] == [SYRIA]
    assert shelling.civilian_harm is True
    event_claim = next(c for c in shelling.claims if c.field == "event")
    assert (event_claim.claimant, event_claim.via) == (SOHR, TASNIM)


def test_relayed_claim_of_hts_rockets_on_qabtan_al_jabal(events: list[Event]) -> None:
    rockets = find(events, "Shelling/artillery/missile attack", "Qabtan al-Jabal")
    assert roles(rockets)["actor1"] == [HTS]
    assert roles(rockets)["actor2"] == [SYRIA]
    claim = next(c for c in rockets.claims if c.field == "event")
    assert claim.claimant == "Syrian source"
    assert claim.via == "Al Mayadeen"
    assert "Al Mayadeen" in rockets.sources and TASNIM in rockets.sources


def test_strikes_on_the_supply_lines_to_taftanaz(events: list[Event]) -> None:
    strikes = find(events, "Air/drone strike", "Taftanaz")
    assert roles(strikes) == {"actor1": [SYRIA], "assoc_actor_1": [RUSSIA], "actor2": [HTS]}
    assert strikes.event_date == date(2024, 11, 27)
    assert strikes.location is not None and strikes.location.name == "Taftanaz"
    assert strikes.location.geo_precision == 2  # on the supply line, near the airport
    assert strikes.location.latitude is not None
    assert abs(strikes.location.latitude - 35.998) < 0.1  # Taftanaz, not Idlib city


@pytest.mark.parametrize("town", ["Idlib", "Ariha", "Sarmada"])
def test_shelling_near_idlib_ariha_and_sarmada(events: list[Event], town: str) -> None:
    shelling = next(
        e
        for e in events
        if e.location is not None
        and e.location.name == town
        and e.sub_event_type == "Shelling/artillery/missile attack"
    )
    assert roles(shelling)["actor1"] == [SYRIA]
    assert shelling.location is not None and shelling.location.geo_precision == 2  # "near"
    assert shelling.event_date == date(2024, 11, 27)


@pytest.mark.parametrize("village", ["Qabtan al-Jabal", "Bala", "Sheikh Aqil"])
def test_hts_rockets_on_each_village(events: list[Event], village: str) -> None:
    rockets = next(e for e in events if e.location is not None and e.location.name == village)
    assert roles(rockets)["actor1"] == [HTS]
    claim = next(c for c in rockets.claims if c.field == "event")
    assert (claim.claimant, claim.via) == ("Syrian source", "Al Mayadeen")


def test_last_months_air_raids_are_history(events: list[Event]) -> None:
    "'Last month, joint Russian-Syrian air raids targeted ...': background, no event."
    assert all(e.event_date == date(2024, 11, 27) for e in events)
    assert not any("Last month" in e.evidence[0].text for e in events if e.evidence)


def test_every_span_slices_the_stored_text(seed: Article, events: list[Event]) -> None:
    text = seed.text
    for event in events:
        spans = [m for a in event.actors for m in a.mentions]
        spans += list(event.location.mentions) if event.location else []
        for count in (event.fatalities, event.wounded, event.captured):
            spans += list(count.mentions) if count else []
        for span in spans:
            assert text[span.start : span.end] == span.text
        for claim in event.claims:
            assert text[claim.start : claim.end] == claim.quote


def test_event_ids_are_stable(seed: Article, kit) -> None:  # type: ignore[no-untyped-def]
    first = [e.event_id for e in extract(seed, kit=kit)]
    again = [e.event_id for e in extract(seed, kit=kit)]
    assert first == again and len(set(first)) == len(first)
