"""Poll feeds and pages, and ingest only what is new: the library behind `sitrep watch`.

Each round reads every source (feed or page URL, feed file, any input `read_articles`
takes), leaves out the items the store has already seen (by id or URL before anything is
fetched, then by content hash, so a copy syndicated under another address is not stored
twice), extracts the rest and stores each article with its events. A source that is down,
answers an error, or serves a malformed feed costs only that source that round: it is
reported (a `ReadError` naming the source and the problem) and read again on the next round,
since nothing of it was stored. An article whose extraction or storing fails is reported the
same way and also tried again next round.

Sources are read independently, each in its own thread (up to `PARALLEL_SOURCES` at once),
and every fetch ends by its deadline (`FetchPolicy.deadline`), so a source that hangs or
trickles costs only itself: the other sources' items are extracted and stored as they come.
A source may be read for `every` seconds in a round; one with many slow pages stops between
two items then, so it cannot hold every other source's next round for items × deadline.
Only the calling thread touches the store; a reader that asks whether an item is already
stored waits for the answer from it.

The clock, the sleep and the number of rounds are parameters, so a test can run several
rounds in no time against a server whose feed changes between them. Ctrl-C (KeyboardInterrupt)
is not caught here: it stops the loop between two articles, each of which is stored whole or
not at all, and the CLI turns it into a clean exit.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field

from sitrep.errors import ExtractionError, NotEnglish, ReadError, SitrepError
from sitrep.models import Article, Event
from sitrep.read import FetchPolicy, read_articles
from sitrep.store import Store, content_hash

__all__ = ["PARALLEL_SOURCES", "Round", "parse_interval", "watch", "watch_round"]

#: Sources read at the same time. Below this many stuck sources, a slow one delays no other
#: at all; beyond it, each still ends by its fetch deadline, so a round always ends.
PARALLEL_SOURCES = 16

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
    budget: float | None = None,
    clock: Callable[[], float] = time.monotonic,
    on_error: Callable[[SitrepError], None] | None = None,
) -> Round:
    """Read every source once and store what is new; see the module docstring.

    `budget` is the most seconds (real time, whatever `clock` says) one source may be read
    for: a feed of many items whose pages each trickle until their fetch deadline would
    otherwise hold the round, and with it every source's next round, for items × deadline.
    A source out of time stops before its next item; it is a failure for this round, and
    the items it did not reach (not stored) are read next round. None: no budget.

    `on_error` hears of each failure as it happens; `Round.failed` lists them in the order
    of the sources, whichever source finished first.
    """
    started = clock()
    counts = {"new": 0, "events": 0, "seen": 0, "not_english": 0}
    failed: list[tuple[int, SitrepError]] = []

    def skip(article_id: str, url: str | None) -> bool:
        known = store.seen(article_id=article_id) or (url is not None and store.seen(url=url))
        counts["seen"] += known
        return known

    # closing(): a round left early (Ctrl-C) tells its reader threads to stop at once.
    items = _read_all(sources, skip=skip, fetch_pages=fetch_pages, policy=policy, budget=budget)
    with closing(items):
        for index, item in items:

            def fail(err: SitrepError, index: int = index) -> None:
                failed.append((index, err))
                if on_error is not None:
                    on_error(err)

            if isinstance(item, NotEnglish):
                counts["not_english"] += 1
            elif isinstance(item, SitrepError):
                fail(item)
            elif _known(store, item):
                counts["seen"] += 1
            else:
                stored = _store(item, store=store, extract=extract, fail=fail)
                if stored is not None:
                    counts["new"] += 1
                    counts["events"] += stored
    in_order = tuple(err for _, err in sorted(failed, key=lambda pair: pair[0]))
    return Round(number=number, failed=in_order, seconds=clock() - started, **counts)


@dataclass(slots=True)
class _Question:
    "A reader thread asking the store thread whether an item is already stored."

    article_id: str
    url: str | None
    done: threading.Event = field(default_factory=threading.Event)
    known: bool = False
    error: BaseException | None = None


class _Stopped(Exception):
    "The round was abandoned (Ctrl-C, or an error in the store thread): readers stop."


class _OutOfTime(Exception):
    "A source used up its time in this round."


def _read_all(
    sources: Sequence[str],
    *,
    skip: Callable[[str, str | None], bool],
    fetch_pages: bool | None,
    policy: FetchPolicy | None,
    budget: float | None,
) -> Generator[tuple[int, Article | SitrepError], None, None]:
    """Every item of every source as (source index, item), in the order they are read.

    Each source is read in a thread of its own, so a slow source holds up only itself.
    `skip` is always called in this (the calling) thread, since a store connection is not
    to be shared between threads; the reader that asked waits for the answer. A source
    still being read `budget` seconds after it started stops before its next item.
    """
    inbox: queue.SimpleQueue[tuple[int, Article | SitrepError] | _Question | None] = (
        queue.SimpleQueue()
    )
    stop = threading.Event()
    slots = threading.BoundedSemaphore(PARALLEL_SOURCES)

    def asker(ends: float | None) -> Callable[[str, str | None], bool]:
        "The `skip` of one source's reader: asks this thread, and ends a source out of time."

        def ask(article_id: str, url: str | None) -> bool:
            # Asked before each item, so a source over its budget stops between two items
            # (each fetch ends by its own deadline) and leaves the rest, unstored, for later.
            if ends is not None and time.monotonic() > ends:
                raise _OutOfTime
            question = _Question(article_id, url)
            inbox.put(question)
            while not question.done.wait(0.1):
                if stop.is_set():
                    raise _Stopped
            if question.error is not None:
                raise question.error
            return question.known

        return ask

    def read(index: int, source: str) -> None:
        try:
            with slots:
                if stop.is_set():
                    return
                ask = asker(None if budget is None else time.monotonic() + budget)
                for item in read_articles(
                    [source], fetch_pages=fetch_pages, skip=ask, policy=policy
                ):
                    if stop.is_set():
                        return
                    inbox.put((index, item))
        except _Stopped:
            pass
        except _OutOfTime:
            problem = (
                f"was still being read after {budget:g} s, its time in one round (--every); "
                "the items it did not reach are read next round"
            )
            inbox.put((index, ReadError(source, problem)))
        except SitrepError as err:  # the store failed answering a question: this source only
            inbox.put((index, err))
        except Exception as err:  # a bug while reading one source must not end a long watch
            problem = f"could not be read ({type(err).__name__}: {err}); please report this"
            inbox.put((index, ReadError(source, problem)))
        finally:
            inbox.put(None)  # this source is done

    threads = [
        threading.Thread(target=read, args=(i, s), name=f"sitrep-watch-{i}", daemon=True)
        for i, s in enumerate(sources)
    ]
    for thread in threads:
        thread.start()
    try:
        running = len(threads)
        while running:
            message = inbox.get()
            if message is None:
                running -= 1
            elif isinstance(message, _Question):
                try:
                    message.known = skip(message.article_id, message.url)
                except Exception as err:  # handed to the reader that asked
                    message.error = err
                message.done.set()
            else:
                yield message
    finally:
        stop.set()  # a round left early: readers stop at their next item or question


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
    at call time. Every fetch keeps to `policy` (see `sitrep.read.net.FetchPolicy`), and a
    source may be read for `every` seconds in a round (`watch_round`'s budget).
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
            budget=every,
            clock=clock,
            on_error=on_error,
        )
        if rounds is not None and number >= rounds:
            break
        sleep(max(0.0, started + every - clock()))
