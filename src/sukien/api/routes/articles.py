"""GET /api/articles/{id} (text and spans) and POST /api/articles (run the pipeline, store)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from sukien.api import queries
from sukien.api.errors import ERROR_RESPONSES, ApiError, ErrorResponse
from sukien.api.models import Article, ArticleIn, IngestOut
from sukien.api.routes.deps import StoreDep, require_writer
from sukien.errors import StoreError

router = APIRouter(prefix="/api/articles", tags=["articles"], responses=ERROR_RESPONSES)

WRITE_RESPONSES = {
    401: {"model": ErrorResponse, "description": "missing or wrong bearer token"},
    403: {"model": ErrorResponse, "description": "writes are disabled on this server"},
    413: {"model": ErrorResponse, "description": "request body too large"},
}


@router.get("/{article_id:path}", response_model=Article, summary="One article with its spans")
def get_article(store: StoreDep, article_id: Annotated[str, Path(max_length=200)]) -> dict:
    """The article's text as given, with the trigger and evidence spans of its events, and
    the fused events it reports (``reported``, with their actors)."""
    article = queries.get_article(store, article_id)
    if article is None:
        raise ApiError(404, f"no article {article_id!r}", {"id": article_id})
    ids = list(dict.fromkeys(e["event_id"] for e in article["events"]))
    article["reported"] = queries.reported_events(store, ids)
    return article


@router.post("", response_model=IngestOut, status_code=201, responses=WRITE_RESPONSES,
             dependencies=[Depends(require_writer)], summary="Add an article")
def add_article(store: StoreDep, body: ArticleIn, response: Response) -> dict:
    """Run the pipeline over one article and store what it finds (bearer token required).

    201 when the article is new; 200 when it was stored before (updated, unchanged,
    or a near-duplicate of a stored article).
    """
    from sukien.ingest import article_from_record
    from sukien.pipeline import process

    record = body.model_dump(exclude_none=True)
    article = article_from_record(record, "request body", "", None)
    result = process(article)
    try:
        outcome = store.ingest_one(result)
    except StoreError as exc:
        raise ApiError(503, "the article could not be stored", str(exc), code="store_failed") from exc
    if outcome.status != "added":
        response.status_code = 200
    return {"article_id": outcome.article_id, "status": outcome.status,
            "duplicate_of": outcome.duplicate_of,
            "events": queries.article_event_ids(store, outcome.article_id), "entities": len(result.entities)}

