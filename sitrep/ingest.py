"""Articles into the store: skip what is stored, extract the rest, commit each one by itself.

`sitrep ingest` is a thin shell over `ingest()`. Extraction is passed in (the CLI gives it
`extract_many` with a loaded Kit), so this module never imports spaCy and a test can run the
same loop with events it built itself.

Each article is committed on its own as soon as its events are extracted (`Store.ingest`),
so an ingest killed half-way keeps every article it finished, and running it again stores
exactly the rest: articles already stored are recognised by id (or URL) and content hash
before any extraction is spent on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sitrep.errors import ExtractionError, SitrepError, StoreUnreachable
from sitrep.models import Article, Event
from sitrep.store import IngestResult, Store

__all__ = ["Extractor", "IngestSummary", "ingest"]

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


def ingest(
    articles: Iterable[Article],
    *,
    store: Store,
    extract: Extractor,
    on_error: Callable[[SitrepError], None],
    on_article: Callable[[], None] | None = None,
) -> IngestSummary:
    """Store every article of `articles` with the events `extract` finds in it.

    Articles already stored with the same content are counted as unchanged without being
    extracted. An article whose extraction or storage fails is passed to `on_error`, counted
    as skipped and not stored (so the next run tries it again); the batch goes on.
    `on_article` is called once per article handled, for progress bars.
    """
    summary = IngestSummary()
    failed: set[str] = set()
    tick = on_article or (lambda: None)

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
            try:
                summary.add(store.ingest(article, events))
            except StoreUnreachable:
                raise  # no later article could be stored either: stop, a rerun resumes
            except SitrepError as err:
                on_error(err)
                summary.skipped += 1
        tick()
    return summary
