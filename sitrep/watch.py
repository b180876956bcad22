"""Poll feeds and pages, and ingest only what is new: the library behind `sitrep watch`.

Each round reads every source (feed or page URL, feed file, any input `read_articles`
takes), leaves out the items the store has already seen (by id or URL before anything is
fetched, then by content hash, so a copy syndicated under another address is not stored
twice), extracts the rest and stores each article with its events. A source that is down,
answers an error, or serves a malformed feed costs only that source that round: it is
reported (a `ReadError` naming the source and the problem) and read again on the next round,
since nothing of it was stored. An article whose extraction or storing fails is reported the
same way and also tried again next round.

The clock, the sleep and the number of rounds are parameters, so a test can run several
rounds in no time against a server whose feed changes between them. Ctrl-C (KeyboardInterrupt)
is not caught here: it stops the loop between two articles, each of which is stored whole or
not at all, and the CLI turns it into a clean exit.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from sitrep.errors import ExtractionError, NotEnglish, ReadError, SitrepError
from sitrep.models import Article, Event
from sitrep.read import FetchPolicy, read_articles
from sitrep.store import Store, content_hash

__all__ = ["Round", "parse_interval", "watch", "watch_round"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")


def parse_interval(text: str) -> float:
    """Seconds in an interval written as `90`, `90s`, `10m`, `1h30m` or `1d`.

    Raises ValueError with the accepted forms for anything else (and for zero).
    """
    spec = text.strip().lower()
    parts = _INTERVAL.findall(spec)
    if not spec or _INTERVAL.sub("", spec).strip() or not parts:
        raise ValueError(f"{text!r} is not an interval; write e.g. 90s, 10m, 1h or 1h30m")
    seconds = sum(float(n) * _UNITS[unit or "s"] for n, unit in parts)
    if seconds <= 0:
        raise ValueError(f"{text!r} is not a positive interval")
    return seconds


@dataclass(frozen=True, slots=True, kw_only=True)
class Round:
    "What one round of watching did."

    number: int
    new: int  # articles stored
    events: int  # events stored with them
    seen: int  # items left out because the store already had them
    not_english: int  # items left out because they are not in English
    failed: tuple[SitrepError, ...]  # sources or items that failed; read again next round
    seconds: float  # how long the round took

    def summary(self) -> str:
        "One line for people: what was new, what was already there, what failed."
        line = (
            f"round {self.number}: {self.new} new article{_s(self.new)} "
            f"({self.events} event{_s(self.events)}), {self.seen} already seen"
        )
        if self.not_english:
            line += f", {self.not_english} not in English"
        if self.failed:
            line += f", {len(self.failed)} failed (retried next round)"
        return line + f" [{self.seconds:.1f} s]"


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def watch_round(
    sources: Sequence[str],
    *,
    store: Store,
    extract: Callable[[Article], list[Event]],
    number: int = 1,
    fetch_pages: bool | None = None,
    policy: FetchPolicy | None = None,
    clock: Callable[[], float] = time.monotonic,
    on_error: Callable[[SitrepError], None] | None = None,
) -> Round:
    "Read every source once and store what is new; see the module docstring."
    started = clock()
    counts = {"new": 0, "events": 0, "seen": 0, "not_english": 0}
    failed: list[SitrepError] = []

    def fail(err: SitrepError) -> None:
        failed.append(err)
        if on_error is not None:
            on_error(err)

    def skip(article_id: str, url: str | None) -> bool:
        known = store.seen(article_id=article_id) or (url is not None and store.seen(url=url))
        counts["seen"] += known
        return known

    for source in sources:
        for item in read_articles([source], fetch_pages=fetch_pages, skip=skip, policy=policy):
            if isinstance(item, NotEnglish):
                counts["not_english"] += 1
            elif isinstance(item, ReadError):
                fail(item)
            elif _known(store, item):
                counts["seen"] += 1
            else:
                stored = _store(item, store=store, extract=extract, fail=fail)
                if stored is not None:
                    counts["new"] += 1
                    counts["events"] += stored
    return Round(number=number, failed=tuple(failed), seconds=clock() - started, **counts)


def _known(store: Store, article: Article) -> bool:
    "Seen by id, by URL, or (a copy under another address) by content."
    return (
        store.seen(article_id=article.id)
        or (article.url is not None and store.seen(url=article.url))
        or store.seen(content_hash=content_hash(article))
    )


def _store(
    article: Article,
    *,
    store: Store,
    extract: Callable[[Article], list[Event]],
    fail: Callable[[SitrepError], None],
) -> int | None:
    "Extract and store one article; the number of events stored, or None if it failed."
    origin = article.origin or article.id
    try:
        events = extract(article)
    except SitrepError as err:
        fail(err)
        return None
    except Exception as err:  # one article's bug must not stop a watch that runs for days
        fail(ExtractionError(origin, err))
        return None
    try:
        result = store.ingest(article, events)
    except SitrepError as err:
        fail(err)
        return None
    return result.events


def watch(
    sources: Sequence[str],
    *,
    store: Store,
    extract: Callable[[Article], list[Event]],
    every: float,
    rounds: int | None = None,
    fetch_pages: bool | None = None,
    policy: FetchPolicy | None = None,
    sleep: Callable[[float], None] | None = None,
    clock: Callable[[], float] | None = None,
    on_error: Callable[[SitrepError], None] | None = None,
) -> Iterator[Round]:
    """Run a round every `every` seconds, `rounds` times (None: until interrupted).

    Yields each Round as it ends. Rounds start `every` seconds apart (start to start); a round
    that takes longer than that is followed at once by the next. There is no sleep after the
    last round. `sleep` and `clock` default to `time.sleep` and `time.monotonic`, looked up
    at call time.
    """
    sleep = sleep or time.sleep
    clock = clock or time.monotonic
    if every <= 0:
        raise ValueError("the interval between rounds must be positive")
    number = 0
    while rounds is None or number < rounds:
        number += 1
        started = clock()
        yield watch_round(
            sources,
            store=store,
            extract=extract,
            number=number,
            fetch_pages=fetch_pages,
            policy=policy,
            clock=clock,
            on_error=on_error,
        )
        if rounds is not None and number >= rounds:
            break
        sleep(max(0.0, started + every - clock()))
