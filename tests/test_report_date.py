"""The day a report states for itself at its head (sitrep.report_date), and what it changes.

A page's own date line ("Published March 3 2021", "Tue Feb 11 2020", "17-01-2020 Headline",
a wire dateline with a year) is the report's day: relative dates count from it, and an event
dated after the article's `published` but not after that day keeps its date. A date that
opens a sentence or a timeline entry, an update line, a date with no year and a numeric date
whose day and month could trade places are not a report's day. Every text here is invented.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract import Kit, extract
from sitrep.ingest import check_dates, check_stated_date
from sitrep.models import Article
from sitrep.report_date import newest_report_date, report_date, stated_date
from sitrep.store.rows import check_events


@pytest.mark.parametrize("text, day, quote", [
    ("Published March 3 2021 Gunmen stormed a cattle market.", "2021-03-03",
     "Published March 3 2021"),
    ("Published on: 14 November 2019\nTroops shelled the hills.", "2019-11-14",
     "Published on: 14 November 2019"),
    ("Date of publication 5 June 2022 Three farmers were shot.", "2022-06-05",
     "Date of publication 5 June 2022"),
    ("Posted on January 9 2020 by a staff writer. Rebels took the ridge.", "2020-01-09",
     "Posted on January 9 2020"),
    ("  Tue Feb 11 2020 Militants Ambush Convoy Near the Dam.", "2020-02-11",
     "Tue Feb 11 2020"),
    ("Friday 17 January 2020 08:45 Shelling Hits Two Villages.", "2020-01-17",
     "Friday 17 January 2020"),
    ("17-01-2020 Rebels Seize Hilltop Post. Fighting went on all day.", "2020-01-17",
     "17-01-2020"),
    ("17.01.2020(updated 0940 17.01.2020) A bomb went off.", "2020-01-17", "17.01.2020"),
    ("2020-01-17T08:45:00Z Police disperse marchers in the capital.", "2020-01-17",
     "2020-01-17"),
    ("January 17, 2020 — A roadside bomb struck a bus.", "2020-01-17", "January 17, 2020"),
    ("25/12/2019 Market Blast Kills Four.", "2019-12-25", "25/12/2019"),
    ("MOSUL, Iraq, January 17, 2020 (Wire) - A roadside bomb struck a bus.", "2020-01-17",
     "MOSUL, Iraq, January 17, 2020"),
    ("Port Harcourt, 17 January 2020 - Gunmen kidnapped a pastor.", "2020-01-17",
     "Port Harcourt, 17 January 2020"),
    # a wire agency's byline under the headline
    ("Gunmen Kill Five Herders Near Gao AFP Friday 17 Jan 2020 Gunmen killed five herders.",
     "2020-01-17", "Friday 17 Jan 2020"),
    ("Rebels Seize Hilltop Post Reuters Friday 17\nJanuary 2020 Rebels took the post.",
     "2020-01-17", "Friday 17\nJanuary 2020"),
])  # fmt: skip
def test_a_stated_day(text: str, day: str, quote: str) -> None:
    stamp = stated_date(text)
    assert stamp is not None
    assert stamp.value == date.fromisoformat(day)
    assert text[stamp.start : stamp.end] == quote


@pytest.mark.parametrize("text", [
    "On 30 April 2020, militiamen attacked the village.",  # a sentence's own date
    "30 April 2020, militiamen attacked the village.",
    "12 March 2016: strikes on the town; 14 March 2016: a truce.",  # a timeline entry
    "1 March 2020 saw the heaviest fighting of the year.",
    "Updated June 5 2024 Gunmen killed three herders.",  # an update, not the publication
    "Last updated at 5 June 2024 Gunmen killed three herders.",
    "BAGHDAD, June 22 (Wire) - A car bomb exploded.",  # no year
    "07/08/2016 Police Arrest Twelve.",  # the 7th of August or July the 8th
    "31-02-2020 No Such Day.",
    "Gunmen killed five on 3 March 2020. Published 4 March 2020",  # not at the head
    "BAMAKO (AFP) - On Friday 17 January 2020 gunmen killed five herders.",  # no byline
    "",
])  # fmt: skip
def test_no_stated_day(text: str) -> None:
    assert stated_date(text) is None


ONE_DAY_TEXT = "Published March 3 2021 Gunmen stormed a cattle market."


@pytest.mark.parametrize("published, report, newest", [
    (None, "2021-03-03", "2021-03-03"),
    (date(2021, 3, 3), "2021-03-03", "2021-03-03"),
    (date(2020, 6, 1), "2021-03-03", "2021-03-03"),  # metadata before the text existed
    (date(2021, 3, 10), "2021-03-03", "2021-03-10"),  # a crawl or index day after it
])  # fmt: skip
def test_the_text_states_the_report_day(published: date | None, report: str, newest: str) -> None:
    assert report_date(ONE_DAY_TEXT, published) == date.fromisoformat(report)
    assert newest_report_date(ONE_DAY_TEXT, published) == date.fromisoformat(newest)


def test_without_a_stated_day_published_stands() -> None:
    text = "Gunmen stormed a cattle market on Sunday."
    assert report_date(text, date(2021, 3, 3)) == date(2021, 3, 3)
    assert newest_report_date(text, None) is None


STAMPED = (
    "Published March 3 2021\n"
    "Gunmen stormed a cattle market in Gusau, Nigeria on Sunday, killing nine traders, "
    "police said."
)


def test_relative_dates_count_from_the_stated_day(kit: Kit) -> None:
    "Metadata from a year before the text: 'on Sunday' is the Sunday before 3 March 2021."
    article = Article(id="s", text=STAMPED, published=date(2020, 6, 1))
    (event,) = extract(article, kit=kit)
    assert event.event_date == date(2021, 2, 28)
    assert event.date_precision == "day"


def test_a_stated_day_after_published_keeps_the_event_date(kit: Kit) -> None:
    "Ingest and the store count the plausible window from the text's day, with a warning."
    article = Article(id="s", text=STAMPED, published=date(2020, 6, 1), origin="feed.jsonl:4")
    events = extract(article, kit=kit)
    checked, warnings = check_dates(article, events)
    assert warnings == []
    assert [e.event_date for e in checked] == [date(2021, 2, 28)]
    check_events(article, checked)  # raises ContractError on a date it refuses
    assert check_stated_date(article) == (
        "feed.jsonl:4: its text is dated 2021-03-03 at its head ('Published March 3 2021'), "
        "its published date is 2020-06-01; its dates count from the text's"
    )


@pytest.mark.parametrize("published", [None, date(2021, 3, 3), date(2021, 3, 5)])
def test_no_warning_when_the_days_agree(published: date | None) -> None:
    "Within FUTURE_SLACK_DAYS (time zones, a feed's UTC clock) the two days agree."
    assert check_stated_date(Article(id="s", text=STAMPED, published=published)) is None
