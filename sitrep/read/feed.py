"""RSS and Atom feeds, and web pages by URL, to `Article` records.

A feed (RSS 0.9x-2.0, RSS 1.0, Atom; parsed by feedparser) gives one article per item: `id`
from the item's guid (or its link), `url` its link, `title`, `published` in the feed's own
offset, `outlet` the feed's title, and `text` from the item's content or summary HTML, read
by the same HTML reader as .html files. Many news feeds carry only a stub (a teaser of a
sentence or two in the summary, no content); with `fetch_pages`, an item with no content and a
summary shorter than `STUB_WORDS` words gets the linked page's article text instead, which is
what the extractors need. If the page is down for now, the item is left out (a ReadError) and
read whole on a later try; if it is gone for good (404, 403), the teaser is used.

A feed that is not well-formed XML is refused whole (`ReadError`), even where feedparser could
recover some items: a cut-off download recovers its last item without its text, and once
stored as seen, that item would never be read again with its text. Refused now, the whole
feed is read on the next try.

URLs are fetched by `sitrep.read.net.fetch` (only http(s), no private addresses for links
found in a feed, a total deadline per fetch); every failure (HTTP status, refused
connection, deadline, oversized body, refused link) is a `FetchError` naming the URL. An
item whose page link is refused (`RefusedURL`: file:, ftp:, data:, a private address) is its
own ReadError and the other items still come. Nothing here fetches anything unless a source
is a URL or `fetch_pages` is set.
"""

from __future__ import annotations

import contextlib
import email.utils
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import lxml.html

from sitrep.errors import FetchError, ReadError, RefusedURL
from sitrep.models import Article
from sitrep.read import files
from sitrep.read.fields import article_id, parse_published
from sitrep.read.html import read_html
from sitrep.read.net import Fetched, FetchPolicy, fetch, is_url

__all__ = [
    "FEED_SUFFIXES",
    "STUB_WORDS",
    "Skip",
    "is_feed",
    "is_url",
    "page_article",
    "read_feed",
    "read_feed_file",
    "read_url",
]

#: Suffixes of a named file read as a feed. Folders are not searched for them: a feed is a
#: source to name (or to watch), not a document lying among articles.
FEED_SUFFIXES = (".rss", ".atom", ".xml")

#: An item text shorter than this (in words) is a teaser; with fetch_pages its page is read.
STUB_WORDS = 100

#: `skip(article_id, url)`: True for an item already stored, so its page is not fetched again.
Skip = Callable[[str, str | None], bool]

_FEED_TYPES = ("rss", "atom", "rdf", "/xml", "+xml")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")
# feedparser's notes that are not about well-formedness: a declared encoding it overrode.
_HARMLESS = (feedparser.CharacterEncodingOverride,)


def is_feed(body: bytes, content_type: str = "") -> bool:
    "True when a body is a feed: by its declared type, or by its root element."
    kind = content_type.split(";")[0].strip().lower()
    if any(marker in kind for marker in _FEED_TYPES) and "html" not in kind:
        return True
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return bool(_FEED_ROOT.search(head)) and not head.lower().startswith(
        (b"<!doctype html", b"<html")
    )


def read_url(
    url: str,
    *,
    fetch_pages: bool = True,
    skip: Skip | None = None,
    policy: FetchPolicy | None = None,
) -> Iterator[Article | ReadError]:
    """The items of a feed URL, or the article of a web page URL; a ReadError if it fails.

    `url` is the user's own choice (a source named on the command line), so its address is
    not checked; the links inside the feed are (see `sitrep.read.net`).
    """
    try:
        fetched = fetch(url, policy=policy, user_named=True)
    except ReadError as err:
        yield err
        return
    if is_feed(fetched.body, fetched.content_type):
        yield from read_feed(
            fetched.body, origin=url, fetch_pages=fetch_pages, skip=skip, policy=policy
        )
        return
    try:
        yield page_article(fetched, origin=url)
    except ReadError as err:
        yield err


def page_article(fetched: Fetched, *, origin: str) -> Article:
    "The article of a fetched web page; its URL is the page's own or the one it came from."
    charset = re.search(r"charset=([\w.-]+)", fetched.content_type, re.I)
    try:
        content = fetched.body.decode(charset.group(1) if charset else "utf-8", errors="replace")
    except LookupError:  # an unknown charset name
        content = fetched.body.decode("utf-8", errors="replace")
    article = read_html(files.check_text(content, origin=origin), origin=origin)
    if article.url is None:
        article = replace(article, url=fetched.url)
    return article


def read_feed_file(
    path: Path,
    *,
    origin: str,
    fetch_pages: bool = False,
    skip: Skip | None = None,
    policy: FetchPolicy | None = None,
) -> Iterator[Article | ReadError]:
    "The items of a feed file; bytes go to feedparser as they are, so it reads the encoding."
    try:
        files.check_size(path.stat().st_size, origin=origin)
        body = path.read_bytes()
    except ReadError as err:
        yield err
        return
    except OSError as err:
        yield ReadError(origin, f"cannot be read ({err.strerror or err})")
        return
    yield from read_feed(body, origin=origin, fetch_pages=fetch_pages, skip=skip, policy=policy)


def read_feed(
    body: bytes,
    *,
    origin: str,
    fetch_pages: bool = False,
    skip: Skip | None = None,
    policy: FetchPolicy | None = None,
) -> Iterator[Article | ReadError]:
    """Every item of an RSS or Atom feed as an Article, or one ReadError for a bad feed.

    Items for which `skip(id, url)` is true are left out before any page is fetched. An item
    with no text (and no page to read it from), or whose page link is refused, is its own
    ReadError; the others still come. Pages are fetched under `policy`, as links found in a
    feed: never from a private address unless the policy allows it.
    """
    if not body.strip():
        yield ReadError(origin, "is empty; a feed was expected")
        return
    parsed = feedparser.parse(body)  # bytes, never a string: a string can be taken as a URL
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(problem, _HARMLESS):
        yield ReadError(
            origin,
            f"is not a well-formed feed ({_reason(problem)}); nothing was read from it, "
            "so it can be read whole once it is fixed",
        )
        return
    if not parsed.get("version") and not parsed.entries:
        yield ReadError(origin, "is not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF>)")
        return
    channel = parsed.get("feed", {})
    outlet = _plain(channel.get("title"))
    language = channel.get("language") or None
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{origin} item {number}"
        guid = (entry.get("id") or entry.get("link") or "").strip() or None
        url = (entry.get("link") or "").strip() or None
        if skip is not None and guid is not None and skip(article_id(guid), url):
            continue
        try:
            yield _item_article(
                entry,
                origin=where,
                guid=guid,
                url=url,
                outlet=outlet,
                language=language,
                fetch_pages=fetch_pages,
                policy=policy,
            )
        except ReadError as err:
            yield err


def _item_article(
    entry: Any,
    *,
    origin: str,
    guid: str | None,
    url: str | None,
    outlet: str | None,
    language: str | None,
    fetch_pages: bool,
    policy: FetchPolicy | None,
) -> Article:
    title = _plain(entry.get("title"))
    content = _content_html(entry)
    text = _html_text(content or entry.get("summary") or "")
    published = _entry_date(entry)
    if fetch_pages and url and not content and len(text.split()) < STUB_WORDS:
        page = _page(url, origin=origin, policy=policy)
        if page is not None and len(page.text) > len(text):
            text = page.text
            title = title or page.title
            published = published or page.published
    if not text.strip():
        raise ReadError(origin, "has no text (no content or summary)")
    return Article(
        id=article_id(guid or text),
        text=text,
        published=published,
        outlet=outlet,
        title=title,
        url=url,
        language=language,
        origin=origin,
    )


def _page(url: str, *, origin: str, policy: FetchPolicy | None) -> Article | None:
    """The linked page's article, or None when it is gone for good or has no article text.

    A page that is down for now raises ReadError, so the item waits for a later try instead
    of being stored (and marked seen) with its teaser only. So does a refused link: the
    item is reported and left out rather than stored as if its page were gone.
    """
    try:
        return page_article(fetch(url, policy=policy), origin=url)
    except RefusedURL as err:
        raise ReadError(
            origin, f"has only a teaser, and its link was refused ({err}); the item is left out"
        ) from None
    except FetchError as err:
        if err.transient:
            raise ReadError(
                origin,
                f"has only a teaser and its page could not be read now ({err}); it is left "
                "out so it can be read whole next time",
            ) from None
        return None
    except ReadError:  # a page without article text: the teaser is all there is
        return None


def _content_html(entry: Any) -> str:
    "The item's full content (Atom <content>, RSS content:encoded), the longest if several."
    contents = [c.get("value") or "" for c in entry.get("content") or ()]
    return max(contents, key=len, default="").strip()


def _html_text(html: str) -> str:
    """Plain text of an item's HTML, read by the .html reader (paragraphs become lines).

    The fragment is wrapped in a page so trafilatura sees an article; if it finds nothing (a
    fragment of one short line can fall under its thresholds), the fragment's own text is used.
    """
    if not html.strip():
        return ""
    page = f"<html><body><article>{html}</article></body></html>"
    try:
        return read_html(page, origin="<feed item>").text
    except ReadError:
        pass
    try:
        return " ".join(
            lxml.html.fragment_fromstring(html, create_parent="div").text_content().split()
        )
    except Exception:  # lxml on arbitrary markup: fall back to the raw string
        return " ".join(html.split())


def _plain(value: str | None) -> str | None:
    "A feed title as plain text (feedparser keeps HTML in titles of type html)."
    if not value or not value.strip():
        return None
    if "<" in value:
        with contextlib.suppress(Exception):  # lxml on arbitrary markup: keep the string
            value = lxml.html.fragment_fromstring(value, create_parent="span").text_content()
    return " ".join(value.split()) or None


def _entry_date(entry: Any) -> date | None:
    """The item's publication date in its own offset (as for .html and .json articles).

    Atom dates are ISO 8601, RSS dates RFC 822; feedparser's parsed tuple is in UTC, which
    can be the day after the outlet's own date, so it is only the last resort.
    """
    for key in ("published", "updated", "created"):
        raw = (entry.get(key) or "").strip()
        if not raw:
            continue
        if parsed := parse_published(raw):
            return parsed
        try:
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
        when = entry.get(f"{key}_parsed")
        if when:
            return date(when.tm_year, when.tm_mon, when.tm_mday)
    return None


def _reason(err: object) -> str:
    "A short reason from an exception or a socket error, without Python's class names."
    if isinstance(err, BaseException):
        if isinstance(getattr(err, "reason", None), BaseException | str):
            return _reason(err.reason)  # type: ignore[attr-defined]
        text = getattr(err, "strerror", None) or str(err) or type(err).__name__
        line = getattr(err, "getLineNumber", None)
        if callable(line):
            return f"line {line()}, column {err.getColumnNumber()}: {err.getMessage()}"  # type: ignore[attr-defined]
        return " ".join(str(text).split())  # one line: some reasons span several
    return " ".join(str(err).split())
