"""JSON articles: .json (one object or a list of them) and .jsonl (one object per line).

These are the batch formats, and gold files are fed in as they are, so unknown keys are
ignored and every bad line or object gives its own ReadError while the rest are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sitrep.errors import ReadError
from sitrep.models import Article
from sitrep.read.fields import article_id, parse_published

__all__ = ["article_from_object", "loads", "read_json", "read_jsonl"]

_OPTIONAL_STRINGS = ("outlet", "title", "url", "language")
# json raises RecursionError, not a JSONDecodeError, on lists nested thousands deep.
_TOO_DEEP = "invalid JSON (nested too deeply); each article must be one JSON object"


class _LongNumber:
    """A JSON integer too long for Python's int() (over 4,300 digits, `sys.int_info`).

    int() refuses such digit strings (a guard against quadratic-time conversion), and json
    would raise that ValueError out of the whole file. Kept as this marker instead, it is
    harmless under a key Sitrep ignores, and a clear per-line error where a value is needed.
    """

    __slots__ = ("digits",)

    def __init__(self, digits: str) -> None:
        self.digits = digits


def _parse_int(digits: str) -> int | _LongNumber:
    try:
        return int(digits)
    except ValueError:
        return _LongNumber(digits)


def loads(content: str) -> Any:
    """`json.loads`, except that an integer too long for int() is kept as a `_LongNumber`.

    Raises what json.loads raises for invalid JSON: JSONDecodeError, or RecursionError.
    """
    return json.loads(content, parse_int=_parse_int)


def read_json(content: str, *, origin: str) -> Iterator[Article | ReadError]:
    "The articles in a .json document: one object, or a list whose items are `origin[i]`."
    try:
        data = loads(content)
    except RecursionError:
        yield ReadError(origin, _TOO_DEEP)
        return
    except json.JSONDecodeError as err:
        hint = (
            "it looks like JSON Lines, so name it .jsonl"
            if err.msg == "Extra data"
            else "a .json file holds one article object or a list of them"
        )
        yield ReadError(
            origin,
            f"invalid JSON ({_message(err)} at line {err.lineno} column {err.colno}); {hint}",
        )
        return
    if not isinstance(data, list):
        yield _article_or_error(data, origin=origin)
        return
    if not data:
        yield ReadError(origin, "holds an empty list; there are no articles to read")
    for index, item in enumerate(data):
        yield _article_or_error(item, origin=f"{origin}[{index}]")


def read_jsonl(
    lines: Iterable[tuple[int, str] | ReadError], *, origin: str
) -> Iterator[Article | ReadError]:
    """The articles in JSON Lines, given as (line number, text); errors in `lines` pass through.

    Blank lines are skipped. Each line's origin is `origin:lineno`, so a message points at it.
    """
    for item in lines:
        if isinstance(item, ReadError):
            yield item
            continue
        lineno, line = item
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        where = f"{origin}:{lineno}"
        try:
            obj = loads(line)
        except RecursionError:
            yield ReadError(where, _TOO_DEEP)
            continue
        except json.JSONDecodeError as err:
            yield ReadError(
                where,
                f"invalid JSON ({_message(err)} at column {err.colno}); "
                "each .jsonl line must be one article object",
            )
            continue
        yield _article_or_error(obj, origin=where)


def article_from_object(obj: Any, *, origin: str) -> Article:
    """The article in one decoded JSON value; raises ReadError naming `origin` if it is not one.

    Keys follow the contract (id, text, published, outlet, title, url, language); others are
    ignored. A missing id becomes the hash of the text; a non-string id is kept as str(id).
    """
    if not isinstance(obj, dict):
        raise ReadError(
            origin, f"is {_kind(obj)}, not an article object; an article is an object with a text"
        )
    text = obj.get("text")
    if text is None:
        raise ReadError(origin, 'has no "text"; an article needs its body as a string in "text"')
    if not isinstance(text, str):
        raise ReadError(origin, f'has "text" as {_kind(text)}; it must be a string')
    if not text.strip():
        raise ReadError(origin, 'has an empty "text"; there is no article to read')

    raw_id = obj.get("id")
    if raw_id is None or raw_id == "":
        id_ = article_id(text)
    elif isinstance(raw_id, _LongNumber):
        raise ReadError(origin, f'has "id" as {_kind(raw_id)}; use a string id')
    else:
        id_ = raw_id if isinstance(raw_id, str) else str(raw_id)

    strings = {key: _optional_string(obj, key, origin=origin) for key in _OPTIONAL_STRINGS}
    return Article(
        id=id_,
        text=text,
        published=_published(obj.get("published"), origin=origin),
        origin=origin,
        **strings,
    )


def _article_or_error(obj: Any, *, origin: str) -> Article | ReadError:
    try:
        return article_from_object(obj, origin=origin)
    except ReadError as err:
        return err


def _published(value: Any, *, origin: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _LongNumber):
        raise ReadError(origin, f'has "published" as {_kind(value)}; use YYYY-MM-DD')
    parsed = parse_published(value) if isinstance(value, str) else None
    if parsed is None:
        raise ReadError(
            origin,
            f'has "published" {json.dumps(value)}, which is not a date; '
            "use YYYY-MM-DD or an ISO datetime",
        )
    return parsed


def _optional_string(obj: dict[str, Any], key: str, *, origin: str) -> str | None:
    value = obj.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ReadError(origin, f'has "{key}" as {_kind(value)}; it must be a string')
    return value.strip()


def _message(err: json.JSONDecodeError) -> str:
    # Some of json's messages end in " at", made to be followed by the position.
    return err.msg.removesuffix(" at")


def _kind(value: Any) -> str:
    "How a JSON value is named in messages: 'a list', 'a number', 'null'."
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, _LongNumber):
        return f"a number of {len(value.digits.lstrip('-'))} digits"
    kinds = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}
    return kinds.get(type(value), "null" if value is None else type(value).__name__)
