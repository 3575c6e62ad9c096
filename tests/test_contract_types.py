"""The Python API's types and help: what a user's editor and type checker see.

``ArticleResult.events`` and ``.entities`` are typed records (TypedDicts: plain dicts at run
time, so the JSON contract as written); every key they declare is written, and nothing
else. ``help(sukien.extract)`` shows an example, the examples run, a wrong argument is a
clear ``TypeError``, and the package says it is typed (``py.typed``).
"""
from __future__ import annotations

import doctest
import os
import subprocess
import sys
from importlib import resources
from typing import get_type_hints

import pytest

import sukien
from sukien import contract, pipeline
from sukien.contract import (
    ArticleResult, DateRecord, EntityRecord, EventRecord, LocationRecord, MentionRecord, ResultRecord,
    RoleRecord, SpanRecord,
)

# Invented people; a sentence that fills every part of an event record.
TEXT = ("Chiều 14/5, tại Viêng Chăn, Bộ trưởng Ngoại giao Lê Minh Hòa đã hội đàm với "
        "Ngoại trưởng Lào Khamphone Sisavath nhân dịp kỷ niệm 60 năm quan hệ ngoại giao.")


@pytest.fixture(scope="module")
def result() -> ArticleResult:
    return sukien.extract(TEXT, title="Hội đàm", published="2026-05-15")


def test_the_result_is_typed_with_records() -> None:
    hints = get_type_hints(ArticleResult)
    assert hints["events"] == tuple[EventRecord, ...]
    assert hints["entities"] == tuple[EntityRecord, ...]
    assert get_type_hints(ArticleResult.to_dict)["return"] is ResultRecord
    assert {"EventRecord", "EntityRecord"} <= set(sukien.__all__)


def keys(record_type: type) -> set[str]:
    return set(record_type.__required_keys__) | set(record_type.__optional_keys__)


def test_every_record_has_exactly_the_keys_its_type_declares(result: ArticleResult) -> None:
    record = result.to_dict()
    assert set(record) == keys(ResultRecord)
    event = next(e for e in result.events if e["cameo"] == "046")
    assert set(event) == keys(EventRecord)
    assert set(event["date"]) == keys(DateRecord) and set(event["location"]) == keys(LocationRecord)
    for span in (event["trigger"], *event["evidence"], event["date"]["evidence"], event["occasion"]):
        assert set(span) == keys(SpanRecord)
    for entity in result.entities:
        assert set(entity) == keys(EntityRecord)
        assert all(set(mention) == keys(MentionRecord) for mention in entity["mentions"])
        assert all(set(role) == keys(RoleRecord) for role in entity["roles"])
    assert any(entity["roles"] for entity in result.entities)


def test_records_hold_the_types_they_declare(result: ArticleResult) -> None:
    event = next(e for e in result.events if e["cameo"] == "046")
    assert isinstance(event["confidence"], float) and isinstance(event["sentence"], int)
    assert isinstance(event["negated"], bool) and all(isinstance(i, str) for i in event["source"] + event["target"])
    span = event["trigger"]
    assert isinstance(span["start"], int) and TEXT[span["start"]:span["end"]] == span["text"] == "hội đàm"


@pytest.mark.parametrize("module", [sukien, contract], ids=["sukien", "sukien.contract"])
def test_the_examples_in_the_docstrings_run(module: object) -> None:
    failures, tried = doctest.testmod(module, verbose=False)
    assert tried and not failures


def test_the_example_of_extract_runs() -> None:
    finder = doctest.DocTestFinder()
    [test] = finder.find(pipeline.extract, "extract", globs={"extract": pipeline.extract})
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert test.examples and not runner.failures


def test_help_shows_what_extract_does_with_an_example() -> None:
    done = subprocess.run([sys.executable, "-c", "import sukien; help(sukien.extract)"],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PAGER": "cat"})
    assert done.returncode == 0, done.stderr
    assert "ArticleResult" in done.stdout and ">>> " in done.stdout and "published" in done.stdout
    done = subprocess.run([sys.executable, "-c", "import sukien; help(sukien.ArticleResult)"],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PAGER": "cat"})
    assert "EventRecord" in done.stdout and ">>> " in done.stdout


@pytest.mark.parametrize("text", [None, b"T\xc3\xb4i", 42, ["một câu"]])
def test_extract_refuses_what_is_not_text(text: object) -> None:
    with pytest.raises(TypeError, match=f"str, not {type(text).__name__}"):
        sukien.extract(text)  # type: ignore[arg-type]


def test_the_package_says_it_is_typed() -> None:
    assert (resources.files("sukien") / "py.typed").is_file()
