"""Extraction throughput with 1 and 2 worker processes (multiprocessing, no Spark).

    .venv/bin/python benchmarks/throughput_python.py [--articles 2000] [--workers 1 2] [--json]

Each worker loads the data files once (in the pool's initializer, not timed), then
runs ``pipeline.run`` + the contract + its JSON -- what ``sukien extract`` does --
over its share of the corpus. Reported: elapsed time, articles/s and sentences/s for
the whole pool, the CPU time of the workers, and each worker's peak memory (VmHWM).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import corpus, count_sentences, cpu_count, peak_rss_mib

from sukien.contract import to_result
from sukien.model import Article
from sukien.pipeline import run


def warm() -> None:
    """Pool initializer: load the knowledge base, lexicons and tagger once per worker."""
    run(corpus(1)[0])


def ready(_: int) -> int:
    time.sleep(0.05)  # long enough for every worker to take one
    return os.getpid()


def work(chunk: list[Article]) -> tuple[int, int, float, float]:
    """(pid, events, CPU seconds, peak RSS MiB) for one chunk of articles."""
    began = time.process_time()
    events = 0
    for article in chunk:
        result = to_result(run(article))
        result.to_json()
        events += len(result.events)
    return os.getpid(), events, time.process_time() - began, peak_rss_mib() or 0.0


def measure(articles: list[Article], sentences: int, workers: int) -> dict:
    chunks = [articles[i:i + 25] for i in range(0, len(articles), 25)]
    context = multiprocessing.get_context("spawn")  # fresh interpreters, as a cluster's workers
    with context.Pool(workers, initializer=warm) as pool:
        while len(set(pool.map(ready, range(workers * 4), chunksize=1))) < workers:
            pass  # every worker is up and warm before the clock starts
        began = time.perf_counter()
        outcomes = pool.map(work, chunks, chunksize=1)
        elapsed = time.perf_counter() - began
    peaks: dict[int, float] = {}
    for pid, _, _, peak in outcomes:
        peaks[pid] = max(peaks.get(pid, 0.0), peak)
    return {"workers": workers, "articles": len(articles), "sentences": sentences,
            "events": sum(o[1] for o in outcomes), "elapsed_s": round(elapsed, 3),
            "cpu_s": round(sum(o[2] for o in outcomes), 3),
            "articles_per_s": round(len(articles) / elapsed, 1),
            "sentences_per_s": round(sentences / elapsed, 1),
            "peak_rss_mib_per_worker": sorted(round(v, 1) for v in peaks.values())}


def print_table(results: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Python multiprocessing on {cpu_count()} cores")
    for name in ("workers", "articles", "sentences", "elapsed s", "CPU s", "articles/s", "sentences/s",
                 "peak RSS/worker MiB"):
        table.add_column(name, justify="right")
    for r in results:
        table.add_row(str(r["workers"]), str(r["articles"]), str(r["sentences"]), f"{r['elapsed_s']:.2f}",
                      f"{r['cpu_s']:.2f}", f"{r['articles_per_s']:,.0f}", f"{r['sentences_per_s']:,.0f}",
                      ", ".join(f"{v:.0f}" for v in r["peak_rss_mib_per_worker"]))
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    articles = corpus(args.articles)
    sentences = count_sentences(articles)
    results = [measure(articles, sentences, workers) for workers in args.workers]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
