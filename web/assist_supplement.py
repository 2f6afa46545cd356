"""An assistant sends a supplement for a dossier they filed, under a fresh consent.

From the list of dossiers helped (`/assist`), "Giúp bổ sung" asks the citizen's number again
(`/assist/dossiers/{code}/supplement`): the citizen gets a new SMS code for this supplement only,
and the consent page (web/assist.py) leads back here, to the citizen's supplement form with the
assistant's camera (`.../supplement/{consent_id}`). The photos are the assistant's until the core
hands them to the citizen with the supplement. The assistant's stored papers are never offered.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter
from litestar.response import Redirect, Template

from core.dossiers.procedures import frozen
from core.dossiers.requirements import requirements
from core.dossiers.status import Status
from core.dossiers.views import DossierView, DossierViews
from core.errors import Conflict, DomainError, InvalidInput, NotFound, RateLimited
from core.files.service import UploadService
from web.assist import HOME, Assistants, ConsentId, Form, consent_url, page, supplement_url
from web.deps import Ctx
from web.dossier_pages import MAX_BODY, FileRefused, chosen_papers
from web.guards import require_citizen

Views = NamedDependency[DossierViews]
Uploads = NamedDependency[UploadService]
Code = Annotated[str, PathParameter(max_length=64)]


@get(HOME + "/dossiers/{code:str}/supplement")
async def ask_form(
    request: Request[Any, Any, Any], ctx: Ctx, dossier_views: Views, code: Code
) -> Response[Any]:
    require_citizen(request)
    view = await dossier_views.get(ctx, code)
    if view.summary.status is not Status.SUPPLEMENT_REQUESTED:
        return Redirect(HOME, status_code=303)
    return page("assist/supplement_ask.html", view=view, phone="")


@post(HOME + "/dossiers/{code:str}/supplement")
async def ask(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    dossier_views: Views,
    assistants: Assistants,
    code: Code,
    data: Form,
) -> Response[Any]:
    """A consent code for this supplement, sent to the number the owner gave the dossier."""
    require_citizen(request)
    phone = data.get("phone", "").strip()
    try:
        asked = await assistants.ask_consent(ctx, phone, dossier_code=code)
    except (InvalidInput, Conflict, RateLimited, NotFound) as exc:
        refused = InvalidInput.one("phone", exc.message) if isinstance(exc, NotFound) else exc
        view = await dossier_views.get(ctx, code)
        return page("assist/supplement_ask.html", refused, "phone", view=view, phone=phone)
    return Redirect(consent_url(asked.id), status_code=303)


@get(HOME + "/dossiers/{code:str}/supplement/{consent_id:int}")
async def supplement_form(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    dossier_views: Views,
    code: Code,
    consent_id: ConsentId,
) -> Template:
    require_citizen(request)
    view = await dossier_views.get(ctx, code)
    return await _form(view, consent_id)


@post(HOME + "/dossiers/{code:str}/supplement/{consent_id:int}", request_max_body_size=MAX_BODY)
async def supplement(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    dossier_views: Views,
    assistants: Assistants,
    uploads: Uploads,
    code: Code,
    consent_id: ConsentId,
) -> Response[Any]:
    helper = require_citizen(request).id or 0
    view = await dossier_views.get(ctx, code)
    form = await request.form()
    note = str(form.get("note") or "")
    try:
        choices = await chosen_papers(uploads, helper, view, form)
        await assistants.supplement(ctx, consent_id, choices, note)
    except FileRefused as refused:
        return await _form(view, consent_id, refused.error, refused.field, note)
    except (InvalidInput, Conflict) as exc:
        return await _form(view, consent_id, exc, "documents", note)
    return Redirect(f"{HOME}?supplemented={code}", status_code=303)


async def _form(
    view: DossierView,
    consent_id: int,
    exc: DomainError | None = None,
    field: str = "",
    note: str = "",
) -> Template:
    """The citizen's supplement form, posting here, for the dossier's owner by name."""
    return page(
        "dossiers/supplement.html",
        exc,
        field,
        view=view,
        requirements=requirements(await frozen(view.procedure_id)),
        stored=[],
        note=note,
        action=supplement_url(view.summary.code, consent_id),
        back=HOME,
        for_whom=view.applicant_name,
    )


ROUTES: list[Any] = [ask_form, ask, supplement_form, supplement]
