"""docs/reliability.md is generated from the tests (tests/reliability_report.py): these tests
check that the plugin records what each marked test did, and that the file in the repository
lists exactly the cases the markers declare, so a marker added without regenerating the file
(or a row left behind by a deleted test) fails the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.reliability_report import COMMAND, NOT_RUN, Case, render, table_rows

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "reliability.md"


def _pytest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.reliability_report", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_the_table_records_each_marked_test_and_only_those(tmp_path: Path) -> None:
    (tmp_path / "test_feeds.py").write_text(
        "import pytest\n"
        "\n"
        '@pytest.mark.reliability("a feed | with a pipe", "refused")\n'
        "def test_held(): pass\n"
        "\n"
        '@pytest.mark.reliability("a disk full", "rolled back", area="store")\n'
        "def test_broken(): assert False\n"
        "\n"
        '@pytest.mark.reliability("no PostgreSQL", "skipped, not hidden")\n'
        "def test_skipped(): pytest.skip('no server')\n"
        "\n"
        "def test_unmarked(): pass\n"
        "\n"
        '@pytest.mark.xfail(reason="known", strict=True)\n'
        '@pytest.mark.reliability("a known defect", "fixed elsewhere")\n'
        "def test_known(): assert False\n"
        "\n"
        '@pytest.mark.parametrize("n", [1, 2])\n'
        '@pytest.mark.reliability("n parameters", "one row")\n'
        "def test_each(n): pass\n",
        encoding="utf-8",
    )
    out = tmp_path / "reliability.md"
    result = _pytest("-q", "-p", "no:cacheprovider", f"--reliability-md={out}", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr  # test_broken fails
    assert "1 deselected" in result.stdout  # test_unmarked is not run
    assert table_rows(out.read_text(encoding="utf-8")) == [
        ("feeds", "n parameters", "one row", "`test_feeds.py::test_each`", "2 passed"),
        ("feeds", "a feed | with a pipe", "refused", "`test_feeds.py::test_held`", "passed"),
        ("feeds", "a known defect", "fixed elsewhere", "`test_feeds.py::test_known`", "xfailed"),
        ("feeds", "no PostgreSQL", "skipped, not hidden", "`test_feeds.py::test_skipped`",
         "skipped"),
        ("store", "a disk full", "rolled back", "`test_feeds.py::test_broken`", "failed"),
    ]  # fmt: skip
    summary = "5 cases, 6 test items: 1 failed, 3 passed, 1 skipped, 1 xfailed."
    assert summary in out.read_text("utf-8")


def test_a_marker_without_case_and_outcome_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text(
        "import pytest\n\n@pytest.mark.reliability('only a case')\ndef test_x(): pass\n",
        encoding="utf-8",
    )
    result = _pytest("-q", f"--reliability-md={tmp_path / 'r.md'}", cwd=tmp_path)
    assert result.returncode == 4  # pytest's usage error
    assert "needs two strings" in result.stderr


def test_render_round_trips_through_table_rows() -> None:
    items = {
        "t.py::test_x[a|b]": "passed",
        "t.py::test_x[c]": "failed",
        "t.py::test_x[d]": "passed",
    }
    cases = [Case("read", "a | <script>", "c\nd & e", "t.py::test_x", items)]
    markdown = render(cases)
    assert "| a \\| &lt;script&gt; | c d &amp; e |" in markdown  # inert in a Markdown viewer
    assert table_rows(markdown) == [
        ("read", "a | <script>", "c d & e", "`t.py::test_x`", "1 failed, 2 passed")
    ]


def test_docs_reliability_md_is_in_sync_with_the_markers(tmp_path: Path) -> None:
    "Collect-only lists every marked test; the file must hold exactly those rows, each run."
    fresh = tmp_path / "reliability.md"
    result = _pytest("--collect-only", "-q", f"--reliability-md={fresh}", cwd=ROOT)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    expected = [row[:4] for row in table_rows(fresh.read_text(encoding="utf-8"))]
    committed = table_rows(DOC.read_text(encoding="utf-8"))
    stale = f"docs/reliability.md is out of date with the markers; regenerate it: {COMMAND}"
    assert [row[:4] for row in committed] == expected, stale
    not_run = [row[3] for row in committed if NOT_RUN in row[4]]
    assert not_run == [], "the file was written by --collect-only, not by a test run"
