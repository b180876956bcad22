"""`sitrep bench` runs end to end on a tiny corpus and reports every documented key.

Speed itself is never asserted here (shared machines are noisy); only that the benchmark
measures what it says, so a broken benchmark cannot hide until someone needs the numbers.
"""

from __future__ import annotations

from sitrep.bench import run_bench, synthetic_articles


def test_generated_corpus_is_stable_and_sized() -> None:
    first = synthetic_articles(3, words=200, seed=1)
    again = synthetic_articles(3, words=200, seed=1)
    assert [a.text for a in first] == [a.text for a in again]
    assert all(len(a.text.split()) >= 200 for a in first)
    assert len({a.id for a in first}) == 3


def test_bench_reports_every_key() -> None:
    result = run_bench(articles=4, words=120, repeats=1, processes=(1,))
    for key in ("extract_articles_per_s", "nlp_articles_per_s", "ratio", "peak_rss_mb"):
        assert result[key] > 0, key
    assert [row["processes"] for row in result["processes"]] == [1]
    assert 0 <= result["geocode_share"] < 1
    assert result["articles"] == 4
    # The index in use records how long its build took, in wall and CPU seconds.
    assert result["gazetteer_build_s"] > 0 and result["gazetteer_build_cpu_s"] > 0
    assert result["gazetteer_rebuilt"] is False


def test_dask_bench_reports_ratio_memory_and_projection() -> None:
    from sitrep.bench import run_dask_bench

    r = run_dask_bench(articles=8, words=40, repeats=1, workers=(1, 2))
    assert [row["workers"] for row in r["workers"]] == [1, 2]
    assert all(row["articles_per_s"] > 0 for row in r["workers"])
    assert all(row["worker_cpu_s_per_article"] > 0 for row in r["workers"])
    assert r["ratio"] > 0 and 0 < r["efficiency"] <= 1
    assert r["worker_rss_mb"] > 100  # a worker holds spaCy and the gazetteer
    p = r["projection"]
    assert p["articles_per_day"] == 250_000 and p["workers_at_peak"] >= 1
    assert p["workers_at_peak_cpu"] >= 1
