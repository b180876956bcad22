"""`sitrep bench`: throughput and memory, as medians and ratios, never as timed tests.

The corpus is generated (seeded, so every run reads the same text): about 500-word
conflict reports built from sentence templates, with places, actors, figures, dates and
attributions in varied order. Full extraction is timed against the bare spaCy pipeline on
the same texts, with 1 and 2 processes; the ratio of their throughputs says how much
Sitrep's own stages cost on top of the NLP.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

from sitrep.errors import StoreError
from sitrep.lexicons import PhraseIndex
from sitrep.models import Article

_PLACES = [
    ("Idlib", "Syria"),
    ("Saraqib", "Syria"),
    ("Ariha", "Syria"),
    ("Deir ez-Zor", "Syria"),
    ("Marib", "Yemen"),
    ("Taiz", "Yemen"),
    ("Hodeidah", "Yemen"),
    ("Bakhmut", "Ukraine"),
    ("Avdiivka", "Ukraine"),
    ("Kharkiv", "Ukraine"),
    ("Maiduguri", "Nigeria"),
    ("Gwoza", "Nigeria"),
    ("El Fasher", "Sudan"),
    ("Omdurman", "Sudan"),
    ("Beni", "DR Congo"),
    ("Goma", "DR Congo"),
    ("Kidal", "Mali"),
    ("Djibo", "Burkina Faso"),
    ("Afgooye", "Somalia"),
    ("Sittwe", "Myanmar"),
    ("Culiacan", "Mexico"),
    ("Jamundi", "Colombia"),
]
_ARMED = [
    "government forces",
    "the army",
    "Houthi fighters",
    "Russian troops",
    "Ukrainian forces",
    "Hayat Tahrir al-Sham",
    "the Rapid Support Forces",
    "al-Shabaab militants",
    "Boko Haram fighters",
    "unidentified gunmen",
    "M23 rebels",
    "JNIM fighters",
    "the Arakan Army",
    "Turkish forces",
    "police",
    "security forces",
]
_SOURCES = [
    "the Syrian Observatory for Human Rights",
    "Reuters",
    "a local official",
    "the defence ministry",
    "AFP",
    "residents",
    "a military source",
    "Al Jazeera",
]
_TEMPLATES = [
    "{a} clashed with {b} near {p} on {day}, leaving {n} fighters dead, according to {s}.",
    "An air strike hit a market in {p} late on {day}, killing at least {n} civilians and wounding {m} others, {s} said.",  # noqa: E501
    "{a} shelled residential areas of {p}, where {n} people were killed, including {k} children.",
    "A roadside bomb exploded as a convoy passed outside {p}, killing {n} soldiers, {s} reported.",
    "Hundreds of residents protested in {p} on {day} against rising prices and power cuts.",
    "Police fired tear gas to disperse demonstrators who gathered outside the governor's office in {p}.",  # noqa: E501
    "Gunmen abducted {n} farmers from their fields near {p}, {s} said.",
    "{a} sent reinforcements to positions around {p} after days of heavy fighting.",
    "{a} regained control of {p} after {b} withdrew, {s} reported.",
    "Nearly {n} people have died in the fighting since the start of the month, according to {s}.",
    "Witnesses said the bodies of {n} men were found on the road between {p} and {q}.",
    "Angry youths set fire to a police station in {p} after a man died in custody.",
    "The ceasefire agreed last week collapsed when {a} fired mortars at {b} positions near {p}.",
    "Aid agencies said dozens of families had fled {p} toward {q} with few belongings.",
    "{a} said it had arrested {n} suspects in connection with the attack in {p}.",
    "Residents described hearing explosions throughout the night as drones circled over {p}.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def synthetic_articles(n: int, *, words: int = 500, seed: int = 7) -> list[Article]:
    "n generated reports of about `words` words each, the same for the same seed."
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    out = []
    for i in range(n):
        home = rng.choice(_PLACES)
        local = [p for p in _PLACES if p[1] == home[1]] or [home]
        sentences: list[str] = []
        while sum(len(s.split()) for s in sentences) < words:
            a, b = rng.sample(_ARMED, 2)
            sentence = rng.choice(_TEMPLATES).format(
                a=a[0].upper() + a[1:],
                b=b,
                p=rng.choice(local)[0],
                q=rng.choice(_PLACES)[0],
                day=rng.choice(_DAYS),
                n=rng.randint(2, 60),
                m=rng.randint(2, 40),
                k=rng.randint(1, 9),
                s=rng.choice(_SOURCES),
            )
            sentences.append(sentence)
        paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
        out.append(
            Article(
                id=f"bench-{i:05d}",
                text="\n".join(paragraphs),
                published=start + timedelta(days=i % 300),
                outlet="Sitrep Bench Wire",
            )
        )
    return out


def peak_rss_mb() -> float:
    "Peak resident memory of this process and its finished children, in MB."
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


@dataclass(frozen=True, slots=True)
class Timing:
    "Median seconds over repeats for one job."

    median_s: float
    runs: tuple[float, ...]


def _time(job: Callable[[], Any], repeats: int) -> Timing:
    runs = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        job()
        runs.append(time.perf_counter() - t0)
    return Timing(statistics.median(runs), tuple(round(r, 3) for r in runs))


def _time_pair(
    first: Callable[[], Any], second: Callable[[], Any], repeats: int
) -> tuple[Timing, Timing]:
    """Both jobs timed in alternation (A B A B ...), so a machine that gets busier or quieter
    during the run moves both medians alike and their ratio stays fair."""
    a: list[Timing] = []
    b: list[Timing] = []
    for _ in range(repeats):
        a.append(_time(first, 1))
        b.append(_time(second, 1))
    return (
        Timing(statistics.median(t.median_s for t in a), tuple(t.runs[0] for t in a)),
        Timing(statistics.median(t.median_s for t in b), tuple(t.runs[0] for t in b)),
    )


class _NoPlaces:
    "A gazetteer that knows no place: the baseline that isolates geocoding's cost."

    pointers = PhraseIndex([])
    iso2_to_iso3: ClassVar[dict[str, str]] = {}

    def lookup(self, name: str, *, country: str | None = None) -> None:
        return None

    def canonical_admin1(self, name: str, *, country: str | None) -> None:
        return None

    def candidates(self, keys: Any, **options: Any) -> dict[str, list[Any]]:
        return {}

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def _geocoding_cost(kit: Any, corpus: list[Article], repeats: int) -> float:
    """Median seconds geocoding adds to extracting the corpus (same parsed docs, A/B)."""
    from dataclasses import replace

    from sitrep.extract import extract

    docs = list(kit.nlp.pipe([a.text for a in corpus], batch_size=32))
    blind = replace(kit, gazetteer=_NoPlaces())

    def run(k: Any) -> None:
        for article, doc in zip(corpus, docs, strict=True):
            extract(article, kit=k, doc=doc)

    with_places = _time(lambda: _cold(kit, lambda: run(kit)), repeats)
    without = _time(lambda: run(blind), repeats)
    return round(max(0.0, with_places.median_s - without.median_s), 3)


def gazetteer_build(*, rebuild: bool = False) -> dict[str, Any]:
    """How long building the gazetteer index takes (wall and CPU seconds): as recorded by
    the build of the index in use, or with `rebuild` a fresh base build timed now in a
    temporary folder (the user's imports are not part of it)."""
    import tempfile
    from pathlib import Path

    from sitrep.gazetteer import Gazetteer
    from sitrep.gazetteer_index import ensure_index

    if rebuild:
        with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
            stats = Gazetteer(ensure_index(Path(tmp), say=lambda message: None)).stats()
    else:
        stats = Gazetteer(ensure_index()).stats()
    return {
        "gazetteer_build_s": float(stats.get("build_seconds", "nan")),
        "gazetteer_build_cpu_s": float(stats.get("build_cpu_seconds", "nan")),
        "gazetteer_built_at": stats.get("built_at"),
        "gazetteer_rebuilt": rebuild,
    }


def _cold(kit: Any, job: Callable[[], Any]) -> Any:
    """Run `job` with the gazetteer's answers forgotten: each timed run reads the corpus as
    if for the first time, not helped by the run before it (same texts, same places)."""
    kit.gazetteer.forget()
    return job()


def run_bench(
    *,
    articles: int = 300,
    words: int = 500,
    repeats: int = 3,
    processes: tuple[int, ...] = (1, 2),
    model: str = "sm",
    rebuild_gazetteer: bool = False,
) -> dict[str, Any]:
    """Extraction versus bare spaCy throughput, per process count, plus peak memory, the
    gazetteer build time (`gazetteer_build`) and geocoding's share of extraction time."""
    build = gazetteer_build(rebuild=rebuild_gazetteer)
    from sitrep.batch import extract_batches
    from sitrep.extract import load_kit

    kit = load_kit(model)
    corpus = synthetic_articles(articles, words=words)
    texts = [a.text for a in corpus]
    total_words = sum(len(t.split()) for t in texts)
    kit.nlp("Warm-up sentence in Idlib.")
    rows = []
    for n_process in processes:
        nlp, full = _time_pair(
            lambda n=n_process: list(kit.nlp.pipe(texts, batch_size=32, n_process=n)),
            lambda n=n_process: _cold(
                kit, lambda: list(extract_batches(corpus, kit=kit, n_process=n))
            ),
            repeats,
        )
        rows.append(
            {
                "processes": n_process,
                "nlp_articles_per_s": round(articles / nlp.median_s, 2),
                "extract_articles_per_s": round(articles / full.median_s, 2),
                "nlp_words_per_s": round(total_words / nlp.median_s),
                "extract_words_per_s": round(total_words / full.median_s),
                "ratio": round(nlp.median_s / full.median_s, 3),
                "nlp_runs_s": nlp.runs,
                "extract_runs_s": full.runs,
            }
        )
    first = rows[0]
    geocoding = _geocoding_cost(kit, corpus, repeats)
    return {
        "articles": articles,
        "words": total_words,
        "repeats": repeats,
        "model": kit.model,
        "cpu_count": os.cpu_count(),
        "extract_articles_per_s": first["extract_articles_per_s"],
        "nlp_articles_per_s": first["nlp_articles_per_s"],
        "ratio": first["ratio"],
        "peak_rss_mb": peak_rss_mb(),
        # Geocoding's share of one-process extraction time (NLP included).
        "geocode_s": geocoding,
        "geocode_share": round(geocoding / (articles / first["extract_articles_per_s"]), 3),
        **build,
        "processes": rows,
    }


# -- `sitrep bench --dask` ----------------------------------------------------------------

#: The volume the scale-out projection is made for (articles a day), and how much busier the
#: busiest hour is than the average one: news arrives in bursts, and a backlog should clear.
TARGET_PER_DAY = 250_000
PEAK_FACTOR = 3.0


def _raise(err: Exception) -> None:
    raise err


def _worker_cpu_s() -> float:
    "CPU seconds this worker process has used so far (run on each worker)."
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def _worker_memory() -> dict[str, float]:
    "This worker process's resident and peak memory, in MB (run on each worker)."
    import psutil

    rss = psutil.Process().memory_info().rss / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rss_mb": round(rss, 1), "peak_rss_mb": round(peak, 1)}


def run_dask_bench(
    *,
    articles: int = 300,
    words: int = 500,
    repeats: int = 3,
    workers: tuple[int, ...] = (1, 2),
    model: str = "sm",
    per_day: int = TARGET_PER_DAY,
) -> dict[str, Any]:
    """Extraction throughput on a LocalCluster of 1 and 2 workers, per-worker memory, and the
    cluster a day's volume needs.

    Each worker count gets its own cluster; a warm-up partition per worker runs first, so
    the timings hold extraction and Dask's overhead, not the Kit's loading. The projection
    divides the measured cost of one article on one worker by the scaling efficiency
    measured from 1 to 2 workers (what a bigger cluster can at best expect per worker).
    """
    import math

    from sitrep.batch import close_client, dask_client, dask_extractor

    corpus = synthetic_articles(articles, words=words)
    rows = []
    for n in workers:
        client = dask_client(f"local:{n}", model=model)
        try:
            run = dask_extractor(client, model=model)
            list(run(corpus[: 8 * n], _raise))  # warm-up: every worker has run a partition
            before = sum(client.run(_worker_cpu_s).values())
            timing = _time(lambda run=run: list(run(corpus, _raise)), repeats)
            cpu_s = sum(client.run(_worker_cpu_s).values()) - before
            memory = list(client.run(_worker_memory).values())
        finally:
            close_client(client)
        rows.append(
            {
                "workers": n,
                "articles_per_s": round(articles / timing.median_s, 2),
                "runs_s": timing.runs,
                # CPU seconds the workers spent per article: unlike the wall clock, it does
                # not grow when other programs share the machine.
                "worker_cpu_s_per_article": round(cpu_s / (articles * repeats), 4),
                "worker_rss_mb": max(m["rss_mb"] for m in memory),
                "worker_peak_rss_mb": max(m["peak_rss_mb"] for m in memory),
            }
        )
    one = rows[0]
    # Seconds of one worker (one core) per article, Dask's overhead included.
    per_article_s = one["workers"] / one["articles_per_s"]
    result: dict[str, Any] = {
        "articles": articles,
        "words_per_article": words,
        "repeats": repeats,
        "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "workers": rows,
        "per_article_worker_s": round(per_article_s, 4),
        "worker_rss_mb": max(r["worker_rss_mb"] for r in rows),
    }
    if len(rows) > 1:
        last = rows[-1]
        speedup = last["articles_per_s"] / one["articles_per_s"]
        result["ratio"] = round(speedup, 3)
        efficiency = min(1.0, speedup / (last["workers"] / one["workers"]))
    else:
        efficiency = 1.0
    result["efficiency"] = round(efficiency, 3)
    average = per_day / 86_400
    needed = average * per_article_s / efficiency
    cpu_cost = one["worker_cpu_s_per_article"]
    result["per_article_worker_cpu_s"] = cpu_cost
    result["projection"] = {
        "articles_per_day": per_day,
        "average_articles_per_s": round(average, 3),
        "worker_cores_average": round(needed, 2),
        # The same from CPU time alone: what an otherwise idle core per worker would need.
        "worker_cores_average_cpu": round(average * cpu_cost, 2),
        "workers_at_peak_cpu": max(1, math.ceil(average * cpu_cost * PEAK_FACTOR)),
        "peak_factor": PEAK_FACTOR,
        "workers_at_peak": max(1, math.ceil(needed * PEAK_FACTOR)),
        "articles_per_day_per_worker": round(86_400 / per_article_s * efficiency),
        "worker_memory_mb_at_peak": round(
            max(1, math.ceil(needed * PEAK_FACTOR)) * result["worker_rss_mb"]
        ),
    }
    return result


# -- `sitrep bench --store` ---------------------------------------------------------------

#: Places for generated stored events: (name, admin1, country, ISO alpha-3, lat, lon).
_STORE_PLACES = [
    ("Idlib", "Idlib", "Syria", "SYR", 35.9306, 36.6339),
    ("Saraqib", "Idlib", "Syria", "SYR", 35.8645, 36.8059),
    ("Aleppo", "Aleppo", "Syria", "SYR", 36.2012, 37.1612),
    ("Deir ez-Zor", "Deir ez-Zor", "Syria", "SYR", 35.3359, 40.1408),
    ("Marib", "Marib", "Yemen", "YEM", 15.4625, 45.3258),
    ("Taiz", "Taizz", "Yemen", "YEM", 13.5795, 44.0209),
    ("Bakhmut", "Donetsk", "Ukraine", "UKR", 48.5940, 37.9990),
    ("Kharkiv", "Kharkiv", "Ukraine", "UKR", 49.9935, 36.2304),
    ("Maiduguri", "Borno", "Nigeria", "NGA", 11.8464, 13.1603),
    ("El Fasher", "North Darfur", "Sudan", "SDN", 13.6279, 25.3494),
    ("Omdurman", "Khartoum", "Sudan", "SDN", 15.6445, 32.4777),
    ("Goma", "North Kivu", "Democratic Republic of Congo", "COD", -1.6792, 29.2228),
    ("Kidal", "Kidal", "Mali", "MLI", 18.4411, 1.4078),
    ("Djibo", "Sahel", "Burkina Faso", "BFA", 14.1022, -1.6306),
    ("Afgooye", "Lower Shabelle", "Somalia", "SOM", 2.1381, 45.1212),
    ("Sittwe", "Rakhine", "Myanmar", "MMR", 20.1462, 92.8983),
]
#: (canonical name, kind, ISO alpha-3 or None)
_STORE_ACTORS = [
    ("Military Forces of Syria (2000-)", "state forces", "SYR"),
    ("HTS: Hayat Tahrir al Sham", "rebel group", "SYR"),
    ("Military Forces of Russia (2000-)", "state forces", "RUS"),
    ("Military Forces of Ukraine (2019-)", "state forces", "UKR"),
    ("Ansar Allah", "rebel group", "YEM"),
    ("RSF: Rapid Support Forces", "political militia", "SDN"),
    ("Boko Haram - Jamaatu Ahli is-Sunna lid-Dawati wal-Jihad", "rebel group", "NGA"),
    ("Al Shabaab", "rebel group", "SOM"),
    ("M23: March 23 Movement", "rebel group", "COD"),
    ("JNIM: Jamaah Nusrah al-Islam wal-Muslimin", "rebel group", "MLI"),
    ("Arakan Army", "rebel group", "MMR"),
    ("Unidentified Armed Group", "political militia", None),
    ("Civilians", "civilians", None),
]
_STORE_TYPES = [
    ("Battles", "Armed clash", "clashed with"),
    ("Explosions/Remote violence", "Air/drone strike", "carried out an air strike on"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelled"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "detonated a bomb against"),
    ("Violence against civilians", "Attack", "attacked"),
    ("Violence against civilians", "Abduction/forced disappearance", "abducted members of"),
    ("Strategic developments", "Arrests", "arrested members of"),
]
_STORE_SOURCES = ["Syrian Observatory for Human Rights", "Reuters", "AFP", "a local official"]


def _spans(
    offset: int, parts: list[tuple[str, str | None]]
) -> tuple[str, dict[str, tuple[int, int]]]:
    "The joined parts and the (start, end) of each keyed part, counted from `offset`."
    spans, pos = {}, offset
    for part, key in parts:
        if key:
            spans[key] = (pos, pos + len(part))
        pos += len(part)
    return "".join(part for part, _ in parts), spans


def synthetic_store_corpus(
    n: int, *, events_per_article: int = 5, seed: int = 11
) -> list[tuple[Article, list[Any]]]:
    """n generated articles, each with its events already extracted (no NLP needed).

    Every event has actors, a geocoded place, a date in 2023-2024, fatalities with a claim,
    and evidence spans that slice its article's text, like Sitrep's own output; the same
    seed gives the same corpus. This feeds the store benchmark and the store tests.
    """
    return list(iter_store_corpus(n, events_per_article=events_per_article, seed=seed))


def iter_store_corpus(
    n: int, *, events_per_article: int = 5, seed: int = 11
) -> Iterator[tuple[Article, list[Any]]]:
    "synthetic_store_corpus, one article at a time (a 100,000-event corpus need not fit)."
    from sitrep.models import Actor, Claim, Count, Event, Evidence, Place

    rng = random.Random(seed)
    start = date(2023, 1, 1)
    for i in range(n):
        article_id = f"store-{seed}-{i:06d}"
        published = start + timedelta(days=rng.randrange(730))
        text = ""
        events = []
        for j in range(events_per_article):
            event_type, sub_type, verb = rng.choice(_STORE_TYPES)
            (name1, kind1, c1), (name2, kind2, c2) = rng.sample(_STORE_ACTORS, 2)
            place = rng.choice(_STORE_PLACES)
            killed = int(rng.paretovariate(1.2)) - 1
            source = rng.choice(_STORE_SOURCES)
            day = published - timedelta(days=rng.randrange(3))
            sentence, spans = _spans(
                len(text),
                [
                    (name1, "a1"),
                    (f" {verb} ", None),
                    (name2, "a2"),
                    (" near ", None),
                    (place[0], "place"),
                    (f" on {day:%d %B %Y}, ", None),
                    (f"killing {killed} people", "count"),
                    (f", {source} said. ", None),
                ],
            )
            text += sentence
            ev = {key: Evidence.at(text, *span) for key, span in spans.items()}
            lat = round(place[4] + rng.uniform(-0.05, 0.05), 5)
            lon = round(place[5] + rng.uniform(-0.05, 0.05), 5)
            fatalities = Count(best=killed, low=killed, high=killed, mentions=(ev["count"],))
            events.append(
                Event(
                    event_id=f"ev-{article_id}-{j}",
                    article_id=article_id,
                    event_date=day,
                    date_precision="day",
                    event_type=event_type,
                    sub_event_type=sub_type,
                    actors=(
                        Actor(
                            role="actor1", name=name1, kind=kind1, country=c1, mentions=(ev["a1"],)
                        ),
                        Actor(
                            role="actor2", name=name2, kind=kind2, country=c2, mentions=(ev["a2"],)
                        ),
                    ),
                    location=Place(
                        name=place[0],
                        admin1=place[1],
                        country=place[2],
                        country_code=place[3],
                        latitude=lat,
                        longitude=lon,
                        geo_precision=1,
                        gazetteer_id=f"bench:{place[0]}",
                        mentions=(ev["place"],),
                    ),
                    fatalities=fatalities,
                    wounded=None,
                    captured=None,
                    civilian_harm=kind2 == "civilians",
                    claims=(
                        Claim.on(
                            ev["count"],
                            field="fatalities",
                            value={"best": killed, "low": killed, "high": killed},
                            claimant=source,
                            via="Sitrep Bench Wire",
                        ),
                    ),
                    sources=("Sitrep Bench Wire", source),
                    notes=f"On {day:%d %B %Y}, {name1} {verb} {name2} near {place[0]}.",
                    confidence=round(rng.uniform(0.5, 0.95), 3),
                )
            )
        article = Article(
            id=article_id,
            text=text.strip(),
            published=published,
            outlet="Sitrep Bench Wire",
            title=f"Report {i}",
            url=f"https://bench.example/{article_id}",
            language="en",
        )
        yield article, events


#: Typical `sitrep events` queries over the generated 2023-2024 corpus: (name, filters).
STORE_QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("dates: one week", {"since": date(2024, 3, 1), "until": date(2024, 3, 7)}),
    (
        "type + one month",
        {"event_type": "Battles", "since": date(2024, 3, 1), "until": date(2024, 3, 31)},
    ),
    (
        "country + one month",
        {"country": "SYR", "since": date(2024, 3, 1), "until": date(2024, 3, 31)},
    ),
    (
        "bbox (Idlib) + one quarter",
        {"bbox": (36.3, 35.6, 37.0, 36.1), "since": date(2024, 1, 1), "until": date(2024, 3, 31)},
    ),
    ("min fatalities 50", {"min_fatalities": 50}),
    (
        "actor + one quarter",
        {"actor": "Ansar Allah", "since": date(2024, 1, 1), "until": date(2024, 3, 31)},
    ),
    ("sub-event type, first 100", {"event_type": "Air/drone strike", "limit": 100}),
]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ingest_rate(store: Any, corpus: Iterator[tuple[Article, list[Any]]], n: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    events = 0
    for _ in range(n):
        article, evs = next(corpus)
        store.ingest(article, evs)
        events += len(evs)
    elapsed = time.perf_counter() - t0
    return {
        "articles": n,
        "articles_per_s": round(n / elapsed, 1),
        "events_per_s": round(events / elapsed, 1),
    }


def _bench_one_store(
    url: str,
    *,
    articles: int,
    events: int,
    events_per_article: int,
    reconciled_articles: int,
    repeats: int,
) -> dict[str, Any]:
    "Ingest rates and query latencies for one empty store at `url`."
    from sitrep.store import open_store

    total_articles = max(events // events_per_article, articles + reconciled_articles)
    corpus = iter_store_corpus(total_articles, events_per_article=events_per_article)
    result: dict[str, Any] = {}
    with open_store(url, reconcile=False) as store:
        if store.stats()["versions"]:
            raise StoreError(
                f"{store.url} already holds articles; the benchmark needs an empty store"
            )
        result["dialect"] = store.dialect
        result["ingest"] = _ingest_rate(store, corpus, articles)
        fill = total_articles - articles - reconciled_articles
        t0 = time.perf_counter()
        _ingest_rate(store, corpus, fill)
        result["fill_s"] = round(time.perf_counter() - t0, 1)
    with open_store(url) as store:
        # Reconciliation searches the store for candidate incidents, so it is measured last,
        # into the full store, where it is slowest.
        if store._reconcile is not None and reconciled_articles:
            result["ingest_reconciled"] = _ingest_rate(store, corpus, reconciled_articles)
        store.optimize()
        result["stored"] = store.stats()
        queries = []
        all_runs: list[float] = []
        for name, filters in STORE_QUERIES:
            runs, rows = [], 0
            for _ in range(repeats):
                t0 = time.perf_counter()
                rows = sum(1 for _ in store.events(**filters))
                runs.append(time.perf_counter() - t0)
            all_runs.extend(runs)
            queries.append(
                {
                    "query": name,
                    "rows": rows,
                    "p50_ms": round(_percentile(runs, 0.5) * 1000, 2),
                    "p95_ms": round(_percentile(runs, 0.95) * 1000, 2),
                }
            )
        result["queries"] = queries
        result["query_p50_ms"] = round(_percentile(all_runs, 0.5) * 1000, 2)
        result["query_p95_ms"] = round(_percentile(all_runs, 0.95) * 1000, 2)
    return result


def run_store_bench(
    *,
    articles: int = 2000,
    events: int = 100_000,
    events_per_article: int = 5,
    reconciled_articles: int = 100,
    repeats: int = 20,
    pg_url: str | None = None,
    backends: tuple[str, ...] = ("sqlite", "postgresql"),
) -> dict[str, Any]:
    """`sitrep bench --store`: ingest rate and `events` query latency, SQLite and PostgreSQL.

    The store is filled with generated articles and events (`iter_store_corpus`: no NLP, so
    this measures the store alone). `articles` are ingested first into the empty store and
    timed; the store is then filled up to `events` events; `reconciled_articles` more are
    ingested with reconciliation on (timed: each event searches the full store for its
    incident); then each query of STORE_QUERIES runs `repeats` times, fully read (rows
    decoded to Events, as `sitrep events` does), for p50/p95 latencies.

    PostgreSQL: `pg_url` (an empty database), else SITREP_BENCH_PG, else a throwaway
    server started here with durable settings (fsync on), the same helper the tests use.
    """
    import tempfile

    from sitrep.store.pgserver import ThrowawayPostgres

    options = {
        "articles": articles,
        "events": events,
        "events_per_article": events_per_article,
        "reconciled_articles": reconciled_articles,
        "repeats": repeats,
    }
    out: dict[str, Any] = {**options, "cpu_count": os.cpu_count(), "backends": {}}
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as folder:
            out["backends"]["sqlite"] = _bench_one_store(
                os.path.join(folder, "bench.db"), **options
            )
    if "postgresql" in backends:
        url = pg_url or os.environ.get("SITREP_BENCH_PG")
        if url:
            out["backends"]["postgresql"] = _bench_one_store(url, **options)
        else:
            with ThrowawayPostgres(durable=True, database="sitrep_bench") as server:
                out["backends"]["postgresql"] = _bench_one_store(server.url, **options)
                out["postgresql_server"] = "throwaway, fsync on"
    return out


# -- sitrep bench --serve: the events endpoint under load --------------------------------------

#: The events endpoint with the filters people use, rotated request by request.
SERVE_QUERIES: tuple[str, ...] = (
    "/api/events?since=2024-03-01&until=2024-03-07",
    "/api/events?type=Battles&since=2024-03-01&until=2024-03-31",
    "/api/events?country=SYR&since=2024-03-01&until=2024-03-31",
    "/api/events?bbox=36.3,35.6,37.0,36.1&since=2024-01-01&until=2024-03-31",
    "/api/events?min_fatalities=50&sort=-fatalities",
    "/api/events?actor=Ansar%20Allah&since=2024-01-01&until=2024-03-31",
    "/api/events?type=Air%2Fdrone%20strike&sort=-date",
    "/api/events?country=UKR&since=2023-06-01&until=2023-06-30&sort=-date",
)

_WRK_SCRIPT = """
local paths = {%(paths)s}
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'SITREP-WRK {"requests":%%d,"duration_us":%%d,"bytes":%%d,"connect":%%d,"read":%%d,' ..
    '"write":%%d,"status":%%d,"timeout":%%d,"p50_us":%%d,"p95_us":%%d,"p99_us":%%d,' ..
    '"mean_us":%%f,"max_us":%%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed_serve_store(path: str, events: int) -> dict[str, Any]:
    "Fill an empty store with `events` generated events (kept if it holds enough already)."
    from sitrep.store import open_store

    with open_store(path, reconcile=False) as store:
        stored = store.stats()["events"]
        if stored >= events:
            return {"seeded": False, "seed_s": 0.0}
        if stored:
            raise StoreError(
                f"{store.url} holds {stored} events, fewer than {events}; give an empty store "
                "or one that holds enough"
            )
        t0 = time.perf_counter()
        for article, evs in iter_store_corpus(max(1, events // 5)):
            store.ingest(article, evs)
        store.optimize()
        return {"seeded": True, "seed_s": round(time.perf_counter() - t0, 1)}


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) used so far by process `pid` and its children, from /proc
    (Linux); None elsewhere. Load from other programs does not change it, unlike latency."""
    try:
        pids, todo = [], [pid]
        while todo:
            p = todo.pop()
            pids.append(p)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        ticks = 0
        for p in pids:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return None


def _wait_for(url: str, proc: Any, timeout: float = 60.0) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError as err:
            if proc.poll() is not None:
                raise StoreError(
                    f"the server exited (status {proc.returncode}) before serving"
                ) from err
            if time.monotonic() > deadline:
                raise StoreError(f"the server did not answer {url} within {timeout:.0f} s") from err
            time.sleep(0.2)


def _drive_wrk(base: str, paths: tuple[str, ...], connections: int, seconds: float) -> dict:
    "Run wrk (C, 2 threads) with a Lua script rotating `paths`; its summary as a dict."
    import json
    import subprocess
    import tempfile

    script = _WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                f.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(f.name)
    line = next(x for x in out.splitlines() if x.startswith("SITREP-WRK "))
    r = json.loads(line.removeprefix("SITREP-WRK "))
    duration = r["duration_us"] / 1e6
    return {
        "client": "wrk",
        "requests": r["requests"],
        "duration_s": round(duration, 2),
        "requests_per_s": round(r["requests"] / duration, 1),
        "p50_ms": round(r["p50_us"] / 1000, 2),
        "p95_ms": round(r["p95_us"] / 1000, 2),
        "p99_ms": round(r["p99_us"] / 1000, 2),
        "max_ms": round(r["max_us"] / 1000, 2),
        "errors": sum(r[k] for k in ("connect", "read", "write", "status", "timeout")),
        "non_2xx": r["status"],
        "mb_per_s": round(r["bytes"] / duration / 1e6, 2),
    }


def _asyncio_client(
    host: str, port: int, paths: tuple[str, ...], connections: int, seconds: float, out: Any
) -> None:
    "The fallback load generator (no wrk): keep-alive HTTP/1.1 connections on asyncio."
    import asyncio

    async def worker(n: int, latencies: list[float], errors: list[int], stop: float) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        i = n
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            if not head.startswith(b"HTTP/1.1 2"):
                errors[0] += 1
        writer.close()

    async def main() -> dict[str, Any]:
        latencies: list[float] = []
        errors = [0]
        t0 = time.perf_counter()
        stop = t0 + seconds
        results = await asyncio.gather(
            *(worker(n, latencies, errors, stop) for n in range(connections)),
            return_exceptions=True,
        )
        duration = time.perf_counter() - t0
        failed = sum(1 for r in results if isinstance(r, BaseException))
        ordered = sorted(latencies) or [0.0]
        return {
            "client": "python-asyncio",
            "requests": len(latencies),
            "duration_s": round(duration, 2),
            "requests_per_s": round(len(latencies) / duration, 1),
            "p50_ms": round(_percentile(ordered, 0.50) * 1000, 2),
            "p95_ms": round(_percentile(ordered, 0.95) * 1000, 2),
            "p99_ms": round(_percentile(ordered, 0.99) * 1000, 2),
            "max_ms": round(ordered[-1] * 1000, 2),
            "errors": errors[0] + failed,
            "non_2xx": errors[0],
        }

    out.put(asyncio.run(main()))


def _drive_python(
    host: str, port: int, paths: tuple[str, ...], connections: int, seconds: float
) -> dict:
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(
        target=_asyncio_client, args=(host, port, paths, connections, seconds, queue)
    )
    proc.start()
    result = queue.get(timeout=seconds + 120)
    proc.join()
    return result


def run_serve_bench(
    *,
    events: int = 100_000,
    seconds: float = 30.0,
    connections: int = 50,
    workers: int = 2,
    threads: int = 4,
    db: str | None = None,
    client: str = "auto",
    warmup: float = 3.0,
) -> dict[str, Any]:
    """`sitrep bench --serve`: requests/s and p50/p95/p99 latency of the events endpoint.

    A SQLite store holding `events` generated events (`iter_store_corpus`; `db` if given,
    seeded when empty) is served by `sitrep serve` (uvicorn, `workers` processes) on a free
    loopback port; `connections` keep-alive connections then request SERVE_QUERIES in turn
    for `seconds` (after `warmup` seconds not counted), with wrk when it is installed
    (`client="auto"`), else an asyncio client in its own process. Errors are socket errors,
    timeouts and non-2xx responses; the target is none at all.
    """
    import shutil
    import subprocess
    import sys
    import tempfile

    use_wrk = client == "wrk" or (client == "auto" and shutil.which("wrk") is not None)
    with tempfile.TemporaryDirectory(prefix="sitrep-serve-bench-") as folder:
        path = db or os.path.join(folder, "serve.db")
        out: dict[str, Any] = {
            "events": events,
            "seconds": seconds,
            "connections": connections,
            "workers": workers,
            "threads": threads,
            "cpu_count": os.cpu_count(),
            "queries": list(SERVE_QUERIES),
        }
        out.update(_seed_serve_store(path, events))
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "sitrep", "serve", "--db", path, "--port", str(port)]
        log = open(os.path.join(folder, "serve.log"), "wb")  # noqa: SIM115
        server = subprocess.Popen(
            [*command, "--workers", str(workers), "--threads", str(threads), "--no-access-log"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(base + "/api/config", server)
            for _ in range(workers * 4):  # every worker up before the clock starts
                _wait_for(base + SERVE_QUERIES[0], server)

            def drive(duration: float) -> dict[str, Any]:
                if use_wrk:
                    return _drive_wrk(base, SERVE_QUERIES, connections, duration)
                return _drive_python("127.0.0.1", port, SERVE_QUERIES, connections, duration)

            if warmup > 0:
                drive(warmup)
            cpu_before = _cpu_seconds(server.pid)
            out.update(drive(seconds))
            cpu_after = _cpu_seconds(server.pid)
            if cpu_before is not None and cpu_after is not None and out["requests"]:
                # What a request costs the server, whatever else the machine is doing.
                out["server_cpu_ms_per_request"] = round(
                    (cpu_after - cpu_before) / out["requests"] * 1000, 2
                )
            out["load_average_1m"] = round(os.getloadavg()[0], 2)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()
    out["p95_target_ms"] = 100
    out["p95_met"] = out["p95_ms"] < 100 and out["errors"] == 0
    return out
