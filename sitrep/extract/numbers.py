"""Number expressions in news English: "44", "1,500", "five", "a dozen", "dozens", "nearly 100".

A `Figure` is one number expression with its range and qualifier. The ranges follow the
contract: "nearly 100" has high 100 and best below it; "at least four" has low 4; "dozens"
is vague (low 24, best 24, high 99).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.extract.lowered import lowered_text, lowered_twin
from sitrep.models import Qualifier

UNITS = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

#: The largest figure read as a count of people: more than live on Earth is an id, a phone
#: number or garbage, not a toll. The cap keeps int() away from its 4,300-digit limit (it
#: raises ValueError past it) and every figure in a 64-bit column.
MAX_FIGURE = 10_000_000_000
_MAX_DIGITS = len(str(MAX_FIGURE))

#: Vague quantities: (low, best, high).
VAGUE = {
    "dozens": (24, 24, 99),
    "scores": (40, 40, 99),
    "tens": (20, 20, 99),
    "hundreds": (200, 200, 999),
    "thousands": (2000, 2000, 9999),
    "several": (3, 3, 9),
    "a few": (2, 3, 5),
    "few": (2, 3, 5),
    "a number of": (2, 3, 10),
    "a handful of": (2, 3, 6),
    "many": (5, 10, 99),
    "numerous": (5, 10, 99),
    "some": (2, 3, 10),
    "a couple of": (2, 2, 2),
    "a pair of": (2, 2, 2),
    "a dozen": (12, 12, 12),
    "dozen": (12, 12, 12),
}

_UNIT_WORD = "(?:" + "|".join(w for w in sorted(UNITS, key=len, reverse=True) if len(w) > 2) + ")"
_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
_VAGUE = "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_SPELLED = rf"(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}))*"
_PREFIX = (
    r"at least|at most|no fewer than|no less than|not less than|more than|over|upwards of|"
    r"nearly|almost|close to|up to|as many as|about|around|approximately|roughly|some|"
    r"an estimated|estimated|a total of|a further|another|only|just|exactly|a reported"
)
NUMBER_RE = re.compile(
    rf"\b(?:(?P<prefix>{_PREFIX})\s+)?(?:(?:from\s+)?(?P<lo>\d+|{_UNIT_WORD})\s*(?:-|–|\bto\b|\bor\b)\s*(?P<hi>\d+|{_UNIT_WORD})\b(?!\s*(?:mm|km|m\b|%|years?))|(?P<digits>{_DIGITS})(?:\s+(?P<mult>hundred|thousand|million))?"
    rf"|(?P<vague>{_VAGUE})|(?P<spelled>{_SPELLED}))(?:\s+(?P<suffix>or more|or so|plus))?\b",
    re.IGNORECASE,
)

_AT_LEAST = {
    "at least",
    "no fewer than",
    "no less than",
    "not less than",
    "more than",
    "over",
    "upwards of",
}
_AT_MOST = {"nearly", "almost", "close to", "up to", "as many as", "at most"}
_ABOUT = {"about", "around", "approximately", "roughly", "some", "an estimated", "estimated"}


@dataclass(frozen=True, slots=True)
class Figure:
    "One number expression: where it is, its value range and how the text qualifies it."

    start: int
    end: int
    best: int
    low: int
    high: int
    qualifier: Qualifier


def _as_int(token: str) -> int | None:
    "A range end ('5' or 'five'), or None for a run of digits too long to be a count."
    if not token.isdigit():
        return UNITS[token.lower()]
    return int(token) if len(token) <= _MAX_DIGITS else None


def _spelled_value(words: str) -> int | None:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def parse_figure(match: re.Match[str], offset: int = 0) -> Figure | None:
    "The Figure for one NUMBER_RE match, or None if it is not a usable count."
    prefix = (match.group("prefix") or "").lower()
    suffix = (match.group("suffix") or "").lower()
    if match.group("vague"):
        low, best, high = VAGUE[match.group("vague").lower()]
        qualifier: Qualifier = "vague" if high != low else "about"
        if prefix in _AT_LEAST:
            qualifier = "at_least"
        return Figure(match.start() + offset, match.end() + offset, best, low, high, qualifier)
    if match.group("lo"):
        lo, hi = (_as_int(match.group(g)) for g in ("lo", "hi"))
        if lo is None or hi is None or not lo <= hi <= min(lo * 10 + 10, MAX_FIGURE):
            return None
        return Figure(match.start() + offset, match.end() + offset, lo, lo, hi, "about")
    if match.group("digits"):
        raw = match.group("digits").replace(",", "")
        if "." in raw or len(raw) > _MAX_DIGITS:
            return None
        value = int(raw)
        if match.group("mult"):
            value *= SCALES[match.group("mult").lower()]
    else:
        parsed = _spelled_value(match.group("spelled"))
        if parsed is None:
            return None
        value = parsed
    if value > MAX_FIGURE:
        return None
    if prefix in _AT_LEAST or suffix in {"or more", "plus"}:
        # "At least 12": the text supports 12 and no more; a high no source gave is invented.
        low, best, high, qualifier = value, value, value, "at_least"
    elif prefix in _AT_MOST:
        below = max(value - max(1, round(value * 0.05)), 0) if prefix != "at most" else value
        low, best, high, qualifier = below, below, value, "at_most"
    elif prefix in _ABOUT or suffix == "or so":
        low, best, high, qualifier = value, value, value, "about"
    else:
        low, best, high, qualifier = value, value, value, "exact"
    return Figure(match.start() + offset, match.end() + offset, best, low, high, qualifier)


#: NUMBER_RE for `lowered_text`: the same spans for a quarter of the time (the bench
#: corpus: 1.0 -> 0.3 ms an article), and `parse_figure` reads a match's words lower-cased.
_NUMBER_LOWERED = lowered_twin(NUMBER_RE.pattern)


def find_figures(text: str, offset: int = 0) -> list[Figure]:
    "Every number expression in `text`, offsets shifted by `offset`."
    figures = []
    lowered = lowered_text(text)
    if lowered is not None and _NUMBER_LOWERED is not None:
        matches = _NUMBER_LOWERED.finditer(lowered)
    else:
        matches = NUMBER_RE.finditer(text)
    for match in matches:
        figure = parse_figure(match, offset)
        if figure is not None:
            figures.append(figure)
    return figures
