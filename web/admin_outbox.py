"""The admin's page for notifications that need a person: /admin/outbox.

It lists parked messages (too many failed rounds) and flagged ones (a channel's outcome is
unknown after a worker died mid-call), each with its attempts, and a "Gửi lại" button that
queues the message again (core.outbox.parked, audited). Admins only; anyone else signed in gets
a 404, a stranger is sent to sign in.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import Redirect, Template

from core.outbox.parked import ParkedOutbox
from web.deps import Ctx
from web.dossier_pages import when
from web.guards import require_staff

Parked = NamedDependency[ParkedOutbox]
Id = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
PAGE = "/admin/outbox"


def provide_parked_outbox(state: State) -> ParkedOutbox:
    service: ParkedOutbox = state.parked_outbox
    return service


@get(PAGE, include_in_schema=False)
async def outbox_page(request: Request[Any, Any, Any], parked_outbox: Parked) -> Template:
    require_staff(request, "admin")
    retried = request.query_params.get("retried", "")
    return Template(
        "admin/outbox.html",
        context={
            "messages": await parked_outbox.troubled(),
            "when": when,
            "retried": retried if retried.isdigit() else "",
        },
        headers={"Cache-Control": "no-store"},
    )


@post(f"{PAGE}/{{message_id:int}}/retry", include_in_schema=False)
async def retry(
    request: Request[Any, Any, Any], parked_outbox: Parked, ctx: Ctx, message_id: Id
) -> Response[Any]:
    require_staff(request, "admin")
    await parked_outbox.retry(ctx, message_id)
    return Redirect(f"{PAGE}?retried={message_id}", status_code=303)


ROUTES: list[Any] = [outbox_page, retry]
