"""One incident, one event: how `extract` tells incidents apart within one report.

A report tells one incident over several sentences; it moves to another by a sign a reader
sees: a new town with a toll of its own, another day, "separately", "another attack". Each
case is a short report written for this table (no development data), with the events it
should give: how many, and the place of each, in order.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract import Kit, extract, read_context, split_frames
from sitrep.extract.classify import sentence_trigger
from sitrep.extract.parse import parse
from sitrep.models import Article

PUBLISHED = date(2023, 6, 27)


def places(kit: Kit, text: str) -> list[str | None]:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    return [e.location.name if e.location else None for e in events]


@pytest.mark.parametrize("text, expected", [
    # one incident told over three sentences
    ("Jihadists ambushed an army patrol near Kaya on Monday, killing 12 soldiers. The "
     "attackers fled on motorbikes. Troops later recovered weapons at the scene, the army said.",
     ["Kaya"]),
    # "another attack" tells a second incident even with no new place in its sentence
    ("Jihadists ambushed an army patrol near Kaya on Monday, killing 12 soldiers, the army "
     "said. The army did not mention another attack on volunteer fighters near Djibo on "
     "Monday, according to security sources.",
     ["Kaya", "Djibo"]),
    ("Rebels attacked an army post in Kaya on Monday, killing four soldiers. Separately, "
     "gunmen killed two traders in Djibo.", ["Kaya", "Djibo"]),
    # "while in a separate gun battle ...": the report says it is another incident, even
    # with the same sides and type
    ("Three militants were killed in an encounter with security forces in Shopian district "
     "on Friday, while in a separate gun battle a policeman was killed in Budgam district, "
     "officials said.",
     ["Shopian", "Budgam"]),
    # "another man was killed" is a toll of one at a town of its own
    ("The health ministry said three people had been killed and 27 wounded in Jenin, while "
     "another man was killed in the city of Ramallah after being shot at a checkpoint.",
     ["Jenin", "Ramallah"]),
    # a round-up: the lead gives the kind of violence and who, each town its own toll
    ("Kyiv said five civilians were killed by Russian shelling in the south and east of "
     "Ukraine on Saturday. Prosecutors said two civilians were killed in the city of "
     "Toretsk. In the Zaporizhzhia region, the governor said two men were killed by Russian "
     "shelling in the village of Mala Tokmachka.",
     ["Toretsk", "Mala Tokmachka"]),
    # a headline and the body that retells it at a fuller name of the place are one (the
    # body writes "barrens" in lower case: the place is Qalamoun)
    ("ISIL kills 20 FSA members on Qalamoun Barrens\nISIL fighters killed 20 members of the "
     "Free Syrian Army on the Qalamoun barrens on Wednesday, activists said.",
     ["Qalamoun"]),
    # a headline sums the incident up by its province (read as the namesake city), the
    # body tells the village: the same toll, day and side in one province is one incident
    ("Army Pushes On in Latakia, Kills 14 Militants\nSyrian troops and allied fighters also "
     "clashed with the militants in Salma on Sunday, killing 14 of them.",
     ["Salma"]),
    # ... but another toll there is another incident
    ("Army Pushes On in Latakia, Kills 14 Militants\nSyrian troops and allied fighters also "
     "clashed with the militants in Salma on Sunday, killing 9 of them.",
     ["Salma", "Latakia"]),
    # a sweep over several provinces with no toll is a campaign, no incident of its own
    ("Government jets struck rebel positions in Idlib, Hama and Aleppo provinces on Monday, "
     "state media said. Separately, a roadside bomb killed three soldiers in Daraa.",
     ["Daraa"]),
    # ... but told with a toll it is kept, one event per province
    ("Warplanes struck rebel-held areas of Homs, Hama and Idlib provinces on Monday, killing "
     "12 people, a monitor said.",
     ["Homs", "Hama", "Idlib"]),
    # a quotation with no place and no toll colours the incident, it is no event of its own
    ("Rebels shelled the town of Mhardeh on Monday, killing four civilians, a monitor said. "
     "\"Dozens of fighters were deployed and everyone is on high alert now,\" a local "
     "commander said.",
     ["Mhardeh"]),
    # ... but a quoted account with a place of its own is kept
    ("Rebels shelled the town of Mhardeh on Monday, killing four civilians, a monitor said. "
     "\"Our jets struck their positions near Kafr Nabl this morning,\" an army officer said.",
     ["Mhardeh", "Kafr Nabl"]),
    # houses burned in one village, told twice, are one looting
    ("Soldiers torched the homes of villagers in Nanza, Myanmar, on Thursday, residents "
     "said. A local news source said that the soldiers burned more than 20 houses in Nanza "
     "and took people's money and phones.",
     ["Nanza"]),
    # two named towns a few km apart, each with its own toll, are two events
    ("Government shelling killed two civilians in Saraqib on Monday, a monitor said. Rebels "
     "said government shelling also killed three civilians in Sarmin that day.",
     ["Saraqib", "Sarmin"]),
    # where a speaker holds office, told in apposition, is no new scene
    ("Gunmen attacked a church in Essakane village, Burkina Faso, on Sunday, killing 15 "
     "worshippers, a church official said. Abbot Paul Ouedraogo, vicar general of the "
     "diocese of Dori, said 12 people died at the scene and three others in hospital.",
     ["Essakane"]),
    # where a convoy came from is not where it was hit
    ("A supply convoy returning from Djibo was the target of an ambush in Kaya on Monday, "
     "and 20 soldiers were killed, the army said.", ["Kaya"]),
    # "Earlier, ..." opens another incident; "in the capital" is the report's capital
    ("KABUL (Reuters) - A car bomb hit a police post in the town of Charikar on Sunday, "
     "killing three policemen, officials said. Earlier, gunmen on a motorbike shot at a "
     "minibus in the capital, killing two passengers, police said.",
     ["Charikar", "Kabul"]),
    ("A roadside bomb killed four soldiers near Tikrit on Tuesday, the army said. Later on "
     "Tuesday, a suicide bomber killed six worshippers at a mosque in Samarra.",
     ["Tikrit", "Samarra"]),
    # a capital qualified by its country's demonym is that country's
    ("Israeli aircraft struck a flat outside the Lebanese capital on Monday, killing three "
     "people, Israel's army said.", ["Beirut"]),
    # and so is one its country owns, by name or as "the country's"
    ("Shells hit a market in Sudan's capital on Sunday, killing nine people, medics said.",
     ["Khartoum"]),
    ("BAMAKO (Reuters) - Gunmen attacked a hotel in Mali on Friday. A second attack hit a "
     "checkpoint in the country's capital on Saturday, killing two soldiers.",
     ["Mali", "Bamako"]),
    # a town "also struck" is a target of its own, told aside: the report goes on with its
    # incident
    ("Air strikes killed six civilians in Marib, Yemen, on Thursday, officials said. A "
     "rebel spokesman said that the port city of Hodeidah was also struck by air raids. The "
     "strikes in Marib hit a market, officials said.",
     ["Marib", "Hodeidah"]),
    # the place of what happened "a day after" or "since" is another happening's
    ("Air strikes across Yemen killed nine people on Thursday, a day after rebels fired a "
     "missile at the Saudi capital Riyadh, officials said.", ["Yemen"]),
    # a toll at villages the account moves on to is another scene, even where the gazetteer
    # lacks the villages
    ("Rebels raided the village of Kalunguta near Beni, killing six people, a local "
     "official said. The rebels moved on to the village of Mavivi-Ngadi, where the death "
     "toll stands at three, he said.",
     ["Kalunguta", "Mavivi-Ngadi"]),
    # gunmen who opened fire on a car and a bomb at a market the same day in one city are
    # two weapons, two incidents
    ("MOGADISHU (AP) - Gunmen opened fire on a car carrying two judges in the capital on "
     "Saturday, killing both, police said. In the Hodan district of Mogadishu, a bomb "
     "exploded near a busy market, killing five people, police said.",
     ["Mogadishu", "Mogadishu"]),
    # a page's own day heading the headline is no day of the incident the body dates
    ("14 March 2019 Two killed in rebel rocket attack on Kharkiv. Two people were killed "
     "when rebels fired rockets at residential areas of Kharkiv. A police source said the "
     "rebels fired rockets at the Saltivka district of the city on Wednesday evening, "
     "killing two people and wounding six.",
     ["Kharkiv"]),
    # "Also on Saturday, ..." tells a further incident of a day already told, even where
    # the first one's place is only the text's own name
    ("Syrian troops killed a rebel commander and nine of his fighters in a battle near the "
     "village of Tell Marwan, the army said. Also on Saturday, Syrian troops captured "
     "farmland along the highway in the town of Kafr Shams after hours of fierce clashes.",
     ["Tell Marwan", "Kafr Shams"]),
    # where the attackers were posted is not where their fire fell, nor another incident
    ("Militants positioned in the town of Tarmiyah fired mortar shells on Baquba on Sunday, "
     "killing two civilians, police said.",
     ["Baquba"]),
    ("Two civilians were killed when militants fired mortar shells on Baquba on Sunday, "
     "police said. A police source said militants positioned in the town of Tarmiyah fired "
     "six shells on the city, killing two people.",
     ["Baquba"]),
    # the damage an attack did is told with it, no looting of its own
    ("Government aircraft bombed the market in Kafr Nabl on Tuesday, killing six people, "
     "activists said. The bombing also destroyed several shops and homes in the town, the "
     "activists added.",
     ["Kafr Nabl"]),
    # ... the last attack told before it, not a recalled one after it
    ("Jets struck a hospital in Kafr Nabl on Tuesday, killing five people, activists said. "
     "Rescuers searched a building that was demolished after the attack. Last Monday, "
     "helicopters dropped barrel bombs laced with chlorine on Saraqib, activists said.",
     ["Kafr Nabl", "Saraqib"]),
    # a blast the report later says a suicide bomber set off is one blast
    ("A bomb blast killed 15 people at a bus station in Kirkuk on Monday, police said. "
     "Officials said the attack was carried out by a suicide bomber wearing an explosive "
     "vest.",
     ["Kirkuk"]),
    # "on Saturday and Sunday" tells both days: an account of the Sunday's is no other
    ("Coalition air strikes on Mosul on Saturday and Sunday killed 14 people, a monitor "
     "said. \"The air strikes on Sunday night destroyed the group's supply routes,\" a "
     "coalition spokesman said.",
     ["Mosul"]),
    # "bombardment" is heavy fire of any kind: the same account as the air strikes
    ("At least 21 civilians were killed in overnight bombardment of Douma, rescuers said. "
     "Government air strikes hit a bakery and a school in Douma.",
     ["Douma"]),
    ("Heavy bombardment killed 11 people in Ariha on Tuesday, medics said. In Ariha "
     "warplanes struck a market, killing six of them.",
     ["Ariha"]),
    # a "bomber" is a plane or a man who blows himself up: no weapon of its own
    ("Two suicide bombers killed 14 militiamen in Tal Afar on Friday, police said. The "
     "bombers targeted a checkpoint and a barracks in Tal Afar.",
     ["Tal Afar"]),
])  # fmt: skip
def test_incidents_and_their_places(kit: Kit, text: str, expected: list[str]) -> None:
    assert places(kit, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a list of towns is one event per town; a toll told for all of them is shared out
    ("Police fired tear gas at protesters in Karachi, Lahore and Faisalabad on Tuesday.",
     ["Faisalabad", "Karachi", "Lahore"]),
    ("Government forces shelled Ariha, Sarmada and Saraqib on Monday, killing four civilians.",
     ["Ariha", "Saraqib", "Sarmada"]),
    # a list closing the sentence: its last town without the full stop
    ("Police fired tear gas at protesters in Karachi and Lahore.", ["Karachi", "Lahore"]),
    # a town and its province are not a list of towns
    ("Gunmen abducted two traders in Patikul, Sulu, on Sunday.", ["Patikul"]),
    # two provinces and no town: ACLED codes an event in each
    ("Air strikes hit rebel positions in Idlib and Latakia provinces on Monday.",
     ["Idlib", "Latakia"]),
])  # fmt: skip
def test_a_list_of_towns_is_an_event_per_town(kit: Kit, text: str, expected: list[str]) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert sorted(e.location.name for e in events if e.location) == expected


@pytest.mark.parametrize("text, expected", [
    # ACLED's rule for a total over several places: equal shares, the remainder to the first
    ("Government forces shelled Ariha, Sarmada and Saraqib on Monday, killing four civilians.",
     {"Ariha": 2, "Sarmada": 1, "Saraqib": 1}),
    ("Prosecutors said two civilians were killed by shelling in the city of Toretsk and the "
     "village of Velyka Novosilka on Saturday.",
     {"Toretsk": 1, "Velyka Novosilka": 1}),
    # a share of nothing is no toll
    ("A civilian was killed when troops shelled Ariha and Sarmada on Monday.",
     {"Ariha": 1, "Sarmada": None}),
    # a toll told town by town: each town its own figure, not a share
    ("Shelling killed seven civilians on Monday: three in Siversk and four in Lyman, the "
     "governor said.",
     {"Siversk": 3, "Lyman": 4}),
    ("Gunmen on motorbikes killed at least 15 people in Niger's Tillaberi region on "
     "Thursday, four in the village of Banizoumbou and six in the nearby village of Dargol, "
     "a local official said.",
     {"Banizoumbou": 4, "Dargol": 6}),
    # figures town by town that count the wounded give no town a death toll
    ("Rebels attacked Beni on Monday, killing 12 people, police said. Four people in Oicha "
     "and two in Eringeti were also wounded.",
     {"Beni": 12, "Oicha": None}),
])  # fmt: skip
def test_a_toll_told_for_a_list_of_towns_is_shared_out(
    kit: Kit, text: str, expected: dict[str, int | None]
) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    tolls = {
        e.location.name: e.fatalities.best if e.fatalities else None for e in events if e.location
    }
    assert tolls == expected


def test_the_next_town_of_an_account_happened_on_the_day_the_account_has_reached(
    kit: Kit,
) -> None:
    "Not on the first day the report names."
    text = (
        "Rebels raided the village of Kalunguta near Beni on Friday, killing six people, a "
        "local official said. On Sunday they attacked an army post at Oicha, and a soldier "
        "was killed. The rebels moved on to the village of Mavivi-Ngadi, where three people "
        "were killed, he said."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    days = {e.location.name: e.event_date for e in events if e.location}
    assert days["Kalunguta"] == date(2023, 6, 23)  # the Friday before publication
    assert days["Mavivi-Ngadi"] == date(2023, 6, 25)  # the Sunday


def test_a_towns_own_toll_rests_on_its_own_clause(kit: Kit) -> None:
    """The event at the second town of a toll told town by town points at the words that
    report it, with the figure and source the account gives it."""
    text = (
        "Gunmen killed nine villagers in Mopti region on Sunday, five in the village of Ogossagou "
        "and four in the village of Sobane, the mayor said."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    (sobane,) = [e for e in events if e.location and e.location.name == "Sobane"]
    assert [ev.text for ev in sobane.evidence] == ["four in the village of Sobane"]
    assert sobane.fatalities is not None and sobane.fatalities.best == 4
    assert {(c.claimant, c.value) for c in sobane.claims if c.field == "fatalities"} == {
        ("Mayor", 4)
    }


@pytest.mark.parametrize(("text", "tolls"), [
    ("Heavy fighting raged on Sunday in Marinka and in the nearby village of Pobjeda, where "
     "11 people were killed in the fighting, the governor said.",
     {"Marinka": None, "Pobjeda": 11}),
    ("Rebels said on Tuesday they had pushed troops out of Kafr Zita and were advancing on "
     "the town of Morek, where 14 people were killed in the fighting.",
     {"Kafr Zita": None, "Morek": 14}),
    # told in the next sentence of the account
    ("M23 rebels captured the town of Kitshanga in North Kivu on Wednesday after heavy "
     "fighting with the army, residents said. Clashes continued near Mweso, where nine "
     "people were killed, a local official said.",
     {"Kitshanga": None, "Mweso": 9}),
])  # fmt: skip
def test_a_toll_told_in_a_towns_relative_clause_is_that_towns(
    kit: Kit, text: str, tolls: dict[str, int | None]
) -> None:
    "'... the town of B, where 14 people were killed': the dead fell at B, not at A."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    found = {
        e.location.name: e.fatalities.best if e.fatalities else None
        for e in events
        if e.location is not None
    }
    assert found == tolls


def test_the_neighbourhoods_of_one_town_are_one_event(kit: Kit) -> None:
    "Parts of a city a few km apart are one place in ACLED's terms: one event, the whole toll."
    text = (
        "Six civilians were killed when rebels fired rockets on the Midan and Hamdaniyah "
        "neighbourhoods of Aleppo on Friday, state media said."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.fatalities.best if e.fatalities else None for e in events] == [6]


@pytest.mark.parametrize("text", [
    "Four civilians were killed when militants fired rockets on the al-Zuhur and al-Karama "
    "neighbourhoods on Friday, police said.",
])  # fmt: skip
def test_a_list_of_neighbourhoods_is_one_town(kit: Kit, text: str) -> None:
    "Neighbourhoods told as such, with no 'of X' after them, are still parts of one town."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.fatalities.best if e.fatalities else None for e in events] == [4]


@pytest.mark.parametrize("text", [
    "The United Nations condemned the air strikes on the market in Idlib on Monday.",
    "The ministry demanded an inquiry into the shelling of the hospital.",
    "Rebel fighters burned tyres to make smoke that hides them from the warplanes.",
    # the crowd words are the dead a condemnation speaks of, not who condemns
    "A UN panel approved a text condemning the strikes that killed 40 people in Mosul.",
    "The agency demanded an inquiry into the raid on the camp where dozens died.",
    # people counted among the dead are victims, not a crowd that torched the houses
    "Rebels raided Kasinga village on Friday. We had six people killed, ten motorbikes and "
    "several huts torched, a local chief said.",
])  # fmt: skip
def test_no_protest_or_riot_without_a_crowd(kit: Kit, text: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert not [e for e in events if e.event_type in {"Protests", "Riots"}]


def test_a_crowd_that_demands_is_a_protest(kit: Kit) -> None:
    text = "Hundreds of students gathered outside parliament in Nairobi, demanding new elections."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.event_type for e in events] == ["Protests"]


def test_a_town_named_sarin_is_no_chemical_attack(kit: Kit) -> None:
    text = "Three fighters heading from the town of Sarin to Kobani were killed by a drone strike."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]


@pytest.mark.parametrize("text", [
    "Police arrested three opposition activists on Saturday after protests against the "
    "re-election of President Nicolas Maduro, their party said.",
    "Gunmen loyal to Colonel Ahmed Saleh attacked a checkpoint on Monday, killing two guards.",
])  # fmt: skip
def test_a_titled_person_is_no_place(kit: Kit, text: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert events
    assert not [
        e for e in events if e.location and e.location.name.split()[0] in {"President", "Colonel"}
    ]


@pytest.mark.parametrize("text", [
    "Security forces have killed at least 40 people in Zahedan after protests erupted on "
    "Friday, Amnesty International said.",
    "Police shot dead three people as protests against fuel prices spread to Kano on Monday.",
    "Amnesty said security forces launched a crackdown that killed at least 30 people after "
    "protests in Zahedan on Friday.",
])  # fmt: skip
def test_a_protest_with_deaths_at_the_forces_hands_is_excessive_force(kit: Kit, text: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Excessive force against protesters"]
    assert events[0].actor("actor2") is not None
    assert events[0].actor("actor2").kind == "state forces"  # type: ignore[union-attr]


def test_an_ambush_that_killed_only_civilians_is_an_attack_on_them(kit: Kit) -> None:
    text = (
        "Six farmers in Bokkos local government area of Plateau state have been killed by "
        "gunmen in an ambush, the police have said."
    )
    (event,) = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.actor("actor2").name == "Civilians (Nigeria)"  # type: ignore[union-attr]


def test_vigilantes_killed_by_bandits_are_no_mob(kit: Kit) -> None:
    "Vigilantes killed in an ambush fell in a fight; only vigilantes who kill are a mob."
    text = "Bandits killed seven vigilantes in an ambush near Gusau on Saturday, police said."
    (event,) = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert event.event_type != "Riots"


@pytest.mark.parametrize("text", [
    "Protesters set police vehicles on fire in Quetta on Tuesday after the arrest.",
    "Crowds of supporters also damaged public property and torched a toll plaza in Quetta.",
])  # fmt: skip
def test_property_a_crowd_destroys_is_its_riot(kit: Kit, text: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Riots", "Violent demonstration")
    ]


@pytest.mark.parametrize("text", [
    "Gunmen looted shops and burned houses of villagers in Kaura on Sunday.",
    # one house, cars, a mosque: property all the same
    "Settlers set fire to cars and a house in the village of Kaura on Sunday.",
    "Militiamen torched a mosque in Kaura on Sunday.",
    # a bridge, a clinic: public works destroyed are property too
    "Militants destroyed a bridge and burned a clinic in Kaura on Sunday.",
])  # fmt: skip
def test_property_an_armed_side_destroys_stays_looting(kit: Kit, text: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Looting/property destruction"]


def test_the_damage_an_attack_did_is_no_looting_of_its_own(kit: Kit) -> None:
    text = (
        "Government aircraft bombed the market in Kafr Nabl on Tuesday, killing six people, "
        "activists said. The bombing also destroyed several shops and homes in the town, the "
        "activists added."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]


def test_people_taken_into_custody_are_arrested(kit: Kit) -> None:
    text = "A police spokesman said officers had taken 48 party workers into custody in Rawalpindi."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Arrests"]
    assert events[0].fatalities is None


@pytest.mark.parametrize("text, expected", [
    # a protest's clash and deaths are told as part of it: the crowd event keeps its type
    ("Police fired tear gas at thousands of opposition supporters to break up a rally in "
     "central Dhaka on Saturday. One officer and one protester were killed in the clashes.",
     [("Protests", "Protest with intervention")]),
    # police arresting the crowd right after: a protest with intervention
    ("About 40 students protested in Gereida on Monday against food shortages. Police "
     "arrested 12.", [("Protests", "Protest with intervention")]),
    # a riot the police break up, with arrests, stays one riot
    ("Demonstrators looted shops and set buses alight in Kisumu on Monday, police said. "
     "Officers fired tear gas to scatter the crowd and arrested 25 people.",
     [("Riots", "Violent demonstration")]),
])  # fmt: skip
def test_what_befalls_a_protest_is_told_with_it(
    kit: Kit, text: str, expected: list[tuple[str, str]]
) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [(e.event_type, e.sub_event_type) for e in events] == expected


@pytest.mark.parametrize("text", [
    "Supporters of two rival parties clashed with machetes and stones in Makeni on Sunday, "
    "killing two people, police said.",
    "Supporters of the ruling party and the opposition fought with clubs in Kumasi on "
    "Tuesday, leaving one man dead, police said.",
    "Youths armed with machetes fought each other in the Mathare slum of Nairobi on Friday, "
    "police said.",
    "Youths armed with stones clashed with rival party supporters in Nzerekore on Monday, "
    "injuring 15 people, witnesses said.",
])  # fmt: skip
def test_rival_crowds_fighting_each_other_are_mob_violence(kit: Kit, text: str) -> None:
    "ACLED codes rioters on both sides: neither an armed clash nor an attack on civilians."
    (event,) = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert (event.event_type, event.sub_event_type) == ("Riots", "Mob violence")
    first, second = event.actor("actor1"), event.actor("actor2")
    assert first is not None and second is not None
    assert first.name == second.name and first.name.startswith("Rioters (")


def test_a_partys_supporters_fighting_the_police_are_a_violent_demonstration(kit: Kit) -> None:
    "No rival crowd: the supporters fought the police."
    text = "Supporters of the opposition party clashed with police in Eldoret on Monday."
    (event,) = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert event.sub_event_type == "Violent demonstration"


def test_protesters_arrested_is_an_intervention_by_the_police(kit: Kit) -> None:
    "ACLED codes the country's police as the other side when the report does not say who."
    text = "About 150 protesters were arrested in downtown Minneapolis, Minnesota, on Sunday."
    (event,) = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert event.sub_event_type == "Protest with intervention"
    assert event.actor("actor2").name == "Police Forces of the United States (2021-2025)"  # type: ignore[union-attr]


def test_an_actor_named_only_elsewhere_does_not_tell_two_accounts_apart() -> None:
    """Two accounts of one strike: one names who flew in its own sentence, the other's actor
    was inferred from elsewhere in the report (its mention lies outside its sentences)."""
    from dataclasses import replace

    from sitrep.extract import _same_incident
    from sitrep.models import Actor, Event, Evidence, Place

    text = "Russian jets struck Saraqib. Strikes hit the Saraqib market. HTS holds the town."
    here = Place(name="Saraqib", country="Syria", country_code="SYR")
    told = Evidence.at(text, 0, 28)
    other = Evidence.at(text, 29, 59)
    hts = Evidence.at(text, 60, 63)

    def account(evidence: Evidence, actor: Actor) -> Event:
        return Event(
            event_id=f"ev-{evidence.start}", article_id="a", event_date=PUBLISHED,
            date_precision="day", event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike", actors=(actor,), location=here,
            fatalities=None, wounded=None, captured=None, civilian_harm=False, claims=(),
            sources=(), notes="", confidence=0.8, evidence=(evidence,),
        )  # fmt: skip

    russia = Actor(role="actor1", name="Military Forces of Russia (2000-)", kind="state forces",
                   country="RUS", mentions=(Evidence.at(text, 0, 7),))  # fmt: skip
    inferred = Actor(role="actor1", name="HTS: Hayat Tahrir al Sham", kind="rebel group",
                     country="SYR", mentions=(hts,))  # fmt: skip
    assert _same_incident(account(told, russia), account(other, inferred))
    named_here = replace(inferred, mentions=(Evidence.at(text, 29, 36),))
    assert not _same_incident(account(told, russia), account(other, named_here))


def test_a_vague_blast_or_the_pages_day_does_not_tell_two_accounts_apart() -> None:
    """'The bombing on Monday evening' beside air strikes on the town that day is no weapon of
    its own; an account dated only by the page's own day may be of the day the body tells."""
    from datetime import timedelta

    from sitrep.extract import _same_incident
    from sitrep.models import Event, Evidence, Place

    text = "Jets struck Tal Afar on Monday. The bombing went on into the evening."
    here = Place(name="Tal Afar", country="Iraq", country_code="IRQ")

    def account(start: int, end: int, sub_event_type: str, day: date) -> Event:
        return Event(
            event_id=f"ev-{start}", article_id="a", event_date=day, date_precision="day",
            event_type="Explosions/Remote violence", sub_event_type=sub_event_type, actors=(),
            location=here, fatalities=None, wounded=None, captured=None, civilian_harm=False,
            claims=(), sources=(), notes="", confidence=0.8,
            evidence=(Evidence.at(text, start, end),),
        )  # fmt: skip

    strikes = account(0, 31, "Air/drone strike", PUBLISHED)
    bombing = account(32, 69, "Remote explosive/landmine/IED", PUBLISHED)
    assert not _same_incident(strikes, bombing)
    assert _same_incident(strikes, bombing, vague=True)
    earlier = account(32, 69, "Air/drone strike", PUBLISHED - timedelta(days=1))
    assert not _same_incident(strikes, earlier)
    assert _same_incident(strikes, earlier, any_day=True)


def test_a_lead_dated_by_the_agencys_byline_is_the_incident_the_body_dates(kit: Kit) -> None:
    """A headline and lead dated only by the wire agency's byline and the monitor's statement
    tell the incident the body dates: one event, of the body's day."""
    text = (
        "Air strikes kill 12 in Tal Afar Reuters Monday 26 Jun 2023 Air strikes killed 12 "
        "people in the town of Tal Afar, a monitor said on Monday. Air strikes killed 12 people "
        "on Sunday in the Qadisiya district of Tal Afar, the monitor said."
    )
    (event,) = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    assert event.event_date == date(2023, 6, 25)


def test_an_account_of_any_day_joins_no_two_days(kit: Kit) -> None:
    """An account dated only by the page may join the incident of one day the body tells;
    it does not make the incidents of two days one."""
    text = (
        "Air strikes kill 9 in Tal Afar AFP Monday 26 Jun 2023 Air strikes killed nine people "
        "in the town of Tal Afar, a monitor said on Monday. Air strikes killed five people on "
        "Sunday in the Qadisiya district of Tal Afar, the monitor said. Air strikes killed four "
        "people on Saturday in the Nahrawan district of Tal Afar."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    assert sorted(e.event_date for e in events) == [date(2023, 6, 24), date(2023, 6, 25)]


@pytest.mark.parametrize("text, expected", [
    # a definite noun phrase names the incident told, in other words
    ("Artillery shelled the market in Kafr Zeita on Monday, killing nine civilians. The air "
     "strikes included the use of incendiary bombs, residents said.", ["Air/drone strike"]),
    # an indefinite one is another weapon's use
    ("Artillery shelled the market in Kafr Zeita on Monday, killing nine civilians. Air "
     "strikes also killed three people, residents said.",
     ["Air/drone strike", "Shelling/artillery/missile attack"]),
    # a witness's quotation tells the incident told
    ('Air strikes hit a school in the village of Kafr Nabl on Wednesday, killing 20 people, '
     'activists said. "One rocket hit the gate of the school as the children were going '
     'home," a teacher said.', ["Air/drone strike"]),
    # the gas and the rockets that carried it are one chemical attack
    ("Government forces fired rockets at the town of Kafr Zeita on Monday, killing two "
     "children, activists said. Doctors said dozens of people were treated after a chlorine "
     "gas attack.", ["Chemical weapon"]),
])  # fmt: skip
def test_one_incident_told_by_other_weapon_words(kit: Kit, text: str, expected: list[str]) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    assert sorted(e.sub_event_type for e in events) == expected


def test_a_name_that_holds_another_at_the_same_seat_is_one_scene() -> None:
    """Two names placed at one district seat stay apart, unless one holds the other ("the
    Wadi Khaled Plain" and "Wadi Khaled"): then it is one place, told twice."""
    from sitrep.extract import _same_scene
    from sitrep.models import Evidence, Place

    def at_seat(name: str) -> Place:
        return Place(
            name=name, country="Lebanon", country_code="LBN", latitude=34.6, longitude=36.3,
            geo_precision=2, mentions=(Evidence(start=0, end=len(name), text=name),),
        )  # fmt: skip

    assert _same_scene(at_seat("Wadi Khaled Plain"), at_seat("Wadi Khaled"))
    assert not _same_scene(at_seat("Wadi Khaled"), at_seat("Akkar al-Atiqa"))
    assert not _same_scene(at_seat("Khaled"), at_seat("Khaledia"))


def test_neighbourhoods_placed_at_their_citys_point_are_one_scene() -> None:
    """Two names placed at one point stay apart, unless one is told as a neighbourhood: the
    parts of a city placed at its point are one place, as ACLED codes them."""
    from sitrep.extract import _same_scene
    from sitrep.models import Evidence, Place

    def at_city(name: str) -> Place:
        return Place(
            name=name, country="Syria", country_code="SYR", latitude=36.2, longitude=37.16,
            geo_precision=2, mentions=(Evidence(start=0, end=len(name), text=name),),
        )  # fmt: skip

    assert not _same_scene(at_city("Tal Hamra"), at_city("Bustan Zahra"))
    assert _same_scene(at_city("Tal Hamra"), at_city("Bustan Zahra"), quarter=True)


def test_a_round_ups_bare_tolls_take_the_leads_kind_and_perpetrator(kit: Kit) -> None:
    text = (
        "Kyiv said five civilians were killed by Russian shelling in the south and east of "
        "Ukraine on Saturday. Prosecutors said two civilians were killed in the city of "
        "Toretsk."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    toretsk = next(e for e in events if e.location and e.location.name == "Toretsk")
    assert toretsk.sub_event_type == "Shelling/artillery/missile attack"
    actor1 = toretsk.actor("actor1")
    assert actor1 is not None and actor1.name == "Military Forces of Russia (2000-)"


def test_one_crowd_event_per_town_the_most_severe(kit: Kit) -> None:
    "A crowd police dispersed that then burned police cars is one violent demonstration."
    text = (
        "Police fired tear gas to disperse protesters in Karachi, Lahore and Faisalabad, "
        "Pakistan, on Tuesday. The protesters also set police vehicles on fire in Charsadda, "
        "Karachi and Lahore."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    by_town = sorted((e.location.name, e.sub_event_type) for e in events if e.location)
    assert by_town == [
        ("Charsadda", "Violent demonstration"),
        ("Faisalabad", "Protest with intervention"),
        ("Karachi", "Violent demonstration"),
        ("Lahore", "Violent demonstration"),
    ]


def test_a_round_ups_total_is_no_incidents_toll(kit: Kit) -> None:
    "The lead's five are the two, two and one told below: no event gets the five."
    text = (
        "Russian forces said on Saturday they had captured another village in eastern Ukraine "
        "as Kyiv said five civilians were killed by Russian shelling in the south and east. "
        "The defence ministry said its forces had taken the settlement of Zhelanne Druhe in "
        "the Donetsk region. Prosecutors said two civilians were killed in the city of "
        "Toretsk. In the Zaporizhzhia region, the governor said two men were killed by "
        "Russian shelling in the village of Mala Tokmachka. Prosecutors in Kharkiv region "
        "said a man died when his car was hit by a Russian drone."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    tolls = {e.location.name: e.fatalities.best for e in events if e.location and e.fatalities}
    # the five are theirs and Kharkiv's (a region of its own, with no town)
    assert tolls == {"Toretsk": 2, "Mala Tokmachka": 2, "Kharkiv": 1}


@pytest.mark.parametrize("text, sub_event_type", [
    # an act told as coming after another event is its own: the clash is only pointed back at
    ("Soldiers set fire to several houses in Nanza, Myanmar, after the clash, residents said.",
     "Looting/property destruction"),
    # a sentence that only points back at the event is no event of its own
    ("Militants blew up a girls' school in Tank, Pakistan, on Friday. Following the "
     "explosion, police cordoned off the area.", "Looting/property destruction"),
    # "during the clashes" names the event the deaths belong to
    ("Two soldiers were killed during the clashes in Kaya, Burkina Faso, on Monday.",
     "Armed clash"),
])  # fmt: skip
def test_what_an_act_came_after_is_not_its_type(kit: Kit, text: str, sub_event_type: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == [sub_event_type]


@pytest.mark.parametrize("text", [
    # the definite subject is the lead told again; the toll, day and place are the other's
    "Gunmen killed seven villagers in Kirawa on Tuesday, police said. The attack came a "
    "day after militants killed two soldiers in the town of Banki. Police later said the "
    "death toll in Kirawa had risen to nine.",
    # a trigger inside the clause, and the same incident told again on its own day
    "Gunmen killed seven villagers in Kirawa on Tuesday, police said. The killings came a "
    "day after a roadside bomb killed two soldiers in the town of Banki. Three more soldiers "
    "were wounded in Monday's bombing in Banki. Police later said the death toll in Kirawa "
    "had risen to nine.",
])  # fmt: skip
def test_what_the_lead_came_after_is_background(kit: Kit, text: str) -> None:
    """'The attack came a day after militants killed two soldiers in X': the incident the
    lead came after is the report's background (its own day's reports coded it), no event,
    nor is another account of it dated before the lead; the report goes on with its lead."""
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    told = {
        e.location.name: (e.event_date, e.fatalities.best if e.fatalities else None)
        for e in events
        if e.location
    }
    assert told == {"Kirawa": (date(2023, 6, 27), 9)}


def test_a_risen_toll_of_a_later_day_is_the_incidents_own(kit: Kit) -> None:
    """ "The death toll has risen to 19 as airstrikes continued on Tuesday": the running toll
    of the incident the report tells, not another day's incident."""
    text = (
        "Jets pounded the town of Tarin, Syria, on Monday, killing 12 people, rescuers said. "
        "The death toll has risen to 19 as airstrikes continued on Tuesday."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [(e.event_date, e.fatalities.best if e.fatalities else None) for e in events] == [
        (date(2023, 6, 26), 19)
    ]


@pytest.mark.parametrize("night, expected", [
    # strikes told over a night: an account of the evening's strikes is of them
    ("The air strikes went on late Saturday and early Sunday. ", 1),
    # told on one day: the day before is another day's strike
    ("", 2),
])  # fmt: skip
def test_an_account_of_one_day_of_a_nights_strikes_is_of_them(
    kit: Kit, night: str, expected: int
) -> None:
    text = (
        "Jets killed 14 people in air strikes on the town of Tarin, Syria, on Sunday, rescuers "
        f"said. {night}A local agency put out pictures it said showed the ruins left by a "
        "drone strike Saturday on Tarin, which killed eight."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert len(events) == expected


@pytest.mark.parametrize("day, expected", [
    # what the lead came amid, told of a day before it, is background
    ("Sunday", ["Kirawa"]),
    # told of the lead's own day, it is news of its own
    ("Tuesday", ["Banki", "Kirawa"]),
])  # fmt: skip
def test_what_the_lead_came_amid_before_it_is_background(
    kit: Kit, day: str, expected: list[str]
) -> None:
    text = (
        "Gunmen killed seven villagers in Kirawa on Tuesday, police said. The attack came as "
        f"the army reported that soldiers had killed 12 militants in the town of Banki on {day}."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert sorted(e.location.name for e in events if e.location) == expected


@pytest.mark.parametrize("day, expected", [
    # what else marked the week the lead came in, told of a day before it, is background
    ("Sunday", ["Kirawa"]),
    # told of the lead's own day, it is news of its own
    ("Tuesday", ["Banki", "Kirawa"]),
])  # fmt: skip
def test_what_else_marked_the_week_the_lead_came_in_is_background(
    kit: Kit, day: str, expected: list[str]
) -> None:
    text = (
        "Gunmen killed seven villagers in Kirawa on Tuesday, police said. The killings come "
        f"in a violent week in the region, which also saw 12 traders shot dead in the town of "
        f"Banki on {day} when militants attacked a market."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert sorted(e.location.name for e in events if e.location) == expected


@pytest.mark.parametrize("town, expected", [
    # the definite subject tells the rockets again: their toll, whatever stronger trigger
    # the sentence holds
    ("Gwoza", [("Banki", 9), ("Gwoza", 4)]),
    # at a town the rockets' account has not named, the toll is another incident's
    ("Kirawa", [("Banki", 9), ("Gwoza", None), ("Kirawa", 4)]),
])  # fmt: skip
def test_a_definite_subject_retells_the_act_told_before(
    kit: Kit, town: str, expected: list[tuple[str, int | None]]
) -> None:
    text = (
        "Government air strikes killed nine people in the town of Banki on Monday, a monitor "
        "said. Rebels fired more than 40 rockets into the town of Gwoza on Saturday. The rebel "
        f"barrage killed four people in {town} while government air strikes on the town of "
        "Banki wounded 20 others."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert (
        sorted(
            (e.location.name, e.fatalities.best if e.fatalities else None)
            for e in events
            if e.location
        )
        == expected
    )


def test_a_new_incident_told_as_coming_after_the_lead_stays(kit: Kit) -> None:
    """ "An attack on a church in X came a day after the killings": an indefinite subject
    tells an incident new to the report, no background to it."""
    text = (
        "Gunmen killed seven villagers in Kirawa on Tuesday, police said. An attack on a "
        "church in Banki came a day after the killings."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert sorted(e.location.name for e in events if e.location) == ["Banki", "Kirawa"]


def test_the_day_told_before_came_after_is_the_leads(kit: Kit) -> None:
    """ "Tuesday's shelling comes two days after ...": the day named before the words is the
    lead's, so the incident it came after is dated two days before it, not on the Tuesday."""
    text = (
        "Tuesday's shelling comes two days after militants killed two soldiers in the town of "
        "Banki."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    told = {e.location.name: e.event_date for e in events if e.location}
    assert told == {"Banki": date(2023, 6, 25)}


def test_a_sentence_opening_with_another_day_does_not_date_the_incident_before(
    kit: Kit,
) -> None:
    """ "On Monday mortar rounds struck near the embassy" after an undated account of
    Tuesday's report is Monday's incident: it neither joins nor dates the one before."""
    text = (
        "Gunmen killed seven villagers in Kirawa on Tuesday, police said. Meanwhile three "
        "people died when mortar shells landed on a bus station in Maiduguri. Police "
        "said the mortar rounds were fired by rebels. On Monday mortar rounds struck near "
        "the governor's office in Maiduguri, police said."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    tolls = sorted(
        (e.event_date, e.fatalities.best if e.fatalities else 0)
        for e in events
        if e.sub_event_type == "Shelling/artillery/missile attack"
    )
    assert tolls == [(date(2023, 6, 26), 0), (date(2023, 6, 27), 3)]


def test_a_toll_told_for_several_provinces_is_no_incidents_own(kit: Kit) -> None:
    """ "Five people killed in attacks in Idlib, Hama and Aleppo" heading the accounts of
    each province: the five are the accounts' tolls summed, not the first account's own."""
    text = (
        "Five people killed in terrorist attacks in Idlib, Hama and Aleppo. Terrorists fired "
        "rocket shells on the town of Saraqib on Monday, injuring four people, a police source "
        "said. Three people were killed when a rocket shell hit a school in the town of "
        "Mhardeh in Hama countryside. Two civilians were killed when mortar rounds struck the "
        "Salah Eddin neighbourhood in Aleppo city."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="SANA"), kit=kit)
    tolls = {
        e.location.name: e.fatalities.best if e.fatalities else 0 for e in events if e.location
    }
    assert tolls == {"Saraqib": 0, "Mhardeh": 3, "Aleppo": 2}


def test_what_came_subsequently_is_dated_by_the_account_before_it(kit: Kit) -> None:
    """ "The 13 gunmen were subsequently arrested": undated, the arrest happened on the day
    the account had reached (the raid's Monday), not the report's first day (Sunday)."""
    text = (
        "At least 10 people were killed in attacks by gunmen in Kirawa on Sunday, police said. "
        "Armed men stormed a radio station in Banki on Monday while it was on air. The 13 "
        "gunmen were subsequently arrested by soldiers."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    days = {e.sub_event_type: e.event_date for e in events}
    assert days["Arrests"] == date(2023, 6, 26)


def test_towns_also_targeted_are_dated_by_the_strikes_before_them(kit: Kit) -> None:
    """ "Jets also hit the villages of X and Y close by": undated, the strikes happened
    on the day of the strikes just told (Tuesday), not the report's first day (Sunday)."""
    text = (
        "Rebels seized the town of Dikwa on Sunday. Jets struck the town of Kirawa on "
        "Tuesday, killing 13 civilians. The jets also targeted the villages of Banki and "
        "Gwoza close by."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    # the seizure of Dikwa is an event of its own, on its own day (Sunday)
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert strikes
    assert {e.event_date for e in strikes} == {date(2023, 6, 27)}
    assert [e.event_date for e in events if e not in strikes] == [date(2023, 6, 25)]


def test_a_city_named_like_its_province_is_a_scene_of_its_own(kit: Kit) -> None:
    """'The city of Zaporizhzhia' is a town, though its province has its name: a toll at
    another town is another incident, not more of the city's."""
    text = (
        "Missiles struck a block of flats in the city of Zaporizhzhia overnight, killing two "
        "people, the governor said. The Donetsk governor said three civilians were killed in "
        "Bakhmut on Monday."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="AP"), kit=kit)
    tolls = {e.location.name: e.fatalities.best for e in events if e.location and e.fatalities}
    assert tolls == {"Zaporizhzhia": 2, "Bakhmut": 3}


def test_a_crowds_acts_of_another_day_are_that_days_event(kit: Kit) -> None:
    """Troops firing on a march on Tuesday and crowds burning a police station on Wednesday
    are two events: the riot is no escalation of the day before."""
    text = (
        "Soldiers opened fire on protesters in Lagos, Nigeria, on Tuesday evening, killing at "
        "least 12 people, a rights group said. On Wednesday, crowds set fire to a police "
        "station in the city, witnesses said."
    )
    events = extract(
        Article(id="t", text=text, published=date(2020, 10, 21), outlet="Reuters"), kit=kit
    )
    assert [(e.sub_event_type, e.event_date) for e in events] == [
        ("Excessive force against protesters", date(2020, 10, 20)),
        ("Violent demonstration", date(2020, 10, 21)),
    ]


def test_a_peoples_name_is_no_new_place(kit: Kit) -> None:
    """A name spaCy calls a people, that the gazetteer knows no place of ("the Ismaili Muslim
    community"), moves an account to no other place; a town does."""
    from sitrep.extract import _new_place, read_context
    from sitrep.extract.classify import Frame, TriggerHit
    from sitrep.extract.parse import parse

    text = (
        "Air strikes hit a market in Idlib on Friday, killing nine people. The shelling killed "
        "seven members of the Ismaili Muslim community. The shelling killed four people in "
        "Kafr Nabl."
    )
    article = Article(id="t", text=text, published=PUBLISHED)
    ctx = read_context(article, kit, parse(kit.nlp, text))
    strikes = TriggerHit("Air/drone strike", "Explosions/Remote violence", 0.9, 0, 11)
    frame = Frame(trigger=strikes, sentences=[0], trigger_sentence=0)
    assert not _new_place(ctx, frame, 1)
    assert _new_place(ctx, frame, 2)


def test_where_the_attackers_were_posted_is_not_where_their_fire_fell(kit: Kit) -> None:
    "'positioned in the villages of X and Y fired rockets on the town of Z': the event is Z's."
    text = (
        "Militants positioned in the villages of Kafr Nabl and Hass fired rockets on the town "
        "of Maarat al-Numan on Tuesday, wounding two people."
    )
    assert places(kit, text) == ["Maarat al-Numan"]


def test_a_damage_with_no_place_or_day_of_its_own_is_the_attacks(kit: Kit) -> None:
    """ "The bombing also destroyed several homes": told with no place and no day of its own,
    it is the damage of the attack it refers back to, whatever place and day were inferred
    for it (here the page's own day, and the village the attack's body names)."""
    text = (
        "Date of publication 30 June 2023 Government air strikes killed six civilians in the "
        "northern province of Idlib, a monitor said on Friday. They were killed on Thursday in "
        "barrel bomb strikes on a home in the village of Kafr Nabl, the monitor said. The "
        "bombing also destroyed several homes and wounded a dozen people, it added."
    )
    events = extract(Article(id="t", text=text, published=date(2023, 6, 30)), kit=kit)
    assert [(e.sub_event_type, e.event_date) for e in events] == [
        ("Air/drone strike", date(2023, 6, 29))
    ]


def test_a_quoted_today_is_no_other_day(kit: Kit) -> None:
    """'"... four air strikes today," the army said in a statement', in a report filed the
    day after the strikes: the statement's day, not another incident's."""
    text = (
        "More than 30 soldiers were killed on Saturday in air strikes on an army base near "
        'Deir Hafer, a monitor said. "Warplanes carried out four air strikes today against our '
        'forces in the Deir Hafer air base," the army said in a statement.'
    )
    events = extract(Article(id="t", text=text, published=date(2023, 7, 2)), kit=kit)
    assert [e.event_date for e in events] == [date(2023, 7, 1)]


def test_two_accounts_of_one_fight_with_the_sides_swapped_are_one_incident() -> None:
    """One account makes the rebels the actor and the troops the target, the other the
    reverse: the same two sides, one incident. A side the other account never names keeps
    the two apart."""
    from sitrep.extract import _same_incident
    from sitrep.models import Actor, Event, Evidence, Place

    first = "Rebels stormed army posts in Kafr Nabl."
    text = f"{first} Troops repelled rebels in Kafr Nabl."
    second = len(first) + 1
    here = Place(name="Kafr Nabl", country="Syria", country_code="SYR")

    def side(role: str, name: str, word: str, after: int) -> Actor:
        at = text.index(word, after)
        return Actor(role=role, name=name, kind="rebel group", country="SYR",
                     mentions=(Evidence.at(text, at, at + len(word)),))  # fmt: skip

    def account(start: int, end: int, actors: tuple[Actor, ...]) -> Event:
        return Event(
            event_id=f"ev-{start}", article_id="a", event_date=PUBLISHED,
            date_precision="day", event_type="Battles", sub_event_type="Armed clash",
            actors=actors, location=here, fatalities=None, wounded=None, captured=None,
            civilian_harm=False, claims=(), sources=(), notes="", confidence=0.8,
            evidence=(Evidence.at(text, start, end),),
        )  # fmt: skip

    rebels = account(
        0, len(first), (side("actor1", "Rebels", "Rebels", 0), side("actor2", "Army", "army", 0))
    )
    troops = account(
        second,
        len(text),
        (side("actor1", "Army", "Troops", second), side("actor2", "Rebels", "rebels", second)),
    )
    others = account(
        second,
        len(text),
        (side("actor1", "Army", "Troops", second), side("actor2", "Militia", "rebels", second)),
    )
    assert _same_incident(rebels, troops)
    assert not _same_incident(rebels, others)


def test_on_the_same_day_tells_another_incident(kit: Kit) -> None:
    """'On the same day, an attack on a mosque in X ...': another incident, even beside a
    village the gazetteer lacks (whose unresolved name could otherwise be any place)."""
    text = (
        "Gunmen attacked a church in Essakane village, Burkina Faso, on Sunday, killing 15 "
        "worshippers. On the same day, an attack on a mosque in Diapaga killed dozens of "
        "worshippers, security sources said."
    )
    assert sorted(p or "" for p in places(kit, text)) == ["Diapaga", "Essakane"]


def test_what_came_before_with_a_day_of_its_own_is_its_own_incident(kit: Kit) -> None:
    """'Militants fired rockets on Saturday after air strikes killed a commander on
    Friday': two incidents, each on its own day, the strike not typing the rocket fire."""
    text = (
        "Militants fired rockets at Sderot, Israel, on Saturday after Israeli air strikes "
        "killed a militant commander in Beit Lahia on Friday, officials said."
    )
    events = extract(Article(id="t", text=text, published=date(2022, 8, 6), outlet="AP"), kit=kit)
    assert sorted((e.event_date, e.sub_event_type) for e in events) == [
        (date(2022, 8, 5), "Air/drone strike"),
        (date(2022, 8, 6), "Shelling/artillery/missile attack"),
    ]


@pytest.mark.parametrize("text, expected", [
    # air strikes told after a gun battle are an event of their own
    ("Residents of Kaya, Burkina Faso, reported fierce gun battles between JNIM fighters "
     "and soldiers on Monday. Army jets bombed areas near the town centre, residents said.",
     ["Air/drone strike", "Armed clash"]),
    # shelling told as part of the clashes goes on with them
    ("Jihadists clashed with soldiers in Kaya, Burkina Faso, on Monday. The clashes were "
     "accompanied by heavy shelling, residents said.",
     ["Armed clash"]),
])  # fmt: skip
def test_strikes_told_beside_a_gun_battle(kit: Kit, text: str, expected: list[str]) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert sorted(e.sub_event_type for e in events) == expected


@pytest.mark.parametrize("text, expected", [
    # a region the frame is not placed in, with no town, is an interception of its own, and
    # a list of regions one event per region
    ("Air defence systems shot down four drones over the Kursk region on Saturday, the "
     "defence ministry said. Two more drones were destroyed over the Bryansk region, and "
     "another one over the Oryol region.",
     ["Bryansk", "Kursk", "Oryol"]),
    ("Insurgents overran two districts in Ghor and Farah provinces on Friday, officials said.",
     ["Farah", "Ghor"]),
    # a region that holds the frame's town moves nothing
    ("A drone struck a fuel depot in the village of Glotovo on Saturday. The drone was "
     "launched at the Kursk region at night, the governor said.",
     ["Glotovo"]),
    # names of cities as much as provinces, with no kind word, stay one event
    ("Rockets hit Aleppo and Homs on Monday, killing four civilians, state media said.",
     ["Aleppo"]),
])  # fmt: skip
def test_regions_named_without_a_town(kit: Kit, text: str, expected: list[str]) -> None:
    assert sorted(p or "" for p in places(kit, text)) == expected


@pytest.mark.parametrize("text, sub_event_type", [
    # a district given up "without fighting" changes hands without a battle
    ("Officials said government troops left the district of Chahar Dara without fighting "
     "on Sunday, after talks mediated by elders.", "Non-violent transfer of territory"),
    # districts that "collapsed" fell to the insurgents
    ("Officials confirmed the collapse of three districts in Ghor province on Saturday.",
     "Non-state actor overtakes territory"),
])  # fmt: skip
def test_territory_given_up_without_fighting(kit: Kit, text: str, sub_event_type: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == [sub_event_type]


@pytest.mark.parametrize("text, sub_event_type", [
    # a group that takes a base or an outpost takes ground from the army holding it
    ("Rebels overran an army outpost near the town of Paletwa in Myanmar's Chin state on "
     "Sunday, killing nine soldiers, the group said.", "Non-state actor overtakes territory"),
    ("Insurgents said they had seized a military base outside the town of Mueda in "
     "Mozambique on Sunday.", "Non-state actor overtakes territory"),
    # the country's own forces taking ground regain it, whatever the verb
    ("Somali troops captured an al Shabaab base near the town of Bardhere on Sunday, "
     "killing eight militants, the army said.", "Government regains territory"),
])  # fmt: skip
def test_a_base_taken_is_ground_taken(kit: Kit, text: str, sub_event_type: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert events[0].sub_event_type == sub_event_type


def test_a_further_regions_act_told_without_sides_is_by_the_sides_before(kit: Kit) -> None:
    text = (
        "Russian air defence systems shot down four Ukrainian drones over the Kursk region on "
        "Saturday, the defence ministry said. Two more drones were destroyed over the Bryansk "
        "region."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    sides = {e.location.name: [a.name for a in e.actors] for e in events if e.location}
    assert sides["Bryansk"] == sides["Kursk"] and sides["Kursk"]


def test_crowds_in_a_clause_of_their_own_are_their_towns_events(kit: Kit) -> None:
    "'..., while demonstrators marched in C, D and other towns': a protest in each."
    text = (
        "Riot police used batons against protesters in Touba and Mbour, Senegal, on "
        "Tuesday, while demonstrators marched in the capital Dakar, Rufisque and several "
        "other towns."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    by_town = sorted((e.location.name, e.sub_event_type) for e in events if e.location)
    assert by_town == [
        ("Dakar", "Peaceful protest"),
        ("Mbour", "Protest with intervention"),
        ("Rufisque", "Peaceful protest"),
        ("Touba", "Protest with intervention"),
    ]
    peaceful = [e for e in events if e.sub_event_type == "Peaceful protest"]
    assert all(e.actor("actor2") is None for e in peaceful)


@pytest.mark.parametrize("text, expected", [
    # the bomb an assault opened with is an event beside the assault's battle
    ("Al-Shabaab fighters stormed a military base near Jowhar on Sunday, killing seven "
     "soldiers, officials said. The assault started with a suicide car bomb at the main gate, "
     "a commander said. The gun battle lasted two hours.",
     ["Armed clash", "Suicide bomb"]),
    # "it started with air strikes": no assault named as what opened, one account
    ("Israeli forces struck a building in Jenin on Monday, the army said. It started with "
     "multiple air strikes, residents said.",
     ["Air/drone strike"]),
])  # fmt: skip
def test_the_weapon_an_assault_opened_with(kit: Kit, text: str, expected: list[str]) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert sorted(e.sub_event_type for e in events) == expected


@pytest.mark.parametrize("text, expected", [
    # two states' forces, each told with its own "by": an event each, the toll shared
    ("Nine villagers were killed in Kafr Nabl, Syria, on Tuesday in air strikes by Russian "
     "jets and by barrel bombs from Syrian army helicopters, monitors said.",
     [("Military Forces of Russia (2000-)", 5), ("Military Forces of Syria (2000-2024)", 4)]),
    # allies told as one side stay one event
    ("Nine villagers were killed in Kafr Nabl, Syria, on Tuesday in air strikes by Russian "
     "and Syrian jets, monitors said.",
     [("Military Forces of Russia (2000-)", 9)]),
])  # fmt: skip
def test_each_states_strikes(kit: Kit, text: str, expected: list[tuple[str, int]]) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    got = sorted((a.name, e.fatalities.best) for e in events if (a := e.actor("actor1")))
    assert got == expected


def test_a_list_members_name_is_no_province_of_the_others(kit: Kit) -> None:
    "Dakar, named in the list, is no province of Touba or Mbour."
    text = "Riot police fired tear gas at marchers in the capital Dakar, Touba and Mbour."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    provinces = {e.location.name: e.location.admin1 for e in events if e.location}
    assert provinces["Touba"] == "Diourbel"
    assert provinces["Mbour"] == "Thiès"


def test_riot_police_are_no_riot(kit: Kit) -> None:
    "'Riot police' and 'anti-riot police' are the police: the words make no riot of a march."
    text = "Anti-riot police fired tear gas at marchers in Dakar, Senegal, on Friday."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="AP"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Protest with intervention"]


@pytest.mark.parametrize("text, sub_event_type", [
    # protesters the forces shot dead: excessive force, not only an intervention
    ("Police fired tear gas at protesters in Nairobi, Kenya, on Wednesday. At least six "
     "people were shot dead by police, a rights group said.",
     "Excessive force against protesters"),
    # police killed by the crowd are no force used on it
    ("Police fired tear gas at protesters in Nairobi, Kenya, on Wednesday. Two police "
     "officers were killed by the crowd, officials said.",
     "Protest with intervention"),
])  # fmt: skip
def test_deaths_at_the_forces_hands_make_excessive_force(
    kit: Kit, text: str, sub_event_type: str
) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="AP"), kit=kit)
    assert [e.sub_event_type for e in events] == [sub_event_type]


@pytest.mark.parametrize(
    ("history", "kept"),
    [
        # dated by its day, more than a week before the main incident
        ("A similar raid on the market in Kirawa on June 9 killed four traders.", False),
        # told only by a month that ended before the main one's began
        ("Last month a car bomb in Kirawa killed twelve people.", False),
        ("In April gunmen overran the town of Kirawa, killing six guards.", False),
        # told by a week that ended before the main one's week began
        ("Last week gunmen killed two herders in Kirawa.", False),
        # the main incident's own week or month, or a few days before it: news, not history
        ("Earlier this week gunmen killed two herders in Kirawa.", True),
        ("On Saturday gunmen killed two herders in Kirawa.", True),
    ],
)
def test_an_incident_told_as_history_is_no_event(kit: Kit, history: str, kept: bool) -> None:
    """A report recalls what came before its main incident to set the scene; an incident told
    more than a week before the main one, or by a past week or month, is background."""
    text = (
        "Gunmen killed nine villagers in Banki on Tuesday, police said. "
        f"{history} Police said they had arrested no one."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    places = [e.location.name for e in events if e.location]
    assert places[0] == "Banki"
    assert ("Kirawa" in places) is kept


@pytest.mark.parametrize("text, expected", [
    # an attack thwarted or foiled is fought off: a battle
    ("Troops thwarted an attack by militants on a checkpoint near Kafr Lin on Monday, the "
     "army said.", "Armed clash"),
    ("The army said it foiled an attempt by the rebels to storm the town of Kafr Lin on "
     "Monday.", "Armed clash"),
    # a bomb plot or a smuggling foiled is a weapon's use disrupted
    ("Police thwarted a bomb plot at the market in Kafr Lin on Monday, officials said.",
     "Disrupted weapons use"),
    ("Police foiled an attempt to smuggle explosives into Kafr Lin on Monday, officials said.",
     "Disrupted weapons use"),
])  # fmt: skip
def test_an_attack_fought_off_is_a_battle(kit: Kit, text: str, expected: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    assert [e.sub_event_type for e in events] == [expected]


@pytest.mark.parametrize("text, expected", [
    # rockets fired from jets, bombs dropped from helicopters: strikes from the air
    ("Medics said the market in Kafr Lin was hit on Monday by missiles fired from jets.",
     "Air/drone strike"),
    ("Residents said barrel bombs dropped from helicopters hit the town of Kafr Lin on "
     "Monday.", "Air/drone strike"),
    # rockets fired from a place are shelling
    ("Rockets fired from the hills hit the town of Kafr Lin on Monday, residents said.",
     "Shelling/artillery/missile attack"),
])  # fmt: skip
def test_fire_from_aircraft_is_an_air_strike(kit: Kit, text: str, expected: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    assert [e.sub_event_type for e in events] == [expected]


@pytest.mark.parametrize("text, expected", [
    # a definite noun retelling the strikes, with no toll and no place of its own, after
    # another incident was told: the strikes told first, in other words
    ("Warplanes carried out a wave of air strikes on Kafr Lin on Saturday, killing 30 people, "
     "a monitor said. Rebels said a car bomb exploded at a checkpoint in Kafr Lin on Sunday. "
     "Residents said the air strikes flattened two blocks near the market.",
     [date(2023, 6, 24), date(2023, 6, 25)]),
    # ... whatever day the sentence names around it
    ("Jets bombed the district of Kafr Lin on Wednesday, killing 12 people, medics said. The "
     "air raids were the heaviest on the district since government troops lost the hills on "
     "Tuesday.", [date(2023, 6, 21)]),
])  # fmt: skip
def test_an_act_retold_by_a_definite_noun_is_the_incident_told(
    kit: Kit, text: str, expected: list[date]
) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    assert sorted(e.event_date for e in events) == expected


def test_a_toll_on_a_date_of_its_own_is_another_incident(kit: Kit) -> None:
    """A toll told with its own date ("on June 22") in a report of another day's incident is
    the earlier incident recalled, not more of the one the report tells."""
    text = (
        "A car bomb killed 40 people in the town of Kafr Lin on Monday, officials said. The "
        "group said the bombing was revenge for coalition raids on Tarin. Medics said 25 "
        "civilians were killed as they escaped from a hamlet outside Tarin on June 22."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    got = sorted((e.event_date, e.fatalities.best if e.fatalities else None) for e in events)
    assert got == [(date(2023, 6, 22), 25), (date(2023, 6, 26), 40)]


def test_an_aside_that_moves_on_lends_no_place_to_the_incident_before_it(kit: Kit) -> None:
    """A sentence that says the report moves on and tells no act ("Meanwhile the education
    office in Hama province ...") names no place of the incident before it: the air strikes
    on Hama told next are a town of their own, not more of Kafr Nabl's."""
    text = (
        "Jets bombed the town of Kafr Nabl on Sunday, killing 12 people, activists said. "
        "Meanwhile the education office in Hama province announced that all schools would stay "
        "shut until the end of the week. Activists said five people were killed in air strikes "
        "on the city of Hama on Sunday."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    got = sorted((e.location.name if e.location else None, e.fatalities.best) for e in events)
    assert got == [("Hama", 5), ("Kafr Nabl", 12)]


@pytest.mark.parametrize("text", [
    "Al-Shabaab threatened on Sunday to attack polling stations in Garowe during the vote.",
    "The rebels warned residents of Kirawa to leave before an offensive.",
])  # fmt: skip
def test_a_threat_or_a_warning_is_no_event(kit: Kit, text: str) -> None:
    "A threat is a statement of what may be done: it reports no incident."
    assert extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit) == []


def test_a_toll_that_rose_is_the_incidents_latest_count(kit: Kit) -> None:
    """'The death toll rose to 15' updates the incident told before: its best is the latest
    count, the first one the low end of its range."""
    text = (
        "A car bomb killed 12 people at a market in Kirawa on Monday, police said. The death "
        "toll rose to 15 on Tuesday, a hospital official said."
    )
    (event,) = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert event.fatalities is not None
    assert (event.fatalities.low, event.fatalities.best) == (12, 15)


def test_an_attack_that_kills_and_abducts_is_the_attack(kit: Kit) -> None:
    "ACLED codes the graver act: gunmen who kill some villagers and abduct others attacked."
    text = "Gunmen abducted 20 villagers and killed six others in Kirawa on Sunday, police said."
    (event,) = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert (event.sub_event_type, event.fatalities.best if event.fatalities else None) == (
        "Attack",
        6,
    )


@pytest.mark.parametrize("text", [
    "Inmates rioted at the central prison in Kirawa on Monday, leaving nine prisoners dead. "
    "Soldiers regained control after several hours.",
    "Inmates rioted at the central prison in Kirawa on Monday, leaving nine prisoners dead. "
    "Guards regained control of the prison by nightfall.",
])  # fmt: skip
def test_order_restored_is_no_territory_regained(kit: Kit, text: str) -> None:
    "Control regained of no place, or of a jail or 'the situation', is order restored."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert "Government regains territory" not in [e.sub_event_type for e in events]


def test_a_town_regained_is_territory(kit: Kit) -> None:
    text = "The army regained control of the town of Kirawa on Monday after two days of fighting."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Government regains territory"]


@pytest.mark.parametrize("text", [
    "Gunmen killed six farmers in Kaura on Sunday, police said. Several houses were set on fire.",
    "Gunmen killed six farmers in Kaura on Sunday, police said. The attackers also torched a "
    "church.",
    # the armed men, named again with "the": the same band, the same raid
    "Insurgents shot dead four traders in Nangade on Sunday, police said. The insurgents then "
    "burned a mosque and some 30 huts, a resident said.",
])  # fmt: skip
def test_property_burned_by_no_one_new_is_the_attacks_damage(kit: Kit, text: str) -> None:
    "Houses burned by no one named, or by 'the attackers', right after an attack: its damage."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Attack"]


@pytest.mark.parametrize("text", [
    "Hundreds of students clashed with riot police in Kisumu on Thursday, police said.",
    "Striking miners threw dynamite at police lines in Kisumu on Thursday, police said.",
])  # fmt: skip
def test_a_crowd_fighting_riot_police_is_a_riot(kit: Kit, text: str) -> None:
    "A crowd that clashes with riot police, or hurls dynamite at them, riots."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        ("Riots", "Violent demonstration")
    ]


@pytest.mark.parametrize("text", [
    "Rebels seized the town of Kirawa on Monday, residents said.",
    "Jihadists took the strategic town of Kirawa on Monday, residents said.",
])  # fmt: skip
def test_a_town_seized_or_taken_changes_hands(kit: Kit, text: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Non-state actor overtakes territory"]


def test_the_losers_withdrawal_told_next_is_the_same_change_of_hands(kit: Kit) -> None:
    text = (
        "The army retook the town of Kirawa from rebels on Sunday, a military spokesman said. "
        "The rebels said their fighters had withdrawn to spare civilians."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Government regains territory"]


@pytest.mark.parametrize("text", [
    "Gunmen seized 14 passengers from a bus near Kirawa on Monday, police said.",
    "Gunmen stormed a farm near Kirawa on Monday and took two farmers to an unknown location, "
    "police said.",
])  # fmt: skip
def test_people_seized_or_taken_away_are_abducted(kit: Kit, text: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Abduction/forced disappearance"]


def test_a_town_of_the_leads_province_told_next_places_the_event(kit: Kit) -> None:
    "A lead that names only a province is made precise by a town of it the account names."
    text = (
        "Gunmen abducted 15 travellers on a highway in Zamfara state on Sunday, police said. "
        "The attackers blocked the road near the town of Gusau and led the travellers into the "
        "forest, a resident said."
    )
    assert places(kit, text) == ["Gusau"]


def test_a_town_of_another_province_told_next_does_not(kit: Kit) -> None:
    text = (
        "Gunmen abducted 15 travellers on a highway in Zamfara state on Sunday, police said. "
        "The travellers had set out from Kano the day before, a relative said."
    )
    assert places(kit, text) == ["Zamfara"]


def test_a_sentence_opening_with_another_day_and_its_own_toll_is_another_event(kit: Kit) -> None:
    "'On Saturday, in X region, a bomb ...' after Friday's attack: each day's violence apart."
    text = (
        "Gunmen killed six herders near Ouahigouya, Burkina Faso, on Friday, residents said. "
        "On Saturday, in the Centre-Nord region, a roadside bomb wounded three soldiers, one "
        "of whom later died, a security source said."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    found = sorted(
        (e.event_date.isoformat() if e.event_date else "", e.sub_event_type,
         e.fatalities.best if e.fatalities else None)
        for e in events
    )  # fmt: skip
    assert found == [
        ("2023-06-23", "Attack", 6),
        ("2023-06-24", "Remote explosive/landmine/IED", 1),
    ]


@pytest.mark.parametrize("text, expected", [
    # a country's strike on a place is a strike from the air (or a missile): remote violence
    ("A Turkish strike on a car near Qamishli, Syria, killed three fighters on Monday.",
     "Air/drone strike"),
    # a general strike is a protest, not violence
    ("Shopkeepers in Peshawar, Pakistan, observed a general strike on Monday.",
     "Peaceful protest"),
])  # fmt: skip
def test_a_strike_by_its_kind(kit: Kit, text: str, expected: str) -> None:
    events = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    assert [e.sub_event_type for e in events] == [expected]


@pytest.mark.parametrize("text", [
    "Police arrested nine suspected militants in raids in the city of Garissa on Friday and "
    "seized rifles, grenades and explosives, officials said.",
    "Soldiers detained four suspected rebels near the town of Beni on Friday, recovering two "
    "mortars and a cache of hand grenades, the army said.",
])  # fmt: skip
def test_weapons_seized_are_no_attack_with_them(kit: Kit, text: str) -> None:
    "'seized rifles, grenades and explosives': an arrest or a seizure, not a grenade attack."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.event_type for e in events] == ["Strategic developments"]


@pytest.mark.parametrize("text", [
    "Riot police clashed with opposition supporters and protesters in the city of Kumasi on "
    "Tuesday night, police said.",
    "Demonstrators hurled bottles and stones at a police station in the town of Tamale on "
    "Tuesday, officials said.",
    "Police fought running battles with stone-throwing protesters in the town of Ho on "
    "Tuesday.",
])  # fmt: skip
def test_a_crowd_that_fights_the_police_riots(kit: Kit, text: str) -> None:
    "'police clashed with protesters', 'hurled bottles and stones': a violent demonstration."
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert events[0].sub_event_type == "Violent demonstration"


@pytest.mark.parametrize("sentence, expected", [
    # a statement's "engaged targets" is its strikes told again, no gun battle
    ('Coalition aircraft "successfully engaged multiple targets" near Banki, it said.', None),
    ("Coalition jets engaged five targets near Banki.", None),
    # troops who engage the enemy fight it
    ("Troops engaged the militants near Banki.", "Armed clash"),
])  # fmt: skip
def test_engaged_targets_is_no_clash(kit: Kit, sentence: str, expected: str | None) -> None:
    hit = sentence_trigger(sentence, 0, kit.triggers)
    assert (hit.sub_event_type if hit else None) == expected


@pytest.mark.parametrize("last, expected", [
    # a bare report of fire, no side, no toll, no place of its own: colour to the strikes
    ("Artillery shelling was also reported on the southern edge of the town.", ["Banki"]),
    # reported fire at a town of its own is an incident of its own
    ("Artillery shelling was also reported in Kirawa.", ["Banki", "Kirawa"]),
    # ... and so is fire with a side that fired it
    ("Rebels also shelled the south of the city, killing four people.", ["Banki", "Banki"]),
])  # fmt: skip
def test_a_bare_report_of_fire_joins_the_incident_before(
    kit: Kit, last: str, expected: list[str]
) -> None:
    text = (
        "Government warplanes struck rebel-held districts of Banki on Monday, killing 12 "
        "civilians, activists said. Rescue workers searched the rubble for survivors. " + last
    )
    assert places(kit, text) == expected


@pytest.mark.parametrize("sentence, expected", [
    # a routine patrol is no change in a group's activity, nor any event ACLED codes
    ("Six Ruritanian jets patrolled the border on Friday, the military said.", None),
    ("Police were patrolling the streets of Banki on Monday.", None),
    # a joint patrol of two forces, a new arrangement, still is
    ("Ruritanian and Vorlandian troops began joint patrols near Banki.",
     "Change to group/activity"),
])  # fmt: skip
def test_a_patrol_is_no_event(kit: Kit, sentence: str, expected: str | None) -> None:
    hit = sentence_trigger(sentence, 0, kit.triggers)
    assert (hit.sub_event_type if hit else None) == expected


@pytest.mark.parametrize("when, expected", [
    # a part of the lead's toll, with only a week of its own, is counted in the lead
    ("in one day last week", [("Banki", 120)]),
    # told with a day of its own, it is an incident of its own
    ("on Friday", [("Banki", 120), ("Kirawa", 40)]),
])  # fmt: skip
def test_a_part_of_the_leads_toll_is_no_event(
    kit: Kit, when: str, expected: list[tuple[str, int]]
) -> None:
    text = (
        "Boko Haram militants executed 120 villagers in the Banki area, a monitor said on "
        f"Sunday. A resident told reporters that 40 men were executed {when} in the village "
        "of Kirawa when the militants stormed it."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert sorted((e.location.name, e.fatalities.best) for e in events) == expected


def test_a_speakers_report_run_on_with_as_is_another_incident(kit: Kit) -> None:
    "', as officials said four were killed by shelling in Y': a second incident, cut apart."
    text = (
        "Russian forces captured the village of Ostrivske in the Donetsk region on Monday, as "
        "Ukrainian officials said three civilians were killed by shelling in the town of Pokrovsk."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED), kit=kit)
    found = sorted((e.location.name if e.location else "", e.sub_event_type) for e in events)
    assert found == [
        ("Ostrivske", "Non-state actor overtakes territory"),
        ("Pokrovsk", "Shelling/artillery/missile attack"),
    ]


@pytest.mark.parametrize("confirmation, apart", [
    # a source confirming the toll, adding a district of a town told: more of the account
    ("The monitor has confirmed the two deaths in Homs, adding that a boy was also shot "
     "dead in the al-Qusour district of the town.", False),
    # a larger toll of its own is another account
    ("The monitor has confirmed the deaths, adding that nine fighters were killed in the "
     "al-Qusour district of the city.", True),
])  # fmt: skip
def test_a_source_confirming_the_toll_opens_no_account_of_its_own(
    kit: Kit, confirmation: str, apart: bool
) -> None:
    text = (
        "Two civilians including a child were killed by sniper fire in Homs, activists said. "
        "Two other residents were wounded in the Bab Amr district after troops shot into the "
        f"area, an activist said. {confirmation}"
    )
    ctx = read_context(Article(id="t", text=text, published=PUBLISHED), kit, parse(kit.nlp, text))
    frames = split_frames(ctx, kit)
    assert any(f.sentences[0] == 2 for f in frames) is apart


def test_people_killed_while_homes_are_looted_make_an_attack(kit: Kit) -> None:
    "Killing and looting in one act: ACLED codes the killing (an attack), looting is part of it."
    text = (
        "Bandits raided Gusau in Nigeria on Monday, killing nine villagers and looting "
        "shops, police said."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Attack"]


@pytest.mark.parametrize("second", [
    "The bomber approached the queue on foot and detonated his explosives, police said.",
    "A young man had walked up to the gate and detonated his explosive vest, police said.",
])  # fmt: skip
def test_a_bomber_on_foot_is_the_suicide_bombing_not_an_air_strike(kit: Kit, second: str) -> None:
    text = (
        "A suicide bombing killed seven people outside a bank in Kandahar on Sunday, police "
        "said. " + second
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Suicide bomb"]


def test_a_shootout_with_soldiers_is_a_clash(kit: Kit) -> None:
    "'killed in a shootout with soldiers', 'a gunfight with police': two armed sides fought."
    text = (
        "Gunmen killed four people in a shootout with soldiers near Uruapan in Mexico on "
        "Tuesday, officials said."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert [e.sub_event_type for e in events] == ["Armed clash"]


def test_a_country_named_district_is_no_country(kit: Kit) -> None:
    "'the Costa Rica district' of a Mexican city is a part of that city, not Costa Rica."
    text = (
        "Gunmen shot dead three men in Culiacan, Mexico, on Tuesday, officials said. The "
        "killings took place in the Costa Rica district, officials said."
    )
    events = extract(Article(id="t", text=text, published=PUBLISHED, outlet="Reuters"), kit=kit)
    assert events and all(e.location and e.location.country == "Mexico" for e in events)
