"""Web pages (.html/.htm): the article's main text and its metadata, offline.

trafilatura is used as a library on the page already on disk; it never fetches anything.
It keeps the article body and drops navigation, asides, footers and comments, which would
otherwise feed the extractors place names and figures from unrelated stories.
"""

from __future__ import annotations

from typing import Any

import lxml.etree
import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import HTML_PARSER

from sitrep.errors import ReadError
from sitrep.models import Article
from sitrep.read.fields import article_id, parse_published

__all__ = ["read_html"]

# Only the page's own date markers: trafilatura's extensive search would also pick up dates
# written in the body ("On 3 May ..."), which are event dates, not the publication date.
_DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}

_PUBLISHED_META = ("article:published_time", "date", "pubdate", "dc.date", "dc.date.issued")


def read_html(content: str, *, origin: str) -> Article:
    "The article in a decoded HTML page; raises ReadError when the page has no article text."
    try:
        tree = trafilatura.load_html(content)
    except (RecursionError, lxml.etree.LxmlError, ValueError) as err:
        raise ReadError(origin, f"could not be parsed as HTML ({err})") from err
    if tree is None:
        raise ReadError(origin, "could not be parsed as HTML")
    if _too_deep():
        # libxml2 stops at 256 levels of nesting and drops the rest of the page, so whatever
        # text it kept is not the page's article (and is usually nothing).
        raise ReadError(
            origin,
            "has HTML nested too deeply to parse (over 255 elements deep); "
            "the page is broken or made to break parsers",
        )
    meta = _meta_tags(tree)  # read first: extraction prunes the tree it is given
    try:
        doc = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as err:
        # A third-party parser on arbitrary input: whatever it raises, one page must not stop
        # a batch.
        raise ReadError(origin, f"could not be parsed as HTML ({err})") from err
    text = (doc.text or "").strip() if isinstance(doc, Document) else ""
    if not isinstance(doc, Document) or not text:
        raise ReadError(origin, "no article text found in the HTML")

    title = _first(doc.title, meta.get("og:title"), _title_tag(tree))
    published = None
    for value in (doc.date, *(meta.get(key) for key in _PUBLISHED_META)):
        if value and (published := parse_published(value)):
            break
    # The headline is usually repeated as the body's first line; drop it so that, as for
    # .txt files, `text` is the body and `title` is the headline.
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()) == " ".join(title.split()):
        text = rest.strip()
    return Article(
        id=article_id(text),
        text=text,
        published=published,
        outlet=_first(meta.get("og:site_name"), doc.sitename),
        title=title,
        url=_first(doc.url, meta.get("og:url")),
        origin=origin,
    )


def _too_deep() -> bool:
    "True when the last parse hit libxml2's nesting limit (the log is trafilatura's parser's)."
    limit = lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT
    return any(entry.type == limit and "depth" in entry.message for entry in HTML_PARSER.error_log)


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    "The page's <meta property|name=... content=...> pairs, keys lower-cased; first one wins."
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            tags.setdefault(key.strip().lower(), content.strip())
    return tags


def _title_tag(tree: HtmlElement) -> str | None:
    element = tree.find(".//title")
    return element.text_content() if element is not None else None


def _first(*values: str | None) -> str | None:
    "The first value that is a non-blank string, stripped."
    for value in values:
        if value and value.strip():
            return value.strip()
    return None
