"""What `sitrep serve` can change about the API (`ApiSettings`).

Its own module because the app (`sitrep.api.app`), its endpoints (`sitrep.api.routes`) and
the server's connection protocol (`sitrep.api.connections`) all read it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import orjson

__all__ = ["ENV_DB", "ENV_SETTINGS", "ApiSettings"]

#: Environment variables `sitrep serve` hands its worker processes: the store URL and the
#: settings as JSON (`ApiSettings.to_json`).
ENV_DB, ENV_SETTINGS = "SITREP_SERVE_DB", "SITREP_SERVE_SETTINGS"


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
