"""Ingestion beside extraction, side by side in one run (what `sukien bench --ingest` prints).

    .venv/bin/python benchmarks/ingest_throughput.py [--articles 2000] [--corpus FILE.jsonl [--limit N]]
                                                     [--pg postgresql+psycopg://user@host/db] [--json]

Each phase is the real command in a process of its own on one JSONL file: `sukien extract`,
`sukien ingest` into a fresh SQLite file, and with --pg `sukien ingest` into a fresh schema on
that server (dropped afterwards). Without --corpus the input is generated from the bundled
examples (`sukien.bench_ingest.distinct_corpus`: every article a new text, dates over two
months so that events are reported again and fuse). Printed for each phase: elapsed s,
items/s, CPU s of the command's process, peak memory, fused events (and those told by two
articles or more, by two outlets or more) and the database's size. See `sukien.bench_ingest`.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console

from sukien.bench_ingest import run_ingest_bench
from sukien.cli.bench import ingest_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="generated articles (without --corpus)")
    parser.add_argument("--corpus", type=Path, help="a JSONL file of articles")
    parser.add_argument("--limit", type=int, help="the corpus's first N items only")
    parser.add_argument("--pg", help="also ingest into a fresh schema on this PostgreSQL URL")
    parser.add_argument("--spark", action="store_true", help="also run the Spark job (local[2]) over the same items")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    phases = run_ingest_bench(args.corpus, articles=args.articles, limit=args.limit, postgres=args.pg,
                              spark=args.spark)
    if args.json:
        print(json.dumps([p.to_dict() for p in phases], indent=2))
    else:
        Console().print(ingest_table(phases, args.corpus.name if args.corpus else f"{args.articles} generated articles"))


if __name__ == "__main__":
    main()
