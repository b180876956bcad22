"""sitrep.extract.numbers and the counts built on it, given numbers no report should hold.

Found by tests/test_properties.py: a run of more than 4,300 digits made `int()` raise
ValueError (Python's limit on integer string conversion), so one such article stopped
extraction with a traceback. A figure larger than MAX_FIGURE is not a count of people, so
it is not read as one; realistic figures read exactly as before.
"""

from __future__ import annotations

import pytest

from sitrep.extract import Kit, extract
from sitrep.extract.counts import read_figures, split_count
from sitrep.extract.numbers import MAX_FIGURE, find_figures
from sitrep.models import Article, Count

DIGITS_OVER_INT_LIMIT = "9" * 4301


@pytest.mark.reliability(
    "a number of 4,301+ digits in an article ('killing 999…9 civilians', '5-999…9 wounded')",
    "not read as a figure; no ValueError from int()",
)
@pytest.mark.parametrize(
    "text",
    [
        f"Gunmen killed {DIGITS_OVER_INT_LIMIT} civilians.",
        f"Between 5-{DIGITS_OVER_INT_LIMIT} people were wounded.",
        f"Between {DIGITS_OVER_INT_LIMIT} to 5 people were wounded.",
        f"At least {DIGITS_OVER_INT_LIMIT} thousand people died.",
    ],
)
def test_a_number_past_int_limit_is_not_a_figure(text: str) -> None:
    assert find_figures(text) == []


@pytest.mark.reliability(
    "figures larger than anyone could count ('99999999999 million killed', "
    "'at least 10000000001 dead')",
    "not read as a count; every figure kept fits a 64-bit integer column",
)
@pytest.mark.parametrize(
    "text",
    [
        "An airstrike killed 99999999999 million people.",
        "At least 10000000001 people were killed.",
        "Some 9,999,999,999,999,999,999 were killed.",
    ],
)
def test_figures_above_the_cap_are_not_counts(text: str) -> None:
    assert read_figures(text, 0, len(text), party=lambda s, e: None) == []


@pytest.mark.parametrize(
    "text, best, high",
    [
        # "at least N" supports N and no more: high is N, never an invented 2N
        ("at least 10,000,000,000 people were killed", MAX_FIGURE, MAX_FIGURE),
        ("999999999999 dead", None, None),
        ("1,500 people were killed", 1500, 1500),
        ("nearly 3 million people were displaced", 2_850_000, 3_000_000),
    ],
)
def test_the_cap_leaves_real_figures_alone(text: str, best: int | None, high: int | None) -> None:
    found = [(f.best, f.high) for f in find_figures(text)]
    assert found == ([] if best is None else [(best, high)])


@pytest.mark.reliability(
    "an ACLED note 'Fatalities split between 999…9 events' with 4,301+ digits",
    "the note is ignored and the toll kept; no ValueError from int()",
)
def test_a_split_note_with_a_giant_number_keeps_the_toll() -> None:
    count = Count(best=40, low=40, high=40)
    note = f"Fatalities split between {DIGITS_OVER_INT_LIMIT} events."
    assert split_count(count, note) == count
    assert split_count(count, "Fatalities split between 2 events.") == Count(
        best=20, low=20, high=20
    )


@pytest.mark.reliability(
    "an article whose only figure has 5,000 digits, through the whole pipeline",
    "the event is extracted without a fatality count instead of a traceback",
)
def test_extract_survives_a_giant_figure(kit: Kit) -> None:
    text = f"Gunmen attacked the village of Kafr Nabl in Idlib, killing {'9' * 5000} civilians."
    (event,) = extract(Article(id="giant", text=text), kit=kit)
    assert event.fatalities is None
    assert event.event_type == "Violence against civilians"
