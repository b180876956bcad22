"""sitrep.evaluate: the contract's scoring rules as tables, the report, and the quality gate.

shared/spec/events.md, "Evaluation": the gold event is scored against the article's first
output event; only fields present in gold are scored; an article with no event is wrong on
every field. The dev floors in tests/eval_floors.json only move up.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.errors import GoldError
from sitrep.evaluate import (
    MIN_SHARE,
    MULTI_FIELDS,
    GoldItem,
    derive_incidents,
    distance_km,
    evaluate,
    gold_spans,
    match_events,
    normalise_name,
    overlap_share,
    pairwise_scores,
    read_gold,
    same_incident,
    score_article,
    score_item,
)
from sitrep.extract import Kit, extract, read_context
from sitrep.models import Actor, Article, Claim, Count, Event, Evidence, Incident, Place

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "eval" / "dev"
FLOORS_FILE = Path(__file__).with_name("eval_floors.json")
#: The floors the quality issue set. eval_floors.json may raise them, never lower them.
ISSUE_FLOORS = {
    "acled_rpanlilio.jsonl": {
        "event_type": 0.80,
        "sub_event_type": 0.65,
        "actors_f1": 0.55,
        "actor1": 0.60,
        "fatalities": 0.90,
        "event_date": 0.95,
        # issue 3 (geocoding)
        "location_50km": 0.75,
        "location_10km": 0.40,
        "admin1": 0.85,
        "location_10km_known": 0.90,
    },
    "fakes.jsonl": {"fatalities": 0.60, "admin1": 0.60},
}

SYRIA = "Military Forces of Syria (2000-)"
HTS = "HTS: Hayat Tahrir al Sham"
CIVILIANS = "Civilians (Syria)"
ALEPPO = (36.20124, 37.16117)
IDLIB = (35.93062, 36.63393)
KM_PER_DEGREE_LAT = 6371.0088 * 3.141592653589793 / 180


def event(
    *,
    actor1: str | None = SYRIA,
    actor2: str | None = HTS,
    assoc: tuple[tuple[str, str], ...] = (),
    at: tuple[float, float] | None = ALEPPO,
    admin1: str | None = "Aleppo",
    fatalities: tuple[int, int, int] | None = None,
    event_date: date | None = date(2020, 5, 2),
    event_type: str = "Battles",
    sub_event_type: str = "Armed clash",
) -> Event:
    "A predicted event; `fatalities` is (low, best, high)."
    actors = [
        Actor(role=role, name=name, kind="rebel group", country="SYR")  # type: ignore[arg-type]
        for role, name in (("actor1", actor1), ("actor2", actor2), *assoc)
        if name is not None
    ]
    place = None
    if at is not None or admin1 is not None:
        lat, lon = at if at is not None else (None, None)
        place = Place(name="X", admin1=admin1, country="Syria", latitude=lat, longitude=lon,
                      geo_precision=1 if at else None)  # fmt: skip
    count = None
    if fatalities is not None:
        low, best, high = fatalities
        count = Count(best=best, low=low, high=high)
    return Event(
        event_id="ev", article_id="a", event_date=event_date,
        date_precision="day" if event_date else None, event_type=event_type,
        sub_event_type=sub_event_type, actors=tuple(actors), location=place, fatalities=count,
        wounded=None, captured=None, civilian_harm=False, claims=(), sources=(), notes="n",
        confidence=0.9,
    )  # fmt: skip


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "gold, predicted",
    [
        ("Military Forces of Syria (2000-)", "military forces of syria"),  # parenthesis, case
        ("HTS: Hayat Tahrir al Sham", "Hayat Tahrir al-Sham"),  # acronym, punctuation
        ("Civilians (Syria)", "Civilians"),
        ("Unidentified Armed Group (Syria)", "unidentified armed group"),
        ("M23: March 23 Movement", "March 23 Movement"),
        (
            "Military Forces of Yemen (2016-) Supreme Political Council",
            "Military Forces of Yemen Supreme Political Council",
        ),
        (
            "Forces Armées de la République Démocratique du Congo",
            "FORCES ARMEES DE LA REPUBLIQUE DEMOCRATIQUE DU CONGO",
        ),
        ("Al-Shabaab", "al shabaab"),
        ("  Islamic State (Syria) ", "Islamic State"),
        ("Police Forces of Nigeria (2015-)", "Police Forces of Nigeria (2015-2023)"),
    ],
)
def test_names_that_compare_equal(gold: str, predicted: str) -> None:
    assert normalise_name(gold) == normalise_name(predicted)


@pytest.mark.parametrize(
    "name, normalised",
    [
        ("Military Forces of Syria (2000-)", "military forces of syria"),
        ("HTS: Hayat Tahrir al Sham", "hayat tahrir al sham"),
        ("Hayat Tahrir al-Sham", "hayat tahrir al sham"),
        (
            "SPLM/A-IO: Sudan Peoples Liberation Movement/Army (In Opposition)",
            "sudan peoples liberation movement army",
        ),
        (None, ""),
        ("", ""),
    ],
)
def test_normalise_name_table(name: str | None, normalised: str) -> None:
    assert normalise_name(name) == normalised


@pytest.mark.parametrize(
    "gold, predicted",
    [
        ("Military Forces of Syria (2000-)", "Military Forces of Russia (2000-)"),
        ("Civilians (Syria)", "Protesters (Syria)"),
        ("HTS: Hayat Tahrir al Sham", "HTS"),  # the acronym alone is not the name
        ("Hayat Tahrir al Sham", "Hayat Tahrir"),
    ],
)
def test_names_that_differ(gold: str, predicted: str) -> None:
    assert normalise_name(gold) != normalise_name(predicted)


@pytest.mark.parametrize(
    "gold, predicted",
    [
        ("Sudan People's Liberation Movement", "Sudan Peoples Liberation Movement"),
        ("Al-Qa'ida", "Al Qaida"),
    ],
)
def test_names_differing_only_by_an_apostrophe_compare_equal(gold: str, predicted: str) -> None:
    assert normalise_name(gold) == normalise_name(predicted)


# --- actors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "gold, predicted, expected",
    [
        # (gold actor1, actor2), (predicted actor1, actor2), (actors_f1, actor1, actor2)
        ((SYRIA, HTS), (SYRIA, HTS), (1.0, 1.0, 1.0)),
        ((SYRIA, HTS), ("military forces of syria", "Hayat Tahrir al-Sham"), (1.0, 1.0, 1.0)),
        ((SYRIA, HTS), (HTS, SYRIA), (1.0, 0.0, 0.0)),  # the set matches, the roles do not
        ((SYRIA, HTS), (SYRIA, None), (2 / 3, 1.0, 0.0)),  # precision 1, recall 1/2
        ((SYRIA, None), (SYRIA, HTS), (2 / 3, 1.0, 0.0)),  # precision 1/2, recall 1
        ((SYRIA, HTS), (SYRIA, CIVILIANS), (0.5, 1.0, 0.0)),
        ((SYRIA, HTS), (CIVILIANS, "Military Forces of Russia (2000-)"), (0.0, 0.0, 0.0)),
        ((SYRIA, None), (SYRIA, None), (1.0, 1.0, 1.0)),
        ((SYRIA, HTS), (None, None), (0.0, 0.0, 0.0)),
    ],
)
def test_actors_f1_on_actor1_and_actor2(
    gold: tuple[str | None, str | None],
    predicted: tuple[str | None, str | None],
    expected: tuple[float, float, float],
) -> None:
    scores = score_item({"actor1": gold[0], "actor2": gold[1]},
                        event(actor1=predicted[0], actor2=predicted[1]))  # fmt: skip
    assert set(scores) == {"actors_f1", "actor1", "actor2"}
    assert (scores["actors_f1"], scores["actor1"], scores["actor2"]) == pytest.approx(expected)


def test_associated_actors_are_not_in_the_f1_set() -> None:
    predicted = event(actor1=SYRIA, actor2=None, assoc=(("assoc_actor_1", HTS),))
    scores = score_item({"actor1": SYRIA, "actor2": HTS}, predicted)
    assert scores["actors_f1"] == pytest.approx(2 / 3)
    assert scores["actor2"] == 0.0


# --- location and admin1 ------------------------------------------------------------------


def test_distance_aleppo_idlib_is_about_56_km() -> None:
    assert distance_km(*ALEPPO, *IDLIB) == pytest.approx(56.1, abs=0.5)
    assert distance_km(*IDLIB, *ALEPPO) == pytest.approx(distance_km(*ALEPPO, *IDLIB))
    assert distance_km(*ALEPPO, *ALEPPO) == 0.0
    # one degree of latitude on the mean-radius sphere
    assert distance_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(KM_PER_DEGREE_LAT, rel=1e-9)


@pytest.mark.parametrize(
    "km_north, expected",
    [
        (0.0, (1.0, 1.0)),
        (9.9, (1.0, 1.0)),
        (10.1, (0.0, 1.0)),
        (30.0, (0.0, 1.0)),
        (49.9, (0.0, 1.0)),
        (50.1, (0.0, 0.0)),
    ],
)
def test_location_within_10_and_50_km(km_north: float, expected: tuple[float, float]) -> None:
    gold = {"latitude": ALEPPO[0], "longitude": ALEPPO[1]}
    at = (ALEPPO[0] + km_north / KM_PER_DEGREE_LAT, ALEPPO[1])
    scores = score_item(gold, event(at=at))
    assert (scores["location_10km"], scores["location_50km"]) == expected


def test_location_aleppo_against_idlib_is_wrong_at_both_radii() -> None:
    scores = score_item({"latitude": IDLIB[0], "longitude": IDLIB[1]}, event(at=ALEPPO))
    assert scores == {"location_10km": 0.0, "location_50km": 0.0}


def test_location_without_coordinates_is_wrong() -> None:
    gold = {"latitude": ALEPPO[0], "longitude": ALEPPO[1]}
    assert score_item(gold, event(at=None, admin1="Aleppo")) == {
        "location_10km": 0.0,
        "location_50km": 0.0,
    }
    assert score_item(gold, event(at=None, admin1=None)) == {
        "location_10km": 0.0,
        "location_50km": 0.0,
    }


@pytest.mark.parametrize(
    "gold, predicted, expected",
    [
        ("Idleb", "Idleb", 1.0),
        ("Idleb", "IDLEB", 1.0),
        ("Équateur", "Equateur", 1.0),
        ("Sud-Kivu", "sud-kivu", 1.0),
        ("Al-Hasakeh", "Al-Hasakéh", 1.0),
        ("Idleb", "Idlib", 0.0),  # spelling is not case or accents
        ("Idleb", "Aleppo", 0.0),
        ("Idleb", None, 0.0),
    ],
)
def test_admin1_equal_blind_to_case_and_accents(
    gold: str, predicted: str | None, expected: float
) -> None:
    assert score_item({"admin1": gold}, event(admin1=predicted, at=None)) == {"admin1": expected}


# --- fatalities, dates, types ---------------------------------------------------------------


@pytest.mark.parametrize(
    "gold, predicted, expected",
    [
        (4, (4, 5, 10), 1.0),  # gold equals low
        (5, (4, 5, 10), 1.0),  # gold equals best
        (10, (4, 5, 10), 0.0),  # high is not enough
        (7, (4, 5, 10), 0.0),  # inside the range is not enough
        (0, None, 1.0),  # no fatalities in the output counts as 0
        (0, (0, 2, 3), 1.0),
        (0, (3, 3, 3), 0.0),
        (3, None, 0.0),
        (97, (97, 97, 100), 1.0),
    ],
)
def test_fatalities_correct_on_low_or_best(
    gold: int, predicted: tuple[int, int, int] | None, expected: float
) -> None:
    assert score_item({"fatalities": gold}, event(fatalities=predicted)) == {"fatalities": expected}


@pytest.mark.parametrize(
    "gold, predicted, expected",
    [
        ("2020-05-02", date(2020, 5, 2), 1.0),
        ("2020-05-02", date(2020, 5, 1), 0.0),
        ("2020-05-02", None, 0.0),
    ],
)
def test_event_date_equal(gold: str, predicted: date | None, expected: float) -> None:
    assert score_item({"event_date": gold}, event(event_date=predicted)) == {"event_date": expected}


def test_event_type_and_sub_event_type_equal() -> None:
    predicted = event(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")
    gold = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
    assert score_item(gold, predicted) == {"event_type": 1.0, "sub_event_type": 1.0}
    gold = {"event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack"}  # fmt: skip
    assert score_item(gold, predicted) == {"event_type": 1.0, "sub_event_type": 0.0}
    assert score_item({"event_type": "Battles"}, predicted) == {"event_type": 0.0}


# --- which fields are scored ----------------------------------------------------------------

FULL_GOLD = {
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": SYRIA,
    "actor2": HTS,
    "location": "Aleppo",
    "admin1": "Aleppo",
    "country": "Syria",
    "latitude": ALEPPO[0],
    "longitude": ALEPPO[1],
    "geo_precision": 1,
    "fatalities": 0,
    "event_date": "2020-05-02",
}
ALL_SCORED = {
    "event_type", "sub_event_type", "actors_f1", "actor1", "actor2", "location_10km",
    "location_50km", "admin1", "country", "fatalities", "event_date",
}  # fmt: skip


def test_a_perfect_event_is_right_on_every_field() -> None:
    assert score_item(FULL_GOLD, event()) == dict.fromkeys(ALL_SCORED, 1.0)


def test_an_article_with_no_event_is_wrong_on_every_field() -> None:
    assert score_item(FULL_GOLD, None) == dict.fromkeys(ALL_SCORED, 0.0)


def test_no_event_is_wrong_on_actor2_even_when_gold_has_none() -> None:
    gold = {"actor1": "Protesters (Iraq)", "actor2": None, "fatalities": 0}
    assert score_item(gold, None) == {
        "actors_f1": 0.0,
        "actor1": 0.0,
        "actor2": 0.0,
        "fatalities": 0.0,
    }


@pytest.mark.parametrize(
    "gold, scored",
    [
        ({"fatalities": 3}, {"fatalities"}),
        (
            {"fatalities": 3, "admin1": "Idleb", "country": "Syria"},
            {"fatalities", "admin1", "country"},
        ),
        ({"event_type": "Battles"}, {"event_type"}),
        ({"actor1": SYRIA}, {"actors_f1", "actor1"}),
        ({"latitude": 36.2, "longitude": 37.1}, {"location_10km", "location_50km"}),
        ({"latitude": 36.2}, set()),  # half a coordinate is no location
        ({"event_date": "2020-05-02"}, {"event_date"}),
        ({"location": "Aleppo", "geo_precision": 1, "sources": ["SOHR"]}, set()),  # not scored
        ({}, set()),
    ],
)
def test_only_fields_present_in_gold_are_scored(gold: dict[str, Any], scored: set[str]) -> None:
    assert set(score_item(gold, event())) == scored
    assert set(score_item(gold, None)) == scored


# --- evaluate(): the report --------------------------------------------------------------------


def gold_line(article_id: str, origin: str, gold: dict[str, Any]) -> str:
    return json.dumps({"id": article_id, "origin": origin, "text": f"Report {article_id}.",
                       "gold": gold})  # fmt: skip


def stub_run(predictions: dict[str, list[Event]]):  # type: ignore[no-untyped-def]
    "An extractor that returns fixed events per article id, as `evaluate(run=...)` expects."

    def run(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            yield article, predictions[article.id]

    return run


@pytest.fixture
def two_origins(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        gold_line("a1", "alpha", {"event_type": "Battles", "fatalities": 3}),
        gold_line("a2", "alpha", {"event_type": "Riots", "fatalities": 0}),
        gold_line("b1", "beta", {"admin1": "Idleb", "fatalities": 2}),
    ]) + "\n", encoding="utf-8")  # fmt: skip
    return path


PREDICTIONS = {
    "a1": [event(fatalities=(3, 3, 3)), event(fatalities=(9, 9, 9), event_type="Battles")],
    "a2": [event(event_type="Protests", sub_event_type="Peaceful protest")],
    "b1": [],
}


def test_evaluate_reports_per_file_and_per_origin(two_origins: Path) -> None:
    report = evaluate([two_origins], run=stub_run(PREDICTIONS))
    entry = report["files"][str(two_origins)]
    assert entry["items"] == 3
    assert entry["no_event"] == 1
    assert entry["fields"] == {
        "event_type": {"score": 0.5, "n": 2},
        "admin1": {"score": 0.0, "n": 1},
        "fatalities": {"score": 0.6667, "n": 3},
    }
    assert entry["origins"] == {
        "alpha": {
            "items": 2,
            "no_event": 0,
            "fields": {"event_type": {"score": 0.5, "n": 2}, "fatalities": {"score": 1.0, "n": 2}},
        },
        "beta": {
            "items": 1,
            "no_event": 1,
            "fields": {"admin1": {"score": 0.0, "n": 1}, "fatalities": {"score": 0.0, "n": 1}},
        },
    }
    assert report["all"] == {key: entry[key] for key in ("items", "no_event", "fields")}


def test_evaluate_scores_the_first_event_only(two_origins: Path) -> None:
    "a1's second event has the wrong toll; only the first (highest confidence) counts."
    predictions = dict(PREDICTIONS, a1=list(reversed(PREDICTIONS["a1"])))
    report = evaluate([two_origins], run=stub_run(predictions))
    alpha = report["files"][str(two_origins)]["origins"]["alpha"]
    assert alpha["fields"]["fatalities"] == {"score": 0.5, "n": 2}


def test_evaluate_adds_files_together(two_origins: Path, tmp_path: Path) -> None:
    single = tmp_path / "single.jsonl"
    single.write_text(gold_line("c1", "gamma", {"fatalities": 0}) + "\n", encoding="utf-8")
    report = evaluate([two_origins, single], run=stub_run(dict(PREDICTIONS, c1=[event()])))
    assert list(report["files"]) == [str(two_origins), str(single)]
    assert report["files"][str(single)] == {
        "items": 1,
        "no_event": 0,
        "fields": {"fatalities": {"score": 1.0, "n": 1}},
    }  # one origin: no per-origin section
    assert report["all"]["items"] == 4
    assert report["all"]["fields"]["fatalities"] == {"score": 0.75, "n": 4}


@pytest.mark.reliability("a malformed line in a gold file", "an error naming the file and line")
def test_a_malformed_gold_line_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line("a1", "alpha", {"fatalities": 1}) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(GoldError, match=rf"^{path}:2: invalid JSON"):
        list(read_gold(path))
    path.write_text(json.dumps({"id": "x", "text": "No gold here."}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=rf"^{path}:1: .*'gold' object"):
        list(read_gold(path))


# --- sitrep evaluate (real extraction) ---------------------------------------------------------

CLI_GOLD = [
    {"id": "g1", "origin": "hand", "published": "2020-05-03",
     "text": "On 2 May 2020, Military Forces of Syria shelled Kafr Nabl in Idleb, killing two "
             "civilians, SOHR reported.",
     "gold": {"event_type": "Explosions/Remote violence",
              "sub_event_type": "Shelling/artillery/missile attack", "fatalities": 2,
              "admin1": "Idleb", "event_date": "2020-05-02"}},
    {"id": "g2", "origin": "hand",
     "text": "On 30 April 2020, about 200 people protested peacefully in Kharkiv against "
             "quarantine rules.",
     "gold": {"event_type": "Protests", "sub_event_type": "Peaceful protest", "fatalities": 0,
              "actor1": "Protesters (Ukraine)", "actor2": None, "event_date": "2020-04-30"}},
    {"id": "g3", "origin": "hand", "text": "The weather was mild all week.",
     "gold": {"fatalities": 0}},
]  # fmt: skip


@pytest.fixture(scope="module")
def cli_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gold") / "hand.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in CLI_GOLD), encoding="utf-8")
    return path


def test_sitrep_evaluate_json_prints_one_object(cli_gold: Path) -> None:
    from sitrep.extract import extract_many, load_kit

    result = CliRunner().invoke(cli, ["evaluate", str(cli_gold), "--json"])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    report = json.loads(result.stdout)  # the whole of stdout is one JSON object
    assert isinstance(report, dict)
    entry = report["files"][str(cli_gold)]
    assert (entry["items"], "origins" in entry) == (3, False)
    assert {name: f["n"] for name, f in entry["fields"].items()} == {
        "event_type": 2, "sub_event_type": 2, "actors_f1": 1, "actor1": 1, "actor2": 1,
        "admin1": 1, "fatalities": 3, "event_date": 2,
    }  # fmt: skip
    assert all(set(f) == {"score", "n"} and 0 <= f["score"] <= 1 for f in entry["fields"].values())
    # the command prints what the library computes, field by field
    items = list(read_gold(cli_gold))
    by_id = {item.article.id: item for item in items}
    expected: dict[str, list[float]] = {}
    for article, events in extract_many([i.article for i in items], kit=load_kit()):
        first = events[0] if events else None
        for name, value in score_item(by_id[article.id].gold, first).items():
            expected.setdefault(name, []).append(value)
    assert {name: f["score"] for name, f in entry["fields"].items()} == {
        name: round(sum(v) / len(v), 4) for name, v in expected.items()
    }
    assert entry["no_event"] >= 1  # the weather report has no event
    assert entry["fields"]["fatalities"]["score"] == pytest.approx(
        sum(expected["fatalities"]) / 3, abs=1e-4
    )


def test_sitrep_evaluate_table(cli_gold: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", str(cli_gold)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "hand.jsonl (n=3)" in result.stdout
    for name in ("event_type", "sub_event_type", "actors_f1", "fatalities", "event_date"):
        assert any(line.split("│")[1].strip() == name for line in result.stdout.splitlines()
                   if line.count("│") >= 2), name  # fmt: skip


def test_sitrep_evaluate_bad_gold_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("{broken\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--json"])
    assert result.exit_code == 1
    assert f"{path}:1: invalid JSON" in result.stderr
    assert result.stdout == ""


# --- quality gate on shared/eval/dev -----------------------------------------------------------


def load_floors() -> dict[str, dict[str, float]]:
    floors = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    return {name: fields for name, fields in floors.items() if not name.startswith("_")}


FLOORS = load_floors()


def test_floors_only_move_up() -> None:
    "eval_floors.json keeps every floor the issue set, at that level or above."
    for name, fields in ISSUE_FLOORS.items():
        for field, floor in fields.items():
            assert FLOORS[name][field] >= floor, (name, field)


@pytest.fixture(scope="module")
def dev_report() -> dict[str, Any]:
    "One `sitrep evaluate ... --json` run over both dev files (about 20 s)."
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} does not exist: no dev gold to gate on (CI always has it)")
    paths = [str(DEV / name) for name in FLOORS]
    result = CliRunner().invoke(cli, ["evaluate", *paths, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_dev_eval_scores_every_item(dev_report: dict[str, Any]) -> None:
    acled = dev_report["files"][str(DEV / "acled_rpanlilio.jsonl")]
    fakes = dev_report["files"][str(DEV / "fakes.jsonl")]
    assert (acled["items"], fakes["items"]) == (410, 150)
    assert acled["fields"]["event_type"]["n"] == 410
    assert acled["fields"]["fatalities"]["n"] == 410
    assert fakes["fields"]["fatalities"]["n"] == 150
    assert "event_type" not in fakes["fields"]  # FA-KES gold has no event type


@pytest.mark.parametrize(
    "name, field", [(name, field) for name, fields in FLOORS.items() for field in fields]
)
def test_dev_floors(dev_report: dict[str, Any], name: str, field: str) -> None:
    score = dev_report["files"][str(DEV / name)]["fields"][field]["score"]
    assert score >= FLOORS[name][field], f"{name} {field}: {score} is below its floor"


# --- multi-event gold (shared/spec/events.md, "Multi-event gold") -----------------------------
# A hand-written report (not from any gold set): four sentences, five events, one of them
# background, two told in the same sentence.

RAID = "Rebels attacked an army post in Northtown on Monday, killing four soldiers, the army said."
DRONE = "Separately, a drone strike hit a market in Southville, killing two civilians."
PAST = "Last year, a similar raid on Northtown killed 30 people."
GUNMEN = "Gunmen killed three villagers and abducted two others in Eastbury on Tuesday."
REPORT = " ".join([RAID, DRONE, PAST, GUNMEN])
VAC = "Violence against civilians"


def gold_event(*evidence: str, required: bool = True, **changes: Any) -> dict[str, Any]:
    "A gold event in the multi-event format; by default what `event()` predicts."
    gold: dict[str, Any] = {
        "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": SYRIA,
        "actor2": HTS, "assoc_actor_1": [], "assoc_actor_2": [], "location": "Aleppo",
        "admin1": "Aleppo", "country": "Syria", "latitude": ALEPPO[0], "longitude": ALEPPO[1],
        "geo_precision": 1, "event_date": "2020-05-02", "fatalities": None, "claimant": None,
        "required": required, "evidence": list(evidence), "alternatives": {},
    }  # fmt: skip
    gold.update(changes)
    return gold


def toll(n: int) -> dict[str, int]:
    return {"best": n, "low": n, "high": n}


GOLD_EVENTS = [
    gold_event(RAID, fatalities=toll(4), claimant="Syrian Observatory for Human Rights"),
    gold_event(DRONE, event_type="Explosions/Remote violence",
               sub_event_type="Air/drone strike", actor2=CIVILIANS, fatalities=toll(2)),
    gold_event(PAST, required=False, fatalities=toll(30)),
    gold_event(GUNMEN, event_type=VAC, sub_event_type="Attack", actor2=CIVILIANS,
               fatalities=toll(3)),
    gold_event(GUNMEN, event_type=VAC, sub_event_type="Abduction/forced disappearance",
               actor2=CIVILIANS),
]  # fmt: skip
ATTACK = {"event_type": VAC, "sub_event_type": "Attack", "actor2": CIVILIANS}
ABDUCTION = {"event_type": VAC, "sub_event_type": "Abduction/forced disappearance",
             "actor2": CIVILIANS}  # fmt: skip
STRIKE = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
          "actor2": CIVILIANS}  # fmt: skip


def told(*sentences: str, name: str = "p", claimants: tuple[str, ...] = (), **kw: Any) -> Event:
    "A prediction resting on sentences of REPORT, its toll claimed by `claimants`."
    spans = tuple(Evidence.at(REPORT, REPORT.index(s), REPORT.index(s) + len(s)) for s in sentences)
    claims = tuple(
        Claim.on(spans[0], field="fatalities", value=1, claimant=c, via=None) for c in claimants
    )
    return replace(event(**kw), event_id=name, article_id="m1", evidence=spans, claims=claims)


def multi_line(article_id: str, golds: list[dict[str, Any]], **top: Any) -> str:
    return json.dumps({"id": article_id, "text": REPORT, "gold_events": golds, **top})


@pytest.fixture
def report_item(tmp_path: Path) -> GoldItem:
    path = tmp_path / "multi.jsonl"
    path.write_text(multi_line("m1", GOLD_EVENTS, outlet="The Daily Example (AFP)") + "\n")
    (item,) = read_gold(path)
    return item


def test_each_prediction_matches_the_gold_event_told_in_its_sentences(
    report_item: GoldItem,
) -> None:
    events = [
        told(RAID, name="raid"),
        told(DRONE, name="drone", **STRIKE),
        told(GUNMEN, name="attack", **ATTACK),
        told(GUNMEN, name="abd", **ABDUCTION),
    ]
    match = match_events(events, report_item.gold_events or ())
    assert [(events[p].event_id, g) for p, g, _ in match.pairs] == [
        ("raid", 0), ("drone", 1), ("attack", 3), ("abd", 4)
    ]  # fmt: skip
    tally, diagnostic = score_article(report_item, events)
    assert tally.report()["events"] == {
        "predicted": 4, "gold_required": 4, "gold_optional": 1, "matched": 4,
        "matched_required": 4, "matched_optional": 0, "missed_required": 0, "duplicates": 0,
        "spurious": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0,
    }  # fmt: skip
    assert (diagnostic["spurious"], diagnostic["missed"], diagnostic["duplicates"]) == ([], [], [])


def test_equal_shares_go_to_the_gold_event_whose_fields_agree(report_item: GoldItem) -> None:
    "The attack and the abduction are told in one sentence: the sub-event type decides."
    golds = report_item.gold_events or ()
    for order in ([ABDUCTION, ATTACK], [ATTACK, ABDUCTION]):
        events = [told(GUNMEN, name=kw["sub_event_type"], **kw) for kw in order]
        match = match_events(events, golds)
        paired = {events[p].event_id: golds[g].gold["sub_event_type"] for p, g, _ in match.pairs}
        assert paired == {
            "Attack": "Attack",
            ABDUCTION["sub_event_type"]: ABDUCTION["sub_event_type"],
        }


def test_a_second_prediction_of_a_matched_event_is_a_duplicate(report_item: GoldItem) -> None:
    events = [told(RAID, name="first"), told(RAID, name="again"), told(DRONE, name="d", **STRIKE)]
    tally, diagnostic = score_article(report_item, events)
    figures = tally.report()["events"]
    assert (figures["matched"], figures["duplicates"], figures["spurious"]) == (2, 1, 0)
    assert figures["precision"] == pytest.approx(2 / 3, abs=1e-4)  # duplicates count against it
    assert figures["recall"] == 0.5
    assert [(d["event_id"], d["duplicate_of_gold"]) for d in diagnostic["duplicates"]] == [
        ("again", 0)
    ]


def test_background_gold_is_optional(report_item: GoldItem) -> None:
    "Outputting the background event is right; missing it costs nothing."
    with_past, _ = score_article(report_item, [told(PAST, fatalities=(30, 30, 30))])
    without, diagnostic = score_article(report_item, [])
    assert with_past.report()["events"]["precision"] == 1.0
    assert with_past.report()["events"]["recall"] == 0.0
    assert (with_past.matched_optional, with_past.matched_required) == (1, 0)
    assert without.report()["events"]["missed_required"] == 4
    assert [m["gold"] for m in diagnostic["missed"]] == [0, 1, 3, 4]  # not the background 2
    # the background toll is owed only when the event is output: 4 + 2 + 3 (+ 30)
    assert (with_past.gold_toll, without.gold_toll) == (39, 9)


def test_a_prediction_spread_over_several_events_matches_none(report_item: GoldItem) -> None:
    "Under a third of its text in each event told in four sentences: under MIN_SHARE for all."
    spread = told(RAID, DRONE, PAST, GUNMEN, name="spread")
    tally, diagnostic = score_article(report_item, [spread])
    assert round(MIN_SHARE, 4) == 0.3333
    assert max(overlap_share(spread, g) for g in report_item.gold_events or ()) < MIN_SHARE
    assert (tally.matched, tally.spurious, tally.duplicates) == (0, 1, 0)
    (spurious,) = diagnostic["spurious"]
    assert spurious["event_id"] == "spread"
    assert spurious["type"] == "Battles / Armed clash"
    assert spurious["evidence"] == " ".join([RAID, DRONE, PAST, GUNMEN])
    assert spurious["nearest_gold"] == 0  # the raid sentence is the longest


def test_a_frame_with_a_context_sentence_still_matches(report_item: GoldItem) -> None:
    "The raid told with the background sentence after it: mostly the raid, so the raid."
    share = len(RAID) / (len(RAID) + len(PAST))
    assert MIN_SHARE < share < 0.75
    tally, _ = score_article(report_item, [told(RAID, PAST, name="raid+past")])
    assert (tally.matched_required, tally.matched_optional, tally.spurious) == (1, 0, 0)


def test_mentions_and_claims_count_towards_the_share(report_item: GoldItem) -> None:
    "Evidence in the raid sentence, a place named in the drone sentence: mostly the raid."
    golds = report_item.gold_events or ()
    south = REPORT.index("Southville")
    place = Place(name="Southville", mentions=(Evidence.at(REPORT, south, south + 10),))
    prediction = replace(told(RAID), location=place)
    share = overlap_share(prediction, golds[0])
    assert share == pytest.approx(len(RAID) / (len(RAID) + 10))
    assert overlap_share(prediction, golds[1]) == pytest.approx(10 / (len(RAID) + 10))
    assert overlap_share(replace(prediction, evidence=()), golds[1]) == 1.0
    assert overlap_share(replace(prediction, evidence=(), location=None), golds[0]) == 0.0


def test_alternatives_count_as_right(tmp_path: Path) -> None:
    gold = gold_event(RAID, fatalities=toll(4), alternatives={
        "sub_event_type": ["Government regains territory"], "event_date": ["2020-05-01"],
        "fatalities": [{"best": 5, "low": 5, "high": 5}], "location": ["Idlib"],
        "actor2": ["Opposition Rebels (Syria)"],
    })  # fmt: skip
    path = tmp_path / "alt.jsonl"
    path.write_text(multi_line("m1", [gold]) + "\n")
    (item,) = read_gold(path)
    other = told(RAID, sub_event_type="Government regains territory", fatalities=(5, 5, 5),
                 event_date=date(2020, 5, 1), at=IDLIB, admin1="Idleb",
                 actor2="Opposition Rebels (Syria)")  # fmt: skip
    other = replace(other, location=replace(other.location, name="Idlib"))  # type: ignore[arg-type]
    scores = score_article(item, [other])[0].report()["fields"]
    for name in ("sub_event_type", "event_date", "fatalities", "location_10km", "actor2",
                 "actors_f1"):  # fmt: skip
        assert scores[name]["score"] == 1.0, name
    assert scores["admin1"]["score"] == 0.0  # no alternative admin1: Idleb is still wrong
    plain = gold_event(RAID, fatalities=toll(4))
    path.write_text(multi_line("m1", [plain]) + "\n")
    (item,) = read_gold(path)
    scores = score_article(item, [other])[0].report()["fields"]
    for name in ("sub_event_type", "event_date", "fatalities", "location_10km", "actor2"):
        assert scores[name]["score"] == 0.0, name


@pytest.mark.parametrize(
    "claimant, predicted, right",
    [
        ("Syrian Observatory for Human Rights", ("SOHR",), True),  # an alias in sources.tsv
        ("Syrian Observatory for Human Rights", ("The Daily Example (AFP)",), False),
        ("Syrian Observatory for Human Rights", (), False),  # no fatalities claim: no one
        (None, ("The Daily Example (AFP)",), True),  # null: the outlet itself
        (None, ("The Daily Example",), True),
        (None, ("Agence France-Presse",), True),  # the wire the outlet carries
        (None, ("Unattributed",), True),
        (None, ("Syrian Observatory for Human Rights",), False),
        ("Local officials", ("local officials",), True),  # not in the lexicon: folded names
        ("Local officials", ("Unattributed", "Local Officials"), True),  # any fatalities claim
        # A source that is an actor compares by the actor rules' name, on both sides.
        ("Syrian army", ("Military Forces of Syria (2000-)",), True),
        ("the army", ("Military Forces of Syria (2000-)",), True),  # the gold event's country
        ("Syrian army", ("Police Forces of Syria (2000-)",), False),
        ("Local officials", ("Military Forces of Syria (2000-)",), False),
    ],
)
def test_claimant_canonical_names(
    tmp_path: Path, claimant: str | None, predicted: tuple[str, ...], right: bool
) -> None:
    path = tmp_path / "claim.jsonl"
    gold = gold_event(RAID, fatalities=toll(4), claimant=claimant)
    path.write_text(multi_line("m1", [gold], outlet="The Daily Example (AFP)") + "\n")
    (item,) = read_gold(path)
    fields = score_article(item, [told(RAID, claimants=predicted)])[0].report()["fields"]
    assert fields["claimant"] == {"score": float(right), "n": 1}


def test_claimant_is_scored_only_where_gold_has_a_toll(report_item: GoldItem) -> None:
    events = [told(GUNMEN, name="abd", claimants=("Unattributed",), **ABDUCTION)]
    fields = score_article(report_item, events)[0].report()["fields"]
    assert "claimant" not in fields  # the abduction has no toll in gold
    assert fields["fatalities"] == {"score": 1.0, "n": 1}  # gold null counts as 0


def test_fatalities_total_ratio_counts_every_prediction(report_item: GoldItem) -> None:
    "A toll that belongs to no gold event (here a war's total) shows in the ratio."
    events = [told(RAID, fatalities=(4, 4, 4)), told(DRONE, fatalities=(10, 10, 10), **STRIKE),
              replace(told(name="war total", fatalities=(100, 100, 100)), evidence=())]  # fmt: skip
    report = score_article(report_item, events)[0].report()
    assert report["fatalities_total"] == {"predicted": 114, "gold": 9, "ratio": 12.6667}
    assert report["events"]["spurious"] == 1


def test_gold_quotes_are_located_in_the_text() -> None:
    text = "A said this. B happened. A said this. C happened."
    first, second = 0, text.index("A said this.", 1)
    assert gold_spans(text, ["A said this."]) == ((first, 12), (second, second + 12))  # both
    near_c = gold_spans(text, ["A said this.", "C happened."])  # the one beside C
    assert near_c == ((second, second + 12), (text.index("C"), len(text)))
    assert gold_spans("One\nline broken.", ["One line broken."]) == ((0, 16),)
    with pytest.raises(ValueError, match="not in the text"):
        gold_spans(text, ["D happened."])


def test_bad_multi_event_gold_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(multi_line("m1", [gold_event("Nobody wrote this.")]) + "\n")
    with pytest.raises(GoldError, match=rf"^{path}:1: gold_events\[0\]: evidence quote"):
        list(read_gold(path))
    path.write_text(multi_line("m1", [gold_event()]) + "\n")
    with pytest.raises(GoldError, match="non-empty list of quotes"):
        list(read_gold(path))
    path.write_text(multi_line("m1", GOLD_EVENTS) + "\n" + gold_line("s1", "x", {}) + "\n")
    with pytest.raises(GoldError, match=rf"^{path}:2: .*own file"):
        list(read_gold(path))


def test_evaluate_reports_multi_event_files_beside_single_gold(
    tmp_path: Path, two_origins: Path
) -> None:
    multi = tmp_path / "news.jsonl"
    multi.write_text(
        multi_line("m1", GOLD_EVENTS, origin="wire") + "\n"
        + multi_line("m2", GOLD_EVENTS[:2], origin="local") + "\n"
    )  # fmt: skip
    predictions = dict(
        PREDICTIONS,
        m1=[told(RAID, name="raid", fatalities=(4, 4, 4), actor2=CIVILIANS),
            told(PAST, name="past", fatalities=(30, 30, 30)),
            replace(told(name="nowhere"), evidence=())],
        m2=[],
    )  # fmt: skip
    diagnostics: list[dict[str, Any]] = []
    report = evaluate(
        [two_origins, multi], run=stub_run(predictions), on_article=diagnostics.append
    )
    assert report["all"]["items"] == 3  # the single-gold file, as before
    entry = report["files"][str(multi)]
    assert entry["format"] == "multi-event"
    assert (entry["items"], entry["no_event"]) == (2, 1)
    assert entry["events"] == {
        "predicted": 3, "gold_required": 6, "gold_optional": 1, "matched": 2,
        "matched_required": 1, "matched_optional": 1, "missed_required": 5, "duplicates": 0,
        "spurious": 1, "precision": 0.6667, "recall": 0.1667, "f1": 0.2667,
    }  # fmt: skip
    assert entry["fields"]["actor2"] == {"score": 0.5, "n": 2}
    assert entry["fields"]["claimant"] == {"score": 0.0, "n": 2}  # neither names anyone
    assert entry["fatalities_total"] == {"predicted": 34, "gold": 9 + 30 + 6, "ratio": 0.7556}
    assert set(entry["origins"]) == {"local", "wire"}
    assert entry["origins"]["local"]["events"]["missed_required"] == 2
    assert report["all_events"]["events"] == entry["events"]
    # one diagnostic per article: three single-gold, then the two reports
    assert [d["id"] for d in diagnostics] == ["a1", "a2", "b1", "m1", "m2"]
    m1 = diagnostics[3]
    assert m1["file"] == str(multi) and m1["origin"] == "wire"
    assert [s["event_id"] for s in m1["spurious"]] == ["nowhere"]
    assert [m["gold"] for m in m1["missed"]] == [1, 3, 4]
    (raid,) = [m for m in m1["mismatches"] if m["event_id"] == "raid"]
    wrong = {f["field"]: (f["predicted"], f["gold"]) for f in raid["fields"]}
    assert wrong["actor2"] == (CIVILIANS, HTS)
    assert wrong["claimant"] == ([], "Syrian Observatory for Human Rights")
    assert diagnostics[1]["mismatches"] == [
        {"field": "event_type", "predicted": "Protests", "gold": "Riots"}
    ]  # single gold: what the first event got wrong


def test_sitrep_evaluate_takes_single_and_multi_event_files_together(
    cli_gold: Path, tmp_path: Path
) -> None:
    multi = tmp_path / "report.jsonl"
    multi.write_text(multi_line("m1", GOLD_EVENTS, published="2020-05-05") + "\n")
    errors = tmp_path / "errors.jsonl"
    args = ["evaluate", str(cli_gold), str(multi)]
    result = CliRunner().invoke(cli, [*args, "--json", "--errors", str(errors)])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    report = json.loads(result.stdout)
    assert report["files"][str(cli_gold)]["items"] == 3
    entry = report["files"][str(multi)]
    assert (entry["format"], entry["items"], entry["events"]["gold_required"]) == (
        "multi-event",
        1,
        4,
    )
    assert report["all_events"]["events"] == entry["events"]
    lines = [json.loads(line) for line in errors.read_text().splitlines()]
    assert [d["id"] for d in lines] == ["g1", "g2", "g3", "m1"]
    assert {"spurious", "duplicates", "missed", "mismatches"} <= set(lines[-1])
    table = CliRunner().invoke(cli, args, env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "hand.jsonl (n=3)" in table.stdout and "report.jsonl (n=1)" in table.stdout
    rows = {line.split("│")[1].strip() for line in table.stdout.splitlines() if line.count("│") > 2}
    assert {"event precision", "event recall", "event f1", "events duplicates", "claimant",
            "fatalities total ratio", "event_type", "fatalities"} <= rows  # fmt: skip


def test_sitrep_evaluate_news_dev_set_report_shape(tmp_path: Path) -> None:
    "The multi-event dev set: 60 reports, 120 required and 56 background events (no floors yet)."
    news = DEV / "news.jsonl"
    if not news.is_file():
        pytest.skip(f"{news} does not exist: no multi-event dev gold")
    errors = tmp_path / "news-errors.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", str(news), "--json", "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"files", "all_events"}  # no single-gold file, no single-gold total
    entry = report["files"][str(news)]
    assert set(entry) == {"format", "items", "no_event", "events", "fields", "fatalities_total"}
    assert entry["items"] == 60
    events = entry["events"]
    assert (events["gold_required"], events["gold_optional"]) == (120, 56)
    assert events["matched"] == events["matched_required"] + events["matched_optional"]
    assert events["predicted"] == events["matched"] + events["duplicates"] + events["spurious"]
    assert events["missed_required"] == 120 - events["matched_required"]
    for key in ("precision", "recall", "f1"):
        assert 0 <= events[key] <= 1
    assert set(entry["fields"]) <= set(MULTI_FIELDS)
    assert {"event_type", "fatalities", "claimant"} <= set(entry["fields"])
    assert entry["fields"]["event_type"]["n"] == events["matched"]
    assert entry["fields"]["claimant"]["n"] <= events["matched"]
    total = entry["fatalities_total"]
    assert total["gold"] > 0 and total["ratio"] == round(total["predicted"] / total["gold"], 4)
    lines = errors.read_text().splitlines()
    assert len(lines) == 60
    missed = sum(len(json.loads(line)["missed"]) for line in lines)
    assert missed == events["missed_required"]


def test_errors_goes_with_gold_files_only(tmp_path: Path) -> None:
    gold = Path(__file__).with_name("data") / "reconcile" / "gold.tsv"
    args = ["evaluate", "--reconcile", str(gold), "--errors", str(tmp_path / "e.jsonl")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "--errors goes with GOLD files" in result.stderr


def test_diagnostic_says_where_a_missed_event_went(report_item: GoldItem) -> None:
    "The abduction is missed because the one prediction in its sentence went to the attack."
    attack = told(GUNMEN, name="attack", at=IDLIB, admin1="Idleb", **ATTACK)
    _, diagnostic = score_article(report_item, [attack])
    abduction = next(m for m in diagnostic["missed"] if m["gold"] == 4)
    assert abduction["type"] == "Violence against civilians / Abduction/forced disappearance"
    assert abduction["evidence"] == GUNMEN
    assert (abduction["nearest_prediction"], abduction["share"], abduction["its_gold"]) == (
        "attack",
        1.0,
        3,
    )
    (pair,) = diagnostic["mismatches"]
    assert (pair["gold"], pair["event_id"]) == (3, "attack")
    wrong = {f["field"]: f for f in pair["fields"]}
    assert wrong["admin1"] == {"field": "admin1", "predicted": "Idleb", "gold": "Aleppo"}
    assert 50 < wrong["location_10km"]["km"] < 60  # Idlib is about 56 km from Aleppo
    assert "location_50km" not in wrong  # one line per place


#: Floors on the real news reports (issue 10), a few items below what was measured when they
#: were last raised (precision 0.925 of 120 predictions, recall 0.825 of 120 required events,
#: F1 0.872, and the fields on 111 matched pairs: event_type 0.901, actor1 0.829, actor2 0.730,
#: fatalities 0.874; event_date 0.911 on 101, claimant 0.820 on 61); like eval_floors.json they
#: only move up.
NEWS_EVENT_FLOORS = {"precision": 0.92, "recall": 0.9, "f1": 0.91}
NEWS_FIELD_FLOORS = {
    # A few items below what was measured after the tenth round (122 matched pairs):
    # event_type 0.926, actor1 0.853, actor2 0.803, fatalities 0.885, event_date 0.955 (112
    # dated), claimant 0.846 (65).
    "event_type": 0.9,
    "actor1": 0.83,
    "actor2": 0.78,
    "fatalities": 0.86,
    "event_date": 0.93,
    "claimant": 0.8,
    # Geocoding (issue 11): country 0.984, admin1 0.843, within 10 km 0.579, within 50 km
    # 0.818 of 121 located pairs after the tenth round.
    "country": 0.95,
    "admin1": 0.82,
    "location_10km": 0.55,
    "location_50km": 0.79,
}


@pytest.fixture(scope="module")
def news_report() -> dict[str, Any]:
    "One `sitrep evaluate news.jsonl --json` run (about 15 s)."
    news = DEV / "news.jsonl"
    if not news.is_file():
        pytest.skip(f"{news} does not exist: no multi-event dev gold")
    result = CliRunner().invoke(cli, ["evaluate", str(news), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["files"][str(news)]


@pytest.mark.parametrize("key", sorted(NEWS_EVENT_FLOORS))
def test_news_event_floors(news_report: dict[str, Any], key: str) -> None:
    assert news_report["events"][key] >= NEWS_EVENT_FLOORS[key]


@pytest.mark.parametrize("field", sorted(NEWS_FIELD_FLOORS))
def test_news_field_floors(news_report: dict[str, Any], field: str) -> None:
    assert news_report["fields"][field]["score"] >= NEWS_FIELD_FLOORS[field]


def test_news_tolls_add_up(news_report: dict[str, Any]) -> None:
    "Issue 10: predicted fatalities sum to between 0.8 and 1.25 times the coded ones."
    assert 0.8 <= news_report["fatalities_total"]["ratio"] <= 1.25


def test_fakes_tolls_add_up_and_war_totals_are_not_tolls() -> None:
    """Issue 10: on the FA-KES articles the predicted fatalities add up to within 1.5x of
    the coded ones (a war's running total, 300,000 since 2011, once made them 200x)."""
    fakes = DEV / "fakes.jsonl"
    if not fakes.is_file():
        pytest.skip(f"{fakes} does not exist")
    result = CliRunner().invoke(cli, ["extract", "--format", "jsonl", str(fakes)])
    predicted = sum(
        ((json.loads(line).get("fatalities") or {}).get("best") or 0)
        for line in result.stdout.splitlines()
        if line.strip()
    )
    coded = sum(
        json.loads(line)["gold"].get("fatalities") or 0 for line in fakes.read_text().splitlines()
    )
    assert coded / 1.5 <= predicted <= coded * 1.5, (predicted, coded)
    # Issue 10 asks for at most 1.6 events per article, most FA-KES articles telling one
    # incident. Measured 1.91 (286 events) when this ceiling was last lowered, a few events
    # above it (2.1 at 2.07, 2.35 at 2.31); like the floors it only moves down.
    events = sum(1 for line in result.stdout.splitlines() if line.strip())
    articles = len(fakes.read_text().splitlines())
    assert events / articles <= FAKES_EVENTS_PER_ARTICLE, (events, articles)
    # Issue 11: a place the gazetteer gave no point carries no precision either.
    places = [
        json.loads(line)["location"]
        for line in result.stdout.splitlines()
        if line.strip() and json.loads(line).get("location")
    ]
    claimed = [p["name"] for p in places if p["geo_precision"] and p["latitude"] is None]
    assert places and not claimed, claimed


FAKES_EVENTS_PER_ARTICLE = 1.63  # 240 events measured (1.60, the issue's bar), plus slack


# --- reconciliation: pairwise scores, and incidents derived from single gold -----------------


def incident(incident_id: str, *articles: str) -> Incident:
    "A predicted incident holding one event of each article (ids 'e-<article>')."
    return Incident(
        incident_id=incident_id,
        events=tuple(f"e-{a}" for a in articles),
        articles=articles,
        event_date=None,
        date_precision=None,
        event_type="Battles",
        sub_event_type="Armed clash",
        actors=(),
        location=None,
        fatalities=None,
        wounded=None,
        captured=None,
        figures=(),
        contradictions=(),
        sources=(),
    )


def test_pairwise_scores_count_pairs_that_share_an_incident() -> None:
    predicted = [incident("i1", "a", "b"), incident("i2", "c", "d"), incident("i3", "e")]
    gold = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y", "f": "Y"}  # f was never predicted
    scores = pairwise_scores(predicted, gold)
    assert scores["pairs"] == {"gold": 3 + 3, "predicted": 1 + 1, "correct": 1}
    assert (scores["precision"], scores["recall"]) == (0.5, round(1 / 6, 4))
    assert scores["gold_incidents"] == 2 and scores["items"] == 6
    perfect = pairwise_scores(predicted, {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Z"})
    assert (perfect["precision"], perfect["recall"], perfect["f1"]) == (1.0, 1.0, 1.0)
    # Items are event ids or article ids alike.
    by_event = pairwise_scores(predicted, {"e-a": "X", "e-b": "X"})
    assert (by_event["precision"], by_event["recall"]) == (1.0, 1.0)


GOVERNMENT = "syrian government or russian troops"


def coded(
    article_id: str,
    outlet: str,
    day: str,
    *,
    place: str = "idlib",
    cause: str = "shelling",
    side: str = GOVERNMENT,
    toll: int = 12,
) -> GoldItem:
    "A single-gold article coded the FA-KES way (hand-made: these articles do not exist)."
    gold = {
        "location_raw": place,
        "cause_of_death_raw": cause,
        "actor_category_raw": side,
        "fatalities": toll,
    }
    article = Article(
        id=article_id, text="(not read)", published=date.fromisoformat(day), outlet=outlet
    )
    return GoldItem(article, gold, "hand")


def test_same_incident_by_place_kind_day_and_toll_or_side() -> None:
    wire = coded("w", "Wire", "2020-05-02")
    assert same_incident(wire, coded("p", "Paper", "2020-05-03"))  # one toll, next day's paper
    assert same_incident(wire, coded("a", "Agency", "2020-05-02", toll=30))  # same day, side
    assert not same_incident(wire, coded("b", "Agency", "2020-05-03", toll=30))  # neither
    assert not same_incident(wire, coded("c", "Wire", "2020-05-02", toll=30))  # one outlet, 2 tolls
    assert not same_incident(wire, coded("u", "Agency", "2020-05-02", side="unknown", toll=5))
    assert not same_incident(wire, coded("x", "Paper", "2020-05-02", cause="explosion"))
    assert not same_incident(wire, coded("y", "Paper", "2020-05-02", place="aleppo"))
    assert not same_incident(wire, coded("z", "Paper", "2020-05-05"))  # three days on
    assert not same_incident(wire, coded("n", "Paper", "2020-05-02", toll=0))  # no deaths coded
    # Tolls in the hundreds are estimates: within a tenth they agree.
    big = coded("g1", "Wire", "2019-03-10", place="hama", toll=600)
    assert same_incident(big, coded("g2", "Wire", "2019-03-10", place="hama", toll=650))
    small = coded("s1", "Wire", "2020-05-02", toll=20, side="unknown")
    assert not same_incident(small, coded("s2", "Paper", "2020-05-02", toll=22, side="unknown"))


def test_derived_incidents_join_chains_of_pairs() -> None:
    items = [
        coded("w", "Wire", "2020-05-02"),
        coded("p", "Paper", "2020-05-03"),  # pairs with w (one toll)
        coded("a", "Agency", "2020-05-02", toll=30),  # pairs with w (same day and side)
        coded("x", "Paper", "2020-05-02", cause="explosion"),
        coded("y", "Paper", "2020-05-02", place="aleppo"),
    ]
    labels = derive_incidents(items)
    assert labels == {"w": "a", "p": "a", "a": "a", "x": "x", "y": "y"}
    scores = pairwise_scores([incident("i1", "w", "p"), incident("i2", "a", "x")], labels)
    assert scores["pairs"] == {"gold": 3, "predicted": 2, "correct": 1}


def test_sitrep_evaluate_reconcile_derives_incidents_from_single_gold(tmp_path: Path) -> None:
    "A JSON Lines gold file beside a written TSV set: both scored, a column each."
    gold = {"location_raw": "kharkiv", "cause_of_death_raw": "shelling",
            "actor_category_raw": "russian troops", "fatalities": 7}  # fmt: skip
    lines = [
        {"id": "w1", "published": "2024-05-23", "outlet": "Reuters", "gold": gold,
         "text": "Russian missiles struck Kharkiv on Thursday, killing seven people, the "
                 "regional governor said."},
        {"id": "w2", "published": "2024-05-24", "outlet": "Ukrinform", "gold": gold,
         "text": "A Russian missile strike on a printing house in Kharkiv killed seven people "
                 "yesterday, the police said."},
        {"id": "w3", "published": "2024-05-27", "outlet": "Associated Press",
         "gold": {**gold, "fatalities": 6},
         "text": "Russian guided bombs struck a hardware store in Kharkiv on Saturday, killing "
                 "at least six people, officials said."},
    ]  # fmt: skip
    path = tmp_path / "single.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    written = Path(__file__).with_name("data") / "reconcile" / "gold.tsv"
    result = CliRunner().invoke(cli, ["evaluate", "--reconcile", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["files"][str(path)]
    assert (report["labels"], report["articles"], report["gold_incidents"]) == ("derived", 3, 2)
    assert report["pairs"]["gold"] == 1
    assert report["precision"] == report["recall"] == 1.0
    table = CliRunner().invoke(
        cli, ["evaluate", "--reconcile", str(written), "--reconcile", str(path)],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert table.exit_code == 0, table.output
    assert "gold.tsv (written)" in table.stdout and "single.jsonl (derived)" in table.stdout
    rows = {line.split("│")[1].strip(): line for line in table.stdout.splitlines() if "│" in line}
    assert rows["recall"].split("│")[3].strip() == "1.000"


def test_multi_event_gold_has_no_incidents_to_derive(tmp_path: Path) -> None:
    path = tmp_path / "multi.jsonl"
    path.write_text(
        json.dumps({"id": "m", "text": "Gunmen killed two.", "gold_events": []}) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["evaluate", "--reconcile", str(path)])
    assert result.exit_code == 1
    assert "no incident labels to derive" in result.output


#: Floors on reconciliation of the FA-KES dev articles (issue 12), pairs derived from their
#: coding by `derive_incidents`, a few items below what was measured when they were set
#: (precision 0.263 = 5 of 19 predicted pairs, recall 0.417 = 5 of 12 gold pairs; 0.222 and
#: 0.333 before). Like eval_floors.json they only move up.
FAKES_RECONCILE_FLOORS = {"precision": 0.20, "recall": 0.33}


@pytest.fixture(scope="module")
def fakes_reconcile_report() -> dict[str, Any]:
    "One `sitrep evaluate --reconcile fakes.jsonl --json` run (about 20 s)."
    fakes = DEV / "fakes.jsonl"
    if not fakes.is_file():
        pytest.skip(f"{fakes} does not exist")
    result = CliRunner().invoke(cli, ["evaluate", "--reconcile", str(fakes), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["files"][str(fakes)]


def test_fakes_reconcile_pairs_are_derived_from_the_coding(
    fakes_reconcile_report: dict[str, Any],
) -> None:
    report = fakes_reconcile_report
    assert (report["labels"], report["articles"]) == ("derived", 150)
    assert report["pairs"]["gold"] >= 10  # reports of one incident the coding shows


@pytest.mark.parametrize("key", sorted(FAKES_RECONCILE_FLOORS))
def test_fakes_reconcile_floors(fakes_reconcile_report: dict[str, Any], key: str) -> None:
    assert fakes_reconcile_report[key] >= FAKES_RECONCILE_FLOORS[key], (
        fakes_reconcile_report["split"],
        fakes_reconcile_report["merged"],
    )


# --- geocoding across every development file (issue 11) --------------------------------------

#: Events placed in a country the report does not name (nor implies through its actors'
#: homes or nationalities), each where the text itself puts it there.
PLACED_ABROAD = {
    # "Turkish forces closed all of Afrin's entrances": the Syrian town is named, and only
    # the forces' nationality is.
    ("acled-a-SYR77944", "Afrin", "SYR"),
}


_SPEAKS_AFTER = re.compile(r",?\s+(?:said|says|told|added|who)\b")
_PEOPLE_OF = re.compile(r"\b(?:villagers|residents|people|inhabitants|natives)\s+of\s+$")
_TITLE_BEFORE = re.compile(
    r"\b(?:President|Prime Minister|Minister|General|Gen\.|Colonel|Col\.|Mr\.?|Mrs\.?|Ms\.?|"
    r"Dr\.?|spokesman|spokeswoman|commander|leader|chief)\s+$"
)


@pytest.fixture(scope="module")
def dev_places(kit: Kit) -> list[tuple[str, Event, frozenset[str], list[tuple[int, int]]]]:
    """Every event of the 620 development articles with its article id, the report's own
    countries (`Context.ranked_countries`: named, or homes of named actors and
    nationalities; empty when the report names none) and the spans the parse calls a
    person and the text treats as one (spaCy's small model calls many a village a PERSON)."""
    if not DEV.is_dir():
        pytest.skip(f"{DEV} does not exist")
    articles = [
        Article(
            id=item["id"],
            text=item["text"],
            published=date.fromisoformat(item["published"][:10]) if item.get("published") else None,
            outlet=item.get("outlet"),
            title=item.get("title"),
        )
        for name in ("acled_rpanlilio.jsonl", "fakes.jsonl", "news.jsonl")
        for item in map(json.loads, (DEV / name).read_text(encoding="utf-8").splitlines())
    ]
    out = []
    docs = kit.nlp.pipe([a.text for a in articles], batch_size=32)
    for article, doc in zip(articles, docs, strict=True):
        ctx = read_context(article, kit, doc)
        own = frozenset(c.iso3 for c in ctx.ranked_countries)
        # A PERSON the text treats as one: a title before it or a verb of saying after it
        # (not "villagers of X who had fought": the people of a place are who).
        persons = [
            (x.start_char, x.end_char)
            for x in doc.ents
            if x.label_ == "PERSON"
            and (
                _SPEAKS_AFTER.match(article.text, x.end_char)
                or _TITLE_BEFORE.search(article.text[max(0, x.start_char - 30) : x.start_char])
            )
            and not _PEOPLE_OF.search(article.text[max(0, x.start_char - 30) : x.start_char])
        ]
        out += [(article.id, e, own, persons) for e in extract(article, kit=kit, doc=doc)]
    return out


def test_no_event_lies_outside_the_reports_countries(dev_places: list) -> None:
    """Issue 11: an event lies in a country the report names or implies (its actors, its
    nationalities), unless the text puts it there; a report that names no country is placed
    by its places. Each event placed elsewhere is listed in PLACED_ABROAD with why."""
    abroad = {
        (article_id, e.location.name, e.location.country_code)
        for article_id, e, own, _persons in dev_places
        if own
        and e.location is not None
        and e.location.latitude is not None
        and e.location.country_code not in own
    }
    assert abroad == PLACED_ABROAD


#: Actors whose mention may hold a place's name ("residents of X"): people of the place.
_OF_A_PLACE = ("civilians", "protesters", "rioters")


def test_no_precision_without_a_point_and_no_person_or_group_as_a_place(
    dev_places: list,
) -> None:
    """Issue 11: a place the gazetteer gave no point carries no precision; and no event's
    place is a name the text uses as a person (the parse's PERSON entities) or as a group
    among the event's actors."""
    located = [(a, e, persons) for a, e, _own, persons in dev_places if e.location is not None]
    assert not [
        (a, e.location.name)
        for a, e, _persons in located
        if e.location.geo_precision and e.location.latitude is None
    ]
    misread = []
    for article_id, event, persons in located:
        spans = [(m.start, m.end) for m in event.location.mentions]
        groups = [
            (m.start, m.end)
            for actor in event.actors
            if actor.kind not in _OF_A_PLACE
            for m in actor.mentions
        ]
        person = any(p0 <= s and e <= p1 for s, e in spans for p0, p1 in persons)
        if person or any(g0 <= s and e <= g1 for s, e in spans for g0, g1 in groups):
            misread.append((article_id, event.location.name))
    assert not misread
