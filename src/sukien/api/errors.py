"""One JSON error shape for every failure: ``{"error": {"code", "message", "detail"}}``.

sukien's own exceptions, FastAPI's validation errors, Starlette's 404/405 and any
unexpected exception are all translated here, at the edge. A 500 never carries the
exception text (it could hold SQL or paths); it is logged instead.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from sukien.errors import InputError, StoreError, SukienError

log = logging.getLogger("sukien.api")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
         415: "unsupported_media_type", 422: "invalid_request", 500: "internal_error",
         503: "unavailable"}


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: Any = None


class ErrorResponse(BaseModel):
    error: ErrorBody


# For route declarations: every 4xx/5xx a route can answer is documented with this shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": CODES[status].replace("_", " ")}
    for status in (400, 404, 422)
}


class ApiError(Exception):
    """Raised by routes for an answer other than success; rendered by ``_api_error``."""

    def __init__(self, status: int, message: str, detail: Any = None, code: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.detail = status, message, detail
        self.code = code or CODES.get(status, "error")
        self.headers = headers


def error_response(status: int, code: str, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "detail": jsonable_encoder(detail)}}
    return JSONResponse(body, status_code=status, headers=headers)


async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.detail, exc.headers)


async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
    return error_response(exc.status_code, CODES.get(exc.status_code, "error"), message,
                          headers=getattr(exc, "headers", None))


async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    problems = [{"location": list(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type")}
                for e in exc.errors()]
    first = problems[0] if problems else {"location": [], "message": "invalid request"}
    where = ".".join(str(part) for part in first["location"])
    return error_response(422, "invalid_request", f"{where}: {first['message']}" if where else
                          first["message"], problems)


async def _sukien_error(_: Request, exc: SukienError) -> JSONResponse:
    # Store errors that reach a route come from what the client sent (a bad cursor,
    # an unknown sort); anything else of ours is about the input too.
    if isinstance(exc, InputError):
        return error_response(422, "invalid_article", exc.problem, {"where": exc.where})
    if isinstance(exc, StoreError):
        return error_response(400, "bad_request", str(exc))
    return error_response(400, "bad_request", str(exc))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", "internal server error")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(SukienError, _sukien_error)
    app.add_exception_handler(Exception, _unexpected)
