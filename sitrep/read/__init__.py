"""Input: files, folders and stdin to `Article` records. No NLP happens here.

One module per format (`text`, `html`, `jsonl`, `feed`); this module finds the files, dispatches
by suffix, and applies what is common to every article: `--published`/`--outlet` defaults and
the English-only check. An http(s) URL, or a file named with a feed suffix (.rss, .atom,
.xml), goes to `feed`, which reads RSS/Atom feeds and web pages. Bad input is yielded as a
`ReadError`, never raised, so one bad article never stops a batch; the caller reports the
errors and goes on.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

from sitrep.errors import NotEnglish, ReadError
from sitrep.models import Article
from sitrep.read import feed, files, jsonl, language
from sitrep.read.fields import normalise, parse_published
from sitrep.read.html import read_html
from sitrep.read.net import FetchPolicy
from sitrep.read.text import read_txt

__all__ = ["SUFFIXES", "FetchPolicy", "parse_published", "read_articles"]

#: The suffixes read inside folders. An explicitly named file with another suffix is read as
#: plain text (if it is UTF-8 text), since the user asked for that file.
SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")

STDIN_ORIGIN = "<stdin>"


def read_articles(
    sources: Iterable[str | Path],
    *,
    published: date | None = None,
    outlet: str | None = None,
    stdin: TextIO | None = None,
    fetch_pages: bool | None = None,
    skip: feed.Skip | None = None,
    policy: FetchPolicy | None = None,
) -> Iterator[Article | ReadError]:
    """Every article in `sources`, in order, with a ReadError in place of each bad one.

    A source is a file, a folder (read recursively, files sorted by path, only SUFFIXES,
    hidden files and folders skipped) or "-" for `stdin` (default `sys.stdin`). `published`
    and `outlet` fill those fields only where the article has none. Each article's strings are
    cleaned (`fields.normalise`: NUL, other control characters and lone surrogates become
    U+FFFD), then it is checked to be English (`NotEnglish`, a ReadError, otherwise) and
    gets `language="en"`.

    A source may also be an RSS/Atom feed (a file, or an http(s) URL) or a web page URL; see
    `sitrep.read.feed`. `fetch_pages` reads the linked page of a feed item that has only a
    teaser; by default it does so for feeds read from a URL, not for feed files. `skip(id,
    url)` leaves out feed items already stored, before their pages are fetched. Every fetch
    keeps to `policy` (default `FetchPolicy()`: a 30 s deadline, no private addresses for
    links found in feeds); a URL in `sources` is the caller's own choice and is fetched
    whatever its address, so never pass URLs from an untrusted party as sources.
    """
    if isinstance(sources, str | Path):  # one path, not an iterable of its characters
        sources = [sources]
    for source in sources:
        for item in _read_source(
            source, stdin=stdin, fetch_pages=fetch_pages, skip=skip, policy=policy
        ):
            if isinstance(item, ReadError):
                yield item
                continue
            article = dataclasses.replace(
                item, published=item.published or published, outlet=item.outlet or outlet
            )
            try:
                yield language.ensure_english(normalise(article))
            except NotEnglish as err:
                yield err


def _read_source(
    source: str | Path,
    *,
    stdin: TextIO | None,
    fetch_pages: bool | None = None,
    skip: feed.Skip | None = None,
    policy: FetchPolicy | None = None,
) -> Iterator[Article | ReadError]:
    if isinstance(source, str) and source == "-":
        stream = stdin if stdin is not None else sys.stdin
        if stream is None:  # Python sets sys.stdin to None when it starts with fd 0 closed
            yield ReadError(STDIN_ORIGIN, "is closed; pipe articles in, or name files to read")
            return
        yield from _read_stdin(stream)
        return
    if isinstance(source, str) and feed.is_url(source):
        yield from feed.read_url(
            source, fetch_pages=fetch_pages is not False, skip=skip, policy=policy
        )
        return
    origin = os.fspath(source)
    if not origin:
        yield ReadError('""', "is an empty path; name a file, a folder or - for stdin")
        return
    path = Path(source)
    try:
        is_dir = stat.S_ISDIR(path.stat().st_mode)
    except OSError as err:
        yield ReadError(origin, _not_found(path, err))
        return
    if is_dir:
        found = _folder_files(path)
        if not found:
            yield ReadError(origin, f"is a folder with no {', '.join(SUFFIXES)} files in it")
        for file in found:
            if isinstance(file, ReadError):
                yield file
            else:
                yield from _read_file(
                    file, origin=str(file), fetch_pages=fetch_pages, skip=skip, policy=policy
                )
    else:
        yield from _read_file(
            path, origin=origin, fetch_pages=fetch_pages, skip=skip, policy=policy
        )


def _not_found(path: Path, err: OSError) -> str:
    "Why a path named as a source cannot be opened: missing, a broken or looping link, denied."
    if err.errno == errno.ENOENT:
        if path.is_symlink():
            return f"is a broken symlink (to {os.readlink(path)}, which does not exist)"
        return "does not exist; check the path"
    return files.unreadable(err)


def _folder_files(folder: Path) -> list[Path | ReadError]:
    """Readable files under `folder`, sorted by path, so a batch's order never depends on the OS.

    A subfolder that cannot be listed (no permission, an I/O error) is a ReadError in its
    place: its articles are missing from the batch, and the user must hear of it.
    """
    found: list[Path | ReadError] = []

    def unlisted(err: OSError) -> None:
        where = err.filename if err.filename is not None else folder
        found.append(ReadError(os.fsdecode(where), f"is a folder that {files.unreadable(err)}"))

    # os.walk does not follow symlinked folders, so a link loop cannot make the walk endless.
    for dirpath, dirnames, filenames in os.walk(folder, onerror=unlisted):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]  # .git, .ipynb_checkpoints
        found.extend(
            Path(dirpath, name)
            for name in filenames
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES
        )
    return sorted(
        found, key=lambda item: Path(item.origin) if isinstance(item, ReadError) else item
    )


def _read_file(
    path: Path,
    *,
    origin: str,
    fetch_pages: bool | None = None,
    skip: feed.Skip | None = None,
    policy: FetchPolicy | None = None,
) -> Iterator[Article | ReadError]:
    suffix = path.suffix.lower()
    if suffix in feed.FEED_SUFFIXES:
        yield from feed.read_feed_file(
            path, origin=origin, fetch_pages=bool(fetch_pages), skip=skip, policy=policy
        )
        return
    if suffix == ".jsonl":
        yield from jsonl.read_jsonl(files.numbered_lines(path, origin=origin), origin=origin)
        return
    try:
        content = files.load(path, origin=origin)
        if suffix == ".json":
            yield from jsonl.read_json(content, origin=origin)
        elif suffix in (".html", ".htm"):
            yield read_html(content, origin=origin)
        else:
            yield read_txt(content, origin=origin)
    except ReadError as err:
        yield err


def _read_stdin(stream: TextIO) -> Iterator[Article | ReadError]:
    """Stdin as JSON or JSON Lines when it starts with "{" or "[", else as one .txt article.

    Bytes are read from the binary buffer when there is one, so non-UTF-8 input gets the
    same message as a file instead of a decoding traceback.
    """
    origin = STDIN_ORIGIN
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            content = files.decode(buffer.read(), origin=origin)
        else:
            content = files.check_text(stream.read(), origin=origin)
    except ReadError as err:
        yield err
        return
    except (OSError, ValueError) as err:  # a closed or unreadable stream (EBADF, EIO, EISDIR)
        yield ReadError(origin, f"cannot be read ({files.describe(err)})")
        return
    head = content.lstrip()[:1]
    if head == "{" and _is_json_lines(content):
        lines = enumerate(content.split("\n"), start=1)  # not splitlines(): JSON may hold U+2028
        yield from jsonl.read_jsonl(lines, origin=origin)
        return
    try:
        files.check_size(len(content.encode("utf-8")), origin=origin)
    except ReadError as err:
        yield err
        return
    if head in ("{", "["):
        yield from jsonl.read_json(content, origin=origin)
    else:
        yield read_txt(content, origin=origin)


def _is_json_lines(content: str) -> bool:
    """True when stdin is JSON Lines rather than one (possibly pretty-printed) JSON object.

    JSON Lines is not one JSON document, but its first line is one; a pretty-printed object,
    valid or not, has a first line ("{") that is not, so it gets one error, not one per line.
    """
    try:
        jsonl.loads(content)
    except (ValueError, RecursionError):
        first_line = content.lstrip().split("\n", 1)[0]
        try:
            jsonl.loads(first_line)
        except (ValueError, RecursionError):
            return False
        return True
    return False
