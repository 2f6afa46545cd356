"""Volunteer assistants over the JSON API: apply, the commune's decisions, consent, filing.

A citizen's bearer token throughout, except the commune's side (`/staff/assistants`, staff
tokens). Acting for a citizen takes two calls and the citizen's phone: `POST /assistants/consents`
(202: an SMS with a code goes to the citizen) and `.../confirm` with the code they read out; then
`POST /assistants/consents/{id}/dossiers`, which is `POST /dossiers` (same body, same
`Idempotency-Key` rule) filed for that citizen. Without the confirmed code nothing is created.
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
from api.dossiers import DocumentIn, DossierIn, FiledOut, StatusOut, SupplementIn
from api.guards import only
from api.staff_dossiers import staff_only
from core.assistants.service import (
    AssistantService,
    AssistantView,
    ConfirmedConsent,
    ConsentRequest,
    HelpedDossier,
)
from core.dossiers.requirements import DocumentChoice
from core.dossiers.submission import Submission
from core.errors import NotFound

AssistantsDep = NamedDependency[AssistantService]
Id = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
Code = Annotated[str, PathParameter(max_length=64)]
Note = Annotated[str, msgspec.Meta(max_length=500)]
PRIVATE = {"Cache-Control": "no-store"}
CITIZEN_SIGN_IN = "Đăng nhập bằng số điện thoại (POST /api/v1/auth/otp) để làm người hỗ trợ"


citizen_only = only("citizen", CITIZEN_SIGN_IN)


def provide_assistants(state: State) -> AssistantService:
    service: AssistantService = state.assistants
    return service


class ApplyIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    unit: Annotated[str, msgspec.Meta(max_length=32)]
    note: Note = ""


class DecisionIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    decision: Annotated[str, msgspec.Meta(max_length=16)]
    note: Note = ""


class ConsentIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    phone: Annotated[str, msgspec.Meta(max_length=32)]
    procedure_code: Annotated[str, msgspec.Meta(max_length=16)] = ""
    dossier_code: Annotated[str, msgspec.Meta(max_length=64)] = ""


class CodeIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(max_length=16)]


class AssistantOut(msgspec.Struct, frozen=True):
    id: int
    name: str
    phone: str
    unit: str
    unit_name: str
    status: str
    status_label: str
    note: str
    decision_note: str
    applied_at: dt.datetime
    decided_at: dt.datetime | None


class ConsentOut(msgspec.Struct, frozen=True):
    id: int
    phone_masked: str
    procedure_code: str
    procedure_name: str
    dossier_code: str
    expires_at: dt.datetime
    consent_text: str


class ConfirmedOut(msgspec.Struct, frozen=True):
    id: int
    citizen_name: str
    procedure_code: str
    procedure_name: str
    dossier_code: str
    missing: list[str]


class HelpedOut(msgspec.Struct, frozen=True):
    code: str
    procedure_code: str
    procedure_name: str
    status: str
    status_code: int
    status_label: str
    submitted_at: dt.datetime
    citizen_name: str
    full: bool
    revoked: bool


class AssistantController(Controller):
    path = "/assistants"
    tags = ["assistants"]
    guards = [citizen_only]

    @post("/", status_code=201, summary="Apply to help citizens at a commune")
    async def apply(
        self, ctx: Ctx, assistants: AssistantsDep, data: JSONBody[ApplyIn]
    ) -> AssistantOut:
        return _assistant_out(await assistants.apply(ctx, data.unit, data.note))

    @get("/me", summary="My application or role as an assistant")
    async def me(self, ctx: Ctx, assistants: AssistantsDep) -> Response[AssistantOut]:
        found = await assistants.mine(ctx)
        if found is None:
            raise NotFound("Bạn chưa đăng ký làm người hỗ trợ")
        return Response(_assistant_out(found), headers=PRIVATE)

    @post("/consents", status_code=202, summary="Send a citizen a consent code by SMS")
    async def ask(
        self, ctx: Ctx, assistants: AssistantsDep, data: JSONBody[ConsentIn]
    ) -> ConsentOut:
        """Either `procedure_code` (a new dossier) or `dossier_code` (its supplement)."""
        asked = await assistants.ask_consent(
            ctx, data.phone, data.procedure_code, data.dossier_code
        )
        return _consent_out(asked)

    @post(
        "/consents/{consent_id:int}/confirm", status_code=200, summary="The code the citizen read"
    )
    async def confirm(
        self, ctx: Ctx, assistants: AssistantsDep, consent_id: Id, data: JSONBody[CodeIn]
    ) -> ConfirmedOut:
        return _confirmed_out(await assistants.confirm(ctx, consent_id, data.code))

    @post("/consents/{consent_id:int}/dossiers", status_code=201, summary="File for the citizen")
    async def file(
        self,
        request: Request[Any, Any, Any],
        ctx: Ctx,
        assistants: AssistantsDep,
        consent_id: Id,
        data: JSONBody[DossierIn],
        key: Annotated[str, HeaderParameter(name="Idempotency-Key", required=False)] = "",
    ) -> Response[FiledOut]:
        filed = await assistants.submit(ctx, consent_id, _submission(data), key)
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

    @post("/consents/{consent_id:int}/supplement", status_code=200, summary="Send papers for them")
    async def supplement(
        self, ctx: Ctx, assistants: AssistantsDep, consent_id: Id, data: JSONBody[SupplementIn]
    ) -> StatusOut:
        sent = await assistants.supplement(ctx, consent_id, _choices(data.documents), data.note)
        return StatusOut(sent.code, sent.status.value, sent.status.national_code)

    @get("/dossiers", summary="The dossiers I filed for citizens (summaries once over)")
    async def helped(self, ctx: Ctx, assistants: AssistantsDep) -> Response[list[HelpedOut]]:
        found = await assistants.helped(ctx)
        return Response([_helped_out(h) for h in found], headers=PRIVATE)


class StaffAssistantController(Controller):
    path = "/staff/assistants"
    tags = ["back office"]
    guards = [staff_only]

    @get("/", summary="My commune's assistants and applications, waiting ones first")
    async def index(self, ctx: Ctx, assistants: AssistantsDep) -> Response[list[AssistantOut]]:
        found = await assistants.of_unit(ctx)
        return Response([_assistant_out(a) for a in found], headers=PRIVATE)

    @post("/{assistant_id:int}/decision", status_code=200, summary="approve, suspend or remove")
    async def decide(
        self, ctx: Ctx, assistants: AssistantsDep, assistant_id: Id, data: JSONBody[DecisionIn]
    ) -> AssistantOut:
        decided = await assistants.decide(ctx, assistant_id, data.decision, data.note)
        return _assistant_out(decided)


@post(
    "/dossiers/{code:str}/assistant/revoke",
    status_code=204,
    tags=["dossiers"],
    guards=[citizen_only],
    summary="End the assistant's access to my dossier",
)
async def revoke(ctx: Ctx, assistants: AssistantsDep, code: Code) -> None:
    await assistants.revoke(ctx, code)


def _choices(documents: list[DocumentIn]) -> list[DocumentChoice]:
    return [DocumentChoice(d.requirement, d.upload_id) for d in documents]


def _submission(data: DossierIn) -> Submission:
    """The body of `POST /dossiers`, as filed for the citizen."""
    return Submission(data.procedure_code, data.fields, _choices(data.documents), data.unit)


def _assistant_out(view: AssistantView) -> AssistantOut:
    return AssistantOut(
        id=view.id,
        name=view.name,
        phone=view.phone,
        unit=view.unit_code,
        unit_name=view.unit_name,
        status=view.status,
        status_label=view.status_label,
        note=view.note,
        decision_note=view.decision_note,
        applied_at=view.applied_at,
        decided_at=view.decided_at,
    )


def _consent_out(asked: ConsentRequest) -> ConsentOut:
    return ConsentOut(
        id=asked.id,
        phone_masked=asked.phone_masked,
        procedure_code=asked.procedure_code,
        procedure_name=asked.procedure_name,
        dossier_code=asked.dossier_code,
        expires_at=asked.expires_at,
        consent_text=asked.consent_text,
    )


def _confirmed_out(confirmed: ConfirmedConsent) -> ConfirmedOut:
    return ConfirmedOut(
        id=confirmed.id,
        citizen_name=confirmed.citizen_name,
        procedure_code=confirmed.procedure_code,
        procedure_name=confirmed.procedure_name,
        dossier_code=confirmed.dossier_code,
        missing=list(confirmed.missing),
    )


def _helped_out(h: HelpedDossier) -> HelpedOut:
    return HelpedOut(
        code=h.code,
        procedure_code=h.procedure_code,
        procedure_name=h.procedure_name,
        status=h.status.value,
        status_code=h.status.national_code,
        status_label=h.status.label,
        submitted_at=h.submitted_at,
        citizen_name=h.citizen_name,
        full=h.full,
        revoked=h.revoked,
    )


ROUTES: list[Any] = [AssistantController, StaffAssistantController, revoke]
