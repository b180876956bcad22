"""Every record `sitrep extract --format jsonl` writes matches shared/spec/events.md's tables.

The real pipeline runs (no mocks) on the seed article and on the whole `examples/` folder,
each once per module; each test then checks one part of the contract on every record and
lists every violation it finds, so one failure shows all the records that break the rule.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.models import Article
from sitrep.read import read_articles
from tests.conftest import spec_taxonomy

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "spec" / "seed-article.txt"
EXAMPLES = ROOT / "examples"
SEED_OPTIONS = ("--published", "2024-11-27", "--outlet", "Tasnim News Agency")


EVENT_TYPES = {name: set(subs) for name, subs in spec_taxonomy().items()}
RECORD_KEYS = {
    "event_id", "article_id", "event_date", "date_precision", "event_type", "sub_event_type",
    "actors", "location", "fatalities", "wounded", "captured", "civilian_harm", "claims",
    "sources", "notes", "confidence", "evidence",
}  # fmt: skip
ACTOR_KEYS = {"role", "name", "kind", "country", "mentions"}
ROLES = {"actor1", "assoc_actor_1", "actor2", "assoc_actor_2"}
KINDS = {
    "state forces", "rebel group", "political militia", "identity militia", "rioters",
    "protesters", "civilians", "external force",
}  # fmt: skip
PLACE_KEYS = {
    "name", "admin1", "admin2", "country", "country_code", "latitude", "longitude",
    "geo_precision", "gazetteer_id", "mentions",
}  # fmt: skip
COUNT_KEYS = {"best", "low", "high", "breakdown", "mentions"}
SHARE_KEYS = {"actor", "count", "qualifier"}
QUALIFIERS = {"exact", "at_least", "about", "at_most", "vague"}
CLAIM_KEYS = {"field", "value", "claimant", "via", "quote", "start", "end"}
PRECISIONS = {"day", "week", "month", "year"}
ISO3 = re.compile(r"[A-Z]{3}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LOADED_WORDS = ("terrorist", "foreign-backed", "militant")
#: Loaded wording the examples quote (examples/README.md), which a neutral record never uses.
QUOTED_LABELS = (*LOADED_WORDS, "mercenar", "apostate", "separatist", "nationalist units",
                 "regime", "takfiri")  # fmt: skip


class Run:
    "One `sitrep extract --format jsonl` run: its records and the articles as Sitrep read them."

    def __init__(self, name: str, args: list[str], sources: list[Path],
                 published: date | None, outlet: str | None) -> None:  # fmt: skip
        result = CliRunner().invoke(cli, ["extract", *args, "--format", "jsonl"])
        self.name = name
        self.exit_code = result.exit_code
        self.stderr = result.stderr
        self.exception = result.exception
        self.records = [json.loads(line) for line in result.stdout.splitlines()]
        read = [
            a for a in read_articles(sources, published=published, outlet=outlet)
            if isinstance(a, Article)
        ]  # fmt: skip
        self.article_order = [a.id for a in read]
        self.articles = {a.id: a for a in read}


def extract_run(name: str) -> Run:
    if name == "seed":
        if not SEED.is_file():
            pytest.skip(f"{SEED} is not present (CI always provides it)")
        return Run(
            "seed", [str(SEED), *SEED_OPTIONS], [SEED], date(2024, 11, 27), "Tasnim News Agency"
        )
    return Run("examples", [str(EXAMPLES)], [EXAMPLES], None, None)


@pytest.fixture(scope="module")
def runs() -> dict[str, Run]:
    "The seed and the examples folder, each extracted once (and the seed twice, for ids)."
    out = {"examples": extract_run("examples")}
    if SEED.is_file():
        out["seed"] = extract_run("seed")
        out["seed-again"] = extract_run("seed")
    return out


@pytest.fixture(params=["seed", "examples"])
def run(request: pytest.FixtureRequest, runs: dict[str, Run]) -> Run:
    if request.param not in runs:
        pytest.skip(f"{SEED} is not present (CI always provides it)")
    return runs[request.param]


@pytest.fixture(scope="module")
def canonical_outlet() -> Callable[[str | None], str | None]:
    "The outlet as the contract's `sources` names it: canonical ('L'Orient Today' -> ...)."
    from sitrep.extract import load_kit
    from sitrep.extract.claims import canonical_outlet as canonical

    kit = load_kit()
    return lambda outlet: canonical(outlet, kit.sources)


def each(run: Run) -> Iterator[tuple[str, dict[str, Any], Article]]:
    "(where, record, article) for every record of a run."
    for i, record in enumerate(run.records):
        article = run.articles[record["article_id"]]
        where = f"{run.name} record {i} ({article.origin}, {record['sub_event_type']})"
        yield where, record, article


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def evidence_problems(where: str, items: Any, text: str) -> list[str]:
    if not isinstance(items, list):
        return [f"{where}: mentions is {type(items).__name__}, not a list"]
    problems = []
    for ev in items:
        if not has_keys(ev, {"start", "end", "text"}):
            problems.append(f"{where}: evidence {ev!r} is not {{start, end, text}}")
        elif not (is_int(ev["start"]) and is_int(ev["end"]) and isinstance(ev["text"], str)):
            problems.append(f"{where}: evidence {ev!r} has wrong types")
        elif text[ev["start"] : ev["end"]] != ev["text"] or ev["start"] < 0:
            got = text[ev["start"] : ev["end"]]
            span = f"text[{ev['start']}:{ev['end']}]"
            problems.append(f"{where}: {span} is {got!r}, not {ev['text']!r}")
    return problems


def nullable_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def is_iso3(value: Any) -> bool:
    return isinstance(value, str) and ISO3.fullmatch(value) is not None


def has_keys(value: Any, keys: set[str]) -> bool:
    "A JSON object with at least the contract's keys (outputs may carry more)."
    return isinstance(value, dict) and set(value) >= keys


# --- the runs themselves ------------------------------------------------------------------


def test_runs_succeed_and_yield_events(run: Run) -> None:
    assert (run.exit_code, run.exception) == (0, None)
    # The .txt samples carry no publication date (it is passed on the command line): one
    # warning line says their relative dates stay unresolved; nothing else is on stderr.
    assert all(
        line.startswith("sitrep: warning:") and "no publication date" in line
        for line in run.stderr.splitlines()
    ), run.stderr
    assert len(run.stderr.splitlines()) <= 1
    assert len(run.records) >= (6 if run.name == "seed" else 16)
    # records are matched to their article by id, so ids must name one article each
    assert len(run.article_order) == len(set(run.article_order))
    assert {r["article_id"] for r in run.records} <= set(run.article_order)


def test_every_example_article_is_read_and_has_events(runs: dict[str, Run]) -> None:
    run = runs["examples"]
    assert len(run.article_order) == 16  # examples/README.md: 16 articles in 13 files
    assert {r["article_id"] for r in run.records} == set(run.article_order)


# --- the record table ---------------------------------------------------------------------


def test_every_record_has_the_contract_keys_and_types(run: Run) -> None:
    problems = []
    for where, r, _ in each(run):
        missing = RECORD_KEYS - set(r)
        if missing:
            problems.append(f"{where}: missing keys {sorted(missing)}")
            continue
        checks = {
            "event_id is a non-empty str": isinstance(r["event_id"], str) and r["event_id"] != "",
            "article_id is a non-empty str": isinstance(r["article_id"], str)
            and r["article_id"] != "",
            "actors is a list": isinstance(r["actors"], list),
            "location is an object or null": r["location"] is None
            or isinstance(r["location"], dict),
            "civilian_harm is a bool": isinstance(r["civilian_harm"], bool),
            "claims is a list": isinstance(r["claims"], list),
            "sources is a list of str": isinstance(r["sources"], list)
            and all(isinstance(s, str) and s.strip() for s in r["sources"]),
            "notes is a non-empty str": isinstance(r["notes"], str) and r["notes"].strip() != "",
            "confidence is a number in 0..1": is_number(r["confidence"])
            and 0 <= r["confidence"] <= 1,
        }
        problems += [f"{where}: {rule} (got {r!r:.80})" for rule, ok in checks.items() if not ok]
    assert problems == []


def test_event_date_and_precision(run: Run) -> None:
    problems = []
    for where, r, _ in each(run):
        day, precision = r["event_date"], r["date_precision"]
        if day is None:
            if precision is not None:
                problems.append(f"{where}: event_date null but date_precision {precision!r}")
            continue
        if not (isinstance(day, str) and ISO_DATE.fullmatch(day)):
            problems.append(f"{where}: event_date {day!r} is not YYYY-MM-DD")
            continue
        try:
            date.fromisoformat(day)
        except ValueError:
            problems.append(f"{where}: event_date {day!r} is not a calendar day")
        if precision not in PRECISIONS:
            problems.append(f"{where}: date_precision {precision!r} not in {sorted(PRECISIONS)}")
    assert problems == []


def test_event_type_and_sub_event_type(run: Run) -> None:
    problems = [
        f"{where}: {r['event_type']!r} / {r['sub_event_type']!r}"
        for where, r, _ in each(run)
        if r["sub_event_type"] not in EVENT_TYPES.get(r["event_type"], ())
    ]
    assert problems == []


def test_actors(run: Run) -> None:
    problems = []
    for where, r, article in each(run):
        for actor in r["actors"]:
            here = f"{where}, actor {actor.get('name')!r}"
            if not has_keys(actor, ACTOR_KEYS):
                problems.append(f"{here}: keys {sorted(actor)} lack {sorted(ACTOR_KEYS)}")
                continue
            if actor["role"] not in ROLES:
                problems.append(f"{here}: role {actor['role']!r}")
            if actor["kind"] not in KINDS:
                problems.append(f"{here}: kind {actor['kind']!r}")
            if not (isinstance(actor["name"], str) and actor["name"].strip()):
                problems.append(f"{here}: name is not a non-empty str")
            if not (actor["country"] is None or is_iso3(actor["country"])):
                problems.append(f"{here}: country {actor['country']!r} is not ISO alpha-3")
            problems += evidence_problems(here, actor["mentions"], article.text)
    assert problems == []


def test_location(run: Run) -> None:
    problems = []
    for where, r, article in each(run):
        place = r["location"]
        if place is None:
            continue
        if not has_keys(place, PLACE_KEYS):
            problems.append(f"{where}: place lacks {sorted(PLACE_KEYS - set(place))}")
            continue
        lat, lon = place["latitude"], place["longitude"]
        checks = {
            "name is a non-empty str": isinstance(place["name"], str)
            and place["name"].strip() != "",
            "admin1, admin2, country are str or null": all(
                nullable_str(place[k]) for k in ("admin1", "admin2", "country")
            ),
            "country_code is ISO alpha-3 or null": place["country_code"] is None
            or is_iso3(place["country_code"]),
            "geo_precision is 1, 2, 3 or null": place["geo_precision"] in (None, 1, 2, 3)
            and not isinstance(place["geo_precision"], bool),
            "latitude/longitude both numbers or both null": (lat is None and lon is None)
            or (is_number(lat) and is_number(lon) and -90 <= lat <= 90 and -180 <= lon <= 180),
            "gazetteer_id is str or null": nullable_str(place["gazetteer_id"]),
        }
        problems += [f"{where}: location {rule} (got {place!r:.120})"
                     for rule, ok in checks.items() if not ok]  # fmt: skip
        problems += evidence_problems(f"{where}, location", place["mentions"], article.text)
    assert problems == []


def test_counts(run: Run) -> None:
    problems = []
    for where, r, article in each(run):
        for key in ("fatalities", "wounded", "captured"):
            count = r[key]
            if count is None:
                continue
            here = f"{where}, {key}"
            if not has_keys(count, COUNT_KEYS):
                problems.append(f"{here}: {count!r} is not a count object")
                continue
            low, best, high = count["low"], count["best"], count["high"]
            if not all(is_int(v) for v in (low, best, high)):
                problems.append(f"{here}: low/best/high {low!r}/{best!r}/{high!r} are not ints")
            elif not 0 <= low <= best <= high:
                problems.append(f"{here}: not 0 <= low <= best <= high: {low}/{best}/{high}")
            for share in count["breakdown"]:
                if not has_keys(share, SHARE_KEYS):
                    problems.append(f"{here}: breakdown {share!r} lacks actor/count/qualifier")
                elif not (
                    nullable_str(share["actor"])
                    and is_int(share["count"])
                    and share["count"] >= 0
                    and share["qualifier"] in QUALIFIERS
                ):
                    problems.append(f"{here}: breakdown item {share!r} has wrong values")
            problems += evidence_problems(here, count["mentions"], article.text)
    assert problems == []


def test_evidence_is_the_sentences_that_report_the_event(run: Run) -> None:
    "Every event rests on at least one span, each slicing the text; matching uses them."
    problems = []
    for where, r, article in each(run):
        if not r["evidence"]:
            problems.append(f"{where}: no evidence")
        problems += evidence_problems(f"{where}, evidence", r["evidence"], article.text)
        for ev in r["evidence"]:
            if isinstance(ev, dict) and ev.get("text", "") != ev.get("text", "").rstrip():
                problems.append(f"{where}: evidence {ev!r} keeps trailing whitespace")
    assert problems == []


def test_claims_quote_the_article_text(run: Run) -> None:
    problems = []
    for where, r, article in each(run):
        for claim in r["claims"]:
            here = f"{where}, claim {claim.get('field')!r}"
            if not has_keys(claim, CLAIM_KEYS):
                problems.append(f"{here}: keys {sorted(claim)} lack {sorted(CLAIM_KEYS)}")
                continue
            if not (isinstance(claim["field"], str) and claim["field"]):
                problems.append(f"{here}: field {claim['field']!r}")
            if not (isinstance(claim["claimant"], str) and claim["claimant"].strip()):
                problems.append(f"{here}: claimant {claim['claimant']!r} is not a name")
            if not nullable_str(claim["via"]):
                problems.append(f"{here}: via {claim['via']!r} is not str or null")
            start, end, quote = claim["start"], claim["end"], claim["quote"]
            if not (is_int(start) and is_int(end) and isinstance(quote, str)):
                problems.append(f"{here}: quote/start/end have wrong types")
            elif start < 0 or article.text[start:end] != quote:
                got = article.text[start:end]
                problems.append(f"{here}: text[{claim['start']}:{claim['end']}] is {got!r}, "
                                f"not the quote {claim['quote']!r}")  # fmt: skip
    assert problems == []


def test_sources_include_the_outlet(
    run: Run, canonical_outlet: Callable[[str | None], str | None]
) -> None:
    problems = []
    for where, r, article in each(run):
        outlet = canonical_outlet(article.outlet)
        if outlet is not None and outlet not in r["sources"]:
            problems.append(f"{where}: outlet {outlet!r} not in sources {r['sources']!r}")
    assert problems == []


def test_seed_sources_name_tasnim(runs: dict[str, Run]) -> None:
    "The seed's outlet is given on the command line, so every event rests on it."
    if "seed" not in runs:
        pytest.skip(f"{SEED} is not present (CI always provides it)")
    assert all("Tasnim News Agency" in r["sources"] for r in runs["seed"].records)


# --- order and identity -------------------------------------------------------------------


def test_records_follow_article_order_then_confidence(run: Run) -> None:
    article_ids = [r["article_id"] for r in run.records]
    blocks = [a for i, a in enumerate(article_ids) if i == 0 or article_ids[i - 1] != a]
    assert len(blocks) == len(set(blocks)), "an article's events are not contiguous"
    assert blocks == [a for a in run.article_order if a in set(blocks)]
    for article_id in blocks:
        confidences = [r["confidence"] for r in run.records if r["article_id"] == article_id]
        assert confidences == sorted(confidences, reverse=True), article_id


def test_event_ids_are_unique(run: Run) -> None:
    ids = [r["event_id"] for r in run.records]
    assert len(ids) == len(set(ids))


def test_event_ids_are_stable_across_runs(runs: dict[str, Run]) -> None:
    if "seed" not in runs:
        pytest.skip(f"{SEED} is not present (CI always provides it)")
    first = [r["event_id"] for r in runs["seed"].records]
    assert first == [r["event_id"] for r in runs["seed-again"].records]
    assert runs["seed"].records == runs["seed-again"].records


def test_event_ids_depend_on_the_text_not_the_path(runs: dict[str, Run]) -> None:
    "The same article text gives the same ids, read from a file or from standard input."
    if "seed" not in runs:
        pytest.skip(f"{SEED} is not present (CI always provides it)")
    text = SEED.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "-", *SEED_OPTIONS, "--format", "jsonl"],
                                input=text)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    from_stdin = [json.loads(line)["event_id"] for line in result.stdout.splitlines()]
    assert from_stdin == [r["event_id"] for r in runs["seed"].records]


# --- neutral wording ----------------------------------------------------------------------


def test_seed_notes_have_no_loaded_word(runs: dict[str, Run]) -> None:
    if "seed" not in runs:
        pytest.skip(f"{SEED} is not present (CI always provides it)")
    loaded = [
        (r["notes"], word)
        for r in runs["seed"].records
        for word in LOADED_WORDS
        if word in r["notes"].casefold()
    ]
    assert loaded == []


def test_notes_have_no_loaded_word(run: Run) -> None:
    "notes is one neutral sentence, whatever labels the article's sources use."
    loaded = [
        (where, r["notes"])
        for where, r, _ in each(run)
        if any(word in r["notes"].casefold() for word in QUOTED_LABELS)
    ]
    assert loaded == []


def test_actor_names_have_no_loaded_word(run: Run) -> None:
    "Loaded words in the text never become part of a name (contract, actor)."
    loaded = [
        (where, actor["name"])
        for where, r, _ in each(run)
        for actor in r["actors"]
        if any(word in actor["name"].casefold() for word in QUOTED_LABELS)
    ]
    assert loaded == []
