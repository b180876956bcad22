"""Review: corrections applied over the extraction (pure), and kept by the store as an
append-only history that queries, filters, exports, incidents and new article versions all
honour, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from sitrep.bench import synthetic_store_corpus
from sitrep.cli import cli
from sitrep.errors import ReviewError
from sitrep.models import Article, Event
from sitrep.review import (
    apply_correction,
    apply_corrections,
    field_value,
    successors,
    verdict_of,
)
from sitrep.store import open_store
from sitrep.store.query import Filters
from sitrep.store.tokens import hash_token, token_matches


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Article, list[Event]]]:
    return synthetic_store_corpus(6, events_per_article=3, seed=5)


def _event(corpus: list[tuple[Article, list[Event]]]) -> Event:
    return corpus[0][1][0]


def _twin(article: Article, events: list[Event], tag: str) -> tuple[Article, list[Event]]:
    "The same report from another outlet: reconciliation puts each pair in one incident."
    other = dataclasses.replace(article, id=article.id + tag, url=f"{article.url}{tag}", outlet=tag)
    return other, [
        dataclasses.replace(e, event_id=e.event_id + tag, article_id=other.id) for e in events
    ]


def _new_version(article: Article, events: list[Event]) -> tuple[Article, list[Event]]:
    "The article re-published with an update: new text, so new event ids; order reversed."
    text = article.text + " Update: rescuers were still searching the rubble."
    revised = dataclasses.replace(article, text=text)
    renamed = [dataclasses.replace(e, event_id=e.event_id + "-v2") for e in reversed(events)]
    return revised, renamed


# -- pure: applying corrections ------------------------------------------------------------


def test_each_field_takes_its_value_and_reads_back_normalized(corpus) -> None:
    event = _event(corpus)
    cases = {
        "sub_event_type": ("air/drone strike", "Air/drone strike"),
        "actor1": (
            {"name": "Wagner Group", "kind": "external force", "country": "RUS"},
            {"name": "Wagner Group", "kind": "external force", "country": "RUS"},
        ),
        "location": (
            {"name": "Kidal", "latitude": 18.44, "longitude": 1.41, "country_code": "mli"},
            {
                "name": "Kidal",
                "admin1": None,
                "admin2": None,
                "country": None,
                "country_code": "MLI",
                "latitude": 18.44,
                "longitude": 1.41,
                "geo_precision": 1,
                "gazetteer_id": None,
            },
        ),
        "event_date": ("2024-02-29", "2024-02-29"),
        "fatalities": ({"best": 12, "high": 15}, {"best": 12, "low": 12, "high": 15}),
        "wounded": ({"best": 3}, {"best": 3, "low": 3, "high": 3}),
        "notes": ("  Reviewed note.  ", "Reviewed note."),
        "civilian_harm": (True, True),
    }
    for field, (value, expected) in cases.items():
        corrected = apply_correction(event, field, value)
        assert field_value(corrected, field) == expected, field
        assert corrected.event_id == event.event_id
    assert apply_correction(event, "sub_event_type", "Air/drone strike").event_type == (
        "Explosions/Remote violence"
    )
    assert apply_correction(event, "event_date", "2024-02-29").date_precision == "day"
    assert apply_correction(event, "actor2", None).actor("actor2") is None
    assert apply_correction(event, "fatalities", None).fatalities is None
    # A corrected figure no longer points at the words that supported the old one.
    assert apply_correction(event, "fatalities", {"best": 12}).fatalities.mentions == ()


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("event_type", "Riots", "correct sub_event_type instead"),
        ("event_type", "Skirmish", "not an ACLED event type"),
        ("sub_event_type", "Skirmish", "not an ACLED sub-event type"),
        ("actor1", None, "cannot be removed"),
        ("actor1", {"name": ""}, "actor1.name must not be empty"),
        ("actor1", {"name": "X", "kind": "pirates"}, "actor1.kind 'pirates' is not one of"),
        ("actor1", {"name": "X", "rank": 1}, "unknown keys ['rank']"),
        ("location", {"name": "X", "latitude": 1}, "both latitude and longitude"),
        ("location", {"name": "X", "latitude": 91, "longitude": 0}, "between -90 and 90"),
        ("location", {"name": "X", "country_code": "Syria"}, "ISO alpha-3"),
        ("event_date", "29/02/2024", "use YYYY-MM-DD"),
        ("fatalities", {"best": 5, "low": 9}, "low <= best <= high"),
        ("fatalities", {"best": -1}, "between 0 and"),
        ("fatalities", {"best": "5"}, "whole number"),
        ("fatalities", 5, "takes an object"),
        ("civilian_harm", "yes", "true or false"),
        ("confidence", 1.0, "cannot be corrected"),
    ],
)
def test_a_value_that_does_not_fit_is_refused_with_the_field_named(
    corpus, field: str, value: object, words: str
) -> None:
    with pytest.raises(ReviewError, match=words.replace("[", r"\[").replace("]", r"\]")):
        apply_correction(_event(corpus), field, value)


def test_actor_kind_defaults_to_the_corrected_actors_kind(corpus) -> None:
    event = _event(corpus)
    corrected = apply_correction(event, "actor2", {"name": "Someone Else"})
    assert corrected.actor("actor2").kind == event.actor("actor2").kind
    no_actor2 = apply_correction(event, "actor2", None)
    with pytest.raises(ReviewError, match=r"actor2\.kind is required"):
        apply_correction(no_actor2, "actor2", {"name": "Someone"})


def test_a_history_replays_in_order_and_the_last_verdict_counts(corpus) -> None:
    from sitrep.review import Correction

    def c(i: int, field: str, after: object) -> Correction:
        return Correction(
            id=i, event_id="e", field=field, before=None, after=after, why="w", reviewer="r", at=""
        )

    event = _event(corpus)
    history = [
        c(1, "fatalities", {"best": 4, "low": 4, "high": 4}),
        c(2, "review", "rejected"),
        c(3, "fatalities", {"best": 7, "low": 7, "high": 7}),
        c(4, "review", "confirmed"),
        c(5, "event_type", "Riots"),  # no longer fits: skipped, the rest still applies
    ]
    replayed = apply_corrections(event, history)
    assert replayed.fatalities.best == 7
    assert replayed.event_type == event.event_type
    assert verdict_of(history) == "confirmed"
    assert verdict_of(history[:2]) == "rejected"
    assert verdict_of([]) == "unreviewed"


def test_successors_pair_the_same_events_across_versions(corpus) -> None:
    article, events = corpus[1]
    _, renamed = _new_version(article, events)
    changed = [dataclasses.replace(renamed[0], fatalities=None), *renamed[1:]]  # a new toll
    pairs = successors(events, changed)
    assert pairs == {e.event_id: e.event_id + "-v2" for e in events}
    # An event the new version no longer reports has no successor.
    assert events[-1].event_id not in successors(events, changed[1:])
    assert successors(events, []) == {}


@pytest.mark.reliability(
    "a token that differs in one character, an empty token",
    "refused; only a SHA-256 hash of each token is stored",
)
def test_tokens_are_stored_as_hashes_and_compared_whole() -> None:
    stored = hash_token("s3cret-token")
    assert "s3cret-token" not in stored and stored.startswith("sha256:")
    assert token_matches("s3cret-token", stored)
    assert not token_matches("s3cret-tokeN", stored)
    assert not token_matches("", stored)


# -- the store -----------------------------------------------------------------------------


def _raw(store, event_id: str) -> dict:
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT data, corrected, review FROM events WHERE event_id = :e"),
            {"e": event_id},
        ).one()
    return {"data": json.loads(row.data), "corrected": row.corrected, "review": row.review}


def test_a_correction_is_what_queries_filters_and_stats_see(store_url: str, corpus) -> None:
    article, events = corpus[0]
    target = events[0]
    assert target.event_type != "Riots"
    with open_store(store_url) as store:
        store.ingest(article, events)
        correction = store.correct(
            target.event_id,
            "sub_event_type",
            "Mob violence",
            why="The text describes a mob, not a clash.",
            reviewer="alice",
        )
        assert correction.before == target.sub_event_type
        assert correction.after == "Mob violence"
        assert correction.reviewer == "alice" and correction.at.endswith("+00:00")

        riots = [e.event_id for e in store.events(event_type="Riots")]
        assert riots == [target.event_id]
        assert target.event_id not in [
            e.event_id for e in store.events(event_type=target.sub_event_type)
        ]
        assert store.select(Filters(event_type="Mob violence")).__next__().event_type == "Riots"
        by_type = {b["key"]: b["events"] for b in store.event_stats(Filters(), by="type")}
        assert by_type["Riots"] == 1

        # The extraction itself is untouched; the corrected record sits beside it.
        raw = _raw(store, target.event_id)
        assert raw["data"] == target.to_dict()
        assert json.loads(raw["corrected"])["sub_event_type"] == "Mob violence"
        assert store.events_of(article.id)[0] == target


def test_history_is_append_only_with_who_when_before_after_why(store_url: str, corpus) -> None:
    article, events = corpus[0]
    target = events[1]
    with open_store(store_url) as store:
        store.ingest(article, events)
        first = store.correct(
            target.event_id, "fatalities", {"best": 9}, why="Hospital count", reviewer="alice"
        )
        second = store.correct(
            target.event_id, "fatalities", {"best": 11}, why="Updated count", reviewer="bob"
        )
        verdict = store.review(target.event_id, "confirmed", why="Checked", reviewer="bob")
        history = store.history(target.event_id)
        assert [c.to_dict() for c in history] == [
            first.to_dict(),
            second.to_dict(),
            verdict.to_dict(),
        ]
        original = target.fatalities
        assert first.before == {"best": original.best, "low": original.low, "high": original.high}
        assert second.before == first.after == {"best": 9, "low": 9, "high": 9}
        assert verdict.before == "unreviewed" and verdict.after == "confirmed"
        (event,) = [e for e in store.events() if e.event_id == target.event_id]
        assert event.fatalities.best == 11
        assert store.history("no-such-event") is None
        with pytest.raises(ReviewError, match="no event"):
            store.correct("no-such-event", "notes", "x", why="w", reviewer="alice")
        with pytest.raises(ReviewError, match="why must not be empty"):
            store.correct(target.event_id, "notes", "x", why="  ", reviewer="alice")
        with pytest.raises(ReviewError, match="verdict"):
            store.review(target.event_id, "maybe", why="w", reviewer="alice")


def test_a_rejected_event_leaves_queries_stats_exports_and_incidents(
    store_url: str, corpus
) -> None:
    article, events = corpus[2]
    target = events[0]
    with open_store(store_url) as store:
        store.ingest(article, events)
        store.ingest(*_twin(article, events, "-twin"))
        (incident,) = [i for i in store.incidents() if target.event_id in i.events]
        assert len(incident.events) == 2
        store.review(target.event_id, "rejected", why="Not an event", reviewer="alice")
        ids = [e.event_id for e in store.events()]
        assert target.event_id not in ids and len(ids) == 2 * len(events) - 1
        assert [e.event_id for e in store.select(Filters(review="rejected"))] == [target.event_id]
        assert len(list(store.select(Filters(review="all")))) == 2 * len(events)
        assert sum(b["events"] for b in store.event_stats(Filters(), by="day")) == len(ids)
        rebuilt = store.incident(incident.incident_id)
        assert rebuilt.events == (target.event_id + "-twin",)
        # Confirming it again brings it back into its incident.
        store.review(target.event_id, "confirmed", why="On second reading, yes", reviewer="bob")
        assert set(store.incident(incident.incident_id).events) == set(incident.events)


def test_incidents_are_rebuilt_from_corrected_members_and_stay_so(store_url: str, corpus) -> None:
    article, events = corpus[3]
    target = events[0]
    with open_store(store_url) as store:
        store.ingest(article, events)
        store.ingest(*_twin(article, events, "-b"))
        (incident,) = [i for i in store.incidents() if target.event_id in i.events]
        store.correct(target.event_id, "fatalities", {"best": 40}, why="Recount", reviewer="alice")
        figures = {f.event_id: f.value for f in store.incident(incident.incident_id).figures}
        assert figures[target.event_id] == 40
        # A third report joins the incident: reconciliation rebuilds it, the correction stays.
        store.ingest(*_twin(article, events, "-c"))
        again = store.incident(incident.incident_id)
        assert target.event_id + "-c" in again.events
        figures = {f.event_id: f.value for f in again.figures}
        assert figures[target.event_id] == 40
        assert again.fatalities.high >= 40


def test_reingesting_never_erases_a_review(store_url: str, corpus) -> None:
    article, events = corpus[4]
    target = events[1]
    with open_store(store_url) as store:
        store.ingest(article, events)
        store.correct(
            target.event_id,
            "actor1",
            {"name": "Corrected Actor", "kind": "rebel group"},
            why="Misread",
            reviewer="alice",
        )
        store.review(events[2].event_id, "rejected", why="Duplicate", reviewer="alice")
        assert store.ingest(article, events).status == "unchanged"
        assert _raw(store, target.event_id)["corrected"] is not None

        revised, renamed = _new_version(article, events)
        result = store.ingest(revised, renamed)
        assert (result.status, result.version) == ("version", 2)
        current = {e.event_id: e for e in store.select(Filters(review="all"))}
        assert set(current) == {e.event_id for e in renamed}  # only the latest version
        successor = current[target.event_id + "-v2"]
        assert successor.actor("actor1").name == "Corrected Actor"
        assert events[2].event_id + "-v2" not in {e.event_id for e in store.events()}
        assert [c.field for c in store.history(target.event_id + "-v2")] == ["actor1"]
        assert store.events(actor="Corrected Actor").__next__().event_id == successor.event_id
        # The old version keeps its own rows; its extraction is unchanged too.
        assert _raw(store, target.event_id)["data"] == target.to_dict()


def test_cli_events_and_export_show_corrected_values(tmp_path: Path, corpus) -> None:
    db = str(tmp_path / "store.db")
    article, events = corpus[5]
    target = events[0]
    with open_store(db) as store:
        store.ingest(article, events)
        store.correct(target.event_id, "event_date", "2022-06-01", why="Dateline", reviewer="alice")
        store.correct(target.event_id, "fatalities", {"best": 77}, why="Toll", reviewer="alice")
    runner = CliRunner()
    out = runner.invoke(cli, ["events", "--db", db, "--format", "jsonl", "--until", "2022-12-31"])
    assert out.exit_code == 0, out.output
    (line,) = out.stdout.splitlines()
    record = json.loads(line)
    assert record["event_id"] == target.event_id
    assert record["event_date"] == "2022-06-01" and record["fatalities"]["best"] == 77
    out = runner.invoke(
        cli, ["export", "--db", db, "--format", "acled-csv", "--min-fatalities", "77"]
    )
    assert out.exit_code == 0, out.output
    (fields,) = list(csv.DictReader(io.StringIO(out.stdout)))
    assert fields["event_date"] == "2022-06-01" and fields["fatalities"] == "77"


def test_token_create_prints_the_token_once_and_stores_only_its_hash(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    open_store(db).close()
    runner = CliRunner()
    out = runner.invoke(cli, ["token", "create", "alice", "--db", db])
    assert out.exit_code == 0, out.output
    token = out.stdout.strip()
    assert len(token) >= 40 and "\n" not in token
    with open_store(db) as store:
        assert store.token_name(token) == "alice"
        assert store.token_name(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        with store.engine.connect() as conn:
            stored = [tuple(r) for r in conn.execute(sa.text("SELECT * FROM tokens"))]
        assert token not in repr(stored) and hash_token(token) in repr(stored)
    again = runner.invoke(cli, ["token", "create", "alice", "--db", db])
    assert again.exit_code == 1 and "exists" in again.output
    listed = runner.invoke(cli, ["token", "list", "--db", db])
    assert "alice" in listed.output and token not in listed.output
    assert runner.invoke(cli, ["token", "revoke", "alice", "--db", db]).exit_code == 0
    with open_store(db) as store:
        assert store.token_name(token) is None
    bad = runner.invoke(cli, ["token", "create", "<script>", "--db", db])
    assert bad.exit_code == 1 and "token name" in bad.output
