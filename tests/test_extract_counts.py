"""Phrase tables for sitrep.extract.counts: how news English states a toll, and what Count it is.

The rules come from the data contract (shared/spec/events.md, "count"): `low <= best <= high`;
"nearly 100" gives high 100 and best below it; "at least four" gives low 4; a subset
("including ...") is never added on top; "dozens" is vague (low 24, best 24, high 99); a count
given per party is the sum of its parts when they do not overlap. Cases the contract leaves
open follow ACLED practice (a range is coded at its lower figure) and say so.

`read_figures` is called one sentence at a time, as `extract.read_context` does, with a
small `party` function, so these stay unit tests (no spaCy, no lexicons).

A case marked (strict=True) is a known defect of Sitrep: the expectation is right and
the reason says what Sitrep does instead. When the code is fixed the case XPASSes, the
suite fails, and the mark comes off.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.extract.counts import Counted, Field, combine, read_figures, read_toll
from sitrep.models import Count

SYRIA_ARMY = "Military Forces of Syria (2000-)"
HTS = "HTS: Hayat Tahrir al Sham"

#: Words that name a party in a span, and the name they give (first match wins).
PARTIES = {
    "HTS": HTS,
    "soldiers": SYRIA_ARMY,
    "Syrian forces": SYRIA_ARMY,
    "civilians": "Civilians (Syria)",
}

#: The seed article's toll, three sentences (shared/spec/seed-article.txt, lines 4-5).
SEED = (
    "The Syrian Observatory for Human Rights (SOHR), a UK-based monitor, reported nearly 100 "
    "fatalities among soldiers and militants. SOHR activists noted that 44 HTS members and 16 "
    "from allied groups were killed. Additionally, 37 Syrian forces personnel, including at "
    "least four officers, lost their lives, with five captured."
)
RESTATED = "Seven civilians were killed in the raid. Witnesses said seven civilians were killed."


def party_of(text: str):
    "A `party` callback: the name of the first known word inside text[start:end]."

    def party(start: int, end: int) -> str | None:
        span = text[start:end]
        return next((name for word, name in PARTIES.items() if word in span), None)

    return party


def sentences(text: str) -> list[tuple[int, int]]:
    "Sentence spans, split after . ! ? before a capital (enough for these tables)."
    cuts = [0, *(m.end() for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z])", text)), len(text)]
    return [(s, e) for s, e in itertools.pairwise(cuts) if text[s:e].strip()]


def figures(text: str) -> list[Counted]:
    "Every counted figure of `text`, read sentence by sentence like the pipeline does."
    party = party_of(text)
    return [c for s, e in sentences(text) for c in read_figures(text, s, e, party=party)]


def count(text: str, field: Field = "fatalities") -> Count | None:
    return combine(figures(text), field)


def numbers(count_: Count | None) -> dict[str, int] | None:
    return None if count_ is None else {"low": count_.low, "best": count_.best, "high": count_.high}


def pick(count_: Count | None, keys: dict[str, int]) -> dict[str, int] | None:
    "The keys of `keys` read from the count, so a case pins only what it states."
    values = numbers(count_)
    return None if values is None else {k: values[k] for k in keys}


def xfail(*values: object, reason: str):
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason))


# --- fatalities: low / best / high ---------------------------------------------------------

ALL12 = {"low": 12, "best": 12, "high": 12}
DOZENS = {"low": 24, "best": 24, "high": 99}  # the contract's vague rule
HUNDREDS = {"low": 200, "best": 200, "high": 999}  # by analogy with "dozens": 2 x 100, up to 999


@pytest.mark.parametrize("text, expected", [
    # exact digits and digit groups
    ("12 people were killed.", ALL12),
    ("1,500 people were killed in the siege.", {"low": 1500, "best": 1500, "high": 1500}),
    ("Over 1,000 people have been killed in the siege.", {"low": 1000}),
    # number words
    ("Five soldiers were killed in the attack.", {"low": 5, "best": 5, "high": 5}),
    ("Twelve civilians were killed.", ALL12),
    ("Twenty-five people were killed.", {"low": 25, "best": 25, "high": 25}),
    ("One hundred and twenty people were killed.", {"low": 120, "best": 120, "high": 120}),
    ("A dozen soldiers were killed.", ALL12),
    ("The strike killed a dozen soldiers.", ALL12),
    ("A dozen villagers were killed.", ALL12),
    ("12 villagers were killed in the raid.", ALL12),
    # vague quantities
    ("Dozens were killed in the fighting.", DOZENS),
    ("Dozens of civilians were killed.", DOZENS),
    ("The air strike killed dozens of people.", DOZENS),
    ("Hundreds were killed.", HUNDREDS),
    ("Hundreds of people were killed in the siege.", HUNDREDS),
    # qualified figures (the contract fixes low for "at least", high for "nearly")
    ("At least four soldiers were killed.", {"low": 4}),
    ("Gunmen opened fire on the market, killing at least 12 people.", {"low": 12}),
    ("Nearly 100 people were killed.", {"high": 100}),
    ("About 30 people were killed.", {"best": 30}),
    ("Some 40 people were killed.", {"best": 40}),
    # ranges: ACLED codes the lower figure
    ("1-2 policemen were killed.", {"low": 1, "best": 1, "high": 2}),
    ("2 or 3 soldiers were killed.", {"low": 2, "best": 2, "high": 3}),
    ("Two or three soldiers were killed.", {"low": 2, "best": 2, "high": 3}),
    # subsets are recorded, never added
    ("20 people were killed, including 13 civilians.", {"low": 20, "best": 20, "high": 20}),
    ("12 people were killed, among them five children.", ALL12),
    ("At least 12 people, including 4 children, were killed.", {"low": 12, "best": 12}),
    ("Ten were killed, five of them children.", {"low": 10, "best": 10, "high": 10}),
    ("Eight people, among them five children, were killed.", {"best": 8}),
    # a share joined to a subset is one too; one the text puts among the dead is one
    ("At least 27 villagers, including nine children and four women, were killed.",
     {"low": 27, "best": 27}),
    ("Air strikes on the market killed at least 14 people. Four children and three women were "
     "among the dead, the governor said.", {"low": 14, "best": 14, "high": 14}),
    # one person
    ("A civilian was killed in the shelling.", {"low": 1, "best": 1, "high": 1}),
    ("Gunmen killed a soldier at a checkpoint.", {"low": 1, "best": 1, "high": 1}),
    ("Three gunmen killed a soldier at a checkpoint.", {"low": 1, "best": 1, "high": 1}),
    # none
    ("No fatalities were reported.", {"low": 0, "best": 0, "high": 0}),
    ("No casualties were reported.", {"low": 0, "best": 0, "high": 0}),
    ("No one was killed in the attack.", {"low": 0, "best": 0, "high": 0}),
    # a coder's figure, a running toll
    ("Fatalities coded as 10.", {"low": 10, "best": 10, "high": 10}),
    ("The death toll rose to 25.", {"low": 25, "best": 25, "high": 25}),
    ("The death toll from the attack rose to 25 on Thursday.", {"best": 25}),
    # dates beside a count are not counts
    ("On 28 April 2020, 3 people were killed.", {"low": 3, "best": 3, "high": 3}),
    ("Five people were killed on 3 May.", {"low": 5, "best": 5, "high": 5}),
    ("The shelling killed 7 people on May 3.", {"low": 7, "best": 7, "high": 7}),
    # per party: parts that do not overlap add up
    ("SOHR activists noted that 44 HTS members and 16 from allied groups were killed.",
     {"low": 60, "best": 60, "high": 60}),
    ("3 soldiers and 5 rebels were killed.", {"low": 8, "best": 8, "high": 8}),
    # a total across sentences bounds the parts: nearly 100 over 44 + 16 + 37
    (SEED, {"low": 97, "best": 97, "high": 100}),
    # a figure restated in a later sentence is counted once
    (RESTATED, {"low": 7, "best": 7, "high": 7}),
    # thousands separators are not years
    ("1,950 people were killed.", {"low": 1950, "best": 1950, "high": 1950}),
    ("2,000 people were killed.", {"low": 2000, "best": 2000, "high": 2000}),
    # a side that lost its men counts them dead
    ("We have lost five soldiers in this attack, an officer said.",
     {"low": 5, "best": 5, "high": 5}),
    ("Another man was killed in the city after being shot at a checkpoint.",
     {"low": 1, "best": 1, "high": 1}),
    # one person and another of the same side are two
    ("The Taliban stormed a checkpoint, killing a district police chief and another officer.",
     {"low": 2, "best": 2, "high": 2}),
    ("Gunmen killed a farmer and a herder near the village.",
     {"low": 2, "best": 2, "high": 2}),
    # "four of the attackers": people of a side, named after the partitive; the attackers'
    # dead are added to the toll of the people they attacked
    ("Troops killed four of the attackers in the exchange of fire.",
     {"low": 4, "best": 4, "high": 4}),
    ("At least 30 villagers were killed in the raid, a local official said. Two of the "
     "attackers were also killed.", {"low": 32, "best": 32}),
    # a share of people a figure already counts is no more of them
    ("Thirty-five jihadists were killed in the fighting. Twenty of the jihadists died in air "
     "strikes.", {"low": 35, "best": 35, "high": 35}),
    # "killed another soldier": one more person, told on its own
    ("The day before, rebels killed another soldier at a roadblock.",
     {"low": 1, "best": 1, "high": 1}),
    # casualties are the dead and the hurt: the dead among them are the toll
    ("Police fired on the crowd, resulting in five casualties, including one fatality.",
     {"low": 1, "best": 1, "high": 1}),
    ("The shelling caused 12 casualties, including three dead, on Monday.",
     {"low": 3, "best": 3, "high": 3}),
    # a risen toll is the incident's latest count, all of it: one party's figure is some
    ("The death toll rose to 90 on Tuesday, rescuers said. At least 12 civilians were "
     "killed in raids on the outlying villages.", {"best": 90}),
])  # fmt: skip
def test_fatalities(text: str, expected: dict[str, int]) -> None:
    assert pick(count(text), expected) == expected


@pytest.mark.parametrize("text, high", [
    ("Nearly 100 people were killed.", 100),
    ("Almost 50 people were killed.", 50),
    ("Close to 30 civilians were killed.", 30),
])  # fmt: skip
def test_nearly_gives_high_and_best_below_it(text: str, high: int) -> None:
    result = count(text)
    assert result is not None
    assert result.high == high
    assert result.low <= result.best < high


# --- the qualifier of the figure ----------------------------------------------------------


@pytest.mark.parametrize("text, qualifier", [
    ("12 people were killed.", "exact"),
    ("Five soldiers were killed.", "exact"),
    ("At least four soldiers were killed.", "at_least"),
    ("More than 20 people were killed.", "at_least"),
    ("Nearly 100 people were killed.", "at_most"),
    ("Almost 50 people were killed.", "at_most"),
    ("About 30 people were killed.", "about"),
    ("Around 30 people were killed.", "about"),
    ("Dozens were killed.", "vague"),
    ("Hundreds were killed.", "vague"),
])  # fmt: skip
def test_qualifier(text: str, qualifier: str) -> None:
    (counted,) = figures(text)
    assert counted.figure.qualifier == qualifier


# --- wounded and captured -------------------------------------------------------------------


@pytest.mark.parametrize("text, field, best", [
    ("Gunmen attacked the village, killing 5 civilians and wounding 12 others.", "fatalities", 5),
    ("Gunmen attacked the village, killing 5 civilians and wounding 12 others.", "wounded", 12),
    ("The blast killed two people and injured five others.", "wounded", 5),
    ("The attack killed a soldier and wounded two others.", "wounded", 2),
    ("Gunmen killed 3 and wounded 4.", "wounded", 4),
    ("5 civilians were killed and 12 others wounded.", "fatalities", 5),
    ("5 civilians were killed and 12 others wounded.", "wounded", 12),
    ("A child was killed and two women were injured.", "wounded", 2),
    ("The blast left 3 dead and 7 injured.", "fatalities", 3),
    ("The blast left 3 dead and 7 injured.", "wounded", 7),
    # "left" counts what the outcome word after it names: the hurt, or the dead
    ("Miners fought the police on the road, leaving four officers injured.", "wounded", 4),
    ("The ambush on the convoy left nine of the drivers dead.", "fatalities", 9),
    # one victim named by a trade or office: "a" counts one
    ("Officers shot dead a fruit vendor near the bus station.", "fatalities", 1),
    ("Unknown gunmen killed a village pastor on his way home.", "fatalities", 1),
    ("37 Syrian forces personnel lost their lives, with five captured.", "captured", 5),
    ("37 Syrian forces personnel lost their lives, with five captured.", "fatalities", 37),
    ("Gunmen abducted 12 farmers near the village.", "captured", 12),
    ("Militants kidnapped 20 students from a school.", "captured", 20),
    ("The rebels took 12 soldiers hostage.", "captured", 12),
    ("Four soldiers were killed and two were captured.", "captured", 2),
    (SEED, "captured", 5),
    ("The death toll from raids on villages in the Bokkos area of Plateau state has risen to "
     "198, officials said.", "fatalities", 198),
    ("Two car bombs exploded in the town on Monday, killing at least 20 people.", "fatalities",
     20),
    ("Three rockets hit the market, killing 4 civilians.", "fatalities", 4),
    # places attacked are counted by no toll; "a district police chief" is a person
    ("Gunmen raided two farming communities at dawn, killing at least 9 people.", "fatalities",
     9),
    ("Insurgents stormed an outpost, killing a district police commander and another officer.",
     "fatalities", 2),
    # the verb's object with its place after it; not "one in five"
    ("A second strike killed four in Deir al-Balah.", "fatalities", 4),
    # a verb before two coordinated figures counts both; "including ... and two" is a share
    ("Soldiers fought rebels near the border, killing two soldiers and three rebels.",
     "fatalities", 5),
    ("Shells struck the bazaar, killing at least 14 villagers including children and three "
     "medics.", "fatalities", 14),
    # an aircraft's model number counts no one
    ("Iraqi F-16 jets struck hideouts in the hills, killing five militants.", "fatalities", 5),
    ("Two Su-24 bombers hit the town, killing 3 people.", "fatalities", 3),
    # "all" between the verb and the figure: every one of them, still the verb's count
    ("Commandos killed all six hijackers on the airliner.", "fatalities", 6),
    # one person named by the office he held in his village
    ("Rebels killed a village headman near the river on Friday.", "fatalities", 1),
    ("The blast wounded all of the 14 passengers on the minibus.", "wounded", 14),
])  # fmt: skip
def test_field(text: str, field: Field, best: int) -> None:
    result = count(text, field)
    assert result is not None, f"no {field} count"
    assert result.best == best


@pytest.mark.parametrize("text, field", [
    ("Gunmen abducted 12 farmers near the village.", "fatalities"),
    ("12 people were killed.", "wounded"),
    ("12 people were killed.", "captured"),
    ("5 civilians were killed and 12 others wounded.", "captured"),
    # "left" with no outcome word after it is a departure, not a toll
    ("The families had left a shelter for the displaced when they were seized.", "fatalities"),
    ("Rioters clashed with police, leaving four officers injured.", "fatalities"),
])  # fmt: skip
def test_field_not_reported_is_none(text: str, field: Field) -> None:
    assert count(text, field) is None


@pytest.mark.parametrize("text", [
    "Over 1,000 people have been killed since 2011.",
    "The insurgency, which began in 2009, has killed more than 40,000 people.",
    "More than 3,800 people have been killed in Lebanon since Hezbollah began firing in 2023.",
    "At least 53 people had been killed in Sinaloa since then, the prosecutor said.",
    "The war has since claimed the lives of almost 200,000 people.",
    "Turkey has so far lost at least 40 soldiers in the Syrian campaign.",
])  # fmt: skip
def test_a_conflicts_running_total_is_no_events_toll(text: str) -> None:
    "ACLED codes what one event cost; a total over months or years belongs to no event."
    assert count(text, "fatalities") is None


@pytest.mark.parametrize("text, best", [
    ("The raid was in retaliation for an ambush that killed nine guards near the mine.", None),
    ("Jets killed four fighters in reprisal for a bombing which had killed 11 pilgrims.", 4),
])  # fmt: skip
def test_the_toll_of_what_an_act_answered_is_not_its_own(text: str, best: int | None) -> None:
    result = count(text, "fatalities")
    assert (result.best if result else None) == best


def test_a_recent_since_still_counts() -> None:
    text = "Two civilians were killed in the first deaths since the truce began this week."
    result = count(text, "fatalities")
    assert result is not None and result.best == 2


# --- what is not a count --------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "On 28 April 2020, gunmen attacked the village.",
    "The fighting took place in 2019.",
    "Rebels fired 14.5mm machine guns at the post.",
    "The army shelled a hill 30 km south of the town.",
    "Gunmen attacked the village, 12 km from the town of Maru.",
    "Militants fired 12 rockets at the base.",
    "The clashes lasted 3 hours.",
    # who is accused of killing is not who was killed
    "Two men accused of killing a soldier were arrested on Monday.",
    "Police detained the youths suspected of kidnapping a trader.",
])  # fmt: skip
def test_not_a_count(text: str) -> None:
    assert [c.evidence.text for c in figures(text)] == []


@pytest.mark.parametrize("text, counted", [
    ("Gunmen killed a soldier at a checkpoint.", [1]),  # the gunmen are not counted
    ("Three gunmen killed a soldier at a checkpoint.", [1]),
    ("On 28 April 2020, 3 people were killed.", [3]),
    ("Rebels fired 14.5mm machine guns at the post, killing 2 soldiers.", [2]),
    ("4 soldiers were killed 30 km south of the town.", [4]),
    # an initialism between the article and the person ("a U.S. aid worker") is one word
    ("Gunmen shot dead a U.N. staff member outside the camp.", [1]),
])  # fmt: skip
def test_only_people_are_counted(text: str, counted: list[int]) -> None:
    assert [c.figure.best for c in figures(text)] == counted


@pytest.mark.parametrize("text, counted", [
    # the hurt who later died are among the dead
    ("A car bomb wounded eight people in the market, including a guard who later died.",
     [("wounded", 8), ("fatalities", 1)]),
    ("A mine wounded five soldiers on the road, one of whom later died in hospital.",
     [("wounded", 5), ("fatalities", 1)]),
    # "A bomb ..." counts no one, so the verb after it still counts the wounded
    ("A bomb wounded 12 people in the square, two of whom later succumbed to their injuries.",
     [("wounded", 12), ("fatalities", 2)]),
])  # fmt: skip
def test_the_hurt_who_later_died_are_counted_dead(
    text: str, counted: list[tuple[str, int]]
) -> None:
    assert [(c.field, c.figure.best) for c in figures(text)] == counted


# --- per-party breakdown ----------------------------------------------------------------------


@pytest.mark.parametrize("text, shares", [
    ("SOHR activists noted that 44 HTS members and 16 from allied groups were killed.",
     [(HTS, 44), (None, 16)]),
    ("3 soldiers and 5 rebels were killed.", [(SYRIA_ARMY, 3), (None, 5)]),
    (SEED, [(HTS, 44), (None, 16), (SYRIA_ARMY, 37)]),  # the subset "four officers" is no share
    (RESTATED, [("Civilians (Syria)", 7)]),
    ("12 people were killed.", []),  # a total is no share
])  # fmt: skip
def test_breakdown(text: str, shares: list[tuple[str | None, int]]) -> None:
    result = count(text)
    assert result is not None
    assert [(s.actor, s.count) for s in result.breakdown] == shares
    assert sum(s.count for s in result.breakdown) in {0, result.best}


def test_subset_is_recorded_but_not_added() -> None:
    found = figures(SEED)
    subsets = [c.evidence.text for c in found if c.subset]
    assert subsets == ["at least four officers"]
    assert count(SEED).best == 97  # type: ignore[union-attr]


def roles(text: str, field: Field = "fatalities") -> list[tuple[str, str]]:
    "Each figure of `field` with the role `read_toll` gives it, in text order."
    return [(c.evidence.text, role) for c, role in read_toll(figures(text), field)[1]]


@pytest.mark.parametrize("text, expected", [
    # the toll's own figures are totals; shares of them never are
    ("At least 9 civilians, among them two children, were killed on Monday.",
     [("At least 9 civilians", "total"), ("two children", "subset")]),
    ("Air strikes on the market killed at least 14 people. Four children and three women were "
     "among the dead, the governor said.",
     [("at least 14 people", "total"), ("Four children", "subset"), ("three women", "subset")]),
    ("At least 27 villagers, including nine children and four women, were killed.",
     [("At least 27 villagers", "total"), ("nine children", "subset"), ("four women", "subset")]),
    # parties that add up are parts; the total that bounds them is the total
    (SEED, [("nearly 100 fatalities", "total"), ("44 HTS members", "part"),
            ("16", "part"), ("37 Syrian forces personnel", "part"),
            ("at least four officers", "subset")]),
    # one party's figure under a larger total is a part of it, not the toll
    ("Six people died in the blast. Two women were killed, a hospital said.",
     [("Six people", "total"), ("Two women", "part")]),
    # a later, smaller figure for the same party is some of them
    ("Rocket fire killed 23 civilians in the old city. Three civilians died when their car "
     "was hit.", [("23 civilians", "total"), ("Three civilians", "subset")]),
    # a figure of another order than the report's own is left aside
    ("A car bomb killed 12 people on Monday. Another bombing in the city killed 300 people.",
     [("12 people", "total"), ("300 people", "aside")]),
    ("Thousands were killed and 12 people died in the raid.",
     [("Thousands", "aside"), ("12 people", "total")]),
    # a number outweighs a word: "scores of villagers" does not replace "at least 124 people"
    ("Fighters killed at least 124 people in a village on Friday. Residents said scores of "
     "villagers were shot dead.", [("at least 124 people", "total"), ("scores", "aside")]),
    # "some of their bodies": a share of those already counted
    ("Gunmen ambushed a convoy, killing 13 officers. Some of their bodies were burned.",
     [("13 officers", "total"), ("Some of their bodies", "subset")]),
])  # fmt: skip
def test_each_figure_has_a_role_in_the_toll(text: str, expected: list[tuple[str, str]]) -> None:
    "Reconciliation lets only totals vote on an incident's range (sitrep.reconcile)."
    assert roles(text) == expected


def test_restated_figure_keeps_both_mentions() -> None:
    result = count(RESTATED)
    assert result is not None
    assert [m.text for m in result.mentions] == ["Seven civilians", "seven civilians"]


# --- evidence -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    SEED,
    RESTATED,
    "Gunmen attacked the village, killing 5 civilians and wounding 12 others.",
    "No fatalities were reported.",
    "1-2 policemen were killed.",
])  # fmt: skip
def test_evidence_slices_the_text(text: str) -> None:
    found = figures(text)
    assert found
    for c in found:
        assert text[c.evidence.start : c.evidence.end] == c.evidence.text
    for field in ("fatalities", "wounded", "captured"):
        result = count(text, field)  # type: ignore[arg-type]
        for m in result.mentions if result else ():
            assert text[m.start : m.end] == m.text


# --- properties -------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=99_999))
def test_any_figure_with_commas(n: int) -> None:
    result = count(f"{n:,} people were killed")
    assert numbers(result) == {"low": n, "best": n, "high": n}


PREFIXES = ["", "at least ", "nearly ", "about ", "more than ", "up to ", "some ", "almost "]
NOUNS = ["people", "civilians", "soldiers", "HTS members", "rebels", "villagers", "children"]
VERBS = ["were killed", "were wounded", "were abducted", "died", "were injured", "lost their lives"]


@st.composite
def reports(draw: st.DrawFn) -> str:
    "One to four sentences of the form '<qualifier> <number> <noun> <verb>[, including ...].'"
    out = []
    for _ in range(draw(st.integers(1, 4))):
        n = draw(st.integers(0, 5000))
        number = draw(st.sampled_from([str(n), f"{n:,}"]))
        sentence = f"{draw(st.sampled_from(PREFIXES))}{number} {draw(st.sampled_from(NOUNS))} "
        sentence += draw(st.sampled_from(VERBS))
        if draw(st.booleans()):
            sentence += f", including {draw(st.integers(0, n))} children"
        out.append(sentence[0].upper() + sentence[1:] + ".")
    return " ".join(out)


@given(reports())
def test_every_count_is_ordered(text: str) -> None:
    for field in ("fatalities", "wounded", "captured"):
        result = count(text, field)  # type: ignore[arg-type]
        if result is None:
            continue
        assert 0 <= result.low <= result.best <= result.high
        assert all(s.count >= 0 for s in result.breakdown)
        assert all(text[m.start : m.end] == m.text for m in result.mentions)


@pytest.mark.parametrize("text, field, best", [
    # the verb stands too far from the figure for the words around it; the parse links them
    ("Five villagers in Barkin Ladi local government area of Plateau state, Nigeria, have "
     "been killed by gunmen, police said.", "fatalities", 5),
    ("Three traders from the livestock market on the old road north of the desert town of "
     "Kidal in northern Mali were kidnapped on Monday.", "captured", 3),
    ("Two soldiers of the engineering battalion posted at the new bridge over the Niger "
     "river south of the city of Gao died.", "fatalities", 2),
])  # fmt: skip
def test_the_parse_links_a_figure_to_a_distant_verb(
    kit: Any, text: str, field: Field, best: int
) -> None:
    doc = kit.nlp(text)
    counted = read_figures(text, 0, len(text), party=lambda s, e: None, doc=doc)
    assert [(c.field, c.figure.best) for c in counted] == [(field, best)]
    # the words alone do not reach the verb: the parse is what finds it
    assert read_figures(text, 0, len(text), party=lambda s, e: None) == []


@pytest.mark.parametrize("text, best", [
    # the dead counted as "other" come on top of the one the lead names
    ("A car bomb killed a police chief in the town of Marjah on Sunday. Four other "
     "people died in the blast.", 5),
    ("Gunmen shot dead a village chief near Kidal on Sunday. Two others were killed as they "
     "tried to flee.", 3),
    # others told after a share are the rest of the toll given first, not more of it
    ("Shelling killed at least 19 civilians in Deir Hafer on Monday. Eleven civilians died in "
     "the town's market while eight others were killed in a nearby village.", 19),
    # a country's office-holder named by a possessive is one of the dead
    ("A suicide bomber killed Somalia's planning minister in Baidoa on Sunday. Three other "
     "people died in the blast.", 4),
    # "an unknown number of" counts no one
    ("At least eight soldiers and an unknown number of attackers were killed in the raid.", 8),
])  # fmt: skip
def test_others_add_to_the_lead_and_an_unknown_number_counts_none(text: str, best: int) -> None:
    result = count(text)
    assert result is not None and result.best == best
