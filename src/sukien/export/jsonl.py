"""JSONL: one fused event per line, with its actors and every mention that reports it.

This is the lossless export: what ``sukien.export.queries.iter_records`` yields,
one JSON object per line, UTF-8, Vietnamese left unescaped.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False, default=str)


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write one line per record; return how many were written."""
    count = 0
    for record in records:
        out.write(dumps(record) + "\n")
        count += 1
    return count
