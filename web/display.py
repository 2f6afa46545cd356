"""Larger text and high contrast, chosen with two plain links and kept in two cookies.

Like the language link, the switches work without JavaScript: a GET sets the cookie and sends the
citizen back where they were. The server reads the cookies on every page and puts classes on
<html> (`text-large`, `contrast-high`) that web/static/css/app.css styles, so the page arrives
already right: no flash, no script. A preference is no secret and changes nothing on the server,
so these GETs need no CSRF token.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.params import PathParameter
from litestar.response import Redirect

from web.guards import safe_next

TEXT_COOKIE = "motcua_text"
CONTRAST_COOKIE = "motcua_contrast"
LARGE = "large"
HIGH = "high"
NORMAL = "normal"
ONE_YEAR = 365 * 24 * 3600
SCOPE_KEY = "motcua.display"
Choice = Annotated[str, PathParameter(max_length=8)]


@dataclasses.dataclass(frozen=True, slots=True)
class Display:
    """What this request's pages look like."""

    large: bool = False
    high: bool = False

    @property
    def classes(self) -> str:
        return " ".join(
            name for name, on in (("text-large", self.large), ("contrast-high", self.high)) if on
        )


def display_of(ctx: Mapping[str, Any], /) -> Display:
    """The template callable `display()`: read from the cookies once per request."""
    request = ctx.get("request")
    if request is None:
        return Display()
    found: Display | None = request.scope.get(SCOPE_KEY)
    if found is None:
        cookies = request.cookies
        found = Display(cookies.get(TEXT_COOKIE) == LARGE, cookies.get(CONTRAST_COOKIE) == HIGH)
        request.scope[SCOPE_KEY] = found
    return found


def _remember(
    request: Request[Any, Any, Any], cookie: str, value: str, choices: tuple[str, str]
) -> Response[Any]:
    """Back to `next` with the cookie set (or dropped for "normal"); unknown values are ignored."""
    response = Redirect(safe_next(request.query_params.get("next")))
    if value == NORMAL:
        response.delete_cookie(cookie)
    elif value in choices:
        response.set_cookie(cookie, value, max_age=ONE_YEAR, httponly=True, samesite="lax")
    return response


@get("/display/text/{size:str}", include_in_schema=False)
async def switch_text(request: Request[Any, Any, Any], size: Choice) -> Response[Any]:
    """`large` or `normal`."""
    return _remember(request, TEXT_COOKIE, size, (LARGE, NORMAL))


@get("/display/contrast/{mode:str}", include_in_schema=False)
async def switch_contrast(request: Request[Any, Any, Any], mode: Choice) -> Response[Any]:
    """`high` or `normal`."""
    return _remember(request, CONTRAST_COOKIE, mode, (HIGH, NORMAL))


ROUTES: list[Any] = [switch_text, switch_contrast]
