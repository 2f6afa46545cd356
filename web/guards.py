"""Who may see a page. Pages call these first; a stranger is sent to sign in, not told why.

The actor was resolved from the session cookie by the server's middleware (api/identity.py) and
left in the request scope. A signed-in person who lacks the role gets a 404, as for a thing that
does not exist, so that addresses cannot be probed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request

from core.errors import NotFound
from core.identity.actor import ANONYMOUS, Actor, Role

CITIZEN_SIGN_IN = "/sign-in"
STAFF_SIGN_IN = "/staff/sign-in"


class SignInRequired(Exception):
    """Raised by a guard; the page error handler answers with a redirect to `location`."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def actor_of(request: Request[Any, Any, Any]) -> Actor:
    actor = request.scope.get("state", {}).get("actor")
    return actor if isinstance(actor, Actor) else ANONYMOUS


def _back_to(request: Request[Any, Any, Any], sign_in: str) -> str:
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"{sign_in}?next={quote(path, safe='')}"


def require_citizen(request: Request[Any, Any, Any]) -> Actor:
    actor = actor_of(request)
    if actor.is_citizen:
        return actor
    if actor.is_staff:
        raise NotFound("this page is for citizens")
    raise SignInRequired(_back_to(request, CITIZEN_SIGN_IN))


def require_someone(request: Request[Any, Any, Any]) -> Actor:
    """A signed-in citizen or staff member (the service decides what each may see); strangers
    are sent to the citizens' sign-in."""
    actor = actor_of(request)
    if actor.is_citizen or actor.is_staff:
        return actor
    raise SignInRequired(_back_to(request, CITIZEN_SIGN_IN))


def require_staff(request: Request[Any, Any, Any], *roles: Role) -> Actor:
    """A signed-in staff member holding one of `roles` (any role when none are named)."""
    actor = actor_of(request)
    if not actor.is_staff:
        if actor.is_citizen:
            raise NotFound("this page is for staff")
        raise SignInRequired(_back_to(request, STAFF_SIGN_IN))
    if roles and not any(actor.has_role(role) for role in roles):
        raise NotFound("not for this role")
    return actor


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths: an open redirect would let a phishing link borrow our address.

    Browsers read a backslash as a slash and drop tabs and newlines, so "/\\evil" and "/<tab>/evil"
    are "//evil" to them: refused here, not left to the redirect's own quoting.
    """
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target)
    ):
        return default
    return target
