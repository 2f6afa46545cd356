"""The commune's volunteer assistants, for its officers and head: approve, suspend, remove.

`/staff/assistants` lists the caller's commune's applications first, then its assistants; each
has one small form (a note and the decisions its status allows) posting with the CSRF token.
The core checks that the assistant belongs to the caller's unit (anyone else: the site's 404);
a refused decision re-renders the list with the error summary (400 bad input, 409 when another
officer decided first), success redirects back (303) saying so.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.params import PathParameter
from litestar.response import Redirect, Template

from core.assistants.roster import DECISIONS
from core.assistants.service import AssistantService
from core.errors import Conflict, DomainError, InvalidInput
from core.identity.actor import Context
from web.assist import Assistants, Form, Problem, page, problems
from web.deps import Ctx
from web.guards import require_staff

AssistantId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
LIST = "/staff/assistants"


def allowed(status: str) -> list[str]:
    """The decisions an assistant in `status` can be given, in the core's order."""
    return [name for name, (sources, _, _) in DECISIONS.items() if status in sources]


@get(LIST, include_in_schema=False)
async def roster(request: Request[Any, Any, Any], ctx: Ctx, assistants: Assistants) -> Template:
    require_staff(request, "officer", "head")
    done = request.query_params.get("done", "")
    return await _list(ctx, assistants, done=done if done in DECISIONS else "")


@post(LIST + "/{assistant_id:int}", include_in_schema=False)
async def decide(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    assistants: Assistants,
    assistant_id: AssistantId,
    data: Form,
) -> Response[Any]:
    require_staff(request, "officer", "head")
    decision, note = data.get("decision", ""), data.get("note", "")
    try:
        await assistants.decide(ctx, assistant_id, decision, note)
    except (InvalidInput, Conflict) as exc:
        return await _list(ctx, assistants, exc, failed=assistant_id, note=note)
    return Redirect(f"{LIST}?done={decision}#assistant-{assistant_id}", status_code=303)


async def _list(
    ctx: Context,
    assistants: AssistantService,
    exc: DomainError | None = None,
    *,
    done: str = "",
    failed: int = 0,
    note: str = "",
) -> Template:
    """The list; after a refusal the summary links to the note of the assistant concerned."""
    people = await assistants.of_unit(ctx)
    field = f"note-{failed}"
    return page(
        "assist/staff.html",
        exc,
        field,
        errors=[Problem(field, message=p.message) for p in problems(exc, field)],
        waiting=[p for p in people if p.status == "applied"],
        active=[p for p in people if p.status == "approved"],
        inactive=[p for p in people if p.status in ("suspended", "removed")],
        allowed=allowed,
        done=done,
        failed=failed,
        note=note,
    )


ROUTES: list[Any] = [roster, decide]
