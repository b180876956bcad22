"""Phrase tables for sitrep.extract.dates: absolute dates, and relative ones against `published`.

The contract says relative dates ("on Wednesday", "last month") resolve against the article's
`published` date and that `date_precision` is day / week / month / year. The rules pinned here:

- an absolute date is that day, whatever `published` is;
- a day and month without a year ("on 14 March") is the latest such day on or before
  `published`;
- a weekday ("on Wednesday", "late on Thursday", "Wednesday night") is the latest such
  weekday on or before `published`: the same weekday as `published` is that very day;
- "yesterday", "overnight", "last night" are the day before `published`, "today" is `published`;
- "last week" has week precision and falls in the Monday-Sunday week before `published`'s;
- "last month" and "earlier this month" have month precision, on the first of that month
  (ACLED's convention for month precision);
- with no `published`, a relative date gives nothing (never today's date).

Every case also checks that the evidence slices the text exactly.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sitrep.extract import Kit, extract
from sitrep.extract.dates import DateMention, find_dates
from sitrep.models import Article

THU = date(2020, 4, 30)  # a Thursday
assert THU.isoweekday() == 4


def dates(text: str, published: date | None) -> list[DateMention]:
    found = find_dates(text, 0, len(text), published)
    for d in found:
        assert text[d.evidence.start : d.evidence.end] == d.evidence.text
    return found


def only(text: str, published: date | None) -> DateMention:
    found = dates(text, published)
    assert len(found) == 1, [(d.evidence.text, d.value) for d in found]
    return found[0]


def xfail(*values: object, reason: str):
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason))


@pytest.mark.parametrize("text, published, value, precision, quote", [
    # absolute dates
    ("On 30 April 2020, gunmen attacked the village.", THU, "2020-04-30", "day", "30 April 2020"),
    ("On April 30, 2020, gunmen attacked the village.", THU, "2020-04-30", "day", "April 30, 2020"),
    ("Gunmen attacked the village on 2020-04-30.", THU, "2020-04-30", "day", "2020-04-30"),
    ("Gunmen attacked the village on 30/04/2020.", THU, "2020-04-30", "day", "30/04/2020"),
    ("Gunmen attacked the village on 31/12/2019.", THU, "2019-12-31", "day", "31/12/2019"),
    ("On 30 April 2020, gunmen attacked the village.", None, "2020-04-30", "day", "30 April 2020"),
    ("On 2 May 2020, gunmen attacked the village.", THU, "2020-05-02", "day", "2 May 2020"),
    # no year: the latest such day on or before published
    ("Gunmen attacked the village on 14 March.", date(2020, 3, 20), "2020-03-14", "day",
     "on 14 March"),
    # a count right after the day, in a text that dropped its commas, is no year
    ("On March 13th 30 people were killed in the blast.", date(2020, 3, 20), "2020-03-13",
     "day", "On March 13th"),
    ("Gunmen attacked the village on 14 March.", date(2020, 2, 1), "2019-03-14", "day",
     "on 14 March"),
    ("Gunmen attacked the village on March 14.", date(2020, 2, 1), "2019-03-14", "day",
     "on March 14"),
    ("Gunmen attacked the village on 14 March.", date(2020, 3, 14), "2020-03-14", "day",
     "on 14 March"),
    ("Gunmen attacked the village on the 14th of March.", date(2020, 3, 20), "2020-03-14",
     "day", "on the 14th of March"),
    ("Gunmen attacked the village on 29 February.", date(2021, 3, 1), "2020-02-29", "day",
          "on 29 February"),
    # weekdays: the latest such weekday on or before published (Thursday 30 April 2020)
    ("Gunmen attacked the village on Wednesday.", THU, "2020-04-29", "day", "on Wednesday"),
    ("Gunmen attacked the village late on Thursday.", THU, "2020-04-30", "day",
     "late on Thursday"),
    ("Gunmen attacked the village on Thursday.", THU, "2020-04-30", "day", "on Thursday"),
    ("Gunmen attacked the village Wednesday night.", THU, "2020-04-29", "day", "Wednesday night"),
    ("Gunmen attacked the village on Friday.", THU, "2020-04-24", "day", "on Friday"),
    ("Gunmen attacked the village early on Monday morning.", THU, "2020-04-27", "day",
     "early on Monday morning"),
    ("Gunmen attacked the village on Sunday.", date(2020, 1, 1), "2019-12-29", "day", "on Sunday"),
    # days relative to published
    ("Gunmen attacked the village yesterday.", THU, "2020-04-29", "day", "yesterday"),
    ("Gunmen attacked the village overnight.", THU, "2020-04-29", "day", "overnight"),
    # "overnight on Thursday": the weekday, not the night before the report, is the day
    ("Troops raided the camp overnight on Thursday.", THU, "2020-04-30", "day", "on Thursday"),
    ("Troops raided the camp overnight Wednesday.", THU, "2020-04-29", "day", "Wednesday"),
    ("Gunmen attacked the village last night.", THU, "2020-04-29", "day", "last night"),
    ("Gunmen attacked the village today.", THU, "2020-04-30", "day", "today"),
    ("Gunmen attacked the village yesterday.", date(2020, 3, 1), "2020-02-29", "day", "yesterday"),
    # months relative to published
    ("Gunmen attacked the village last month.", THU, "2020-03-01", "month", "last month"),
    ("Gunmen attacked the village last month.", date(2020, 1, 15), "2019-12-01", "month",
     "last month"),
    ("Gunmen attacked the village earlier this month.", THU, "2020-04-01", "month",
     "earlier this month"),
    # a month and year
    ("In March 2011, protesters marched in Daraa.", THU, "2011-03-01", "month", "In March 2011"),
    # a month alone: the latest such month on or before published ("last": before this one)
    ("Russia began air strikes last September.", date(2016, 8, 14), "2015-09-01", "month",
     "last September"),
    ("Rebels took the town in March.", THU, "2020-03-01", "month", "in March"),
    ("Rebels took the town in June.", THU, "2019-06-01", "month", "in June"),
    ("Rebels took the town last April.", THU, "2019-04-01", "month", "last April"),
    ("Attackers killed 66 in a March massacre.", THU, "2020-03-01", "month", "a March"),
    # holidays with a fixed date: the latest on or before published, or in the year given
    ("The toll from Christmas Eve raids on three villages rose.", date(2023, 12, 27),
     "2023-12-24", "day", "Christmas Eve"),
    ("Gunmen attacked a church on Christmas Day.", date(2024, 1, 3), "2023-12-25", "day",
     "Christmas Day"),
    ("Rockets hit the city on New Year's Eve 2019.", THU, "2019-12-31", "day",
     "New Year's Eve 2019"),
])  # fmt: skip
def test_date(text: str, published: date | None, value: str, precision: str, quote: str) -> None:
    found = only(text, published)
    assert (found.value.isoformat(), found.precision, found.evidence.text) == (
        value,
        precision,
        quote,
    )


@pytest.mark.parametrize("published", [
    THU,
    date(2020, 4, 27),  # a Monday
    date(2020, 5, 3),  # a Sunday
    date(2020, 1, 2),  # across a year end
])  # fmt: skip
def test_last_week_is_the_week_before(published: date) -> None:
    found = only("Gunmen attacked the village last week.", published)
    this_monday = published - timedelta(days=published.weekday())
    assert found.precision == "week"
    assert found.evidence.text == "last week"
    assert this_monday - timedelta(days=7) <= found.value < this_monday


@pytest.mark.parametrize(("text", "published", "saturday"), [
    # the latest weekend before a weekday's report
    ("Rebels clashed with troops over the weekend.", THU, date(2020, 4, 25)),
    ("Rebels clashed with troops at the weekend.", date(2020, 4, 27), date(2020, 4, 25)),
    # a report of a Sunday: "last weekend" is the one before
    ("Rebels clashed with troops last weekend.", date(2020, 4, 26), date(2020, 4, 18)),
])  # fmt: skip
def test_the_weekend_is_its_saturday_at_week_precision(
    text: str, published: date, saturday: date
) -> None:
    found = only(text, published)
    assert (found.value, found.precision) == (saturday, "week")


def test_earlier_this_week_is_this_week() -> None:
    found = only("Gunmen attacked the village earlier this week.", THU)
    assert found.precision == "week"
    assert THU - timedelta(days=THU.weekday()) <= found.value <= THU


@pytest.mark.parametrize("weekday, iso", [
    ("Monday", "2020-04-27"),
    ("Tuesday", "2020-04-28"),
    ("Wednesday", "2020-04-29"),
    ("Thursday", "2020-04-30"),  # published's own weekday is published
    ("Friday", "2020-04-24"),
    ("Saturday", "2020-04-25"),
    ("Sunday", "2020-04-26"),
])  # fmt: skip
def test_every_weekday_on_or_before_published(weekday: str, iso: str) -> None:
    found = only(f"Gunmen attacked the village on {weekday}.", THU)
    assert found.value.isoformat() == iso
    assert THU - timedelta(days=6) <= found.value <= THU


@pytest.mark.parametrize("text", [
    "Gunmen attacked the village on Wednesday.",
    "Gunmen attacked the village late on Thursday.",
    "Gunmen attacked the village Wednesday night.",
    "Gunmen attacked the village yesterday.",
    "Gunmen attacked the village overnight.",
    "Gunmen attacked the village last night.",
    "Gunmen attacked the village today.",
    "Gunmen attacked the village last week.",
    "Gunmen attacked the village last month.",
    "Gunmen attacked the village earlier this month.",
    "Gunmen attacked the village on 14 March.",
])  # fmt: skip
def test_relative_date_without_published_gives_nothing(text: str) -> None:
    assert dates(text, None) == []


@pytest.mark.parametrize("text", [
    "Gunmen attacked the village.",
    "Five people were killed in 2 attacks.",
    "The convoy travelled 30 km.",
])  # fmt: skip
def test_no_date(text: str) -> None:
    assert dates(text, THU) == []


def test_relative_dates_are_marked_relative() -> None:
    text = "On 30 April 2020, gunmen attacked the village. Police arrived on Friday."
    assert [(d.evidence.text, d.relative) for d in dates(text, THU)] == [
        ("30 April 2020", False),
        ("on Friday", True),
    ]


def test_evidence_offsets_index_the_whole_text() -> None:
    "A sentence in the middle of an article: offsets are the article's, not the sentence's."
    text = "Fighting went on for days. Gunmen attacked the village on Wednesday. No one was hurt."
    start = text.index("Gunmen")
    end = text.index(" No one")
    (found,) = find_dates(text, start, end, THU)
    assert (found.evidence.start, found.evidence.end) == (text.index("on Wed"), end - 1)
    assert text[found.evidence.start : found.evidence.end] == "on Wednesday" == found.evidence.text
    assert found.value == date(2020, 4, 29)


def test_only_dates_inside_the_range() -> None:
    text = "On 1 March 2020, shelling began. On 30 April 2020, gunmen attacked the village."
    start = text.index("On 30")
    assert [d.value for d in find_dates(text, start, len(text), THU)] == [date(2020, 4, 30)]


@pytest.mark.parametrize("text, statement", [
    ("Police said on Wednesday that the bomber struck on Monday.", ["on Wednesday"]),
    ("The junta confirmed on Wednesday that its jets bombed the village.", ["on Wednesday"]),
    ("Officials told reporters on Tuesday that gunmen killed five.", ["on Tuesday"]),
    ("Gunmen attacked the village on Wednesday, police said.", []),
    # the day a running period began is no event's day either
    ("Since Sunday at least 40 people have been killed in raids on the valley.",
     ["Since Sunday"]),
    ("Air strikes have pounded the town since 11 April.", ["since 11 April"]),
    # a relative day inside a quotation counts from when the words were said
    ('"Jets struck the depot today," the army said.', ["today"]),
    ('Jets struck the depot today, the army said.', []),
    # the day a video or a report was put out is when it was told
    ("A video released on Friday shows heavy fighting in the town.", ["on Friday"]),
    ("Gunmen released the hostages on Friday.", []),
    # the day of what an incident answered is that other incident's
    ("The raid was likely retaliation for the killing on Monday of a herder.", ["on Monday"]),
    ("Militants attacked the base in revenge for the death on Tuesday of their leader.",
     ["on Tuesday"]),
    ("Militants attacked the base on Tuesday in revenge for the death of their leader.", []),
])  # fmt: skip
def test_statement_dates_are_marked(text: str, statement: list[str]) -> None:
    """A date right after a speech verb is when it was said, and a date after "since" when a
    period began; the event keeps the other day."""
    assert [d.evidence.text for d in dates(text, THU) if d.statement] == statement


@pytest.mark.parametrize("text, filed", [
    ("Date of publication 12 March 2019 Gunmen killed five herders near Gao on Sunday.",
     ["12 March 2019"]),
    ("Tuesday 9 April 2019 Militants attack army base in Mopti province.",
     ["Tuesday", "9 April 2019"]),
    ("Gunmen killed five herders near Gao on 12 March 2019.", []),
    ("Gunmen kill five near Gao AFP Tuesday 12 March 2019 Gunmen killed five herders near "
     "Gao on Sunday.", ["Tuesday", "12 March 2019"]),
])  # fmt: skip
def test_the_pages_own_day_is_marked_filed(text: str, filed: list[str]) -> None:
    """The day a page states for itself at its head (sitrep.report_date) is marked: an
    account dated only by it may be of any day the report tells."""
    assert [d.evidence.text for d in dates(text, THU) if d.filed] == filed


def test_the_headlines_own_day_outranks_the_pages(kit: Kit) -> None:
    text = (
        "Date of publication 12 March 2019 Troops dropped barrel bombs on a village near "
        "Gao on Sunday, killing four civilians, activists said."
    )
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert event.event_date == date(2019, 3, 10)


def test_event_takes_the_day_it_happened_not_the_day_it_was_said(kit: Kit) -> None:
    text = (
        "Police said on Wednesday that the bomber who killed 61 worshippers at a mosque in "
        "Peshawar on Monday had worn a police uniform."
    )
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert event.event_date == date(2020, 4, 27)  # the Monday before Thursday 30 April
    assert event.sub_event_type == "Suicide bomb"
    assert event.fatalities is not None and event.fatalities.best == 61


@pytest.mark.parametrize("second, day", [
    # "a day earlier": the day before the one the report last told
    ("Rebels had fought soldiers on the edge of the town two days earlier, residents said.",
     date(2020, 4, 26)),
    # "hours later", with only a statement's day: the day last told, not the statement's
    ("Hours later, bandits stormed the village of Kuto, killing five farmers, a police "
     "spokesman said on Wednesday.", date(2020, 4, 28)),
])  # fmt: skip
def test_a_day_told_against_the_last_one_counts_from_it(kit: Kit, second: str, day: date) -> None:
    text = (
        "Army jets bombed a market in the town of Dalwa on Tuesday, killing nine traders, a "
        "doctor said. " + second
    )
    events = extract(Article(id="t", text=text, published=THU), kit=kit)
    other = [e for e in events if any(second[:20] in m.text for m in e.evidence)]
    assert other and other[0].event_date == day


def test_the_day_of_what_an_attack_answered_is_not_its_own(kit: Kit) -> None:
    "'Retaliation for the death on Tuesday of X': the attack told on Wednesday keeps its day."
    text = (
        "Gunmen killed 12 villagers in Kirawa, police said. The attack was likely retaliation "
        "for the death on Tuesday of a herder. The gunmen stormed the village on Wednesday."
    )
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert event.event_date == date(2020, 4, 29)


def test_the_sentence_day_outranks_a_month_it_also_names(kit: Kit) -> None:
    "'After ... last month, X attacked ... on Sunday': the day pinned down is the event's."
    text = (
        "After soldiers pushed the rebels out of the valley last month, rebel fighters "
        "attacked the town of Kadugli on Sunday, killing 12 people, a monitor said."
    )
    published = date(2020, 5, 3)  # a Sunday
    events = extract(Article(id="t", text=text, published=published), kit=kit)
    assert events and events[0].event_date == published
    assert events[0].date_precision == "day"


def test_a_running_total_since_a_weekday_neither_dates_nor_counts_the_event(kit: Kit) -> None:
    "'Since Monday at least 45 have been killed' is several days' total, from Monday on."
    text = (
        "At least 9 civilians, among them two children, were killed on Thursday in mortar "
        "attacks on a market in the north, a local official said. Rebels fired the mortars at "
        "Kafr Nabl. Since Monday at least 45 civilians have been killed in shelling of the town."
    )
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert event.event_date == THU  # not Monday 27 April
    assert event.fatalities is not None
    assert (event.fatalities.low, event.fatalities.high) == (9, 9)
    assert 45 not in {c.value["best"] for c in event.claims if c.field == "fatalities"}


FIRST_DAY = date(1, 1, 1)  # the calendar's first day, a Monday


@pytest.mark.reliability(
    "a report published on 0001-01-01 saying yesterday, last week, last month, on Sunday, "
    "at Christmas or two days ago",
    "no date for what falls before the calendar (no OverflowError or year 0); others resolve",
)
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gunmen struck yesterday.", []),
        ("Gunmen struck two days ago.", []),
        ("Gunmen struck last week.", []),
        ("Gunmen struck last month.", []),
        ("Gunmen struck on Sunday.", []),
        ("Gunmen struck at Christmas.", []),
        ("Gunmen struck on New Year's Eve.", []),
        ("Gunmen struck earlier this month.", [(FIRST_DAY, "month")]),
        ("Gunmen struck on Monday.", [(FIRST_DAY, "day")]),
        ("Gunmen struck today.", [(FIRST_DAY, "day")]),
    ],
)
def test_relative_dates_before_the_first_day_are_none(
    text: str, expected: list[tuple[date, str]]
) -> None:
    assert [(d.value, d.precision) for d in dates(text, FIRST_DAY)] == expected


def test_relative_dates_at_the_last_day_still_resolve() -> None:
    last = date(9999, 12, 31)  # a Friday
    found = dates("Gunmen struck yesterday, on Monday and last month.", last)
    assert [(d.value, d.precision) for d in found] == [
        (date(9999, 12, 30), "day"),
        (date(9999, 12, 27), "day"),
        (date(9999, 11, 1), "month"),
    ]


def test_a_day_in_a_clause_of_another_thing_does_not_date_the_event(kit: Kit) -> None:
    """'Jets bombed Kadugli, which rebels took on 3 April': the day told in the relative
    clause is when the rebels took the town; the strike keeps the report's week."""
    text = (
        "Government jets bombed the town of Kadugli, which rebels took on April 3, killing "
        "11 people, activists said."
    )
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert event.event_date == THU
    assert event.date_precision == "week"


def test_a_day_in_a_clause_telling_the_event_still_dates_it(kit: Kit) -> None:
    "'The clashes, which broke out on Tuesday, killed ...': the clause tells the event itself."
    text = (
        "Clashes that broke out on Tuesday between rebels and soldiers in Kadugli killed "
        "nine people, a monitor said."
    )
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert event.event_date == date(2020, 4, 28)


def test_an_event_told_as_said_on_a_day_is_not_of_an_earlier_incidents_day(kit: Kit) -> None:
    """'Rebels shelled X on Monday ... The army announced on Wednesday that it had retaken
    Y': the retaking, dated only by its announcement, happened by Wednesday, not on the
    Monday of the shelling."""
    text = (
        "Rebels shelled the town of Kadugli on Monday, killing three civilians. The army "
        "announced on Wednesday that it had retaken the town of Dilling from the rebels."
    )
    events = extract(Article(id="t", text=text, published=THU), kit=kit)
    dates = {e.sub_event_type: e.event_date for e in events}
    assert dates["Shelling/artillery/missile attack"] == date(2020, 4, 27)
    assert dates["Government regains territory"] == date(2020, 4, 29)


def test_a_risen_toll_said_on_a_day_keeps_the_incidents_day(kit: Kit) -> None:
    """'The death toll from clashes has risen to 30, the ministry said on Wednesday': a toll
    running up to the day it was said, of clashes the report dates before it."""
    text = (
        "On Monday, a militia commander was detained by a rival group in Kadugli. The death "
        "toll from armed clashes in Kadugli has risen to 30, the health ministry said on "
        "Wednesday."
    )
    events = extract(Article(id="t", text=text, published=THU), kit=kit)
    clash = next(e for e in events if e.sub_event_type == "Armed clash")
    assert clash.event_date == date(2020, 4, 27)


@pytest.mark.parametrize("text, day", [
    ("KHARTOUM, April 28 (Reuters) - Gunmen killed six villagers near Kadugli yesterday, "
     "police said.", date(2020, 4, 27)),
    ("KHARTOUM, April 28 (Reuters) - Gunmen killed six villagers near Kadugli on Tuesday, "
     "police said.", date(2020, 4, 28)),
    # a dateline the day of publication changes nothing
    ("KHARTOUM, April 30 (Reuters) - Gunmen killed six villagers near Kadugli yesterday, "
     "police said.", date(2020, 4, 29)),
])  # fmt: skip
def test_relative_days_count_from_the_datelines_day(kit: Kit, text: str, day: date) -> None:
    """A wire report filed on 28 April and published on the 30th: its "yesterday" is the
    27th, counted from the dateline, not from the later publication date."""
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert event.event_date == day


def test_a_day_a_gap_before_the_event_is_not_its_day(kit: Kit) -> None:
    """'..., a week after rebels seized the town on 3 April': the day is of the seizure told
    a week before the strike, which keeps the report's week."""
    text = "Jets bombed Kadugli, killing 11 people, a week after rebels seized the town on April 3."
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert (event.event_date, event.date_precision) == (THU, "week")


def test_a_day_the_frame_tells_outranks_the_day_it_was_said(kit: Kit) -> None:
    "'Air strikes killed 25 ..., the army said on Wednesday. The raids on Tuesday hit ...'"
    text = (
        "Air strikes killed 25 people in Kadugli, the army said on Wednesday. The raids on "
        "Tuesday hit a market."
    )
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert event.event_date == date(2020, 4, 28)


def test_a_day_in_a_clause_with_no_pronoun_does_not_date_the_event(kit: Kit) -> None:
    """'part of an offensive they launched this month': the month the offensive began, not the
    capture's; the capture told as said on Wednesday is of that day."""
    text = (
        "Government forces took control of three villages near Kadugli, state media said on "
        "Wednesday, part of an offensive they launched this month against the insurgents."
    )
    events = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert events and events[0].event_date == date(2020, 4, 29)
    assert events[0].date_precision == "day"


@pytest.mark.parametrize("text, day, precision", [
    # the possessive dates the capture, not the strike
    ("Jets bombed the town of Kadugli, killing 11 people, as the army pressed its push after "
     "Monday's capture of Dilling.", THU, "week"),
    # the possessive dates the strikes, the event itself
    ("Monday's air strikes on the town of Kadugli killed 11 people, activists said.",
     date(2020, 4, 27), "day"),
])  # fmt: skip
def test_a_possessive_day_dates_its_noun(kit: Kit, text: str, day: date, precision: str) -> None:
    "'after Monday's capture of X': the day is the capture's, the event's only if it is it."
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert (event.event_date, event.date_precision) == (day, precision)


def test_a_day_the_account_tells_beats_a_month_in_its_background(kit: Kit) -> None:
    "'The raids took place on Tuesday ... declared an emergency this month': the raids' day."
    text = (
        "Honduran police said on Thursday they had arrested 14 suspected members of the "
        "Barrio 18 gang in raids in the city of San Pedro Sula. The raids took place on "
        "Tuesday in three neighbourhoods, police said. The government declared a state of "
        "emergency over gang violence this month."
    )
    (event,) = extract(Article(id="t", text=text, published=THU), kit=kit)
    assert (event.event_date, event.date_precision) == (THU - timedelta(days=2), "day")


@pytest.mark.parametrize("joint, expected", [
    # a page stripped of its stops runs a subhead and the next sentence into the toll of
    # April: the day "Meanwhile" tells is not that toll's, which stays history
    (" ", ["Banki"]),
    # with its stop, the same (the rule only restores the cut the page lost)
    (". ", ["Banki"]),
])  # fmt: skip
def test_a_glued_sentence_does_not_date_the_one_before(
    kit: Kit, joint: str, expected: list[str]
) -> None:
    text = (
        "Jets bombed a cattle market in Banki on Sunday, killing 19 traders, a monitor "
        "said. Jets also hit a clinic in Kirawa in April, killing 30 people, "
        f"drawing condemnation from the opposition Families flee the town{joint}Meanwhile "
        "hundreds of families fled the town of Gwoza on Sunday, aid workers said."
    )
    events = extract(Article(id="t", text=text, published=date(2016, 6, 20)), kit=kit)
    assert [e.location.name for e in events if e.location] == expected


def test_a_photo_captions_day_is_no_events_day(kit: Kit) -> None:
    "A caption run into the text ('... Thursday Oct. 27 2016 (AP Photo)') dates the picture."
    text = (
        "Rebels shell Banki AFP Friday 28 Oct 2016 A man walks past a ruined shop in Banki "
        "Thursday Oct. 27 2016 (AP Photo) Rebels fired rockets into Banki on Friday, killing "
        "nine civilians, a monitor said."
    )
    found = dates(text, date(2016, 10, 28))
    caption = [d for d in found if text.index("Thursday") <= d.evidence.start < text.index("(AP")]
    assert caption and all(d.statement for d in caption)
    (event,) = extract(Article(id="t", text=text, published=date(2016, 10, 28)), kit=kit)
    assert event.event_date == date(2016, 10, 28)


@pytest.mark.parametrize("when, expected", [
    # the report's own month named as a month: background, coded by its own day's report
    ("In July", ["Banki"]),
    # "earlier this month" is the month's news: kept
    ("Earlier this month", ["Banki", "Kirawa"]),
])  # fmt: skip
def test_an_incident_told_by_the_reports_month_name_is_history(
    kit: Kit, when: str, expected: list[str]
) -> None:
    text = (
        "A truck bomb killed at least 40 people near a police station in Banki on "
        f"Wednesday, officials said. {when} a bomber blew himself up at a "
        "bus stop in Kirawa, killing 16."
    )
    events = extract(Article(id="t", text=text, published=date(2016, 7, 28)), kit=kit)
    assert sorted(e.location.name for e in events if e.location) == expected
