"""Headless Chromium for the page's browser tests and the docs screenshots.

The browser is Debian's `chromium` package (installed with apt-get when missing, as root),
driven by Playwright's Python client with `executable_path`; Playwright never downloads a
browser of its own. `seed_store` fills a SQLite store from `examples/` (plus an article
whose text carries HTML and script), and `serve` runs the real app with uvicorn on a free
port of 127.0.0.1 in a thread.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.debian import apt_install

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CHROMIUM = Path("/usr/bin/chromium")
OPT_OUT = "SITREP_TEST_BROWSER"  # "off": skip the browser tests (local runs only)

# Flags for a quiet, offline, throwaway browser: no sandbox (we run as root in CI), no GPU,
# no background traffic (updates, sync, QUIC probes). Playwright adds --headless and a fresh
# temporary --user-data-dir for each launch.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

XSS_ARTICLE_ID = "xss-omdurman-market"
XSS_TEXT = (
    "Gunmen kill three villagers in Omdurman market attack <img src=x onerror=alert(1)>\n\n"
    "OMDURMAN, Sudan – Gunmen on motorbikes killed three civilians in an attack on a market in "
    "Omdurman on Friday, residents said. <script>alert(1)</script> The attackers fled towards "
    "the west of the city.\n\n"
    "Witnesses said the men fired at traders <img src=x onerror=alert(1)> before looting "
    "several shops."
)


class ChromiumMissing(RuntimeError):
    "Debian's chromium is not installed and could not be installed."


def ensure_chromium() -> Path:
    """/usr/bin/chromium, installing Debian's package first if it is missing.

    Raises ChromiumMissing with apt-get's own words when that fails (no root, no network).
    """
    if CHROMIUM.exists():
        return CHROMIUM
    failed = apt_install("chromium")  # waits for a lock another apt-get holds
    if failed is not None:
        raise ChromiumMissing(f"{CHROMIUM} is missing and could not be installed: {failed}")
    if not CHROMIUM.exists():
        raise ChromiumMissing(f"apt-get installed chromium but {CHROMIUM} is still missing")
    return CHROMIUM


def launch(playwright: Any) -> Any:
    "A headless Debian Chromium under Playwright, with a fresh profile."
    return playwright.chromium.launch(
        executable_path=str(ensure_chromium()), headless=True, args=CHROMIUM_ARGS
    )


def txt_dates() -> dict[str, tuple[date | None, str | None]]:
    """Publication day and outlet of each example .txt file, from the table in
    examples/README.md (a .txt file carries neither)."""
    table = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    found: dict[str, tuple[date | None, str | None]] = {}
    for name, day, outlet in re.findall(
        r"^\| `([^`]+\.txt)` \| `(\d{4}-\d\d-\d\d)` \| `([^`]+)` \|", table, re.M
    ):
        found[name] = (date.fromisoformat(day), outlet)
    return found


def example_articles() -> list[Any]:
    "Every article in examples/, the .txt ones with the day and outlet the README gives them."
    from sitrep.read import read_articles

    dates = txt_dates()
    articles = []
    for path in sorted(EXAMPLES.iterdir()):
        if path.name == "README.md" or path.name.startswith("."):
            continue
        published, outlet = dates.get(path.name, (None, None))
        for item in read_articles([path], published=published, outlet=outlet):
            if hasattr(item, "text"):
                articles.append(item)
    return articles


def xss_article() -> Any:
    "A report whose title, outlet, URL and text carry markup that must show as text."
    from sitrep.models import Article

    return Article(
        id=XSS_ARTICLE_ID,
        text=XSS_TEXT,
        published=date(2024, 3, 2),
        outlet="Test <b>Wire</b>",
        title="Omdurman <script>alert(1)</script> attack",
        url="javascript:alert(1)",
        language="en",
    )


def seed_store(url: str, kit: Any, *, xss: bool = True) -> int:
    "Extract and store every example article (and the XSS one); the number of events stored."
    from sitrep.extract import extract
    from sitrep.store import open_store

    articles = example_articles() + ([xss_article()] if xss else [])
    stored = 0
    with open_store(url) as store:
        for article in articles:
            stored += store.ingest(article, extract(article, kit=kit)).events
    return stored


def create_token(url: str, name: str = "reviewer") -> str:
    "A reviewer's bearer token for the store at `url`."
    from sitrep.store import open_store

    with open_store(url) as store:
        return store.create_token(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(store_url: str, **settings: Any) -> Iterator[str]:
    "The real app over `store_url` under uvicorn in a thread; yields its base URL."
    import uvicorn

    from sitrep.api import ApiSettings, create_app

    app = create_app(store_url, settings=ApiSettings(**settings))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="sitrep-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
