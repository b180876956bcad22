"""Shared fixtures: the real NLP kit (loaded once per session) and paths to shared data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitrep.extract import Kit, load_kit

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def kit() -> Kit:
    "The real Kit, loaded once for the session: spaCy's English pipeline, lexicons, gazetteer."
    return load_kit()


@pytest.fixture(scope="session")
def shared() -> Path:
    "The shared folder beside the repository; CI always has it."
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not present (CI always provides it)")
    return SHARED


def spec_taxonomy() -> dict[str, list[str]]:
    """The six event types and their sub-event types, in order, parsed from the contract
    (shared/spec/events.md), so tests compare the code with the contract, not with a copy."""
    spec = (SHARED / "spec" / "events.md").read_text(encoding="utf-8")
    section = spec.split("### ACLED event types and sub-event types", 1)[1].split("\n## ", 1)[0]
    taxonomy: dict[str, list[str]] = {}
    for item in re.split(r"\n- ", "\n" + section.strip()):
        m = re.match(r"\*\*(.+?)\*\*:\s*(.+)", " ".join(item.split()), re.S)
        if m:
            taxonomy[m.group(1)] = [sub.strip() for sub in m.group(2).split(";")]
    return taxonomy
