"""Errors on pages become pages: a 404 page, a 400 page saying what to fix, a 500 page."""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect, Template

from core import database, outage
from core.errors import (
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
from web.guards import SignInRequired

log = logging.getLogger("motcua.web")


def _page(status: int, title_key: str, message_key: str | None, errors: list[str]) -> Template:
    return Template(
        "error.html",
        context={"title_key": title_key, "message_key": message_key, "errors": errors},
        status_code=status,
        media_type=MediaType.HTML,
    )


def domain_error_page(_: Request[Any, Any, Any], exc: DomainError) -> Template:
    if isinstance(exc, NotFound | PermissionDenied):
        return _page(404, "not_found_title", "not_found", [])
    if isinstance(exc, RateLimited | Unavailable):
        status = 429 if isinstance(exc, RateLimited) else 503
        page = _page(status, "bad_request_title", None, [exc.message])
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    if isinstance(exc, Unauthenticated):
        return _page(401, "bad_request_title", None, [exc.message])
    if isinstance(exc, TooLarge | UnsupportedType):
        return _page(
            413 if isinstance(exc, TooLarge) else 415, "bad_request_title", None, [exc.message]
        )
    details = (
        [f"{e.field}: {e.message}" for e in exc.errors] if isinstance(exc, InvalidInput) else []
    )
    return _page(
        409 if not isinstance(exc, InvalidInput) else 400,
        "bad_request_title",
        None,
        details or [exc.message],
    )


def http_error_page(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if exc.status_code == 404:
        return _page(404, "not_found_title", "not_found", [])
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
        found = [e for e in exc.extra if isinstance(e, dict)]
        if found and all(e.get("source") == "path" for e in found):
            # an id in the address that cannot exist (/assist/consents/0): not found, not the
            # validator's English ("consent_id: Expected `int` >= 1") on a Vietnamese page
            return _page(404, "not_found_title", "not_found", [])
        details = [
            f"{e.get('key', '')}: {e.get('message', '')}" for e in exc.extra if isinstance(e, dict)
        ]
        return _page(400, "bad_request_title", None, details)
    if exc.status_code == 403 and exc.detail == CSRF_REFUSED:
        return _page(403, "bad_request_title", "stale_form", [])
    return _page(exc.status_code, "bad_request_title", None, [exc.detail])


# Litestar's CSRF middleware refuses with this detail (no class of its own); the page says
# what to do instead, in the reader's language ("stale_form", web/i18n.py).
CSRF_REFUSED = "CSRF token verification failed"


UNNAMED_FILE = "Mỗi tệp gửi lên phải có tên tệp: hãy chọn lại tệp rồi gửi lại."


def undecodable_form_page(_: Request[Any, Any, Any], __: UnicodeDecodeError) -> Template:
    """Litestar's multipart parser reads a part without a file name as text, and binary bytes
    then fail to decode there: a 400 saying what to do, not a 500 (api robustness)."""
    return _page(400, "bad_request_title", None, [UNNAMED_FILE])


def unexpected_error_page(request: Request[Any, Any, Any], exc: Exception) -> Template:
    if database.is_busy(exc):
        log.warning("database busy on %s %s", request.method, request.url.path)
        page = _page(503, "error_title", "busy", [])
        page.headers["Retry-After"] = str(database.BUSY_RETRY_AFTER_S)
        return page
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _page(500, "error_title", "error", [])


def outage_page(request: Request[Any, Any, Any], exc: Exception) -> Template:
    """The database is down (503) or the upload directory full (507): say so, nothing saved."""
    kind = outage.kind_of(exc)
    if kind is None:
        return unexpected_error_page(request, exc)
    log.error("%s on %s %s: %r", kind, request.method, request.url.path, exc)
    full = kind == "storage_full"
    page = _page(507 if full else 503, f"{kind}_title", kind, [])
    retry = outage.STORAGE_RETRY_AFTER_S if full else outage.DATABASE_RETRY_AFTER_S
    page.headers["Retry-After"] = str(retry)
    return page


def sign_in_redirect(_: Request[Any, Any, Any], exc: SignInRequired) -> Response[Any]:
    return Redirect(exc.location, status_code=303)


HTML_HANDLERS: dict[Any, Any] = {
    SignInRequired: sign_in_redirect,
    DomainError: domain_error_page,
    HTTPException: http_error_page,
    UnicodeDecodeError: undecodable_form_page,  # -- api robustness --
    **dict.fromkeys(outage.ERROR_TYPES, outage_page),
    Exception: unexpected_error_page,
}
