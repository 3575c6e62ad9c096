"""What routes share: the store, the event filter parameters, the writer's token check."""
from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator

from sukien.api.errors import ApiError
from sukien.api.settings import ApiSettings
from sukien.store import Store
from sukien.store.read import EventFilter

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT")
Plover = Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                 "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT"]
Sort = Literal["date", "date_asc", "mentions"]


def _printable(value: str | None) -> str | None:
    """Control characters (NUL above all) have no place in a filter; some databases reject them."""
    if value is not None and any(ord(c) < 32 for c in value):
        raise ValueError("must not contain control characters")
    return value


Text = Annotated[str | None, AfterValidator(_printable)]


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> ApiSettings:
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]


def event_filter(
    actor: Annotated[Text, Query(max_length=200, description="Entity id or a name, any diacritics.")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3 of any actor.")] = None,
    cameo: Annotated[str | None, Query(pattern=r"^[0-9]{2,4}$", description="CAMEO code (042) or root (04).")] = None,
    type: Annotated[Plover | None, Query(description="PLOVER event type.")] = None,
    since: Annotated[date | None, Query(description="Events on or after this day.")] = None,
    until: Annotated[date | None, Query(description="Events on or before this day.")] = None,
    place: Annotated[Text, Query(max_length=200, description="Place name (any diacritics) or ISO alpha-3.")] = None,
    q: Annotated[Text, Query(max_length=500, description="Words in the event's text, any diacritics.")] = None,
    min_confidence: Annotated[float | None, Query(
        ge=0.0, le=1.0, description="Events some report of which is at least this sure (0–1).")] = None,
) -> tuple[EventFilter, str | None]:
    """The event filter and, separately, the PLOVER type (combined with ``cameo`` in api.queries)."""
    if since and until and since > until:
        raise ApiError(422, "since is after until", {"since": since, "until": until}, code="invalid_request")
    filters = EventFilter(actor=actor or None, country=country.upper() if country else None,
                          cameo=cameo, since=since, until=until, place=place or None,
                          text=q if q and q.strip() else None, min_confidence=min_confidence)
    return filters, type


FilterDep = Annotated[tuple[EventFilter, str | None], Depends(event_filter)]

_bearer = HTTPBearer(auto_error=False, description="The token set in SUKIEN_API_TOKEN.")


def require_writer(
    settings: Annotated[ApiSettings, Depends(get_settings)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Writes need the configured bearer token; with none configured they are off."""
    if not settings.token:
        raise ApiError(403, "writes are disabled on this server (SUKIEN_API_TOKEN is not set)",
                       code="writes_disabled")
    given = credentials.credentials if credentials else ""
    if not secrets.compare_digest(given.encode(), settings.token.encode()):
        raise ApiError(401, "a valid bearer token is required", code="unauthorized",
                       headers={"WWW-Authenticate": "Bearer"})
