"""Web Push subscriptions over the JSON API: the VAPID public key, subscribe, unsubscribe.

Who may call: a citizen's bearer token, as everywhere under /api; and, because the browser that
subscribes is the signed-in page itself (the notification settings page), the page's session
cookie too, but then only with the page's CSRF token in `X-CSRFToken` (the header htmx sends
from `base.html`), checked here exactly as Litestar's CSRF middleware checks a page's POST. The
rest of /api stays bearer-only and CSRF-exempt.
"""

from __future__ import annotations

from secrets import compare_digest
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, delete, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware.csrf import CSRF_SECRET_LENGTH, generate_csrf_hash
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body

from api.identity import session_of
from api.openapi_responses import Problem
from core.errors import Unauthenticated
from core.identity.actor import Actor
from core.identity.tokens import TokenService
from core.push import subscriptions
from core.push.tables import ENDPOINT_MAX
from pwa.vapid import VapidKeys

CSRF_COOKIE = "motcua_csrf"  # api/app.py's CSRFConfig cookie_name
CSRF_HEADER = "x-csrftoken"
SIGN_IN = (
    "sign in: Authorization: Bearer <token> from POST /api/v1/auth/otp/verify, "
    "or the site's session cookie with the page's X-CSRFToken header"
)
CSRF_MISSING = "a request with the session cookie must send the page's CSRF token in X-CSRFToken"
PUSH_CITIZEN = "push_citizen"
PRIVATE = {"Cache-Control": "no-store"}
# Only with the session cookie: the API's other errors are documented by api/openapi_responses.py.
COOKIE_WITHOUT_CSRF = {403: ResponseSpec(data_container=Problem, description=CSRF_MISSING)}


class KeysIn(msgspec.Struct, frozen=True):
    p256dh: Annotated[str, msgspec.Meta(max_length=200)]
    auth: Annotated[str, msgspec.Meta(max_length=100)]


class SubscriptionIn(msgspec.Struct, frozen=True):
    """`PushSubscription.toJSON()` as the browser gives it (`expirationTime` is ignored)."""

    endpoint: Annotated[str, msgspec.Meta(max_length=ENDPOINT_MAX)]
    keys: KeysIn
    expiration_time: float | None = msgspec.field(name="expirationTime", default=None)


class EndpointIn(msgspec.Struct, frozen=True):
    endpoint: Annotated[str, msgspec.Meta(max_length=ENDPOINT_MAX)]


class KeyOut(msgspec.Struct, frozen=True):
    key: str


class SubscribedOut(msgspec.Struct, frozen=True):
    id: int
    label: str


def _csrf_secret(token: str, secret: str) -> str | None:
    """The random part of a CSRF token whose HMAC is right, else None (Litestar's format)."""
    if len(token) <= CSRF_SECRET_LENGTH:
        return None
    random_part, mac = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    expected = generate_csrf_hash(token=random_part, secret=secret)
    return random_part if compare_digest(mac.encode(), expected.encode()) else None


def _csrf_ok(connection: ASGIConnection[Any, Any, Any, Any], secret: str) -> bool:
    header = connection.headers.get(CSRF_HEADER, "")
    cookie = connection.cookies.get(CSRF_COOKIE, "")
    sent, kept = _csrf_secret(header, secret), _csrf_secret(cookie, secret)
    return sent is not None and kept is not None and compare_digest(sent.encode(), kept.encode())


async def signed_in_citizen(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """Guard: a citizen by bearer token, or by session cookie plus CSRF token; else 401/403."""
    actor = connection.scope.get("state", {}).get("actor")
    if isinstance(actor, Actor) and actor.is_citizen:
        connection.scope["state"][PUSH_CITIZEN] = actor.id
        return
    session = session_of(connection.scope)
    if session:
        tokens: TokenService = connection.app.state.tokens
        by_session = await tokens.resolve(session, "session")
        if by_session.is_citizen:
            if not _csrf_ok(connection, str(connection.app.state.settings.secret_key)):
                raise PermissionDeniedException(CSRF_MISSING)
            connection.scope.setdefault("state", {})[PUSH_CITIZEN] = by_session.id
            return
    raise Unauthenticated(SIGN_IN)


def provide_vapid(state: State) -> VapidKeys:
    keys: VapidKeys = state.vapid
    return keys


def _citizen(request: Request[Any, Any, Any]) -> int:
    citizen: int = request.scope["state"][PUSH_CITIZEN]
    return citizen


@get(
    "/push/vapid-public-key",
    summary="The server's VAPID public key (applicationServerKey)",
    description="base64url of the uncompressed P-256 point, for `pushManager.subscribe()`.",
    tags=["push"],
)
async def vapid_public_key(state: State) -> KeyOut:
    return KeyOut(key=provide_vapid(state).public_key)


@post(
    "/push/subscriptions",
    status_code=201,
    guards=[signed_in_citizen],
    responses=COOKIE_WITHOUT_CSRF,
    summary="Receive notifications on this browser",
    description="The body is the browser's `PushSubscription` JSON. Subscribing an endpoint "
    "another account had moves it to the caller. 422: endpoint not https (http only on a "
    "loopback host in dev/test), p256dh not a 65-byte P-256 point, auth not 16 bytes.",
    tags=["push"],
)
async def subscribe(
    request: Request[Any, Any, Any], state: State, data: Annotated[SubscriptionIn, Body()]
) -> Response[SubscribedOut]:
    given = subscriptions.SubscriptionInput(data.endpoint, data.keys.p256dh, data.keys.auth)
    user_agent = request.headers.get("user-agent", "")
    subscribed = await subscriptions.subscribe(
        _citizen(request),
        given,
        user_agent=user_agent,
        allow_loopback_http=not state.settings.is_prod,
    )
    return Response(SubscribedOut(subscribed.id, subscribed.label), headers=PRIVATE)


@delete(
    "/push/subscriptions",
    status_code=204,
    guards=[signed_in_citizen],
    responses=COOKIE_WITHOUT_CSRF,
    summary="Stop notifications on this browser",
    description="Removes the caller's subscription with this endpoint; an unknown endpoint "
    "(or another account's) changes nothing and gets the same 204.",
    tags=["push"],
)
async def unsubscribe(request: Request[Any, Any, Any], data: Annotated[EndpointIn, Body()]) -> None:
    await subscriptions.unsubscribe(_citizen(request), data.endpoint)


ROUTES = [vapid_public_key, subscribe, unsubscribe]
