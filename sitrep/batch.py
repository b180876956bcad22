"""Many articles at once: a process pool on one machine, Dask workers on many.

No extraction logic lives here: every path calls `extract_partition`, which runs
`sitrep.extract.extract` over a list of articles with the worker process's own Kit. This
module only decides where that runs and carries the results back in input order.

    extract_batches(articles, n_process=2)    # one machine: forked worker processes
    dask_extractor(client)                     # many machines: Dask workers
    ingest_dask(sources, store=..., client=...) # read and extract on workers, write here

Why the results come back to the caller: the store's guarantees (one transaction per
article, idempotent by content hash, incidents reconciled incrementally) live in
`Store.ingest`, and one writer calling it keeps them on any cluster. A worker that dies only
loses work that was never written; Dask runs its partitions again elsewhere, and the writer
stores each article once whatever the number of attempts.

Dask is an optional extra (`pip install sitrep[dask]`): it is imported only by the Dask
functions, and `require_dask()` turns its absence into a clear error.
"""

from __future__ import annotations

import gc
import itertools
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitrep.errors import DaskMissing, ExtractionError, ReadError, SitrepError, StoreUnreachable
from sitrep.models import Article, Event

if TYPE_CHECKING:
    from distributed import Client

    from sitrep.extract.kit import Kit
    from sitrep.ingest import Extractor, IngestSummary
    from sitrep.store import Store

__all__ = [
    "DaskMissing",
    "PatientStore",
    "ReadOptions",
    "StoreUnreachable",
    "close_client",
    "dask_client",
    "dask_extractor",
    "extract_batches",
    "extract_partition",
    "ingest_dask",
    "kit_plugin",
    "read_partition",
    "require_dask",
    "split_sources",
    "worker_kit",
    "worker_stats",
]

OnError = Callable[[ExtractionError], None]
#: One article's outcome from a worker: its events, or the error that stopped it.
Outcome = list[Event] | ExtractionError

#: Articles per task. Small enough that the last tasks of a run leave no core idle for long,
#: large enough that the per-task overhead (a millisecond or two on Dask) does not matter;
#: spaCy's small pipeline costs the same per article in batches of 8 as of 32 (measured).
PARTITION = 8
#: Articles per task of the local process pool, whose per-task cost is a pickle through a
#: pipe (well under a millisecond), so the last task, during which one core may idle, can
#: be shorter: on the 150-article bench with 2 processes, partitions of 8 (19 tasks, 10
#: against 9) left one worker idle for 0.4-0.9 s of a 14-20 s run, partitions of 4 for
#: 0.0-0.3 s; spaCy's small pipeline costs the same per article in batches of 2, 4 or 8.
POOL_PARTITION = 4


def require_dask() -> None:
    "Raise DaskMissing, with the command that fixes it, unless dask.distributed imports."
    try:
        import distributed  # noqa: F401
    except ImportError as err:
        raise DaskMissing(
            "--dask needs Dask, an optional extra: pip install 'sitrep[dask]' "
            f"(import failed: {err})"
        ) from err


# -- the worker side: one Kit per process, shared by every task it runs ----------------------

_kit_lock = threading.Lock()
_kits: dict[str, Kit] = {}
_loads = 0
_partitions_run = 0


def worker_kit(model: str) -> Kit:
    """This process's Kit for `model`, loaded on first use and kept for every later task.

    A forked pool worker finds the parent's Kit here already (`_adopt`), so it loads nothing;
    a Dask worker loads it once (in `kit_plugin`'s setup, before its first task). The lock makes
    a worker with several threads load it once too.
    """
    global _loads
    kit = _kits.get(model)
    if kit is not None:
        return kit
    with _kit_lock:
        kit = _kits.get(model)
        if kit is None:
            from sitrep.extract.kit import load_kit

            kit = load_kit(model)
            _kits[model] = kit
            _loads += 1
    return kit


def worker_stats() -> dict[str, int]:
    """Kits this process has loaded and partitions it has run: the proof that a worker
    loads its Kit once however many tasks it runs (`client.run(worker_stats)`)."""
    return {"kit_loads": _loads, "partitions": _partitions_run, "pid": os.getpid()}


def _adopt(kit: Kit) -> None:
    "Make an already-loaded Kit this process's, under its model name and its short name."
    _kits[kit.model] = kit
    from sitrep.extract.kit import MODELS

    for short, name in MODELS.items():
        if name == kit.model:
            _kits[short] = kit


def extract_partition(articles: Sequence[Article], model: str) -> list[Outcome]:
    """Events of each article (or the error that stopped it), in order, with this process's Kit.

    The one function every parallel path runs. Errors come back as values, so one bad
    article costs its own events and not its partition's.
    """
    from sitrep.extract import extract
    from sitrep.extract.parse import parse_many

    global _partitions_run
    _partitions_run += 1
    kit = worker_kit(model)
    out: list[Outcome] = []
    for doc, article in parse_many(kit.nlp, ((a.text, a) for a in articles)):
        try:
            out.append(extract(article, kit=kit, doc=doc))
        except Exception as err:  # a bug in one article must not stop the batch
            out.append(ExtractionError(article.origin or article.id, err))
    return out


def _deliver(
    articles: Sequence[Article], outcomes: Sequence[Outcome], on_error: OnError | None
) -> Iterator[tuple[Article, list[Event]]]:
    for article, outcome in zip(articles, outcomes, strict=True):
        if isinstance(outcome, ExtractionError):
            if on_error is None:
                raise outcome
            on_error(outcome)
            outcome = []
        yield article, outcome


def _partitions(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


# -- one machine: a pool of forked processes -------------------------------------------------


def _freeze_inherited() -> None:
    """Keep the cyclic garbage collector off what a worker inherited (the Kit: spaCy, the
    lexicons, the gazetteer), which lives as long as the worker does.

    A full collection walks every tracked object and writes to its header, so in a forked
    worker it costs a quarter of a second and copies the parent's pages it touches (measured).
    `gc.freeze` moves them out of the collector's reach in one step.
    """
    gc.freeze()


def extract_batches(
    articles: Iterable[Article],
    *,
    kit: Kit,
    n_process: int,
    partition: int = POOL_PARTITION,
    on_error: OnError | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Events of many articles on `n_process` worker processes, in input order.

    The workers are forked after the parent's Kit is registered, so they start with it
    loaded (no per-process start-up beyond the fork). Articles stream in: a bounded window
    of partitions is in flight, so the parent never holds the whole input, and results are
    yielded as soon as the oldest partition is done. With one process there is no pool:
    `sitrep.extract.extract_many` runs here, so a caller passes its `--processes` on as is.
    """
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    if n_process <= 1:
        from sitrep.extract import extract_many

        yield from extract_many(articles, kit=kit, on_error=on_error)
        return

    if not hasattr(os, "fork"):  # spawn: each worker loads its own Kit once
        context = multiprocessing.get_context("spawn")
    else:
        context = multiprocessing.get_context("fork")
        _adopt(kit)
    window: deque[tuple[list[Article], Future[list[Outcome]]]] = deque()
    with ProcessPoolExecutor(
        max_workers=n_process, mp_context=context, initializer=_freeze_inherited
    ) as pool:
        for chunk in _partitions(articles, partition):
            window.append((chunk, pool.submit(extract_partition, chunk, kit.model)))
            if len(window) >= 4 * n_process:
                done, future = window.popleft()
                yield from _deliver(done, future.result(), on_error)
        while window:
            done, future = window.popleft()
            yield from _deliver(done, future.result(), on_error)


# -- many machines: Dask ---------------------------------------------------------------------


def kit_plugin(model: str) -> Any:
    """A Dask WorkerPlugin that loads the Kit when a worker starts, before its first task.

    Registered once per client; Dask runs `setup` on every worker, including workers that
    join later or replace one that died. The class is made here, on demand, so that this
    module imports Dask only when Dask is used.
    """
    from distributed import WorkerPlugin

    class KitPlugin(WorkerPlugin):
        name = "sitrep-kit"

        def __init__(self, model: str) -> None:
            self.model = model

        def setup(self, worker: Any) -> None:
            worker_kit(self.model)

    return KitPlugin(model)


def dask_client(address: str, *, model: str = "sm") -> Client:
    """A Dask client for `address`, with the Kit plugin registered.

    `local:N` starts a LocalCluster of N single-threaded worker processes on this machine;
    anything else is a scheduler address (tcp://host:8786).
    """
    require_dask()
    from distributed import Client, LocalCluster

    if address.startswith("local:"):
        n = int(address.split(":", 1)[1] or os.cpu_count() or 1)
        # Workers that take a few seconds to exit on close are killed by their nanny with a
        # warning; that is routine at shutdown, so only errors reach the user's terminal.
        cluster = LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    else:
        client = Client(address, timeout=30)
    client.register_plugin(kit_plugin(model), name="sitrep-kit")
    return client


def close_client(client: Client) -> None:
    "Close a client, and the LocalCluster it started, if any."
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def _in_order(
    client: Client, fn: Callable[..., Any], chunks: Iterable[Any], *args: Any, window: int
) -> Iterator[tuple[Any, Any]]:
    """(chunk, fn(chunk, *args)) for each chunk, computed on the cluster, in input order.

    At most `window` tasks are in flight. Dask reruns a task whose worker died on another
    worker; `result()` simply waits for that.
    """
    pending: deque[tuple[Any, Any]] = deque()
    for chunk in chunks:
        # pure=False: the same chunk submitted twice (a rerun) is computed again, not shared.
        pending.append((chunk, client.submit(fn, chunk, *args, pure=False)))
        if len(pending) >= window:
            done, future = pending.popleft()
            yield done, future.result()
            future.release()
    while pending:
        done, future = pending.popleft()
        yield done, future.result()
        future.release()


def _window(client: Client) -> int:
    workers = len(client.scheduler_info(n_workers=-1).get("workers", {})) or 1
    return 4 * workers


def dask_extractor(client: Client, *, model: str = "sm", partition: int = PARTITION) -> Extractor:
    "An `ingest` Extractor that runs `extract_partition` on the Dask workers of `client`."

    def run(
        articles: Iterable[Article], on_error: Callable[[SitrepError], None]
    ) -> Iterator[tuple[Article, list[Event]]]:
        chunks = _partitions(articles, partition)
        for chunk, outcomes in _in_order(
            client, extract_partition, chunks, model, window=_window(client)
        ):
            yield from _deliver(chunk, outcomes, on_error)

    return run


# -- reading on the workers --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadOptions:
    "What `read_partition` needs besides the paths; plain values, so it travels to workers."

    published: date | None = None
    outlet: str | None = None


def read_partition(sources: Sequence[str], options: ReadOptions) -> list[Article | ReadError]:
    "The articles of these files (or the errors reading them), in order."
    from sitrep.read import read_articles

    return list(read_articles(sources, published=options.published, outlet=options.outlet))


def split_sources(sources: Sequence[str], *, per_partition: int = PARTITION) -> list[list[str]]:
    """The input files of `sources`, folders expanded, in partitions for the workers.

    Folders are listed here, where the command runs, with the same rules as `read_articles`
    (sorted, SUFFIXES only, hidden files skipped). Each file is then read on a worker, which
    must see the same path (a shared or copied folder). URLs and stdin stay whole.
    """
    from sitrep.read import _folder_files

    listed: list[str] = []
    for source in sources:
        found = _folder_files(Path(source)) if source and os.path.isdir(source) else None
        # An empty folder stays as it is, so its worker reports it as read_articles does.
        listed.extend([str(p) for p in found] if found else [source])
    return [listed[i : i + per_partition] for i in range(0, len(listed), per_partition)]


# -- the writer, which outlives a store outage ------------------------------------------------


def _unreachable(err: BaseException) -> bool:
    "Whether `err` says the database could not be reached (worth waiting for), not a bad row."
    import sqlalchemy as sa

    cause: BaseException | None = err
    while cause is not None:
        if isinstance(cause, sa.exc.DBAPIError) and cause.connection_invalidated:
            return True
        if isinstance(cause, sa.exc.OperationalError | sa.exc.InterfaceError):
            return True
        cause = cause.__cause__
    return False


class PatientStore:
    """The store as the Dask writer uses it: waits out an unreachable database, then goes on.

    A run over a cluster takes hours; a database restart must not cost the articles written
    meanwhile. Each call that fails because the database cannot be reached is retried (with
    `on_outage` told once per outage) until `patience` seconds have passed. Retrying is safe
    because `Store.ingest` is atomic and idempotent: a write that did commit before the
    connection broke is found "unchanged" on the retry, never stored twice.
    """

    def __init__(
        self,
        store: Store,
        *,
        patience: float = 600.0,
        on_outage: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.patience = patience
        self.on_outage = on_outage or (lambda message: None)
        self.outages = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def status(self, article: Article) -> Any:
        return self._retry(lambda: self.store.status(article))

    def ingest(self, article: Article, events: Sequence[Event]) -> Any:
        return self._retry(lambda: self.store.ingest(article, events))

    def _retry(self, call: Callable[[], Any]) -> Any:
        started: float | None = None
        delay = 0.5
        while True:
            try:
                result = call()
            except Exception as err:
                if not _unreachable(err):
                    raise
                now = time.monotonic()
                if started is None:
                    started = now
                    self.outages += 1
                    self.on_outage(
                        f"store unreachable ({' '.join(str(err).split())[:200]}); "
                        f"waiting up to {self.patience:.0f} s for it to come back"
                    )
                elif now - started > self.patience:
                    raise StoreUnreachable(
                        f"the store was unreachable for {self.patience:.0f} s; stopping. "
                        "Articles written so far are kept: run the same command again."
                    ) from err
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if started is not None:
                self.on_outage(f"store reachable again after {time.monotonic() - started:.1f} s")
            return result


def ingest_dask(
    sources: Sequence[str],
    *,
    store: Store,
    client: Client,
    model: str = "sm",
    options: ReadOptions | None = None,
    on_error: Callable[[SitrepError], None],
    on_article: Callable[[], None] | None = None,
    on_outage: Callable[[str], None] | None = None,
    patience: float = 600.0,
    partition: int = PARTITION,
) -> IngestSummary:
    """Read and extract `sources` on the Dask workers; store the results here, one writer.

    Files are read on the workers, partition by partition (stdin is read here). Articles
    already stored are recognised before extraction, exactly as in `sitrep.ingest.ingest`,
    which this calls with a Dask extractor and a store that waits out database outages.
    """
    from sitrep.ingest import ingest

    options = options or ReadOptions()
    window = _window(client)

    def articles() -> Iterator[Article]:
        stdin = [s for s in sources if s == "-"]
        chunks = split_sources([s for s in sources if s != "-"], per_partition=partition)
        for _, items in _in_order(client, read_partition, chunks, options, window=window):
            for item in items:
                if isinstance(item, ReadError):
                    on_error(item)
                else:
                    yield item
        for item in read_partition(stdin, options) if stdin else ():
            if isinstance(item, ReadError):
                on_error(item)
            else:
                yield item

    patient = PatientStore(store, patience=patience, on_outage=on_outage)
    return ingest(
        articles(),
        store=patient,  # type: ignore[arg-type]  # the same methods, with patience
        extract=dask_extractor(client, model=model, partition=partition),
        on_error=on_error,
        on_article=on_article,
    )
