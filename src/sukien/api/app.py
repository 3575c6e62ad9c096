"""The web application: REST API under /api, the web UI at /, OpenAPI at /openapi.json.

>>> app = create_app(open_store("sukien.db"), ApiSettings(token="s3cret"))
>>> uvicorn.run(app)

``create_app`` takes an opened store (tests pass one over a temporary database) or
opens the one the settings name when the server starts; ``from_env`` is the factory for
a server started directly (``uvicorn --factory sukien.api.app:from_env``). Either opens
an existing sukien database only (``require_database``), so a mistyped path never
becomes an empty database. No network is touched at run time: the interactive docs pages, which load from a CDN, are switched off; the
schema is at /openapi.json.
"""
from __future__ import annotations

import gc
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sukien.api import errors
from sukien.api.settings import ApiSettings
from sukien.errors import SukienError
from sukien.store import Store, open_store
from sukien.store.engine import require_database

ROUTES = ("events", "entities", "search", "overview", "articles", "pages")
DESCRIPTION = """Coded political and diplomatic events (CAMEO/PLOVER) read from Vietnamese
news, each with the words that support it. Every error has one shape:
`{"error": {"code", "message", "detail"}}`."""

# Pages may only load what this server serves; no inline script can run, whatever text
# an article holds (the pages escape it anyway: this is the second line of defence).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(store: Store | None = None, settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or ApiSettings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = getattr(app.state, "owned_store", None)
        if getattr(app.state, "store", None) is None:
            opened = app.state.store = open_store(require_database(settings.db))
        yield
        if opened is not None:
            opened.close()

    app = FastAPI(title="sukien", version=_version(), description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.store = store
    app.state.settings = settings
    errors.install(app)
    for name in ROUTES:
        app.include_router(import_module(f"sukien.api.routes.{name}").router)
    from sukien.api.routes.pages import mount_static
    mount_static(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_bytes)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so a 413 carries the headers too
    return app


def from_env() -> FastAPI:
    """The application for a server started directly, ``uvicorn --factory sukien.api.app:from_env``:
    settings and database from the environment (``SUKIEN_DB``, …), the database opened before the
    server listens, and a problem with either told in one line on stderr (exit status 1) instead
    of a server's traceback."""
    try:
        settings = ApiSettings.from_env()
        store = open_store(require_database(settings.db))
    except SukienError as error:
        print(f"sukien: error: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    app = create_app(store, settings)
    app.state.owned_store = store  # closed when the server stops
    settle_memory()
    return app


def settle_memory() -> None:
    """For a server process, once its app is built: what is alive then (modules, the knowledge base,
    the app) lives as long as the server, so it is moved out of the garbage collector's reach and a
    full collection no longer scans it in the middle of a request (the p95 of a large count)."""
    gc.collect()
    gc.freeze()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("sukien")
    except PackageNotFoundError:
        return "0"


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, by header or by counting.

    The body is read before the app sees it (it is small by definition), so a
    client that lies in Content-Length or streams chunks is stopped as well.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body"):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = errors.error_response(413, "payload_too_large",
                                         f"request body over {self.max_bytes} bytes",
                                         {"max_bytes": self.max_bytes})
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return replay


class SecurityHeaders:
    """Content-Security-Policy and nosniff on every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
                message = {**message, "headers": headers}
            await send(message)
        await self.app(scope, receive, with_headers)
