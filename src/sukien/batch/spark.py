"""The extraction pipeline as a Spark job: JSONL or Parquet articles in, Parquet datasets out.

Each input record travels to a Python worker as a JSON article object and goes through
``sukien.batch.rows.process_batches`` inside ``mapInArrow``; the knowledge base, lexicons
and tagger load once per Python worker (their ``lru_cache``) and are reused by every task
that worker runs. The result rows are persisted once and written as four datasets:

    OUTPUT/articles/   id, title, published, outlet, url, text, n_events, error, origin, raw, contract
    OUTPUT/events/     one row per event (see ``rows.EVENT``)
    OUTPUT/entities/   one row per entity per article
    OUTPUT/mentions/   one row per mention

pyspark is imported only here, and only when a job starts.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sukien.batch import DATASETS, SPARK_EXTRA, BatchError, SparkUnavailable

if TYPE_CHECKING:  # only for annotations: importing pyspark is what this module defers
    from pyspark.sql import DataFrame, SparkSession

ARTICLE_COLUMNS = ("id", "title", "text", "published", "outlet", "url")
FORMATS = ("auto", "jsonl", "parquet")


@dataclass(frozen=True)
class BatchSummary:
    articles: int
    errors: int
    events: int
    output: str


def require_spark() -> None:
    """Fail with one line naming what to install when pyspark or Java is missing."""
    if importlib.util.find_spec("pyspark") is None:
        raise SparkUnavailable(f"pyspark is not installed: {SPARK_EXTRA}")
    java_home = os.environ.get("JAVA_HOME")
    if not shutil.which("java") and not (java_home and Path(java_home, "bin", "java").exists()):
        raise SparkUnavailable("Java is not installed (Spark needs it): "
                               "apt-get install -y openjdk-17-jre-headless, or set JAVA_HOME")


def build_session(master: str = "local[2]", app_name: str = "sukien") -> SparkSession:
    """A session kept on loopback, without the UI; Python workers run this interpreter."""
    require_spark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name).master(master)
    settings = {
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "2",
        "spark.python.worker.reuse": "true",  # keep the loaded knowledge base between tasks
        "spark.sql.execution.arrow.maxRecordsPerBatch": "1000",
    }
    if master.startswith("local"):
        settings.update({"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"})
        # On one machine the workers must run this very interpreter (its environment has
        # sukien); pyspark reads only the variable. On a cluster spark-submit decides.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # the JVM binds loopback too
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if master.startswith("local"):
        spark.sparkContext.setLogLevel("ERROR")  # keep a local run's console to sukien's own lines
    return spark


@contextmanager
def spark_session(master: str = "local[2]") -> Iterator[SparkSession]:
    """A new session, stopped at the end; or the caller's active one, left running."""
    require_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    spark = build_session(master)
    try:
        yield spark
    finally:
        spark.stop()


def detect_format(path: str) -> str:
    """jsonl or parquet, from the name or, for a local folder, from the files in it."""
    lowered = path.rstrip("/").lower()
    if lowered.endswith(".parquet"):
        return "parquet"
    if lowered.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    local = Path(path)
    if local.is_dir():
        if next(local.rglob("*.parquet"), None) is not None:
            return "parquet"
        if next(local.rglob("*.jsonl"), None) is not None:
            return "jsonl"
    raise BatchError(f"{path}: cannot tell whether it is JSONL or Parquet; pass --format")


def read_input(spark: SparkSession, path: str, input_format: str = "auto") -> DataFrame:
    """Records as (value: JSON article object, origin: file path), blank lines left out."""
    from pyspark.sql import functions as F

    kind = detect_format(path) if input_format == "auto" else input_format
    if kind == "jsonl":
        reader = spark.read
        if Path(path).is_dir():
            reader = reader.option("recursiveFileLookup", "true").option("pathGlobFilter", "*.jsonl")
        frame = reader.text(path).select("value", F.col("_metadata.file_path").alias("origin"))
        return frame.where(F.trim(F.col("value")) != "")
    frame = spark.read.parquet(path)
    present = [name for name in ARTICLE_COLUMNS if name in frame.columns]
    if "text" not in present:
        raise BatchError(f"{path}: the Parquet dataset has no 'text' column")
    # One JSON object per row, so both kinds of input share the reader of `sukien extract`.
    return frame.select(F.to_json(F.struct(*[F.col(name) for name in present])).alias("value"),
                        F.col("_metadata.file_path").alias("origin"))


def extract_frame(frame: DataFrame, partitions: int | None = None) -> DataFrame:
    """Run the pipeline over every record: one result row per input record."""
    from pyspark.sql.pandas.types import from_arrow_schema

    from sukien.batch.rows import RESULT, process_batches

    wanted = partitions or frame.sparkSession.sparkContext.defaultParallelism
    # A single small file is one partition: spread it so every core gets work.
    if partitions or frame.rdd.getNumPartitions() < wanted:
        frame = frame.repartition(wanted)
    return frame.mapInArrow(process_batches, from_arrow_schema(RESULT))


def write_datasets(results: DataFrame, output: str) -> None:
    """The four datasets, each replacing an earlier run's."""
    from pyspark.sql import functions as F

    results.drop("events", "entities", "mentions").write.mode("overwrite").parquet(f"{output}/articles")
    for name in DATASETS[1:]:
        (results.select(F.explode(name).alias("row")).select("row.*")
         .write.mode("overwrite").parquet(f"{output}/{name}"))


def run(spark: SparkSession, input_path: str, output: str, *, partitions: int | None = None,
        input_format: str = "auto") -> BatchSummary:
    """Extract every article under ``input_path`` and write the datasets under ``output``."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    results = extract_frame(read_input(spark, input_path, input_format), partitions)
    # Extraction is the expensive part: compute it once for the count and the four writes.
    results = results.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        totals = results.agg(F.count(F.lit(1)).alias("articles"), F.count("error").alias("errors"),
                             F.sum("n_events").alias("events")).first()
        write_datasets(results, output)
    finally:
        results.unpersist()
    return BatchSummary(totals["articles"], totals["errors"], totals["events"] or 0, output)


def run_spark(input_path: str, output: str, *, master: str = "local[2]", partitions: int | None = None,
              input_format: str = "auto") -> BatchSummary:
    """Start a session, run the job, stop the session."""
    if input_format not in FORMATS:
        raise BatchError(f"unknown format {input_format!r} (formats: {', '.join(FORMATS)})")
    if "://" not in input_path and not Path(input_path).exists():
        raise BatchError(f"{input_path}: no such file or directory")
    if input_format == "auto":
        input_format = detect_format(input_path)
    with spark_session(master) as spark:
        return run(spark, input_path, output, partitions=partitions, input_format=input_format)


def main(argv: list[str] | None = None) -> int:
    """For spark-submit, which supplies the master and resources (docs/spark.md)."""
    parser = argparse.ArgumentParser(prog="sukien.batch.spark", description="Extract events from a corpus.")
    parser.add_argument("input", help="JSONL file or folder, or a Parquet dataset")
    parser.add_argument("output", help="folder for articles/, events/, entities/, mentions/")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--format", choices=FORMATS, default="auto")
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("sukien").getOrCreate()
    try:
        summary = run(spark, args.input, args.output, partitions=args.partitions, input_format=args.format)
    finally:
        spark.stop()
    print(f"{summary.articles} articles, {summary.events} events, {summary.errors} articles with errors "
          f"-> {summary.output}")
    return 0


def schemas() -> dict[str, Any]:
    """The pyarrow schema of every dataset, for readers and docs."""
    from sukien.batch.rows import ARTICLE, ENTITY, EVENT, MENTION

    return {"articles": ARTICLE, "events": EVENT, "entities": ENTITY, "mentions": MENTION}


if __name__ == "__main__":
    sys.exit(main())
