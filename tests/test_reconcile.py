"""sitrep.reconcile: reports of one incident grouped, every claim kept, distractors apart.

Unit tests build Events by hand (what three outlets would report about one shelling), so
each rule is pinned where it bites: merging keeps every figure with its claimant, a 97-vs-20
disagreement surfaces with both sides, the order of arrival does not change the incidents,
the hard distractors (same place another day, same day next town, same actors elsewhere)
stay apart, and window/match agree at the precision boundaries. The last tests run the real
extractor on tests/data/reconcile/ and guard pairwise precision and recall.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.cli import cli
from sitrep.evaluate import score_reconciliation
from sitrep.extract import Kit, extract_many
from sitrep.models import (
    SUB_EVENT_TYPES,
    Actor,
    Article,
    Claim,
    Count,
    Event,
    Incident,
    Place,
    Share,
)
from sitrep.reconcile import (
    build_incident,
    in_window,
    match,
    new_incident_id,
    pair_score,
    reconcile,
    window,
)

DATA = Path(__file__).parent / "data" / "reconcile"
GOLD = DATA / "gold.tsv"

SOHR = "Syrian Observatory for Human Rights"
SANA = "Syrian Arab News Agency"
SYRIA_ARMY = "Military Forces of Syria (2000-)"
HTS = "HTS: Hayat Tahrir al Sham"

# Places as the gazetteer resolves them (coordinates of the real towns).
ALEPPO = {
    "name": "Aleppo",
    "lat": 36.2012,
    "lon": 37.1612,
    "p": 2,
    "admin1": "Aleppo",
    "gid": "g:0",
}
KHARKIV = {"name": "Kharkiv", "lat": 49.9808, "lon": 36.2527, "cc": "UKR", "gid": "g:706483"}
KRAMATORSK = {"name": "Kramatorsk", "lat": 48.7305, "lon": 37.5679, "cc": "UKR", "gid": "g:1"}
BILENKE = {"name": "Bilenke", "lat": 48.7660, "lon": 37.6330, "cc": "UKR", "gid": "g:2"}
OMDURMAN = {"name": "Omdurman", "lat": 15.6445, "lon": 32.4777, "cc": "SDN", "gid": "g:3"}
EL_FASHER = {"name": "El Fasher", "lat": 13.6279, "lon": 25.3494, "cc": "SDN", "gid": "g:4"}


def place(
    name: str,
    lat: float | None = None,
    lon: float | None = None,
    *,
    p: int = 1,
    admin1: str | None = None,
    admin2: str | None = None,
    cc: str = "SYR",
    gid: str | None = None,
) -> Place:
    return Place(
        name=name,
        admin1=admin1,
        admin2=admin2,
        country=None,
        country_code=cc,
        latitude=lat,
        longitude=lon,
        geo_precision=p,  # type: ignore[arg-type]
        gazetteer_id=gid,
    )


def figure_claim(
    value: int,
    claimant: str,
    via: str | None = None,
    *,
    qualifier: str = "exact",
    party: str | None = None,
    field: str = "fatalities",
    role: str | None = None,
) -> Claim:
    "A figure's claim; `role` (total, part, subset, aside) as the extractor gives it, if set."
    quote = f"{value} people"
    high = 2 * value if qualifier == "at_least" else value
    value_: dict[str, Any] = {
        "best": value, "low": value, "high": high, "qualifier": qualifier, "party": party
    }  # fmt: skip
    if role is not None:
        value_["role"] = role
    return Claim(
        field=field,
        value=value_,
        claimant=claimant,
        via=via,
        quote=quote,
        start=10,
        end=10 + len(quote),
    )


def ev(
    event_id: str,
    article: str | None = None,
    *,
    day: str = "2024-11-27",
    precision: str | None = "day",
    sub: str = "Armed clash",
    actors: tuple[tuple[str, str, str], ...] = (),
    where: dict[str, Any] | Place | None = None,
    deaths: tuple[int, int, int] | None = None,
    breakdown: tuple[Share, ...] = (),
    claims: tuple[Claim, ...] = (),
    confidence: float = 0.8,
    notes: str = "",
) -> Event:
    "An Event as an article would give it; `actors` are (role, name, kind)."
    if isinstance(where, dict):
        spec = dict(where)
        where = place(spec.pop("name"), spec.pop("lat", None), spec.pop("lon", None), **spec)
    return Event(
        event_id=event_id,
        article_id=article or f"art-{event_id}",
        event_date=date.fromisoformat(day) if day else None,
        date_precision=precision if day else None,  # type: ignore[arg-type]
        event_type=SUB_EVENT_TYPES[sub],
        sub_event_type=sub,
        actors=tuple(
            Actor(role=role, name=name, kind=kind, country=None)  # type: ignore[arg-type]
            for role, name, kind in actors
        ),
        location=where,
        fatalities=Count(best=deaths[1], low=deaths[0], high=deaths[2], breakdown=breakdown)
        if deaths
        else None,
        wounded=None,
        captured=None,
        civilian_harm=False,
        claims=claims,
        sources=tuple(dict.fromkeys(n for c in claims for n in (c.claimant, c.via) if n)),
        notes=notes,
        confidence=confidence,
    )


OFFENSIVE = (("actor1", HTS, "rebel group"), ("actor2", SYRIA_ARMY, "state forces"))


def aleppo_reports() -> list[Event]:
    "The Aleppo offensive as four outlets report it: SOHR relayed twice, SANA, an uncredited toll."
    return [
        ev(
            "reuters",
            actors=OFFENSIVE,
            where=ALEPPO,
            deaths=(97, 97, 97),
            claims=(figure_claim(97, SOHR, "Reuters"),),
        ),
        ev(
            "afp",
            day="2024-11-28",  # "overnight", a day off
            actors=OFFENSIVE,
            where=ALEPPO,
            deaths=(97, 97, 194),
            claims=(figure_claim(97, SOHR, "Agence France-Presse", qualifier="at_least"),),
        ),
        ev(
            "sana",
            sub="Attack",  # "terrorists attacked army positions"
            actors=(("actor1", SYRIA_ARMY, "state forces"),),
            where=ALEPPO,
            deaths=(20, 20, 20),
            claims=(figure_claim(20, SANA, party=SYRIA_ARMY),),
        ),
        ev(
            "monitor",
            actors=OFFENSIVE,
            where={**ALEPPO, "name": "Halab"},  # another name, the same resolved place
            deaths=(97, 97, 97),
        ),
    ]


OUTLETS = {
    "art-reuters": "Reuters",
    "art-afp": "Agence France-Presse",
    "art-sana": SANA,
    "art-monitor": "Al-Monitor",
}


def only(incidents: list[Incident]) -> Incident:
    assert len(incidents) == 1, [i.events for i in incidents]
    return incidents[0]


# --- merging ---------------------------------------------------------------------------------


def test_merging_keeps_every_claim_with_its_attribution() -> None:
    incident = only(reconcile(aleppo_reports(), outlets=OUTLETS))
    got = {(f.value, f.claimant, f.via, f.outlet, f.article_id) for f in incident.figures}
    assert got == {
        (97, SOHR, "Reuters", "Reuters", "art-reuters"),
        (97, SOHR, "Agence France-Presse", "Agence France-Presse", "art-afp"),
        (20, SANA, None, SANA, "art-sana"),
        (97, "Al-Monitor", None, "Al-Monitor", "art-monitor"),  # a toll nobody is credited with
    }
    assert incident.fatalities is not None
    assert (incident.fatalities.low, incident.fatalities.best, incident.fatalities.high) == (
        20,
        97,
        97,
    )
    assert [(f.value, f.claimant) for f in incident.contradictions] == [(20, SANA)]
    assert set(incident.articles) == set(OUTLETS)
    assert {SOHR, SANA, "Reuters", "Agence France-Presse", "Al-Monitor"} <= set(incident.sources)
    # Each figure points back at the words of its own article.
    for f in incident.figures:
        if f.quote:
            assert f.quote == f"{f.value} people" and f.end - f.start == len(f.quote)


def test_a_97_against_20_disagreement_surfaces_with_both_claimants() -> None:
    monitor = ev(
        "m",
        actors=OFFENSIVE,
        where=ALEPPO,
        deaths=(97, 97, 97),
        claims=(figure_claim(97, SOHR, "Reuters"),),
    )
    state = ev(
        "s",
        sub="Attack",
        actors=(("actor1", SYRIA_ARMY, "state forces"),),
        where=ALEPPO,
        deaths=(20, 20, 20),
        claims=(figure_claim(20, SANA, party=SYRIA_ARMY),),
    )
    incident = only(reconcile([monitor, state], outlets={"art-m": "Reuters", "art-s": SANA}))
    by_claimant = {f.claimant: f.value for f in incident.figures}
    assert by_claimant == {SOHR: 97, SANA: 20}
    assert incident.fatalities is not None
    assert (incident.fatalities.low, incident.fatalities.high) == (20, 97)
    # One report each: the tie goes to the lower figure (ACLED's conservative choice), and
    # the monitor's 97 is listed against it, still credited to SOHR via Reuters.
    assert incident.fatalities.best == 20
    assert [(f.value, f.claimant, f.via) for f in incident.contradictions] == [
        (97, SOHR, "Reuters")
    ]


def test_a_partys_share_is_kept_with_its_party_but_does_not_vote() -> None:
    parts = (
        Share(actor=HTS, count=44, qualifier="exact"),
        Share(actor=SYRIA_ARMY, count=37, qualifier="exact"),
    )
    detailed = ev(
        "d",
        actors=OFFENSIVE,
        where=ALEPPO,
        deaths=(81, 81, 81),
        breakdown=parts,
        claims=(
            figure_claim(81, SOHR, "Tasnim News Agency"),
            figure_claim(37, SOHR, "Tasnim News Agency", party=SYRIA_ARMY),
        ),
    )
    other = ev("o", actors=OFFENSIVE, where=ALEPPO, deaths=(81, 81, 81))
    incident = only(reconcile([detailed, other], outlets={}))
    assert {(f.value, f.party) for f in incident.figures} >= {(37, SYRIA_ARMY), (81, None)}
    assert incident.fatalities is not None and incident.fatalities.low == 81
    assert incident.contradictions == ()


CIVILIANS = "Civilians (Syria)"


def test_a_share_never_sets_the_low_nor_a_figure_left_aside_the_high() -> None:
    """Issue 12: a part of a toll ("two women", "including four children") is never an
    incident's low; a cumulative or background figure (a week's running total, the war's)
    is never its high. Both stay among the figures with their claimants."""
    monitor = ev(
        "m",
        actors=OFFENSIVE,
        where=ALEPPO,
        deaths=(14, 14, 14),
        claims=(
            figure_claim(14, SOHR, "Reuters", qualifier="at_least", role="total"),
            figure_claim(4, SOHR, "Reuters", party=CIVILIANS, role="subset"),  # 4 children
            figure_claim(52, SOHR, "Reuters", qualifier="at_least", role="aside"),  # since Monday
        ),
    )
    wire = ev(
        "w",
        actors=OFFENSIVE,
        where=ALEPPO,
        deaths=(15, 15, 15),
        claims=(
            figure_claim(15, SOHR, "Agence France-Presse", role="total"),
            figure_claim(3, SOHR, "Agence France-Presse", party=CIVILIANS, role="subset"),
            figure_claim(300000, SOHR, "Agence France-Presse", role="aside"),  # the war's
        ),
    )
    incident = only(reconcile([monitor, wire], outlets={}))
    assert incident.fatalities is not None
    assert (incident.fatalities.low, incident.fatalities.best, incident.fatalities.high) == (
        14,
        14,
        15,
    )
    assert {f.value for f in incident.figures} == {14, 4, 52, 15, 3, 300000}
    # Only totals dispute the best figure: the wire's 15, not its shares or the war's total.
    assert [f.value for f in incident.contradictions] == [15]


def test_parts_that_add_up_vote_as_their_sum() -> None:
    "A report that gives a toll only per party ('44 HTS members and 37 soldiers') votes 81."
    parts = (
        Share(actor=HTS, count=44, qualifier="exact"),
        Share(actor=SYRIA_ARMY, count=37, qualifier="exact"),
    )
    detailed = ev(
        "d",
        actors=OFFENSIVE,
        where=ALEPPO,
        deaths=(81, 81, 81),
        breakdown=parts,
        claims=(
            figure_claim(44, SOHR, "Tasnim News Agency", party=HTS, role="part"),
            figure_claim(37, SOHR, "Tasnim News Agency", party=SYRIA_ARMY, role="part"),
        ),
    )
    incident = only(reconcile([detailed], outlets={"art-d": "Tasnim News Agency"}))
    assert incident.fatalities is not None
    assert (incident.fatalities.low, incident.fatalities.best, incident.fatalities.high) == (
        81,
        81,
        81,
    )
    total = next(f for f in incident.figures if f.value == 81)
    assert (total.claimant, total.via) == (SOHR, "Tasnim News Agency")  # their arithmetic


def test_incident_notes_tell_what_happened_then_how_the_reports_add_up() -> None:
    "Issue 12: the lead report's ACLED-style description first, the reconciliation after it."
    lead_note = (
        "On 27 November 2024, HTS: Hayat Tahrir al Sham clashed with Military Forces of Syria "
        "(2000-) near Aleppo; 97 fatalities were reported."
    )
    reports = aleppo_reports()
    reports[0] = replace(reports[0], notes=lead_note, confidence=0.95)
    reports[2] = replace(reports[2], notes="On 27 November 2024, an attack on the army.")
    incident = only(reconcile(reports, outlets=OUTLETS))
    assert incident.notes == (
        f"{lead_note} Reconciled from 4 reports. Fatalities reported from 20 to 97; best 97. "
        f"Figures in dispute: {SANA} 20 fatalities."
    )
    assert Incident.from_dict(json.loads(json.dumps(incident.to_dict()))).notes == incident.notes
    # A claimant's figure told twice in one report is one figure in dispute.
    twice = replace(reports[2], claims=reports[2].claims * 2)
    again = only(reconcile([*reports[:2], twice, reports[3]], outlets=OUTLETS))
    assert again.notes.endswith(f"Figures in dispute: {SANA} 20 fatalities.")
    # One report without a note of its own: the summary alone.
    lone = build_incident("inc-l", [ev("l", where=ALEPPO, deaths=(5, 5, 5))], outlets={})
    assert lone.notes == "Reconciled from 1 report."


def test_an_unclaimed_count_is_claimed_by_the_articles_outlet() -> None:
    incident = build_incident(
        "inc-x", [ev("u", where=ALEPPO, deaths=(5, 5, 5))], outlets={"art-u": "Enab Baladi"}
    )
    (figure,) = incident.figures
    assert (figure.value, figure.claimant, figure.outlet) == (5, "Enab Baladi", "Enab Baladi")
    lone = build_incident("inc-y", [ev("n", where=ALEPPO, deaths=(5, 5, 5))], outlets={})
    assert lone.figures[0].claimant == "Unattributed"


def test_build_incident_takes_the_commonest_type_and_the_finest_place() -> None:
    incident = build_incident("inc-a", aleppo_reports(), outlets=OUTLETS)
    assert incident.sub_event_type == "Armed clash"
    assert incident.event_type == "Battles"
    assert incident.event_date == date(2024, 11, 27)
    assert incident.location is not None and incident.location.latitude == ALEPPO["lat"]
    assert [a.name for a in incident.actors] == [HTS, SYRIA_ARMY]
    assert Incident.from_dict(json.loads(json.dumps(incident.to_dict()))) == incident


# --- grouping ----------------------------------------------------------------------------------


def scenario() -> list[Event]:
    "Three incidents with their reports, and the hard distractors next to them."
    strike = (("actor1", "Military Forces of Russia (2000-)", "state forces"),)
    rsf = (("actor1", "RSF: Rapid Support Forces", "rebel group"),)
    return [
        *aleppo_reports(),
        # Kharkiv, 23 May: three reports, spellings and tolls differ.
        ev("kh1", day="2024-05-23", sub="Shelling/artillery/missile attack", actors=strike,
           where=KHARKIV, deaths=(7, 7, 7)),
        ev("kh2", day="2024-05-23", sub="Shelling/artillery/missile attack", actors=strike,
           where={**KHARKIV, "name": "Kharkov"}, deaths=(7, 7, 7)),
        ev("kh3", day="2024-05-23", sub="Air/drone strike", where=KHARKIV),
        # Omdurman market, 1 February: two reports.
        ev("om1", day="2025-02-01", sub="Shelling/artillery/missile attack", actors=rsf,
           where=OMDURMAN, deaths=(54, 54, 54)),
        ev("om2", day="2025-02-01", sub="Shelling/artillery/missile attack", actors=rsf,
           where=OMDURMAN, deaths=(56, 56, 56)),
        # Distractors: same place two days later; same day the next town; same actors elsewhere.
        ev("kh-later", day="2024-05-25", sub="Air/drone strike", actors=strike,
           where=KHARKIV, deaths=(6, 6, 12)),
        ev("bilenke", day="2023-06-27", sub="Shelling/artillery/missile attack", actors=strike,
           where=BILENKE),
        ev("kramatorsk", day="2023-06-27", sub="Shelling/artillery/missile attack",
           actors=strike, where=KRAMATORSK, deaths=(8, 8, 16)),
        ev("fasher", day="2025-02-01", sub="Shelling/artillery/missile attack", actors=rsf,
           where=EL_FASHER, deaths=(6, 6, 6)),
    ]  # fmt: skip


EXPECTED = {
    frozenset({"reuters", "afp", "sana", "monitor"}),
    frozenset({"kh1", "kh2", "kh3"}),
    frozenset({"om1", "om2"}),
    frozenset({"kh-later"}),
    frozenset({"bilenke"}),
    frozenset({"kramatorsk"}),
    frozenset({"fasher"}),
}


def grouping(incidents: list[Incident]) -> set[frozenset[str]]:
    return {frozenset(i.events) for i in incidents}


def test_reports_group_and_distractors_stay_apart() -> None:
    assert grouping(reconcile(scenario(), outlets={})) == EXPECTED


@pytest.mark.parametrize("seed", range(8))
def test_shuffled_input_gives_the_same_incidents(seed: int) -> None:
    events = scenario()
    first = [i.to_dict() for i in reconcile(events, outlets=OUTLETS)]
    random.Random(seed).shuffle(events)
    assert [i.to_dict() for i in reconcile(events, outlets=OUTLETS)] == first


@pytest.mark.parametrize("seed", range(8))
def test_incremental_arrival_in_any_order_groups_the_same(seed: int) -> None:
    "What a store does: each new event is matched against stored incidents in its window."
    events = scenario()
    random.Random(seed).shuffle(events)
    incidents: dict[str, list[Event]] = {}
    for event in events:
        w = window(event)
        candidates = [(iid, m) for iid, m in incidents.items() if any(in_window(w, e) for e in m)]
        incident_id = match(event, candidates) or new_incident_id(event)
        incidents.setdefault(incident_id, []).append(event)
    assert {frozenset(e.event_id for e in m) for m in incidents.values()} == EXPECTED


def test_a_report_a_day_late_does_not_chain_monday_to_wednesday() -> None:
    strike = (("actor1", "Military Forces of Russia (2000-)", "state forces"),)
    monday = ev("mon", day="2024-05-20", sub="Air/drone strike", actors=strike, where=KHARKIV)
    late = ev("late", day="2024-05-21", sub="Air/drone strike", actors=strike, where=KHARKIV)
    wednesday = ev("wed", day="2024-05-22", sub="Air/drone strike", actors=strike, where=KHARKIV)
    assert pair_score(wednesday, late) == 4.0  # alone, the late report would pull it in
    assert match(wednesday, [("inc-mon", [monday, late])]) is None
    assert grouping(reconcile([monday, late, wednesday], outlets={})) == {
        frozenset({"mon", "late"}),
        frozenset({"wed"}),
    }


def test_a_report_split_into_several_events_counts_once() -> None:
    """An article whose report the extractor split into three events is one report: its
    events do not outvote another article that contradicts the newcomer."""
    strike = (("actor1", "Military Forces of Russia (2000-)", "state forces"),)
    split = [
        ev(f"s{i}", article="art-split", day="2024-05-23", sub="Air/drone strike",
           actors=strike, where=KHARKIV)
        for i in range(3)
    ]  # fmt: skip
    other = ev("o", day="2024-05-20", sub="Air/drone strike", actors=strike, where=KHARKIV)
    newcomer = ev("n", day="2024-05-22", sub="Air/drone strike", actors=strike, where=KHARKIV)
    assert pair_score(newcomer, split[0]) == 4.0
    assert pair_score(newcomer, other) is None  # two days apart
    # Per event, (3 x 4 - 3) / 4 = 2.25 would join; per article, (4 - 3) / 2 = 0.5 does not.
    assert match(newcomer, [("inc-x", [*split, other])]) is None
    assert match(newcomer, [("inc-x", split)]) == "inc-x"


def test_rerunning_gives_the_same_result() -> None:
    once = reconcile(scenario(), outlets=OUTLETS)
    assert reconcile(scenario(), outlets=OUTLETS) == once
    assert len({i.incident_id for i in once}) == len(once)


def test_match_ignores_candidate_order_and_needs_evidence() -> None:
    reports = aleppo_reports()
    candidates = [("inc-b", reports[:2]), ("inc-a", reports[:2])]
    newcomer = ev("late", actors=OFFENSIVE, where=ALEPPO, deaths=(97, 97, 97))
    assert match(newcomer, candidates) == match(newcomer, candidates[::-1]) == "inc-a"
    # Same day, an unresolved place of another name, another type: not enough evidence.
    vague = ev("vague", sub="Attack", where=place("Kafr Nabl", cc="SYR"))
    assert match(vague, [("inc-a", reports[:1])]) is None
    assert match(reports[0], [("inc-a", [reports[0]])]) is None  # its own article
    # Two events of one article are two events, however alike.
    twin = ev("twin", article="art-reuters", actors=OFFENSIVE, where=ALEPPO, deaths=(97, 97, 97))
    assert pair_score(reports[0], twin) is None
    assert len(reconcile([reports[0], twin], outlets={})) == 2


# --- window and match at the boundaries --------------------------------------------------------


@pytest.mark.parametrize(
    "other, compatible",
    [
        ({"day": "2024-05-22"}, True),  # a day early: "late on Tuesday" vs "overnight"
        ({"day": "2024-05-24"}, True),
        ({"day": "2024-05-21"}, False),  # two days: same place another day
        ({"day": "2024-05-25"}, False),
        ({"day": "2024-05-20", "precision": "week"}, True),  # the week of 20-26 May
        ({"day": "2024-05-13", "precision": "week"}, False),  # the week before, 13-19 May
        ({"day": "2024-05-01", "precision": "month"}, True),
        ({"day": "2024-04-01", "precision": "month"}, False),
        ({"day": "2024-01-01", "precision": "year"}, True),  # a year is no date: no gate
        ({"day": ""}, True),  # undated: no gate, but it weighs against
    ],
)
def test_dates_match_within_each_reports_precision(other: dict, compatible: bool) -> None:
    a = ev("a", day="2024-05-23", sub="Shelling/artillery/missile attack", where=KHARKIV)
    b = ev("b", sub="Shelling/artillery/missile attack", where=KHARKIV, **other)
    assert (pair_score(a, b) is not None) is compatible
    assert (pair_score(b, a) is not None) is compatible
    if compatible:
        assert in_window(window(a), b) and in_window(window(b), a)


def test_an_undated_report_needs_more_than_place_and_type() -> None:
    dated = ev("a", day="2024-05-23", sub="Shelling/artillery/missile attack", where=KHARKIV)
    undated = ev("b", day="", sub="Shelling/artillery/missile attack", where=KHARKIV)
    vaguer = ev("c", day="", sub="Air/drone strike", where=KHARKIV)
    assert pair_score(dated, undated) == 2.0  # same place +2, same type +1, undated -1
    assert pair_score(dated, vaguer) == 1.5  # below JOIN: a new incident


def km_east(spec: dict[str, Any], km: float) -> dict[str, Any]:
    "The place moved `km` east (at its latitude), under another name and id."
    from math import cos, radians

    lon = spec["lon"] + km / (111.32 * cos(radians(spec["lat"])))
    return {**spec, "name": f"{spec['name']} East", "lon": lon, "gid": None}


@pytest.mark.parametrize(
    "a, b, compatible",
    [
        (KRAMATORSK, km_east(KRAMATORSK, 4.0), True),  # two towns at precision 1: within 5 km
        (KRAMATORSK, km_east(KRAMATORSK, 6.0), False),  # Kramatorsk and Bilenke: 6 km
        (KRAMATORSK, {**km_east(KRAMATORSK, 17.0), "p": 2}, True),  # near a town: 2.5 + 15 km
        (KRAMATORSK, {**km_east(KRAMATORSK, 18.0), "p": 2}, False),
        (
            {**KRAMATORSK, "admin2": "Kramatorsk Raion"},
            {**km_east(KRAMATORSK, 6.0), "admin2": "Kramatorsk Raion"},
            False,  # two towns of one raion are still two towns
        ),
        (
            {**KRAMATORSK, "admin2": "Kramatorsk Raion", "p": 2},
            {**km_east(KRAMATORSK, 40.0), "admin2": "Kramatorsk Raion", "p": 2},
            True,  # the same admin2
        ),
        (
            {**KRAMATORSK, "admin1": "Donetsk"},
            {**km_east(KRAMATORSK, 80.0), "admin1": "Donetsk", "p": 3},
            True,  # the province centre: the same province
        ),
        (
            {**KRAMATORSK, "admin1": "Donetsk"},
            {**km_east(KRAMATORSK, 80.0), "admin1": "Luhansk", "p": 3},
            False,
        ),
        (KRAMATORSK, {**KRAMATORSK, "cc": "RUS", "gid": None}, False),  # another country
    ],
)
def test_places_match_within_a_distance_set_by_geo_precision(
    a: dict[str, Any], b: dict[str, Any], compatible: bool
) -> None:
    x = ev("x", day="2023-06-27", sub="Shelling/artillery/missile attack", where=a)
    y = ev("y", day="2023-06-27", sub="Shelling/artillery/missile attack", where=b)
    assert (pair_score(x, y) is not None) is compatible
    if compatible:
        assert in_window(window(x), y) and in_window(window(y), x)


def test_spellings_of_one_town_meet_without_coordinates() -> None:
    a = ev("a", day="2019-07-22", sub="Air/drone strike", where=place("Maarat al-Numan"))
    b = ev("b", day="2019-07-22", sub="Air/drone strike", where=place("Ma'arrat an-Nu'man"))
    c = ev("c", day="2019-07-22", sub="Air/drone strike", where=place("Hotel Hayat", cc="SOM"))
    d = ev("d", day="2019-07-22", sub="Air/drone strike", where=place("Hayat Hotel", cc="SOM"))
    e = ev("e", day="2019-07-22", sub="Air/drone strike", where=place("Pa Zi Gyi", cc="MMR"))
    f = ev("f", day="2019-07-22", sub="Air/drone strike", where=place("Pazigyi", cc="MMR"))
    assert pair_score(a, b) == pair_score(c, d) == pair_score(e, f) == 4.0


@pytest.mark.parametrize(
    "sub_a, sub_b, compatible",
    [
        ("Armed clash", "Shelling/artillery/missile attack", True),
        ("Attack", "Armed clash", True),
        ("Non-state actor overtakes territory", "Non-violent transfer of territory", True),
        ("Attack", "Non-violent transfer of territory", False),
        ("Peaceful protest", "Violent demonstration", True),
        ("Peaceful protest", "Armed clash", False),
        ("Arrests", "Attack", False),
    ],
)
def test_event_types_match_within_families(sub_a: str, sub_b: str, compatible: bool) -> None:
    a = ev("a", sub=sub_a, where=ALEPPO)
    b = ev("b", sub=sub_b, where=ALEPPO)
    assert (pair_score(a, b) is not None) is compatible
    if compatible:
        assert b.event_type in window(a).event_types


def test_tolls_far_apart_speak_against_one_incident() -> None:
    market = ev("m", day="2025-02-01", where=OMDURMAN, deaths=(54, 54, 54))
    nearby = ev("n", day="2025-02-01", where={**km_east(OMDURMAN, 6), "p": 2}, deaths=(3, 3, 3))
    updated = ev("u", day="2025-02-01", where={**km_east(OMDURMAN, 6), "p": 2}, deaths=(56, 56, 56))
    assert pair_score(market, nearby) == 0.5 + 1 + 1 - 2
    assert pair_score(market, updated) == 0.5 + 1 + 1 + 0  # 54 vs 56: no overlap, not far


LATS = st.floats(min_value=-0.9, max_value=0.9)
SUBS = st.sampled_from(
    ["Armed clash", "Attack", "Air/drone strike", "Non-violent transfer of territory", "Arrests"]
)


@st.composite
def events(draw: st.DrawFn, name: str) -> Event:
    precision = draw(st.sampled_from(["day", "week", "month", "year", None]))
    offset = draw(st.integers(min_value=-40, max_value=40))
    located = draw(st.booleans())
    where = None
    if located:
        resolved = draw(st.booleans())
        where = place(
            draw(st.sampled_from(["Saraqib", "Saraqeb", "Ariha"])),
            35.86 + draw(LATS) if resolved else None,
            36.80 + draw(LATS) if resolved else None,
            p=draw(st.sampled_from([1, 2, 3])),
            admin1=draw(st.sampled_from([None, "Idlib", "Hama"])),
            admin2=draw(st.sampled_from([None, "Ariha District"])),
        )
    return ev(
        name,
        day=(date(2020, 2, 15) + timedelta(days=offset)).isoformat() if precision else "",
        precision=precision,
        sub=draw(SUBS),
        where=where,
    )


@settings(max_examples=400, deadline=None)
@given(events("a"), events("b"))
def test_the_window_holds_every_candidate_match_could_accept(a: Event, b: Event) -> None:
    "A store that pre-selects with the window never hides a candidate from match."
    if pair_score(a, b) is not None:
        assert in_window(window(a), b)
        assert in_window(window(b), a)


# --- the test set (real extraction) -------------------------------------------------------------


def test_the_test_set_has_forty_incidents_reported_two_to_four_times() -> None:
    with GOLD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    articles = [json.loads(line) for line in (DATA / "articles.jsonl").open(encoding="utf-8")]
    assert sorted(a["id"] for a in articles) == sorted(r["article_id"] for r in rows)
    for article in articles:
        assert {"id", "text", "published", "outlet", "title"} <= set(article)
    reports = Counter(r["incident"] for r in rows if r["kind"] == "report")
    assert len(reports) >= 40
    assert set(reports.values()) <= {2, 3, 4}
    distractors = {r["incident"]: r["description"] for r in rows if r["kind"] == "distractor"}
    kinds = " ".join(distractors.values())
    for kind in ("same place another day", "same day, nearby place", "same actors elsewhere"):
        assert kind in kinds
    countries = {r["incident"].split("-")[0] for r in rows}
    assert len(countries) >= 10


#: Two reports of one shelling, written for this test: shares of the toll, a running total
#: since Monday and the war's total beside each report's own figure.
SHELLING = [
    Article(
        id="sh-1",
        published=date(2020, 4, 30),
        outlet="Wire A",
        text="At least 9 civilians, among them two children, were killed on Thursday in mortar "
        "attacks on a market in the town of Kafr Nabl, a local official said. Since Monday at "
        "least 45 civilians have been killed in shelling of the town.",
    ),
    Article(
        id="sh-2",
        published=date(2020, 4, 30),
        outlet="Paper B",
        text="Mortar shells hit a market in Kafr Nabl on Thursday, killing 10 civilians "
        "including three women, the civil defence said. More than 380,000 people have been "
        "killed since the war began in 2011.",
    ),
]


def test_extracted_reports_add_up_without_shares_or_running_totals(kit: Kit) -> None:
    "The real extractor's figures: the incident reads 9-10, never 2 or 3, never 45 or 380,000."
    events = [e for _, found in extract_many(SHELLING, kit=kit) for e in found]
    incidents = reconcile(events, outlets={a.id: a.outlet for a in SHELLING})
    (incident,) = [i for i in incidents if set(i.articles) == {"sh-1", "sh-2"}]
    assert incident.fatalities is not None
    assert (incident.fatalities.low, incident.fatalities.high) == (9, 10)
    assert incident.event_date == date(2020, 4, 30)


@pytest.fixture(scope="module")
def test_set_report(kit: Kit) -> dict[str, Any]:
    "The test set extracted with the real kit, reconciled and scored once for this module."
    return score_reconciliation(GOLD, run=lambda arts: extract_many(arts, kit=kit))


#: The issue's bar: pairwise precision and recall >= 0.90 each (measured 0.974 and 0.917 on
#: 3 December 2026; the pairs split and merged are listed in tests/data/reconcile/README.md).
PRECISION_FLOOR = 0.90
RECALL_FLOOR = 0.90


def test_reconciliation_precision_and_recall_on_the_test_set(
    test_set_report: dict[str, Any],
) -> None:
    report = test_set_report
    assert report["articles"] == report["items"] == 149
    assert report["precision"] >= PRECISION_FLOOR, report["merged"]
    assert report["recall"] >= RECALL_FLOOR, report["split"]


def test_sitrep_evaluate_reconcile_prints_the_scores(tmp_path: Path) -> None:
    articles = [
        {
            "id": "w1",
            "published": "2024-05-23",
            "outlet": "Reuters",
            "title": "Russian missiles hit Kharkiv",
            "text": "Russian missiles struck Kharkiv on Thursday, killing seven people, "
            "the regional governor said.",
        },
        {
            "id": "w2",
            "published": "2024-05-24",
            "outlet": "Ukrinform",
            "title": "Toll of Kharkiv strike",
            "text": "A Russian missile strike on a printing house in Kharkiv killed seven people "
            "yesterday, the police said.",
        },
        {
            "id": "w3",
            "published": "2024-05-25",
            "outlet": "Associated Press",
            "title": "Store hit in Kharkiv",
            "text": "Russian guided bombs struck a hardware store in Kharkiv on Saturday, killing "
            "at least six people, officials said.",
        },
    ]
    (tmp_path / "articles.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8"
    )
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "article_id\tincident\tkind\tdescription\n"
        "w1\tprinting\treport\tprinting house\n"
        "w2\tprinting\treport\tprinting house\n"
        "w3\tstore\tdistractor\tsame place another day\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["evaluate", "--reconcile", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["files"][str(gold)]
    assert report["pairs"]["gold"] == 1 and report["articles"] == 3
    assert report["precision"] == report["recall"] == 1.0
    assert report["labels"] == "written"
    table = CliRunner().invoke(cli, ["evaluate", "--reconcile", str(gold)])
    assert table.exit_code == 0
    rows = {line.split("│")[1].strip(): line for line in table.output.splitlines() if "│" in line}
    assert rows["precision"].split("│")[2].strip() == "1.000"
    assert rows["recall"].split("│")[2].strip() == "1.000"


def test_sitrep_evaluate_wants_gold_files_or_reconcile(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["evaluate"]).exit_code == 2
    both = CliRunner().invoke(cli, ["evaluate", str(GOLD), "--reconcile", str(GOLD)])
    assert both.exit_code == 2
    lonely = tmp_path / "gold.tsv"
    lonely.write_text("article_id\tincident\n", encoding="utf-8")
    missing = CliRunner().invoke(cli, ["evaluate", "--reconcile", str(lonely)])
    assert missing.exit_code == 1 and "articles.jsonl" in missing.output


@pytest.mark.reliability(
    "reports dated at the calendar's ends (9999-12-31, 0001-01-01)",
    "grouped without date overflow: windows stop at the calendar's end",
)
@pytest.mark.parametrize(
    "day, precision",
    [("9999-12-31", "day"), ("9999-12-27", "week"), ("9999-12-01", "month"), ("0001-01-01", "day")],
)
def test_dates_at_the_calendars_ends_do_not_overflow(day: str, precision: str) -> None:
    a = ev("edge-a", day=day, precision=precision, actors=OFFENSIVE, where=ALEPPO)
    b = ev("edge-b", day=day, precision=precision, actors=OFFENSIVE, where=ALEPPO)
    w = window(a)
    assert in_window(w, b)
    assert pair_score(a, b) is not None
    (incident,) = reconcile([a, b], outlets={})
    assert set(incident.events) == {"edge-a", "edge-b"}
