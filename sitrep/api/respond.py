"""JSON out: fast, and safe wherever it lands.

Every JSON body is escaped so it holds no `<`, `>` or `&` byte (they become \\u003c, \\u003e,
\\u0026 inside strings, where alone they can occur): even if a browser were tricked into
reading a response as HTML, article text such as `<script>` or `<img onerror=...>` cannot
become markup. Events are served from the JSON text the store keeps, with the EventView's
extra keys spliced in, so a page of 500 events is never decoded and encoded again.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

from sitrep.store.browse import EventRow

__all__ = ["JSONBody", "dumps", "event_view", "raw_object"]

_ESCAPES = ((b"&", b"\\u0026"), (b"<", b"\\u003c"), (b">", b"\\u003e"))


def safe(raw: bytes) -> bytes:
    "JSON text with every <, > and & written as a \\u escape (the same JSON value)."
    for char, escape in _ESCAPES:
        if char in raw:
            raw = raw.replace(char, escape)
    return raw


def dumps(value: Any) -> bytes:
    "JSON bytes of a plain value (not yet escaped; `JSONBody` escapes the whole body)."
    return orjson.dumps(value)


def event_view(row: EventRow) -> bytes:
    "The EventView of a row: the stored event JSON with incident_id, review, corrected, article."
    extra = orjson.dumps(
        {
            "incident_id": row.incident_id,
            "review": row.review,
            "corrected": row.corrected,
            "article": row.article,
        }
    )
    data = row.data.rstrip().encode("utf-8")
    if not data.endswith(b"}"):
        raise ValueError(f"event {row.event_id}: stored JSON is not an object")
    return data[:-1] + b"," + extra[1:]


def raw_array(items: list[bytes]) -> bytes:
    return b"[" + b",".join(items) + b"]"


def raw_object(**parts: bytes) -> bytes:
    "A JSON object from keys and already-encoded JSON values."
    return b"{" + b",".join(orjson.dumps(k) + b":" + v for k, v in parts.items()) + b"}"


class JSONBody(Response):
    "application/json from a value or from ready JSON bytes, escaped for any context."

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        raw = content if isinstance(content, bytes) else orjson.dumps(content)
        return safe(raw)
