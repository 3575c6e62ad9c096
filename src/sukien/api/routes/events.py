"""GET /api/events (filtered, sorted, cursor pages) and GET /api/events/{id}."""
from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Path, Query

from sukien.api import queries
from sukien.api.errors import ERROR_RESPONSES, ApiError
from sukien.api.models import EventDetail, EventPage
from sukien.api.routes.deps import FilterDep, Sort, StoreDep, Text

router = APIRouter(prefix="/api/events", tags=["events"], responses=ERROR_RESPONSES)


@router.get("", response_model=EventPage, summary="List events")
def list_events(store: StoreDep, filter: FilterDep, sort: Sort = "date",
                cursor: Annotated[Text, Query(max_length=500, description="The previous page's next_cursor.")] = None,
                limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict:
    """Events matching every given filter, newest first (or oldest first, or most reported)."""
    filters, plover = filter
    page = queries.list_events(store, replace(filters, cursor=cursor or None, limit=limit), sort, plover)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/{event_id}", response_model=EventDetail, summary="One event with its evidence")
def get_event(store: StoreDep, event_id: Annotated[str, Path(max_length=200)]) -> dict:
    """The event, its actors and their roles, the evidence of every report, and the reporting articles."""
    event = store.get_event(event_id)
    if event is None:
        raise ApiError(404, f"no event {event_id!r}", {"id": event_id})
    event["labels"] = queries.code_labels(event.get("cameo"))
    return event
