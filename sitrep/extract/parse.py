"""Text to spaCy Doc, for texts of any length: where an article's text meets the NLP pipeline.

spaCy refuses a text over `nlp.max_length` characters (1,000,000 by default; E088), because
its parser and entity recogniser need about 1 GB of memory per 100,000 characters. An article
over that limit (a long report, a transcript; the reader allows up to 20 MB) is parsed in
chunks of at most `CHUNK_CHARS`, cut at paragraph, line or sentence boundaries, and the chunk
Docs are joined with `Doc.from_docs`. The joined Doc's text is the original text, character
for character, so every evidence offset taken from it slices the article's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["CHUNK_CHARS", "chunks", "parse", "parse_many"]

#: Longest chunk of an over-long text: well under spaCy's 1,000,000-character limit, so the
#: parser's memory for one chunk stays near 1 GB whatever the article's length.
CHUNK_CHARS = 100_000

# Where a chunk may end, best first: after a blank line, a line break, a sentence, a space.
_BOUNDARIES = ("\n\n", "\n", ". ", " ")

Context = TypeVar("Context")


def parse(nlp: Any, text: str) -> Any:
    "The Doc of `text`; over `nlp.max_length` it is parsed in chunks joined into one Doc."
    if len(text) <= nlp.max_length:
        return nlp(text)
    from spacy.tokens import Doc

    return Doc.from_docs(list(nlp.pipe(chunks(text))), ensure_whitespace=False)


def parse_many(
    nlp: Any, items: Iterable[tuple[str, Context]], *, batch_size: int = 32
) -> Iterator[tuple[Any, Context]]:
    """`nlp.pipe(items, as_tuples=True)`, in order, with over-long texts parsed by `parse`.

    Texts within the limit still go through `nlp.pipe` in batches, which is what makes a
    batch fast; lazily, so a caller that stores each article as it comes keeps doing so.
    """
    batch: list[tuple[str, Context]] = []
    for text, context in items:
        if len(text) > nlp.max_length:
            yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
            batch = []
            yield parse(nlp, text), context
            continue
        batch.append((text, context))
        if len(batch) == batch_size:
            yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)
            batch = []
    yield from nlp.pipe(batch, as_tuples=True, batch_size=batch_size)


def chunks(text: str, *, size: int = CHUNK_CHARS) -> list[str]:
    """`text` cut into pieces of at most `size` characters that join back into `text`.

    Each piece ends at the last boundary within `size` (a blank line, else a line break,
    else a sentence end, else a space), so a sentence is split only when a paragraph of
    `size` characters has none; the boundary stays with the piece before it.
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for boundary in _BOUNDARIES:
            found = text.rfind(boundary, start + 1, end)
            if found != -1:
                end = found + len(boundary)
                break
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces
