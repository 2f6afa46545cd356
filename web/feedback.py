"""The rating pages (đánh giá mức độ hài lòng) and the unit head's follow-up tasks.

Three taps from the invitation: open the rating page, tap one of three big buttons (the level is
recorded at once), then send or skip the optional criteria and comment. The buttons are plain
form submits, so the flow works without JavaScript. Refusals re-render the page with the error
summary: 400 for bad input, 409 when the dossier cannot be rated (not returned, rated already).
Every page is `no-store`; a dossier that is not the citizen's is the site's 404.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, PathParameter
from litestar.response import Redirect, Template

from core.errors import Conflict, DomainError, InvalidInput
from core.feedback.follow_ups import FollowUpService
from core.feedback.levels import CHOICES, CRITERIA, LEVELS, RatingInput
from core.feedback.ratings import RatingService
from web.deps import Ctx
from web.dossier_pages import when
from web.guards import require_citizen, require_staff

Ratings = NamedDependency[RatingService]
FollowUps = NamedDependency[FollowUpService]
Code = Annotated[str, PathParameter(max_length=64)]
TaskId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
PRIVATE = {"Cache-Control": "no-store"}
TASKS = "/staff/feedback/follow-ups"


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One line of an error summary: the field it links to and the core's message."""

    field: str
    message: str
    key: str = ""
    values: dict[str, object] = dataclasses.field(default_factory=dict)


def _problems(exc: DomainError | None, field: str) -> list[Problem]:
    """The core's (Vietnamese) messages, each linked to the input it is about."""
    if exc is None:
        return []
    if isinstance(exc, InvalidInput) and exc.errors:
        return [Problem(e.field.removeprefix("criteria."), e.message) for e in exc.errors]
    return [Problem(field, exc.message)]


def render(name: str, exc: DomainError | None = None, field: str = "", **context: Any) -> Template:
    """A page; after a domain error, with its summary and status (409 conflict, else 400)."""
    status = 200 if exc is None else 409 if isinstance(exc, Conflict) else 400
    errors = context.pop("errors", None)
    return Template(
        name,
        context={"when": when, "errors": errors or _problems(exc, field), **context},
        status_code=status,
        headers=PRIVATE,
    )


def rating_url(code: str, step: str = "") -> str:
    return f"/dossiers/{quote(code, safe='')}/danh-gia" + (f"/{step}" if step else "")


@get("/dossiers/{code:str}/danh-gia", include_in_schema=False)
async def rate_page(
    request: Request[Any, Any, Any], ctx: Ctx, ratings: Ratings, code: Code
) -> Template:
    require_citizen(request)
    return render("feedback/rate.html", state=await ratings.state(ctx, code), levels=LEVELS)


@post("/dossiers/{code:str}/danh-gia", include_in_schema=False)
async def rate(
    request: Request[Any, Any, Any], ctx: Ctx, ratings: Ratings, code: Code, data: Form
) -> Response[Any]:
    require_citizen(request)
    try:
        await ratings.rate(ctx, code, RatingInput(data.get("level", "")))
    except (InvalidInput, Conflict) as exc:
        state = await ratings.state(ctx, code)
        return render("feedback/rate.html", exc, "level", state=state, levels=LEVELS)
    return Redirect(rating_url(code, "chi-tiet"), status_code=303)


@get("/dossiers/{code:str}/danh-gia/chi-tiet", include_in_schema=False)
async def details_page(
    request: Request[Any, Any, Any], ctx: Ctx, ratings: Ratings, code: Code
) -> Response[Any]:
    require_citizen(request)
    state = await ratings.state(ctx, code)
    if state.rating is None:
        return Redirect(rating_url(code), status_code=303)
    if state.rating.detailed:
        return Redirect(rating_url(code, "cam-on"), status_code=303)
    return render("feedback/details.html", state=state, choices=CHOICES, given={})


@post("/dossiers/{code:str}/danh-gia/chi-tiet", include_in_schema=False)
async def details(
    request: Request[Any, Any, Any], ctx: Ctx, ratings: Ratings, code: Code, data: Form
) -> Response[Any]:
    require_citizen(request)
    criteria = {name: data.get(name, "") for name in CRITERIA}
    try:
        await ratings.add_details(ctx, code, criteria, data.get("comment", ""))
    except (InvalidInput, Conflict) as exc:
        state = await ratings.state(ctx, code)
        return render(
            "feedback/details.html", exc, "comment", state=state, choices=CHOICES, given=data
        )
    return Redirect(rating_url(code, "cam-on"), status_code=303)


@get("/dossiers/{code:str}/danh-gia/cam-on", include_in_schema=False)
async def thanks(
    request: Request[Any, Any, Any], ctx: Ctx, ratings: Ratings, code: Code
) -> Response[Any]:
    require_citizen(request)
    state = await ratings.state(ctx, code)
    if state.rating is None:
        return Redirect(rating_url(code), status_code=303)
    return render("feedback/thanks.html", state=state)


@get(TASKS, include_in_schema=False)
async def tasks_page(request: Request[Any, Any, Any], ctx: Ctx, follow_ups: FollowUps) -> Template:
    require_staff(request, "head")
    done = request.query_params.get("done") == "1"
    return render("feedback/follow_ups.html", tasks=await follow_ups.tasks(ctx), done=done)


@post(TASKS + "/{task_id:int}/close", include_in_schema=False)
async def close_task(
    request: Request[Any, Any, Any], ctx: Ctx, follow_ups: FollowUps, task_id: TaskId, data: Form
) -> Response[Any]:
    require_staff(request, "head")
    try:
        await follow_ups.close(ctx, task_id, data.get("note", ""))
    except (InvalidInput, Conflict) as exc:
        found = await follow_ups.tasks(ctx)
        errors = [Problem(f"note-{task_id}", exc.message)]
        return render("feedback/follow_ups.html", exc, tasks=found, done=False, errors=errors)
    return Redirect(TASKS + "?done=1", status_code=303)


ROUTES: list[Any] = [rate_page, rate, details_page, details, thanks, tasks_page, close_task]
