"""Parquet: one row per fused event, typed columns, for pandas, R (arrow) and DuckDB.

Dates are ``date32``, counts ``int32``; actors are parallel lists (``source_ids``,
``source_names``, ``source_countries``, same for targets) rather than structs, so
that ``UNNEST``/``explode`` works without schema knowledge. pyarrow is imported
lazily: it is the ``export`` extra.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

BATCH_ROWS = 10_000


def schema():
    import pyarrow as pa
    text, day, count = pa.string(), pa.date32(), pa.int32()
    strings = pa.list_(pa.string())
    return pa.schema([
        ("id", text), ("date_start", day), ("date_end", day), ("date_granularity", text),
        ("sort_date", day), ("cameo", text), ("root", text), ("plover", text), ("mode", text),
        ("label_vi", text), ("label_en", text), ("goldstein", pa.float64()), ("quad_class", count),
        ("place_name", text), ("place_name_vi", text), ("place_country", text),
        ("modality", text), ("negated", pa.bool_()), ("occasion", text), ("topics", strings),
        ("summary", text), ("evidence_text", text),
        ("num_mentions", count), ("num_articles", count), ("num_sources", count),
        ("first_seen", day), ("last_seen", day),
        ("source_ids", strings), ("source_names", strings), ("source_countries", strings),
        ("target_ids", strings), ("target_names", strings), ("target_countries", strings),
        ("source_url", text), ("article_ids", strings),
    ])


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10]) if value and not str(value).startswith("0001") else None


def flat(record: dict[str, Any]) -> dict[str, Any]:
    """One record (``iter_records`` shape) as a row of ``schema()``."""
    row = {name: record.get(name) for name in schema().names}
    for name in ("date_start", "date_end", "sort_date", "first_seen", "last_seen"):
        row[name] = _day(record.get(name))
    for side in ("source", "target"):
        actors = record.get(side) or []
        row[f"{side}_ids"] = [a["id"] for a in actors]
        row[f"{side}_names"] = [a.get("name") or a["id"] for a in actors]
        row[f"{side}_countries"] = [a.get("country") for a in actors]
    mentions = record.get("mentions") or []
    row["article_ids"] = list(dict.fromkeys(m["article_id"] for m in mentions))
    row["source_url"] = next((m["url"] for m in mentions if m.get("url")), None)
    row["topics"] = list(record.get("topics") or [])
    row["negated"] = bool(record.get("negated"))
    return row


def write_parquet(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write the records to a Parquet file in row groups; return how many rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    target = schema()
    count = 0
    with pq.ParquetWriter(str(path), target, compression="zstd") as writer:
        rows: list[dict[str, Any]] = []
        for record in records:
            rows.append(flat(record))
            if len(rows) == BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(rows, schema=target))
                count, rows = count + len(rows), []
        if rows or count == 0:  # an empty export is still a readable file with the schema
            writer.write_table(pa.Table.from_pylist(rows, schema=target))
            count += len(rows)
    return count
