"""The contract's article keys that every format fills the same way: `id` and `published`.

Kept apart from the format modules so a .txt, an .html page and a JSON line that carry the
same text get the same id, and the same dates parse the same way whatever file they came in.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

__all__ = ["article_id", "parse_published"]


def article_id(text: str) -> str:
    """The id of an article that has none: the first 16 hex digits of SHA-256 of its text.

    Hashing the text (not the path) keeps the id stable when files are moved or renamed,
    and makes the same report read twice collapse to one id.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_published(value: str) -> date | None:
    """The date in `YYYY-MM-DD` or an ISO datetime (`Z` or an offset), or None if it is neither.

    A datetime keeps the calendar date written in its own offset, not the UTC date: relative
    dates in the text ("on Wednesday") count from the day the outlet was living in.
    """
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None
