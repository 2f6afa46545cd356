"""Map domain and framework errors onto the JSON error shape of CONTRACT.md.

{"status": int, "detail": str, "errors"?: [{"field": str, "message": str}]}
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from core import database
from core.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RateLimited,
    TooLarge,
    Unauthenticated,
    Unavailable,
    UnsupportedType,
)

log = logging.getLogger("motcua.api")

STATUS_OF: dict[type[DomainError], int] = {
    NotFound: 404,
    PermissionDenied: 404,  # never tell a stranger that a thing exists
    Conflict: 409,
    InvalidInput: 422,
    Unauthenticated: 401,
    RateLimited: 429,
    TooLarge: 413,
    UnsupportedType: 415,
    Unavailable: 503,
}


def problem(status: int, detail: str, errors: list[dict[str, str]] | None = None) -> Response[Any]:
    body: dict[str, Any] = {"status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return Response(body, status_code=status, media_type=MediaType.JSON)


def domain_error_to_json(_: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    status = next((s for cls, s in STATUS_OF.items() if isinstance(exc, cls)), 400)
    errors = None
    if isinstance(exc, InvalidInput):
        errors = [{"field": e.field, "message": e.message} for e in exc.errors]
    response = problem(status, exc.message, errors)
    if isinstance(exc, RateLimited | Unavailable):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def validation_error_to_json(_: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = [
        {"field": str(e.get("key", "")), "message": str(e.get("message", ""))}
        for e in (exc.extra if isinstance(exc.extra, list) else [])
        if isinstance(e, dict)
    ]
    return problem(exc.status_code, _plain(exc.detail), errors)


def http_error_to_json(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    response = problem(exc.status_code, _plain(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def undecodable_form_to_json(_: Request[Any, Any, Any], __: UnicodeDecodeError) -> Response[Any]:
    """Litestar's multipart parser reads a part without a file name as text, and binary bytes
    then fail to decode there: a 400 saying what to send, not a 500."""
    return problem(400, "a multipart part without a filename must be UTF-8 text; name each file")


def unexpected_error_to_json(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if database.is_busy(exc):  # overloaded, not broken: the client may retry (same key)
        log.warning("database busy on %s %s", request.method, request.url.path)
        response = problem(503, "the database is busy; retry in a few seconds")
        response.headers["Retry-After"] = str(database.BUSY_RETRY_AFTER_S)
        return response
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "internal error; it has been logged")


def _plain(detail: str) -> str:
    """Framework details name the raw URL back; say what is wrong instead."""
    if not detail or detail.startswith("Validation failed"):
        return "the request is not valid; see errors for what to fix"
    return detail


JSON_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error_to_json,
    ValidationException: validation_error_to_json,
    HTTPException: http_error_to_json,
    UnicodeDecodeError: undecodable_form_to_json,
    Exception: unexpected_error_to_json,
}
