"""The citizen's dossier pages (Hồ sơ của tôi); the public tracking pages are in web/tracking.py.

A citizen sees their drafts and dossiers, one dossier with its timeline, its receipt (page and
PDF) and, once returned, its result file, and takes the two actions left to them once filed:
withdraw and supplement. A dossier that is not theirs is the site's 404, exactly like one that
does not exist. Every page is `no-store`.
"""

from __future__ import annotations

import asyncio
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

from core.clock import VIETNAM
from core.dossiers import result_file
from core.dossiers.drafts import DraftService
from core.dossiers.procedures import frozen
from core.dossiers.requirements import DocumentChoice, requirements
from core.dossiers.status import Status
from core.dossiers.transitions import DossierTransitions
from core.dossiers.views import DossierView, DossierViews
from core.errors import DomainError, InvalidInput, TooLarge, UnsupportedType
from core.files.service import UploadService
from core.payments.service import PaymentService
from web.deps import Ctx
from web.guards import require_citizen
from web.qr import qr_svg
from web.receipt_pdf import receipt_pdf

Views = NamedDependency[DossierViews]
Payments = NamedDependency[PaymentService]
Transitions = NamedDependency[DossierTransitions]
Drafts = NamedDependency[DraftService]
Uploads = NamedDependency[UploadService]
Code = Annotated[str, PathParameter(max_length=64)]
Token = Annotated[str, PathParameter(max_length=64)]
Query = Annotated[str | None, Parameter(max_length=64)]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
PRIVATE = {"Cache-Control": "no-store"}
MAX_BODY = 25 * 1024 * 1024  # several phone photos of up to 10 MB each, as one form
FILE_STATUS = {TooLarge: 413, UnsupportedType: 415}


class FileRefused(Exception):
    """A file of the supplement form the core refused, and the input it came from."""

    def __init__(self, field: str, error: InvalidInput | TooLarge | UnsupportedType) -> None:
        super().__init__(error.message)
        self.field = field
        self.error = error


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One line of an error summary: the field it links to, a message key or the core's text."""

    field: str
    key: str = ""
    message: str = ""
    values: dict[str, object] = dataclasses.field(default_factory=dict)


def when(value: dt.datetime) -> str:
    """dd/mm/yyyy HH:MM in Việt Nam time, as the lists and the timeline show it."""
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


@get("/dossiers")
async def mine(
    request: Request[Any, Any, Any], ctx: Ctx, dossier_views: Views, drafts: Drafts
) -> Template:
    require_citizen(request)
    return page(
        "dossiers/mine.html",
        drafts=await drafts.mine(ctx),
        dossiers=await dossier_views.mine(ctx),
        deleted=request.query_params.get("deleted") == "1",
    )


@post("/dossiers/drafts/{token:str}/delete")
async def delete_draft(
    request: Request[Any, Any, Any], ctx: Ctx, drafts: Drafts, token: Token
) -> Redirect:
    require_citizen(request)
    await drafts.delete(ctx, token)
    return Redirect("/dossiers?deleted=1", status_code=303)


@get("/dossiers/{code:str}")
async def detail(
    request: Request[Any, Any, Any], ctx: Ctx, dossier_views: Views, payments: Payments, code: Code
) -> Template:
    require_citizen(request)
    view = await dossier_views.get(ctx, code)
    quote = await payments.quote(ctx, view.summary.code) if view.summary.fee_vnd else None
    done = request.query_params.get("done", "")
    return page("dossiers/detail.html", view=view, quote=quote, done=done)


@get("/dossiers/{code:str}/withdraw")
async def withdraw_form(
    request: Request[Any, Any, Any], ctx: Ctx, dossier_views: Views, code: Code
) -> Response[Any]:
    require_citizen(request)
    view = await dossier_views.get(ctx, code)
    if view.summary.status.decided:
        return Redirect(_detail_url(code), status_code=303)
    return page("dossiers/withdraw.html", view=view, reason="")


@post("/dossiers/{code:str}/withdraw")
async def withdraw(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    dossier_views: Views,
    transitions: Transitions,
    code: Code,
    data: Form,
) -> Response[Any]:
    require_citizen(request)
    reason = data.get("reason", "")
    try:
        await transitions.withdraw(ctx, code, reason)  # Conflict → the 409 error page
    except InvalidInput as exc:
        view = await dossier_views.get(ctx, code)
        return page("dossiers/withdraw.html", exc, "reason", view=view, reason=reason)
    return Redirect(_detail_url(code, done="withdrawn"), status_code=303)


@get("/dossiers/{code:str}/supplement")
async def supplement_form(
    request: Request[Any, Any, Any], ctx: Ctx, dossier_views: Views, uploads: Uploads, code: Code
) -> Response[Any]:
    actor = require_citizen(request)
    view = await dossier_views.get(ctx, code)
    if view.summary.status is not Status.SUPPLEMENT_REQUESTED:
        return Redirect(_detail_url(code), status_code=303)
    return await _supplement_page(view, uploads, actor.id or 0)


@post("/dossiers/{code:str}/supplement", request_max_body_size=MAX_BODY)
async def supplement(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    dossier_views: Views,
    transitions: Transitions,
    uploads: Uploads,
    code: Code,
) -> Response[Any]:
    owner = require_citizen(request).id or 0
    view = await dossier_views.get(ctx, code)  # a stranger's files are never accepted
    if view.summary.status is not Status.SUPPLEMENT_REQUESTED:
        return Redirect(_detail_url(code), status_code=303)
    form = await request.form()
    note = str(form.get("note") or "")
    try:
        choices = await chosen_papers(uploads, owner, view, form)
        await transitions.supplement(ctx, code, choices, note)
    except FileRefused as refused:
        return await _supplement_page(view, uploads, owner, refused.error, refused.field, note)
    except InvalidInput as exc:
        return await _supplement_page(view, uploads, owner, exc, "documents", note)
    return Redirect(_detail_url(code, done="supplemented"), status_code=303)


@get("/dossiers/{code:str}/receipt")
async def receipt(
    request: Request[Any, Any, Any], ctx: Ctx, dossier_views: Views, code: Code
) -> Template:
    require_citizen(request)
    found = await dossier_views.receipt(ctx, code, _tracking_url(request, code))
    pdf_url = f"/dossiers/{quote(found.code)}/receipt.pdf"
    return page(
        "dossiers/receipt.html", receipt=found, qr=qr_svg(found.tracking_url), pdf_url=pdf_url
    )


@get("/dossiers/{code:str}/receipt.pdf")
async def receipt_file(
    request: Request[Any, Any, Any], ctx: Ctx, dossier_views: Views, code: Code
) -> Response[bytes]:
    require_citizen(request)
    found = await dossier_views.receipt(ctx, code, _tracking_url(request, code))
    disposition = f'inline; filename="giay-tiep-nhan-{found.code}.pdf"'
    return Response(
        await asyncio.to_thread(receipt_pdf, found),
        media_type="application/pdf",
        headers={**PRIVATE, "Content-Disposition": disposition},
    )


@get("/dossiers/{code:str}/result-file")
async def result_document(
    request: Request[Any, Any, Any], ctx: Ctx, uploads: Uploads, code: Code
) -> Response[bytes]:
    """The result file, for the owner once the result is returned (else the site's 404)."""
    require_citizen(request)
    found, data = await result_file.for_owner(ctx, code, uploads)
    return inline_file(data, found.content_type, found.filename)


def inline_file(data: bytes, content_type: str, filename: str) -> Response[bytes]:
    """A stored paper shown in the browser: kept private, never sniffed, under its own name."""
    return Response(
        data,
        media_type=content_type,
        headers={
            "Cache-Control": "private",
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(filename)}",
        },
    )


def page(
    name: str,
    exc: DomainError | None = None,
    field: str = "",
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Template:
    """A page of this module; after a domain error, with its summary and the status it means."""
    problems = context.pop("errors", None) or _problems(exc, field)
    if exc is not None:
        status = FILE_STATUS.get(type(exc), 400)
    return Template(
        name,
        context={"when": when, "errors": problems, **context},
        status_code=status,
        headers={**PRIVATE, **(headers or {})},
    )


async def _supplement_page(
    view: DossierView,
    uploads: UploadService,
    owner: int,
    exc: DomainError | None = None,
    field: str = "",
    note: str = "",
) -> Template:
    return page(
        "dossiers/supplement.html",
        exc,
        field,
        view=view,
        requirements=requirements(await frozen(view.procedure_id)),
        stored=await uploads.list_owned(owner),
        note=note,
    )


async def chosen_papers(
    uploads: UploadService, owner: int, view: DossierView, form: Any
) -> list[DocumentChoice]:
    """Each requirement's new files (stored in `owner`'s papers first: the citizen's, or an
    assistant's until the core hands them over) and picked papers."""
    choices: list[DocumentChoice] = []
    for requirement in requirements(await frozen(view.procedure_id)):
        number = requirement.number
        for value in [*form.getall(f"file-{number}", []), *form.getall(f"photo-{number}", [])]:
            if not isinstance(value, UploadFile) or not value.filename:
                continue  # an input left empty
            try:
                row = await uploads.accept(owner, value.filename, await value.read())
            except (InvalidInput, TooLarge, UnsupportedType) as exc:
                raise FileRefused(f"file-{number}", exc) from exc
            choices.append(DocumentChoice(number, str(row.id)))
        picked = [str(v) for v in form.getall(f"pick-{number}", []) if isinstance(v, str)]
        choices.extend(DocumentChoice(number, upload_id) for upload_id in picked)
    return choices


def _problems(exc: DomainError | None, field: str) -> list[Problem]:
    """The core's own (Vietnamese) messages, one per field, linked to the input it is about."""
    if exc is None:
        return []
    if not isinstance(exc, InvalidInput) or not exc.errors:
        return [Problem(field, message=exc.message)]
    messages = {_anchor(e.field, field): e.message for e in exc.errors}
    return [Problem(f, message=m) for f, m in messages.items()]


def _anchor(core_field: str, field: str) -> str:
    """The page's input for a core field: "documents[2].upload_id" and "file" are `field`."""
    name = core_field.split("[")[0]
    return field if name in ("file", "documents") else name


def _detail_url(code: str, **query: str) -> str:
    return f"/dossiers/{quote(code, safe='')}" + (f"?{urlencode(query)}" if query else "")


def _tracking_url(request: Request[Any, Any, Any], code: str) -> str:
    base = str(request.app.state.settings.base_url).rstrip("/")
    return f"{base}/track/{quote(code.strip(), safe='')}"


ROUTES: list[Any] = [
    mine,
    delete_draft,
    detail,
    withdraw_form,
    withdraw,
    supplement_form,
    supplement,
    receipt,
    receipt_file,
    result_document,
]
