"""GET /api/entities and GET /api/entities/{id} (roles, timeline, counterparts)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from sukien.api import queries
from sukien.api.errors import ERROR_RESPONSES, ApiError
from sukien.api.models import EntityDetail, EntityList
from sukien.api.routes.deps import StoreDep, Text
from sukien.store import aggregate

router = APIRouter(prefix="/api/entities", tags=["entities"], responses=ERROR_RESPONSES)
EntityType = Literal["PERSON", "COUNTRY", "ORG", "LOC"]


@router.get("", response_model=EntityList, summary="List entities")
def list_entities(store: StoreDep,
                  q: Annotated[Text, Query(max_length=200, description="Name prefix, any diacritics.")] = None,
                  type: EntityType | None = None,
                  limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict:
    """Entities whose name or alias starts with ``q``, most mentioned first."""
    return {"items": store.list_entities(q or None, type, limit)}


@router.get("/{entity_id:path}", response_model=EntityDetail, summary="One entity")
def get_entity(store: StoreDep, entity_id: Annotated[str, Path(max_length=200)]) -> dict:
    """The entity with its aliases, latest events and most frequent counterparts, and the
    offices the articles give it (``roles``: first and last day seen, articles saying so),
    latest first."""
    entity = store.get_entity(entity_id)
    if entity is None:
        raise ApiError(404, f"no entity {entity_id!r}", {"id": entity_id})
    entity["roles"] = aggregate.entity_offices(store, entity_id)
    organizations = queries.entity_names([r["organization"] for r in entity["roles"] if r["organization"]])
    for role in entity["roles"]:
        names = organizations.get(role["organization"] or "", {})
        role["organization_name"], role["organization_name_vi"] = names.get("name"), names.get("name_vi")
    return entity
