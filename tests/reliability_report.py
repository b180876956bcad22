"""A pytest plugin that writes docs/reliability.md: every input tried, fault injected and attack
made, with the outcome Sitrep promises and whether the test that checks it passed.

The table is built from the tests, never by hand, so it cannot claim more than the suite
checks. A test joins it with one decorator:

    @pytest.mark.reliability("a .jsonl line with a 5,000-digit id", "a ReadError naming the line")

The row's area is the test module's name (`test_read.py` → "read") unless the marker says
otherwise (`area="api"`). The items of a parametrized test share one row, and its result
counts them ("22 passed", "1 failed, 3 passed"). Run it with

    python -m pytest -p tests.reliability_report --reliability-md docs/reliability.md

which runs only the marked tests (any `-m`/`-k` given as well narrows them further) and then
writes the file. With `--collect-only` the table lists every case with the result "not run";
tests/test_reliability_report.py uses that to check that the file in the repository is in
sync with the markers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pytest

__all__ = ["COMMAND", "NOT_RUN", "Case", "render", "table_rows"]

MARKER = "reliability"
#: The one command that regenerates the file; the file names it so nobody edits it by hand.
COMMAND = "python -m pytest -p tests.reliability_report --reliability-md docs/reliability.md"
HEADER = ("area", "input, fault or attack", "outcome", "test", "result")
NOT_RUN = "not run"
# A test's result is the worst of its phases: a teardown error spoils a passed call.
_SEVERITY = {
    NOT_RUN: 0, "passed": 1, "xpassed": 2, "xfailed": 3, "skipped": 4, "failed": 5, "error": 6,
}  # fmt: skip


@dataclass(slots=True)
class Case:
    "One marked test (all its parametrized items): what was tried, what must come of it."

    area: str
    case: str
    outcome: str
    test: str
    #: Each item's result by node id; NOT_RUN until it runs.
    results: dict[str, str] = field(default_factory=dict)

    @property
    def result(self) -> str:
        "'passed' for one item, else the counts: '22 passed', '1 failed, 3 passed'."
        counts: dict[str, int] = {}
        for result in self.results.values():
            counts[result] = counts.get(result, 0) + 1
        if len(self.results) <= 1:
            return next(iter(counts), NOT_RUN)
        worst_first = sorted(counts.items(), key=lambda kv: -_SEVERITY[kv[0]])
        return ", ".join(f"{n} {result}" for result, n in worst_first)

    def cells(self) -> tuple[str, ...]:
        return (self.area, self.case, self.outcome, f"`{self.test}`", self.result)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("reliability").addoption(
        "--reliability-md",
        metavar="PATH",
        default=None,
        help="run only the @pytest.mark.reliability tests and write their table to PATH",
    )


def pytest_configure(config: pytest.Config) -> None:
    # pyproject.toml registers the marker too; this keeps the plugin whole on its own.
    config.addinivalue_line("markers", f"{MARKER}(case, outcome, *, area=None): see {__name__}")
    path = config.getoption("--reliability-md")
    if path:
        config.pluginmanager.register(_Report(Path(path)), "reliability-report")


class _Report:
    "Selects the marked tests, records each one's result, writes the table at the end."

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cases: dict[tuple[str, ...], Case] = {}
        self.case_of: dict[str, Case] = {}  # node id -> its row

    @pytest.hookimpl(trylast=True)  # after -m and -k have had their say
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        kept, dropped = [], []
        for item in items:
            marker = item.get_closest_marker(MARKER)
            if marker is None:
                dropped.append(item)
                continue
            kept.append(item)
            row = _case(item, marker)
            key = (row.area, row.case, row.outcome, row.test)
            case = self.cases.setdefault(key, row)
            case.results[item.nodeid] = NOT_RUN
            self.case_of[item.nodeid] = case
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        case = self.case_of.get(report.nodeid)
        if case is None:
            return
        if hasattr(report, "wasxfail"):  # a strict xfail that passes is a plain failure
            result = "xfailed" if report.skipped else "xpassed"
        elif report.failed:
            result = "failed" if report.when == "call" else "error"
        elif report.skipped:
            result = "skipped"
        else:
            result = "passed"
        if _SEVERITY[result] > _SEVERITY[case.results[report.nodeid]]:
            case.results[report.nodeid] = result

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if session.config.option.collectonly:
            for case in self.cases.values():
                case.results = dict.fromkeys(case.results, NOT_RUN)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(render(list(self.cases.values())), encoding="utf-8")

    def pytest_terminal_summary(self, terminalreporter: object) -> None:
        write_line = getattr(terminalreporter, "write_line", None)
        if write_line is not None:
            write_line(f"reliability table: {len(self.cases)} cases written to {self.path}")


def _case(item: pytest.Item, marker: pytest.Mark) -> Case:
    "The row for one item; a marker without its two arguments is a mistake worth stopping for."
    if len(marker.args) != 2 or not all(isinstance(a, str) and a.strip() for a in marker.args):
        raise pytest.UsageError(
            f"{item.nodeid}: @pytest.mark.reliability needs two strings, "
            '("<input, fault or attack>", "<outcome>"), and optionally area="..."'
        )
    module = Path(str(item.path)).stem.removeprefix("test_").replace("_", " ")
    return Case(
        area=str(marker.kwargs.get("area", module)),
        case=marker.args[0],
        outcome=marker.args[1],
        test=item.nodeid.split("[", 1)[0],  # the test, not one of its parameters
    )


def render(cases: list[Case]) -> str:
    "The Markdown file: a short preamble, the counts, then one row per case, by area."
    cases = sorted(cases, key=lambda c: (c.area, c.test, c.case))
    counts: dict[str, int] = {}
    for case in cases:
        for result in case.results.values():
            counts[result] = counts.get(result, 0) + 1
    summary = ", ".join(f"{n} {result}" for result, n in sorted(counts.items()))
    items = sum(counts.values())
    lines = [
        "# Reliability: inputs tried, faults injected, attacks made",
        "",
        "Every row is a test marked `@pytest.mark.reliability(case, outcome)`: the input, fault",
        "or attack it makes, the outcome Sitrep promises, and whether the test passed in the run",
        "that wrote this file. Do not edit it by hand; regenerate it with",
        "",
        f"    {COMMAND}",
        "",
        "`tests/test_reliability_report.py` fails when a marker and this file disagree.",
        "",
        f"{len(cases)} cases, {items} test items: {summary or 'none'}.",
        "",
        _row(HEADER),
        _row(("---",) * len(HEADER)),
        *(_row(case.cells()) for case in cases),
    ]
    return "\n".join(lines) + "\n"


def table_rows(markdown: str) -> list[tuple[str, ...]]:
    "The body rows of the table in a file `render` wrote, cells unescaped."
    rows = []
    for line in markdown.splitlines():
        if not line.startswith("| "):
            continue
        cells = tuple(
            html.unescape(c.strip().replace("\\|", "|"))
            for c in line.strip().removeprefix("|").removesuffix("|").split(" | ")
        )
        if cells != HEADER and set(cells) != {"---"}:
            rows.append(cells)
    return rows


def _row(cells: tuple[str, ...]) -> str:
    # A pipe would end the cell early and a newline the row; <script> would be markup to a
    # Markdown renderer (and dropped). All three come from marker strings.
    escaped = (html.escape(" ".join(c.split()), quote=False).replace("|", "\\|") for c in cells)
    return "| " + " | ".join(escaped) + " |"
