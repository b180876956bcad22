"""One exception tree for Sitrep. Each message names the situation and what to do.

    SitrepError
    ├── ReadError          an input file or line could not be read as an article
    │   ├── NotEnglish     the article is not in English, so nothing is extracted from it
    │   └── FetchError     a URL could not be fetched (down, an HTTP error, a timeout)
    │       └── RefusedURL a link Sitrep will not fetch (not http(s), a private address)
    ├── ContractError      a record would break the data contract (a bug, never user input)
    ├── ExtractionError    extraction failed on one article (a bug: reported, batch goes on)
    ├── GoldError          a gold file for `sitrep evaluate` is malformed
    ├── ResourceError      a packaged model or lexicon is missing or broken
    ├── ExportError        an export cannot be written (unknown format, unwritable file)
    ├── StoreError         the event store cannot be opened, migrated or written
    │   ├── StoreFailure   the store itself fails (disk full, damaged file, I/O, server
    │   │                  gone), not one article: a batch stops at the first one
    │   └── StoreUnreachable  the database stayed unreachable too long; the run stops
    ├── DaskMissing        `--dask` was asked for but Dask (an optional extra) is not installed
    ├── ReviewError        a reviewer's correction or verdict cannot be applied
    ├── StatsError         a summary cannot be made as asked (a grouping or chart format
    │                      Sitrep does not have)
    └── FilterError        a filter names a country, actor, region or type nobody knows, or is
                           malformed; the message names the closest known values

The CLI turns these into messages and exit codes in one place (`sitrep.cli_errors`). Every message
is one line: names and problems go through `printable`, so a file name with a newline in it
cannot forge a second line on stderr.
"""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with every non-printable character escaped as Python writes it (\\n, \\x1b, \\udc80).

    File names and JSON values are chosen by whoever made the input: a newline in one would
    start a forged line in a batch's report, an escape sequence would drive the terminal, and
    a lone surrogate (a non-UTF-8 byte in a file name) would not even encode. Spaces and
    printable non-ASCII letters are kept, so ordinary names read as they are.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class SitrepError(Exception):
    "Base of every error Sitrep raises on purpose."


class ReadError(SitrepError):
    "An input could not be read as an article; the message names the file (and line)."

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{printable(origin)}: {printable(problem)}")
        self.origin = origin
        self.problem = problem

    def __reduce__(self) -> tuple:
        # Errors cross process boundaries (worker processes, Dask) as values; the default
        # pickling calls __init__ with the message alone, which this signature refuses.
        return (type(self), (self.origin, self.problem), self.__dict__)


class NotEnglish(ReadError):
    "The article is not in English; Sitrep's extractors read English only."


class FetchError(ReadError):
    """A URL could not be fetched; `transient` when trying again later may work (a server
    error, a refused connection, a timeout) rather than never (404, 403)."""

    def __init__(self, origin: str, problem: str, *, transient: bool) -> None:
        super().__init__(origin, problem)
        self.transient = transient

    def __reduce__(self) -> tuple:
        return (_fetch_error, (self.origin, self.problem, self.transient))


def _fetch_error(origin: str, problem: str, transient: bool) -> FetchError:
    return FetchError(origin, problem, transient=transient)


class RefusedURL(FetchError):
    """A URL Sitrep will not fetch: not http or https, or (without allow_private) an address
    that is loopback, link-local or private. Never transient: the link itself is the problem."""

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(origin, problem, transient=False)


class ContractError(SitrepError, ValueError):
    "A record would break an invariant of shared/spec/events.md."


class ExtractionError(SitrepError):
    "Extraction failed on one article; the batch goes on without it. Please report it."

    def __init__(self, origin: str, cause: BaseException) -> None:
        super().__init__(
            f"{printable(origin)}: extraction failed "
            f"({type(cause).__name__}: {printable(str(cause))}); "
            "the article was skipped — please report this with the article"
        )
        self.origin = origin
        self.cause = cause

    def __reduce__(self) -> tuple:
        return (type(self), (self.origin, self.cause))


class GoldError(SitrepError):
    "A gold file for evaluation is malformed."


class ResourceError(SitrepError):
    "A packaged resource (spaCy model, lexicon) is missing or broken; reinstall Sitrep."


class StoreError(SitrepError):
    "The event store cannot be opened, migrated or written; the message says which and why."


class StoreFailure(StoreError):
    """The store itself cannot go on: its disk is full, its file is damaged, it cannot be
    written, or its server is gone. Unlike a refused article, every later write would fail
    the same way, so a batch stops at the first one (what it stored before stays stored)."""


class StoreUnreachable(StoreError):
    """The store stayed unreachable longer than the writer would wait; the run stops (it can
    be run again: every article written so far is kept)."""


class DaskMissing(SitrepError):
    "`--dask` was asked for, but Dask is not installed: pip install 'sitrep[dask]'."


class ExportError(SitrepError):
    "An export cannot be written: an unknown format, or an output file that cannot be opened."


class ReviewError(SitrepError, ValueError):
    """A correction or verdict cannot be applied: an unknown field, a value of the wrong shape,
    or a token name already taken; the message names the field and what it accepts."""


class StatsError(SitrepError, ValueError):
    """A summary cannot be made as asked: a grouping Sitrep does not have, or a chart file
    it cannot write; the message names what it can do instead."""


class FilterError(SitrepError, ValueError):
    """A filter's value is unknown (no lexicon and no stored event has it) or malformed.

    `field` is the filter's name in `sitrep.store.query.Filters` ("country", "event_type"),
    so each shell can name its own option or parameter (`--country`, `?country=`) in front of
    the message; `suggestions` are the closest known values, best first, also in the message.
    """

    def __init__(self, field: str, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(printable(message))
        self.field = field
        self.suggestions = suggestions

    def __reduce__(self) -> tuple:
        return (type(self), (self.field, str(self), self.suggestions))
