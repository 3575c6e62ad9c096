"""Reading gold annotations: articles, events and entity mentions of a corpus folder."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sukien.errors import EvaluationError
from sukien.ingest import read_articles
from sukien.model import Article


@dataclass(frozen=True)
class Gold:
    articles: tuple[Article, ...]
    events: dict[str, list[dict[str, Any]]]  # article id → gold events
    entities: dict[str, list[dict[str, Any]]]  # article id → gold mention spans


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise EvaluationError(f"{path}: missing (a gold folder holds articles.jsonl, events.jsonl, entities.jsonl)")
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise EvaluationError(f"{path}:{number}: {error.msg}") from error
    return rows


def _by_article(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["article_id"], []).append(row)
    return grouped


def load_gold(folder: str | Path) -> Gold:
    folder = Path(folder)
    if not folder.is_dir():
        raise EvaluationError(f"{folder}: not a folder")
    articles = []
    for item in read_articles([folder / "articles.jsonl"]):
        if isinstance(item, Exception):
            raise EvaluationError(str(item))
        articles.append(item)
    events = _by_article(_jsonl(folder / "events.jsonl"))
    entities_path = folder / "entities.jsonl"
    entities = _by_article(_jsonl(entities_path)) if entities_path.exists() else {}
    return Gold(tuple(articles), events, entities)
