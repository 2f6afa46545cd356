"""Who is asking: the actor behind a request, resolved once by a middleware.

Pages use the session cookie (HttpOnly, SameSite=Lax, Secure in prod) and CSRF tokens; the JSON API
uses bearer tokens only, so a cookie never authorises an API call and the API needs no CSRF token.
A request without credentials costs no database query.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from core.errors import Unauthenticated
from core.identity.actor import ANONYMOUS, Actor, Context
from core.identity.tokens import TokenService

SESSION_COOKIE = "motcua_session"
API_PREFIX = "/api/"


def bearer_of(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
    return None


def session_of(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, token = part.strip().partition("=")
                if key == SESSION_COOKIE:
                    return token
    return None


def actor_middleware(tokens: TokenService) -> Any:
    """An ASGI middleware factory that puts `actor` in the request state."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == ScopeType.HTTP:
                actor = ANONYMOUS
                if scope["path"].startswith(API_PREFIX):
                    token = bearer_of(scope)
                    if token:
                        actor = await tokens.resolve(token, "bearer")
                else:
                    token = session_of(scope)
                    if token:
                        actor = await tokens.resolve(token, "session")
                scope.setdefault("state", {})["actor"] = actor
            await app(scope, receive, send)

        return middleware

    return factory


def actor_of(request: Request[Any, Any, Any]) -> Actor:
    actor = request.scope.get("state", {}).get("actor")
    return actor if isinstance(actor, Actor) else ANONYMOUS


def provide_context(request: Request[Any, Any, Any]) -> Context:
    """The dependency every state-changing handler takes: actor and client address."""
    client = request.client.host if request.client else ""
    return Context(actor_of(request), client)


def provide_tokens(state: State) -> TokenService:
    service: TokenService = state.tokens
    return service


SIGN_IN = "send Authorization: Bearer <token> from POST /api/v1/auth/otp/verify"


def citizen_id(ctx: Context) -> int:
    """The signed-in citizen's id, or 401 saying how to sign in."""
    if not ctx.actor.is_citizen or ctx.actor.id is None:
        raise Unauthenticated(SIGN_IN)
    return ctx.actor.id
