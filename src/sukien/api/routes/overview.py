"""Aggregates over a filter: the timeline, the actor network, and the code table."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from sukien.api import queries
from sukien.api.errors import ERROR_RESPONSES
from sukien.api.models import CameoCode, Country, Graph, Timeline
from sukien.api.routes.deps import FilterDep, StoreDep, get_settings
from sukien.api.settings import ApiSettings
from sukien.store import aggregate

router = APIRouter(prefix="/api", tags=["overview"], responses=ERROR_RESPONSES)


@router.get("/timeline", response_model=Timeline, summary="Events per day, month or year")
def timeline(store: StoreDep, filter: FilterDep,
             by: Annotated[Literal["day", "month", "year", "auto"], Query(
                 description="Period; auto: days up to three months, months up to ten years, else years.")]
             = "month") -> dict:
    """Counts of the matching events per period, split by PLOVER type (counted in SQL); words (q)
    matching more events than are counted count the newest, and then ``truncated`` is true."""
    return aggregate.event_counts(store, *filter, by=by).to_dict()


@router.get("/graph", response_model=Graph, summary="Actor network")
def graph(store: StoreDep, filter: FilterDep,
          top: Annotated[int, Query(ge=1, le=aggregate.MAX_TOP, description="Keep the N actors with most events.")]
          = 60,
          min_weight: Annotated[int, Query(ge=1, le=1000)] = 1) -> dict:
    """Who did something with whom among the matching events, the ``top`` actors by number of
    events; edge weight = number of events together. A filter the write-time counts do not answer
    counts only the newest matching events, and then ``truncated`` is true."""
    return aggregate.actor_graph(store, *filter, top=top, min_weight=min_weight)


@router.get("/codes", response_model=list[CameoCode], summary="CAMEO codes with labels")
def codes() -> list[dict]:
    """Every CAMEO event code with English and Vietnamese labels and its PLOVER type."""
    return queries.event_codes()


@router.get("/countries", response_model=list[Country], summary="Country names")
def countries() -> list[dict]:
    """Every country the knowledge base knows: ISO alpha-3 code, English and Vietnamese name."""
    return queries.country_names()


@router.get("/health", summary="Liveness and whether writes are enabled")
def health(store: StoreDep, settings: Annotated[ApiSettings, Depends(get_settings)]) -> dict:
    return {"status": "ok", "backend": store.backend, "writes": settings.token is not None}
