"""Place mentions (`sitrep.extract.places.find_places`): what the text names as a place, and
what only looks like one. Sentences are written for these tests."""

from __future__ import annotations

import re
from datetime import date

import pytest

from sitrep.extract import Kit, extract, read_context
from sitrep.extract.places import (
    admin1_index,
    find_admin1,
    find_dateline,
    find_places,
    generic_name,
    headline_trimmed,
    implied_country,
)
from sitrep.gazetteer import Gazetteer, distance_km, load_gazetteer
from sitrep.lexicons import Folded
from sitrep.models import Article


def names(text: str) -> list[str]:
    return [m.name for m in find_places(text, 0, len(text), exclude=[])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A people or a movement, not a place.
        ("Twelve fighters from Islamist groups were killed near Saraqeb.", ["Saraqeb"]),
        ("Police detained 14 Venezuelans in Cucuta on Friday.", ["Cucuta"]),
        ("A drone killed two fighters of an Iran-backed militia near Albu Kamal.", ["Albu Kamal"]),
        # A business or a body a person heads is no place.
        ("The chief executive of Seaview Leisure said rioters hit Blyth.", ["Blyth"]),
        # An organisation's acronym in parentheses.
        ("A drone hit a car of the Syrian Democratic Forces (SDF) in Qamishli.", ["Qamishli"]),
        # A person: after a title, after a word only a person follows, before an age.
        ("Three were wounded, according to MP Jawad Karimi.", []),
        ("Two died, said spokesman Ali Haidari in Herat.", ["Herat"]),
        (
            "Police fired on mourners after the death of Luis Ortega, 24, in Maracaibo.",
            ["Maracaibo"],
        ),
        ("The arrest of Tomas Rivas sparked protests in Valencia.", ["Valencia"]),
        ("Gunmen said to be loyal to Jorge Mena, aka 'El Toro', killed four in Tepic.", ["Tepic"]),
        # a word before "port city of X" qualifies X; a list of kinds names each place
        ("Armed men stormed a studio in the Ecuadorean port city of Manta.", ["Manta"]),
        ("Ships left the Mediterranean port city of Tartus.", ["Tartus"]),
        (
            "Two died in the town of Pokrovsk and the village of Udachne.",
            ["Pokrovsk", "Udachne"],
        ),
        # a name the pattern cuts short, whose next word makes it an organisation's
        ("Twelve died, according to the National Human Rights Defense Network.", []),
        # "over" places a named region (drones shot down over it), never a figure or a date.
        ("Air defences destroyed three drones over the Kursk region.", ["Kursk"]),
        ("Over 20 people were hurt in Kharkiv over the weekend.", ["Kharkiv"]),
        # a group's wing or fighters "of" a name: the group's name, no place
        ("The armed wing of Ansar Dine said it shelled Gao.", ["Gao"]),
        # a place a two-word region owns: the owned place, not the region's first word
        ("Militants shot two workers in Jammu and Kashmir's Kupwara district.", ["Kupwara"]),
        # a list of regions that share the kind word: each is named
        ("Drones were downed over the Tula and Oryol regions.", ["Tula", "Oryol"]),
        ("Shelling hit the Sumy, Poltava and Chernihiv regions.", ["Sumy", "Poltava", "Chernihiv"]),
        # "neighbouring" before a state's name is no part of the name
        ("Police killed 16 people in neighbouring Bahia state.", ["Bahia"]),
        # A bare compass word is a part of the place named next, not a place.
        (
            "Gangs attacked a police post in the Southern part of Port-au-Prince.",
            ["Port-au-Prince"],
        ),
        # "as" before a word it does not assimilate to is English, not an Arabic article.
        ("Russian forces advanced in Ukraine as Kyiv said five died.", ["Ukraine"]),
        ("Government shelling hit Tall as Sultan on Monday.", ["Tall as Sultan"]),
        # An abbreviation with dots, a unit of fighters.
        ("Inspectors of the U.N.s team arrived in Damascus.", ["Damascus"]),
        ("Recruits of Bastar Fighters were ambushed near Jagargunda.", ["Jagargunda"]),
        # Names that begin with a word that is also a title stay places.
        ("Clashes broke out in Sheikh Maqsoud on Tuesday.", ["Sheikh Maqsoud"]),
        ("Police repelled an attack in Imam Sahib district.", ["Imam Sahib"]),
        # A headline flattened into the text: its title-case run stops at a common word.
        ("Mortar shells hit Taiz Three women were hurt.", ["Taiz"]),
        ("Rockets fired on Mosul Also a car bomb went off.", ["Mosul"]),
        ("Raids resumed in Sirte Libyan officials said.", ["Sirte"]),
        ("A bomb went off in Kandahar Meanwhile police closed roads.", ["Kandahar"]),
        ("A checkpoint near Kunduz Police Command was attacked.", []),
        # A country's possessive whose apostrophe was lost names the place after it.
        ("Air raids hit Yemens Taiz on Friday.", ["Taiz"]),
        ("Fighting raged in Yemens north.", []),
        ("Shelling in Taiz Yemens third city killed two.", ["Taiz"]),
        ("Truck bomb in Kirkuk Kills Nine.", ["Kirkuk"]),
        # A name that ends a group's title is no place.
        ("Jets struck areas held by the Army of Victory near Ariha.", ["Ariha"]),
        ("The Lions of Tawhid shelled Sarmin on Friday.", ["Sarmin"]),
        ("Barrel bombs on Darayya Nearly 20 dead.", ["Darayya"]),
        ("Rockets hit Kills and Dies.", []),
        ("The UN demanded an inquiry into Fridays raid on Maarib.", ["Maarib"]),
        ("Raids cut IEDs supply lines to Mosul.", ["Mosul"]),
    ],
)
def test_what_is_no_place(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "name", "kind", "precision"),
    [
        ("Gunmen raided a market in the northwestern state of Zamfara.", "Zamfara", "state", 3),
        ("Fighting spread to the eastern province of Kunar.", "Kunar", "province", 3),
        ("Troops raided homes in the West Bank city of Jenin.", "Jenin", "city", 1),
        # "Islamic State of ...": a capitalised word is a name, not a kind.
        ("A cell of the Islamic State of Iraq claimed it.", "Iraq", "", 1),
        # the plural kind word: each name of the list is a neighbourhood
        (
            "Shells hit the neighbourhoods of Tal Hamra and Bustan Zahra.",
            "Tal Hamra",
            "neighbourhood",
            1,
        ),
    ],
)
def test_kind_before_of(text: str, name: str, kind: str, precision: int) -> None:
    found = {m.name: m for m in find_places(text, 0, len(text), exclude=[])}
    assert (found[name].kind, found[name].precision) == (kind, precision)


@pytest.mark.parametrize(
    ("text", "name", "kind", "precision"),
    [
        ("Jets struck an area called Wadi Sahel near the front.", "Wadi Sahel", "area", 2),
        ("Gunmen raided a village known as Kuda on Monday.", "Kuda", "village", 1),
    ],
)
def test_a_place_introduced_by_its_name(text: str, name: str, kind: str, precision: int) -> None:
    found = {m.name: m for m in find_places(text, 0, len(text), exclude=[])}
    assert (found[name].kind, found[name].precision) == (kind, precision)


def test_a_person_called_so_is_no_place() -> None:
    text = "A man called Ahmed Salem was shot dead in the market."
    assert "Ahmed Salem" not in {m.name for m in find_places(text, 0, len(text), exclude=[])}


def test_two_regions_that_share_a_kind_word_are_both_named() -> None:
    text = "Insurgents overran two districts in Ghor and Farah provinces on Friday."
    found = {m.name: m for m in find_places(text, 0, len(text), exclude=[])}
    assert [(found[n].kind, found[n].precision) for n in ("Ghor", "Farah")] == [
        ("province", 3),
        ("province", 3),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A direction after another word: the place still follows, and is part of a region.
        ("Thousands marched in wealthy eastern Ndola on Sunday.", "Ndola"),
        ("Gunmen struck in the restive northern Kaduna countryside.", "Kaduna"),
        ("Shelling hit villages in southern rural Hama.", "Hama"),
    ],
)
def test_a_direction_after_an_adjective(text: str, name: str) -> None:
    found = {m.name: m for m in find_places(text, 0, len(text), exclude=[])}
    assert found[name].precision == 2


def test_generic_names_point_at_no_country() -> None:
    assert generic_name("Southern District")
    assert generic_name("Central Province")
    assert not generic_name("Southern Darfur")
    assert not generic_name("Eastern Equatoria")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("LAHORE: Police detained 40 party workers on Saturday.", "LAHORE"),
        ("BAGHDAD, June 22 Bomb attacks killed eight soldiers.", "BAGHDAD"),
        ("KABUL, Afghanistan (AP) — Gunmen stormed a checkpoint.", "KABUL"),
        ("Herat, May 3 (Xinhua) Gunmen stormed a checkpoint.", "Herat"),
        ("Rebels take the town\nGoma, Congo, March 3 (AFP) Rebels took the town.", "Goma"),
        ("Mosul (Reuters) - Gunmen stormed a checkpoint.", "Mosul"),
        ("Pemba — Insurgents attacked a bus on Monday.", "Pemba"),
        ("NORTH AND WEST REGIONS — The council said ...", None),
        ("Gunmen stormed a checkpoint in Herat on Monday.", None),
    ],
)
def test_dateline(text: str, name: str | None) -> None:
    found = find_dateline(text)
    assert (found.name if found else None) == name
    if found is not None:
        assert text[found.start : found.end] == name


def test_a_capital_that_speaks_is_no_province() -> None:
    text = "Shelling went on in Donetsk as Kyiv said it repelled 30 attacks."
    hits = admin1_index().find(text, Folded.of(text))
    assert [h.entry.name for h in find_admin1(text, hits, 0, len(text))] == ["Donetsk"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A compass word in lower case, then a country that has a province of that name.
        ("Clashes left two dead in north Lebanon on Tuesday.", ["North"]),
        ("Shells fell on towns of southern Israel overnight.", ["HaDarom"]),
        ("Unrest spread in central Israel and eastern Uganda.", ["HaMerkaz", "Eastern Region"]),
        # A compass word before a province's own name is only a direction inside it.
        ("Gunmen burned a market in west Darfur on Monday.", []),
        ("Fighting flared in eastern Ukraine on Sunday.", []),
    ],
)
def test_a_compass_word_and_a_country_name_a_province(text: str, expected: list[str]) -> None:
    hits = admin1_index().find(text, Folded.of(text))
    assert [h.entry.name for h in find_admin1(text, hits, 0, len(text))] == expected


def test_a_district_named_after_a_village_holds_it() -> None:
    text = "Gunmen killed two farmers in Mbala village, in Kandi district, on Friday."
    found = {m.name: m for m in find_places(text, 0, len(text), exclude=[])}
    assert found["Mbala"].admin2 == "Kandi"
    text = "Gunmen killed two farmers in Mbala village and in Kandi district on Friday."
    found = {m.name: m for m in find_places(text, 0, len(text), exclude=[])}
    assert found["Mbala"].admin2 is None  # two places, one not inside the other


def test_a_place_after_a_possessive_and_adjectives() -> None:
    text = "Gunmen killed nine herders in Burkina Faso's northern Djibo area on Tuesday."
    found = {m.name: m for m in find_places(text, 0, len(text), exclude=[])}
    assert (found["Djibo"].kind, found["Djibo"].precision) == ("area", 2)


def test_a_report_without_a_country_implies_one(gazetteer: Gazetteer) -> None:
    text = "Rioters hurled bricks at police in Stafford on Saturday."
    mentions = find_places(text, 0, len(text), exclude=[])
    assert implied_country(mentions, gazetteer) == "GBR"  # England's, not Texas's
    text = "Rioters hurled bricks at police in Hastings on Saturday."
    mentions = find_places(text, 0, len(text), exclude=[])
    assert implied_country(mentions, gazetteer) is None  # England's and New Zealand's


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def test_a_province_below_the_first_level_is_no_admin1(kit: Kit) -> None:
    "Burkina Faso's provinces lie inside its regions, ACLED's admin1."
    text = "Gunmen killed six civilians in Sebba in Yagha province on Friday, officials said."
    events = extract(Article(id="t", text=text, published=date(2024, 5, 1)), kit=kit)
    assert (events[0].location.name, events[0].location.admin1) == ("Sebba", "Sahel")


def test_local_government_area_spelled_out() -> None:
    text = "Gunmen attacked Dogo village in Bassa Local Government Area of Plateau State."
    found = {m.name: m for m in find_places(text, 0, len(text), exclude=[])}
    assert (found["Bassa"].kind, found["Bassa"].precision) == ("lga", 2)
    assert (found["Dogo"].admin2, found["Dogo"].admin1) == ("Bassa", "Plateau")


def test_where_fire_came_from_is_not_where_it_struck(kit: Kit) -> None:
    text = (
        "Militants fired 30 rockets at northern Israel on Tuesday, the army said. On "
        "Wednesday, air defences intercepted 12 more projectiles fired from Lebanon, it said."
    )
    events = extract(Article(id="t", text=text, published=date(2024, 5, 1)), kit=kit)
    assert {e.location.country_code for e in events if e.location} == {"ISR"}


@pytest.mark.parametrize("text", [
    "Gunmen killed 19 people in central Mali on Sunday.",
    "Gunmen killed 19 people near Bounti, Mali, on Sunday.",
])  # fmt: skip
def test_a_country_named_is_the_country_not_a_namesake_town(kit: Kit, text: str) -> None:
    "'Mali' is also a town in Turkmenistan; a report that names Mali is about the country."
    (event,) = extract(Article(id="t", text=text, published=date(2021, 1, 7)), kit=kit)
    assert event.location is not None and event.location.country_code == "MLI"
    assert {a.name for a in event.actors} == {
        "Unidentified Armed Group (Mali)",
        "Civilians (Mali)",
    }


@pytest.mark.parametrize("text, iso3", [
    # "Town, Country" says which country's town: Ariha in Syria, not Jericho's Arabic name
    ("Air strikes killed five people in Ariha, Syria, on Sunday.", "SYR"),
    ("Israeli troops raided Ariha, Palestine, on Sunday.", "PSE"),
])  # fmt: skip
def test_town_comma_country_is_that_countrys_town(kit: Kit, text: str, iso3: str) -> None:
    (event,) = extract(Article(id="t", text=text, published=date(2021, 1, 7)), kit=kit)
    assert event.location is not None and event.location.country_code == iso3


@pytest.mark.parametrize("text, where", [
    # A bare name the gazetteer lacks, in a report whose lead names one province: the
    # province's seat, precision 3, the name kept.
    ("Tribal anger is growing in Syria's Deir ez-Zor province. Islamic State militants "
     "executed 40 tribesmen in Qarfazan on Monday, activists said.",
     ("Qarfazan", "Deir-ez-Zor", 3)),
    ("Farmers in Nigeria's Benue State fear the rains. Gunmen killed 12 herders in Ukpakwu "
     "on Sunday, police said.",
     ("Ukpakwu", "Benue", 3)),
    ("Gunmen killed 12 herders in Ukpakwu, Nigeria on Sunday, police said. Farmers in Benue "
     "State fear the rains.",
     ("Ukpakwu", "Benue", 3)),
    # Two provinces in the lead: which one is unknown, so no point and no precision.
    ("Tribal anger is growing in Syria's Deir ez-Zor and Raqqa provinces. Islamic State "
     "militants executed 40 tribesmen in Qarfazan on Monday, activists said.",
     ("Qarfazan", None, None)),
])  # fmt: skip
def test_a_place_the_gazetteer_lacks_takes_the_leads_province(
    kit: Kit, text: str, where: tuple[str, str | None, int | None]
) -> None:
    "Issue 11: a named place the gazetteer lacks keeps its name, at the best enclosing level."
    (event,) = extract(Article(id="t", text=text, published=date(2021, 3, 3)), kit=kit)
    place = event.location
    assert place is not None
    assert (place.name, place.admin1, place.geo_precision) == where
    assert (place.latitude is None) == (where[2] is None)


def test_a_province_introduced_by_its_kind_is_no_speaker() -> None:
    "'officials in the state of X said': the officials speak, X is where they are."
    text = "A mine blast wounded six miners, officials in the northern state of Sonora said."
    hits = admin1_index().find(text, Folded.of(text))
    assert [h.entry.name for h in find_admin1(text, hits, 0, len(text))] == ["Sonora"]


@pytest.mark.parametrize(
    "text",
    [
        # The country's own name is not its namesake province (the State of Mexico).
        "Gunmen killed four police officers in Zitacuaro, Mexico, on Monday.",
        # A province's name inside a group's name is the group's.
        "Police said the Sinaloa Cartel ambushed a patrol near Zitacuaro.",
    ],
)
def test_no_province_in_a_country_or_group_name(kit: Kit, text: str) -> None:
    ctx = read_context(Article(id="t", text=text, published=date(2024, 5, 1)), kit, kit.nlp(text))
    assert [h.entry.name for hits in ctx.admin1 for h in hits] == []


_BUTEMBO, _BUNIA = (0.14164, 29.29117), (1.55941, 30.25224)  # GeoNames 217562, 217695


@pytest.mark.parametrize(
    ("second", "name", "admin1", "point"),
    [
        # A village the gazetteer lacks lies near the town the report is about.
        ("raided the village of Mbukalu", "Mbukalu", "Nord-Kivu", _BUTEMBO),
        # A village of the report's area is not a small namesake 1,500 km off (in Kwilu).
        ("raided the village of Bulungu", "Bulungu", "Nord-Kivu", _BUTEMBO),
        # A province the text gives for the village places it (Ituri: its seat, Bunia).
        ("raided the village of Mbukalu in Ituri province", "Mbukalu", "Ituri", _BUNIA),
    ],
)
def test_a_village_the_gazetteer_lacks_lies_near_the_reports_town(
    kit: Kit, second: str, name: str, admin1: str, point: tuple[float, float]
) -> None:
    text = (
        "Militiamen attacked farms around the city of Butembo on Sunday, killing five "
        f"civilians, officials said. On Monday the militiamen {second}, burning homes and "
        "killing two farmers."
    )
    events = extract(Article(id="t", text=text, published=date(2024, 5, 1)), kit=kit)
    place = next(e.location for e in events if e.location and e.location.name == name)
    assert (place.admin1, place.geo_precision) == (admin1, 2)
    assert distance_km(place.latitude, place.longitude, *point) < 1


@pytest.mark.parametrize(
    "second",
    [
        "mortar shells hit al-Hamidiyeh neighbourhood",
        # A kind word after two names is the kind of both.
        "mortar shells hit al-Hamidiyeh and al-Khalidiyeh neighbourhoods",
        "mortar shells hit al-Hamidiyeh and Bab al-Sebaa neighbourhoods",
    ],
)
def test_a_neighbourhood_is_of_the_reports_city_not_a_far_namesake(kit: Kit, second: str) -> None:
    "A neighbourhood told of in a report on a city is not a village of the name 70 km off."
    text = (
        "Militants fired rockets at the city of Homs on Sunday, killing three civilians, a "
        f"police source said. On Monday {second}, killing two women."
    )
    events = extract(Article(id="t", text=text, published=date(2024, 5, 1)), kit=kit)
    assert [e.location.admin1 for e in events if e.location] == ["Homs", "Homs"]


def test_a_neighbourhood_in_the_city_is_of_the_reports_city(kit: Kit) -> None:
    """'the X neighbourhood in the city' is a quarter of the city the report is about, not a
    namesake in a province the account's round-up of other shelling names."""
    text = (
        "Militants fired rockets at the city of Homs on Sunday, killing three civilians, a "
        "police source said. A monitoring center said on Monday that two women were killed "
        "and 20 others were injured when militants fired shells on al-Hamidiyeh neighborhood "
        "in the city. The center added that over the last day militants shelled "
        "al-Foaa town in Idleb, villages in Lattakia and military checkpoints in Hama."
    )
    events = extract(Article(id="t", text=text, published=date(2024, 5, 1)), kit=kit)
    quarter = next(e.location for e in events if e.location and "Hamidiyeh" in e.location.name)
    assert quarter.admin1 == "Homs"


def test_a_person_is_no_village_of_the_reports_town(kit: Kit) -> None:
    "A name spaCy reads as a person's, with no place word, is not placed at the town."
    text = (
        "Militiamen attacked farms around the city of Butembo on Sunday, killing five "
        "civilians, officials said. On Monday the militiamen attacked Jean Kalume, a local "
        "chief, killing him and two guards."
    )
    events = extract(Article(id="t", text=text, published=date(2024, 5, 1)), kit=kit)
    named = [e.location for e in events if e.location and "Kalume" in e.location.name]
    assert named and all(p.latitude is None and p.geo_precision is None for p in named)


def test_a_town_in_a_municipality_is_placed_by_it(kit: Kit) -> None:
    "'X, a town in the municipality of Y': of X's namesakes, none near Y; Y's seat stands."
    text = (
        "Gunmen killed two soldiers at a checkpoint in El Ranchito, a town in the "
        "municipality of Tepalcatepec, on Friday."
    )
    (event,) = extract(Article(id="t", text=text, published=date(2024, 5, 1)), kit=kit)
    place = event.location
    assert (place.name, place.admin1, place.geo_precision) == ("El Ranchito", "Michoacan", 2)
    assert distance_km(place.latitude, place.longitude, 19.18725, -102.84704) < 1  # its seat


def test_where_people_come_from_is_no_place_of_the_act(kit: Kit) -> None:
    "'youths from the X section stole cattle': X is a community; the province places it."
    text = (
        "Seven herders were killed in Warrap State on Tuesday, officials said. The clashes "
        "began when armed youths from the Apuk section stole cattle, they said."
    )
    events = extract(Article(id="t", text=text, published=date(2024, 5, 1)), kit=kit)
    assert [(e.location.name, e.location.admin1) for e in events] == [("Warrap", "Warrap")]


def test_a_town_named_like_its_province_is_in_the_unit_the_town_lies_in(kit: Kit) -> None:
    """Sanaa the city lies in the Amanat al-Asimah, not in the Sanaa governorate around it
    (GeoNames files it there; `lexicons/place_admin1.tsv` corrects it): the province of the
    same name only chooses among same-named places."""
    text = "Air raids hit Sanaa, Yemen, on Monday, killing four civilians, medics said."
    (event,) = extract(Article(id="t", text=text, published=date(2024, 5, 6)), kit=kit)
    assert event.location is not None
    assert (event.location.name, event.location.admin1) == ("Sanaa", "Amanat al Asimah")


@pytest.mark.parametrize("text, iso3", [
    # a report that names no country: the province given with the village says which
    ("On 3 May 2020, gunmen killed two farmers in Kuru in Gashish district (Barkin Ladi "
     "LGA, Plateau).", "NGA"),
    ("On 2 May 2020, gunmen killed 4 youths in Adu in Kwal district (Bassa LGA, Plateau).",
     "NGA"),
])  # fmt: skip
def test_a_province_given_with_a_place_says_which_country(kit: Kit, text: str, iso3: str) -> None:
    (event,) = extract(Article(id="t", text=text, published=date(2020, 5, 6)), kit=kit)
    assert event.location is not None and event.location.country_code == iso3


@pytest.mark.parametrize("text", [
    "Militants of the Takfiri group ISIL fired shells at Kurdish forces near Tel Tamr, Syria.",
    "Fighters of the Nusra group shelled Kurdish militias near Afrin, Syria, on Monday.",
])  # fmt: skip
def test_a_word_that_qualifies_a_group_is_no_place(kit: Kit, text: str) -> None:
    events = extract(Article(id="t", text=text, published=date(2020, 5, 6)), kit=kit)
    assert [e.location.name for e in events if e.location] in (["Tel Tamr"], ["Afrin"])


def test_a_far_namesake_town_does_not_move_a_report_abroad(kit: Kit) -> None:
    """'Kani' is a Japanese city in the gazetteer and a Myanmar township it lacks: in a report
    set in Myanmar (named, with its Sagaing region), the name points to no country 4,000 km
    away, and no event is placed in Japan."""
    text = (
        "Myanmar's army bombed a village in Sagaing region on Sunday, killing nine people, "
        "residents said. A resistance group in Kani said its fighters had clashed with troops "
        "near the village a day earlier, losing two men."
    )
    events = extract(Article(id="t", text=text, published=date(2025, 2, 10)), kit=kit)
    assert events
    assert {e.location.country_code for e in events if e.location} == {"MMR"}


@pytest.mark.parametrize("text, expected", [
    # who lives in a town qualifies it; the town is named after "of"
    ("A roadside bomb killed six in the Kurdish-majority Syrian town of Amuda.", ["Amuda"]),
    ("Gunmen raided the Christian-majority town of Bartella on Friday.", ["Bartella"]),
    # a ship is no place on land
    ("Jets from the Charles de Gaulle aircraft carrier struck targets near Mosul.", ["Mosul"]),
    ("Drones flew off the Admiral Golovko frigate towards Tartus.", ["Tartus"]),
    # a person's or a family's home town, which the text does not name
    ("A suicide bomber struck in the Assad clans hometown, a monitor said.", []),
    ("Mourners gathered in Karimov's birthplace on Sunday.", []),
])  # fmt: skip
def test_who_lives_there_a_ship_and_a_home_town_are_no_places(
    text: str, expected: list[str]
) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text, name", [
    # a body speaks from its seat; the act is where the clause goes on to place it
    ("Syrian troops pushed forward on Monday. The defence ministry in Ankara said on Monday "
     "that four jets had hit targets around Raqqa in Syria, killing 25 militants.",
     "Raqqa"),
    ("Officials in Kabul said Taliban fighters attacked a checkpoint in Ghazni city "
     "on Monday, killing five police officers.",
     "Ghazni"),
])  # fmt: skip
def test_the_seat_a_body_speaks_from_is_not_the_scene(kit: Kit, text: str, name: str) -> None:
    events = extract(Article(id="t", text=text, published=date(2016, 8, 22)), kit=kit)
    assert [e.location.name for e in events if e.location] == [name]


def test_a_sentence_that_names_its_country_borrows_no_place_from_another(kit: Kit) -> None:
    "'In Lebanon, ...' after a sentence on Iraq: the protest is in Lebanon, not in Anbar."
    text = (
        "Iraqi forces repelled an attack on the town of Haditha in Anbar province on Sunday. "
        "In Lebanon some 300 Syrian nationals staged a demonstration in support of the rebels."
    )
    events = extract(Article(id="t", text=text, published=date(2015, 7, 6)), kit=kit)
    protest = next(e for e in events if e.event_type == "Protests")
    assert protest.location is not None and protest.location.country_code == "LBN"
    # and "downtown" before a city's name is no part of it
    assert names("Thousands marched in downtown Beirut on Sunday.") == ["Beirut"]


def test_the_country_named_beside_a_place_is_its_own(kit: Kit) -> None:
    "A report on Turkey whose shelling targets 'X and Y in northern Syria': the place is Syria's."
    text = (
        "Turkish artillery shelled militants who were getting ready to attack Turkey on "
        "Monday from the areas of Tal Hamdun and Hassajek in northern Syria, killing 15."
    )
    (event,) = extract(Article(id="t", text=text, published=date(2016, 7, 10)), kit=kit)
    assert event.location is not None
    assert (event.location.name, event.location.country_code) == ("Tal Hamdun", "SYR")


@pytest.mark.parametrize("text, expected", [
    ("Turkish drones struck the offices of Kurdish opposition groups near Sinjar in northern "
     "Iraq on Tuesday, killing three people.", "Sinjar"),
    ("Armed youths from the Luac section raided cattle camps in Tonj East County, South "
     "Sudan, on Friday, killing four herders.", "Tonj East"),
])  # fmt: skip
def test_a_peoples_name_is_no_place(kit: Kit, text: str, expected: str) -> None:
    "A people's name before a word for its group ('Kurdish opposition') places nothing."
    events = extract(Article(id="t", text=text, published=date(2023, 6, 1)), kit=kit)
    assert events and events[0].location is not None
    assert events[0].location.name.startswith(expected)


@pytest.mark.parametrize("text, expected", [
    # a country's name before "state" is the province of that name
    ("Gunmen abducted 14 farmers in Niger state, northern Nigeria, on Sunday, police said.",
     ("NGA", "Niger")),
    # the country itself, and its state media, stay the country
    ("Gunmen killed six soldiers in western Niger on Sunday, Niger state television said.",
     ("NER", None)),
])  # fmt: skip
def test_a_countrys_name_before_state_is_a_province(
    kit: Kit, text: str, expected: tuple[str, str | None]
) -> None:
    events = extract(Article(id="t", text=text, published=date(2023, 6, 1)), kit=kit)
    assert events and events[0].location is not None
    iso3, admin1 = expected
    assert events[0].location.country_code == iso3
    if admin1 is not None:
        assert events[0].location.admin1 == admin1


@pytest.mark.parametrize("text, expected", [
    # a city's centre is the city itself
    ("Protesters clashed with police in central Kampala on Monday.", ("Kampala", 1)),
    ("Protesters clashed with police in downtown Kampala on Monday.", ("Kampala", 1)),
    # "the nearby town of X" is X
    ("Two officers were shot dead in the nearby town of Mbale.", ("Mbale", 1)),
    # near a town, or a part of a province, is somewhere around it
    ("Two officers were shot dead near Mbale.", ("Mbale", 2)),
    ("Shells fell on northern Aleppo.", ("Aleppo", 2)),
])  # fmt: skip
def test_how_precisely_a_mention_places(text: str, expected: tuple[str, int]) -> None:
    found = find_places(text, 0, len(text), exclude=[])
    assert [(m.name, m.precision) for m in found] == [expected]


def test_a_world_regions_adjective_is_no_place(kit: Kit) -> None:
    "'the West African country' describes the country the report is about; no place of it."
    text = "Jihadists killed five soldiers in an ambush in the West African country on Monday."
    events = extract(
        Article(id="t", text=text, published=date(2023, 6, 1), title="Ambush in Burkina Faso"),
        kit=kit,
    )
    assert events and all(e.location is None or "African" not in e.location.name for e in events)


@pytest.mark.parametrize("text, expected", [
    ("A bomb exploded in restive Zamfara state on Sunday.", "Zamfara"),
    ("Shells fell on the besieged Deraa countryside on Sunday.", "Deraa"),
    ("Soldiers clashed with separatists in anglophone Southwest region.", "Southwest"),
    ("Fighting raged in war-torn Marib on Sunday.", "Marib"),
])  # fmt: skip
def test_a_word_describing_a_place_is_no_part_of_its_name(text: str, expected: str) -> None:
    assert [m.name for m in find_places(text, 0, len(text), exclude=[])] == [expected]


@pytest.mark.parametrize("text, expected", [
    # a piece of a country's long name is no place; the town named later says where
    ("Rebels killed nine farmers in eastern Democratic Republic of the Congo on Tuesday. The "
     "attack on Oicha in North Kivu province was blamed on the ADF.", ("Oicha", "COD")),
    ("Rebels killed nine farmers in eastern Democratic Republic of Congo on Tuesday.",
     ("Democratic Republic of Congo", "COD")),
    # "Sudan" inside "South Sudan" is not the other country
    ("Cattle raiders killed six herders in South Sudan on Sunday.", ("South Sudan", "SSD")),
])  # fmt: skip
def test_a_piece_of_a_countrys_long_name_is_no_place(
    kit: Kit, text: str, expected: tuple[str, str]
) -> None:
    events = extract(Article(id="t", text=text, published=date(2023, 6, 1)), kit=kit)
    assert events and events[0].location is not None
    assert (events[0].location.name, events[0].location.country_code) == expected


@pytest.mark.parametrize("text", [
    "Troops burned houses in Thaye Gone village in Bago Region's Letpadan Township.",
    "Troops burned houses in Thaye Gone village, Letpadan Township, Bago Region.",
])  # fmt: skip
def test_a_township_is_a_district_named_for_its_town(text: str) -> None:
    "Myanmar's townships, and the units a list of names runs into, are kinds, not names."
    found = {m.name: m for m in find_places(text, 0, len(text), exclude=[])}
    assert (found["Letpadan"].kind, found["Letpadan"].precision) == ("township", 2)
    assert "Letpadan Township" not in found and "Bago Region" not in found


@pytest.mark.parametrize("text, expected", [
    # a title-case headline's common nouns, written in lower case in the report, end the name
    ("Car Bomb Kills 12 in Hama Blast. The blast hit a market.", ["Hama"]),
    ("Army kills 40 rebels east of Homs Monitoring group says. A monitoring group said so.",
     ["Homs"]),
    # not a kind word or a particle
    ("Riots broke out in Cape Town. The town was calm by night.", ["Cape Town"]),
    ("Shelling hit Ras al Ain. Residents fled al areas.", ["Ras al Ain"]),
])  # fmt: skip
def test_a_headlines_common_nouns_end_a_name(text: str, expected: list[str]) -> None:
    lower = frozenset(re.findall(r"(?<![\w-])[a-z][\w'’]*(?![\w-])", text))
    found = [headline_trimmed(m, text, lower) for m in find_places(text, 0, len(text), exclude=[])]
    assert [m.name for m in found] == expected
    assert all(text[m.start : m.end] == m.name for m in found)


@pytest.mark.parametrize("text, expected", [
    # an idiom's capitalised noun in a title-case headline
    ("Related: Kobani in Ruins After Air Strikes", []),
    ("Minister: Hospitals in Aleppo out of Service as Shelling Goes On", ["Aleppo"]),
    # the last word of an organisation's title whose acronym follows
    ("The charity Relief for Villages in Need (RVN) said 12 died in Tel Tamer.", ["Tel Tamer"]),
    ("The Foundation for Peace in Kivu (FPK) said 20 died in Beni.", ["Beni"]),
    # ... but a country's name stays one
    ("Protests in the Democratic Republic of Congo (DRC) grew.", ["Democratic Republic", "Congo"]),
])  # fmt: skip
def test_idioms_and_titles_before_an_acronym_are_no_places(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_a_headlines_present_tense_verb_places_its_object(kit: Kit) -> None:
    "'Warplanes hit X as fighting rages in Y': the strikes are in X."
    assert names("Army retakes Palmyra from militants") == ["Palmyra"]
    text = (
        "Warplanes hit Syria's Idlib as fighting rages in Hama\n"
        "Raids left 11 people dead in the northwest on Monday, activists reported."
    )
    events = extract(Article(id="t", text=text, published=date(2016, 8, 15)), kit=kit)
    assert events and events[0].location is not None
    assert events[0].location.name == "Idlib"


@pytest.mark.parametrize("text, expected", [
    # a ruler's or a seat's name before the word for its rule
    ("A battalion of Assad regime troops shelled a bridge in Hama.", ["Hama"]),
    ("Talks between the Kabul government and elders in Ghazni stalled.", ["Ghazni"]),
    # ... but a building named for it is still where it stands
    ("Gunmen attacked the Kandahar government building on Monday.", ["Kandahar"]),
    # a region of several countries
    ("The Nusra Front (al-Qaeda's wing in the Levant) raided Jurin village.", ["Jurin"]),
])  # fmt: skip
def test_rulers_and_the_levant_are_no_places(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Nine dead after IS raid on Kurd-held Syria town", ["Syria"]),
    ("Shells fell in Turkish-backed Azaz on Monday.", ["Azaz"]),
    ("Clashes erupted in the Kurdish-majority Qamishli district.", ["Qamishli"]),
])  # fmt: skip
def test_a_compound_adjective_before_a_name_is_no_part_of_it(
    text: str, expected: list[str]
) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text, iso3", [
    # "Town, Province": the province says which country's town, as "Town, Country" does
    ("Gunmen killed two guards at a depot of the Tuzla free zone in Tuzla, Istanbul.", "TUR"),
    ("Gunmen killed two guards at a depot of the Tuzla free zone in Tuzla.", "BIH"),
])  # fmt: skip
def test_a_province_after_a_town_says_which_countrys_town(kit: Kit, text: str, iso3: str) -> None:
    (event,) = extract(Article(id="t", text=text, published=date(2020, 5, 2)), kit=kit)
    assert event.location is not None and event.location.country_code == iso3


def test_the_us_dollar_names_no_country(kit: Kit) -> None:
    "A report that quotes the dollar's rate is not about the United States."
    text = "Protesters angry at the soaring US dollar rate blocked roads in Jounieh on Tuesday."
    (event,) = extract(Article(id="t", text=text, published=date(2020, 5, 6)), kit=kit)
    assert event.location is not None
    assert (event.location.name, event.location.country_code) == ("Jounieh", "LBN")


def test_another_part_of_the_country_borrows_no_earlier_place(kit: Kit) -> None:
    """'On the same day, an attack in the north of the country killed 15': the sentence says
    its place is not the town told before it, and names none: the event is not put there."""
    text = (
        "Gunmen killed 20 worshippers at a mosque in Natiaboani in eastern Burkina Faso on "
        "Sunday, residents said. On the same day, an attack on a church in the north of the "
        "country killed at least 15 people, a church official said."
    )
    events = extract(Article(id="t", text=text, published=date(2024, 2, 19)), kit=kit)
    church = next(e for e in events if e.fatalities and e.fatalities.best == 15)
    assert church.location is None or church.location.name != "Natiaboani"
