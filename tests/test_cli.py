"""The `sitrep` command line: help, output formats, exit codes and bad input in a batch.

Commands run in-process through click's CliRunner (stdout and stderr kept apart), so the
NLP kit loads once for the whole module. Exit codes: 0 all good, 1 bad input skipped (the
batch still finishes), 2 usage error.
"""

from __future__ import annotations

import csv
import ctypes
import hashlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sitrep.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "spec" / "seed-article.txt"
COLUMNS = SHARED / "spec" / "acled-columns.csv"
EXAMPLES = ROOT / "examples"
SEED_OPTIONS = ["--published", "2024-11-27", "--outlet", "Tasnim News Agency"]

GOOD_TXT = (
    "Gunmen attacked a police station in Jamundi, Colombia, killing two officers, the mayor said."
)
GOOD_LINE_1 = {
    "id": "line-1",
    "text": "Fighters of al-Shabaab ambushed a Somali army convoy near Afgooye, killing five "
    "soldiers, officials said.",
    "published": "2023-01-16",
    "outlet": "Garowe Online",
}
GOOD_LINE_3 = {
    "id": "line-3",
    "text": "Police fired tear gas at hundreds of protesters in Nasiriyah, Iraq, on Tuesday, "
    "wounding four people.",
    "published": "2023-07-20",
}
FRENCH = (
    "Des hommes armés ont attaqué un poste de l'armée près de la ville de Wadi Sarab mardi "
    "soir, tuant trois soldats et en blessant deux autres, selon un responsable local. "
    "L'armée affirme avoir repris le contrôle du poste dans la nuit."
)


def sha16(text: str) -> str:
    "The id the contract gives an article without one: a hash of its text."
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def invoke(
    *args: str, input: str | bytes | None = None, env: dict[str, str] | None = None
) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, env=env, prog_name="sitrep")


def jsonl(result: Result) -> list[dict[str, Any]]:
    "Every stdout line parsed on its own, as a consumer of JSON Lines reads it."
    return [json.loads(line) for line in result.stdout.split("\n") if line]


def needs_seed() -> None:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is not present (CI always provides it)")


@pytest.fixture(scope="module")
def seed_jsonl() -> Result:
    needs_seed()
    return invoke("extract", str(SEED), *SEED_OPTIONS, "--format", "jsonl")


# --- help -----------------------------------------------------------------------------------


def test_the_commands_are_the_documented_ones() -> None:
    assert {"extract", "evaluate", "bench"} <= set(cli.commands)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_help_exits_0_and_shows_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: sitrep {command} [OPTIONS]")
    flat = " ".join(result.stdout.split())
    assert f"Example: sitrep {command}" in flat


def test_group_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    listed = set(re.findall(r"^  (\w+)\s", result.stdout, re.M))
    assert listed >= set(cli.commands)


# --- actors ---------------------------------------------------------------------------------


def test_actors_isis_lists_the_islamic_state_names_with_their_aliases() -> None:
    result = invoke("actors", "ISIS", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]
    names = [a["name"] for a in found]
    # The name ISIS is an alias of comes first; then every Islamic State name, which
    # `--actor ISIS` matches too; then names with an alias containing it.
    assert found[0]["name"] == "Islamic State (Syria)" and "ISIS" in found[0]["aliases"]
    assert {"Islamic State (Iraq)", "Islamic State (Afghanistan)", "Islamic State (Sahel)"} <= set(
        names
    )
    assert "Global Coalition Against Daesh" in names  # alias 'Global Coalition to Defeat ISIS'
    family = [n for n in names if n.startswith("Islamic State (")]
    assert names[: len(family)] == family
    assert "Military Forces of Syria (2000-)" not in names


def test_actors_table_shows_names_and_aliases() -> None:
    result = invoke("actors", "hts", "--format", "table", env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.stderr
    assert "HTS: Hayat Tahrir al Sham" in result.stdout and "Hay'at Tahrir al-Sham" in result.stdout


def test_actors_without_search_lists_every_canonical_name_once() -> None:
    result = invoke("actors", "--format", "json")
    names = [a["name"] for a in json.loads(result.stdout)]
    assert len(names) == len(set(names)) > 300
    assert names == sorted(names, key=str.casefold)
    assert "Military Forces of Nigeria (2023-)" in names
    assert "Police Forces of Syria (2024-)" in names  # a country's forces (countries.tsv)
    assert "Military Forces of Nigeria (2015-2023)" in names  # an earlier period's name


def test_actors_with_no_match_names_the_closest() -> None:
    result = invoke("actors", "Hayat Tahrir al-Shamm")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no actor name or alias contains 'Hayat Tahrir al-Shamm'" in result.stderr
    assert "Hay'at Tahrir al-Sham" in result.stderr.split("closest: ", 1)[1]


# --- formats --------------------------------------------------------------------------------


def test_jsonl_is_one_event_object_per_line(seed_jsonl: Result) -> None:
    assert (seed_jsonl.exit_code, seed_jsonl.stderr) == (0, "")
    assert seed_jsonl.stdout.endswith("\n")
    records = jsonl(seed_jsonl)
    assert len(records) >= 1  # how many is test_golden_seed's business
    assert {r["article_id"] for r in records} == {sha16_of_seed()}
    assert all(isinstance(r, dict) and "event_id" in r for r in records)


def sha16_of_seed() -> str:
    "The seed's id: a hash of its text after the title line (a .txt file's title is not text)."
    from sitrep.read.text import split_title

    return sha16(split_title(SEED.read_text(encoding="utf-8"))[1])


def test_csv_has_exactly_the_acled_columns(seed_jsonl: Result) -> None:
    if not COLUMNS.is_file():
        pytest.skip(f"{COLUMNS} is not present (CI always provides it)")
    result = invoke("extract", str(SEED), *SEED_OPTIONS, "--format", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    (expected_header,) = list(csv.reader(io.StringIO(COLUMNS.read_text(encoding="utf-8"))))
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == expected_header
    assert len(expected_header) == 31
    records = jsonl(seed_jsonl)
    body = [dict(zip(expected_header, row, strict=True)) for row in rows[1:]]
    assert len(body) == len(records)
    for row, record in zip(body, records, strict=True):
        assert row["event_type"] == record["event_type"]
        assert row["sub_event_type"] == record["sub_event_type"]
        assert row["event_date"] == (record["event_date"] or "")
        assert row["notes"] == record["notes"]
        assert row["actor1"] == "; ".join(
            a["name"] for a in record["actors"] if a["role"] == "actor1"
        )
        fatalities = record["fatalities"]["best"] if record["fatalities"] else 0
        assert row["fatalities"] == str(fatalities)


def test_csv_header_is_written_once_for_many_articles() -> None:
    result = invoke("extract", str(EXAMPLES), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert sum(row[:3] == ["data_id", "iso", "event_id_cnty"] for row in rows) == 1
    assert len({len(row) for row in rows}) == 1


def test_table_prints_one_row_per_event(seed_jsonl: Result) -> None:
    result = invoke("extract", str(SEED), *SEED_OPTIONS, "--format", "table",
                    env={"COLUMNS": "250"})  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "article" in line)
    assert re.findall(r"\w+", header) == [
        "article", "date", "type", "actor1", "actor2", "location", "deaths", "conf",
    ]  # fmt: skip
    records = jsonl(seed_jsonl)
    rows = [line for line in lines if re.search(r"\d\.\d\d\s*\W*$", line)]
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert record["sub_event_type"] in row
        assert f"{record['confidence']:.2f}" in row
        assert (record["event_date"] or "") in row


def test_default_format_off_a_terminal_is_jsonl() -> None:
    result = invoke("extract", "-", input=GOOD_TXT)
    assert result.exit_code == 0
    assert jsonl(result) == jsonl(invoke("extract", "-", "--format", "jsonl", input=GOOD_TXT))


def test_table_says_so_when_there_are_no_events() -> None:
    result = invoke("extract", "-", "--format", "table",
                    input="The weather in the capital was mild and dry all week.")  # fmt: skip
    assert result.exit_code == 0
    assert "No events found." in result.stderr


# --- input: batches, stdin and options ---------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    "One good .txt, one good .jsonl line either side of a broken one, and four bad files."
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (folder / "b-latin1.txt").write_bytes(
        "Gunmen killed three people at a café in Bamako, police said.".encode("latin-1")
    )
    (folder / "c-empty.txt").write_bytes(b"")
    broken = '{"id": "line-2", "text": "cut off'
    lines = [json.dumps(GOOD_LINE_1), broken, json.dumps(GOOD_LINE_3)]
    (folder / "d-lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "e-binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    (folder / "f-french.txt").write_text(FRENCH, encoding="utf-8")
    return folder


@pytest.mark.reliability(
    "a folder mixing Latin-1, empty, bad-JSON-line, binary and French files with good ones",
    "one 'skipped' line per bad input, exit 1, every good article extracted",
)
def test_bad_input_in_a_batch_is_reported_and_the_rest_extracted(mixed_folder: Path) -> None:
    result = invoke("extract", str(mixed_folder), "--format", "jsonl")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    problems = [line for line in lines if line.startswith("sitrep: skipped ")]
    assert len(problems) == 5, result.stderr
    for marker in ("b-latin1.txt:", "c-empty.txt:", "d-lines.jsonl:2:", "e-binary.html:",
                   "f-french.txt:"):  # fmt: skip
        assert sum(marker in line for line in problems) == 1, (marker, result.stderr)
    by_file = {Path(line.split(": ", 2)[1].split(":")[0]).name: line for line in problems}
    assert "not UTF-8" in by_file["b-latin1.txt"]
    assert "empty" in by_file["c-empty.txt"]
    assert "invalid JSON" in by_file["d-lines.jsonl"]
    assert "binary" in by_file["e-binary.html"]
    assert "not English" in by_file["f-french.txt"]
    assert lines[-1] == "sitrep: 5 input(s) skipped; see the lines above."
    assert len(lines) == 6
    extracted = [r["article_id"] for r in jsonl(result)]
    assert list(dict.fromkeys(extracted)) == [sha16(GOOD_TXT), "line-1", "line-3"]


def test_all_good_input_exits_0(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps(GOOD_LINE_1) + "\n" + json.dumps(GOOD_LINE_3) + "\n", encoding="utf-8"
    )
    result = invoke("extract", str(tmp_path), "--format", "jsonl")
    assert (result.exit_code, result.stderr) == (0, "")
    extracted = [r["article_id"] for r in jsonl(result)]
    assert list(dict.fromkeys(extracted)) == [sha16(GOOD_TXT), "line-1", "line-3"]


@pytest.mark.reliability(
    "a missing file named on the command line",
    "one 'skipped' line, exit 1, the other inputs extracted",
)
def test_a_missing_file_is_bad_input_exit_1(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    missing = tmp_path / "nope.txt"
    result = invoke("extract", str(missing), str(tmp_path / "good.txt"), "--format", "jsonl")
    assert result.exit_code == 1
    expected = f"sitrep: skipped {missing}: does not exist; check the path"
    assert result.stderr.splitlines()[0] == expected
    assert {r["article_id"] for r in jsonl(result)} == {sha16(GOOD_TXT)}


def test_ingest_of_only_missing_files_creates_no_store(tmp_path: Path) -> None:
    "Issue 12: nothing to read leaves no empty database behind."
    db = tmp_path / "new.db"
    missing = tmp_path / "nope.txt"
    result = invoke("ingest", str(missing), "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"sitrep: skipped {missing}: does not exist; check the path"
    ]
    assert not db.exists()


def test_an_undated_article_with_relative_dates_is_warned_about(tmp_path: Path) -> None:
    "Issue 12: 'on Sunday' in an article without a publication date resolves to nothing."
    (tmp_path / "a.txt").write_text("Gunmen killed five villagers in Zamfara on Sunday.\n")
    result = invoke("extract", str(tmp_path / "a.txt"), "--format", "jsonl")
    assert result.exit_code == 0
    assert "no publication date" in result.stderr and "--published" in result.stderr
    dated = invoke(
        "extract", str(tmp_path / "a.txt"), "--published", "2024-05-06", "--format", "jsonl"
    )
    assert dated.stderr == ""
    assert [r["event_date"] for r in jsonl(dated)] == ["2024-05-05"]


def test_acled_csv_is_the_same_format_name_everywhere(tmp_path: Path) -> None:
    "Issue 12: `extract --format acled-csv` is `--format csv`, as `export` names it."
    (tmp_path / "a.txt").write_text(GOOD_TXT, encoding="utf-8")
    args = ("extract", str(tmp_path / "a.txt"), "--published", "2024-05-06", "--format")
    csv_out, acled_out = invoke(*args, "csv"), invoke(*args, "acled-csv")
    assert csv_out.exit_code == acled_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("data_id,")
    assert acled_out.stdout.splitlines()[0] == csv_out.stdout.splitlines()[0]
    assert len(acled_out.stdout.splitlines()) == len(csv_out.stdout.splitlines()) > 1


def test_long_work_reports_progress_in_plain_lines_off_a_terminal(tmp_path: Path) -> None:
    "Issue 12: a log or pipe gets plain progress lines for long work, never a bar, never none."
    lines = [
        json.dumps({"id": f"a{i}", "text": f"Gunmen killed {i + 2} villagers in Zamfara."})
        for i in range(50)
    ]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ("extract", str(tmp_path / "many.jsonl"), "--published", "2024-05-06")
    result = invoke(*args, "--format", "jsonl")
    assert result.exit_code == 0
    progress = result.stderr.splitlines()
    assert progress[-1] == "sitrep: Extracting 50/50 articles (100%)"
    assert len(progress) == 10 and all(x.startswith("sitrep: Extracting ") for x in progress)
    quiet = invoke(*args, "--format", "jsonl", "--no-progress")
    assert quiet.stderr == "" and quiet.stdout == result.stdout


def test_stdin_text_with_dash(seed_jsonl: Result) -> None:
    result = invoke("extract", "-", *SEED_OPTIONS, "--format", "jsonl",
                    input=SEED.read_text(encoding="utf-8"))  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert jsonl(result) == jsonl(seed_jsonl)


def test_stdin_is_the_default_input() -> None:
    with_dash = invoke("extract", "-", "--format", "jsonl", input=GOOD_TXT)
    without = invoke("extract", "--format", "jsonl", input=GOOD_TXT)
    assert with_dash.exit_code == without.exit_code == 0
    assert jsonl(with_dash) == jsonl(without)
    assert {r["article_id"] for r in jsonl(with_dash)} == {sha16(GOOD_TXT)}


def test_stdin_json_lines_with_dash() -> None:
    stdin = json.dumps(GOOD_LINE_1) + "\n" + json.dumps(GOOD_LINE_3) + "\n"
    result = invoke("extract", "-", "--format", "jsonl", input=stdin)
    assert (result.exit_code, result.stderr) == (0, "")
    assert list(dict.fromkeys(r["article_id"] for r in jsonl(result))) == ["line-1", "line-3"]


@pytest.mark.reliability(
    "Latin-1 bytes on stdin",
    "one 'skipped <stdin>: is not UTF-8' line, exit 1, no output",
)
def test_stdin_that_is_not_utf8_is_bad_input() -> None:
    result = invoke("extract", "-", "--format", "jsonl", input="café bombing".encode("latin-1"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("sitrep: skipped <stdin>: is not UTF-8 text")
    assert result.stdout == ""


@pytest.mark.parametrize("value", ["2024-13-45", "yesterday", "27/11/2024", ""])
def test_a_bad_published_date_is_a_usage_error(value: str) -> None:
    result = invoke("extract", "-", "--published", value, "--format", "jsonl", input=GOOD_TXT)
    assert result.exit_code == 2
    assert "Invalid value for '--published'" in result.stderr
    assert "use YYYY-MM-DD" in result.stderr
    assert result.stdout == ""


def test_an_unknown_format_is_a_usage_error() -> None:
    result = invoke("extract", "-", "--format", "xml", input=GOOD_TXT)
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_published_datetime_is_accepted() -> None:
    result = invoke("extract", "-", "--published", "2023-01-17T08:30:00+03:00", "--format",
                    "jsonl", input=GOOD_TXT)  # fmt: skip
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    "when",
    ["", " yesterday", " on Tuesday", " early today", " this week", " two days ago", " in March"],
)
def test_no_date_and_no_published_gives_null_event_dates(when: str) -> None:
    "Without a year in the text or a publication date, the day is unknown: null, never today."
    text = f"Gunmen attacked a police station in Jamundi, Colombia,{when} killing two officers."
    result = invoke("extract", "-", "--format", "jsonl", input=text)
    assert result.exit_code == 0
    records = jsonl(result)
    assert len(records) >= 1
    dates = [(r["event_date"], r["date_precision"]) for r in records]
    assert dates == [(None, None)] * len(records)


def test_the_undated_example_gives_null_event_dates() -> None:
    "examples/colombia_cauca_undated.txt names no day, month or year, and has no published date."
    result = invoke("extract", str(EXAMPLES / "colombia_cauca_undated.txt"), "--format", "jsonl")
    assert result.exit_code == 0
    records = jsonl(result)
    assert len(records) >= 3  # a bombing, a mob holding soldiers, troops deployed
    today = date.today().isoformat()
    assert [r["event_date"] for r in records] == [None] * len(records)
    assert all(today not in r["notes"] for r in records)


def test_published_fills_the_date_of_a_relative_day() -> None:
    "The same kind of report with a publication date does get a day."
    text = "Gunmen attacked a police station in Jamundi, Colombia, on Tuesday, killing two men."
    result = invoke("extract", "-", "--published", "2024-05-23", "--format", "jsonl", input=text)
    assert result.exit_code == 0
    (first, *_) = jsonl(result)
    assert (first["event_date"], first["date_precision"]) == ("2024-05-21", "day")


# --- inputs that used to stop a batch (the hardening issue), through the real command --------


def run_sitrep(
    *args: str | Path, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    "`sitrep ARGS` in a subprocess of its own: what a user's shell runs, stdin and all."
    return subprocess.run(
        [sys.executable, "-m", "sitrep", *map(str, args)],
        capture_output=True,
        text=True,
        preexec_fn=preexec_fn,
        timeout=300,
    )


@pytest.mark.reliability(
    "sitrep extract good.txt big.jsonl, big.jsonl holding a 5,000-digit integer",
    "one line for that line of big.jsonl; good.txt and the other lines are extracted",
)
def test_a_giant_json_integer_costs_only_its_line(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TXT, encoding="utf-8")
    big = tmp_path / "big.jsonl"
    digits = "1" * 5000
    with_big_id = {**GOOD_LINE_3, "id": 0}
    big.write_text(
        json.dumps(with_big_id).replace('"id": 0', f'"id": {digits}')
        + "\n"
        + json.dumps(GOOD_LINE_1)[:-1]
        + f', "shares": {digits}}}\n',  # a key Sitrep ignores: harmless
        encoding="utf-8",
    )
    result = run_sitrep("extract", "--format", "jsonl", good, big)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f'sitrep: skipped {big}:1: has "id" as a number of 5000 digits; use a string id',
        "sitrep: 1 input(s) skipped; see the lines above.",
    ]
    extracted = [json.loads(line)["article_id"] for line in result.stdout.splitlines()]
    assert list(dict.fromkeys(extracted)) == [sha16(GOOD_TXT), "line-1"]


def _close_stdin() -> None:
    os.close(0)


@pytest.mark.reliability(
    "sitrep extract with standard input closed (<&-)",
    "one line when stdin is to be read; no effect when files are named",
)
def test_stdin_closed(tmp_path: Path) -> None:
    result = run_sitrep("extract", "--format", "jsonl", preexec_fn=_close_stdin)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "sitrep: skipped <stdin>: is closed; pipe articles in, or name files to read",
        "sitrep: 1 input(s) skipped; see the lines above.",
    ]
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TXT, encoding="utf-8")
    named = run_sitrep("extract", "--format", "jsonl", good, preexec_fn=_close_stdin)
    assert (named.returncode, named.stderr) == (0, "")
    assert {json.loads(line)["article_id"] for line in named.stdout.splitlines()} == {
        sha16(GOOD_TXT)
    }


def _without_root_overrides() -> None:
    """In the child, before exec: drop the capabilities that let root read any folder.

    Tests often run as root, for whom a folder's permissions mean nothing; without
    CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH in the bounding set, they bind root too.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP


@pytest.mark.reliability(
    "a folder with a subfolder that cannot be read (chmod 000)",
    "one line naming the subfolder; the rest of the folder is extracted; exit 1",
)
def test_an_unreadable_subfolder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a-readable").mkdir()
    (tmp_path / "a-readable" / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    locked = tmp_path / "b-locked"
    locked.mkdir()
    (locked / "lost.txt").write_text(GOOD_TXT.replace("two", "three"), encoding="utf-8")
    locked.chmod(0)
    try:
        probe = subprocess.run(
            [sys.executable, "-c", f"import os; os.listdir({str(locked)!r})"],
            preexec_fn=_without_root_overrides,
            capture_output=True,
        )
        if probe.returncode == 0:
            pytest.skip("this process can read a folder with mode 000 even without overrides")
        result = run_sitrep("extract", "--format", "jsonl", tmp_path,
                            preexec_fn=_without_root_overrides)  # fmt: skip
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"sitrep: skipped {locked}: is a folder that cannot be read (Permission denied)",
        "sitrep: 1 input(s) skipped; see the lines above.",
    ]
    assert {json.loads(line)["article_id"] for line in result.stdout.splitlines()} == {
        sha16(GOOD_TXT)
    }


@pytest.mark.reliability(
    "a file named 'x\\nsitrep: skipped forged.txt' (a newline in the name)",
    "the name is escaped in its message, so each bad file is one line on stderr",
)
def test_a_newline_in_a_file_name_cannot_forge_a_line(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (tmp_path / "x\nsitrep: skipped forged.txt").write_bytes(b"")
    result = run_sitrep("extract", "--format", "jsonl", tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"sitrep: skipped {tmp_path}/x\\nsitrep: skipped forged.txt: is empty",
        "sitrep: 1 input(s) skipped; see the lines above.",
    ]
