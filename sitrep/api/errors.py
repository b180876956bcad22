"""The API's one error shape, and every conversion of an exception into it.

Every failure, from a bad parameter to a crash, leaves as

    {"error": {"status": 404, "code": "not_found", "message": "No event 'x'. ..."}}

Endpoints raise `ApiError` (or let a SitrepError through); `add_error_handlers` turns each
kind into the shape, and `sitrep.api.app.Guard` does the same for what happens outside the
endpoints (Host check, body size, crashes). Its own module so that the endpoints
(`sitrep.api.routes`) and the app that includes them (`sitrep.api.app`) both import it
and neither imports the other's caller.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from sitrep.api.respond import safe
from sitrep.errors import FilterError, ReviewError, SitrepError, StoreError
from sitrep.filters import TYPED_NAMES

__all__ = [
    "CODES",
    "ApiError",
    "add_error_handlers",
    "error_body",
    "error_response",
]

log = logging.getLogger("sitrep.api")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid",
    500: "server_error",
    503: "unavailable",
}


class ApiError(Exception):
    "A failure the API reports in its error shape: status, code and a message saying what to do."

    def __init__(self, status: int, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message


def error_body(status: int, message: str, code: str | None = None) -> bytes:
    "The error shape as JSON bytes (also written by `sitrep.api.connections` for a timeout)."
    detail = {"status": status, "code": code or CODES.get(status, "error"), "message": message}
    return safe(orjson.dumps({"error": detail}))


def error_response(
    status: int, message: str, *, code: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    "The error shape as a response."
    return Response(
        error_body(status, message, code),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def _where(loc: Any) -> str:
    parts = [str(p) for p in loc if p != "body"] if loc else []
    kind = loc[0] if loc else ""
    name = ".".join(parts[1:] if kind in ("query", "path", "header") else parts)
    if kind in ("query", "path", "header"):
        return f"{kind} parameter {name!r}" if name else f"the {kind}"
    return f"body field {name!r}" if name else "the request body"


def add_error_handlers(app: FastAPI) -> None:
    "Convert every exception an endpoint lets through into the error shape."

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.message, code=exc.code, headers=headers)

    @app.exception_handler(ReviewError)
    async def review_error(request: Request, exc: ReviewError) -> Response:
        return error_response(422, str(exc))

    @app.exception_handler(FilterError)
    async def filter_error(request: Request, exc: FilterError) -> Response:
        # A country, actor, region or type nobody knows: the request names something that is
        # not there (400), and the message the closest values that are.
        name = TYPED_NAMES.get(exc.field, exc.field)
        return error_response(400, f"query parameter {name!r}: {exc}")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(500, f"The store failed: {exc}")

    @app.exception_handler(SitrepError)
    async def sitrep_error(request: Request, exc: SitrepError) -> Response:
        return error_response(422, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors()[:3]:
            msg = str(e.get("msg", "invalid"))
            if e.get("type") == "json_invalid":
                problems.append("the request body is not valid JSON")
            else:
                problems.append(f"{_where(e.get('loc'))}: {msg}")
        return error_response(422, "; ".join(problems) + ". See /openapi.json for what it takes.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        path, method = request.url.path, request.method
        if status == 404:
            message = (
                exc.detail
                if isinstance(exc.detail, str) and exc.detail != "Not Found"
                else f"Nothing at {path}. The API's routes are listed at /openapi.json."
            )
        elif status == 405:
            message = f"{method} is not allowed on {path}. See /openapi.json."
        else:
            message = str(exc.detail)
        return error_response(status, message, headers=dict(exc.headers or {}))
