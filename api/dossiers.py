"""Dossiers over the JSON API: file one (idempotent), list mine, read one, withdraw, supplement.

Contract (CONTRACT.md): `POST /api/v1/dossiers` with an `Idempotency-Key` header answers 201
with the dossier's code, status, due date and links; the same key again answers with the same
dossier (and `Idempotent-Replayed: true`), never a second one.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import HeaderParameter, JSONBody, PathParameter

from api.deps import Ctx
from core.dossiers.requirements import DocumentChoice
from core.dossiers.submission import Submission, SubmissionService
from core.dossiers.transitions import DossierTransitions
from core.dossiers.views import DossierSummary, DossierView, DossierViews, TimelineEntry

SubmissionDep = NamedDependency[SubmissionService]
ViewsDep = NamedDependency[DossierViews]
TransitionsDep = NamedDependency[DossierTransitions]
Short = Annotated[str, msgspec.Meta(max_length=64)]
Note = Annotated[str, msgspec.Meta(max_length=2_000)]
PRIVATE = {"Cache-Control": "no-store"}
Code = Annotated[str, PathParameter(max_length=64)]


class DocumentIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    requirement: Annotated[int, msgspec.Meta(ge=1, le=1_000)]
    upload_id: Short


class DossierIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    procedure_code: Annotated[str, msgspec.Meta(max_length=16)]
    fields: dict[str, Any] = {}
    documents: Annotated[list[DocumentIn], msgspec.Meta(max_length=200)] = []
    unit: Annotated[str, msgspec.Meta(max_length=32)] | None = None


class WithdrawIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reason: Note = ""


class SupplementIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    documents: Annotated[list[DocumentIn], msgspec.Meta(max_length=200)]
    note: Note = ""


class FiledOut(msgspec.Struct, frozen=True):
    code: Code
    status: str
    due_at: dt.datetime | None
    tracking_url: str
    receipt_url: str


class EventOut(msgspec.Struct, frozen=True):
    at: dt.datetime
    status: str | None
    status_code: int | None
    note: str
    missing: list[str]


class DossierOut(msgspec.Struct, frozen=True):
    code: Code
    status: str
    status_code: int
    status_label: str
    unit: str
    procedure_code: Code
    procedure_name: str
    submitted_at: dt.datetime
    due_at: dt.datetime | None
    fee_vnd: int | None
    paid: bool
    timeline: list[EventOut] = []
    documents: list[dict[str, Any]] = []
    missing: list[str] = []


class StatusOut(msgspec.Struct, frozen=True):
    code: Code
    status: str
    status_code: int


def provide_submissions(state: State) -> SubmissionService:
    service: SubmissionService = state.submissions
    return service


def provide_dossier_views(state: State) -> DossierViews:
    service: DossierViews = state.dossier_views
    return service


def provide_transitions(state: State) -> DossierTransitions:
    service: DossierTransitions = state.transitions
    return service


class DossierController(Controller):
    path = "/dossiers"
    tags = ["dossiers"]

    @post("/", status_code=201, summary="File a dossier (idempotent by Idempotency-Key)")
    async def submit(
        self,
        request: Request[Any, Any, Any],
        ctx: Ctx,
        submissions: SubmissionDep,
        data: JSONBody[DossierIn],
        key: Annotated[str, HeaderParameter(name="Idempotency-Key", required=False)] = "",
    ) -> Response[FiledOut]:
        filed = await submissions.submit(ctx, _submission(data), key)
        base = request.app.state.settings.base_url.rstrip("/")
        body = FiledOut(
            code=filed.code,
            status=filed.status.value,
            due_at=filed.due_at,
            tracking_url=f"{base}/track/{filed.code}",
            receipt_url=f"{base}/dossiers/{filed.code}/receipt",
        )
        headers = {**PRIVATE, "Idempotent-Replayed": "false" if filed.created else "true"}
        return Response(body, status_code=201, headers=headers)

    @get("/", summary="My dossiers, newest first")
    async def mine(self, ctx: Ctx, dossier_views: ViewsDep) -> Response[list[DossierOut]]:
        rows = await dossier_views.mine(ctx)
        return Response([_summary_out(s) for s in rows], headers=PRIVATE)

    @get("/{code:str}", summary="One dossier with its timeline (owner or handling unit)")
    async def show(self, ctx: Ctx, dossier_views: ViewsDep, code: Code) -> Response[DossierOut]:
        return Response(_detail_out(await dossier_views.get(ctx, code)), headers=PRIVATE)

    @post("/{code:str}/withdraw", status_code=200, summary="Withdraw a dossier not yet decided")
    async def withdraw(
        self, ctx: Ctx, transitions: TransitionsDep, code: Code, data: JSONBody[WithdrawIn]
    ) -> StatusOut:
        status = await transitions.withdraw(ctx, code, data.reason)
        return StatusOut(code, status.value, status.national_code)

    @post("/{code:str}/supplement", status_code=200, summary="Send the papers an officer asked for")
    async def supplement(
        self, ctx: Ctx, transitions: TransitionsDep, code: Code, data: JSONBody[SupplementIn]
    ) -> StatusOut:
        status = await transitions.supplement(ctx, code, _choices(data.documents), data.note)
        return StatusOut(code, status.value, status.national_code)


def _choices(documents: list[DocumentIn]) -> list[DocumentChoice]:
    return [DocumentChoice(d.requirement, d.upload_id) for d in documents]


def _submission(data: DossierIn) -> Submission:
    return Submission(data.procedure_code, data.fields, _choices(data.documents), data.unit)


def _summary_out(s: DossierSummary, **more: Any) -> DossierOut:
    return DossierOut(
        code=s.code,
        status=s.status.value,
        status_code=s.status.national_code,
        status_label=s.status.label,
        unit=s.unit_code,
        procedure_code=s.procedure_code,
        procedure_name=s.procedure_name,
        submitted_at=s.submitted_at,
        due_at=s.due_at,
        fee_vnd=s.fee_vnd,
        paid=s.paid,
        **more,
    )


def _event_out(e: TimelineEntry) -> EventOut:
    return EventOut(
        at=e.at,
        status=e.status.value if e.status else None,
        status_code=e.status.national_code if e.status else None,
        note=e.note,
        missing=list(e.missing),
    )


def _detail_out(view: DossierView) -> DossierOut:
    documents = [
        {
            "requirement": d.requirement,
            "name": d.name,
            "upload_id": d.upload_id,
            "filename": d.filename,
            "content_type": d.content_type,
            "size": d.size,
            "round": d.round,
        }
        for d in view.documents
    ]
    return _summary_out(
        view.summary,
        timeline=[_event_out(e) for e in view.timeline],
        documents=documents,
        missing=list(view.missing),
    )


ROUTES: list[Any] = [DossierController]
