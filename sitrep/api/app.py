"""The ASGI app: security headers, size limits, CORS, Host checks, the page, the server.

Every failure, from a bad parameter to a crash, leaves in the one error shape
(`sitrep.api.errors`), converted there and in `Guard`. Every response carries a
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
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.responses import FileResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitrep import __version__
from sitrep.api.errors import ApiError, add_error_handlers, error_response
from sitrep.api.routes import router
from sitrep.api.settings import ENV_DB, ENV_SETTINGS, ApiSettings
from sitrep.store import Store, open_store
from sitrep.web import INDEX_HTML, STATIC_DIR

__all__ = [
    "LOOPBACK_HOSTS",
    "Guard",
    "create_app",
    "host_allowed",
    "is_loopback",
]

log = logging.getLogger("sitrep.api")


#: The Host names a server bound to a loopback address answers to (`sitrep serve` adds the
#: address it is bound to): names no other machine, and no DNS answer, can give a browser.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


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


def create_app(
    store_url: str | os.PathLike[str] | None,
    *,
    settings: ApiSettings | None = None,
    store: Store | None = None,
) -> FastAPI:
    """The Sitrep API and page over the store at `store_url` (migrated forward if needed).

    `store` may be given instead of a URL (tests); it is then not closed with the app.
    """
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
    add_error_handlers(app)
    app.include_router(router)

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> Response:
        if not INDEX_HTML.is_file():
            raise ApiError(404, "The page is not installed (sitrep/web/static/index.html).")
        return FileResponse(INDEX_HTML, media_type="text/html; charset=utf-8")

    # check_dir=False: the folder may be created after the app; a missing file is a 404.
    # Gzip for the page's files only (1.7 MB of outlines); API pages stay uncompressed, as
    # compressing 150 KB would cost more CPU than the page itself.
    from starlette.middleware.gzip import GZipMiddleware

    static = StaticFiles(directory=STATIC_DIR, check_dir=False)
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
