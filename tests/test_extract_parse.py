"""sitrep.extract.parse: texts of any length through spaCy, offsets true to the original text."""

from __future__ import annotations

import time

import pytest

from sitrep.extract import Kit, extract_many
from sitrep.extract.parse import CHUNK_CHARS, chunks
from sitrep.models import Article

ATTACK = (
    "Gunmen attacked a police station in Jamundi, Colombia, killing two officers, the mayor said."
)
SHELLING = "Rebels shelled the airport of Port Amsel overnight, wounding two guards, police said."


@pytest.mark.parametrize(
    "text, size, expected",
    [
        ("One.\n\nTwo.\nThree. Four", 12, ["One.\n\n", "Two.\n", "Three. Four"]),
        ("One. Two. Three", 10, ["One. Two. ", "Three"]),
        ("First line\nSecond line", 15, ["First line\n", "Second line"]),
        ("a b c d e f", 4, ["a b ", "c d ", "e f"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # no boundary at all: cut where it must
        ("short", 10, ["short"]),
    ],
)
def test_chunks_end_at_the_best_boundary_and_join_back(
    text: str, size: int, expected: list[str]
) -> None:
    assert chunks(text, size=size) == expected
    assert "".join(expected) == text


@pytest.mark.reliability(
    "an article of 1,080,000 characters (spaCy refuses over 1,000,000)",
    "parsed in chunks of 100,000 joined into one Doc; every offset slices the original text",
)
def test_an_article_over_spacys_limit_is_extracted_whole(kit: Kit) -> None:
    # Eleven paragraphs, each a report padded with spaces to 98,000 characters (a scraped page
    # full of layout whitespace), then a last report past character 1,000,000. Whitespace keeps
    # the parse quick (a run of it is one token); the length is what spaCy refuses.
    # Each report has a day of its own, so each is its own incident (one incident, one event).
    paragraphs = [
        f"On {i + 1} March 2024, " + (ATTACK if i % 2 else SHELLING) + " " * 98_000 + "\n\n"
        for i in range(11)
    ]
    text = "".join(paragraphs) + "On 20 March 2024, " + ATTACK
    assert len(text) > kit.nlp.max_length == 1_000_000
    assert len(text) > 10 * CHUNK_CHARS
    articles = [Article(id="before", text=SHELLING), Article(id="long", text=text),
                Article(id="after", text=ATTACK)]  # fmt: skip
    started = time.perf_counter()
    results = list(extract_many(articles, kit=kit))
    elapsed = time.perf_counter() - started
    assert [article.id for article, _ in results] == ["before", "long", "after"]
    events = results[1][1]
    assert len(events) == 12  # one per report, the last one included
    spans = [
        (evidence.start, evidence.end, evidence.text)
        for event in events
        for actor in event.actors
        for evidence in actor.mentions
    ] + [(claim.start, claim.end, claim.quote) for event in events for claim in event.claims]
    for start, end, quoted in spans:
        assert text[start:end] == quoted
    assert max(end for _, end, _ in spans) == len(text)  # the last report, past 1,000,000
    assert elapsed < 120, f"{elapsed:.0f} s for one long article"  # about 6 s unloaded


def test_a_dateline_opening_a_line_joins_the_sentence_after_it(kit: Kit) -> None:
    "'MISRATA:' begins the lead; glued to the headline above, it would hide the headline."
    from sitrep.extract import _sentences
    from sitrep.extract.parse import parse

    text = (
        "Misrata clashes wind down, dozens hurt\n\nMISRATA: Clashes between rival militias "
        "in central Misrata ended late on Sunday. Dozens were hurt."
    )
    spans = _sentences(parse(kit.nlp, text), text)
    assert [text[s:e].strip() for s, e in spans][:2] == [
        "Misrata clashes wind down, dozens hurt",
        "MISRATA: Clashes between rival militias in central Misrata ended late on Sunday.",
    ]


def test_the_other_side_of_fighting_with_a_force(kit: Kit) -> None:
    "'fighting with X' names X as the other side; 'clashes with residents' names no target."
    from sitrep.extract.parse import parse
    from sitrep.extract.roles import ParseRoles

    text = "The rebels took the town after heavy fighting with government forces on Sunday."
    doc = parse(kit.nlp, text)
    start = text.index("fighting")
    sides = ParseRoles().sides(doc, start, start + len("fighting"))
    forces = text.index("government forces")
    assert sides.side_of(forces, forces + len("government forces")) == "target"
    text = "Raiders burned two villages, leading to clashes with residents on Sunday."
    doc = parse(kit.nlp, text)
    start = text.index("clashes")
    sides = ParseRoles().sides(doc, start, start + len("clashes"))
    residents = text.index("residents")
    assert sides.side_of(residents, residents + len("residents")) is None
