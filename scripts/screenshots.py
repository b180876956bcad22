"""Take the README's screenshots of the web page: docs/map.png and docs/evidence.png.

    .venv/bin/python scripts/screenshots.py [--out docs]

Seeds a throwaway SQLite store from examples/ (the .txt files with the day and outlet that
examples/README.md gives them), serves the real app on 127.0.0.1, and photographs it in
the same headless Chromium the browser tests use (tests/browser.py). The evidence view is
the event with the most evidence spans that also has attributed claims.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from browser import launch, seed_store, serve  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

VIEWPORT = {"width": 1440, "height": 900}


def richest_event(base: str) -> str:
    "The id of the event whose evidence view shows the most: spans first, then claims."
    events = httpx.get(base + "api/events", params={"limit": 500}, timeout=30).json()["items"]
    best, score = "", (-1, -1)
    for event in events:
        if not event["claims"] or not (event["location"] or {}).get("latitude"):
            continue
        article = httpx.get(base + f"api/articles/{event['article_id']}", timeout=30).json()
        spans = sum(1 for s in article["evidence"] if s["event_id"] == event["event_id"])
        candidate = (min(spans, 14) + 3 * min(len(event["claims"]), 3), len(event["claims"]))
        if candidate > score:
            best, score = event["event_id"], candidate
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from sitrep.extract import load_kit

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "examples.db")
        print(f"seeded {seed_store(db, load_kit(), xss=False)} events from examples/")
        with serve(db, public_read=True) as base, sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            page.goto(base)
            page.wait_for_selector("body[data-loaded]")
            page.wait_for_timeout(800)  # outlines drawn, cluster animation done
            page.screenshot(path=str(args.out / "map.png"))

            event_id = richest_event(base)
            item = page.locator(f'.event-item[data-id="{event_id}"]')
            item.scroll_into_view_if_needed()
            item.click()
            page.wait_for_selector("#article-text mark")
            page.locator("#article-text mark").first.scroll_into_view_if_needed()
            page.locator("#panel-body").evaluate("body => { body.scrollTop = 0; }")
            page.wait_for_timeout(1200)  # the map's zoom to the event's marker
            page.screenshot(path=str(args.out / "evidence.png"))
            browser.close()
    for name in ("map.png", "evidence.png"):
        path = args.out / name
        print(f"{path}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
