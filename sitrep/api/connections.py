"""The connections `sitrep serve` accepts: a read deadline for every request, a cap on them.

uvicorn closes an idle keep-alive connection, but only once it has sent a response: a client
that connects and sends half a request line, or nothing, and stalls, is kept open forever.
About 20,000 such sockets use up the process's file descriptors and every real request then
fails. `GuardedProtocol` is uvicorn's own HTTP protocol (httptools, else h11) with two limits:

- **read timeout**: from the moment a connection opens, and again after each response, the
  client has `read_timeout` seconds to send a whole request (line, headers and body), or the
  connection is closed. A byte now and then does not reset it, so trickling (slowloris) is
  cut off too. A request received whole is answered however long the answer takes.
- **connection cap**: with `max_connections` open, a new connection closes the one that has
  waited longest for a request, so a flood of stalled sockets churns among itself while a
  real client still gets through; when every connection is busy answering a request, the
  new one gets a 503 in the API's error shape and is closed.

The limits are `ApiSettings` fields, read from the environment `sitrep serve` sets for each
worker process (the protocol is built by uvicorn, in the worker, from an import string).
"""

from __future__ import annotations

import asyncio
import os
from functools import cache
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol

from sitrep.api.errors import error_body
from sitrep.api.settings import ENV_SETTINGS, ApiSettings

__all__ = ["GuardedProtocol"]


@cache
def _settings() -> ApiSettings:
    return ApiSettings.from_json(os.environ.get(ENV_SETTINGS) or "{}")


def _refusal() -> bytes:
    body = error_body(503, "The server has too many open connections; try again shortly.")
    head = (
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class GuardedProtocol(AutoHTTPProtocol):  # type: ignore[valid-type,misc]
    "uvicorn's HTTP protocol with a read deadline per request and a cap on connections."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = _settings()
        self.read_timeout = settings.read_timeout
        self.max_connections = settings.max_connections
        self.deadline: asyncio.TimerHandle | None = None
        self.waiting_since = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections and not self._make_room():
            transport.write(_refusal())
            transport.close()
            return
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request has read_timeout from now

    def answering(self) -> bool:
        "Whether a request has arrived whole and its response is not finished."
        cycle = self.cycle
        return cycle is not None and not cycle.more_body and not cycle.response_complete

    def _arm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
        self.waiting_since = self.loop.time()
        self.deadline = self.loop.call_later(self.read_timeout, self._expire)

    def _expire(self) -> None:
        self.deadline = None
        if not self.answering() and not self.transport.is_closing():
            self.transport.close()

    def _make_room(self) -> bool:
        "Close the open connection that has waited longest for a request; False if none waits."
        waiting = [
            c
            for c in self.connections
            if c is not self
            and isinstance(c, GuardedProtocol)
            and not c.transport.is_closing()
            and not c.answering()
        ]
        open_ = sum(1 for c in self.connections if not c.transport.is_closing())
        if open_ <= self.max_connections:
            return True  # others are already on their way out
        if not waiting:
            return False
        min(waiting, key=lambda c: c.waiting_since).transport.close()
        return True
