"""Contract records → the flat rows of the batch's Parquet datasets (plain pyarrow, no Spark).

One input record (a JSON article object, as one JSONL line holds it) becomes one
*result row*: the article's columns, its contract JSON, and nested lists of event,
entity and mention rows, which the Spark job explodes into ``events/``,
``entities/`` and ``mentions/``. A record that cannot be read or processed becomes
a result row with ``error`` set and no events: recorded, never dropped, never fatal.
Every integer is int64 because Spark reads a Python int as ``long``.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pyarrow as pa

from sukien.contract import ArticleResult, article_id
from sukien.errors import InputError
from sukien.ingest import article_from_record
from sukien.pipeline import process

SPAN = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
STRINGS = pa.list_(pa.string())

EVENT = pa.schema([
    ("article_id", pa.string()), ("event_id", pa.string()),
    ("cameo", pa.string()), ("plover", pa.string()), ("mode", pa.string()),
    ("goldstein", pa.float64()), ("label_vi", pa.string()), ("label_en", pa.string()),
    ("source", STRINGS), ("target", STRINGS),
    ("date_start", pa.date32()), ("date_end", pa.date32()), ("date_text", pa.string()),
    ("date_granularity", pa.string()),
    ("place_name", pa.string()), ("place_name_vi", pa.string()), ("place_country", pa.string()),
    ("modality", pa.string()), ("negated", pa.bool_()), ("reported_by", pa.string()),
    ("trigger_start", pa.int64()), ("trigger_end", pa.int64()), ("trigger_text", pa.string()),
    ("evidence", pa.list_(SPAN)), ("sentence", pa.int64()),
    ("occasion", pa.string()), ("topics", STRINGS),
    ("confidence", pa.float64()), ("summary", pa.string()),
])
ENTITY = pa.schema([
    ("article_id", pa.string()), ("entity_id", pa.string()), ("type", pa.string()),
    ("name", pa.string()), ("name_vi", pa.string()), ("country", pa.string()),
    ("wikidata", pa.string()), ("cameo", pa.string()), ("discovered", pa.bool_()),
])
MENTION = pa.schema([
    ("article_id", pa.string()), ("entity_id", pa.string()), ("start", pa.int64()),
    ("end", pa.int64()), ("text", pa.string()), ("form", pa.string()), ("origin", pa.string()),
])
ARTICLE = pa.schema([
    ("id", pa.string()), ("title", pa.string()), ("published", pa.date32()),
    ("outlet", pa.string()), ("url", pa.string()), ("text", pa.string()),
    ("n_events", pa.int64()), ("error", pa.string()), ("origin", pa.string()),
    ("raw", pa.string()),  # the input record, kept only when it could not be processed
    ("contract", pa.string()),  # the extraction contract JSON, exactly as `sukien extract` prints it
])
NESTED = {"events": EVENT, "entities": ENTITY, "mentions": MENTION}
RESULT = pa.schema(list(ARTICLE) + [(name, pa.list_(pa.struct(list(schema)))) for name, schema in NESTED.items()])
INPUT_COLUMNS = ("value", "origin")  # a JSON article object and where it was read from
CHUNK = 256  # result rows per output batch: bounds a worker's memory on long partitions


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _span(span: dict[str, Any] | None) -> dict[str, Any]:
    return span or {"start": None, "end": None, "text": None}


def event_row(article: str, event: dict[str, Any]) -> dict[str, Any]:
    """One contract event as one flat row."""
    when, place = event.get("date") or {}, event.get("location") or {}
    trigger = _span(event.get("trigger"))
    return {
        "article_id": article, "event_id": event["id"],
        **{key: event.get(key) for key in ("cameo", "plover", "mode", "goldstein", "label_vi", "label_en")},
        "source": list(event.get("source", ())), "target": list(event.get("target", ())),
        "date_start": _day(when.get("start")), "date_end": _day(when.get("end")),
        "date_text": when.get("text"), "date_granularity": when.get("granularity"),
        "place_name": place.get("name"), "place_name_vi": place.get("name_vi"),
        "place_country": place.get("country"),
        **{key: event.get(key) for key in ("modality", "negated", "reported_by")},
        "trigger_start": trigger["start"], "trigger_end": trigger["end"], "trigger_text": trigger["text"],
        "evidence": [_span(span) for span in event.get("evidence", ())],
        "sentence": event.get("sentence"),
        "occasion": (event.get("occasion") or {}).get("text"), "topics": list(event.get("topics", ())),
        "confidence": event.get("confidence"), "summary": event.get("summary"),
    }


def entity_rows(article: str, entity: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One contract entity as an entity row and its mention rows."""
    row = {"article_id": article, "entity_id": entity["id"],
           **{key: entity.get(key) for key in ("type", "name", "name_vi", "country", "wikidata", "cameo")},
           "discovered": bool(entity.get("discovered"))}
    mentions = [{"article_id": article, "entity_id": entity["id"],
                 **{key: mention.get(key) for key in ("start", "end", "text", "form", "origin")}}
                for mention in entity.get("mentions", ())]
    return row, mentions


def result_row(result: ArticleResult, origin: str | None = None) -> dict[str, Any]:
    """A processed article as one result row (article columns plus nested rows)."""
    contract = result.to_dict()
    meta, key = contract["article"], contract["article"]["id"]
    entities, mentions = [], []
    for entity in contract["entities"]:
        row, rows = entity_rows(key, entity)
        entities.append(row)
        mentions.extend(rows)
    return {
        "id": key, "title": meta["title"], "published": _day(meta["published"]),
        "outlet": meta["outlet"], "url": meta["url"], "text": result.article.text,
        "n_events": len(contract["events"]), "error": None, "origin": origin, "raw": None,
        "contract": json.dumps(contract, ensure_ascii=False),
        "events": [event_row(key, event) for event in contract["events"]],
        "entities": entities, "mentions": mentions,
    }


def error_row(raw: str, origin: str | None, error: str, record: object = None) -> dict[str, Any]:
    """A record that failed: its id when it has one, else one made from its bytes."""
    known = record.get("id") if isinstance(record, dict) else None
    text = record.get("text") if isinstance(record, dict) else None
    key = str(known) if known not in (None, "") else "row:" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]
    return {
        "id": key, "title": None, "published": None, "outlet": None, "url": None,
        "text": text if isinstance(text, str) else None, "n_events": 0, "error": error,
        "origin": origin, "raw": raw, "contract": None, "events": [], "entities": [], "mentions": [],
    }


def process_record(raw: str, origin: str | None) -> dict[str, Any]:
    """Read, extract and flatten one JSON article object; any failure becomes an error row."""
    where = origin or "input"
    try:
        record = json.loads(raw.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        return error_row(raw, origin, f"{where}: invalid JSON: {error.msg} (column {error.colno})")
    try:
        article = article_from_record(record, where, "", None)
        if not article.id:  # a stable id for rows without one: the same text gets the same id
            article = replace(article, id=article_id(article))
        return result_row(process(article), origin)
    except InputError as error:
        return error_row(raw, origin, str(error), record)
    except Exception as error:  # noqa: BLE001 -- one bad article must not fail a corpus job
        return error_row(raw, origin, f"{where}: {type(error).__name__}: {error}", record)


def process_batches(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The ``mapInArrow`` function: (value, origin) batches in, RESULT batches out."""
    rows: list[dict[str, Any]] = []
    for batch in batches:
        values, origins = (batch.column(name).to_pylist() for name in INPUT_COLUMNS)
        for raw, origin in zip(values, origins):
            rows.append(process_record(raw or "", origin))
            if len(rows) >= CHUNK:
                yield pa.RecordBatch.from_pylist(rows, schema=RESULT)
                rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=RESULT)
