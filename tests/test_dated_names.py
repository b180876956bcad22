"""State forces are named for the government of the event's day (issue 12).

ACLED dates its state-force names by the government in power: "Military Forces of
Afghanistan (2014-2021)" until the fall of Kabul, "(2021-)" after. The lexicon gives each
country its current names (countries.tsv) and its earlier periods (force_periods.tsv); the
pipeline picks the period that contains the event's date. Each case below is a short report
written for this table, published on either side of a period's first day (a report that
dates nothing is dated by its publication).
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.errors import ResourceError
from sitrep.extract import Kit, extract
from sitrep.lexicons import (
    Period,
    _check_periods,
    countries,
    dated_name,
    dated_names,
    named_actors,
)
from sitrep.models import Article


def _names(kit: Kit, text: str, published: date | None) -> list[str]:
    events = extract(Article(id="t", text=text, published=published), kit=kit)
    assert events, f"no event in {text!r}"
    return [a.name for a in events[0].actors]


@pytest.mark.parametrize("text, published, name", [
    # the fall of Kabul, 15 August 2021
    ("Afghan police arrested three men in Kunduz, Afghanistan.", date(2021, 8, 14),
     "Police Forces of Afghanistan (2014-2021)"),
    ("Afghan police arrested three men in Kunduz, Afghanistan.", date(2021, 8, 15),
     "Police Forces of Afghanistan (2021-)"),
    # the inaugurations of 20 January 2021 and 2025
    ("US forces carried out an airstrike near Jilib, Somalia.", date(2020, 5, 1),
     "Military Forces of the United States (2017-2021)"),
    ("US forces carried out an airstrike near Jilib, Somalia.", date(2021, 7, 2),
     "Military Forces of the United States (2021-2025)"),
    ("US forces carried out an airstrike near Jilib, Somalia.", date(2025, 3, 1),
     "Military Forces of the United States (2025-)"),
    # Tinubu's inauguration, 29 May 2023
    ("Police arrested five suspected kidnappers in Kano, Nigeria.", date(2023, 5, 28),
     "Police Forces of Nigeria (2015-2023)"),
    ("Police arrested five suspected kidnappers in Kano, Nigeria.", date(2023, 5, 29),
     "Police Forces of Nigeria (2023-)"),
    # the fall of Damascus, 8 December 2024
    ("The Syrian army shelled the town of Kafr Nabl in Idlib, Syria.", date(2024, 12, 7),
     "Military Forces of Syria (2000-2024)"),
    ("The Syrian army shelled the town of Kafr Nabl in Idlib, Syria.", date(2025, 1, 10),
     "Military Forces of Syria (2024-)"),
    # the coup of 1 February 2021
    ("Myanmar soldiers shelled a village in Sagaing, Myanmar.", date(2021, 1, 31),
     "Military Forces of Myanmar (2016-2021)"),
    ("Myanmar soldiers shelled a village in Sagaing, Myanmar.", date(2021, 2, 2),
     "Military Forces of Myanmar (2021-)"),
    # no date at all: the current period, the likeliest
    ("Afghan police arrested three men in Kunduz, Afghanistan.", None,
     "Police Forces of Afghanistan (2021-)"),
    # a group is named as it was then: al-Nusra before its renamings
    ("Nusra Front fighters shelled the town of Nubl in Aleppo, Syria.", date(2015, 6, 1),
     "Jabhat al Nusra"),
    ("Nusra Front fighters shelled the town of Nubl in Aleppo, Syria.", date(2018, 6, 1),
     "HTS: Hayat Tahrir al Sham"),
    # a country with one period keeps its name whatever the day
    ("Sudanese police arrested ten protesters in Khartoum, Sudan.", date(2020, 5, 1),
     "Police Forces of Sudan (2019-)"),
])  # fmt: skip
def test_forces_are_named_for_the_event_day(
    kit: Kit, text: str, published: date | None, name: str
) -> None:
    assert name in _names(kit, text, published)


def test_a_told_day_outranks_the_publication_day(kit: Kit) -> None:
    # Published after the fall of Kabul, about a day before it.
    text = "On 10 August 2021, Afghan police arrested three men in Kunduz, Afghanistan."
    (event, *_) = extract(Article(id="t", text=text, published=date(2021, 9, 1)), kit=kit)
    assert event.event_date == date(2021, 8, 10)
    assert "Police Forces of Afghanistan (2014-2021)" in [a.name for a in event.actors]
    assert "Police Forces of Afghanistan (2014-2021)" in event.notes


@pytest.mark.parametrize("name, day, expected", [
    # a unit keeps its suffix
    ("Military Forces of Syria (2024-) Air Force Intelligence Directorate", date(2017, 1, 1),
     "Military Forces of Syria (2000-2024) Air Force Intelligence Directorate"),
    # an earlier period's name moves to the day's period too
    ("Military Forces of Syria (2000-2024)", date(2025, 1, 1), "Military Forces of Syria (2024-)"),
    ("Military Forces of Syria (2000-2024)", None, "Military Forces of Syria (2024-)"),
    # before the earliest listed period: the earliest
    ("Military Forces of Myanmar (2021-)", date(1990, 1, 1),
     "Military Forces of Myanmar (1988-2011)"),
    # a group under the name it had that day (name_periods.tsv), either way round
    ("HTS: Hayat Tahrir al Sham", date(2015, 1, 1), "Jabhat al Nusra"),
    ("HTS: Hayat Tahrir al Sham", date(2016, 10, 1), "Jabhat Fateh al Sham"),
    ("HTS: Hayat Tahrir al Sham", date(2017, 12, 28), "HTS: Hayat Tahrir al Sham"),
    ("Jabhat al Nusra", date(2019, 1, 1), "HTS: Hayat Tahrir al Sham"),
    ("Jabhat al Nusra", None, "HTS: Hayat Tahrir al Sham"),
    # other actors, and periods the lexicon does not list (Libya's parallel governments)
    ("Al Shabaab", date(2015, 1, 1), "Al Shabaab"),
    ("Military Forces of Libya (2014-)", date(2015, 1, 1), "Military Forces of Libya (2014-)"),
    ("Military Forces of Sudan (2019-)", date(2015, 1, 1), "Military Forces of Sudan (2019-)"),
])  # fmt: skip
def test_dated_name(name: str, day: date | None, expected: str) -> None:
    assert dated_name(name, day) == expected


def test_dated_names_lists_every_period_current_first() -> None:
    assert dated_names("Police Forces of Colombia (2022-)") == (
        "Police Forces of Colombia (2022-)",
        "Police Forces of Colombia (2018-2022)",
        "Police Forces of Colombia (2010-2018)",
    )
    assert dated_names("Civilians (Syria)") == ("Civilians (Syria)",)
    assert dated_names("Jabhat al Nusra") == (
        "HTS: Hayat Tahrir al Sham",
        "Jabhat Fateh al Sham",
        "Jabhat al Nusra",
    )


def test_periods_chain_into_the_current_name() -> None:
    afghanistan = countries()["AFG"]
    assert afghanistan.periods == (Period("2014-2021", date(2021, 8, 15)),)
    for c in countries().values():
        for earlier, later in zip(c.periods, c.periods[1:], strict=False):
            assert earlier.until < later.until


@pytest.mark.parametrize("periods", [
    (Period("2014-2020", date(2021, 8, 15)),),  # ends in another year than `until`
    (Period("2010-2018", date(2018, 8, 7)),),  # the next period (current) starts in 2021
    (Period("2014 to 2021", date(2021, 8, 15)),),  # not START-END
])  # fmt: skip
def test_periods_that_do_not_chain_are_refused(periods: tuple[Period, ...]) -> None:
    with pytest.raises(ResourceError, match=r"force_periods\.tsv"):
        _check_periods(
            "AFG",
            periods,
            "Military Forces of Afghanistan (2021-)",
            "Police Forces of Afghanistan (2021-)",
        )


def test_lexicon_force_names_use_the_current_period() -> None:
    """actors.tsv names a dated country's forces by its current period, as countries.tsv
    does; the event's day then picks the period."""
    stale = [
        (alias, actor.name)
        for alias, actor in named_actors()
        if actor.kind == "state forces" and dated_name(actor.name, None) != actor.name
    ]
    assert stale == []
