"""A small hand-written store for the filter tests: seven events, each one the only one (or
one of two) that some filter selects, so a filter that does nothing, or the wrong thing,
shows.

    event           date        sub-event type    actor1 / actor2 (interaction)    place (admin1)
    ev-saraqib      2016-03-05  Air/drone strike  Syria's army / civilians (17)    Saraqib (Idleb)
    ev-raqqa        2016-07-10  Armed clash       IS (Syria) / Syria's army (12)   Raqqa (Ar-Raqqa)
    ev-mosul        2017-02-01  Armed clash       Iraq's army / IS (Iraq) (12)     Mosul (Ninewa)
    ev-maiduguri    2023-05-20  Attack            IS (Nigeria) / civilians (27)    Maiduguri (Borno)
    ev-kharkiv      2023-09-09  Shelling...       Russia's army alone (10)         Kharkiv (Kharkiv)
    ev-paris        2024-01-15  Peaceful protest  Protesters (France) alone (60)   Paris
    ev-idlib-reject 2016-04-20  Armed clash       IS (Syria) / HTS (22)            Idlib (Idleb)

Geo precision is 2 at Raqqa and Kharkiv, 3 at Maiduguri, else 1; confidence 0.8 or more at
Saraqib, Raqqa and Paris; a reviewer confirmed Raqqa and rejected Idlib.

'Islamic State (Nigeria)' is not in the actor lexicon: the extractor makes it from 'ISIS' in a
Nigerian report, and `--actor ISIS` must find it. 'Civilians (Syria)' is not in it either:
a name only the store knows.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sitrep.models import Actor, Article, Count, Event, Place
from sitrep.store import open_store

__all__ = ["ALL", "CASES", "EVENTS", "UNKNOWN", "corpus", "seed"]

SYRIA_ARMY = ("Military Forces of Syria (2000-2024)", "state forces", "SYR")

#: event_id -> (date, type, sub-event type, actor1, actor2, place, dead, confidence, review)
EVENTS: dict[str, tuple[Any, ...]] = {
    "ev-saraqib": (
        date(2016, 3, 5),
        "Explosions/Remote violence",
        "Air/drone strike",
        SYRIA_ARMY,
        ("Civilians (Syria)", "civilians", "SYR"),
        ("Saraqib", "Idleb", "Syria", "SYR", 35.86, 36.80, 1),
        6,
        0.9,
        None,
    ),
    "ev-raqqa": (
        date(2016, 7, 10),
        "Battles",
        "Armed clash",
        ("Islamic State (Syria)", "rebel group", "SYR"),
        SYRIA_ARMY,
        ("Raqqa", "Ar-Raqqa", "Syria", "SYR", 35.95, 39.01, 2),
        12,
        0.8,
        "confirmed",
    ),
    "ev-mosul": (
        date(2017, 2, 1),
        "Battles",
        "Armed clash",
        ("Military Forces of Iraq (2022-)", "state forces", "IRQ"),
        ("Islamic State (Iraq)", "rebel group", "IRQ"),
        ("Mosul", "Ninewa", "Iraq", "IRQ", 36.34, 43.13, 1),
        20,
        0.75,
        None,
    ),
    "ev-maiduguri": (
        date(2023, 5, 20),
        "Violence against civilians",
        "Attack",
        ("Islamic State (Nigeria)", "rebel group", "NGA"),
        ("Civilians (Nigeria)", "civilians", "NGA"),
        ("Maiduguri", "Borno", "Nigeria", "NGA", 11.85, 13.16, 3),
        9,
        0.6,
        None,
    ),
    "ev-kharkiv": (
        date(2023, 9, 9),
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        ("Military Forces of Russia (2000-)", "state forces", "RUS"),
        None,
        ("Kharkiv", "Kharkiv", "Ukraine", "UKR", 49.99, 36.23, 2),
        3,
        0.55,
        None,
    ),
    "ev-paris": (
        date(2024, 1, 15),
        "Protests",
        "Peaceful protest",
        ("Protesters (France)", "protesters", "FRA"),
        None,
        ("Paris", "Ile-de-France", "France", "FRA", 48.86, 2.35, 1),
        None,
        0.95,
        None,
    ),
    "ev-idlib-reject": (
        date(2016, 4, 20),
        "Battles",
        "Armed clash",
        ("Islamic State (Syria)", "rebel group", "SYR"),
        ("HTS: Hayat Tahrir al Sham", "rebel group", "SYR"),
        ("Idlib", "Idleb", "Syria", "SYR", 35.93, 36.63, 1),
        1,
        0.3,
        "rejected",
    ),
}
#: What an unfiltered query returns: every event but the rejected one, by date.
ALL = ["ev-saraqib", "ev-raqqa", "ev-mosul", "ev-maiduguri", "ev-kharkiv", "ev-paris"]


S, R, M, N, K, P, X = (
    "ev-saraqib",
    "ev-raqqa",
    "ev-mosul",
    "ev-maiduguri",
    "ev-kharkiv",
    "ev-paris",
    "ev-idlib-reject",
)
#: (filters as `Filters` fields take them, the events they select, by date). The CLI and the
#: API tests run every case through their own options and parameters.
CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({}, ALL),
    ({"country": "SY"}, [S, R]),
    ({"country": "SYR"}, [S, R]),
    ({"country": "760"}, [S, R]),  # ACLED's iso column: ISO 3166 numeric
    ({"country": "Syrian Arab Republic"}, [S, R]),  # an alias
    ({"country": "syrian"}, [S, R]),  # a demonym
    ({"country": "IQ"}, [M]),  # ISO alpha-2
    ({"country": "Côte d'Ivoire"}, []),  # known, nothing stored: empty, not an error
    ({"actor": "ISIS"}, [R, M, N]),  # every Islamic State name, 'Islamic State (Nigeria)' too
    ({"actor": "daesh"}, [R, M, N]),
    ({"actor": "Islamic State (Syria)"}, [R]),  # a canonical name is itself only
    ({"actor": "Syrian Arab Army"}, [S, R]),  # alias of Military Forces of Syria (every period)
    ({"actor": "Civilians (Syria)"}, [S]),  # no lexicon has it; the store does
    ({"actor": "military forces of*"}, [S, R, M, K]),
    ({"year": 2016}, [S, R]),
    ({"since": "2017"}, [M, N, K, P]),  # a bare year: from 1 January
    ({"until": "2016"}, [S, R]),  # to 31 December
    ({"since": "2023-05", "until": "2023-05"}, [N]),  # a month
    ({"since": "2016-07-10", "until": "2017-02-01"}, [R, M]),
    ({"event_type": "Battles"}, [R, M]),
    ({"sub_event_type": "armed clash"}, [R, M]),
    ({"sub_event_type": "Air/drone strike"}, [S]),
    ({"region": "Middle East"}, [S, R, M]),
    ({"region": "europe"}, [K, P]),
    ({"region": "Western Africa"}, [N]),
    ({"admin1": "Idlib"}, [S]),  # stored in ACLED's spelling, Idleb
    ({"admin1": "Raqqa"}, [R]),  # a news variant of Ar-Raqqa
    ({"admin1": "borno"}, [N]),
    ({"interaction": 12}, [R, M]),  # state forces and rebels, whichever is actor1
    ({"interaction": 17}, [S]),
    ({"interaction": 27}, [N]),
    ({"interaction": 10}, [K]),  # state forces alone
    ({"interaction": 60}, [P]),
    ({"geo_precision": 2}, [R, K]),
    ({"geo_precision": 3}, [N]),
    ({"min_confidence": 0.8}, [S, R, P]),
    ({"review": "confirmed"}, [R]),
    ({"review": "rejected"}, [X]),
    ({"review": "unreviewed"}, [S, M, N, K, P]),
    ({"review": "all"}, [S, X, R, M, N, K, P]),
    ({"q": "saraqib"}, [S]),  # the place's name, any case
    ({"q": "military forces of russia"}, [K]),  # an actor's name
    ({"q": "Zzyzx"}, []),  # text nothing holds: nothing, not an error
    ({"country": "SYR", "year": 2016, "interaction": 17}, [S]),
    ({"region": "Middle East", "actor": "ISIS", "min_confidence": 0.8}, [R]),
]
#: (filters naming something nobody knows, a value the error must suggest).
UNKNOWN: list[tuple[dict[str, Any], str]] = [
    ({"country": "Syrie"}, "Syria"),
    ({"country": "XYZ"}, "ISO code"),  # nothing close: how to write one instead
    ({"actor": "ISSI"}, "ISIS"),
    ({"actor": "Hayat Tahrir al-Shamm"}, "Hay'at Tahrir al-Sham"),
    ({"actor": "Civilians (Syriaa)"}, "Civilians (Syria)"),  # the store's names count too
    ({"region": "Midle East"}, "Middle East"),
    ({"admin1": "Idlibb"}, "Idlib"),
    ({"sub_event_type": "Armed clashes"}, "Armed clash"),
    ({"event_type": "Battle"}, "Battles"),
]


def corpus() -> list[tuple[Article, list[Event]]]:
    "One article per event of EVENTS, published the day after it."
    out = []
    for event_id, (day, kind, sub, one, two, place, dead, confidence, _) in EVENTS.items():
        name, admin1, country, code, lat, lon, precision = place
        actors = [Actor(role="actor1", name=one[0], kind=one[1], country=one[2])]
        if two is not None:
            actors.append(Actor(role="actor2", name=two[0], kind=two[1], country=two[2]))
        notes = f"On {day:%d %B %Y}, {sub.lower()} in {name}."
        article = Article(
            id=f"article-{event_id}",
            text=notes,
            published=day + timedelta(days=1),
            outlet="Filter Wire",
            title=event_id,
        )
        event = Event(
            event_id=event_id,
            article_id=article.id,
            event_date=day,
            date_precision="day",
            event_type=kind,
            sub_event_type=sub,
            actors=tuple(actors),
            location=Place(
                name=name,
                admin1=admin1,
                country=country,
                country_code=code,
                latitude=lat,
                longitude=lon,
                geo_precision=precision,
                gazetteer_id=f"test:{name}",
            ),
            fatalities=None if dead is None else Count(best=dead, low=dead, high=dead),
            wounded=None,
            captured=None,
            civilian_harm=two is not None and two[1] == "civilians",
            claims=(),
            sources=("Filter Wire",),
            notes=notes,
            confidence=confidence,
        )
        out.append((article, [event]))
    return out


def seed(url: str | Path) -> None:
    "Fill the store at `url` with `corpus()` and give the reviewed events their verdicts."
    with open_store(url) as store:
        for article, events in corpus():
            store.ingest(article, events)
        for event_id, row in EVENTS.items():
            if row[-1] is not None:
                store.review(event_id, row[-1], why="checked by hand", reviewer="alice")
