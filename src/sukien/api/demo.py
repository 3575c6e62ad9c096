"""A demo database from the bundled example articles, for ``sukien serve --demo`` and tests.

The example articles (``sukien/data/examples/*.txt``) are fiction written for the
project; running the pipeline over them takes a few seconds, so the results are
computed once per process.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sukien.contract import ArticleResult
from sukien.errors import InputError
from sukien.store import Store, open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


@lru_cache(maxsize=1)
def example_results() -> tuple[ArticleResult, ...]:
    from sukien.ingest import read_articles
    from sukien.pipeline import process

    paths = sorted(EXAMPLES.glob("*.txt"))
    results = []
    for item in read_articles(paths):
        if isinstance(item, InputError):
            raise item
        results.append(process(item))
    return tuple(results)


def build_demo(url: str) -> Store:
    """Open (creating) the database at ``url`` and store the example articles in it."""
    store = open_store(url)
    summary = store.ingest(example_results(), command="demo")
    if summary.errors:
        store.close()
        where, problem = summary.errors[0]
        raise InputError(where, problem)
    return store
