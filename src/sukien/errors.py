"""One exception hierarchy; the edges (CLI, API, batch) translate it for people."""
from __future__ import annotations


class SukienError(Exception):
    """Base of every error sukien raises on purpose."""


class InputError(SukienError):
    """An article could not be read: names the file (and line) and the problem."""

    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


class DataFileError(SukienError):
    """A bundled data file (knowledge base, lexicon, model) is malformed."""


class PipelineError(SukienError):
    """The pipeline is wired wrongly: unknown stage or a missing prerequisite."""


class StoreError(SukienError):
    """The database could not be opened, migrated or written."""


class EvaluationError(SukienError):
    """Gold data for an evaluation is missing or malformed."""
