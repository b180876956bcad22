"""Spreadsheet cells that cannot run: text a spreadsheet would take for a formula is defused.

Excel, LibreOffice and Google Sheets read a CSV cell that starts with `=`, `+`, `-` or `@`
(or a tab or carriage return before one) as a formula: `=HYPERLINK(...)` leaks data when
clicked, `=cmd|' /C calc'!A0` runs a program through DDE. Actors, places, outlets and notes
come from articles written by anyone, so every CSV Sitrep writes (`sitrep export --format
acled-csv`, `--format csv` of `events` and `extract`, `/api/export`) passes its cells
through `neutralise`, which does what OWASP's "CSV Injection" page recommends: a leading `'`,
which spreadsheets take as "this is text" and do not show. Numbers are left alone, so a
negative longitude stays a number. Pipelines that want the values exactly as stored ask for
raw cells (`--raw-cells`, `raw_cells=true`).
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "neutralise"]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    "The cell as a spreadsheet should get it: text that starts like a formula gets a `'`."
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
