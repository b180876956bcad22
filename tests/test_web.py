"""The web page in a real headless Chromium (Debian's, driven by Playwright) against the real
app over a SQLite store seeded from examples/ plus an article full of markup.

Every expectation comes from the API the page reads (counts, evidence spans, the export), so
the page is checked against the same data a script would get. The page runs under the app's
Content-Security-Policy; a CSP violation, a script error, a dialog or a request to another
host fails the test that caused it.
"""

from __future__ import annotations

import itertools
import json
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from browser import XSS_ARTICLE_ID, XSS_TEXT, create_token, seed_store, serve
from playwright.sync_api import expect

from sitrep.models import SUB_EVENT_TYPES

STATIC = Path(__file__).resolve().parents[1] / "sitrep" / "web" / "static"
DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}


@dataclass
class Site:
    base: str
    db: str
    token: str

    def get(self, path: str, **params: Any) -> Any:
        response = httpx.get(self.base + path, params=params, timeout=30)
        response.raise_for_status()
        return response.json()

    def events(self, **params: Any) -> list[dict[str, Any]]:
        "Every event the API lists for these filters, following its cursor."
        items: list[dict[str, Any]] = []
        cursor = None
        while True:
            page = self.get(
                "api/events", limit=500, **params, **({"cursor": cursor} if cursor else {})
            )
            items += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return items


@dataclass
class Watch:
    "What a page did that it must not: script errors, CSP violations, dialogs, foreign requests."

    base: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)  # other origins a test allows (tiles)
    expected: list[str] = field(default_factory=list)  # console errors a test provokes

    def attach(self, page: Any) -> None:
        page.on("pageerror", lambda err: self.errors.append(f"pageerror: {err} {err.stack}"))
        page.on("console", self._console)
        page.on("dialog", self._dialog)
        page.on("request", self._request)

    def _console(self, message: Any) -> None:
        if any(text in message.text for text in self.expected):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            self.errors.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request: Any) -> None:
        url = request.url
        allowed = (self.base, "data:", "blob:", *self.hosts)
        if not url.startswith(allowed):
            self.foreign.append(url)

    def check(self) -> None:
        assert not self.dialogs, f"a dialog fired: {self.dialogs}"
        assert not self.errors, "\n".join(self.errors)
        assert not self.foreign, f"requests to other hosts: {self.foreign}"


@pytest.fixture(scope="module")
def site(kit: Any, chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = str(tmp_path_factory.mktemp("web") / "store.db")
    assert seed_store(db, kit) > 20
    token = create_token(db)
    with serve(db, public_read=True) as base:
        yield Site(base=base, db=db, token=token)


def open_page(
    site: Site, chromium: Any, viewport: dict[str, int], hosts: tuple[str, ...] = (), **options: Any
) -> Any:
    "The page in a fresh browser context, loaded, with a Watch on it (`page.watch`)."
    context = chromium.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    watch = Watch(site.base, hosts=list(hosts))
    watch.attach(page)
    page.watch = watch
    page.goto(site.base)
    page.wait_for_selector("body[data-loaded]")
    return page


@pytest.fixture
def desktop(site: Site, chromium: Any) -> Iterator[Any]:
    page = open_page(site, chromium, DESKTOP)
    yield page
    page.watch.check()
    page.context.close()


@pytest.fixture
def phone(site: Site, chromium: Any) -> Iterator[Any]:
    page = open_page(site, chromium, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    yield page
    page.watch.check()
    page.context.close()


def located(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    "Events with a point (a place known only to its country has no coordinates)."
    return [e for e in events if e["location"] and e["location"]["latitude"] is not None]


def expect_shown(page: Any, events: list[dict[str, Any]]) -> None:
    "The list holds exactly these events and the map has a marker for each located one."
    expect(page.locator(".event-item")).to_have_count(len(events))
    expect(page.locator(f'#map[data-markers="{len(located(events))}"]')).to_have_count(1)
    shown = set(page.locator(".event-item").evaluate_all("els => els.map(e => e.dataset.id)"))
    assert shown == {e["event_id"] for e in events}


def settle(page: Any) -> None:
    "Wait out a map zoom started by a click or a key: Leaflet's and the clusters' animations."
    page.wait_for_timeout(300)
    page.wait_for_selector("#map:not(.leaflet-zoom-anim)", state="attached")
    page.wait_for_selector(".leaflet-map-pane:not(.leaflet-cluster-anim)", state="attached")
    page.wait_for_timeout(100)


def open_marker(page: Any) -> str:
    "Click clusters (each zooms in) until single markers show, click one; its event id."
    for _ in range(8):
        markers = page.locator(".leaflet-marker-icon.ev-marker")
        if markers.count():
            marker = markers.first
            event_id = marker.get_attribute("data-id")
            marker.click()
            return event_id
        clusters = page.locator(".leaflet-marker-icon.ev-cluster")
        clusters.first.click()
        settle(page)
    raise AssertionError("no single marker after zooming into clusters")


def tab_to_marker(page: Any) -> None:
    "Tab from the map to a single marker, zooming into a cluster with Enter if none shows."
    active = "() => document.activeElement.className"
    for _ in range(6):
        page.locator("#map").focus()
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = page.evaluate(active)
            if "ev-marker" in focused:
                return
            if "ev-cluster" not in focused:
                break  # tabbed past the markers
        page.locator("#map").focus()
        page.keyboard.press("Tab")
        assert "ev-cluster" in page.evaluate(active)
        page.keyboard.press("Enter")
        settle(page)
    raise AssertionError("Tab never reached a single marker")


# ---------------------------------------------------------------------------- static rules


def test_page_files_keep_the_csp_rules() -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"\sstyle\s*=", html), "inline style attribute"
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "asset from another host"
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    sinks = (r"\.innerHTML\b", r"\.outerHTML\b", "insertAdjacentHTML", r"document\.write")
    sinks += (r"\beval\(", r"new Function\(")
    for sink in sinks:
        assert not re.search(sink, js), f"app.js uses {sink}"


def test_vendored_files_carry_licences_and_stay_small() -> None:
    vendor = STATIC / "vendor"
    folders = [p for p in vendor.iterdir() if p.is_dir()]
    assert {p.name for p in folders} >= {"leaflet", "leaflet.markercluster", "world-atlas"}
    for folder in folders:
        assert (folder / "LICENSE").stat().st_size > 200, f"{folder.name} has no licence file"
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    for name in ("leaflet", "leaflet.markercluster", "topojson-client", "world-atlas"):
        assert f"`{name}`" in readme
    total = sum(p.stat().st_size for p in STATIC.rglob("*") if p.is_file())
    assert total < 5_000_000, f"the page's files weigh {total / 1e6:.1f} MB"


# ---------------------------------------------------------------------------- browser


def test_page_loads_every_event_of_the_store(site: Site, desktop: Any) -> None:
    events = site.events()
    assert site.get("api/events", limit=1)["count"] == len(events)
    expect_shown(desktop, events)
    # Every located event is on the map: single markers plus the counts on the clusters.
    singles = desktop.locator(".leaflet-marker-icon.ev-marker").count()
    clustered = sum(
        int(n) for n in desktop.locator(".leaflet-marker-icon.ev-cluster").all_text_contents()
    )
    assert singles + clustered == len(located(events))
    expect(desktop.locator("#status")).to_contain_text(f"{len(events)} events")
    attribution = site.get("api/config")["attribution"]
    assert "GeoNames, geonames.org" in attribution
    expect(desktop.locator("#attribution")).to_contain_text("GeoNames, geonames.org")
    # The type filter offers the contract's taxonomy, grouped by event type.
    groups = desktop.locator("#f-type optgroup").evaluate_all(
        "gs => gs.map(g => [g.label, [...g.querySelectorAll('option')].map(o => o.value)])"
    )
    assert {sub: label for label, subs in groups for sub in subs[1:]} == SUB_EVENT_TYPES


def test_marker_click_opens_the_evidence_view(site: Site, desktop: Any) -> None:
    event_id = open_marker(desktop)
    panel = desktop.locator("#panel")
    expect(panel).to_be_visible()
    expect(panel).to_have_attribute("data-event-id", event_id)
    event = site.get(f"api/events/{event_id}")["event"]
    article = site.get(f"api/articles/{event['article_id']}")
    # The article shows whole and verbatim, cut into text and <mark> pieces.
    assert desktop.locator("#article-text").text_content() == article["article"]["text"]
    spans = [s for s in article["evidence"] if s["event_id"] == event_id]
    assert spans, "the clicked event has no evidence"
    for span in spans:
        marks = desktop.locator(f'#article-text mark[data-spans~="{span["start"]}-{span["end"]}"]')
        assert "".join(marks.all_text_contents()) == span["text"]
        fields = marks.first.get_attribute("data-fields").split()
        assert span["field"] in fields
    expect(desktop.locator("#panel-title")).to_contain_text(event["sub_event_type"])
    # Claims table: one row per claim, with its claimant.
    rows = desktop.locator("#claims tbody tr")
    if event["claims"]:
        expect(rows).to_have_count(len(event["claims"]))
        expect(rows.first).to_contain_text(event["claims"][0]["claimant"])


def test_incident_lists_its_other_reports(site: Site, desktop: Any) -> None:
    with_others = [
        e
        for e in site.events()
        if e["incident_id"] and site.get(f"api/events/{e['event_id']}")["others"]
    ]
    assert with_others, "the examples report some incident twice"
    event = with_others[0]
    desktop.locator(f'.event-item[data-id="{event["event_id"]}"]').click()
    others = site.get(f"api/events/{event['event_id']}")["others"]
    expect(desktop.locator("#others li")).to_have_count(len(others))
    other = others[0]
    desktop.locator(f'#others button[data-id="{other["event_id"]}"]').click()
    expect(desktop.locator("#panel")).to_have_attribute("data-event-id", other["event_id"])


def test_brushing_the_timeline_filters_map_and_list(site: Site, desktop: Any) -> None:
    events = site.events()
    box = desktop.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] * 0.5
    desktop.mouse.move(box["x"] + box["width"] * 0.1, y)
    desktop.mouse.down()
    desktop.mouse.move(box["x"] + box["width"] * 0.55, y, steps=8)
    desktop.mouse.up()
    brush = desktop.locator("#timeline").get_attribute("data-brush")
    assert brush, "dragging across the timeline selected no period"
    since, until = brush.split("..")
    chosen = [e for e in events if e["event_date"] and since <= e["event_date"] <= until]
    assert 0 < len(chosen) < len(events)
    expect_shown(desktop, chosen)
    # Keyboard: Escape on the timeline clears the period; an arrow key selects the first bin.
    desktop.locator("#timeline").focus()
    desktop.keyboard.press("Escape")
    expect_shown(desktop, events)
    desktop.keyboard.press("ArrowRight")
    since, until = desktop.locator("#timeline").get_attribute("data-brush").split("..")
    expect_shown(
        desktop, [e for e in events if e["event_date"] and since <= e["event_date"] <= until]
    )
    desktop.locator("#brush-clear").click()
    expect_shown(desktop, events)


def test_filters_ask_the_api_and_show_what_it_answers(site: Site, desktop: Any) -> None:
    total = len(site.events())
    page = desktop

    def check(**params: Any) -> None:
        expected = site.events(**params)
        assert 0 < len(expected) < total, params
        expect_shown(page, expected)

    page.select_option("#f-type", "Battles")
    check(type="Battles")
    page.select_option("#f-type", "")
    page.select_option("#f-country", "SDN")
    check(country="SDN")
    page.fill("#f-since", "2024-06-01")
    check(country="SDN", since="2024-06-01")
    page.locator("#filters button[type=reset]").click()
    expect_shown(page, site.events())
    page.fill("#f-q", "Kharkiv")
    check(q="Kharkiv")
    page.fill("#f-q", "")
    actor = "RSF: Rapid Support Forces"
    page.fill("#f-actor", actor)
    check(actor=actor)
    page.fill("#f-actor", "")
    page.fill("#f-until", "2023-12-31")
    check(until="2023-12-31")


def test_correction_with_a_token_persists_and_is_exported(site: Site, desktop: Any) -> None:
    events = [e for e in site.events() if e["fatalities"] and e["article"]["id"] != XSS_ARTICLE_ID]
    event = events[0]
    page = desktop
    page.locator(f'.event-item[data-id="{event["event_id"]}"]').click()
    expect(page.locator("#panel")).to_have_attribute("data-event-id", event["event_id"])
    expect(page.locator("#correction-form")).to_be_hidden()  # not signed in

    # A wrong token is refused with the API's message, and nothing changes.
    page.watch.expected.append("status of 403")
    page.fill("#token", "not-a-token")
    page.locator("#token-form button[type=submit]").click()
    page.select_option("#corr-field", "fatalities")
    page.fill("#corr-value input[name=best]", "41")
    page.fill("#corr-why", "trying with a wrong token")
    page.locator("#correction-form button[type=submit]").click()
    expect(page.locator("#review-status")).to_contain_text("Not saved")
    assert site.get(f"api/events/{event['event_id']}")["event"]["fatalities"] == event["fatalities"]

    page.fill("#token", site.token)
    page.locator("#token-form button[type=submit]").click()
    page.select_option("#corr-field", "fatalities")
    page.fill("#corr-value input[name=best]", "42")
    page.fill("#corr-value input[name=low]", "40")
    page.fill("#corr-value input[name=high]", "45")
    page.fill("#corr-why", "the ministry's later statement gives 42")
    page.locator("#correction-form button[type=submit]").click()
    expect(page.locator("#review-status")).to_contain_text("Saved")

    page.reload()
    page.wait_for_selector("body[data-loaded]")
    assert page.locator("#token").input_value() == site.token  # kept for the tab
    page.locator(f'.event-item[data-id="{event["event_id"]}"]').click()
    expect(page.locator("#fields")).to_contain_text("42 (40–45)")
    expect(page.locator("#history")).to_contain_text("the ministry's later statement gives 42")

    exported = httpx.get(site.base + "api/export", params={"format": "jsonl"}, timeout=30)
    exported.raise_for_status()
    rows = [json.loads(line) for line in exported.text.splitlines() if line.strip()]
    row = next(r for r in rows if r["event_id"] == event["event_id"])
    assert (row["fatalities"]["best"], row["fatalities"]["low"], row["fatalities"]["high"]) == (
        42,
        40,
        45,
    )


@pytest.mark.reliability(
    "an article with <script>, <b>, <img> and a javascript: URL, opened in the page (Chromium)",
    "shown as text: no element, no link, no dialog",
)
def test_markup_in_an_article_renders_as_text(site: Site, desktop: Any) -> None:
    xss = [e for e in site.events() if e["article"]["id"] == XSS_ARTICLE_ID]
    assert xss, "the XSS article yielded no event"
    page = desktop
    item = page.locator(f'.event-item[data-id="{xss[0]["event_id"]}"]')
    expect(item).to_contain_text("Test <b>Wire</b>")
    item.click()
    expect(page.locator("#panel")).to_have_attribute("data-event-id", xss[0]["event_id"])
    assert page.locator("#article-text").text_content() == XSS_TEXT
    expect(page.locator("#article-meta")).to_contain_text(
        "Omdurman <script>alert(1)</script> attack"
    )
    assert page.locator("#panel img, #panel script, #panel b, #event-list b").count() == 0
    assert page.locator("#article-meta a").count() == 0  # a javascript: URL is no link
    page.wait_for_timeout(300)
    assert page.watch.dialogs == []


def test_keyboard_opens_and_closes_the_panel(site: Site, desktop: Any) -> None:
    page = desktop
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.locator(".event-item").first
    expect(first).to_be_focused()
    outline = first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none", "focus is not visible"
    event_id = first.get_attribute("data-id")
    page.keyboard.press("Enter")
    expect(page.locator("#panel")).to_have_attribute("data-event-id", event_id)
    expect(page.locator("#panel-title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_be_hidden()
    expect(first).to_be_focused()

    # Markers are reachable with Tab from the map and open the panel with Enter; Enter on a
    # cluster zooms into it.
    tab_to_marker(page)
    marker_id = page.evaluate("() => document.activeElement.dataset.id")
    page.keyboard.press("Enter")
    expect(page.locator("#panel")).to_have_attribute("data-event-id", marker_id)
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_be_hidden()
    expect(page.locator(f'.ev-marker[data-id="{marker_id}"]')).to_be_focused()


def test_phone_layout(site: Site, phone: Any) -> None:
    page = phone
    events = site.events()
    expect_shown(page, events)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px screen"
    expect(page.locator("#filters")).to_be_hidden()
    page.locator("#filters-toggle").tap()
    expect(page.locator("#filters")).to_be_visible()
    expect(page.locator("#filters-toggle")).to_have_attribute("aria-expanded", "true")
    map_box = page.locator("#map").bounding_box()
    assert map_box["width"] == PHONE["width"] and map_box["height"] > 300
    page.locator("#filters-toggle").tap()
    page.locator(".event-item").first.tap()
    panel = page.locator("#panel")
    expect(panel).to_be_visible()
    expect(page.locator("#article-text mark").first).to_be_attached()
    box = panel.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (
        0,
        0,
        PHONE["width"],
        PHONE["height"],
    )
    page.locator("#panel-close").tap()
    expect(panel).to_be_hidden()


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    "A plain PNG of one colour, for the fake tile server."

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def test_optional_tile_server(site: Site, chromium: Any) -> None:
    "With a tile URL set, the map shows that server's tiles and keeps the outlines as a choice."
    tile = png(256, 256, (200, 220, 200))
    asked: list[str] = []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args: Any) -> None:
            pass

    tiles = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=tiles.serve_forever, daemon=True).start()
    host = f"http://127.0.0.1:{tiles.server_address[1]}/"
    try:
        url = host + "{z}/{x}/{y}.png"
        with serve(site.db, tile_url=url, tile_attribution="Test tiles") as base:
            tiled = Site(base=base, db=site.db, token=site.token)
            page = open_page(tiled, chromium, DESKTOP, hosts=(host,))
            expect(page.locator("img.leaflet-tile-loaded").first).to_be_attached()
            assert asked and all(re.fullmatch(r"/\d+/\d+/\d+\.png", p) for p in asked)
            expect(page.locator(".leaflet-control-attribution")).to_contain_text("Test tiles")
            page.locator(".leaflet-control-layers").hover()
            page.get_by_label("Outlines (offline)").check()
            expect(page.locator("img.leaflet-tile")).to_have_count(0)
            page.watch.check()
            page.context.close()
    finally:
        tiles.shutdown()


# ---------------------------------------------------------------------------- the analyst's view


def shown_ids(page: Any) -> list[str]:
    "The ids of the events the list shows, in its order."
    return page.locator(".event-item").evaluate_all("els => els.map(e => e.dataset.id)")


def url_params(page: Any) -> dict[str, str]:
    "The page URL's query parameters (each given once)."
    return dict(parse_qsl(urlsplit(page.url).query))


def brush_first_bins(page: Any, widen: int) -> str:
    "Select the timeline's first bin and `widen` more with the keyboard; the dates chosen."
    page.locator("#timeline").focus()
    page.keyboard.press("ArrowRight")
    for _ in range(widen):
        page.keyboard.press("Shift+ArrowRight")
    brush = page.locator("#timeline").get_attribute("data-brush")
    assert brush
    return brush


def test_the_url_keeps_the_view_and_a_copy_reopens_it(
    site: Site, desktop: Any, chromium: Any
) -> None:
    page = desktop
    kind = "Explosions/Remote violence"
    page.select_option("#f-type", kind)
    expect_shown(page, site.events(type=kind))
    page.fill("#f-actor", "Military Forces of")  # not a name: the page asks for a prefix
    expect(page.locator("#status")).not_to_contain_text("Loading")
    brush = brush_first_bins(page, 16)  # bins enough to hold two of the military strikes
    since, until = brush.split("..")
    wanted = [
        e
        for e in site.events(type=kind, actor="Military Forces of*")
        if e["event_date"] and since <= e["event_date"] <= until
    ]
    assert len(wanted) >= 2
    expect_shown(page, wanted)
    event_id = shown_ids(page)[1]
    page.locator(f'.event-item[data-id="{event_id}"]').click()
    expect(page.locator("#panel")).to_have_attribute("data-event-id", event_id)
    params = url_params(page)
    assert params == {
        "type": kind,
        "actor": "Military Forces of*",
        "brush": brush,
        "event": event_id,
    }

    # The copied URL, in a fresh browser: the same form, selection, list, map and panel.
    copy = open_page(site, chromium, DESKTOP)
    copy.goto(page.url)
    expect(copy.locator("#panel")).to_have_attribute("data-event-id", event_id)
    expect_shown(copy, wanted)
    assert shown_ids(copy) == shown_ids(page)
    assert copy.locator("#f-type").input_value() == kind
    assert copy.locator("#f-actor").input_value() == "Military Forces of*"
    assert copy.locator("#timeline").get_attribute("data-brush") == brush
    expect(copy.locator("#panel-title")).to_have_text(page.locator("#panel-title").text_content())
    copy.watch.check()
    copy.context.close()


def test_a_url_with_a_country_an_exact_actor_and_dates_restores_them(
    site: Site, chromium: Any
) -> None:
    actor = "RSF: Rapid Support Forces"
    query = {"since": "2024-01-01", "until": "2024-12-31", "country": "SDN", "actor": actor}
    wanted = site.events(**query)
    assert wanted
    page = open_page(site, chromium, DESKTOP)
    page.goto(site.base + "?" + urlencode(query))
    page.wait_for_selector("body[data-loaded]")
    expect_shown(page, wanted)
    assert page.locator("#f-since").input_value() == "2024-01-01"
    assert page.locator("#f-until").input_value() == "2024-12-31"
    assert page.locator("#f-actor").input_value() == actor
    assert page.locator("#f-country").input_value() == "SDN"
    # The country's option is named properly once its events are in.
    expect(page.locator("#f-country option:checked")).to_have_text("Sudan")
    assert url_params(page) == query
    page.watch.check()
    page.context.close()


def test_back_and_forward_step_through_views(site: Site, desktop: Any) -> None:
    page = desktop
    everything = site.events()
    page.select_option("#f-type", "Battles")
    battles = site.events(type="Battles")
    expect_shown(page, battles)
    # One search typed in two goes is one history entry.
    page.fill("#f-q", "Kha")
    expect(page.locator("#status")).not_to_contain_text("Loading")
    page.wait_for_timeout(500)
    page.fill("#f-q", "")
    page.wait_for_timeout(500)
    expect_shown(page, battles)
    page.select_option("#f-type", "Protests")
    protests = site.events(type="Protests")
    expect_shown(page, protests)
    event_id = shown_ids(page)[0]
    page.locator(f'.event-item[data-id="{event_id}"]').click()
    expect(page.locator("#panel")).to_have_attribute("data-event-id", event_id)

    page.go_back()  # closes the event
    expect(page.locator("#panel")).to_be_hidden()
    assert url_params(page) == {"type": "Protests"}
    page.go_back()  # the search's one entry, as the search ended: no text
    expect_shown(page, battles)
    assert url_params(page) == {"type": "Battles"}
    page.go_back()  # Battles, before the search
    expect_shown(page, battles)
    assert page.locator("#f-type").input_value() == "Battles"
    page.go_back()  # the page as first loaded
    expect_shown(page, everything)
    assert page.locator("#f-type").input_value() == ""
    assert url_params(page) == {}
    page.go_forward()
    expect_shown(page, battles)
    page.go_forward()
    page.go_forward()
    expect_shown(page, protests)
    assert page.locator("#f-type").input_value() == "Protests"
    page.go_forward()
    expect(page.locator("#panel")).to_have_attribute("data-event-id", event_id)
    # Closing is a step too: Back reopens the event.
    page.locator("#panel-close").click()
    expect(page.locator("#panel")).to_be_hidden()
    page.go_back()
    expect(page.locator("#panel")).to_have_attribute("data-event-id", event_id)


def test_clear_filters_also_clears_the_time_selection(site: Site, desktop: Any) -> None:
    page = desktop
    page.select_option("#f-type", "Explosions/Remote violence")
    expect_shown(page, site.events(type="Explosions/Remote violence"))
    brush_first_bins(page, 3)
    assert "brush" in url_params(page)
    page.locator("#filters button[type=reset]").click()
    expect_shown(page, site.events())
    assert page.locator("#timeline").get_attribute("data-brush") is None
    expect(page.locator("#brush-clear")).to_be_hidden()
    expect(page.locator("#brush-label")).to_have_text("")
    assert url_params(page) == {}


def year_windows(events: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Date filters across each new year the events cross: from the last few events of one
    year to the first of the next (days or weeks on the timeline), and from March to the
    next October (weeks)."""
    days = sorted({e["event_date"] for e in events if e["event_date"]})
    windows = []
    for before, after in itertools.pairwise(days):
        if before[:4] != after[:4]:
            earlier = [d for d in days if d[:4] == before[:4]][-3:]
            windows.append({"since": earlier[0], "until": after})
            windows.append({"since": f"{before[:4]}-03-01", "until": f"{after[:4]}-10-31"})
    return windows


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_timeline_ticks_name_every_year_the_range_spans(
    site: Site, viewport: str, request: pytest.FixtureRequest
) -> None:
    page = request.getfixturevalue(viewport)
    events = site.events()
    windows = [{}, *year_windows(events)]
    assert len(windows) >= 3, "the examples span more than one new year"
    if viewport == "phone":
        page.locator("#filters-toggle").tap()
    for window in windows:
        if window:
            page.fill("#f-since", window["since"])
            page.fill("#f-until", window["until"])
        shown = site.events(**window)
        expect_shown(page, shown)
        years = sorted({e["event_date"][:4] for e in shown if e["event_date"]})
        ticks = page.locator(".tl-tick").all_text_contents()
        assert years[0] in ticks[0], (window, ticks)  # the first tick names its year
        for year in years[1:]:
            assert any(year in tick for tick in ticks), (window, year, ticks)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_opening_an_event_shows_its_first_highlighted_span(
    site: Site, viewport: str, request: pytest.FixtureRequest
) -> None:
    page = request.getfixturevalue(viewport)
    # The event whose first evidence lies deepest in its article.
    deepest, depth = None, -1
    for event in site.events():
        article = site.get(f"api/articles/{event['article_id']}")
        starts = [s["start"] for s in article["evidence"] if s["event_id"] == event["event_id"]]
        if starts and min(starts) > depth:
            deepest, depth = event, min(starts)
    assert deepest is not None and depth > 1500, "no example has its evidence far down"
    item = page.locator(f'.event-item[data-id="{deepest["event_id"]}"]')
    item.scroll_into_view_if_needed()
    item.click()
    expect(page.locator("#panel")).to_have_attribute("data-event-id", deepest["event_id"])
    first = page.locator("#article-text mark").first
    expect(first).to_be_in_viewport()
    seen = page.evaluate(
        """() => {
          const mark = document.querySelector('#article-text mark').getBoundingClientRect();
          const inside = (id) => {
            const box = document.getElementById(id).getBoundingClientRect();
            return mark.top >= box.top && mark.bottom <= box.bottom;
          };
          return [inside('article-text'), inside('panel-body')];
        }"""
    )
    assert seen == [True, True]


def test_an_event_with_no_point_opens_and_says_so(site: Site, desktop: Any) -> None:
    "A place known only by name (no gazetteer point) has no coordinates to print."
    pointless = [e for e in site.events() if e["location"] and e["location"]["latitude"] is None]
    assert pointless, "some example place has no point"
    event = pointless[0]
    desktop.locator(f'.event-item[data-id="{event["event_id"]}"]').click()
    expect(desktop.locator("#panel")).to_have_attribute("data-event-id", event["event_id"])
    expect(desktop.locator("#fields")).to_contain_text(
        f"{event['location']['name']}, {event['location']['country']} (no point on the map)"
    )


def test_download_this_view_exports_what_is_shown(site: Site, desktop: Any) -> None:
    page = desktop
    page.fill("#f-since", "2023-06-01")
    expect_shown(page, site.events(since="2023-06-01"))
    page.fill("#f-q", "killed")
    expect_shown(page, site.events(since="2023-06-01", q="killed"))
    brush_first_bins(page, 6)
    shown = shown_ids(page)
    assert shown
    with page.expect_download() as info:
        page.locator('#download a[data-format="jsonl"]').click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["event_id"] for line in lines) == sorted(shown)
    with page.expect_download() as info:
        page.locator('#download a[data-format="geojson"]').click()
    assert info.value.suggested_filename == "sitrep-events.geojson"
    features = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))["features"]
    exported = {f["id"] for f in features}
    assert exported <= set(shown)
    assert exported >= {e["event_id"] for e in located(site.events()) if e["event_id"] in shown}
    href = page.locator('#download a[data-format="acled-csv"]').get_attribute("href")
    since, until = page.locator("#timeline").get_attribute("data-brush").split("..")
    assert dict(parse_qsl(urlsplit(href).query)) == {
        "since": max(since, "2023-06-01"),
        "until": until,
        "q": "killed",
        "format": "acled-csv",
    }


def test_download_sends_the_token_when_reads_are_private(site: Site, chromium: Any) -> None:
    with serve(site.db, public_read=False) as base:
        context = chromium.new_context(viewport=DESKTOP)
        context.add_init_script(f"sessionStorage.setItem('sitrep.token', {json.dumps(site.token)})")
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.watch = Watch(base)
        page.watch.attach(page)
        page.goto(base + "?type=Battles")
        page.wait_for_selector("body[data-loaded]")
        shown = shown_ids(page)
        assert shown
        with page.expect_download() as info:
            page.locator('#download a[data-format="jsonl"]').click()
        lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
        assert sorted(json.loads(line)["event_id"] for line in lines) == sorted(shown)
        assert info.value.suggested_filename == "sitrep-events.jsonl"
        assert httpx.get(base + "api/export?format=jsonl", timeout=30).status_code == 401
        page.watch.check()
        context.close()


def test_the_text_box_searches_the_articles_words(site: Site, desktop: Any) -> None:
    page = desktop
    word = "motorbikes"  # in the Omdurman report's text, and in no field of its events
    found = site.events(q=word)
    for event in found:
        article = site.get(f"api/articles/{event['article_id']}")["article"]
        assert word in article["text"].lower()
    omdurman = [e for e in found if e["article"]["id"] == XSS_ARTICLE_ID]
    fields = [
        " ".join([e["notes"], e["location"]["name"], *(a["name"] for a in e["actors"])])
        for e in omdurman
    ]
    assert omdurman and not any(word in text.lower() for text in fields)
    page.fill("#f-q", word)
    expect_shown(page, found)
