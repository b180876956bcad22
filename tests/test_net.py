"""Fetching under attack: feeds whose links lead to local files, to other schemes and to
private addresses, redirects that go the same way, and servers that trickle.

Everything is real: the feeds are served by a real HTTP server on 127.0.0.1 (`Site`), the
"internal service" a hostile link aims at is another one, and the trickling server is a real
socket that sends one byte at a time. The feed URL a test passes as a source is the user's
own choice, so it may be on 127.0.0.1; the links inside the feed are not.
"""

from __future__ import annotations

import base64
import html
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_feed import GAO_PATH, LOCAL, PAGE, Site, articles, errors

from sitrep.cli import cli
from sitrep.errors import FetchError, ReadError, RefusedURL
from sitrep.models import Article
from sitrep.read import read_articles
from sitrep.read.language import detect
from sitrep.read.net import FetchPolicy, address_problem, fetch
from sitrep.store import open_store
from sitrep.watch import watch_round

#: A word that is only in the "private" page and the "local file": it must never be stored.
SECRET = "sitrep-test-secret-4f2a"
GAO_CONTENT = (
    "<p>Suspected JNIM militants attacked a Malian army post near Gao on Sunday.</p>"
    "<p>The army said four soldiers were killed in the fighting.</p>"
)
TEASER = "<p>Russian forces shelled a residential district of Kharkiv on Monday.</p>"


def secret_page() -> bytes:
    "A whole article page (so it would be read as one) carrying SECRET."
    text = PAGE.read_text(encoding="utf-8")
    return text.replace("second-largest city", f"second-largest city ({SECRET})").encode()


def rss(links: list[str], *, good: str = "http://frontline.example" + GAO_PATH) -> str:
    """A feed with one teaser item per link (so its page is fetched), then one good item
    with full content (so its page is not) which must come through whatever the others do."""
    items = [
        f"<item><title>Item {n}</title><link>{html.escape(link)}</link>"
        f"<guid>item-{n}</guid><description>{html.escape(TEASER)}</description></item>"
        for n, link in enumerate(links, start=1)
    ]
    items.append(
        f"<item><title>Gao</title><link>{html.escape(good)}</link><guid>good</guid>"
        f"<content:encoded>{html.escape(GAO_CONTENT)}</content:encoded></item>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Hostile Dispatch</title>{''.join(items)}</channel></rss>"
    )


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


@pytest.fixture
def inner() -> Iterator[Site]:
    "An internal service on 127.0.0.1 that a hostile feed wants Sitrep to read for it."
    server = Site()
    server.serve("/admin", secret_page(), content_type="text/html")
    yield server
    server.close()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.html"
    path.write_bytes(secret_page())
    return path


def leaked(items: list[Article | ReadError]) -> bool:
    return any(SECRET in a.text for a in articles(items))


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- 1. only http and https ---------------------------------------------------------------


@pytest.mark.reliability(
    "feed item links to file://, file://localhost/, ftp: and data: URLs",
    "not fetched: a warning for each item, the feed's other items stored",
)
@pytest.mark.parametrize("policy", [None, LOCAL], ids=["default", "allow-private"])
def test_item_links_to_other_schemes_are_refused(
    site: Site, secret_file: Path, policy: FetchPolicy | None
) -> None:
    data = base64.b64encode(secret_page()).decode()
    links = [
        secret_file.as_uri(),  # file:///tmp/.../secret.html
        f"file://localhost{secret_file}",
        f"ftp://127.0.0.1:{closed_port()}/secret.html",
        f"data:text/html;base64,{data}",
    ]
    url = site.serve("/feed.rss", rss(links))
    items = list(read_articles([url], policy=policy))
    assert not leaked(items)
    assert [a.title for a in articles(items)] == ["Gao"]  # the batch goes on
    refused = errors(items)
    assert [e.origin for e in refused] == [f"{url} item {n}" for n in (1, 2, 3, 4)]
    for err, scheme in zip(refused, ["file", "file", "ftp", "data"], strict=True):
        assert f"uses {scheme}:, and only http and https are fetched" in err.problem
        assert "the item is left out" in err.problem
        assert "\n" not in str(err)
    assert site.paths() == ["/feed.rss"]


@pytest.mark.reliability(
    "feed item link that redirects from http to file://, ftp: or data:",
    "the redirect is refused: a warning for the item",
)
@pytest.mark.parametrize("scheme", ["file", "ftp", "data"])
def test_a_redirect_to_another_scheme_is_refused(
    site: Site, secret_file: Path, scheme: str
) -> None:
    target = {
        "file": secret_file.as_uri(),
        "ftp": f"ftp://127.0.0.1:{closed_port()}/secret.html",
        "data": "data:text/html;base64," + base64.b64encode(secret_page()).decode(),
    }[scheme]
    hop = site.redirect("/go", target)
    url = site.serve("/feed.rss", rss([hop]))
    # private addresses allowed: the redirect itself is what must be refused
    items = list(read_articles([url], policy=LOCAL))
    assert not leaked(items)
    (err,) = errors(items)
    assert f"redirects to {target}, which uses {scheme}:" in err.problem
    with pytest.raises(RefusedURL, match=f"redirects to {scheme}:"):
        fetch(site.redirect("/feed", target), user_named=True)


# --- 2. private addresses -----------------------------------------------------------------


@pytest.mark.reliability(
    "feed item links to 127.0.0.1, localhost, [::1], ::ffff:127.0.0.1, 2130706433 and "
    "169.254.169.254",
    "not fetched unless --allow-private: a warning for each item, nothing connects",
)
def test_item_links_to_private_addresses_are_refused(site: Site, inner: Site) -> None:
    port = inner.server.server_address[1]
    links = [
        inner.url("/admin"),
        f"http://localhost:{port}/admin",  # a name that resolves to a private address
        f"http://[::1]:{port}/admin",
        f"http://[::ffff:127.0.0.1]:{port}/admin",
        f"http://2130706433:{port}/admin",  # 127.0.0.1 as one decimal number
        "http://169.254.169.254/latest/meta-data/",  # the cloud metadata service
    ]
    url = site.serve("/feed.rss", rss(links))
    items = list(read_articles([url]))
    assert inner.requests == []  # not one connection to the internal service
    assert not leaked(items)
    assert [a.title for a in articles(items)] == ["Gao"]
    problems = [e.problem for e in errors(items)]
    assert len(problems) == len(links)
    assert "127.0.0.1 is a loopback address" in problems[0]
    assert "localhost resolves to 127.0.0.1, a loopback address" in problems[1]
    assert "::1 is a loopback address" in problems[2]
    assert "::ffff:127.0.0.1 is a loopback address" in problems[3]
    assert "2130706433 resolves to 127.0.0.1, a loopback address" in problems[4]
    assert "169.254.169.254 is a link-local address" in problems[5]
    assert all("--allow-private" in p and "\n" not in p for p in problems)


def test_allow_private_fetches_them(site: Site, inner: Site) -> None:
    port = inner.server.server_address[1]
    url = site.serve("/feed.rss", rss([inner.url("/admin"), f"http://localhost:{port}/admin"]))
    items = list(read_articles([url], policy=LOCAL))
    assert errors(items) == []
    assert len([a for a in articles(items) if SECRET in a.text]) == 2
    assert inner.paths() == ["/admin", "/admin"]


@pytest.mark.reliability(
    "feed URL (named by the user) that redirects to another host on 127.0.0.1",
    "the redirect is refused unless --allow-private; same-host redirects are followed",
)
def test_a_redirect_to_a_private_address_is_refused(site: Site, inner: Site) -> None:
    port = site.server.server_address[1]
    site.serve("/feed.rss", rss([]))
    # the user named localhost; the redirect leaves it for 127.0.0.1, another host
    hostile = f"http://localhost:{port}" + "/moved"
    site.redirect("/moved", inner.url("/admin"))
    (err,) = list(read_articles([hostile]))
    assert isinstance(err, RefusedURL) and err.origin == hostile
    assert err.problem.startswith(f"redirects to {inner.url('/admin')}, which is refused")
    assert inner.requests == []
    # a redirect that stays on the host the user named is the user's choice too
    site.redirect("/old-feed", "/feed.rss")
    (good,) = list(read_articles([site.url("/old-feed")]))
    assert isinstance(good, Article) and good.title == "Gao"
    assert site.paths()[-2:] == ["/old-feed", "/feed.rss"]
    # a link found in a feed is not the user's choice, nor is its redirect
    site.redirect("/hop", inner.url("/admin"))
    with pytest.raises(RefusedURL, match=r"127\.0\.0\.1 is a loopback address"):
        fetch(site.url("/hop"))


def test_https_goes_to_the_checked_address_with_the_name_in_sni_and_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection goes to the address that was checked, not to a second lookup, while
    TLS (SNI, the certificate) and the Host header still see the name."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make the test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    names: list[str | None] = []
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert, key)

    def sni(sock: ssl.SSLObject, name: str | None, context: ssl.SSLContext) -> None:
        names.append(name)

    tls.sni_callback = sni  # type: ignore[assignment]
    site = Site()
    site.server.socket = tls.wrap_socket(site.server.socket, server_side=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust it, as one trusts a private CA
    try:
        port = site.server.server_address[1]
        url = site.serve("/feed.rss", rss([])).replace("http://127.0.0.1", "https://localhost")
        fetched = fetch(url, policy=LOCAL)
        assert fetched.url == url and b"Hostile Dispatch" in fetched.body
        assert names == ["localhost"]
        assert site.hosts == [f"localhost:{port}"]
        with pytest.raises(RefusedURL, match="localhost resolves to"):
            fetch(url)  # not named by the user, no opt-in: refused before connecting
        assert names == ["localhost"]
    finally:
        site.close()


def test_a_redirect_loop_ends_after_ten_redirects(site: Site) -> None:
    url = site.redirect("/loop", "/loop")
    with pytest.raises(FetchError) as caught:
        fetch(url, user_named=True)
    assert str(caught.value) == (
        f"{url}: redirects in a loop (HTTP 302, over 10 redirects); check the address"
    )
    assert not caught.value.transient and site.paths() == ["/loop"] * 11


@pytest.mark.parametrize(
    "address, problem",
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fd00::1", "a private address"),
        ("100.64.0.1", "a non-public address"),  # carrier-grade NAT
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a private address"),  # reserved; ipaddress files it under private
        ("::ffff:10.0.0.1", "a private address"),  # IPv4-mapped
        ("64:ff9b::7f00:1", "a loopback address"),  # NAT64
        ("2002:a9fe:a9fe::", "a link-local address"),  # 6to4 around 169.254.169.254
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
    ],
)
def test_address_problem(address: str, problem: str | None) -> None:
    assert address_problem(address) == problem


# --- 3. a total deadline, and sources read independently ----------------------------------


class Trickle:
    """A server that answers every request with `response`, one byte every `every` seconds
    after the first `head` bytes: a read never waits long, so only a total deadline ends it."""

    def __init__(self, response: bytes, *, every: float, head: int = 0) -> None:
        self.response, self.every, self.head = response, every, head
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/feed.rss"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            request = b""
            try:
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    request += chunk
                conn.sendall(self.response[: self.head])
                for byte in self.response[self.head :]:
                    if self.stop.wait(self.every):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:  # the client gave up: the point of the test
                return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def trickling(body: bytes, *, every: float, whole_head: bool) -> Trickle:
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    return Trickle(head + body, every=every, head=len(head) if whole_head else 0)


@pytest.fixture
def cleanup() -> Iterator[list[Any]]:
    servers: list[Any] = []
    yield servers
    for server in servers:
        server.close()


@pytest.mark.reliability(
    "a server that sends one byte at a time, in the status line or in the body",
    "the fetch ends at its total deadline (--fetch-deadline, 30 s by default)",
)
@pytest.mark.parametrize("whole_head", [False, True], ids=["status-line", "body"])
def test_a_trickling_server_is_cut_off_at_the_deadline(
    cleanup: list[Any], whole_head: bool
) -> None:
    # 0.1 s a byte for ~300 bytes: each read waits 0.1 s, the whole answer 30 s
    server = trickling(rss([]).encode(), every=0.1, whole_head=whole_head)
    cleanup.append(server)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"did not finish within 1 s") as caught:
        fetch(server.url, policy=FetchPolicy(deadline=1.0), user_named=True)
    took = time.monotonic() - started
    assert 0.9 < took < 3.0, took
    assert caught.value.transient  # the next round tries again
    assert "\n" not in str(caught.value)


@pytest.mark.reliability(
    "one watched source trickles a byte every 0.2 s, another answers at once",
    "the other source is stored while the slow one is still trickling; it fails at its deadline",
)
def test_a_stuck_source_does_not_hold_up_the_others(
    site: Site, tmp_path: Path, cleanup: list[Any]
) -> None:
    slow = trickling(rss([]).encode(), every=0.2, whole_head=False)
    cleanup.append(slow)
    good = site.serve("/feed.rss", rss([]))
    stored_at: list[float] = []
    failed_at: list[float] = []

    def extract(article: Article) -> list[Any]:
        stored_at.append(time.monotonic())
        return []

    detect("Load the language model (once per process) before the clock starts.")
    started = time.monotonic()
    with open_store(tmp_path / "w.db") as store:
        result = watch_round(
            [slow.url, good],  # the slow one first: read in turn, it would hold up the good one
            store=store,
            extract=extract,
            fetch_pages=False,
            policy=FetchPolicy(deadline=3.0),
            on_error=lambda err: failed_at.append(time.monotonic()),
        )
    assert result.new == 1
    (err,) = result.failed
    assert err.origin == slow.url and "did not finish within 3 s" in err.problem
    assert stored_at and failed_at and stored_at[0] < failed_at[0]
    assert time.monotonic() - started < 6.0


@pytest.mark.reliability(
    "a watched feed whose many teaser items link to pages that each trickle",
    "the source stops between two items once its time in the round is up; the rest wait",
)
def test_a_source_of_many_slow_pages_stops_when_its_time_is_up(
    site: Site, tmp_path: Path, cleanup: list[Any]
) -> None:
    slow = trickling(b"<html>never finished</html>", every=0.2, whole_head=False)
    cleanup.append(slow)
    pages = [slow.url.replace("/feed.rss", f"/page-{n}") for n in range(1, 9)]
    feed = site.serve("/feed.rss", rss(pages))
    started = time.monotonic()
    with open_store(tmp_path / "w.db") as store:
        result = watch_round(
            [feed],
            store=store,
            extract=lambda article: [],
            policy=FetchPolicy(deadline=0.5, allow_private=True),
            budget=1.0,
        )
    took = time.monotonic() - started
    # the items that started within the budget failed at their deadline; then the source
    # stopped, and the items after them (the good one last) wait for the next round
    *pages_failed, out_of_time = result.failed
    assert len(pages_failed) <= 3, pages_failed  # those started within the 1 s budget
    assert [e.origin for e in pages_failed] == [
        f"{feed} item {n}" for n in range(1, len(pages_failed) + 1)
    ]
    assert all("did not finish within 0.5 s" in e.problem for e in pages_failed)
    assert out_of_time.origin == feed
    assert out_of_time.problem.startswith("was still being read after 1 s")
    assert result.new == 0
    assert took < 3.0, took  # eight pages at 0.5 s each would be 4 s


def test_ingest_takes_the_deadline_and_the_opt_in(tmp_path: Path, cleanup: list[Any]) -> None:
    server = trickling(rss([]).encode(), every=0.1, whole_head=True)
    cleanup.append(server)
    result = CliRunner().invoke(
        cli,
        ["ingest", "--db", str(tmp_path / "i.db"), server.url, "--fetch-deadline", "0.5"],
        prog_name="sitrep",
    )
    assert result.exit_code == 1, result.output
    assert f"sitrep: skipped {server.url}: did not finish within 0.5 s" in result.stderr
    for command in ("extract", "ingest", "watch"):
        help_text = CliRunner().invoke(cli, [command, "--help"]).output
        assert "--fetch-deadline SECONDS" in help_text and "--allow-private" in help_text


@pytest.mark.parametrize("seconds", [0, -1, 1e20, float("nan")])
def test_a_deadline_must_be_a_usable_number_of_seconds(seconds: float, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="a fetch deadline is a number of seconds"):
        FetchPolicy(deadline=seconds)
    result = CliRunner().invoke(
        cli, ["ingest", "--db", str(tmp_path / "x.db"), "x", "--fetch-deadline", str(seconds)]
    )
    assert result.exit_code == 2 and "--fetch-deadline" in result.stderr
