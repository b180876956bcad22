"""Feeds and web pages: RSS/Atom files and URLs to Articles, offline.

URLs are served by a real HTTP server on 127.0.0.1 (`Site`, also used by test_watch.py), so
fetching, headers, HTTP errors, refused connections and timeouts are the real thing. A
feed's links to the local site are links to a private address, which Sitrep refuses unless
allowed: tests that read such pages say so with `LOCAL`. What is refused without it, and
the deadline against a trickling server, are in test_net.py.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitrep.errors import FetchError, ReadError
from sitrep.models import Article
from sitrep.read import read_articles
from sitrep.read.feed import read_feed, read_url
from sitrep.read.fields import article_id
from sitrep.read.net import USER_AGENT, FetchPolicy, fetch

FEEDS = Path(__file__).parent / "data" / "feeds"
RSS = FEEDS / "frontline.rss"
ATOM = FEEDS / "monitor.atom"
PAGE = FEEDS / "kharkiv-shelling.html"
KHARKIV_GUID = "frontline-2025-0113-kharkiv"
KHARKIV_PATH = "/2025/01/kharkiv-shelling"
GAO_PATH = "/2025/01/gao-attack"
#: The policy of tests whose feeds link to pages on the local site (127.0.0.1).
LOCAL = FetchPolicy(allow_private=True)


# --- a local web site -----------------------------------------------------------------------


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str
    delay: float = 0.0
    location: str | None = None


class Site:
    "A web server on 127.0.0.1: set what each path answers; every request is recorded."

    def __init__(self) -> None:
        self.routes: dict[str, Response] = {}
        self.requests: list[tuple[str, str]] = []  # (path, User-Agent)
        self.hosts: list[str] = []  # the Host header of each request
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                site.hosts.append(self.headers.get("Host", ""))
                answer = site.routes.get(self.path, Response(404, b"not found", "text/plain"))
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    if answer.location is not None:
                        self.send_header("Location", answer.location)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout test)

            def log_message(self, *args: object) -> None:  # keep pytest's output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def serve(
        self,
        path: str,
        body: str | bytes,
        *,
        status: int = 200,
        content_type: str = "application/rss+xml; charset=utf-8",
        delay: float = 0.0,
    ) -> str:
        "Make `path` answer `body`; returns its URL."
        raw = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Response(status, raw, content_type, delay)
        return self.url(path)

    def redirect(self, path: str, location: str, *, status: int = 302) -> str:
        "Make `path` redirect to `location`; returns its URL."
        self.routes[path] = Response(status, b"", "text/plain", location=location)
        return self.url(path)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


def refused_url() -> str:
    "A URL on 127.0.0.1 where nothing listens: the port was free a moment ago."
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.rss"


def local_rss(site: Site) -> str:
    "The Frontline test feed with its item links on the local site."
    return RSS.read_text(encoding="utf-8").replace("http://frontline.example", site.base)


def articles(items: list[Article | ReadError]) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


def errors(items: list[Article | ReadError]) -> list[ReadError]:
    return [e for e in items if isinstance(e, ReadError)]


# --- files ----------------------------------------------------------------------------------


def test_rss_items_become_articles() -> None:
    items = list(read_articles([RSS]))
    assert errors(items) == []
    kharkiv, gao = articles(items)
    assert kharkiv.id == article_id(KHARKIV_GUID)
    assert kharkiv.url == "http://frontline.example" + KHARKIV_PATH
    assert kharkiv.title == "Shelling kills three civilians in Kharkiv"
    assert kharkiv.outlet == "Frontline Dispatch"
    assert kharkiv.published is not None and kharkiv.published.isoformat() == "2025-01-13"
    assert kharkiv.language == "en"
    assert kharkiv.origin == f"{RSS} item 1"
    # the description's HTML is read as text: two paragraphs, no tags
    assert kharkiv.text.split("\n") == [
        "Russian forces shelled a residential district of Kharkiv on Monday, killing three "
        "civilians and wounding five others, the regional governor said.",
        "Two apartment blocks and a school were damaged in the attack, according to local "
        "emergency services.",
    ]
    assert gao.origin == f"{RSS} item 2"


def test_full_content_wins_over_the_description() -> None:
    gao = articles(list(read_articles([RSS])))[1]
    assert "four soldiers were killed" in gao.text  # only in content:encoded
    assert len(gao.text.split("\n")) == 3


def test_atom_entries_with_dates_in_their_own_offset() -> None:
    raid, strike = articles(list(read_articles([ATOM])))
    assert raid.outlet == "Conflict Monitor Weekly"
    assert raid.id == article_id("urn:sitrep-test:monitor:maiduguri-raid")
    assert raid.published.isoformat() == "2025-01-14"  # type: ignore[union-attr]
    # 21:15 at -05:00 is already the 14th in UTC; the outlet's own day is the 13th
    assert strike.published.isoformat() == "2025-01-13"  # type: ignore[union-attr]
    assert (
        strike.text == "An air strike hit a market in Idlib on Monday, killing two people, "
        "rescuers said."
    )


@pytest.mark.reliability(
    "an RSS feed cut off mid-item",
    "one ReadError naming the file and line; no partial items",
)
def test_a_truncated_feed_is_refused_whole() -> None:
    items = list(read_articles([FEEDS / "truncated.rss"]))
    assert articles(items) == []
    (err,) = errors(items)
    assert err.origin == str(FEEDS / "truncated.rss")
    assert "not a well-formed feed" in err.problem and "line 11" in err.problem


def test_a_file_that_is_not_a_feed(tmp_path: Path) -> None:
    page = tmp_path / "page.xml"
    page.write_text("<html><body><p>Not a feed at all.</p></body></html>", encoding="utf-8")
    empty = tmp_path / "empty.rss"
    empty.write_bytes(b"")
    (not_feed,) = list(read_articles([page]))
    (nothing,) = list(read_articles([empty]))
    assert isinstance(not_feed, ReadError) and "not an RSS or Atom feed" in not_feed.problem
    assert isinstance(nothing, ReadError) and "is empty" in nothing.problem


@pytest.mark.reliability(
    "a feed item with no content or summary",
    "a ReadError for that item; the other items are read",
)
def test_an_item_without_text_is_its_own_error_and_the_rest_come() -> None:
    feed = RSS.read_bytes().replace(b"<description>&lt;p&gt;Russian", b"<x>&lt;p&gt;Russian")
    feed = feed.replace(b"services.&lt;/p&gt;</description>", b"services.&lt;/p&gt;</x>")
    items = list(read_feed(feed, origin="f.rss"))
    assert [type(i).__name__ for i in items] == ["ReadError", "Article"]
    assert str(items[0]) == "f.rss item 1: has no text (no content or summary)"


def test_feed_files_fetch_no_pages_by_default(site: Site, tmp_path: Path) -> None:
    feed = tmp_path / "local.rss"
    feed.write_text(local_rss(site), encoding="utf-8")
    site.serve(KHARKIV_PATH, PAGE.read_bytes(), content_type="text/html")
    assert len(articles(list(read_articles([feed])))) == 2
    assert site.requests == []


# --- URLs -----------------------------------------------------------------------------------


def test_a_feed_url_reads_teaser_pages_and_says_who_it_is(site: Site) -> None:
    url = site.serve("/feed.rss", local_rss(site))
    site.serve(KHARKIV_PATH, PAGE.read_bytes(), content_type="text/html; charset=utf-8")
    kharkiv, gao = articles(list(read_articles([url], policy=LOCAL)))
    assert kharkiv.text.startswith("Russian forces shelled a residential district of Kharkiv")
    assert "second-largest city" in kharkiv.text  # from the page, not the teaser
    assert "Most read" not in kharkiv.text  # the page's aside is not the article
    assert (kharkiv.id, kharkiv.url) == (article_id(KHARKIV_GUID), site.url(KHARKIV_PATH))
    assert kharkiv.origin == f"{url} item 1"
    # the Gao item has full content, so its page is never fetched
    assert site.paths() == ["/feed.rss", KHARKIV_PATH]
    assert {agent for _, agent in site.requests} == {USER_AGENT}
    assert "four soldiers" in gao.text


def test_a_teaser_whose_page_is_down_waits_and_the_rest_come(site: Site) -> None:
    url = site.serve("/feed.rss", local_rss(site))
    site.serve(KHARKIV_PATH, "upstream down", status=503, content_type="text/plain")
    items = list(read_articles([url], policy=LOCAL))
    (err,) = errors(items)
    assert err.origin == f"{url} item 1"
    assert "HTTP 503" in err.problem and "next time" in err.problem
    assert [a.url for a in articles(items)] == [site.url(GAO_PATH)]


def test_a_teaser_whose_page_is_gone_keeps_its_teaser(site: Site) -> None:
    url = site.serve("/feed.rss", local_rss(site))  # no page served: 404
    kharkiv, _ = articles(list(read_articles([url], policy=LOCAL)))
    assert kharkiv.text.startswith("Russian forces shelled")
    assert "second-largest" not in kharkiv.text
    assert KHARKIV_PATH in site.paths()


def test_no_teaser_pages_when_told_not_to(site: Site) -> None:
    url = site.serve("/feed.rss", local_rss(site))
    site.serve(KHARKIV_PATH, PAGE.read_bytes(), content_type="text/html")
    kharkiv, _ = articles(list(read_articles([url], fetch_pages=False)))
    assert "second-largest" not in kharkiv.text
    assert site.paths() == ["/feed.rss"]


def test_known_items_are_skipped_before_their_page_is_fetched(site: Site) -> None:
    url = site.serve("/feed.rss", local_rss(site))
    site.serve(KHARKIV_PATH, PAGE.read_bytes(), content_type="text/html")
    asked: list[tuple[str, str | None]] = []

    def known(item_id: str, item_url: str | None) -> bool:
        asked.append((item_id, item_url))
        return item_id == article_id(KHARKIV_GUID)

    items = list(read_url(url, skip=known))
    assert [a.url for a in articles(items)] == [site.url(GAO_PATH)]
    assert site.paths() == ["/feed.rss"]
    assert asked[0] == (article_id(KHARKIV_GUID), site.url(KHARKIV_PATH))


def test_a_web_page_url_is_one_article(site: Site) -> None:
    url = site.serve("/report.html", PAGE.read_bytes(), content_type="text/html")
    (article,) = list(read_articles([url]))
    assert isinstance(article, Article)
    assert article.url == url  # the page names no URL of its own
    assert article.title == "Shelling kills three civilians in Kharkiv"
    assert article.outlet == "Frontline Dispatch"
    assert article.published.isoformat() == "2025-01-13"  # type: ignore[union-attr]


def test_a_feed_served_as_plain_xml_is_still_a_feed(site: Site) -> None:
    url = site.serve("/atom", ATOM.read_bytes(), content_type="text/plain")
    assert len(articles(list(read_articles([url], fetch_pages=False)))) == 2


@pytest.mark.reliability(
    "a feed URL answering HTTP 500",
    "a transient FetchError naming the URL and status",
)
def test_server_errors_are_transient_fetch_errors(site: Site) -> None:
    url = site.serve("/feed.rss", "oops", status=500, content_type="text/plain")
    with pytest.raises(FetchError) as caught:
        fetch(url, policy=LOCAL)
    assert caught.value.transient
    assert (
        str(caught.value) == f"{url}: answered HTTP 500 Internal Server Error "
        "(a failure on the server's side)"
    )
    (err,) = list(read_articles([url]))
    assert isinstance(err, FetchError) and err.origin == url


def test_a_missing_page_is_not_transient(site: Site) -> None:
    with pytest.raises(FetchError, match="HTTP 404") as caught:
        fetch(site.url("/nothing-here"), policy=LOCAL)
    assert not caught.value.transient


@pytest.mark.reliability(
    "a feed URL whose connection is refused",
    "a transient FetchError: cannot be reached",
)
def test_a_refused_connection_is_a_transient_fetch_error() -> None:
    url = refused_url()
    with pytest.raises(FetchError, match="cannot be reached") as caught:
        fetch(url, policy=LOCAL)
    assert caught.value.transient and caught.value.origin == url


@pytest.mark.reliability(
    "a feed server that answers after the timeout",
    "a transient FetchError within the timeout",
)
def test_a_slow_server_times_out(site: Site) -> None:
    url = site.serve("/slow.rss", RSS.read_bytes(), delay=1.5)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"did not finish within 0\.3 s") as caught:
        fetch(url, policy=FetchPolicy(deadline=0.3, allow_private=True))
    assert caught.value.transient
    assert time.monotonic() - started < 1.4


@pytest.mark.reliability(
    "a feed URL serving a malformed feed",
    "a ReadError naming the URL: not a well-formed feed",
)
def test_a_malformed_feed_url_names_the_url_and_the_problem(site: Site) -> None:
    url = site.serve("/feed.rss", (FEEDS / "truncated.rss").read_bytes())
    (err,) = list(read_articles([url]))
    assert isinstance(err, ReadError) and err.origin == url
    assert "not a well-formed feed" in err.problem
