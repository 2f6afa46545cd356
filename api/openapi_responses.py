"""The error answers each JSON operation documents in /schema/openapi.json.

Every error of the API has one shape (CONTRACT.md, `api.errors.problem`), and which statuses an
operation can answer follows from what it is, so they are declared here once rather than copied
onto forty handlers:

- any operation: 400 (a malformed request), 422 (a request that does not make sense: the
  `errors` list names each field), 503 (the database is busy; retry after `Retry-After`);
- any operation that is not public: 401 (no or a dead bearer token) and 404 (not yours, or not
  there: the API never tells a stranger that a thing exists, so never 403);
- any operation with a path parameter: 404;
- any state-changing operation: 409 (not allowed in the current state, or already done);
- the few with more: `EXTRA` (uploads: 413, 415; sign-in codes and consents: 429).

The stored bytes of an upload are served with the type their content proved (JPEG, PNG, WebP or
PDF); `FileOperation` documents those four instead of the JSON Litestar assumes for `bytes`.

The gateways' callbacks answer in each gateway's own format (DOMAIN.md), so they get only what
`CALLBACKS` lists, without the problem shape.

`document_errors(app)` walks the built app once, before the schema is first generated, and adds
to each handler what it does not declare itself (a handler's own `responses=` always wins).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import msgspec
from litestar import Litestar
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Schema,
)
from litestar.routes import HTTPRoute

from core.files.inspect import EXTENSIONS

API_PREFIX = "/api/"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Operations anyone may call without signing in (paths as the app registers them).
PUBLIC_PREFIXES = (
    "/api/v1/procedures",
    "/api/v1/fields",
    "/api/v1/auth/otp",
    "/api/v1/staff/login",
    "/api/v1/calendar",
    "/api/v1/push/vapid-public-key",
    "/api/v1/stats",
    "/api/v1/complaints/published",
)
EXTRA: dict[tuple[str, str], tuple[int, ...]] = {
    ("POST", "/api/v1/uploads"): (413, 415),
    ("POST", "/api/v1/auth/otp"): (429,),
    ("POST", "/api/v1/auth/otp/verify"): (401, 429),
    ("POST", "/api/v1/staff/login"): (401, 429),
    ("POST", "/api/v1/assistants/consents"): (429,),
    ("POST", "/api/v1/assistants/consents/{consent_id:int}/confirm"): (429,),
}
CALLBACKS: dict[tuple[str, str], dict[int, ResponseSpec]] = {
    ("POST", "/payments/momo/ipn"): {
        400: ResponseSpec(data_container=None, description="Refused: bad signature or body."),
        503: ResponseSpec(data_container=None, description="Not settled now: MoMo retries."),
    },
}
FILE_CONTENT = frozenset(
    {
        ("GET", "/api/v1/uploads/{upload_id:str}/content"),
        ("GET", "/api/v1/staff/dossiers/{code:str}/documents/{document_id:int}"),
    }
)
DESCRIPTIONS = {
    400: "The request is malformed (wrong JSON shape, wrong parameter type).",
    401: "Not signed in: send Authorization: Bearer <token>.",
    404: "Not found, or not yours (the API does not tell which).",
    409: "Not allowed in the current state, or already done.",
    413: "Too large.",
    415: "Type not allowed.",
    422: "Invalid input: `errors` names each field and what to fix.",
    429: "Too many attempts: wait `Retry-After` seconds.",
    503: "The database is busy: retry after `Retry-After` seconds (same Idempotency-Key).",
}


class FieldError(msgspec.Struct, frozen=True):
    field: str
    message: str


class Problem(msgspec.Struct, frozen=True, omit_defaults=True):
    """The one error shape of the API (CONTRACT.md)."""

    status: int
    detail: str
    errors: list[FieldError] = msgspec.field(default_factory=list)


def errors(*codes: int) -> dict[int, ResponseSpec]:
    """`responses=` for a handler: the problem shape under each of `codes`."""
    return {
        code: ResponseSpec(data_container=Problem, description=DESCRIPTIONS[code]) for code in codes
    }


@dataclasses.dataclass
class FileOperation(Operation):
    """An operation answering 200 with a stored file, in the type its bytes proved."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        if isinstance(ok, OpenAPIResponse):
            binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
            ok.content = {kind: OpenAPIMediaType(schema=binary) for kind in EXTENSIONS}


def codes_for(method: str, path: str, has_path_parameters: bool) -> tuple[int, ...]:
    """The error statuses an API operation can answer, by the rules of the module docstring."""
    found = {400, 422, 503}
    if not path.startswith(PUBLIC_PREFIXES):
        found |= {401, 404}
    if has_path_parameters:
        found.add(404)
    if method in UNSAFE:
        found.add(409)
    found.update(EXTRA.get((method, path), ()))
    return tuple(sorted(found))


def document_errors(app: Litestar) -> None:
    """Declare the error answers of every documented JSON API operation of `app`."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            declared: dict[int, Any] = dict(handler.responses or {})
            for method in handler.http_methods - {"OPTIONS", "HEAD"}:
                if route.path.startswith(API_PREFIX):
                    wanted = codes_for(method, route.path, bool(route.path_parameters))
                    declared = {**errors(*wanted), **declared}
                declared = {**CALLBACKS.get((method, route.path), {}), **declared}
                if (method, route.path) in FILE_CONTENT:
                    handler.operation_class = FileOperation
            handler.responses = declared or None
