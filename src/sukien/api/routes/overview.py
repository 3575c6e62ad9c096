"""Aggregates over a filter: the timeline, the actor network, and the code table."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from sukien.api import queries
from sukien.api.errors import ERROR_RESPONSES
from sukien.api.models import CameoCode, Graph, Timeline
from sukien.api.routes.deps import FilterDep, StoreDep, get_settings
from sukien.api.settings import ApiSettings

router = APIRouter(prefix="/api", tags=["overview"], responses=ERROR_RESPONSES)


@router.get("/timeline", response_model=Timeline, summary="Events per day or month")
def timeline(store: StoreDep, filter: FilterDep, by: Literal["day", "month"] = "month",
             max_events: Annotated[int, Query(ge=1, le=20000)] = 5000) -> dict:
    """Counts of the matching events per period, split by PLOVER type."""
    return queries.timeline(store, *filter, by=by, max_events=max_events)


@router.get("/graph", response_model=Graph, summary="Actor network")
def graph(store: StoreDep, filter: FilterDep,
          max_events: Annotated[int, Query(ge=1, le=20000)] = 2000,
          min_weight: Annotated[int, Query(ge=1, le=1000)] = 1) -> dict:
    """Who did something with whom among the matching events; edge weight = number of events."""
    return queries.graph(store, *filter, max_events=max_events, min_weight=min_weight)


@router.get("/codes", response_model=list[CameoCode], summary="CAMEO codes with labels")
def codes() -> list[dict]:
    """Every CAMEO event code with English and Vietnamese labels and its PLOVER type."""
    return queries.event_codes()


@router.get("/health", summary="Liveness and whether writes are enabled")
def health(store: StoreDep, settings: Annotated[ApiSettings, Depends(get_settings)]) -> dict:
    return {"status": "ok", "backend": store.backend, "writes": settings.token is not None}
