"""Fetching a URL: every byte Sitrep reads from the network comes through `fetch`.

A feed is written by someone else, so its links are untrusted input. Every fetch (a feed or
page the user named, the page an item links to, and each redirect of either) keeps to three
rules that no server can talk it out of:

- **Only http and https.** An item linking to `file:`, `ftp:` or `data:` (or a redirect to
  one) is refused, so a feed cannot make Sitrep read a local file and store it as an article.
- **No private addresses.** Loopback, link-local (169.254.169.254, the cloud metadata
  service), private (RFC 1918, unique-local), shared, reserved, multicast and unspecified
  addresses are refused, also when wrapped in IPv6 (IPv4-mapped, 6to4, Teredo, NAT64). The
  check is made on the addresses a name resolves to, so a name that resolves to 127.0.0.1 is
  private too; and the connection goes to the very address that was checked (the Host
  header and TLS SNI still carry the name), so a second DNS answer cannot slip another
  address in between check and connect. `FetchPolicy.allow_private` lifts the rule. A URL
  the user named (`user_named`: a source on the command line) is the user's choice and is
  fetched whatever its address, as are its redirects that stay on the same host.
- **A total deadline.** A fetch ends within `FetchPolicy.deadline` seconds, from the DNS
  lookup to the last byte and across its redirects. A timeout per read is not enough: a
  server that sends one byte every few seconds never trips it.

Redirects are followed here, hop by hop (at most `MAX_REDIRECTS`), not by the HTTP library,
so each hop is checked like the first URL. Proxies named in the environment are not used:
a proxy resolves names itself, out of reach of the address check.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sitrep import __version__
from sitrep.errors import FetchError, RefusedURL
from sitrep.read import files

__all__ = [
    "DEADLINE",
    "MAX_DEADLINE",
    "MAX_REDIRECTS",
    "USER_AGENT",
    "FetchPolicy",
    "Fetched",
    "address_problem",
    "fetch",
    "is_url",
]

#: Seconds one fetch may take in all (connecting, every redirect, every byte of the body).
#: Generous for a slow news site on a slow link; short enough that a stuck source costs a
#: watch round half a minute, not the rest of the day.
DEADLINE = 30.0

#: The longest deadline accepted: a day. (Sockets cannot wait much longer than that anyway.)
MAX_DEADLINE = 86400.0

#: Redirects followed before giving up (urllib's limit too); news sites use one or two.
MAX_REDIRECTS = 10

USER_AGENT = f"sitrep/{__version__} (conflict event extraction; feed reader)"

_SCHEMES = ("http", "https")
_REDIRECTS = (301, 302, 303, 307, 308)
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.9, */*;q=0.5"
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # IPv4 reached through a NAT64 gateway
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchPolicy:
    "How fetches may go: the total deadline of each, and whether private addresses are fetched."

    deadline: float = DEADLINE
    allow_private: bool = False

    def __post_init__(self) -> None:
        if not 0 < self.deadline <= MAX_DEADLINE:
            raise ValueError(
                f"a fetch deadline is a number of seconds above 0 and up to {MAX_DEADLINE:g}, "
                f"not {self.deadline!r}"
            )


@dataclass(frozen=True, slots=True)
class Fetched:
    "A fetched body, with the URL it finally came from and its declared content type."

    url: str
    body: bytes
    content_type: str


def is_url(source: str) -> bool:
    "True for an http(s) URL, the only kind of source read from the network."
    return source.startswith(("http://", "https://"))


def fetch(url: str, *, policy: FetchPolicy | None = None, user_named: bool = False) -> Fetched:
    """GET `url` under `policy` (default: `FetchPolicy()`), following redirects.

    `user_named` is for a URL the user gave (a command-line source): its own address, and
    the addresses of redirects that stay on its host, are not checked. Every failure is a
    `FetchError` naming `url`; a link refused by the rules above is a `RefusedURL`.
    """
    policy = policy or FetchPolicy()
    trusted_host = _host_of(url) if user_named else None
    current, status = url, 0
    with _Deadline(policy.deadline) as deadline:
        try:
            for hop in range(MAX_REDIRECTS + 1):
                target = _Target.parse(current, origin=url, hop=hop)
                check = not (policy.allow_private or target.host == trusted_host)
                infos = _resolve(target, origin=url, hop=hop, check=check, deadline=deadline)
                status, reason, headers, body = _get(target, infos, origin=url, deadline=deadline)
                location = headers.get("Location")
                if status in _REDIRECTS and location:
                    current = urllib.parse.urljoin(current, location.strip())
                    continue
                if not 200 <= status < 300:
                    raise _status_error(url, status, reason)
                return Fetched(url=current, body=body, content_type=headers.get("Content-Type", ""))
        except FetchError:
            raise
        except (_Expired, TimeoutError):  # sockets time out when the deadline does
            raise _deadline_error(url, policy.deadline) from None
        except _Unreachable as err:
            problem = f"cannot be reached ({_reason(err.cause)})"
            raise FetchError(url, problem, transient=True) from None
        except (OSError, http.client.HTTPException) as err:
            if deadline.expired:
                raise _deadline_error(url, policy.deadline) from None
            problem = f"broke off while reading ({_reason(err)})"
            raise FetchError(url, problem, transient=True) from None
    problem = (
        f"redirects in a loop (HTTP {status}, over {MAX_REDIRECTS} redirects); check the address"
    )
    raise FetchError(url, problem, transient=False)


def address_problem(address: str | _Address) -> str | None:
    """Why an address must not be fetched without `allow_private` ("a loopback address"),
    or None for a public one. IPv4 wrapped in IPv6 is judged as the IPv4 address it is."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip.teredo is not None:
            ip = ip.teredo[1]  # the client's address; the server's is public by design
    kinds = (
        ("an unspecified", ip.is_unspecified),
        ("a loopback", ip.is_loopback),
        ("a link-local", ip.is_link_local),
        ("a multicast", ip.is_multicast),
        ("a private", ip.is_private),
        ("a reserved", ip.is_reserved),
        ("a non-public", not ip.is_global),  # e.g. 100.64.0.0/10, shared by carrier NAT
    )
    return next((f"{kind} address" for kind, found in kinds if found), None)


# --- one hop ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Target:
    "One URL to request: where to connect and what to ask for."

    url: str
    scheme: str
    host: str  # lowercase, IDNA-encoded, without brackets
    port: int
    path: str  # path and query, percent-encoded

    @classmethod
    def parse(cls, url: str, *, origin: str, hop: int) -> _Target:
        "The URL's parts, or RefusedURL when it is not an http(s) URL with a host."
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
        except ValueError as err:
            raise _refused(origin, url, hop, f"is not a valid URL ({err})") from None
        scheme = parts.scheme.lower()
        if scheme not in _SCHEMES:
            kind = f"uses {scheme}:" if scheme else "has no scheme"
            raise _refused(origin, url, hop, f"{kind}, and only http and https are fetched")
        host = _host_of(url)
        if not host:
            raise _refused(origin, url, hop, "has no host name")
        # Feed links often carry spaces or non-ASCII; the request line needs them
        # percent-encoded (escapes already there are kept).
        path = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")
        if parts.query:
            path += "?" + urllib.parse.quote(parts.query, safe="/%:@!$&'()*+,;=~?")
        return cls(url, scheme, host, port or (443 if scheme == "https" else 80), path)


def _host_of(url: str) -> str | None:
    "The URL's host name as DNS and TLS see it (lowercase, IDNA), or None."
    try:
        host = urllib.parse.urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _resolve(
    target: _Target, *, origin: str, hop: int, check: bool, deadline: _Deadline
) -> list[tuple[Any, ...]]:
    """The addresses to connect to (getaddrinfo tuples), every one of them checked.

    One private address among several refuses the name: connecting to only the public ones
    would still let a hostile name choose, by its answer, what Sitrep probes.
    """
    try:
        infos: list[tuple[Any, ...]] = deadline.run(
            lambda: socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        )
    except OSError as err:  # the name does not resolve (socket.gaierror)
        raise _Unreachable(err) from None
    if check:
        for info in infos:
            address = str(info[4][0]).split("%")[0]  # an IPv6 zone (%eth0) is not an address
            problem = address_problem(address)
            if problem is not None:
                where = (
                    f"{address} is {problem}"
                    if address == target.host
                    else f"{target.host} resolves to {address}, {problem}"
                )
                raise _refused(
                    origin,
                    target.url,
                    hop,
                    f"is refused: {where}, and private addresses are fetched only with "
                    "--allow-private",
                )
    return infos


def _get(
    target: _Target, infos: list[tuple[Any, ...]], *, origin: str, deadline: _Deadline
) -> tuple[int, str, http.client.HTTPMessage, bytes]:
    "Status, reason, headers and body (up to the size limit) of one GET to checked addresses."
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=deadline.left(), context=_tls()
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=deadline.left())

    def connect(*args: object, **kwargs: object) -> socket.socket:
        return _connect(infos, deadline)

    # http.client would resolve the name again, and could get another answer; it connects
    # to the checked addresses instead. HTTPSConnection wraps this socket with
    # server_hostname=host, so SNI and the certificate check still use the name.
    connection._create_connection = connect  # type: ignore[attr-defined]
    try:
        connection.request(
            "GET",
            target.path,
            headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Connection": "close"},
        )
        response = connection.getresponse()
        body = b"" if response.status in _REDIRECTS else response.read(files.MAX_BYTES + 1)
        if deadline.expired:  # the watchdog cut the body short: what was read is not all
            raise _Expired
        if len(body) > files.MAX_BYTES:
            raise FetchError(origin, "is over the 20 MB limit for one input", transient=False)
        return response.status, response.reason, response.headers, body
    finally:
        connection.close()


def _connect(infos: list[tuple[Any, ...]], deadline: _Deadline) -> socket.socket:
    "A socket connected to the first of the checked addresses that answers."
    error: OSError = OSError("no address to connect to")
    for family, kind, proto, _, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(deadline.left())
            deadline.watch(sock)
            sock.connect(sockaddr)
            return sock
        except TimeoutError:
            sock.close()
            raise _Expired from None  # the socket's timeout is the time left
        except OSError as err:
            sock.close()
            error = err
        except _Expired:
            sock.close()
            raise
    raise _Unreachable(error)


def _refused(origin: str, url: str, hop: int, problem: str) -> RefusedURL:
    "A refusal naming the URL asked for, and the redirect that went astray if it was one."
    return RefusedURL(origin, problem if hop == 0 else f"redirects to {url}, which {problem}")


def _tls() -> ssl.SSLContext:
    return ssl.create_default_context()


class _Expired(Exception):
    "The fetch's deadline passed."


class _Unreachable(Exception):
    "No connection could be made (the name does not resolve, or no address answers)."

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _Deadline:
    """The total time of one fetch, kept by a watchdog that ends it when the time is up.

    A socket timeout bounds each read, not their sum; so the watchdog shuts down the
    fetch's sockets when the deadline passes, which wakes any read blocked in http.client
    (in the status line, a header or the body, over TLS or not) at once.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._closed = False
        self._watched: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._timer.cancel()
        with self._lock:
            self._closed = True
            for sock in self._watched:
                sock.close()

    def left(self) -> float:
        "Seconds left; _Expired when none are."
        left = self.ends - time.monotonic()
        if left <= 0 or self.expired:
            raise _Expired
        return left

    def watch(self, sock: socket.socket) -> None:
        "Shut `sock` down when the deadline passes (through a duplicate, which TLS leaves be)."
        with self._lock:
            self._watched.append(sock.dup())  # wrapping in TLS detaches `sock` itself
            if self.expired:
                self._watched[-1].shutdown(socket.SHUT_RDWR)

    def run(self, work: Any) -> Any:
        """`work()` in a thread, waited for until the deadline at most.

        For the DNS lookup, which no socket timeout bounds; a lookup that outlives the
        deadline finishes unwatched in its daemon thread and is forgotten.
        """
        outcome: dict[str, Any] = {}

        def target() -> None:
            try:
                outcome["value"] = work()
            except BaseException as err:  # handed to the waiting thread below
                outcome["error"] = err

        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        thread.join(self.left())
        if thread.is_alive():
            raise _Expired
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    def _expire(self) -> None:
        with self._lock:
            if self._closed:
                return
            self.expired = True
            for sock in self._watched:
                with contextlib.suppress(OSError):  # already closed by the other side
                    sock.shutdown(socket.SHUT_RDWR)


# --- messages --------------------------------------------------------------------------------


def _status_error(url: str, status: int, reason: str) -> FetchError:
    transient = status >= 500 or status in (408, 429)
    advice = "a failure on the server's side" if transient else "check the address"
    return FetchError(url, f"answered HTTP {status} {reason} ({advice})", transient=transient)


def _deadline_error(url: str, seconds: float) -> FetchError:
    return FetchError(
        url,
        f"did not finish within {seconds:g} s (the deadline for one fetch; --fetch-deadline "
        "sets it)",
        transient=True,
    )


def _reason(err: BaseException) -> str:
    "A short reason from an exception, on one line, without Python's class names."
    return " ".join(str(getattr(err, "strerror", None) or err or type(err).__name__).split())
