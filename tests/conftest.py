"""Shared fixtures: the real NLP kit (loaded once per session) and paths to shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def kit():  # type: ignore[no-untyped-def]
    "The real Kit: spaCy's English pipeline and the packaged lexicons (no mocks)."
    from sitrep.extract import load_kit

    return load_kit()


@pytest.fixture(scope="session")
def shared() -> Path:
    "The shared folder beside the repository; CI always has it."
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not present (CI always provides it)")
    return SHARED
