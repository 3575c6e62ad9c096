"""GET /api/search: articles, events and entities for words typed with or without diacritics."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sukien.api.errors import ERROR_RESPONSES
from sukien.api.models import SearchResult
from sukien.api.routes.deps import StoreDep, Text

router = APIRouter(prefix="/api", tags=["search"], responses=ERROR_RESPONSES)


@router.get("/search", response_model=SearchResult, summary="Search everything")
def search(store: StoreDep,
           q: Annotated[Text, Query(min_length=1, max_length=500, description="Words; 'hoi dam' finds 'hội đàm'.")],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict:
    """Best matches first; all words must occur, the last may be a prefix."""
    found = store.search(q, limit) if q.strip() else {"articles": [], "events": []}
    entities = store.list_entities(q.strip(), None, min(limit, 10)) if q.strip() else []
    return {"q": q, "articles": found["articles"], "events": found["events"], "entities": entities}
