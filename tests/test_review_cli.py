"""`sitrep review`: confirming, rejecting and correcting events from a terminal, with the
page's tokens, written to the same history the API serves and writes.

Two copies of one store get the same review, one through the CLI and one through the API
(what the page calls), and their histories must match entry for entry.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import filter_data
import pytest
from api_data import TestClient
from click.testing import CliRunner

from sitrep.api import create_app
from sitrep.cli import cli
from sitrep.errors import ReviewError
from sitrep.review import parse_setting
from sitrep.store import open_store


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[str, str]:
    "The filter tests' store (seven events, two already reviewed by alice) and bob's token."
    db = tmp_path / "review.db"
    filter_data.seed(db)
    with open_store(db, create=False) as store:
        return str(db), store.create_token("bob")


def run(*args: str, token: str | None = None, **kwargs: Any) -> Any:
    env = {"SITREP_TOKEN": token}  # None: unset, whatever the shell has
    return CliRunner().invoke(cli, list(args), prog_name="sitrep", env=env, **kwargs)


def _comparable(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    "History entries without what differs between two stores (row id, clock time)."
    return [{k: v for k, v in e.items() if k not in ("id", "at")} for e in entries]


def test_cli_and_api_write_the_same_history(seeded: tuple[str, str], tmp_path: Path) -> None:
    db, token = seeded
    twin = str(tmp_path / "twin.db")
    shutil.copy(db, twin)
    why = "Later UN statement"
    steps: list[tuple[list[str], str, dict[str, Any]]] = [
        (["confirm"], "review", {"verdict": "confirmed", "why": why}),
        (["correct", "--set", "fatalities=14"], "corrections", {}),
        (["correct", "--set", "actor2=Civilians (Syria)"], "corrections", {}),
        (["correct", "--set", "civilian_harm=no"], "corrections", {}),
        (["reject"], "review", {"verdict": "rejected", "why": why}),
    ]
    bodies = [
        {"field": "fatalities", "value": {"best": 14}, "why": why},
        {"field": "actor2", "value": {"name": "Civilians (Syria)"}, "why": why},
        {"field": "civilian_harm", "value": False, "why": why},
    ]
    with TestClient(create_app(twin)) as page:
        for command, route, body in steps:
            result = run("review", *command, "ev-mosul", "--db", db, "--why", why, token=token)
            assert result.exit_code == 0, result.output
            sent = body or bodies.pop(0)
            answer = page.post(
                f"/api/events/ev-mosul/{route}",
                json=sent,
                headers={"Authorization": f"Bearer {token}"},
            )
            assert answer.status_code == 201, answer.text
    with TestClient(create_app(db)) as api:
        cli_history = api.get("/api/events/ev-mosul/history").json()["corrections"]
    with TestClient(create_app(twin)) as api:
        page_history = api.get("/api/events/ev-mosul/history").json()["corrections"]
    assert len(cli_history) == 5
    assert _comparable(cli_history) == _comparable(page_history)
    assert {e["reviewer"] for e in cli_history} == {"bob"}  # the token holder's name
    assert cli_history[1]["after"] == {"best": 14, "low": 14, "high": 14}
    # And the CLI's own reading of the history is the API's, byte for byte in JSON.
    shown = run("review", "history", "ev-mosul", "--db", db, "--format", "json")
    assert json.loads(shown.stdout) == {"corrections": cli_history}


def test_correct_applies_every_setting_and_prints_each_entry(seeded: tuple[str, str]) -> None:
    db, token = seeded
    result = run(
        "review", "correct", "ev-saraqib", "--db", db,
        "--set", "fatalities=12",
        "--set", 'wounded={"best": 5, "low": 3, "high": 9}',
        "--set", "actor1=Military Forces of Russia (2000-)",
        "--set", "event_date=2016-03-06",
        "--set", "notes=Reviewed: the strike was Russian.",
        "--why", "Two sources agree", token=token,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and all(line.startswith("ev-saraqib: ") for line in lines)
    assert 'fatalities {"best": 6, "low": 6, "high": 6} -> {"best": 12' in lines[0]
    assert "(by bob, history entry" in lines[0]
    with open_store(db, create=False) as store:
        (event,) = [e for e in store.events() if e.event_id == "ev-saraqib"]
        history = store.history("ev-saraqib")
    assert event.fatalities.best == 12
    assert (event.wounded.low, event.wounded.best, event.wounded.high) == (3, 5, 9)
    assert event.actor("actor1").name == "Military Forces of Russia (2000-)"
    assert event.actor("actor1").kind == "state forces"  # kept from the extraction
    assert str(event.event_date) == "2016-03-06"
    assert event.notes == "Reviewed: the strike was Russian."
    assert [c.field for c in history] == [
        "fatalities", "wounded", "actor1", "event_date", "notes",
    ]  # fmt: skip
    assert {c.why for c in history} == {"Two sources agree"}


def test_one_bad_setting_writes_nothing(seeded: tuple[str, str]) -> None:
    db, token = seeded
    result = run(
        "review", "correct", "ev-kharkiv", "--db", db, "--set", "fatalities=40",
        "--set", "sub_event_type=Skirmish", "--why", "x", token=token,
    )  # fmt: skip
    assert result.exit_code == 1 and "'Skirmish' is not an ACLED sub-event type" in result.stderr
    with open_store(db, create=False) as store:
        assert store.history("ev-kharkiv") == []
    malformed = run(
        "review", "correct", "ev-kharkiv", "--db", db, "--set", "fatalities=many",
        "--why", "x", token=token,
    )  # fmt: skip
    assert malformed.exit_code == 2 and "'--set'" in malformed.stderr
    assert "whole number" in malformed.stderr


def test_bad_tokens_and_unknown_events_are_named(seeded: tuple[str, str]) -> None:
    db, token = seeded
    wrong = run("review", "confirm", "ev-paris", "--db", db, "--why", "x", token="x" * 43)
    assert wrong.exit_code == 1
    assert "token xxxx... (from $SITREP_TOKEN) is not valid" in wrong.stderr
    assert "x" * 20 not in wrong.stderr  # never the whole token
    flag = run("review", "confirm", "ev-paris", "--db", db, "--why", "x", "--token", "short")
    assert flag.exit_code == 1 and "the token given is not valid" in flag.stderr
    none = run("review", "confirm", "ev-paris", "--db", db, "--why", "x")
    assert none.exit_code == 2 and "SITREP_TOKEN" in none.stderr
    ghost = run("review", "reject", "ev-ghost", "--db", db, "--why", "x", token=token)
    assert ghost.exit_code == 1 and "no event 'ev-ghost' is stored" in ghost.stderr
    assert run("token", "revoke", "bob", "--db", db).exit_code == 0
    revoked = run("review", "confirm", "ev-paris", "--db", db, "--why", "x", token=token)
    assert revoked.exit_code == 1 and "unknown or revoked" in revoked.stderr
    no_why = run("review", "confirm", "ev-paris", "--db", db, token=token)
    assert no_why.exit_code == 2 and "--why" in no_why.stderr
    with open_store(db, create=False) as store:
        assert store.history("ev-paris") == []


def test_reject_and_confirm_move_the_event_out_of_and_back_into_queries(
    seeded: tuple[str, str],
) -> None:
    db, token = seeded
    listed = lambda: run("events", "--db", db, "--format", "jsonl").stdout  # noqa: E731
    assert "ev-paris" in listed()
    assert run("review", "reject", "ev-paris", "--db", db, "--why", "No", token=token).stdout == (
        "ev-paris: rejected (by bob, history entry 3)\n"
    )
    assert "ev-paris" not in listed()
    again = run("review", "confirm", "ev-paris", "--db", db, "--why", "Yes", token=token)
    assert again.exit_code == 0 and "ev-paris" in listed()
    table = run("review", "history", "ev-paris", "--db", db, "--format", "table")
    assert "rejected" in table.stdout and "confirmed" in table.stdout and "bob" in table.stdout
    missing = run("review", "history", "ev-ghost", "--db", db)
    assert missing.exit_code == 1 and "ev-ghost" in missing.stderr


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("fatalities=12", ("fatalities", {"best": 12})),
        ("captured = 3", ("captured", {"best": 3})),
        ('fatalities={"best": 12, "high": 15}', ("fatalities", {"best": 12, "high": 15})),
        ("wounded=null", ("wounded", None)),
        ("actor1=Wagner Group", ("actor1", {"name": "Wagner Group"})),
        ('actor2={"name": "X", "kind": "rioters"}', ("actor2", {"name": "X", "kind": "rioters"})),
        ("actor2=null", ("actor2", None)),
        ("civilian_harm=Yes", ("civilian_harm", True)),
        ("civilian_harm=false", ("civilian_harm", False)),
        ("event_date=2024-02-29", ("event_date", "2024-02-29")),
        ("event_date=null", ("event_date", None)),
        ("notes=null and void = {x}", ("notes", "null and void = {x}")),  # text as typed
        ("sub_event_type=Armed clash", ("sub_event_type", "Armed clash")),
        ('location={"name": "Kidal", "latitude": 18.44, "longitude": 1.41}',
         ("location", {"name": "Kidal", "latitude": 18.44, "longitude": 1.41})),
    ],
)  # fmt: skip
def test_settings_read_as_the_api_takes_them(setting: str, expected: tuple[str, Any]) -> None:
    assert parse_setting(setting) == expected


@pytest.mark.parametrize(
    "setting, words",
    [
        ("fatalities", "not FIELD=VALUE"),
        ("=12", "not FIELD=VALUE"),
        ("deaths=12", "'deaths' cannot be corrected; correct one of: event_type"),
        ("fatalities=12.5", "whole number"),
        ("fatalities={best: 1}", "not valid JSON"),
        ("civilian_harm=maybe", "yes or no"),
        ("location=Kidal", "location takes a JSON object"),
    ],
)
def test_settings_that_cannot_be_read_say_what_the_field_takes(setting: str, words: str) -> None:
    with pytest.raises(ReviewError, match=words):
        parse_setting(setting)
