"""The ASGI app: settings, the one error shape, security headers, size limits, CORS, Host
checks, the page.

Every failure, from a bad parameter to a crash, leaves as

    {"error": {"status": 404, "code": "not_found", "message": "No event 'x'. ..."}}

converted in one place (`_error_handlers` and `Guard`). Every response carries a
Content-Security-Policy with no inline script, `X-Content-Type-Options: nosniff` and
`Referrer-Policy: no-referrer`; request bodies over `max_body_bytes` are refused with 413
before the app reads them; CORS headers are sent only for origins the settings list. A
request whose Host header is not one of `allowed_hosts` gets a 400: a web page on
evil.example can otherwise point its name at 127.0.0.1 (DNS rebinding) and read a store
served on loopback as if it were its own origin.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitrep import __version__
from sitrep.errors import FilterError, ReviewError, SitrepError, StoreError
from sitrep.store import Store, open_store

__all__ = [
    "LOOPBACK_HOSTS",
    "STATIC",
    "ApiError",
    "ApiSettings",
    "Guard",
    "create_app",
    "host_allowed",
    "is_loopback",
]

log = logging.getLogger("sitrep.api")

#: The page's files (built by `sitrep/web/`); served at / and /static/.
STATIC = Path(__file__).resolve().parents[1] / "web" / "static"

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid",
    500: "server_error",
    503: "unavailable",
}

#: Query parameters whose name is not that of the `Filters` field they fill.
FILTER_PARAMETERS = {"event_type": "type"}

#: The Host names a server bound to a loopback address answers to (`sitrep serve` adds the
#: address it is bound to): names no other machine, and no DNS answer, can give a browser.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiSettings:
    """What `sitrep serve` can change.

    public_read: read endpoints need no token (the default for a server on 127.0.0.1);
    writes always need one. cors_origins: origins allowed to call the API from a browser
    (none: no CORS headers at all). tile_url: a map tile URL template for the page, whose
    host is then allowed in the CSP's img-src. threads: requests one process works on at
    once (reads run in threads; `sitrep serve --workers` adds processes). allowed_hosts:
    the Host header values (names or addresses, no port) answered; "*" answers any, for an
    app embedded behind a server of one's own or in tests; `sitrep serve` always sets it
    (`LOOPBACK_HOSTS` on a loopback address, else its --allowed-host names). read_timeout,
    keep_alive_timeout, max_connections: what `sitrep serve` allows each connection of each
    process (see `sitrep.api.connections`); an app run by another server ignores them.
    """

    public_read: bool = True
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 64 * 1024
    tile_url: str | None = None
    tile_attribution: str | None = None
    threads: int = 4
    allowed_hosts: tuple[str, ...] = ("*",)
    read_timeout: float = 10.0
    keep_alive_timeout: float = 5.0
    max_connections: int = 1000

    def to_json(self) -> str:
        return orjson.dumps(asdict(self)).decode()

    @classmethod
    def from_json(cls, text: str) -> ApiSettings:
        d = orjson.loads(text)
        for name in ("cors_origins", "allowed_hosts"):
            if name in d:
                d[name] = tuple(d[name] or ())
        return cls(**d)


class ApiError(Exception):
    "A failure the API reports in its error shape: status, code and a message saying what to do."

    def __init__(self, status: int, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message


def error_body(status: int, message: str, code: str | None = None) -> bytes:
    from sitrep.api.respond import safe

    detail = {"status": status, "code": code or CODES.get(status, "error"), "message": message}
    return safe(orjson.dumps({"error": detail}))


def error_response(
    status: int, message: str, *, code: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        error_body(status, message, code),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def csp(settings: ApiSettings) -> str:
    "The Content-Security-Policy: same-origin everything, no inline script, tiles if set."
    img = "'self' data:"
    if settings.tile_url:
        parts = urlsplit(settings.tile_url.replace("{s}", "x"))
        if parts.scheme in ("http", "https") and parts.hostname:
            host = parts.netloc
            if "{s}" in settings.tile_url.split("/")[2]:
                host = "*." + host.split(".", 1)[1]
            img += f" {parts.scheme}://{host}"
    return (
        f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {img}; "
        "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    )


def is_loopback(host: str) -> bool:
    "Whether a name or address (as given to --host) is this machine's loopback."
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    "The name or address in a Host header value, without its port, lower case."
    header = header.strip().lower()
    if header.startswith("["):  # [::1]:8000
        return header[1:].split("]", 1)[0]
    name, _, port = header.rpartition(":")
    return (name if name and port.isdigit() else header).rstrip(".")


def host_allowed(header: str | None, allowed: tuple[str, ...]) -> bool:
    "Whether a request with this Host header (None: none sent) is answered."
    if "*" in allowed:
        return True
    if not header:
        return False
    name = _host_name(header)
    return any(name == entry.lower().strip("[]").rstrip(".") for entry in allowed)


class Guard:
    """Pure ASGI middleware around the app: the Host check, security headers on every
    response, the request body size limit, and any unexpected exception as a 500 in the
    error shape (logged)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        headers: dict[str, str],
        max_body: int,
        allowed_hosts: tuple[str, ...] = ("*",),
    ) -> None:
        self.app = app
        self.headers = headers
        self.max_body = max_body
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        host = _header(scope, b"host")
        if not host_allowed(host, self.allowed_hosts):
            names = ", ".join(self.allowed_hosts)
            await error_response(
                400,
                f"This server does not answer to Host {host or '(none)'!r}; it answers to "
                f"{names} (`sitrep serve --allowed-host NAME` adds a name).",
            )(scope, receive, send_secured)
            return
        too_large = error_response(
            413,
            f"The request body is larger than {self.max_body} bytes; send less.",
        )
        length = _header(scope, b"content-length")
        if length is not None:
            if not length.isdigit():
                await error_response(400, "Content-Length is not a number.")(
                    scope, receive, send_secured
                )
                return
            if int(length) > self.max_body:
                await too_large(scope, receive, send_secured)
                return
        if length is not None or _header(scope, b"transfer-encoding") is not None:
            body, size = [], 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body:
                    await too_large(scope, receive, send_secured)
                    return
                body.append(chunk)
                if not message.get("more_body", False):
                    break
            receive = _replay(b"".join(body), receive)
        try:
            await self.app(scope, receive, send_secured)
        except Exception:
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await error_response(
                500, "Internal error; it is logged on the server. Please report it."
            )(scope, receive, send_secured)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _where(loc: Any) -> str:
    parts = [str(p) for p in loc if p != "body"] if loc else []
    kind = loc[0] if loc else ""
    name = ".".join(parts[1:] if kind in ("query", "path", "header") else parts)
    if kind in ("query", "path", "header"):
        return f"{kind} parameter {name!r}" if name else f"the {kind}"
    return f"body field {name!r}" if name else "the request body"


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.message, code=exc.code, headers=headers)

    @app.exception_handler(ReviewError)
    async def review_error(request: Request, exc: ReviewError) -> Response:
        return error_response(422, str(exc))

    @app.exception_handler(FilterError)
    async def filter_error(request: Request, exc: FilterError) -> Response:
        # A country, actor, region or type nobody knows: the request names something that is
        # not there (400), and the message the closest values that are.
        name = FILTER_PARAMETERS.get(exc.field, exc.field)
        return error_response(400, f"query parameter {name!r}: {exc}")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(500, f"The store failed: {exc}")

    @app.exception_handler(SitrepError)
    async def sitrep_error(request: Request, exc: SitrepError) -> Response:
        return error_response(422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors()[:3]:
            msg = str(e.get("msg", "invalid"))
            if e.get("type") == "json_invalid":
                problems.append("the request body is not valid JSON")
            else:
                problems.append(f"{_where(e.get('loc'))}: {msg}")
        return error_response(422, "; ".join(problems) + ". See /openapi.json for what it takes.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        path, method = request.url.path, request.method
        if status == 404:
            message = (
                exc.detail
                if isinstance(exc.detail, str) and exc.detail != "Not Found"
                else f"Nothing at {path}. The API's routes are listed at /openapi.json."
            )
        elif status == 405:
            message = f"{method} is not allowed on {path}. See /openapi.json."
        else:
            message = str(exc.detail)
        return error_response(status, message, headers=dict(exc.headers or {}))


def create_app(
    store_url: str | os.PathLike[str] | None,
    *,
    settings: ApiSettings | None = None,
    store: Store | None = None,
) -> FastAPI:
    """The Sitrep API and page over the store at `store_url` (migrated forward if needed).

    `store` may be given instead of a URL (tests); it is then not closed with the app.
    """
    from sitrep.api.routes import router

    settings = settings or ApiSettings()
    own = store is None
    opened = store if store is not None else open_store(store_url, create=False)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        # Few threads per process: requests are short, and more threads only fight over
        # the GIL (40, the default, costs 7 ms of CPU per events page instead of 4).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        if own:
            opened.close()

    app = FastAPI(
        title="Sitrep",
        version=__version__,
        summary="Evidence-linked ACLED-style event data from news reports of armed conflict.",
        description=(
            "Read endpoints are public when the server's `public_read` setting is on; every "
            "write needs `Authorization: Bearer <token>` (`sitrep token create NAME`). Every "
            'failure has one shape: `{"error": {"status", "code", "message"}}`.'
        ),
        docs_url=None,  # Swagger UI needs inline script, which the CSP forbids
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = opened
    app.state.settings = settings
    _error_handlers(app)
    app.include_router(router)

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> Response:
        page = STATIC / "index.html"
        if not page.is_file():
            raise ApiError(404, "The page is not installed (sitrep/web/static/index.html).")
        return FileResponse(page, media_type="text/html; charset=utf-8")

    # check_dir=False: the folder may be created after the app; a missing file is a 404.
    # Gzip for the page's files only (1.7 MB of outlines); API pages stay uncompressed, as
    # compressing 150 KB would cost more CPU than the page itself.
    from starlette.middleware.gzip import GZipMiddleware

    static = StaticFiles(directory=STATIC, check_dir=False)
    app.mount("/static", GZipMiddleware(static, minimum_size=1000), name="static")
    if settings.cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(
        Guard,
        headers={
            "Content-Security-Policy": csp(settings),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
        },
        max_body=settings.max_body_bytes,
        allowed_hosts=settings.allowed_hosts,
    )
    return app


#: Environment variables `sitrep serve` hands its worker processes.
ENV_DB, ENV_SETTINGS = "SITREP_SERVE_DB", "SITREP_SERVE_SETTINGS"


def app_from_env() -> FastAPI:
    "The app for a uvicorn worker (`sitrep serve`): store URL and settings from the environment."
    settings = ApiSettings.from_json(os.environ.get(ENV_SETTINGS) or "{}")
    return create_app(os.environ.get(ENV_DB), settings=settings)


def serve(
    store_url: str | None,
    *,
    settings: ApiSettings,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    access_log: bool = True,
) -> None:
    """Run the app with uvicorn until interrupted; with workers > 1, each worker process
    builds its own app (`app_from_env`) from the store URL and settings in its environment."""
    import uvicorn

    os.environ[ENV_SETTINGS] = settings.to_json()
    if store_url is not None:
        os.environ[ENV_DB] = os.fspath(store_url)
    else:
        os.environ.pop(ENV_DB, None)
    uvicorn.run(
        "sitrep.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_level="info",
        server_header=False,
        proxy_headers=False,
        # The read deadline and the connection cap (settings.read_timeout, max_connections).
        http="sitrep.api.connections:GuardedProtocol",
        timeout_keep_alive=settings.keep_alive_timeout,  # type: ignore[arg-type]
    )
