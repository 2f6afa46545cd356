"""Route guards for the JSON API: who may call a route, decided before the body is read (a
stranger's upload never reaches the parser)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from core.errors import PermissionDenied, Unauthenticated
from core.identity.actor import Actor

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]


def only(
    kind: Literal["citizen", "staff"], sign_in: str, *, hide_from_others: bool = True
) -> Guard:
    """A guard letting through callers of `kind` only; anyone else is told to sign in (401),
    except, with `hide_from_others`, the other kind, who is not told the route exists (404)."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        found = connection.scope.get("state", {}).get("actor")
        actor = found if isinstance(found, Actor) else None
        if actor is not None and (actor.is_citizen if kind == "citizen" else actor.is_staff):
            return
        if hide_from_others and actor is not None and (actor.is_staff or actor.is_citizen):
            raise PermissionDenied(f"this is for {kind}")
        raise Unauthenticated(sign_in)

    return guard
