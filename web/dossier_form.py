"""The citizen's online form: start a draft, fill it in with papers, check the answers, submit.

Every step works without JavaScript (one multipart form, Post/Redirect/Get); with htmx the form
also saves itself as the citizen types. The draft's token is the submission's idempotency key,
so pressing "Nộp hồ sơ" twice, or going back and pressing it again, files one dossier.

A volunteer assistant's draft for a citizen (`DraftView.consent_id`, see web/assist.py) uses the
same pages: it says for whom it is filed, starts empty rather than with the assistant's own
profile, offers none of the assistant's stored papers, and is filed by `AssistantService.file`.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import Redirect, Template

from core.catalog.model import Procedure
from core.catalog.service import CatalogService
from core.dossiers.drafts import DraftService, DraftView
from core.dossiers.fields import clean_fields, display_value, prefill
from core.dossiers.procedures import receiving_kinds
from core.dossiers.provinces import PROVINCES
from core.dossiers.requirements import DocumentChoice, Requirement, check_choices, requirements
from core.dossiers.submission import Submission, SubmissionService
from core.errors import Conflict, FieldError, InvalidInput, TooLarge, UnsupportedType
from core.files.service import UploadService
from core.identity.citizens import CitizenAuth
from core.identity.units import UnitService
from core.payments import fees
from web.assist import provide_assistants
from web.deps import Ctx
from web.guards import require_citizen

Drafts = NamedDependency[DraftService]
Uploads = NamedDependency[UploadService]
Catalog = NamedDependency[CatalogService]
PRIVATE = {"Cache-Control": "no-store"}
Code = Annotated[str, PathParameter(max_length=40)]
Token = Annotated[str, PathParameter(max_length=40)]
MAX_FORM_BYTES = 48 * 1024 * 1024  # a few phone photos at once; each file is checked on its own
STATUS_OF_UPLOAD_ERROR = {TooLarge: 413, UnsupportedType: 415}


def provide_drafts(state: State) -> DraftService:
    service: DraftService = state.drafts
    return service


@dataclasses.dataclass(frozen=True, slots=True)
class Saved:
    draft: DraftView
    procedure: Procedure
    errors: list[FieldError]
    status: int


@post("/procedures/{code:str}/submit")
async def start(request: Request[Any, Any, Any], ctx: Ctx, drafts: Drafts, code: Code) -> Redirect:
    require_citizen(request)
    token = await drafts.start(ctx, code)
    return Redirect(f"/dossiers/drafts/{token}", status_code=303)


@get("/dossiers/drafts/{token:str}")
async def form_page(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    drafts: Drafts,
    citizen_auth: NamedDependency[CitizenAuth],
    token: Token,
) -> Response[Any]:
    require_citizen(request)
    draft = await drafts.get(ctx, token)
    if receipt := _receipt_if_filed(draft):
        return receipt
    if not draft.values and draft.consent_id is None:  # the assistant's profile is not theirs
        profile = await citizen_auth.profile(_citizen(ctx))
        fields = (await _procedure(request, draft)).form_fields
        draft = await drafts.save(ctx, token, prefill(fields, _facts(profile)))
    return await _form(request, ctx, draft)


@post("/dossiers/drafts/{token:str}", request_max_body_size=MAX_FORM_BYTES)
async def save_form(
    request: Request[Any, Any, Any], ctx: Ctx, drafts: Drafts, uploads: Uploads, token: Token
) -> Response[Any]:
    require_citizen(request)
    form = await request.form()
    saved = await _save(request, ctx, drafts, uploads, token, form)
    if saved.errors or form.get("action") == "save":
        return await _form(request, ctx, saved.draft, saved.errors, saved.status)
    problems = _problems(saved.procedure, saved.draft)
    if problems:
        return await _form(request, ctx, saved.draft, problems, 400)
    return Redirect(f"/dossiers/drafts/{token}/check", status_code=303)


@post("/dossiers/drafts/{token:str}/autosave")
async def autosave(
    request: Request[Any, Any, Any], ctx: Ctx, drafts: Drafts, token: Token
) -> Template:
    """htmx: keep what was typed; answers with the "saved at" line only."""
    require_citizen(request)
    draft = await drafts.get(ctx, token)
    form = await request.form()
    typed = _typed(await _procedure(request, draft), form)
    draft = await drafts.save(ctx, token, typed, unit_code=_unit(form))
    return Template("dossiers/_saved.html", context={"draft": draft}, headers=PRIVATE)


@get("/dossiers/drafts/{token:str}/check")
async def check_page(
    request: Request[Any, Any, Any], ctx: Ctx, drafts: Drafts, uploads: Uploads, token: Token
) -> Response[Any]:
    require_citizen(request)
    draft = await drafts.get(ctx, token)
    if receipt := _receipt_if_filed(draft):
        return receipt
    procedure = await _procedure(request, draft)
    if _problems(procedure, draft):
        return Redirect(f"/dossiers/drafts/{token}", status_code=303)
    cleaned = clean_fields(procedure.form_fields, _field_values(procedure, draft))
    answers = [
        (f, display_value(f, cleaned.get(f.name)) if cleaned.get(f.name) is not None else "")
        for f in procedure.form_fields
        if f.type != "file"
    ]
    items = fees.fee_items(procedure, cleaned)
    context = {
        "draft": draft,
        "p": procedure,
        "answers": answers,
        "fee_items": items,
        "fee_vnd": fees.dossier_fee(procedure, items),
        "papers": await _papers(ctx, uploads, procedure, draft),
        "unit": await _unit_name(request, procedure, draft),
        "for_whom": await _for_whom(request, ctx, draft),
    }
    return Template("dossiers/check.html", context=context, headers=PRIVATE)


@post("/dossiers/drafts/{token:str}/submit")
async def submit(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    drafts: Drafts,
    submissions: NamedDependency[SubmissionService],
    token: Token,
) -> Response[Any]:
    require_citizen(request)
    draft = await drafts.get(ctx, token)
    if receipt := _receipt_if_filed(draft):
        return receipt
    if draft.consent_id is not None:  # an assistant files for the citizen who consented
        return await _file_for_citizen(request, ctx, draft)
    procedure = await _procedure(request, draft)
    submission = Submission(
        procedure_code=draft.procedure_code,
        fields=_field_values(procedure, draft),
        documents=_choices(draft),
        unit_code=draft.unit_code or None,
    )
    try:
        filed = await submissions.submit(ctx, submission, f"draft-{token}")
    except InvalidInput as invalid:
        return await _form(request, ctx, draft, invalid.errors, 400)
    await drafts.mark_submitted(ctx, token, filed.code)
    return Redirect(f"/dossiers/{filed.code}/receipt", status_code=303)


async def _file_for_citizen(
    request: Request[Any, Any, Any], ctx: Ctx, draft: DraftView
) -> Response[Any]:
    """The consent's one filing; the receipt is the assistant's to print for the citizen."""
    assistants = provide_assistants(request.app.state)
    try:
        filed = await assistants.file(ctx, draft.token)
    except InvalidInput as invalid:
        return await _form(request, ctx, draft, invalid.errors, 400)
    except Conflict as refused:  # the consent was used, or is over a day old
        return await _form(request, ctx, draft, [FieldError("consent", refused.message)], 409)
    return Redirect(f"/dossiers/{filed.code}/receipt", status_code=303)


async def _save(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    drafts: DraftService,
    uploads: UploadService,
    token: Token,
    form: Any,
) -> Saved:
    """Keep the typed answers first, then each new file; a refused file loses nothing else."""
    draft = await drafts.get(ctx, token)
    procedure = await _procedure(request, draft)
    typed = _typed(procedure, form)
    chosen = {n: list(ids) for n, ids in draft.documents.items()}
    for item in form.getall("remove") if "remove" in form else []:
        number, _, upload_id = str(item).partition(":")
        if number.isdigit() and upload_id in chosen.get(int(number), []):
            chosen[int(number)].remove(upload_id)
    errors: list[FieldError] = []
    status = 200
    for requirement in requirements(procedure):
        n = requirement.number
        reused = str(form.get(f"reuse-{n}") or "")
        if reused and reused not in chosen.get(n, []):
            chosen.setdefault(n, []).append(reused)
        for key in (f"doc-{n}", f"cam-{n}"):
            for file in form.getall(key) if key in form else []:
                if not isinstance(file, UploadFile) or not file.filename:
                    continue
                try:
                    upload = await uploads.accept(_citizen(ctx), file.filename, await file.read())
                except (TooLarge, UnsupportedType, InvalidInput) as refused:
                    errors.append(FieldError("documents", f"{file.filename}: {refused.message}"))
                    status = max(status, STATUS_OF_UPLOAD_ERROR.get(type(refused), 400))
                    continue
                chosen.setdefault(n, []).append(str(upload.id))
    draft = await drafts.save(ctx, token, typed, chosen, _unit(form))
    return Saved(draft, procedure, errors, status)


async def _form(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    draft: DraftView,
    errors: list[FieldError] | None = None,
    status: int = 200,
) -> Template:
    procedure = await _procedure(request, draft)
    uploads: UploadService = request.app.state.uploads
    context = {
        "for_whom": await _for_whom(request, ctx, draft),
        "draft": draft,
        "p": procedure,
        "errors": errors or [],
        "doc_errors": [e for e in errors or [] if e.field.startswith("documents")],
        "provinces": PROVINCES,
        "units": await _units(request, procedure),
        "papers": await _papers(ctx, uploads, procedure, draft),
        # an assistant's own papers must never slip into a citizen's dossier
        "personal": [] if draft.consent_id else await uploads.list_owned(_citizen(ctx)),
    }
    return Template("dossiers/form.html", context=context, status_code=status, headers=PRIVATE)


async def _papers(
    ctx: Ctx, uploads: UploadService, procedure: Procedure, draft: DraftView
) -> list[tuple[Requirement, list[Any]]]:
    """Each requirement with the uploads attached to it in the draft."""
    mine = {str(u.id): u for u in await uploads.list_owned(_citizen(ctx))}
    return [
        (r, [mine[i] for i in draft.documents.get(r.number, []) if i in mine])
        for r in requirements(procedure)
    ]


async def _for_whom(request: Request[Any, Any, Any], ctx: Ctx, draft: DraftView) -> str:
    """The citizen an assistant's draft is for (their name, or their masked number)."""
    if draft.consent_id is None:
        return ""
    assistants = provide_assistants(request.app.state)
    shown = await assistants.consent(ctx, draft.consent_id)
    return shown.citizen_name or shown.phone_masked


def _problems(procedure: Procedure, draft: DraftView) -> list[FieldError]:
    problems: list[FieldError] = []
    try:
        clean_fields(procedure.form_fields, _field_values(procedure, draft))
    except InvalidInput as invalid:
        problems.extend(invalid.errors)
    problems.extend(check_choices(procedure, _choices(draft)))
    return problems


def _receipt_if_filed(draft: DraftView) -> Redirect | None:
    """A draft already filed answers with its receipt: back, refresh or a second press."""
    if not draft.submitted_code:
        return None
    return Redirect(f"/dossiers/{draft.submitted_code}/receipt", status_code=303)


def _choices(draft: DraftView) -> list[DocumentChoice]:
    return [DocumentChoice(n, i) for n, ids in sorted(draft.documents.items()) for i in ids]


def _input_names(procedure: Procedure) -> list[str]:
    names: list[str] = []
    for f in procedure.form_fields:
        if f.type == "address":
            names += [f"{f.name}.province", f"{f.name}.detail"]
        elif f.type != "file":
            names.append(f.name)
    return names


def _field_values(procedure: Procedure, draft: DraftView) -> dict[str, str]:
    """The draft's answers for this form's inputs only (a checkbox left unticked is absent)."""
    return {k: v for k in _input_names(procedure) if (v := draft.values.get(k, "")) != ""}


def _typed(procedure: Procedure, form: Any) -> dict[str, str]:
    checkboxes = {f.name for f in procedure.form_fields if f.type == "checkbox"}
    return {
        name: str(form.get(name) or "")
        for name in _input_names(procedure)
        if name in form or name in checkboxes
    }


def _unit(form: Any) -> str | None:
    value = form.get("unit")
    return str(value)[:32] if isinstance(value, str) else None


async def _procedure(request: Request[Any, Any, Any], draft: DraftView) -> Procedure:
    catalog: CatalogService = request.app.state.catalog
    return await catalog.get(draft.procedure_code)


async def _units(request: Request[Any, Any, Any], procedure: Procedure) -> list[Any]:
    units: UnitService = request.app.state.units
    kinds = receiving_kinds(procedure)
    return [u for u in await units.all() if u.active and u.kind in kinds]


async def _unit_name(
    request: Request[Any, Any, Any], procedure: Procedure, draft: DraftView
) -> str:
    units = await _units(request, procedure)
    chosen = next((u for u in units if u.code == draft.unit_code), None)
    fallback = next((u for u in units if u.kind == "province"), None)
    unit = chosen or fallback
    return unit.name if unit else ""


def _citizen(ctx: Ctx) -> int:
    assert ctx.actor.id is not None  # the page called require_citizen first
    return ctx.actor.id


def _facts(profile: Any) -> dict[str, object]:
    return {
        "full_name": profile.full_name,
        "national_id": profile.national_id,
        "phone": profile.phone,
        "address": profile.address,
        "email": profile.email,
    }


ROUTES: list[Any] = [start, form_page, save_form, autosave, check_page, submit]
