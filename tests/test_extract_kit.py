"""The Kit: the words a trigger needs let an article skip scanning for it,
and skipping must never lose a match (the events would change)."""

from __future__ import annotations

import gc
import random
import re
import sys

import pytest

from sitrep.bench import synthetic_articles
from sitrep.extract.kit import load_triggers, needed_words
from sitrep.extract.lowered import _FOLDS_TO_ASCII, lowered_text, lowered_twin


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"\b(clash(es|ed)?|gun ?battles?)\b", ("battle", "clash")),
        (r"\bfired\b.{0,80}\b(at|on) (the )?positions\b", ("positions",)),
        (r"\b(regain(ed|s)? control|re-?took)\b", (" control", "took")),
        (r"(?<!stun )\b(grenades?|hand grenade)\b", ("grenade", "hand grenade")),
        (r"\b(chlorine|(?-i:sarin))\b", ("chlorine", "sarin")),
        (r"\b(shot|\w+)\b", None),  # a branch that needs no word lets any text through
        (r"(?:war)?planes?", ("plane",)),
    ],
)
def test_needed_words(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert needed_words(pattern, re.I) == expected


def test_lowered_text_refuses_what_lower_does_not_fold() -> None:
    assert lowered_text("Troops SHELLED the town") == "troops shelled the town"
    assert lowered_text("Kyiv, Kharkiv — Łódź") is not None
    # "ſhelled" matches r"(?i)shelled", but its lower() does not contain "shelled".
    assert lowered_text("troops ſhelled the town") is None


def test_folds_to_ascii_lists_every_such_character() -> None:
    letter = re.compile("[a-z]", re.I)
    found = [
        chr(c)
        for c in range(128, sys.maxunicode + 1)
        if letter.fullmatch(chr(c)) or any(ord(x) < 128 for x in chr(c).lower())
    ]
    assert sorted(found) == sorted(_FOLDS_TO_ASCII)


def test_a_skipped_trigger_never_matches() -> None:
    triggers = load_triggers()
    assert sum(t.needs is not None for t in triggers) >= len(triggers) - 2
    texts = [a.text for a in synthetic_articles(40)]
    rng = random.Random(3)
    words = [w for t in triggers for w in t.needs or ()]
    for _ in range(3000):
        text = " ".join(
            "".join(c.upper() if rng.random() < 0.3 else c for c in rng.choice(words))
            .replace("s", rng.choice("sſ"))
            .replace("i", rng.choice("iıİ"))
            for _ in range(rng.randint(1, 5))
        )
        texts.append(text)
    skipped = 0
    for text in texts:
        lowered = lowered_text(text)
        for t in triggers:
            if t.absent_from(lowered):
                skipped += 1
                assert t.pattern.search(text) is None, (t.pattern.pattern, text)
    assert skipped > len(texts)  # the filter does skip scans


def test_the_loaded_kit_is_out_of_the_collectors_reach(kit: object) -> None:
    # A full collection would walk the Kit's objects (a quarter of a second each time) and,
    # in a forked worker, copy the pages they sit on.
    assert gc.get_freeze_count() > 100_000


@pytest.mark.parametrize(
    "pattern, twinned",
    [
        (r"\b(clash(es|ed)?|gun ?battles?)\b", True),
        (r"\bfired\b.{0,80}\b(at|on) (the )?positions\b", True),
        (r"(?<!stun )\b(grenades?|hand grenade)\b[^a-z]", True),
        (r"\b(chlorine|(?-i:sarin))\b", False),  # case-sensitive inside: lowering would widen it
        (r"\bIED\b", False),
        (r"[0-Z]", False),  # a range over upper-case letters
        (r"(a)\1", False),
        ("caf\u00e9", False),
    ],
)
def test_lowered_twin_only_where_it_is_certain(pattern: str, twinned: bool) -> None:
    assert (lowered_twin(pattern) is not None) is twinned


def test_a_twin_finds_the_spans_its_pattern_finds() -> None:
    triggers = [t for t in load_triggers() if t.twin is not None]
    assert len(triggers) >= len(load_triggers()) - 2
    texts = [a.text for a in synthetic_articles(20)]
    rng = random.Random(5)
    words = [w for t in triggers for w in t.needs or ()] + ["Ünited", "ÉTAT", "ǅemal", "ΣΑΣ"]
    for _ in range(2000):
        texts.append(
            " ".join(
                "".join(c.upper() if rng.random() < 0.3 else c for c in rng.choice(words))
                for _ in range(rng.randint(1, 6))
            )
        )
    for text in texts:
        lowered = lowered_text(text)
        for t in triggers:
            expected = [m.span() for m in t.pattern.finditer(text)]
            assert [m.span() for m in t.finditer(text, lowered)] == expected, (t, text)


def test_no_character_lowers_to_one_a_twin_takes_as_caseless() -> None:
    # A twin searches lower-cased text case-sensitively: a literal it takes as without case
    # ("–", "’", "-") must be what lower() makes of that character alone. (What lowers to
    # an ASCII letter is the capital, or one of _FOLDS_TO_ASCII: see the test above.)
    from sitrep.extract.lowered import _case_free_literal

    for code in range(sys.maxunicode + 1):
        lowered = chr(code).lower()
        if len(lowered) == 1 and lowered != chr(code) and not lowered.isascii():
            assert not _case_free_literal(ord(lowered)), hex(code)


def test_the_number_pattern_has_a_twin() -> None:
    from sitrep.extract.numbers import _NUMBER_LOWERED, NUMBER_RE

    assert _NUMBER_LOWERED is not None
    text = "At Least FIVE–six killed, Dozens hurt, 1,500 fled; Twenty-Three Or More missing"
    assert [m.span() for m in _NUMBER_LOWERED.finditer(text.lower())] == [
        m.span() for m in NUMBER_RE.finditer(text)
    ]


def test_a_twin_keeps_the_patterns_other_flags() -> None:
    from sitrep.extract.lowered import finditer, search, twin_of

    pattern = re.compile(r"killed.+wounded", re.I | re.S)
    twin = twin_of(pattern)
    assert twin is not None and twin.flags & re.S and not twin.flags & re.I
    text = "Two KILLED\nand three Wounded"
    lowered = lowered_text(text)
    assert [m.span() for m in finditer(pattern, text, lowered)] == [(4, 28)]
    found = search(pattern, text, lowered)
    assert found is not None and found.span() == (4, 28)
    # Without a lowered copy (a text lower() cannot stand for), the pattern itself searches.
    assert search(pattern, "ſhelled", None) is pattern.search("ſhelled") is None
