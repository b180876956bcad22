"""Phrase tables for claims and sources, through the whole pipeline (`extract`).

From the contract (shared/spec/events.md, "claim" and "sources"): every reported figure is a
claim; its `claimant` is a canonical source name (lexicons/sources.tsv: "SOHR" is "Syrian
Observatory for Human Rights"); `via` is the outlet or the intermediary that relays it;
`quote == text[start:end]`; an unattributed statement is claimed by the outlet itself; and
an event's `sources` lists every source it rests on, the outlet included.

Each case reads the article's main event (highest confidence). A case marked
(strict=Tru) is a known defect; its reason says what Sitrep does instead.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract import Kit, extract
from sitrep.models import Article, Claim, Event

PUBLISHED = date(2020, 4, 30)

SOHR = "Syrian Observatory for Human Rights"
TASNIM = "Tasnim News Agency"
MAYADEEN = "Al Mayadeen"
REUTERS = "Reuters"

KAFR_NABL = "Syrian army shelling killed 12 civilians in Kafr Nabl, Idlib"
SARAQIB = "HTS attacked Syrian army positions near Saraqib in Idlib, killing 12 soldiers"
RELAYED = (
    "Lebanon's al-Mayadeen television cited a Syrian source in Idlib as saying that HTS "
    "shelling killed 12 soldiers near Saraqib."
)
RELAYED_LATER = (
    "HTS shelled the town of Mhardeh in Hama. Lebanon's al-Mayadeen television cited a Syrian "
    "source in Idlib as saying that 12 soldiers were killed."
)
SOURCE_ADDED = (
    "Lebanon's al-Mayadeen television cited a Syrian source in Idlib as saying that HTS "
    "shelled Mhardeh in Hama. The source added that 12 soldiers were killed."
)
ADDITIONALLY = (
    "SOHR reported that HTS attacked Syrian army positions near Saraqib in Idlib. "
    "Additionally, 37 soldiers lost their lives."
)
FOLLOW_UP = f"{SARAQIB}, SOHR said. Five civilians were also killed in the fighting."


def main_event(kit: Kit, text: str, outlet: str | None = None) -> Event:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet=outlet), kit=kit)
    assert events, f"no event in {text!r}"
    return events[0]


def claims(event: Event, field: str) -> list[Claim]:
    return [c for c in event.claims if c.field == field]


def best(value: object) -> object:
    "A count claim's figure: the value itself, or its 'best' when the value is a range."
    return value["best"] if isinstance(value, dict) else value


def xfail(*values: object, reason: str):
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason))


ACCORDING_THE = "'according to the X' misses an alias that itself starts with 'the'"


@pytest.mark.parametrize("text, outlet, claimant, via", [
    # "according to X"
    (f"{KAFR_NABL}, according to the Syrian Observatory for Human Rights.", None, SOHR, None),
    (f"{KAFR_NABL}, according to the Syrian Observatory for Human Rights.", TASNIM, SOHR, TASNIM),
    (f"According to SOHR, {SARAQIB}.", TASNIM, SOHR, TASNIM),
    (f"According to the Syrian Observatory for Human Rights (SOHR), {SARAQIB}.", TASNIM, SOHR,
     TASNIM),
    (f"{KAFR_NABL}, according to the Observatory.", TASNIM, SOHR, TASNIM),
    (f"According to the Associated Press, {SARAQIB}.", None, "Associated Press", None),
    # "X reported / said"
    (f"SOHR reported that {KAFR_NABL}.", None, SOHR, None),
    (f"SOHR reported that {KAFR_NABL}.", REUTERS, SOHR, REUTERS),
    (f"The Syrian Observatory for Human Rights (SOHR), a UK-based monitor, reported that "
     f"{KAFR_NABL}.", TASNIM, SOHR, TASNIM),
    (f"The Syrian Observatory said {SARAQIB}.", TASNIM, SOHR, TASNIM),
    (f"{SARAQIB}, the Observatory said.", TASNIM, SOHR, TASNIM),
    (f"{KAFR_NABL}, the Syrian Observatory for Human Rights said.", REUTERS, SOHR, REUTERS),
    (f"{KAFR_NABL}, Reuters said.", None, REUTERS, None),
    (f"{KAFR_NABL}, Reuters said.", TASNIM, REUTERS, TASNIM),
    ("AFP reported that Houthi forces fired missiles at Marib city in Yemen, killing 4 civilians.",
     None, "Agence France-Presse", None),
    ("Al Jazeera reported that RSF fighters killed 15 civilians in El Geneina, West Darfur, "
     "Sudan.", None, "Al Jazeera", None),
    ("Syrian state news agency SANA said HTS militants shelled Mhardeh in Hama, killing 3 "
     "civilians.", "Tasnim", "Syrian Arab News Agency", TASNIM),
    # an attribution carried on to the next sentence
    (ADDITIONALLY, TASNIM, SOHR, TASNIM),
    # a surname, or a definite title, points back at the source named in full before it
    ("Gunmen attacked the market in Kaga, said Amadou Bello, a district mayor. Twelve "
     "traders were killed in the raid, Bello said.", REUTERS, "Amadou Bello", REUTERS),
    ("District Commissioner Peter Garang told reporters that gunmen raided Pibor. The "
     "commissioner said nine herders were killed.", REUTERS, "District Commissioner Peter Garang",
     REUTERS),
    # a person of an organisation speaks as that person; the organisation's statement, as it
    ("Somali army officer Ahmed Nur said militants killed seven people in Marka.", REUTERS,
     "Somali army officer Ahmed Nur", REUTERS),
    ("Jihadists killed nine soldiers near Djibo, according to a Burkina Faso army statement.",
     REUTERS, "Military Forces of Burkina Faso (2022-)", REUTERS),
    ("Police raids in Bahia left six people dead, according to local media reports.", REUTERS,
     "Local media", REUTERS),
    # a regional governor speaks as the office when the report names the region as one
    ("In the Kherson region, governor Oleksandr Prokudin said shelling killed two people in "
     "Beryslav, Ukraine.", REUTERS, "Kherson regional governor", REUTERS),
    ("Kursk Governor Alexei Smirnov said a drone killed a man in Rylsk, in the Kursk region.",
     REUTERS, "Kursk regional governor", REUTERS),
    ("Borno State Governor Babagana Zulum said insurgents killed 40 farmers in Zabarmari, "
     "Nigeria.", REUTERS, "Borno State Governor Babagana Zulum", REUTERS),
    # a spokesman speaks for the organisation, named before the word or after "for"
    ("Police fired on a rally in Dhaka, Bangladesh, killing two, Dhaka Metropolitan Police "
     "spokesman Faruk Hossain said.", REUTERS, "Police Forces of Bangladesh (2009-)", REUTERS),
    ("Gunmen killed two officers in Kabul, Afghanistan, said Basir Mujahid, a spokesman for "
     "the Kabul police.", REUTERS, "Police Forces of Afghanistan (2014-2021)", REUTERS),
    # a body with a name of its own is named without the bodies above it
    ("Clashes killed 23 people in Tripoli, Libya, the Emergency Medicine and Support Center "
     "of the Health Ministry said.", REUTERS, "Emergency Medicine and Support Center", REUTERS),
    ("Clashes killed 23 people in Tripoli, Libya, the Ministry of Health of the Government of "
     "National Unity said.", REUTERS,
     "Ministry of Health of the Government of National Unity", REUTERS),
    # a state's "Police Command" is its police
    ("Gunmen killed three people in Kano, Nigeria, the Kano State Police Command said.",
     REUTERS, "Police Forces of Nigeria (2015-2023)", REUTERS),
    # "the government" is the report's country's
    ("ELN rebels killed nine soldiers in Arauca, Colombia, the government said.", REUTERS,
     "Government of Colombia", REUTERS),
    # a regional office under the contract's one name, however the report words it
    ("Prosecutors in the Kherson region said Russian shelling killed two people in "
     "Beryslav, Ukraine.", REUTERS, "Kherson regional prosecutors", REUTERS),
    ("The governor of Sumy oblast said a drone killed a man in Bilopillia, Ukraine.", REUTERS,
     "Sumy regional governor", REUTERS),
    # a document's source is who issued it, however deep the phrase names them
    ("Insurgents beheaded three farmers near Mocimboa da Praia, Mozambique, according to a "
     "report in Friday's edition of the weekly paper \"Savana\".", REUTERS, "Savana", REUTERS),
    ("Gunmen killed four people in Kano, according to a statement from the Kano State "
     "Emergency Management Agency.", REUTERS, "Kano State Emergency Management Agency",
     REUTERS),
    # a document that names no issuer names no source: the outlet tells it
    ("Gunmen killed four people in Kano, Nigeria, according to a report.", REUTERS, REUTERS,
     None),
    # a closing "said" followed by when or how it was said still names the speaker
    ("MOSUL — A car bomb killed six people at a market in Tal Afar, security and medical "
     "sources said on Sunday.", REUTERS, "Security and medical sources", REUTERS),
    ("Gunmen shot dead four traders near Maiduguri, local officials said in a statement.",
     REUTERS, "Local officials", REUTERS),
    # a bare source is the one the report names more fully elsewhere
    ("Gunmen killed 40 people in a village near Wad Madani, activists said. Pro-democracy "
     "activists said the attackers came on motorbikes.", REUTERS, "Pro-democracy activists",
     REUTERS),
    # ... and so is a bare "officials" the report names as the police elsewhere
    ("Two militants were killed in an attack on a police station in Bannu, Pakistan, "
     "officials said. According to police officials, the attackers came from several "
     "directions.", REUTERS, "Police Forces of Pakistan (2018-)", REUTERS),
    # "it said" in a clause of the group's own sentence is the group, not the last source
    ("Jeunesse Tabital Pulaaku, an advocacy group for Fulani herders, published a list on "
     "Thursday of 19 people it said were killed in the strike near Bounti, Mali.", REUTERS,
     "Jeunesse Tabital Pulaaku", REUTERS),
    # a police force's or an army's unnamed members speak as the force
    ("Gunmen killed seven traders in Kano, Nigeria, police sources said.", REUTERS,
     "Police Forces of Nigeria (2015-2023)", REUTERS),
    ("Militants killed five soldiers near Bannu, Pakistan, army officials said.", REUTERS,
     "Military Forces of Pakistan (2018-)", REUTERS),
    # "the UN mission", "UN peacekeepers" are the UN's mission in the report's country; the
    # UN itself stays the UN, and so does a mission where the UN keeps none
    ("Rebels attacked Bria in the Central African Republic, killing nine civilians, the UN "
     "mission said in a statement.", REUTERS, "MINUSCA", REUTERS),
    ("Gunmen killed 14 villagers near Gao, Mali, according to UN peacekeepers.", REUTERS,
     "MINUSMA", REUTERS),
    ("Rebels killed nine civilians near Bria in the Central African Republic, the UN said.",
     REUTERS, "UN", REUTERS),
    ("Gunmen killed nine farmers in Zamfara, Nigeria, the UN mission said.", REUTERS, "UN",
     REUTERS),
    ("Rebels killed nine civilians near Bria in the Central African Republic, according to a "
     "UN fact-finding mission.", REUTERS, "UN", REUTERS),
    # a source relayed by another outlet: the source claims it, the one it spoke to relays it
    ("Gunmen killed 14 people in Kidal, Mali, according to local officials quoted by Reuters.",
     TASNIM, "Local officials", REUTERS),
    ("Gunmen killed 14 people in Kidal, Mali, according to witnesses who spoke to the BBC.",
     TASNIM, "Witnesses", "BBC"),
    ("Gunmen raided Kidal, Mali, on Sunday, with residents telling AFP that 14 people were "
     "killed.", TASNIM, "Residents", "Agence France-Presse"),
    ("Gunmen killed 14 people in Kidal, Mali, according to hospital sources told Reuters.",
     TASNIM, "Hospital sources", REUTERS),
    # "one Pibor resident" is a Pibor resident: "one" counts the speaker, as "a" does
    ("Gunmen killed six herders near Pibor, South Sudan, one Pibor resident said.", REUTERS,
     "Pibor resident", REUTERS),
    # unattributed: the outlet claims it, under its canonical name, with no via
    (f"{SARAQIB}.", TASNIM, TASNIM, None),
    (f"{SARAQIB}.", "Tasnim", TASNIM, None),
    (f"{SARAQIB}.", "Al Mayadeen English", MAYADEEN, None),
])  # fmt: skip
def test_fatalities_claim(kit: Kit, text: str, outlet: str | None, claimant: str,
                          via: str | None) -> None:  # fmt: skip
    event = main_event(kit, text, outlet)
    found = claims(event, "fatalities")
    assert [(c.claimant, c.via) for c in found] == [(claimant, via)]
    assert event.fatalities is not None
    assert best(found[0].value) == event.fatalities.best


@pytest.mark.parametrize("text", [RELAYED, RELAYED_LATER, SOURCE_ADDED])
def test_relayed_claim_is_the_unnamed_source_via_the_intermediary(kit: Kit, text: str) -> None:
    event = main_event(kit, text, TASNIM)
    (claim,) = claims(event, "fatalities")
    assert claim.claimant == "Syrian source", claim.claimant  # in the report's own words
    assert claim.via == MAYADEEN
    assert claim.quote == "12 soldiers"
    assert best(claim.value) == 12
    assert {claim.claimant, MAYADEEN, TASNIM} <= set(event.sources)


def test_relayed_claim_does_not_reach_back(kit: Kit) -> None:
    "In RELAYED_LATER the first sentence is the outlet's own; only the second is relayed."
    event = main_event(kit, RELAYED_LATER, TASNIM)
    (claim,) = claims(event, "event")
    assert (claim.quote, claim.claimant, claim.via) == (
        "HTS shelled the town of Mhardeh in Hama.",
        TASNIM,
        None,
    )


PARAGRAPH = (
    "Gunmen attacked an army checkpoint near Saraqib on Monday, killing five soldiers. "
    "Three of the attackers were also killed, SOHR said."
)


def test_a_paragraph_that_ends_on_said_is_that_sources(kit: Kit) -> None:
    "Issue 10: 'said' at the end of a paragraph credits the paragraph's earlier figures."
    event = main_event(kit, PARAGRAPH, TASNIM)
    by_quote = {c.quote: (c.claimant, c.via) for c in claims(event, "fatalities")}
    assert by_quote["five soldiers"] == (SOHR, TASNIM)
    (said,) = claims(event, "event")
    assert said.claimant == SOHR


def test_the_closing_said_does_not_cross_a_paragraph_break(kit: Kit) -> None:
    event = main_event(kit, PARAGRAPH.replace(". Three", ".\n\nThree"), TASNIM)
    by_quote = {c.quote: c.claimant for c in claims(event, "fatalities")}
    assert by_quote["five soldiers"] == TASNIM


def test_event_claim_quotes_the_report_of_the_event(kit: Kit) -> None:
    event = main_event(kit, FOLLOW_UP, TASNIM)
    (claim,) = claims(event, "event")
    assert (claim.quote, claim.claimant, claim.via) == (f"{SARAQIB}, SOHR said.", SOHR, TASNIM)


def test_each_sentence_keeps_its_own_claimant(kit: Kit) -> None:
    "SOHR's figure stays SOHR's; the outlet's own follow-up sentence is the outlet's."
    event = main_event(kit, FOLLOW_UP, TASNIM)
    assert [(c.quote, c.claimant, c.via) for c in claims(event, "fatalities")] == [
        ("12 soldiers", SOHR, TASNIM),
        ("Five civilians", TASNIM, None),
    ]


RETOLD = (
    "Bandits killed six traders near Gusau, Zamfara, on Monday, according to a report in the "
    "Punch newspaper.\n\nOn Friday, the bandits killed two farmers in Maru district."
)


def fatalities_by_quote(kit: Kit, text: str, outlet: str) -> dict[str, tuple[str, str | None]]:
    "Every fatalities claim of every event, by its quote."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet=outlet), kit=kit)
    return {c.quote: (c.claimant, c.via) for e in events for c in claims(e, "fatalities")}


def test_a_report_retold_from_another_outlet_is_that_outlets(kit: Kit) -> None:
    "The lead credits another outlet's report and no one else is named: all of it is its."
    by_quote = fatalities_by_quote(kit, RETOLD, REUTERS)
    assert by_quote["six traders"] == ("Punch", REUTERS)
    assert by_quote["two farmers"] == ("Punch", REUTERS)


def test_a_retold_report_stops_where_another_source_is_named(kit: Kit) -> None:
    text = RETOLD.replace("\n\nOn Friday", "\n\nPolice confirmed the attack.\n\nOn Friday")
    assert fatalities_by_quote(kit, text, REUTERS)["two farmers"] == (REUTERS, None)


def test_a_party_in_the_lead_leaves_the_outlets_own_background_to_it(kit: Kit) -> None:
    "A lead that credits the army is not a retold report: 'a similar clash' is the outlet's."
    text = (
        "Two soldiers and five rebels were killed in a clash near Valencia City, Bukidnon, "
        "Philippines, the army said.\n\nA similar clash in Agusan del Sur on Friday killed four."
    )
    assert fatalities_by_quote(kit, text, REUTERS)["four"] == (REUTERS, None)


def test_mentioned_reports_what_its_subject_says(kit: Kit) -> None:
    "'The group ... mentioned' credits the group, which points back at the one named before."
    text = (
        "Hezbollah said it fired rockets at Kiryat Shmona. The group in a statement mentioned "
        "the death of two civilians in an Israeli strike on Bint Jbeil, Lebanon."
    )
    assert fatalities_by_quote(kit, text, REUTERS)["two civilians"] == ("Hezbollah", REUTERS)


# --- sources ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, outlet, sources", [
    (f"{SARAQIB}.", TASNIM, {TASNIM}),
    (f"{SARAQIB}.", "Tasnim", {TASNIM}),
    (f"SOHR reported that {KAFR_NABL}.", TASNIM, {SOHR, TASNIM}),
    (f"SOHR reported that {KAFR_NABL}.", None, {SOHR}),
    (f"{KAFR_NABL}, Reuters said.", TASNIM, {REUTERS, TASNIM}),
    (RELAYED, TASNIM, {"Syrian source", MAYADEEN, TASNIM}),
    (ADDITIONALLY, "Tasnim News", {SOHR, TASNIM}),
    (f"{SARAQIB}.", None, set()),  # nobody to name: "Unattributed" is not a source
])  # fmt: skip
def test_sources(kit: Kit, text: str, outlet: str | None, sources: set[str]) -> None:
    event = main_event(kit, text, outlet)
    assert set(event.sources) == sources
    assert len(event.sources) == len(set(event.sources))  # each once


# --- quotes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, outlet", [
    (f"{KAFR_NABL}, according to the Syrian Observatory for Human Rights.", TASNIM),
    (f"The Syrian Observatory for Human Rights (SOHR), a UK-based monitor, reported that "
     f"{KAFR_NABL}.", TASNIM),
    (RELAYED, TASNIM),
    (RELAYED_LATER, TASNIM),
    (SOURCE_ADDED, TASNIM),
    (ADDITIONALLY, TASNIM),
    (FOLLOW_UP, TASNIM),
    ("Terrorists shelled the town of Mhardeh in Hama province, Syria, killing 3 civilians.",
     TASNIM),
    ("  Gunmen killed 5 farmers in Bokkos, Plateau State, Nigeria.\n\nPolice said 2 were "
     "wounded.", None),
])  # fmt: skip
def test_every_quote_slices_the_text(kit: Kit, text: str, outlet: str | None) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet=outlet), kit=kit)
    assert events
    for event in events:
        assert event.claims
        for claim in event.claims:
            assert text[claim.start : claim.end] == claim.quote
            assert claim.claimant
            if outlet is not None:
                assert claim.claimant in event.sources


@pytest.mark.parametrize("text, field, quotes", [
    (f"{KAFR_NABL}, according to the Syrian Observatory for Human Rights.", "fatalities",
     ["12 civilians"]),
    (ADDITIONALLY, "fatalities", ["37 soldiers"]),
    ("37 Syrian soldiers lost their lives near Saraqib in Idlib, with five captured.", "captured",
     ["five"]),
    ("Terrorists shelled the town of Mhardeh in Hama province, Syria, killing 3 civilians.",
     "wording", ["Terrorists"]),
])  # fmt: skip
def test_claim_quotes(kit: Kit, text: str, field: str, quotes: list[str]) -> None:
    event = main_event(kit, text, TASNIM)
    assert [c.quote for c in claims(event, field)] == quotes


def test_a_capitalised_dateline_is_not_the_speaker(kit: Kit) -> None:
    text = (
        "NORTH EAST NIGERIA — The Civilian Joint Task Force announced the deaths of three of "
        "its members in an ambush near Gwoza, Borno, on Sunday."
    )
    event = main_event(kit, text, REUTERS)
    found = claims(event, "fatalities")
    assert [(c.claimant, c.via) for c in found] == [("CJTF: Civilian Joint Task Force", REUTERS)]
    assert event.fatalities is not None and event.fatalities.best == 3


def test_a_groups_claim_names_the_perpetrator_but_its_count_is_no_toll(kit: Kit) -> None:
    """'Al-Shabab claimed responsibility ..., saying it had killed 30 soldiers': the group
    that claims the attack did it (ACLED codes the claimant), and its count of its enemies'
    dead is its claim, kept as such, while the official's figure is the toll."""
    text = (
        "MOGADISHU (AP) - The death toll from a suicide bombing at a checkpoint in "
        "Beledweyne, Somalia, has risen to 18, a local official said Monday. The attack on "
        "Saturday targeted a checkpoint manned by soldiers. Al-Shabab claimed responsibility "
        "for the attack, saying it had killed 30 soldiers."
    )
    events = extract(Article(id="t", text=text, published=date(2023, 9, 4), outlet="AP"), kit=kit)
    assert len(events) == 1
    event = events[0]
    assert event.actor("actor1").name == "Al Shabaab"  # type: ignore[union-attr]
    assert event.fatalities is not None and event.fatalities.best == 18
    boast = [c for c in event.claims if c.field == "fatalities" and c.claimant == "Al Shabaab"]
    assert [(c.value["best"], c.value["role"]) for c in boast] == [(30, "aside")]


@pytest.mark.parametrize("text, claimant", [
    # the lead states the toll; the next paragraph opens on whose account it is
    ("Drone strikes on the town of Kuro in Ethiopia's Oromia region killed 40 civilians on "
     "Sunday.\n\nWitnesses said the dead were traders and shoppers at a weekly market "
     "when the drones struck.", "Witnesses"),
    ("Gunmen killed 12 villagers in Zamfara state, Nigeria, on Tuesday. Local officials told "
     "reporters the attackers arrived on motorcycles.", "Local officials"),
])  # fmt: skip
def test_a_lead_without_a_source_is_the_next_sentences_speakers(
    kit: Kit, text: str, claimant: str
) -> None:
    [toll] = claims(main_event(kit, text, outlet="Daily Wire"), "fatalities")
    assert toll.claimant == claimant


def test_a_lead_without_a_source_stays_the_outlets_before_plain_narrative(kit: Kit) -> None:
    text = (
        "Gunmen killed 12 villagers in Zamfara state, Nigeria, on Tuesday. The attackers "
        "arrived on motorcycles and burned homes."
    )
    [toll] = claims(main_event(kit, text, outlet="Daily Wire"), "fatalities")
    assert toll.claimant == "Daily Wire"


def test_the_charity_points_back_to_the_aid_organisation_named(kit: Kit) -> None:
    # a name with a preposition inside ("Without") is the source named, and "the charity"
    # is that source again
    text = (
        "Doctors Without Borders said its clinic in Abs, Yemen, was hit by an air strike on "
        "Monday. Nineteen people were killed, the charity said."
    )
    event = main_event(kit, text, outlet="Daily Wire")
    assert {c.claimant for c in claims(event, "fatalities")} == {"Médecins Sans Frontières"}
    assert {c.claimant for c in claims(event, "event")} == {"Médecins Sans Frontières"}


def test_the_charity_does_not_point_back_to_the_police(kit: Kit) -> None:
    text = (
        "Gunmen killed nine villagers near Bunia, Congo, on Friday, police said. Four more "
        "bodies were found later, the charity said."
    )
    event = main_event(kit, text, outlet="Daily Wire")
    by_quote = {c.quote: c.claimant for c in claims(event, "fatalities")}
    assert by_quote["Four"] == "Charity"


@pytest.mark.parametrize(("second", "claimant"), [
    # a ministry named by its portfolio is that ministry, not the police quoted before
    ("In a separate raid on Wednesday, troops killed 12 militants near Balad, the information "
     "ministry said.", "Information ministry"),
    # a bare "the ministry" points back to the source named before it
    ("In a separate raid on Wednesday, troops killed 12 militants near Balad, the ministry "
     "said.", "Police Forces of Somalia (2017-)"),
])  # fmt: skip
def test_a_ministry_named_by_its_portfolio_is_no_pointer_back(
    kit: Kit, second: str, claimant: str
) -> None:
    text = f"Gunmen killed two traders in Jowhar on Tuesday, Somali police said. {second}"
    assert fatalities_by_quote(kit, text, REUTERS)["12 militants"] == (claimant, REUTERS)


def test_the_subject_nearest_a_closing_verb_of_saying_says_it(kit: Kit) -> None:
    """'Gunmen ... killed 15 worshippers ..., a church official said in a statement citing a
    local source': the parse may hang both subjects on "said"; the one nearest it speaks."""
    text = (
        "Gunmen on motorbikes killed at least 12 worshippers at a church in Kirawa on Sunday "
        "during mass, a church official said in a statement citing a local source."
    )
    assert fatalities_by_quote(kit, text, REUTERS)["at least 12 worshippers"] == (
        "Church official",
        REUTERS,
    )


@pytest.mark.parametrize("text, claimant, via", [
    # the agency reports what the official it cites says: the official claims the toll
    ("Gunmen shot dead four border guards near the town of Saravan on Sunday, the IRNA news "
     "agency reported, citing the provincial governor.", "Provincial governor", "IRNA"),
    ("Citing a security official, the Tasnim news agency said gunmen shot dead four border "
     "guards near the town of Saravan on Sunday.", "Security official", TASNIM),
    # a passive "quoted as saying by": the one quoted claims it, the one quoting relays
    ("Gunmen shot dead four border guards near the town of Saravan on Sunday, the governor "
     "was quoted as saying by the IRNA news agency.", "Governor", "IRNA"),
])  # fmt: skip
def test_the_one_cited_claims_what_the_reporter_relays(
    kit: Kit, text: str, claimant: str, via: str
) -> None:
    assert fatalities_by_quote(kit, text, REUTERS)["four border guards"] == (claimant, via)


def test_citing_a_death_toll_names_no_source(kit: Kit) -> None:
    "'X said ..., citing the deaths of 20 civilians': the deaths are what X cites, not a source."
    text = (
        "The opposition coalition said on Monday that government barrel bombs had killed 20 "
        "civilians in the town of Anadan, citing the deaths of 20 civilians as proof."
    )
    event = main_event(kit, text, outlet="Daily Wire")
    assert event.fatalities is not None and event.fatalities.best == 20
    assert {c.claimant for c in claims(event, "fatalities")} == {"Opposition coalition"}


def test_an_acronym_that_speaks_is_a_source_not_a_dateline(kit: Kit) -> None:
    "'The SDF said ...': an upper-case subject that names a group is who says it."
    text = (
        "Gunmen killed two fighters of the Syrian Democratic Forces at a checkpoint near the "
        "town of Shaddadi on Tuesday. The SDF said three of the attackers were also killed."
    )
    event = main_event(kit, text, outlet="Daily Wire")
    assert "QSD: Syrian Democratic Forces" in {c.claimant for c in claims(event, "fatalities")}


def test_the_second_sides_boast_gives_way_to_the_other_sides_toll(kit: Kit) -> None:
    "An armed group named second counting the army's dead is a claim, not the toll."
    text = (
        "Clashes between Burkinabe soldiers and JNIM fighters near the town of Titao on "
        "Sunday left 14 people dead, the army said on Monday. JNIM said it had killed more "
        "than 40 soldiers."
    )
    event = main_event(kit, text, outlet="Daily Wire")
    assert event.fatalities is not None and event.fatalities.best == 14
    boast = [c for c in claims(event, "fatalities") if c.claimant.startswith("JNIM")]
    assert [(c.value["best"], c.value["role"]) for c in boast] == [(40, "aside")]
