"""sitrep.extract.discourse: which sentences report an incident and which are background.

A conflict's or a group's record ("the war has killed 300,000", "the group, which has killed
thousands") is background: its figure is no incident's toll. A sentence about one incident,
even with a relative clause on its toll ("the blast, which has killed 12"), is not.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract import Kit
from sitrep.extract.discourse import own_end
from sitrep.extract.parse import parse

PUBLISHED = date(2023, 6, 27)


def label(kit: Kit, sentence: str) -> str:
    doc = parse(kit.nlp, sentence)
    return kit.discourse.label(doc, sentence, [(0, len(sentence))], PUBLISHED)[0]


@pytest.mark.parametrize("sentence", [
    "The war has killed more than 300,000 people.",
    "The insurgency, which began in 2009, has killed more than 40,000 people.",
    "A cholera outbreak that has killed 2,000 people spread to the camps.",
    # a group's or a conflict's record, as a relative clause up the noun phrase
    "The army vowed to end violence linked to two jihadist groups that have killed thousands.",
    "Troops are fighting the Islamic State group that’s killed hundreds in the region.",
    "The militants, who have killed more than 500 soldiers, hold much of the north.",
    # a total counted from a recent day on is several days' toll, no incident's
    "Since Tuesday at least 52 people have been killed in shelling of the district.",
    "More than 30 people have been killed in the city since last week.",
    # a war's scale, a turning point counted from, a year long gone
    "Thousands of soldiers and civilians have died in the region.",
    "Since the withdrawal of foreign troops on May 1, seven districts have fallen to the rebels.",
    "The district was also the scene of a 2017 ambush in which nine soldiers died.",
    # a pattern told in the present perfect progressive, with no day
    "The junta has been arresting villagers and burning houses across the township, forcing "
    "2,000 residents to flee.",
    # a present perfect with an adverb of recency or frequency tells a trend
    "Activists said government forces have recently intensified air strikes on the area.",
    "Rebels have repeatedly shelled the town, residents say.",
    # violence told as a routine, a pattern over a period, a total since a turning point
    "The siege has caused food shortages made worse by regular army bombardment of the area.",
    "In the besieged suburb the shelling is daily, residents say.",
    "Most of the town is back under army control after three years of siege and bombardment.",
    "The border town has been hit by rockets more than 40 times this year.",
    "Militants have stepped up attacks on checkpoints around the port in recent weeks.",
    "At least 200 fighters have been killed since the offensive against the northern towns "
    "began on May 3.",
    # a count from a truce's collapse; a week's total as a headline, after a stamp and a time
    "At least 90 civilians have been killed in the province since a U.N.-brokered truce "
    "collapsed.",
    "Tuesday 27 June 2023 09:30 Over 300 Civilians Killed in One Week of Shelling in Idlib.",
    "Rebels said 40 fighters died in a week of fighting around the dam.",
    # ... and fighting's toll at a war's scale
    "The fighting has killed more than 1,100 people in the region, the UN says.",
    # a year's running total, however bare its verb
    "Clashes in the lake district displaced more than 40,000 people this year, aid agencies "
    "say.",
    "The offensive has stalled in the past month amid ambushes and roadside bombs.",
    # a picture's caption reports no incident of its own, whatever day it names
    "In this photo taken on June 3, rescuers search the rubble after an air strike in Tarin.",
    "These images sent from the town on Monday show deserted streets after the shelling.",
    "Since then more than 2,000 people have been killed across the region, the UN says.",
    # several incidents' total
    "At least nine people have died in a spate of raids by bandits across the province.",
    # a war's toll, by the war it was killed in, or over years of turmoil
    "More than 90,000 people have been killed in the country's civil war, the monitor says.",
    "Some 15,000 people have died during four years of turmoil in the province.",
    # a run of violence counted by its age in weeks
    "Six people have been killed as protests against the junta enter their third week.",
    # how a conflict came about is history
    "The revolt began as a series of peaceful protests against the junta but escalated into "
    "an armed rebellion.",
    # a page's stamp run into the next sentence dates the page, not the history it tells
    "June 12 2023 The country has been at war since early 2011, when protests were crushed.",
    # an incident named as what weighed on a deal or talks, told in passing
    "The ceasefire was badly strained by rebel shelling of the airport that killed four.",
    "The talks were overshadowed by a drone strike on a wedding that killed 12 guests.",
    # a count from a turning point, whatever the day it was said on
    "At least 40 people have been killed since the protests over the new fuel levy began "
    "last month, the health ministry said on Friday.",
])  # fmt: skip
def test_a_record_is_background(kit: Kit, sentence: str) -> None:
    assert label(kit, sentence) == "background"


@pytest.mark.parametrize("sentence", [
    "A car bomb that has killed 12 people exploded at the market on Monday.",
    "Gunmen killed seven villagers in Kaga on Monday.",
    "The attack, which killed nine soldiers, was claimed by the group.",
    "Hundreds have been killed in the fighting in the town on Monday, medics said.",
    "Russian forces have been shelling the town all day on Sunday, officials said.",
    # one day's killing is an incident
    "Gunmen executed 300 men in one day in the village, the monitor said.",
    # ... not a death in clashes
    "Five soldiers have been killed in clashes with rebels near the border, the army said.",
    # ... a day's count may be one incident
    "Troops shelled the town of Tarin as the offensive entered its fourth day.",
    # a series that struck is told as one event
    "The port was also hit by a series of air strikes, a militia spokesman said.",
    # a day makes a routine's latest strike a report
    "Two civilians were killed in near-daily shelling of the town on Monday, medics said.",
    # one spell of fighting's toll, told in the perfect
    "Fighting between the army and a regional militia has killed at least 20 people in the "
    "town of Lalibela, residents said.",
    # a recalled incident of this year, and a comparison with the year's others
    "Earlier this year, gunmen stormed a police post in the town and killed four officers.",
    "In the deadliest attack this year, militants killed 31 villagers near the lake on Friday.",
])  # fmt: skip
def test_an_incident_is_not_background(kit: Kit, sentence: str) -> None:
    assert label(kit, sentence) != "background"


def unreal(kit: Kit, sentence: str, trigger: str) -> bool:
    doc = parse(kit.nlp, sentence)
    start = sentence.index(trigger)
    return kit.discourse.unreal(doc, start, start + len(trigger))


@pytest.mark.parametrize("sentence, trigger, expected", [
    ("The rebels did not attack the town.", "attack", True),
    # no one arrested, nobody hurt, no arrests made: nothing happened; "no fewer than" counts
    ("Police said they had arrested no one over the ambush.", "arrested", True),
    ("Nobody was hurt when the shell landed.", "hurt", True),
    ("Officers made no arrests at the market.", "arrests", True),
    ("The raid killed no fewer than 20 people.", "killed", False),
    ("There was no resistance except at one farm, where a guard opened fire.", "opened fire",
     False),
    # to demonstrate something is to show it; to demonstrate is to march
    ("The militants are demonstrating growing desperation, a commander said.", "demonstrating",
     True),
    ("Hundreds of nurses demonstrated outside the ministry on Monday.", "demonstrated", False),
    ("Troops would storm the camp at dawn.", "storm", True),
    ("Envoys say inspectors must be given access to the site of the gas attack.", "gas attack",
     True),
    # what is not told or not known still happened
    ("The army did not mention another attack on the village on Monday.", "attack", False),
    ("It was not known who carried out the attack on the market.", "attack", False),
    ("Police did not give details of the raid on the camp.", "raid", False),
    # what one acts to end was there
    ("Police fired tear gas to break up a protest in the capital.", "protest", False),
    ("The army was deployed to retake the town.", "retake", True),
    # what a person is charged with or known for is no report of an act
    ("The suspects admitted to being involved in kidnapping in the area.", "kidnapping", True),
    ("Police arrested two men accused of attacking a convoy.", "attacking", True),
    ("Troops arrested a man suspected of planting bombs on the road.", "bombs", True),
    # ... but a source accusing a side of an act reports the act, as its claim
    ("The opposition accused government forces of gassing hundreds of people on Wednesday.",
     "gassing", False),
    ("Three gunmen attacked the convoy near the bridge.", "attacked", False),
    # a participle that names people by what happened to them before reports no act
    ("Hundreds gathered for a vigil for the three murdered children.", "murdered", True),
    ("Hospitals halted surgeries to treat injured fighters.", "injured", True),
    ("Three children were murdered in the town on Monday.", "murdered", False),
    ("Freedom for all kidnapped and political prisoners, the opposition leader said.",
     "kidnapped", True),
    # what is warned of, feared or planned has not happened
    ("Officials gave an ominous warning about continued arson attacks.", "arson attacks",
     True),
    ("Arson attacks destroyed three shops on Sunday.", "Arson attacks", False),
    # a past relative clause tells what happened, whatever is to be done about it
    ("The death of a student who was shot during a march in Merida will be investigated.",
     "shot", False),
    ("A student who will be shot at dawn was moved to another prison.", "shot", True),
    # what is stopped is not reported
    ("The army announced the end of the freeze on fighting in Aleppo.", "fighting", True),
    # a pattern or a state, told of no day: a present progressive, a perfect progressive, a
    # present perfect that characterises a noun or runs since a turning point, an adverb of
    # habit, a present passive
    ("The coalition is currently carrying out air strikes on the group's positions.",
     "air strikes", True),
    ("Troops were slowed by mines laid by the insurgents, who are also fighting back with "
     "suicide attacks.", "suicide attacks", True),
    ("The army entered the town but has since faced fighters who have fought back with car "
     "bombs.", "car bombs", True),
    ("Officials said the air force has been using cluster bombs in attacks on villages.",
     "attacks", True),
    ("The militia often refers to its rivals as bandits but has also fought them in the "
     "hills.", "fought", True),
    ("The rebels are backed by air strikes from the coalition.", "air strikes", True),
    ("The coalition has faced repeated car bombings by the insurgents near the bridge.",
     "car bombings", True),
    ("Militants have carried out a suicide bombing at the checkpoint near the dam.",
     "suicide bombing", False),
    ("Government warplanes continue to target hospitals and markets in the province.",
     "target", True),
    ("Government warplanes continued to target the market on Monday.", "target", False),
    ("Medics said shelling of the valley has intensified since the army began an assault on "
     "the ridge.", "shelling", True),
    ("Meanwhile the army intensified air strikes on the city since rebels broke the siege on "
     "Saturday.", "air strikes", True),
    # ... not the incident told as going on, nor one with its day, nor one's toll
    ("Clashes are continuing in the hills around Tarin, a commander said.", "Clashes", False),
    ("Troops are locked in fierce fighting near the dam.", "fighting", False),
    # a crowd told as gathering or marching as the report is written is the incident itself
    ("Thousands of protesters are marching through the capital, witnesses said.", "protesters",
     False),
    ("Hundreds of protesters are gathered outside parliament.", "protesters", False),
    ("The main highway is blocked by protesters demanding the governor's resignation.",
     "protesters", False),
    ("Fighters who have fought back with car bombs attacked the base on Monday.", "car bombs",
     False),
    ("At least 20 civilians have been killed in air strikes on the market in Tarin, activists "
     "said.", "air strikes", False),
    ("IS claimed to have killed 12 soldiers in an IED attack near Tarin.", "IED attack", False),
    # what one is urged to stop is not reported by the call
    ("The council called on both sides to halt the shelling of the port.", "shelling", True),
    # what a resolution or a demand speaks of, or a kind of act condemned, is not reported
    ("A council committee approved a resolution condemning the escalation of attacks in "
     "Tarin.", "attacks", True),
    ("The draft demands that the authorities stop the shelling of the town.", "shelling", True),
    ("The alliance warned that mass killings by the army undermine any settlement.", "killings",
     True),
    ("The envoy condemns repeated air strikes on hospitals.", "air strikes", True),
    ("The governor condemned the attack that killed five villagers in Tarin.", "attack", False),
    # what a warning says is a statement; a warning to someone may be a threat
    ("The alliance warned of dire consequences if the siege went on.", "warned", True),
    ("The council warned that the killings undermine any settlement.", "warned", True),
    ("Gunmen warned villagers to leave the town.", "warned", False),
    # the support that names a force is not what the force did
    ("Kurdish fighters backed by air strikes from the coalition launched an offensive on the "
     "town.", "air strikes", True),
    ("The town was hit by air strikes from the coalition.", "air strikes", False),
    # other reports' headlines listed as links are no part of this report
    ("Gunmen killed two guards in Tarin on Monday Print Tweet Related Air Strikes Kill 30 "
     "Civilians in Kafr Lin", "Air Strikes", True),
    ("Gunmen killed two guards in Tarin on Monday Print Tweet Related Air Strikes Kill 30 "
     "Civilians in Kafr Lin", "killed", False),
    # a denial holds what the reports it denies say, through the noun
    ("The ministry has denied reports that its aircraft bombed the market in Kafr Lin.",
     "bombed", True),
    ("Residents said reports of an air raid on the market in Kafr Lin were true.", "air raid",
     False),
    # what an inquiry or a question asks about is not told; a condition has not happened
    ("The army said on Friday it had opened an inquiry to find out whether the drone hit a "
     "wedding party near Tarin.", "drone", True),
    ("Officials said it was unclear if the raids hit the school in Kafr Lin.", "raids", True),
    ("The army said on Friday that the drone hit a wedding party near Tarin.", "drone", False),
    # the turning point a count runs from is told in passing
    ("Teachers said on Saturday that the school in Kafr Lin has been closed three times since "
     "shelling resumed on 4 May.", "shelling", True),
    ("Teachers said on Saturday that the school in Kafr Lin was hit by shelling on 4 May.",
     "shelling", False),
    # what an authority closes is the news, the violence its cause told in passing ...
    ("The aviation ministry on Monday announced the suspension of all flights from Tarin "
     "after the airport was hit by rockets.", "rockets", True),
    ("The education directorate on Sunday announced the closure of every school in the "
     "province because of the shelling.", "shelling", True),
    # ... unless it is told with a toll of its own, or narrated in a clause of its own
    ("The market was closed after an air strike killed ten people in Kafr Lin on Monday.",
     "air strike", False),
    ("The road was closed after clashes broke out between police and protesters in Tarin on "
     "Monday.", "clashes", False),
])  # fmt: skip
def test_unreal(kit: Kit, sentence: str, trigger: str, expected: bool) -> None:
    assert unreal(kit, sentence, trigger) is expected


@pytest.mark.parametrize("sentence, expected", [
    # a breakdown of a toll told before is no incident of its own
    ("The toll includes 40 soldiers killed by rebel shelling of the airport.", "background"),
    ("That total included 12 children killed in air raids on Tarin.", "background"),
    # a toll that includes people is the incident's own
    ("Shelling killed nine people including four children in Tarin on Monday.", "incident"),
])  # fmt: skip
def test_a_tolls_breakdown_is_no_incident(kit: Kit, sentence: str, expected: str) -> None:
    assert label(kit, sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    # a sentence closed by a picture's credit is the picture's caption
    ("A girl sits on the steps of her ruined house in Tarin on June 3 2023, a day after "
     "shelling of the town. (AFP)", "background"),
    ("Volunteers dig through a collapsed clinic after an air strike in Kafr Lin, June 2 2023. "
     "(Reuters)", "background"),
    # a dateline's credit opens the report it heads
    ("TARIN (AFP) - Shelling killed five people in the town on Monday, medics said.",
     "incident"),
])  # fmt: skip
def test_a_pictures_credit_makes_a_caption(kit: Kit, sentence: str, expected: str) -> None:
    assert label(kit, sentence) == expected


def labels(kit: Kit, first: str, second: str) -> list[str]:
    text = f"{first} {second}"
    doc = parse(kit.nlp, text)
    spans = [(0, len(first)), (len(first) + 1, len(text))]
    return kit.discourse.label(doc, text, spans, PUBLISHED)


_PERIOD_TOTAL = "The monitor has documented 4,100 civilian deaths in air raids over the past year."


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        # A sentence that adds to a period's total, with no day of its own, is of that period.
        ("Meanwhile militia shelling of the western districts killed 820 people.", "background"),
        ("Another 640 people died in areas under siege, the monitor said.", "background"),
        ("Of them, 900 were children.", "background"),
        ("The toll includes 300 people killed in shelling of the port.", "background"),
        # One with a day of its own is a report.
        ("Meanwhile militia shelling killed nine people in Harasta on Monday.", "incident"),
        # One without a connective is a report too.
        ("Militia shelling killed nine people in Harasta.", "incident"),
    ],
)
def test_a_total_goes_on_in_the_next_sentence(kit: Kit, second: str, expected: str) -> None:
    assert labels(kit, _PERIOD_TOTAL, second) == ["background", expected]


def test_a_list_of_links_ends_the_reports_own_text() -> None:
    text = "Gunmen killed two guards in Tarin Views 120 Related Air Strikes Kill 30 in Kafr Lin"
    assert own_end(text, 0, len(text)) == text.index("Related")
    plain = "The related attacks killed 30 people."
    assert own_end(plain, 0, len(plain)) == len(plain)
