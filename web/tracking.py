"""Public tracking (tra cứu hồ sơ): anyone with a code sees status, procedure, unit and dates.

The phone's last four digits add the timeline (status changes and dates, never notes) and what
is missing; a wrong tail reads exactly like an unknown code, and guesses are rate-limited.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote, urlencode

from litestar import Response, get
from litestar.response import Redirect, Template

from core.errors import NotFound, RateLimited
from web.deps import Ctx
from web.dossier_pages import Code, Problem, Query, Views, page


@get("/track")
async def track_lookup(code: Query = None, phone: Query = None) -> Response[Any]:
    if code is None:  # the form itself, not yet submitted
        return _lookup_page("", phone or "")
    code, tail = code.strip(), (phone or "").strip()
    problems = [Problem("code", "track_error_code")] if not code else []
    problems += [] if _tail_ok(tail) else [Problem("phone", "track_error_phone")]
    if problems:
        return _lookup_page(code, tail, problems, 400)
    query = f"?{urlencode({'phone': tail})}" if tail else ""
    return Redirect(f"/track/{quote(code, safe='')}{query}", status_code=303)


@get("/track/{code:str}")
async def track(ctx: Ctx, dossier_views: Views, code: Code, phone: Query = None) -> Response[Any]:
    tail = (phone or "").strip()
    if not _tail_ok(tail):
        return _lookup_page(code, tail, [Problem("phone", "track_error_phone")], 400)
    try:
        view = await dossier_views.with_phone_tail(ctx, code, tail) if tail else None
        summary = view.summary if view else await dossier_views.public(code)
    except NotFound:
        return _lookup_page(code, tail, [Problem("code", "track_not_found")], 404)
    except RateLimited as exc:
        wait = Problem(
            "phone", "track_error_wait", values={"minutes": math.ceil(exc.retry_after / 60)}
        )
        return _lookup_page(code, tail, [wait], 429, {"Retry-After": str(exc.retry_after)})
    # the template gets the summary, the timeline and what is missing: never the personal part
    timeline = view.timeline if view else ()
    missing = view.missing if view else ()
    return page("dossiers/track.html", summary=summary, timeline=timeline, missing=missing)


def _lookup_page(
    code: str,
    phone: str,
    problems: list[Problem] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    not_found = status == 404
    return page(
        "dossiers/track_lookup.html",
        status=status,
        headers=headers,
        errors=problems or [],
        code=code,
        phone="" if not_found else phone,
        not_found=not_found,
    )


def _tail_ok(tail: str) -> bool:
    return not tail or (len(tail) == 4 and tail.isascii() and tail.isdigit())


ROUTES: list[Any] = [track_lookup, track]
