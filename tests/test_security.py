"""Security of the served app: an article carrying <script> and onerror= payloads comes back
inert everywhere; CSP without inline script on every response; nosniff; request size limits;
CORS off unless origins are listed; tokens for every write; errors that leak no markup."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest
from api_data import IMG, SCRIPT, XSS_ID, TestClient, seed
from click.testing import CliRunner

from sitrep.api import ApiSettings, create_app
from sitrep.cli import cli
from sitrep.web import STATIC_DIR as STATIC

BAD_BYTES = (b"<", b">", b"&")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("security") / "seeded.db"
    return path, seed(path)


@pytest.fixture
def client(seeded: tuple[Path, str], tmp_path: Path) -> Iterator[TestClient]:
    path = tmp_path / "copy.db"
    shutil.copy(seeded[0], path)
    with TestClient(create_app(path), raise_server_exceptions=False) as c:
        yield c


def _auth(seeded: tuple[Path, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {seeded[1]}"}


def _inert(r) -> None:
    "A JSON response no browser would render or sniff as HTML."
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for byte in BAD_BYTES:
        assert byte not in r.content, byte


@pytest.mark.reliability(
    "an article whose title, text, outlet and place carry <script> and onerror= (stored XSS)",
    "stored and served intact as JSON data, escaped byte for byte; no markup reaches a response",
)
def test_the_xss_article_is_stored_and_served_intact_but_inert(client: TestClient) -> None:
    r = client.get(f"/api/articles/{XSS_ID}")
    assert r.status_code == 200
    _inert(r)
    body = r.json()
    # The payloads are data: served exactly, as JSON strings, escaped byte for byte.
    assert SCRIPT in body["article"]["text"] and IMG in body["article"]["text"]
    assert body["article"]["title"].endswith(SCRIPT)
    assert "\\u003cscript\\u003e" in r.text and "onerror" in r.text
    spans = {s["text"] for s in body["evidence"]}
    assert SCRIPT in spans and IMG in spans
    event = body["events"][0]
    assert event["notes"].endswith(SCRIPT) and event["location"]["name"].endswith(SCRIPT)
    assert event["article"]["outlet"] == f"Wire {IMG}"


@pytest.mark.parametrize(
    "url",
    [
        "/api/events?q=gao",
        "/api/events/ev-xss-0",
        "/api/incidents?country=MLI",
        "/api/stats?by=actor&country=MLI",
    ],
)
@pytest.mark.reliability(
    "the stored XSS article through every list, detail, incident and stats view",
    "no raw <, > or & in any response",
)
def test_every_view_of_the_xss_article_is_inert(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    _inert(r)
    assert "onerror" in r.text or "script" in r.text or "Gunmen" in r.text


@pytest.mark.reliability(
    "the stored XSS article exported as GeoJSON",
    "payload kept as property data; attachment with nosniff",
)
def test_exports_carry_the_payload_as_data_not_markup(client: TestClient) -> None:
    r = client.get("/api/export", params={"format": "geojson", "country": "MLI"})
    assert r.headers["content-type"] == "application/geo+json"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-disposition"].startswith("attachment")
    values = [str(v) for f in r.json()["features"] for v in f["properties"].values()]
    assert f"Gao {SCRIPT}" in values and f"Gunmen {IMG}" in values


@pytest.mark.reliability(
    "XSS payloads in corrections, review reasons, ids and filter values echoed in errors",
    "stored as given, served escaped; error messages inert",
)
def test_user_supplied_strings_in_corrections_and_errors_are_inert(
    client: TestClient, seeded: tuple[Path, str]
) -> None:
    payload = f"{SCRIPT}{IMG}"
    r = client.post(
        "/api/events/ev-xss-0/corrections",
        json={"field": "notes", "value": payload, "why": payload},
        headers=_auth(seeded),
    )
    assert r.status_code == 201
    _inert(r)
    assert r.json()["event"]["notes"] == payload
    history = client.get("/api/events/ev-xss-0/history")
    _inert(history)
    assert history.json()["corrections"][0]["why"] == payload
    # An id or value echoed in an error message is escaped too.
    for r in (
        client.get(f"/api/events/{SCRIPT}"),
        client.get("/api/events", params={"type": IMG}),
        client.post(
            "/api/events/ev-xss-0/corrections",
            json={"field": "sub_event_type", "value": SCRIPT, "why": "x"},
            headers=_auth(seeded),
        ),
    ):
        assert r.status_code in (400, 404, 422)  # 400: a filter value nobody knows
        _inert(r)
        assert "script" in r.json()["error"]["message"] or "onerror" in r.json()["error"]["message"]


CSP = re.compile(r"^default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;")


@pytest.mark.reliability(
    "every kind of response (API, page, static file, error)",
    "a CSP with no inline script or eval and frame-ancestors 'none'; nosniff; no-referrer",
)
def test_csp_and_headers_on_every_kind_of_response(client: TestClient) -> None:
    responses = [
        client.get("/api/events?limit=1"),
        client.get("/api/nothing"),
        client.get("/openapi.json"),
        client.get("/"),
        client.get("/static/nothing.css"),
        client.post("/api/events/x/review", content=b"x" * 70_000),
    ]
    static = sorted(p for p in STATIC.rglob("*") if p.is_file())
    if static:
        responses.append(client.get("/static/" + static[0].relative_to(STATIC).as_posix()))
    for r in responses:
        policy = r.headers["content-security-policy"]
        assert CSP.match(policy), policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


def test_a_tile_host_is_allowed_for_images_only(seeded: tuple[Path, str]) -> None:
    settings = ApiSettings(tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    with TestClient(create_app(seeded[0], settings=settings)) as c:
        policy = c.get("/api/config").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tile.example.org;" in policy
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy


class _Inline(HTMLParser):
    "Finds inline script, inline event handlers and javascript: URLs in a page."

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script":
            self._in_script = "src" not in names
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:...>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append("inline <script> body")


@pytest.mark.reliability(
    "inline <script> or on* handlers in the served page",
    "none: the page loads its scripts from files, so the CSP can forbid inline script",
)
def test_the_served_page_has_no_inline_script(client: TestClient) -> None:
    r = client.get("/")
    if r.status_code == 404:
        pytest.skip("the page is not installed in this checkout")
    assert r.headers["content-type"].startswith("text/html")
    parser = _Inline()
    parser.feed(r.text)
    assert parser.problems == []
    assert "<script" in r.text  # it does load its scripts, from files


@pytest.mark.reliability(
    "request bodies over the limit, with and without Content-Length (chunked)",
    "413 too_large in the error shape before the body is read",
)
def test_bodies_over_the_limit_are_refused_before_they_are_read(
    client: TestClient, seeded: tuple[Path, str]
) -> None:
    big = {"field": "notes", "value": "x" * 70_000, "why": "too long"}
    r = client.post("/api/events/ev-xss-0/corrections", json=big, headers=_auth(seeded))
    assert r.status_code == 413
    assert r.json()["error"] == {
        "status": 413,
        "code": "too_large",
        "message": "The request body is larger than 65536 bytes; send less.",
    }

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b"x" * 4096

    r = client.post(
        "/api/events/ev-xss-0/review",
        content=chunks(),
        headers={**_auth(seeded), "Content-Type": "application/json"},
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    # Under the limit, the same endpoint works.
    r = client.post(
        "/api/events/ev-xss-0/corrections",
        json={**big, "value": "x" * 1000},
        headers=_auth(seeded),
    )
    assert r.status_code == 201
    small = ApiSettings(max_body_bytes=100)
    with TestClient(create_app(seeded[0], settings=small)) as c:
        r = c.post("/api/events/ev-xss-0/review", json={"verdict": "confirmed", "why": "y" * 200})
        assert r.status_code == 413


@pytest.mark.reliability(
    "cross-origin requests and preflights from an unlisted origin",
    "no Access-Control-Allow-Origin; CORS is off by default",
)
def test_cors_is_off_by_default(client: TestClient) -> None:
    origin = {"Origin": "https://evil.example"}
    r = client.get("/api/events?limit=1", headers=origin)
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = client.options(
        "/api/events/ev-xss-0/review",
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in pre.headers
    assert pre.status_code == 405 and pre.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.reliability(
    "cross-origin requests when origins are configured",
    "only the listed origins are allowed",
)
def test_cors_allows_only_the_listed_origins(seeded: tuple[Path, str]) -> None:
    settings = ApiSettings(cors_origins=("https://maps.example",))
    with TestClient(create_app(seeded[0], settings=settings)) as c:
        ok = c.get("/api/events?limit=1", headers={"Origin": "https://maps.example"})
        assert ok.headers["access-control-allow-origin"] == "https://maps.example"
        other = c.get("/api/events?limit=1", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        pre = c.options(
            "/api/events/ev-xss-0/review",
            headers={
                "Origin": "https://maps.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        )
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] == "https://maps.example"
        assert "content-security-policy" in pre.headers


@pytest.mark.reliability(
    "writes without a token, with an empty, truncated or wrong-scheme token",
    "401/403 in the error shape; nothing written",
)
def test_every_write_needs_a_token(client: TestClient, seeded: tuple[Path, str]) -> None:
    writes = [
        ("/api/events/ev-xss-0/review", {"verdict": "rejected", "why": "x"}),
        ("/api/events/ev-xss-0/corrections", {"field": "notes", "value": "x", "why": "x"}),
    ]
    doc = client.get("/openapi.json").json()
    posts = [(p, op) for p, item in doc["paths"].items() for m, op in item.items() if m == "post"]
    assert {p.format(event_id="ev-xss-0") for p, _ in posts} == {url for url, _ in writes}
    assert all(op.get("security") for _, op in posts)
    for url, body in writes:
        for headers, status in (
            ({}, 401),
            ({"Authorization": "Bearer "}, 401),
            ({"Authorization": "Bearer " + seeded[1][:-2]}, 403),
            ({"Authorization": "Token " + seeded[1]}, 401),
        ):
            r = client.post(url, json=body, headers=headers)
            assert r.status_code == status, (url, headers)
            assert r.json()["error"]["status"] == status
    assert client.get("/api/events/ev-xss-0/history").json()["corrections"] == []


@pytest.mark.reliability(
    "a store that raises an unexpected error mid-request",
    "500 server_error in the error shape with the security headers; internals not leaked",
)
def test_a_crash_is_a_500_in_the_error_shape_with_the_headers(
    seeded: tuple[Path, str], tmp_path: Path
) -> None:
    path = tmp_path / "copy.db"
    shutil.copy(seeded[0], path)
    app = create_app(path)

    class Broken:
        "A store whose page query fails in a way no handler expects."

        def __getattr__(self, name: str) -> object:
            raise RuntimeError("disk on fire")

    with TestClient(app, raise_server_exceptions=False) as c:
        real = app.state.store
        app.state.store = Broken()
        try:
            r = c.get("/api/events")
        finally:
            app.state.store = real
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "server_error"
    assert "disk on fire" not in r.text  # internals stay in the server log
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_page_files_are_gzipped_but_api_pages_are_not(client: TestClient) -> None:
    big = sorted(
        (p for p in STATIC.rglob("*") if p.is_file() and p.stat().st_size > 5000),
        key=lambda p: p.stat().st_size,
    )
    if not big:
        pytest.skip("the page is not installed in this checkout")
    url = "/static/" + big[0].relative_to(STATIC).as_posix()
    r = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert r.content == big[0].read_bytes()  # the client decompresses it
    assert "script-src 'self'" in r.headers["content-security-policy"]
    api = client.get("/api/events", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in api.headers
    head = client.head("/")
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/html")


# --- `sitrep serve` itself: real sockets against a real server process ------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serve(db: Path, *options: str) -> Iterator[tuple[int, int]]:
    """`sitrep serve` over `db` on 127.0.0.1 in a subprocess (one process: it is the server);
    yields its port and pid once it answers."""
    port = _free_port()
    command = [sys.executable, "-m", "sitrep", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(
        [*command, "--no-access-log", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(port, "/api/config")  # any answer: it is up
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "sitrep serve did not start"
                time.sleep(0.2)
        yield port, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _get(port: int, path: str, *, host: str | None = None) -> tuple[int, dict]:
    "GET `path` over a new connection, with this Host header; the status and JSON body."
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
        r = conn.getresponse()
        body = r.read()
        return r.status, json.loads(body) if body.startswith(b"{") else {}
    finally:
        conn.close()


@pytest.mark.reliability(
    "a request with Host: evil.example (DNS rebinding) to a server on 127.0.0.1",
    "400 in the error shape; only loopback names (or the --allowed-host ones) are answered",
)
def test_serve_answers_only_its_own_host_names(seeded: tuple[Path, str], tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(seeded[0], db)
    with _serve(db) as (port, _):
        for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "LOCALHOST"):
            assert _get(port, "/api/events?limit=1", host=host)[0] == 200, host
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
            status, body = _get(port, "/api/events?limit=1", host=host)
            assert status == 400, host
            assert body["error"]["code"] == "bad_request"
            assert "does not answer to Host" in body["error"]["message"]
        assert _get(port, "/", host="evil.example")[0] == 400  # the page too
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            raw.sendall(b"GET /api/config HTTP/1.0\r\n\r\n")  # no Host at all
            assert raw.recv(100).startswith(b"HTTP/1.1 400")
    with _serve(db, "--allowed-host", "sitrep.example.org") as (port, _):
        assert _get(port, "/api/config", host="sitrep.example.org:8000")[0] == 200
        assert _get(port, "/api/config", host="evil.example")[0] == 400
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--allowed-host" in result.output


def _closed(sock: socket.socket) -> bool:
    "Whether the server has closed this socket (EOF or reset; a 503 before EOF counts)."
    sock.settimeout(0.05)
    try:
        while sock.recv(4096):
            pass
        return True
    except TimeoutError:
        return False
    except OSError:  # reset
        return True


def _open_fds(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/fd").iterdir()))


@pytest.mark.reliability(
    "hundreds of sockets that send half a request line and stall, one that trickles a byte "
    "at a time, more than the connection cap",
    "real requests still answered; stalled ones closed after --read-timeout; open "
    "connections never pass --max-connections",
)
def test_stalled_clients_cannot_starve_serve(seeded: tuple[Path, str], tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(seeded[0], db)
    cap, read_timeout = 40, 1.5
    options = ("--max-connections", str(cap), "--read-timeout", str(read_timeout))
    with _serve(db, *options, "--keep-alive-timeout", "1") as (port, pid):
        baseline = _open_fds(pid)
        stalled = []
        for _ in range(5 * cap):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /api/ev")  # half a request line, then nothing
            stalled.append(s)
        trickle = socket.create_connection(("127.0.0.1", port), timeout=5)
        trickle.sendall(b"G")
        # A real request is answered at once: room is made by closing the longest-stalled.
        started = time.monotonic()
        status, body = _get(port, "/api/events?limit=1")
        assert status == 200 and len(body["items"]) == 1
        assert time.monotonic() - started < read_timeout
        assert _open_fds(pid) <= baseline + cap + 5  # the cap holds: no descriptor runs out
        # The trickler sends a byte every 0.3 s; that does not keep it open past the timeout.
        deadline = time.monotonic() + read_timeout + 2
        cut_off = False
        for byte in b"ET /api/events HTTP/1.1\r\n" * 3:
            try:
                trickle.sendall(bytes([byte]))
            except OSError:
                cut_off = True
                break
            if _closed(trickle):
                cut_off = True
                break
            assert time.monotonic() < deadline, "the trickling client was never cut off"
            time.sleep(0.3)
        assert cut_off
        # Every stalled socket is closed by now (the last ones by their read timeout).
        time.sleep(0.5)
        assert all(_closed(s) for s in stalled)
        for s in (*stalled, trickle):
            s.close()
        assert _open_fds(pid) <= baseline + 2
        # A kept-alive connection serves several requests, and is closed once idle.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        for _ in range(3):
            conn.request("GET", "/api/config")
            assert conn.getresponse().read()
        time.sleep(1.5)
        assert _closed(conn.sock)  # type: ignore[arg-type]
        conn.close()
