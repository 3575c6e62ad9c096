"""GET /api/search: articles, events and entities for words typed with or without diacritics."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sukien.api import queries
from sukien.api.errors import ERROR_RESPONSES
from sukien.api.models import SearchResult
from sukien.api.routes.deps import StoreDep, Text
from sukien.api.snippets import snippet

router = APIRouter(prefix="/api", tags=["search"], responses=ERROR_RESPONSES)


@router.get("/search", response_model=SearchResult, summary="Search everything")
def search(store: StoreDep,
           q: Annotated[Text, Query(min_length=1, max_length=500, description="Words; 'hoi dam' finds 'hội đàm'.")],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict:
    """Best matches first; all words must occur, the last may be a prefix.

    Each article carries a ``snippet`` cut at word boundaries around the first match and
    ``marks``, the [start, end] offsets of the matched words in the snippet.
    """
    found = store.search(q, limit) if q.strip() else {"articles": [], "events": []}
    entities = store.list_entities(q.strip(), None, min(limit, 10)) if q.strip() else []
    texts = queries.article_texts(store, [a["id"] for a in found["articles"]])
    hits = [{**a, **snippet(texts.get(a["id"], ""), q)} for a in found["articles"]]
    return {"q": q, "articles": hits, "events": found["events"], "entities": entities}
