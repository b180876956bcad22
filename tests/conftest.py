"""Shared fixtures: the real NLP kit (loaded once per session) and paths to shared data."""

from __future__ import annotations

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
