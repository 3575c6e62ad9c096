"""The web UI: one page at / (a small client-side app) and its static files.

The app's pages live after the ``#`` (``/#/event/ID``, ``/#/article/ID``); the
readable addresses ``/events/ID``, ``/entities/ID`` and ``/articles/ID`` lead there.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

WEB = Path(__file__).resolve().parents[2] / "web"
router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    return FileResponse(WEB / "templates" / "index.html", media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})


@router.get("/articles/{item_id:path}")
def article_page(item_id: str) -> RedirectResponse:
    return RedirectResponse("/#/article/" + quote(item_id, safe=""))


@router.get("/events/{item_id:path}")
def event_page(item_id: str) -> RedirectResponse:
    return RedirectResponse("/#/event/" + quote(item_id, safe=""))


@router.get("/entities/{item_id:path}")
def entity_page(item_id: str) -> RedirectResponse:
    return RedirectResponse("/#/entity/" + quote(item_id, safe=""))


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
