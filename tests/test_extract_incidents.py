"""One incident, one event: how `extract` tells incidents apart within one report.

A report tells one incident over several sentences; it moves to another by a sign a reader
sees: a new town with a toll of its own, another day, "separately", "another attack". Each
case is a short report written for this table (no development data), with the events it
should give: how many, and the place of each, in order.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract import Kit, extract
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
    # where a convoy came from is not where it was hit
    ("A supply convoy returning from Djibo was the target of an ambush in Kaya on Monday, "
     "and 20 soldiers were killed, the army said.", ["Kaya"]),
])  # fmt: skip
def test_incidents_and_their_places(kit: Kit, text: str, expected: list[str]) -> None:
    assert places(kit, text) == expected
