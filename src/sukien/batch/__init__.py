"""Corpus-scale batch: the pipeline as an Apache Spark job, and loading its output.

>>> from sukien.batch.spark import run_spark
>>> summary = run_spark("articles.jsonl", "out/")        # Parquet under out/{articles,events,...}
>>> from sukien.batch.load import load_parquet
>>> load_parquet("out/", "sqlite:///sukien.db")          # rebuild ArticleResults, ingest, fuse

The job runs ``sukien.pipeline.process`` -- the very function ``sukien extract`` calls --
once per article inside ``mapInArrow``; ``rows`` turns each contract record into the flat
rows of the Parquet datasets and is plain pyarrow, so it is tested without Spark.
This module imports nothing heavy: pyspark is imported only when a job starts.
"""
from __future__ import annotations

from sukien.errors import SukienError

SPARK_EXTRA = "pip install 'sukien[spark]'"
DATASETS = ("articles", "events", "entities", "mentions")


class BatchError(SukienError):
    """A batch job cannot start: its input or output is not usable."""


class SparkUnavailable(BatchError):
    """pyspark or Java is missing: the message names what to install."""
