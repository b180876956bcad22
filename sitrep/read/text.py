"""Plain-text articles (.txt, stdin): the contract's title-line rule.

A .txt file carries no metadata, so the only structure read from it is the headline: a short
first line with no final period is the title, and the text starts after it.
"""

from __future__ import annotations

from sitrep.models import Article
from sitrep.read.fields import article_id

__all__ = ["read_txt", "split_title"]

#: Longest first line that can still be a headline; longer ones are a first paragraph.
MAX_TITLE_CHARS = 150

_SENTENCE_ENDS = (".", "!", "?", "…")
_CLOSING_QUOTES = "\"'”’»"


def read_txt(content: str, *, origin: str) -> Article:
    "The article in a decoded .txt file; `origin` is the path as given, or <stdin>."
    title, text = split_title(content)
    return Article(id=article_id(text), text=text, title=title, origin=origin)


def split_title(content: str) -> tuple[str | None, str]:
    """(title, text) by the contract's rule: a short first line with no final period is a title.

    Line breaks are normalised first (\\r\\n and \\r to \\n) so Windows and old Mac files give
    the same text, and so the same evidence offsets, as Unix ones.
    """
    content = content.replace("\r\n", "\n").replace("\r", "\n").strip()
    first, _, rest = content.partition("\n")
    first, body = first.strip(), rest.strip()
    if body and len(first) <= MAX_TITLE_CHARS and not _ends_sentence(first):
        return first, body
    return None, content


def _ends_sentence(line: str) -> bool:
    # 'He said "they fled."' ends a sentence too: look through closing quotes.
    return line.rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_ENDS)
