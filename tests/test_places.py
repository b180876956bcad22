"""Place mentions (`sitrep.extract.places.find_places`): what the text names as a place, and
what only looks like one. Sentences are written for these tests."""

from __future__ import annotations

import pytest

from sitrep.extract.places import find_places, generic_name


def names(text: str) -> list[str]:
    return [m.name for m in find_places(text, 0, len(text), exclude=[])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A people or a movement, not a place.
        ("Twelve fighters from Islamist groups were killed near Saraqeb.", ["Saraqeb"]),
        ("Police detained 14 Venezuelans in Cucuta on Friday.", ["Cucuta"]),
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
        # A bare compass word is a part of the place named next, not a place.
        (
            "Gangs attacked a police post in the Southern part of Port-au-Prince.",
            ["Port-au-Prince"],
        ),
        # Names that begin with a word that is also a title stay places.
        ("Clashes broke out in Sheikh Maqsoud on Tuesday.", ["Sheikh Maqsoud"]),
        ("Police repelled an attack in Imam Sahib district.", ["Imam Sahib"]),
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
    ],
)
def test_kind_before_of(text: str, name: str, kind: str, precision: int) -> None:
    found = {m.name: m for m in find_places(text, 0, len(text), exclude=[])}
    assert (found[name].kind, found[name].precision) == (kind, precision)


def test_generic_names_point_at_no_country() -> None:
    assert generic_name("Southern District")
    assert generic_name("Central Province")
    assert not generic_name("Southern Darfur")
    assert not generic_name("Eastern Equatoria")
