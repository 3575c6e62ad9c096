"""Shared fixtures.

``shared`` is the folder beside the project that holds the development corpus and
public datasets; tests that read it skip, saying why, when it is absent (a fresh
clone of the project on its own). ``corpus_results`` runs the pipeline once over
the development corpus for every test that needs its output.
"""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "dev"
EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "sukien" / "data" / "examples"

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "articles.jsonl").exists(),
    reason=f"the development corpus is not at {CORPUS} (it ships beside the project, not in it)",
)


@pytest.fixture(scope="session")
def corpus_gold():
    if not (CORPUS / "articles.jsonl").exists():
        pytest.skip(f"the development corpus is not at {CORPUS}")
    from sukien.evaluate.gold import load_gold

    return load_gold(CORPUS)


@pytest.fixture(scope="session")
def corpus_results(corpus_gold):
    from sukien.pipeline import process

    return {article.id: process(article) for article in corpus_gold.articles}


def pytest_collection_modifyitems(items):
    """Every test has an id of its own: the parallel run (pytest-xdist) schedules tests by id, and two
    tests that share one would silently run as one."""
    from collections import Counter

    shared = sorted(nodeid for nodeid, count in Counter(item.nodeid for item in items).items() if count > 1)
    if shared:
        raise pytest.UsageError(f"{len(shared)} test ids are shared by several tests, first: {shared[0]}")
