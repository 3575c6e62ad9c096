"""Load a Spark job's output into the store: contract JSON back to ArticleResults, then fusion.

Only ``OUTPUT/articles/`` is read: its ``contract`` column holds each article's
extraction exactly as ``sukien extract`` prints it, and ``ArticleResult.from_dict``
rebuilds the result from it and the body text. The store does the rest (idempotent
upserts, near-duplicates, cross-document fusion) just as it does for ``extract``.
Rows the job could not process come back as InputErrors, so the store's summary
counts them among its errors. Reading is streamed in batches; Spark is not needed.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from sukien.batch import BatchError
from sukien.contract import ArticleResult
from sukien.errors import InputError
from sukien.store import IngestSummary, open_store

COLUMNS = ("id", "text", "error", "origin", "contract")
BATCH_ROWS = 512
Progress = Callable[..., None]  # the store's progress callback: (outcome, summary)


def articles_dataset(output: str | Path):
    """The ``articles`` dataset under a job's output folder (or the folder itself)."""
    import pyarrow.dataset as ds

    root = Path(output)
    folder = root / "articles" if (root / "articles").is_dir() else root
    if not folder.is_dir():
        raise BatchError(f"{output}: no such folder (expected the output of `sukien spark`)")
    dataset = ds.dataset(folder, format="parquet")  # skips Spark's _SUCCESS and .crc files
    missing = [name for name in COLUMNS if name not in dataset.schema.names]
    if missing or not dataset.files:
        raise BatchError(f"{folder}: not an articles dataset of `sukien spark` (missing {missing or 'files'})")
    return dataset


def read_results(output: str | Path) -> Iterator[ArticleResult | InputError]:
    """Every article row as an ArticleResult, or an InputError carrying the job's error."""
    dataset = articles_dataset(output)
    for batch in dataset.to_batches(columns=list(COLUMNS), batch_size=BATCH_ROWS):
        for row in batch.to_pylist():
            where = row["origin"] or row["id"]
            if row["error"] is not None:
                yield InputError(row["id"], row["error"])
                continue
            try:
                yield ArticleResult.from_dict(json.loads(row["contract"]), row["text"] or "")
            except (TypeError, ValueError, KeyError) as error:
                yield InputError(where, f"unreadable contract: {error}")


def load_parquet(output: str | Path, url: str | None = None, *,
                 progress: Progress | None = None) -> IngestSummary:
    """Ingest a job's output into the store at ``url`` (default: the user's database)."""
    articles_dataset(output)  # fail before opening (and creating) a database for nothing
    with open_store(url) as store:
        return store.ingest(read_results(output), command=f"load {output}", progress=progress)
