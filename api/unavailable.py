"""503 when the database is down, 507 when the upload directory is full (core/outage.py).

Registered on the whole app for the driver error types of `outage.ERROR_TYPES`; the page routers
register their own HTML version (web/errors.py), which wins there. Nothing was written: the
request failed before its transaction committed (or before the upload's row was inserted, see
core/files/service.py), so the same request, with the same Idempotency-Key, may simply be sent
again after Retry-After seconds.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response

from api.errors import problem, unexpected_error_to_json
from core import outage

log = logging.getLogger("motcua.api")

DETAIL = {
    "database_down": "the database is unavailable for the moment; nothing was saved, "
    "send the same request again (with the same Idempotency-Key) after Retry-After seconds",
    "storage_full": "the server has no space left to store files; nothing was saved, "
    "try again later (the operator has been alerted in the log)",
}
STATUS = {"database_down": 503, "storage_full": 507}
RETRY_AFTER = {
    "database_down": outage.DATABASE_RETRY_AFTER_S,
    "storage_full": outage.STORAGE_RETRY_AFTER_S,
}


def outage_to_json(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    kind = outage.kind_of(exc)
    if kind is None:
        return unexpected_error_to_json(request, exc)
    log.error("%s on %s %s: %r", kind, request.method, request.url.path, exc)
    response = problem(STATUS[kind], DETAIL[kind])
    response.headers["Retry-After"] = str(RETRY_AFTER[kind])
    return response


OUTAGE_HANDLERS: dict[Any, Any] = dict.fromkeys(outage.ERROR_TYPES, outage_to_json)
