"""Bytes on disk (or stdin) to text, with the checks every format shares.

Each check turns a file that is not an article into one `ReadError` that names the file and
says what to do, before any format reader sees it: too big, binary, not UTF-8, or empty.
"""

from __future__ import annotations

import codecs
import errno
from collections.abc import Iterator
from pathlib import Path

from sitrep.errors import ReadError

__all__ = [
    "MAX_BYTES",
    "SYMLINK_LOOP",
    "check_size",
    "check_text",
    "decode",
    "describe",
    "load",
    "numbered_lines",
    "unreadable",
]

#: Largest article Sitrep reads (the same 20 MB cap trafilatura uses for downloads). A file
#: over it is almost always a database dump or a media file given by mistake.
MAX_BYTES = 20_000_000

# NUL bytes never occur in text, and the first 8 KB is enough to catch PDFs, images, archives.
_SNIFF_BYTES = 8192
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


#: The problem of a path whose symlinks lead back to themselves (ELOOP).
SYMLINK_LOOP = "is a symlink loop (its links lead back to themselves); fix or remove the link"


def describe(err: BaseException) -> str:
    "The reason in an OS error, as the system words it ('Permission denied'), one line."
    reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
    return " ".join(str(reason).split())


def unreadable(err: OSError) -> str:
    "The problem of a path that could not be opened or read, as a ReadError states it."
    if err.errno == errno.ELOOP:
        return SYMLINK_LOOP
    return f"cannot be read ({describe(err)})"


def check_size(size: int, *, origin: str) -> None:
    "Refuse an input over MAX_BYTES, so one stray file cannot exhaust memory."
    if size > MAX_BYTES:
        raise ReadError(
            origin,
            f"is over the 20 MB limit ({size / 1e6:.1f} MB); no single article is that big, "
            "so check that this is the input you meant",
        )


def load(path: Path, *, origin: str) -> str:
    "The whole text of one file, after the size check (by stat, before reading) and `decode`."
    try:
        check_size(path.stat().st_size, origin=origin)
        raw = path.read_bytes()
    except OSError as err:
        raise ReadError(origin, unreadable(err)) from err
    return decode(raw, origin=origin)


def decode(raw: bytes, *, origin: str) -> str:
    "UTF-8 text without a BOM; raises ReadError for binary, UTF-16, non-UTF-8 or empty input."
    _sniff(raw[:_SNIFF_BYTES], origin=origin)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ReadError(origin, _not_utf8(raw, err.start, offset=err.start)) from None
    return check_text(text, origin=origin)


def check_text(text: str, *, origin: str) -> str:
    "Text without its BOM (editors on Windows add one); raises ReadError if nothing is left."
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ReadError(origin, "is empty" if not text else "has only whitespace, no article text")
    return text


def numbered_lines(path: Path, *, origin: str) -> Iterator[tuple[int, str] | ReadError]:
    """The lines of a .jsonl file as (line number, text), streamed, one error per bad line.

    JSON Lines files are batches, so they are not held whole in memory and the 20 MB limit
    applies to each line (one article), not to the file. A line that is not UTF-8 spoils only
    itself; the other lines are still read.
    """
    try:
        with path.open("rb") as f:
            try:
                _sniff(f.read(_SNIFF_BYTES), origin=origin)
            except ReadError as err:
                yield err
                return
            f.seek(0)
            offset = 0
            seen_text = False
            for lineno, raw in enumerate(f, start=1):
                where = f"{origin}:{lineno}"
                start = offset
                offset += len(raw)
                if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                    start += len(codecs.BOM_UTF8)
                if raw.strip():
                    seen_text = True
                try:
                    check_size(len(raw), origin=where)
                    yield lineno, raw.decode("utf-8")
                except ReadError as err:
                    yield err
                except UnicodeDecodeError as err:
                    yield ReadError(where, _not_utf8(raw, err.start, offset=start + err.start))
    except OSError as err:
        yield ReadError(origin, unreadable(err))
        return
    if not seen_text:
        yield ReadError(origin, "is empty" if offset == 0 else "has only whitespace, no articles")


def _sniff(head: bytes, *, origin: str) -> None:
    if head.startswith(_UTF16_BOMS):
        raise ReadError(origin, "is UTF-16 text, not UTF-8; save it as UTF-8")
    if b"\x00" in head:
        if _utf16_without_bom(head):
            raise ReadError(
                origin, "is UTF-16 text without a byte-order mark, not UTF-8; save it as UTF-8"
            )
        raise ReadError(origin, "looks like a binary file, not an article")


def _utf16_without_bom(head: bytes) -> bool:
    """True when `head` reads as UTF-16 text although it has no byte-order mark.

    Text in a Latin script saved as UTF-16 has a NUL in nearly every other byte, all on one
    side (odd offsets little-endian, even ones big-endian), and decodes to printable text.
    A binary file's NULs fall on both sides, or its bytes decode to control characters.
    """
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return False
    pairs = len(head) // 2
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= pairs * 0.3 and others <= pairs * 0.02:
            text = head.decode(codec, errors="replace")
            return sum(ch.isprintable() or ch.isspace() for ch in text) >= len(text) * 0.95
    return False


def _not_utf8(raw: bytes, index: int, *, offset: int) -> str:
    return f"is not UTF-8 text (byte 0x{raw[index]:02x} at offset {offset}); save it as UTF-8"
