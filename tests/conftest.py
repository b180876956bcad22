"""Shared fixtures: the real NLP kit (loaded once per session), paths to shared data, and
stores: a real, throwaway PostgreSQL server for the session (see `postgres_server`)."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.extract import Kit, load_kit

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Build the gazetteer index (once per machine) before any test runs: a first-run build
    announces itself on stderr, which tests of a command's own output must not see."""
    from sitrep.gazetteer_index import ensure_index

    ensure_index()


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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """A real PostgreSQL server for the session, started from the Debian packages
    (installed with apt-get if missing, waiting for the package manager's lock if another
    process holds it: sitrep.debian) in a temporary folder, and stopped at the end.

    If it cannot start, every PostgreSQL test FAILS with the reason: a store test that
    silently skips PostgreSQL would hide exactly the bugs it is there for. For a local run
    on a machine without PostgreSQL, SITREP_TEST_POSTGRES=off skips those tests instead;
    it is refused under CI.
    """
    if os.environ.get("SITREP_TEST_POSTGRES", "").strip().lower() == "off":
        if os.environ.get("CI"):
            pytest.fail("SITREP_TEST_POSTGRES=off is for local runs; CI must test PostgreSQL")
        pytest.skip("PostgreSQL tests turned off by SITREP_TEST_POSTGRES=off (local runs only)")
    from sitrep.errors import SitrepError
    from sitrep.store.pgserver import ThrowawayPostgres

    try:
        server = ThrowawayPostgres(durable=False).start()
    except (SitrepError, OSError) as err:
        pytest.fail(f"could not start a PostgreSQL server for the store tests: {err}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    "An empty store's URL: a SQLite file, or a fresh database on the session's PostgreSQL."
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    server = request.getfixturevalue("postgres_server")
    name = f"test_{uuid.uuid4().hex[:12]}"
    url = server.create_database(name)
    yield url
    server.drop_database(name)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """A headless Chromium (Debian's package, driven by Playwright) for the page's tests;
    see tests/browser.py. It is installed with apt-get if missing (waiting for the package
    manager's lock if another process holds it: sitrep.debian).

    If it cannot be installed or started, every browser test FAILS with the reason. For a
    local run without a browser, SITREP_TEST_BROWSER=off skips them instead; it is refused
    under CI.
    """
    if os.environ.get("SITREP_TEST_BROWSER", "").strip().lower() == "off":
        if os.environ.get("CI"):
            pytest.fail("SITREP_TEST_BROWSER=off is for local runs; CI must run the browser tests")
        pytest.skip("browser tests turned off by SITREP_TEST_BROWSER=off (local runs only)")
    from browser import ChromiumMissing, launch
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = launch(playwright)
    except (ChromiumMissing, PlaywrightError, OSError) as err:
        playwright.stop()
        pytest.fail(f"could not start headless Chromium for the page's tests: {err}")
    yield browser
    browser.close()
    playwright.stop()
