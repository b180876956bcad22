"""The contract's article keys that every format fills the same way: `id`, `published`, text.

Kept apart from the format modules so a .txt, an .html page and a JSON line that carry the
same text get the same id, the same dates parse the same way whatever file they came in, and
every article's strings are cleaned by the same rule (`normalise`) before anything stores them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from datetime import date, datetime

from sitrep.models import Article

__all__ = ["article_id", "clean_text", "normalise", "parse_published"]

# C0 control characters other than tab, newline, carriage return, vertical tab and form feed,
# and UTF-16 surrogates (only ever alone in a Python str: a JSON "\ud800" escape).
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff]")
_LINE_BREAKS = str.maketrans({"\v": "\n", "\f": "\n"})


def clean_text(value: str) -> str:
    """`value` as text every store accepts: each character that is not text becomes U+FFFD.

    A NUL is refused by PostgreSQL (and kept by SQLite), a lone surrogate cannot be encoded as
    UTF-8 at all (spaCy, hashing and both stores fail on it), and other control characters
    are noise that can drive a terminal. Vertical tab and form feed (page breaks in text
    converted from PDF) become newlines. One character always replaces one, so the text keeps
    its length and a position in the input is the same position in the stored text.
    """
    if _NOT_TEXT.search(value) is not None:
        value = _NOT_TEXT.sub("\ufffd", value)
    if "\v" in value or "\f" in value:
        value = value.translate(_LINE_BREAKS)
    return value


def normalise(article: Article) -> Article:
    """The article with `clean_text` applied to its text, id, title, outlet, url and language.

    Applied once, as the reader hands the article on, so language detection, extraction
    (whose evidence offsets index this text), SQLite and PostgreSQL all see the same text.
    """
    changed = {}
    for name in ("id", "text", "title", "outlet", "url", "language"):
        value = getattr(article, name)
        if isinstance(value, str) and (cleaned := clean_text(value)) != value:
            changed[name] = cleaned
    return dataclasses.replace(article, **changed) if changed else article


def article_id(text: str) -> str:
    """The id of an article that has none: the first 16 hex digits of SHA-256 of its text.

    Hashing the text (not the path) keeps the id stable when files are moved or renamed,
    and makes the same report read twice collapse to one id. The text is hashed as
    `clean_text` leaves it, so the id is the hash of the text that is stored.
    """
    return hashlib.sha256(clean_text(text).encode("utf-8")).hexdigest()[:16]


def parse_published(value: str) -> date | None:
    """The date in `YYYY-MM-DD` or an ISO datetime (`Z` or an offset), or None if it is neither.

    A datetime keeps the calendar date written in its own offset, not the UTC date: relative
    dates in the text ("on Wednesday") count from the day the outlet was living in.
    """
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None
