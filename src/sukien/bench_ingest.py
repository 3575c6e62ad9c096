"""Ingestion beside extraction: the two commands a user runs, timed side by side in one run.

Each phase runs the real command in a process of its own, on the same JSONL file:
``sukien extract FILE`` (its output thrown away), then ``sukien ingest FILE --db URL`` into
a fresh SQLite file and, when a PostgreSQL URL is given, into a fresh schema there. For
each: elapsed seconds, items/s, CPU seconds of the command's process (its own figure on a
busy machine; PostgreSQL's server works in processes of its own, so there elapsed time is
the fair figure), peak memory (the process's maximum resident set), and for the ingests the
events stored, the fused events told by two articles or more and by two outlets or more,
and the database's size. Start-up (imports, data files) is inside every figure, as a user
meets it.

The input is a JSONL file of articles (``--corpus``, e.g. a slice of a year of news), or
one generated from the bundled examples (``distinct_corpus``): their paragraphs mixed so
that every article is a new text (the examples themselves would be stored as copies of 12
originals), with publication dates over two months so that the same events are reported
again and fuse. A ``.gz`` corpus is unpacked (its first N items with ``--limit``) into a
temporary JSONL file first, so that every phase reads the same plain file.

With ``spark=True`` one more row runs the Spark job (``sukien spark``, ``local[2]``) over
the same file in a process of its own (``sukien.bench_spark``): elapsed time with the
session's start inside it, the job's time once the session is up, the events written to
Parquet (as extracted, not fused), the Parquet datasets' size, and CPU and peak memory of
the whole process tree (driver, JVM, Python workers). Without pyspark or Java the row says
what is missing and the other phases run as usual.
"""
from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import timedelta
from pathlib import Path

from sukien.bench import FIRST_DAY, example_articles
from sukien.model import Article


@dataclass
class Phase:
    name: str
    items: int
    seconds: float  # elapsed
    cpu_s: float  # CPU time of the command's process
    peak_rss_mib: float
    events: int | None = None  # stored fused events
    multi_article: int | None = None  # fused events reported by two articles or more
    multi_outlet: int | None = None  # ... by two outlets or more
    db_mib: float | None = None  # the database, or the Parquet datasets
    extracted_events: int | None = None  # events as extracted, one per report, not fused (Spark)
    skipped: str | None = None  # why the phase did not run

    @property
    def items_per_s(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0

    @property
    def cpu_items_per_s(self) -> float:
        return self.items / self.cpu_s if self.cpu_s else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "items_per_s": round(self.items_per_s, 1),
                "cpu_items_per_s": round(self.cpu_items_per_s, 1)}


@dataclass
class SparkPhase(Phase):
    """The Spark job: ``seconds`` from the process's start to its exit, the session's start inside."""

    master: str = "local[2]"
    session_s: float | None = None  # starting the session (the JVM), inside ``seconds``
    job_s: float | None = None  # the job once the session is up: workers' start, extraction, Parquet writes
    driver_peak_rss_mib: float | None = None
    jvm_peak_rss_mib: float | None = None
    workers_peak_rss_mib: list[float] | None = None  # the pyspark daemon and each worker
    other_peak_rss_mib: float | None = None  # any other process below the driver (spark-submit's shells)
    cpu_s_by_process: dict[str, float] | None = None  # driver, jvm, python (daemon and workers), other
    memory_of: str | None = None  # which processes peak_rss_mib and cpu_s cover

    @property
    def job_items_per_s(self) -> float:
        return self.items / self.job_s if self.job_s else 0.0

    def to_dict(self) -> dict:
        return {**super().to_dict(), "job_items_per_s": round(self.job_items_per_s, 1)}


def distinct_corpus(n: int, seed: int = 0) -> list[Article]:
    """``n`` different articles made of the examples' paragraphs: each keeps one example's
    title and lead, half of its other paragraphs and two or three paragraphs of others."""
    base = example_articles()
    paragraphs = [[p for p in a.text.split("\n") if p.strip()] for a in base]
    rng = random.Random(seed)
    out = []
    for number in range(n):
        which = number % len(base)
        own = paragraphs[which]
        rest = own[1:]
        kept = rng.sample(rest, k=max(1, len(rest) // 2)) if rest else []
        others = [p for i, ps in enumerate(paragraphs) if i != which for p in ps[1:]]
        text = "\n".join([own[0], *kept, *rng.sample(others, k=rng.randint(2, 3))])
        out.append(replace(base[which], id=f"gen-{number:06d}", origin=None, text=text,
                           published=FIRST_DAY + timedelta(days=rng.randrange(60))))
    return out


def write_jsonl(articles: list[Article], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps({"id": a.id, "title": a.title, "text": a.text, "outlet": a.outlet,
                                  "url": a.url, "published": a.published.isoformat() if a.published else None},
                                 ensure_ascii=False) + "\n")
    return path


def count_items(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def _run(args: list[str]) -> tuple[float, float, float]:
    """Elapsed s, CPU s and peak RSS MiB of one ``sukien`` command in a process of its own."""
    command = [sys.executable, "-c", "from sukien.cli import main; main()", *args]
    began = time.perf_counter()
    with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, stdout=sink, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - began
        if child.returncode not in (0, 1):  # 1: some articles failed, the others were stored
            errors.seek(0)
            raise RuntimeError(f"sukien {args[0]} failed: {errors.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _stored(url: str) -> tuple[int, int, int]:
    from sqlalchemy import func, select

    from sukien.store import open_store
    from sukien.store.schema import events
    with open_store(url) as store, store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(events)).scalar_one()
        multi = conn.execute(select(func.count()).where(events.c.num_articles >= 2)).scalar_one()
        outlets = conn.execute(select(func.count()).where(events.c.num_sources >= 2)).scalar_one()
    return total, multi, outlets


def _pg_size(url: str) -> float:
    from sqlalchemy import text

    from sukien.store import open_store
    with open_store(url) as store, store.engine.connect() as conn:
        size = conn.execute(text("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
                                 " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                                 " AND c.relkind IN ('r', 'm')")).scalar_one()
    return float(size or 0) / 2**20  # the server sums as numeric: a Decimal


def extract_phase(path: Path) -> Phase:
    seconds, cpu, peak = _run(["extract", str(path)])
    return Phase("extract", count_items(path), seconds, cpu, peak)


def sqlite_phase(path: Path, folder: Path) -> Phase:
    db = folder / f"ingest-{uuid.uuid4().hex[:8]}.db"
    seconds, cpu, peak = _run(["ingest", str(path), "--db", str(db)])
    stored = _stored(f"sqlite:///{db}")
    size = sum(p.stat().st_size for p in folder.glob(db.name + "*")) / 2**20
    return Phase("ingest sqlite", count_items(path), seconds, cpu, peak, *stored, db_mib=size)


def postgres_phase(path: Path, url: str) -> Phase:
    """Into a schema of its own on the server at ``url``, dropped afterwards."""
    from sqlalchemy import create_engine
    schema = "bench_" + uuid.uuid4().hex[:10]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    scoped = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    try:
        seconds, cpu, peak = _run(["ingest", str(path), "--db", scoped])
        stored = _stored(scoped)
        return Phase("ingest postgresql", count_items(path), seconds, cpu, peak, *stored, db_mib=_pg_size(scoped))
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def spark_phase(path: Path, folder: Path, master: str = "local[2]") -> SparkPhase:
    """``sukien spark`` over ``path`` in a process of its own; a skipped row when it cannot run."""
    from sukien.bench_spark import folder_mib, parquet_rows, run_child, why_unavailable
    name, items = f"spark {master}", count_items(path)
    missing = why_unavailable()
    if missing:
        return SparkPhase(name, items, 0.0, 0.0, 0.0, skipped=missing, master=master)
    output = folder / "spark-out"
    try:
        seconds, child = run_child(path, output, master)
    except RuntimeError as error:
        return SparkPhase(name, items, 0.0, 0.0, 0.0, skipped=str(error), master=master)
    return SparkPhase(name, child["articles"], seconds, child["cpu_s"], child["peak_rss_mib"],
                      db_mib=folder_mib(output), extracted_events=parquet_rows(output / "events"),
                      master=master, session_s=child["session_s"], job_s=child["job_s"],
                      driver_peak_rss_mib=child["driver_peak_rss_mib"], jvm_peak_rss_mib=child["jvm_peak_rss_mib"],
                      workers_peak_rss_mib=child["workers_peak_rss_mib"],
                      other_peak_rss_mib=child["other_peak_rss_mib"], cpu_s_by_process=child["cpu_s_by_process"],
                      memory_of=child["memory_of"])


def plain_input(corpus: Path, folder: Path, limit: int | None) -> Path:
    """The corpus as a plain JSONL file: itself, or its first ``limit`` items (unpacked if .gz)."""
    packed = corpus.suffix == ".gz"
    if not limit and not packed:
        return corpus
    path = folder / ("slice.jsonl" if limit else corpus.with_suffix("").name)
    with (gzip.open if packed else open)(corpus, "rb") as source, path.open("wb") as out:
        for number, line in enumerate(source):
            if limit and number >= limit:
                break
            out.write(line)
    return path


def run_ingest_bench(corpus: Path | None = None, *, articles: int = 2000, limit: int | None = None,
                     postgres: str | None = None, spark: bool = False, seed: int = 0) -> list[Phase]:
    """Extract, then ingest into SQLite (and PostgreSQL), then the Spark job if asked, over one input."""
    with tempfile.TemporaryDirectory(prefix="sukien-bench-") as tmp:
        folder = Path(tmp)
        if corpus is None:
            path = write_jsonl(distinct_corpus(articles, seed), folder / "generated.jsonl")
        else:
            path = plain_input(corpus, folder, limit)
        phases = [extract_phase(path), sqlite_phase(path, folder)]
        if postgres:
            phases.append(postgres_phase(path, postgres))
        if spark:
            phases.append(spark_phase(path, folder))
    return phases
