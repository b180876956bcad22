"""Articles into the store: skip what is stored, extract the rest, commit each one by itself.

`sitrep ingest` is a thin shell over `ingest()`. Extraction is passed in (the CLI gives it
`extract_many` with a loaded Kit), so this module never imports spaCy and a test can run the
same loop with events it built itself.

Each article is committed on its own as soon as its events are extracted (`Store.ingest`),
so an ingest killed half-way keeps every article it finished, and running it again stores
exactly the rest: articles already stored are recognised by id (or URL) and content hash
before any extraction is spent on them.

An event dated outside the plausible window (before 1900, or more than a few days after its
report or today; `sitrep.models.implausible_date`) is stored without its date, with a
warning naming the article: the rest of what the report says (who, where, how many) stays
true, while the date is a misreading. The store itself refuses such dates from any caller.
The report's day is the later of its `published` and the day its text states at its head
("Published June 20 2016"; `sitrep.report_date`); a text whose own day is more than a few
days away from its `published` is named in a warning, since its relative dates count from
the text's day.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from sitrep.errors import ExtractionError, SitrepError, StoreFailure, StoreUnreachable
from sitrep.models import FUTURE_SLACK_DAYS, Article, Event, implausible_date
from sitrep.report_date import newest_report_date, stated_date
from sitrep.store import IngestResult, Store

__all__ = ["Extractor", "IngestSummary", "check_dates", "check_stated_date", "ingest"]

#: Extraction as `ingest` calls it: articles in, (article, events) out in the same order;
#: an article that fails is passed to the callback (an ExtractionError naming it) instead.
Extractor = Callable[
    [Iterable[Article], Callable[[SitrepError], None]], Iterable[tuple[Article, list[Event]]]
]


@dataclass(slots=True)
class IngestSummary:
    "What one ingest run did, article by article."

    new: int = 0
    unchanged: int = 0
    versions: int = 0
    skipped: int = 0  # extraction or storage failed; the article was not stored
    events: int = 0  # events stored
    #: The store failure that stopped the run (disk full, damaged file, server gone), if any.
    stopped: StoreFailure | None = None

    @property
    def articles(self) -> int:
        return self.new + self.unchanged + self.versions + self.skipped

    def add(self, result: IngestResult) -> None:
        if result.status == "new":
            self.new += 1
        elif result.status == "version":
            self.versions += 1
        else:
            self.unchanged += 1
        self.events += result.events


def check_dates(article: Article, events: Sequence[Event]) -> tuple[list[Event], list[str]]:
    """The events with every implausible date removed, and a warning for each one removed.

    Dropping the date, not the event, keeps the most of what the report says; the event's
    `date_precision` goes with it, as the contract has it for an undated event.
    """
    origin = article.origin or article.id
    newest = newest_report_date(article.text, article.published)
    checked, warnings = [], []
    for i, event in enumerate(events, start=1):
        day = event.event_date
        why = None if day is None else implausible_date(day, published=newest)
        if day is None or why is None:
            checked.append(event)
            continue
        warnings.append(
            f"{origin}: event {i} ({event.event_type}) is dated {day.isoformat()}, which "
            f"{why}; stored without a date"
        )
        checked.append(dataclasses.replace(event, event_date=None, date_precision=None))
    return checked, warnings


def check_stated_date(article: Article) -> str | None:
    """A warning when the day the text states at its head ("Published June 20 2016") lies
    more than FUTURE_SLACK_DAYS from the article's `published`, or None.

    Extraction counts relative dates from the text's own day (`sitrep.report_date`); the
    warning says so, since the metadata is then a crawl, index or re-post day, or wrong.
    """
    stamp = stated_date(article.text)
    if stamp is None or article.published is None:
        return None
    if abs((stamp.value - article.published).days) <= FUTURE_SLACK_DAYS:
        return None
    quote = article.text[stamp.start : stamp.end]
    return (
        f"{article.origin or article.id}: its text is dated {stamp.value.isoformat()} at its "
        f"head ({quote!r}), its published date is {article.published.isoformat()}; its dates "
        "count from the text's"
    )


def ingest(
    articles: Iterable[Article],
    *,
    store: Store,
    extract: Extractor,
    on_error: Callable[[SitrepError], None],
    on_article: Callable[[], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Store every article of `articles` with the events `extract` finds in it.

    Articles already stored with the same content are counted as unchanged without being
    extracted. An article whose extraction or storage fails is passed to `on_error`, counted
    as skipped and not stored (so the next run tries it again); the batch goes on. A
    failure of the store itself (StoreFailure: disk full, damaged file, server gone) stops
    the run at once, before any more extraction is spent: it is returned in
    `summary.stopped`, and a rerun resumes with the articles not yet stored.
    `on_article` is called once per article handled, for progress bars; `on_warning` with
    each warning about an article that was stored all the same (see `check_dates`).
    """
    summary = IngestSummary()
    failed: set[str] = set()
    tick = on_article or (lambda: None)
    warn = on_warning or (lambda message: None)

    def extraction_failed(err: SitrepError) -> None:
        if isinstance(err, ExtractionError):
            failed.add(err.origin)
        on_error(err)

    def pending() -> Iterator[Article]:
        for article in articles:
            if store.status(article) == "unchanged":
                summary.unchanged += 1
                tick()
            else:
                yield article

    for article, events in extract(pending(), extraction_failed):
        key = article.origin or article.id
        if key in failed:
            failed.discard(key)
            summary.skipped += 1
        else:
            events, warnings = check_dates(article, events)
            if stated := check_stated_date(article):
                warnings.insert(0, stated)
            for message in warnings:
                warn(message)
            try:
                summary.add(store.ingest(article, events))
            except StoreUnreachable:
                raise  # the writer waited out an outage in vain: stop, a rerun resumes
            except StoreFailure as err:
                summary.stopped = err
                break
            except SitrepError as err:
                on_error(err)
                summary.skipped += 1
        tick()
    return summary
