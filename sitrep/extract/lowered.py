"""Case-blind scanning made cheaper: a lower-cased copy of a text, and patterns that
search it case-sensitively for the very spans their case-insensitive originals find.

Python's `re` scans a case-insensitive alternation of words much more slowly than the same
alternation case-sensitively (the trigger table over the bench corpus: 4.2 against 2.4 ms
an article; the number pattern: 1.0 against 0.3), so stages that only read a match's
offsets, or read its text lower-cased, search `lowered_text(text)` with `lowered_twin`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

__all__ = ["finditer", "lowered_text", "lowered_twin", "search", "twin_of"]

#: The characters outside ASCII that a case-insensitive pattern matches to an ASCII letter
#: ("ı" to "i", "ſ" to "s", the Kelvin sign to "k") while str.lower() does not: the Python
#: `re` documentation names these four, and a scan of every code point finds no other.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def lowered_text(text: str) -> str | None:
    """`text.lower()`, in which an ASCII word is found exactly where a case-insensitive
    pattern finds it; None for a text where that does not hold (see _FOLDS_TO_ASCII)."""
    if not text.isascii() and any(c in text for c in _FOLDS_TO_ASCII):
        return None
    return text.lower()


def lowered_twin(pattern: str, flags: int = re.I) -> re.Pattern[str] | None:
    """`pattern` compiled without re.I, to search `lowered_text(text)` for the very spans
    `re.compile(pattern, flags | re.I)` finds in `text`; None when that is not certain.

    It is certain for a pattern made of lower-case ASCII letters, characters without case
    (digits, punctuation, symbols), classes of these, the categories \\w, \\s and \\d, and
    anchors, with no inline flags or back-references: lower() keeps every character's
    length and its \\w, \\s and \\d membership (U+0130 aside, which `lowered_text`
    refuses), and the characters a case-insensitive ASCII letter matches are exactly those
    that lower() turns into it.
    """
    from re import _parser  # type: ignore[attr-defined]  # the parser re itself uses

    if not _case_free(_parser.parse(pattern, flags | re.I).data, _parser):
        return None
    return re.compile(pattern, flags & ~re.I)


@cache
def twin_of(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    "The `lowered_twin` of a compiled case-insensitive pattern, made once; None if it has none."
    return lowered_twin(pattern.pattern, pattern.flags) if pattern.flags & re.I else None


def finditer(pattern: re.Pattern[str], text: str, lowered: str | None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, or its twin's over `lowered` (= `lowered_text(text)`): the
    same spans, but a twin's match holds lowered text, so read a match's text lower-cased or
    from `text` by its span."""
    if lowered is not None and (twin := twin_of(pattern)) is not None:
        return twin.finditer(lowered)
    return pattern.finditer(text)


def _case_free(items: Any, p: Any) -> bool:
    "Whether parsed items match the same with and without re.I on lower-cased text."
    for op, av in items:
        if op is p.LITERAL:
            if not _case_free_literal(av):
                return False
        elif op is p.IN:
            if not all(_case_free_member(o, a, p) for o, a in av):
                return False
        elif op is p.SUBPATTERN:
            if av[1] or av[2] or not _case_free(av[-1], p):  # (?-i:...) flags: no twin
                return False
        elif op in (p.MAX_REPEAT, p.MIN_REPEAT, p.POSSESSIVE_REPEAT):
            if not _case_free(av[2], p):
                return False
        elif op is p.BRANCH:
            if not all(_case_free(branch, p) for branch in av[1]):
                return False
        elif op in (p.ASSERT, p.ASSERT_NOT):
            if not _case_free(av[1], p):
                return False
        elif op is p.ATOMIC_GROUP:
            if not _case_free(av, p):
                return False
        elif op not in (p.ANY, p.AT):
            return False  # a back-reference or anything unforeseen: keep re.I
    return True


def _case_free_literal(code: int) -> bool:
    """A character a case-insensitive pattern matches only to itself, and lower() makes of
    no other: a lower-case ASCII letter, or any ASCII or Unicode punctuation or symbol
    without case ("–", "’")."""
    ch = chr(code)
    if code < 128:
        return not ch.isupper()
    return ch.lower() == ch == ch.upper() and unicodedata.category(ch)[0] in "PS"


def _case_free_member(op: Any, av: Any, p: Any) -> bool:
    if op is p.LITERAL:
        return _case_free_literal(av)
    if op is p.RANGE:  # "[a-z]" is, "[0-Z]" (all the capitals) is not
        lo, hi = av
        return all(_case_free_literal(c) for c in range(lo, hi + 1))
    return op in (p.NEGATE, p.CATEGORY)


def search(pattern: re.Pattern[str], text: str, lowered: str | None) -> re.Match[str] | None:
    "`pattern.search(text)`, or its twin's over `lowered`: as `finditer`, for the first match."
    if lowered is not None and (twin := twin_of(pattern)) is not None:
        return twin.search(lowered)
    return pattern.search(text)
