"""The back office over the JSON API: the unit's queue, one dossier, an officer's action.

Contract (CONTRACT.md): `GET /api/v1/staff/dossiers?status=&due=` is the queue of the caller's
unit; `POST /api/v1/staff/dossiers/{code}/actions` takes one workflow action and answers 409 with
the reason when the dossier's state does not allow it. Staff bearer tokens only: without one 401;
a citizen's token, an admin without a unit, or a dossier held by another unit answer 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

import msgspec
from litestar import Controller, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter, PathParameter

from api.deps import Ctx
from api.guards import only
from core.dossiers.actions import ActionRequest
from core.dossiers.office_view import OfficeDossier, OfficeViews
from core.dossiers.queue import DossierQueue, Queue, QueueItem, QueueQuery
from core.dossiers.time_left import TimeLeft
from core.dossiers.workflow import Workflow

QueueDep = NamedDependency[DossierQueue]
OfficeDep = NamedDependency[OfficeViews]
WorkflowDep = NamedDependency[Workflow]
Code = Annotated[str, PathParameter(max_length=64)]
DocumentId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
Choice = Annotated[str, Parameter(max_length=32)]
Short = Annotated[str, msgspec.Meta(max_length=64)]
PRIVATE = {"Cache-Control": "no-store"}
STAFF_SIGN_IN = "send Authorization: Bearer <token> from POST /api/v1/staff/login"


staff_only = only("staff", STAFF_SIGN_IN)


def provide_queue(state: State) -> DossierQueue:
    service: DossierQueue = state.queue
    return service


def provide_office_views(state: State) -> OfficeViews:
    service: OfficeViews = state.office_views
    return service


def provide_workflow(state: State) -> Workflow:
    service: Workflow = state.workflow
    return service


class ActionIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    action: Short
    note: Annotated[str, msgspec.Meta(max_length=4_000)] = ""
    items: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=1_000)]], msgspec.Meta(max_length=100)
    ] = []
    unit: Short = ""
    new_due: Short = ""
    via: Short = ""
    digitised: bool = False
    result_upload: Short = ""
    amount: Annotated[int, msgspec.Meta(ge=1, le=1_000_000_000)] | Short = ""  # đồng


class ActionOut(msgspec.Struct, frozen=True):
    code: str
    action: str
    status: str
    status_code: int
    unit: str
    step: int


class ClockOut(msgspec.Struct, frozen=True):
    state: str
    due_at: dt.datetime | None
    legal_due_at: dt.datetime | None
    left_minutes: int
    verdict: str
    extended: bool
    explanation: list[str] = []


class QueueItemOut(msgspec.Struct, frozen=True):
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    status: str
    status_code: int
    status_label: str
    step: int
    step_name: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    left_minutes: int | None
    verdict: str | None
    filters: list[str]


class QueueOut(msgspec.Struct, frozen=True):
    unit: str
    filter: str
    counts: dict[str, int]
    items: list[QueueItemOut]


class OfficeOut(msgspec.Struct, frozen=True):
    code: str
    status: str
    status_code: int
    status_label: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    unit: str
    receiving_unit: str
    step: int
    step_name: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    clock: ClockOut | None
    fields: list[dict[str, str]]
    documents: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    control_sheet: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    assistant_name: str = ""  # the volunteer who filed it for the citizen, if one did


class StaffDossierController(Controller):
    path = "/staff/dossiers"
    tags = ["back office"]
    guards = [staff_only]

    @get("/", summary="The queue of my unit: filter, status and due, sorted by time left")
    async def index(
        self,
        ctx: Ctx,
        queue: QueueDep,
        filter: Choice = "all",
        status: Choice = "",
        due: Choice = "",
    ) -> Response[QueueOut]:
        """`filter`: all, new, due_today, due_soon, overdue, paused, mine; `status`: a status
        value; `due`: today, soon or overdue. `counts` are over the whole queue."""
        found = await queue.for_actor(ctx, QueueQuery(filter, status, due))
        return Response(_queue_out(found), headers=PRIVATE)

    @get("/{code:str}", summary="One dossier of my unit: form, papers, timeline, clock, actions")
    async def show(self, ctx: Ctx, office_views: OfficeDep, code: Code) -> Response[OfficeOut]:
        return Response(_office_out(await office_views.get(ctx, code)), headers=PRIVATE)

    @get("/{code:str}/documents/{document_id:int}", summary="The bytes of one of its papers")
    async def document(
        self, ctx: Ctx, office_views: OfficeDep, code: Code, document_id: DocumentId
    ) -> Response[bytes]:
        found, data = await office_views.document(ctx, code, document_id)
        return Response(data, media_type=found.content_type, headers=paper_headers(found.filename))

    @post("/{code:str}/actions", status_code=200, summary="Take one workflow action")
    async def act(
        self, ctx: Ctx, workflow: WorkflowDep, code: Code, data: JSONBody[ActionIn]
    ) -> ActionOut:
        """receive, request_supplement, request_payment, reject, forward, send_back, approve,
        record_result, return_result, extend, stop. 409 with the reason when the dossier's
        state does not allow it; 422 naming the field for bad input."""
        done = await workflow.act(ctx, code, _request(data))
        return ActionOut(
            done.code, done.action.value, done.status, done.status_code, done.unit, done.step
        )


def paper_headers(filename: str) -> dict[str, str]:
    """A dossier's paper: private to this browser, never sniffed, shown inline."""
    return {
        "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f"inline; filename*=UTF-8''{quote(filename)}",
    }


def _request(data: ActionIn) -> ActionRequest:
    return ActionRequest(
        action=data.action,
        note=data.note,
        items=tuple(data.items),
        unit=data.unit,
        new_due=data.new_due,
        via=data.via,
        digitised=data.digitised,
        result_upload=data.result_upload,
        amount=str(data.amount),
    )


def _minutes(left: dt.timedelta) -> int:
    return int(left // dt.timedelta(minutes=1))


def _clock_out(clock: TimeLeft, lines: tuple[str, ...] = ()) -> ClockOut:
    return ClockOut(
        state=clock.state,
        due_at=clock.due,
        legal_due_at=clock.legal_due,
        left_minutes=_minutes(clock.left),
        verdict=clock.verdict,
        extended=clock.extended,
        explanation=list(lines),
    )


def _item_out(item: QueueItem) -> QueueItemOut:
    return QueueItemOut(
        code=item.code,
        procedure_code=item.procedure_code,
        procedure_name=item.procedure_name,
        applicant_name=item.applicant_name,
        status=item.status.value,
        status_code=item.status.national_code,
        status_label=item.status.label,
        step=item.step,
        step_name=item.step_name,
        submitted_at=item.submitted_at,
        received_at=item.received_at,
        due_at=item.due,
        left_minutes=_minutes(item.left) if item.left is not None else None,
        verdict=item.verdict,
        filters=sorted(f.value for f in item.filters),
    )


def _queue_out(queue: Queue) -> QueueOut:
    return QueueOut(
        unit=queue.unit_code,
        filter=queue.chosen.value,
        counts={f.value: n for f, n in queue.counts.items()},
        items=[_item_out(i) for i in queue.items],
    )


def _office_out(view: OfficeDossier) -> OfficeOut:
    base = f"/api/v1/staff/dossiers/{quote(view.code, safe='')}/documents"
    return OfficeOut(
        code=view.code,
        status=view.status.value,
        status_code=view.status.national_code,
        status_label=view.status.label,
        procedure_code=view.procedure_code,
        procedure_name=view.procedure_name,
        applicant_name=view.applicant_name,
        assistant_name=view.assistant_name,
        unit=view.holding_unit[0],
        receiving_unit=view.receiving_unit[0],
        step=view.step,
        step_name=view.step_name,
        submitted_at=view.submitted_at,
        received_at=view.received_at,
        clock=_clock_out(view.clock.reading, view.clock.lines) if view.clock else None,
        fields=[{"name": a.name, "label": a.label, "value": a.value} for a in view.answers],
        documents=[
            {
                "id": d.id,
                "requirement": d.requirement,
                "name": d.name,
                "filename": d.filename,
                "content_type": d.content_type,
                "size": d.size,
                "round": d.round,
                "url": f"{base}/{d.id}",
            }
            for d in view.documents
        ],
        timeline=[
            {
                "at": e.at,
                "status": e.status.value if e.status else None,
                "status_code": e.status.national_code if e.status else None,
                "note": e.note,
                "by": e.actor_label,
                "actor_kind": e.actor_kind,
                "missing": list(e.missing),
            }
            for e in view.timeline
        ],
        control_sheet=[
            {
                "position": r.position,
                "name": r.name,
                "unit": r.unit_code,
                "sent_by": r.sent_by,
                "started_at": r.started_at,
                "ended_at": r.ended_at,
                "ended_by": r.ended_by,
                "outcome": r.outcome,
                "note": r.note,
                "allowance_hours": r.allowance_hours,
                "used_minutes": r.used_minutes,
                "verdict": r.verdict,
            }
            for r in view.sheet
        ],
        actions=[
            {
                "action": c.action.value,
                "label": c.label,
                "fields": list(c.fields),
                "required": list(c.required),
                "next_step": c.next_step,
            }
            for c in view.actions
        ],
    )


ROUTES: list[Any] = [StaffDossierController]
