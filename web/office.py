"""The officers' pages: the unit's queue, one dossier with its papers and clock, and its actions.

Only officers and heads of the holding unit get here (`require_staff`, then the core's access
rules: anything else is the site's 404). Each allowed action is a small form posting to
`/staff/dossiers/{code}/actions/{action}`; a refusal re-renders the dossier page with the error
summary (400 for bad input, 409 when the dossier's state does not allow it), success redirects
(303) back to the dossier, or to the queue when the dossier has left the unit. Every page is
`no-store`; the papers and the result file are `private` and never sniffed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter, PathParameter
from litestar.response import Redirect, Template

from core.calendar.wording import vi_working_time
from core.dossiers.actions import RETURN_CHANNELS, Action, ActionRequest
from core.dossiers.office_view import OfficeViews
from core.dossiers.queue import DossierQueue, QueueQuery
from core.dossiers.status import Status
from core.dossiers.workflow import Workflow, load
from core.errors import Conflict, InvalidInput, NotFound, TooLarge, UnsupportedType
from core.files.service import UploadService
from core.identity import access
from core.identity.actor import Context
from core.identity.staff import StaffService
from web.deps import Ctx
from web.dossier_pages import inline_file, when
from web.guards import require_staff

Queues = NamedDependency[DossierQueue]
Offices = NamedDependency[OfficeViews]
Flows = NamedDependency[Workflow]
Staff = NamedDependency[StaffService]
Code = Annotated[str, PathParameter(max_length=64)]
ActionName = Annotated[str, PathParameter(max_length=32)]
DocumentId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
Choice = Annotated[str, Parameter(max_length=64)]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
Uploads = NamedDependency[UploadService]
RESULT_BODY = 11 * 1024 * 1024  # one result file of at most 10 MB, with the form around it
PRIVATE = {"Cache-Control": "no-store"}
QUEUE = "/staff/dossiers"
OUTCOMES = frozenset(
    (
        "received",
        "rejected",
        "forwarded",
        "sent_back",
        "approved",
        "returned",
        "stopped",
        "withdrawn",
    )
)


@get(QUEUE, include_in_schema=False)
async def queue_page(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    queue: Queues,
    staff_service: Staff,
    filter: Choice = "all",
) -> Template:
    require_staff(request)
    found = await queue.for_actor(ctx, QueueQuery(filter=filter))
    moved = {k: request.query_params.get(k, "")[:64] for k in ("moved", "action", "unit")}
    label = _label(moved["action"])
    # the unit is named from our own list, never from the address: a link cannot make it say more
    names = {u.code: u.name for u in await staff_service.unit_choices()} if label else {}
    moved["unit"] = names.get(moved["unit"], "")
    shown = moved if label and moved["unit"] else None
    return _page("office/queue.html", queue=found, moved=shown, label=label)


@get(QUEUE + "/{code:str}", include_in_schema=False)
async def dossier_page(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    office_views: Offices,
    staff_service: Staff,
    code: Code,
    done: Choice = "",
) -> Template:
    require_staff(request)
    return await _dossier(ctx, office_views, staff_service, code, done=_label(done))


@post(QUEUE + "/{code:str}/actions/{action:str}", include_in_schema=False)
async def act(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    workflow: Flows,
    office_views: Offices,
    staff_service: Staff,
    code: Code,
    action: ActionName,
    data: Form,
) -> Response[Any]:
    actor = require_staff(request)
    if not _label(action):
        raise NotFound("no such action")
    try:
        done = await workflow.act(ctx, code, _request(action, data))
    except (InvalidInput, Conflict) as exc:
        return await _dossier(
            ctx, office_views, staff_service, code, failed=(action, exc), form=data
        )
    if done.unit != actor.unit_code:  # the dossier left the unit: it is no longer ours to show
        query = urlencode({"moved": done.code, "action": action, "unit": done.unit})
        return Redirect(f"{QUEUE}?{query}", status_code=303)
    return Redirect(f"{_url(done.code)}?{urlencode({'done': action})}", status_code=303)


@post(QUEUE + "/{code:str}/result", include_in_schema=False, request_max_body_size=RESULT_BODY)
async def record_result(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    workflow: Flows,
    office_views: Offices,
    staff_service: Staff,
    uploads: Uploads,
    code: Code,
) -> Response[Any]:
    """The result document (a scan or photo) goes to the citizen's papers, then is recorded."""
    actor = require_staff(request)
    current = await load(code)
    access.ensure(
        current is not None and access.can_act_on_dossier(actor, current.holding_unit),
        "Không tìm thấy hồ sơ",
    )
    assert current is not None
    form = await request.form()
    data = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    action = Action.RECORD_RESULT.value
    upload_id = ""
    file = form.get("result")
    try:
        if current.status.decided and current.status is not Status.DONE:
            raise Conflict(f"Hồ sơ đang “{current.status.label}”, chưa cập nhật kết quả được")
        if isinstance(file, UploadFile) and file.filename:
            try:
                stored = await uploads.accept(current.owner, file.filename, await file.read())
            except (TooLarge, UnsupportedType) as refused:
                raise InvalidInput.one("result_upload", refused.message) from None
            upload_id = str(stored.id)
        request_ = dataclasses.replace(_request(action, data), result_upload=upload_id)
        done = await workflow.act(ctx, code, request_)
    except (InvalidInput, Conflict) as exc:
        return await _dossier(
            ctx, office_views, staff_service, code, failed=(action, exc), form=data
        )
    return Redirect(f"{_url(done.code)}?{urlencode({'done': action})}", status_code=303)


@get(QUEUE + "/{code:str}/documents/{document_id:int}", include_in_schema=False)
async def document(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    office_views: Offices,
    code: Code,
    document_id: DocumentId,
) -> Response[bytes]:
    require_staff(request)
    found, data = await office_views.document(ctx, code, document_id)
    return inline_file(data, found.content_type, found.filename)


@get(QUEUE + "/{code:str}/result-file", include_in_schema=False)
async def result_document(
    request: Request[Any, Any, Any], ctx: Ctx, office_views: Offices, code: Code
) -> Response[bytes]:
    """The result file recorded with "Cập nhật kết quả", for the officers holding the dossier."""
    require_staff(request)
    found, data = await office_views.result(ctx, code)
    return inline_file(data, found.content_type, found.filename)


async def _dossier(
    ctx: Context,
    office_views: OfficeViews,
    staff_service: StaffService,
    code: str,
    *,
    done: str = "",
    failed: tuple[str, InvalidInput | Conflict] | None = None,
    form: dict[str, str] | None = None,
) -> Template:
    """The dossier page; after a refused action, with its error summary and that form kept."""
    view = await office_views.get(ctx, code)
    action, exc = failed if failed else ("", None)
    return _page(
        "office/dossier.html",
        status=409 if isinstance(exc, Conflict) else 400 if exc else 200,
        view=view,
        done=done,
        units=await staff_service.unit_choices(),
        channels=list(RETURN_CHANNELS),
        errors=_problems(action, exc),
        failed=action,
        form=form or {},
    )


def _page(name: str, *, status: int = 200, **context: Any) -> Template:
    helpers = {
        "when": when,
        "minutes": _minutes,
        "hours": _hours,
        "url": _url,
        "outcomes": OUTCOMES,
    }
    return Template(name, context={**helpers, **context}, status_code=status, headers=PRIVATE)


def _request(action: str, data: dict[str, str]) -> ActionRequest:
    return ActionRequest(
        action=action,
        note=data.get("note", ""),
        items=tuple(line for line in data.get("items", "").splitlines() if line.strip()),
        unit=data.get("unit", ""),
        new_due=data.get("new_due", ""),
        via=data.get("via", ""),
        digitised=bool(data.get("digitised")),
        amount=data.get("amount", ""),
    )


def _problems(action: str, exc: InvalidInput | Conflict | None) -> list[dict[str, str]]:
    """Each problem linked to its input (`<action>-<field>`), a conflict to the action's form."""
    if exc is None:
        return []
    if isinstance(exc, InvalidInput) and exc.errors:
        return [{"field": f"{action}-{e.field}", "message": e.message} for e in exc.errors]
    return [{"field": f"action-{action}", "message": exc.message}]


def _label(action: str) -> str:
    try:
        return Action(action).label
    except ValueError:
        return ""


def _url(code: str) -> str:
    return f"{QUEUE}/{quote(code, safe='')}"


def _minutes(n: int) -> str:
    return vi_working_time(dt.timedelta(minutes=n))


def _hours(n: int) -> str:
    return vi_working_time(dt.timedelta(hours=n))


ROUTES: list[Any] = [record_result, queue_page, dossier_page, act, document, result_document]
