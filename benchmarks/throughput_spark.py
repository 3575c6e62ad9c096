"""Throughput of the Spark job (``sukien spark``) in local[1] and local[2].

    .venv/bin/python benchmarks/throughput_spark.py [--articles 2000] [--masters local[1] local[2]] [--json]

For each master, in a process of its own: start a session (timed apart), run the job once cold (Python workers
start and load the data files) and once warm (reused workers), each over the same
generated JSONL corpus, writing all four Parquet datasets. Reported: session start,
cold and warm job time, articles/s and sentences/s of the warm run, and the peak
memory (VmHWM) of the JVM and of each Python worker process.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import corpus, count_sentences, cpu_count, descendants, peak_rss_mib


def write_corpus(folder: Path, n: int) -> tuple[Path, int, int]:
    articles = corpus(n)
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for a in articles:
            handle.write(json.dumps({"id": a.id, "title": a.title, "text": a.text, "outlet": a.outlet,
                                     "published": a.published.isoformat()}, ensure_ascii=False) + "\n")
    return path, len(articles), count_sentences(articles)


def memory() -> dict:
    """Peak RSS of the JVM and of the Python workers below this driver."""
    jvm, workers = [], []
    for pid, command in descendants(os.getpid()):
        peak = peak_rss_mib(pid)
        if peak is None:
            continue
        if "java" in command.split(" ")[0]:
            jvm.append(peak)
        elif "pyspark" in command:
            workers.append(peak)
    return {"jvm_peak_rss_mib": round(max(jvm, default=0.0), 1),
            "python_workers_peak_rss_mib": sorted(round(w, 1) for w in workers)}


def measure(master: str, source: Path, articles: int, sentences: int, out: Path) -> dict:
    from sukien.batch.spark import build_session, run

    began = time.perf_counter()
    spark = build_session(master, app_name=f"sukien-bench-{master}")
    spark.sparkContext.setLogLevel("ERROR")
    session_s = time.perf_counter() - began
    try:
        times = []
        for attempt in ("cold", "warm"):
            began = time.perf_counter()
            summary = run(spark, str(source), str(out / f"{master}-{attempt}"))
            times.append(time.perf_counter() - began)
        mem = memory()
    finally:
        spark.stop()
    warm = times[1]
    return {"master": master, "articles": articles, "sentences": sentences, "events": summary.events,
            "errors": summary.errors, "session_s": round(session_s, 2), "cold_s": round(times[0], 2),
            "warm_s": round(warm, 2), "articles_per_s": round(articles / warm, 1),
            "sentences_per_s": round(sentences / warm, 1), **mem}


def one_master(master: str, articles: int) -> dict:
    command = [sys.executable, __file__, "--articles", str(articles), "--masters", master, "--json"]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout)[0]


def print_table(results: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"sukien spark on {cpu_count()} cores (warm run; all four datasets written)")
    for name in ("master", "articles", "sentences", "session s", "cold s", "warm s", "articles/s",
                 "sentences/s", "JVM peak MiB", "Python workers peak MiB"):
        table.add_column(name, justify="right")
    for r in results:
        table.add_row(r["master"], str(r["articles"]), str(r["sentences"]), f"{r['session_s']:.1f}",
                      f"{r['cold_s']:.1f}", f"{r['warm_s']:.1f}", f"{r['articles_per_s']:,.0f}",
                      f"{r['sentences_per_s']:,.0f}", f"{r['jvm_peak_rss_mib']:.0f}",
                      ", ".join(f"{w:.0f}" for w in r["python_workers_peak_rss_mib"]))
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    if len(args.masters) > 1:  # one process per master: each gets its own JVM, measured alone
        results = [one_master(master, args.articles) for master in args.masters]
    else:
        with tempfile.TemporaryDirectory(prefix="sukien-bench-") as tmp:
            source, articles, sentences = write_corpus(Path(tmp), args.articles)
            results = [measure(args.masters[0], source, articles, sentences, Path(tmp))]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
