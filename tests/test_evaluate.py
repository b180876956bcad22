"""sitrep.evaluate: the contract's scoring rules as tables, the report, and the quality gate.

shared/spec/events.md, "Evaluation": the gold event is scored against the article's first
output event; only fields present in gold are scored; an article with no event is wrong on
every field. The dev floors in tests/eval_floors.json only move up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.errors import GoldError
from sitrep.evaluate import distance_km, evaluate, normalise_name, read_gold, score_item
from sitrep.models import Actor, Article, Count, Event, Place

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
