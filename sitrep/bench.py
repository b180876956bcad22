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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

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

    with_places = _time(lambda: run(kit), repeats)
    without = _time(lambda: run(blind), repeats)
    return round(max(0.0, with_places.median_s - without.median_s), 3)


def run_bench(
    *,
    articles: int = 300,
    words: int = 500,
    repeats: int = 3,
    processes: tuple[int, ...] = (1, 2),
    model: str = "sm",
) -> dict[str, Any]:
    """Extraction versus bare spaCy throughput, per process count, plus peak memory."""
    from sitrep.extract import extract_many, load_kit

    kit = load_kit(model)
    corpus = synthetic_articles(articles, words=words)
    texts = [a.text for a in corpus]
    total_words = sum(len(t.split()) for t in texts)
    kit.nlp("Warm-up sentence in Idlib.")
    rows = []
    for n_process in processes:
        nlp = _time(
            lambda n=n_process: list(kit.nlp.pipe(texts, batch_size=32, n_process=n)), repeats
        )
        full = _time(lambda n=n_process: list(extract_many(corpus, kit=kit, n_process=n)), repeats)
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
        "processes": rows,
    }
