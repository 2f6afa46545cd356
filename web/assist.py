"""The volunteer assistant's pages (người hỗ trợ): apply, ask a citizen's consent, start the form.

A citizen applies to help at a commune (`/assist`); once its officers approve, the assistant
asks a citizen's phone number and the procedure (`/assist/new`), reads the consent page aloud
(`/assist/consents/{id}`), types the code the citizen got by SMS, and lands on the ordinary
draft form, which then files for the citizen (web/dossier_form.py). The supplement for a helped
dossier is in web/assist_supplement.py, the citizen's revocation in web/assist_revoke.py, the
commune's list in web/assist_staff.py.

Every refusal re-renders its form with the error summary: 400 for bad input, 409 when the
assistant's state or the consent does not allow it, 429 with Retry-After when too many codes
were asked. Every page is `no-store`: they name citizens.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter, PathParameter
from litestar.response import Redirect, Template

from core.assistants.service import AssistantService, AssistantView
from core.catalog.model import ProcedureSummary
from core.catalog.service import CatalogService, SearchQuery
from core.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    RateLimited,
    TooLarge,
    UnsupportedType,
)
from core.identity.units import UnitService
from web.deps import Ctx
from web.dossier_pages import when
from web.guards import require_citizen

Assistants = NamedDependency[AssistantService]
Catalog = NamedDependency[CatalogService]
Units = NamedDependency[UnitService]
ConsentId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
Search = Annotated[str, Parameter(max_length=200)]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
PRIVATE = {"Cache-Control": "no-store"}
HOME = "/assist"
SHOWN_PROCEDURES = 8  # radios a phone screen shows without much scrolling
STATUS = {Conflict: 409, RateLimited: 429, TooLarge: 413, UnsupportedType: 415}  # else 400
FIELDS = {"unit": "commune"}  # the core's field names that are not this page's input names


def provide_assistants(state: State) -> AssistantService:
    service: AssistantService = state.assistants
    return service


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One line of an error summary: the input it links to, a message key or the core's words."""

    field: str
    key: str = ""
    message: str = ""
    values: dict[str, object] = dataclasses.field(default_factory=dict)


def problems(exc: DomainError | None, field: str) -> list[Problem]:
    """The core's (Vietnamese) messages, one per input; anything but bad input (a conflict, a
    wait, which says how long) is linked to `field`."""
    if exc is None:
        return []
    if isinstance(exc, InvalidInput) and exc.errors:
        found = {_anchor(e.field, field): e.message for e in exc.errors}
        return [Problem(f, message=m) for f, m in found.items()]
    return [Problem(field, message=exc.message)]


def _anchor(core_field: str, field: str) -> str:
    """The page's input for a core field; papers ("documents[2].upload_id", "file") are `field`."""
    name = core_field.split("[")[0]
    return field if name in ("file", "documents") else FIELDS.get(name, name)


def page(name: str, exc: DomainError | None = None, field: str = "", **context: Any) -> Template:
    """A page of the assistant's flow; after an error, with its summary and its status code."""
    headers = dict(PRIVATE)
    status = 200 if exc is None else STATUS.get(type(exc), 400)
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
    return Template(
        name,
        context={"when": when, "errors": problems(exc, field), **context},
        status_code=status,
        headers=headers,
    )


@get(HOME)
async def home(
    request: Request[Any, Any, Any], ctx: Ctx, assistants: Assistants, units: Units
) -> Template:
    """Not yet an assistant: the application; applied: waiting; approved: the dossiers helped."""
    require_citizen(request)
    me = await assistants.mine(ctx)
    if me is not None and me.status == "approved":
        return page("assist/home.html", me=me, helped=await assistants.helped(ctx))
    return await _apply_page(units, me, applied=request.query_params.get("applied") == "1")


@post(HOME + "/apply")
async def apply(
    request: Request[Any, Any, Any], ctx: Ctx, assistants: Assistants, units: Units, data: Form
) -> Response[Any]:
    require_citizen(request)
    commune, note = data.get("commune", ""), data.get("note", "")
    try:
        await assistants.apply(ctx, commune, note)
    except (InvalidInput, Conflict) as exc:
        me = await assistants.mine(ctx)
        return await _apply_page(units, me, exc, form={"commune": commune, "note": note})
    return Redirect(f"{HOME}?applied=1", status_code=303)


@get(HOME + "/new")
async def new(
    request: Request[Any, Any, Any], ctx: Ctx, assistants: Assistants, q: Search = ""
) -> Response[Any]:
    require_citizen(request)
    me = await assistants.mine(ctx)
    if me is None or me.status != "approved":
        return Redirect(HOME, status_code=303)
    return await _new_page(request, {"phone": "", "q": q, "procedure_code": ""})


@post(HOME + "/new")
async def ask(
    request: Request[Any, Any, Any], ctx: Ctx, assistants: Assistants, data: Form
) -> Response[Any]:
    """Send the citizen the consent code, or (the no-JavaScript search button) list procedures."""
    require_citizen(request)
    form = {k: data.get(k, "").strip() for k in ("phone", "q", "procedure_code")}
    if data.get("action") == "search":
        return await _new_page(request, form)
    if not form["procedure_code"]:  # worded by the page: the core was not asked
        missing = InvalidInput.one("procedure_code", "no procedure chosen")
        errors = [Problem("procedure_code", "assist_error_procedure")]
        return await _new_page(request, form, missing, errors)
    try:
        asked = await assistants.ask_consent(ctx, form["phone"], form["procedure_code"])
    except NotFound as exc:  # a code that is not (or no longer) in the catalog
        return await _new_page(request, form, InvalidInput.one("procedure_code", exc.message))
    except (InvalidInput, Conflict, RateLimited) as exc:
        return await _new_page(request, form, exc)
    return Redirect(consent_url(asked.id), status_code=303)


@get(HOME + "/procedures")
async def procedures(catalog: Catalog, q: Search = "") -> Template:
    """htmx: the radio list of online procedures matching what the assistant typed."""
    context = {"found": await _online(catalog, q), "q": q, "chosen": "", "errors": []}
    return Template("assist/_procedures.html", context=context, headers=PRIVATE)


@get(HOME + "/consents/{consent_id:int}")
async def consent_page(
    request: Request[Any, Any, Any], ctx: Ctx, assistants: Assistants, consent_id: ConsentId
) -> Template:
    """What the assistant reads aloud to the citizen, and the box for the code they read back."""
    require_citizen(request)
    return page("assist/consent.html", consent=await assistants.consent(ctx, consent_id))


@post(HOME + "/consents/{consent_id:int}")
async def confirm(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    assistants: Assistants,
    consent_id: ConsentId,
    data: Form,
) -> Response[Any]:
    """The citizen's code: a supplement goes to its form, a new dossier to the draft form."""
    require_citizen(request)
    try:
        confirmed = await assistants.confirm(ctx, consent_id, data.get("code", ""))
        if confirmed.dossier_code:
            target = supplement_url(confirmed.dossier_code, consent_id)
        else:
            target = f"/dossiers/drafts/{await assistants.start_draft(ctx, consent_id)}"
    except (InvalidInput, Conflict) as exc:
        shown = await assistants.consent(ctx, consent_id)
        return page("assist/consent.html", exc, "code", consent=shown)
    return Redirect(target, status_code=303)


def consent_url(consent_id: int) -> str:
    return f"{HOME}/consents/{consent_id}"


def supplement_url(code: str, consent_id: int | None = None) -> str:
    url = f"{HOME}/dossiers/{quote(code, safe='')}/supplement"
    return f"{url}/{consent_id}" if consent_id else url


async def _apply_page(
    units: UnitService,
    me: AssistantView | None,
    exc: DomainError | None = None,
    *,
    applied: bool = False,
    form: dict[str, str] | None = None,
) -> Template:
    communes = [u for u in await units.all() if u.active and u.kind == "commune"]
    return page(
        "assist/apply.html",
        exc,
        "commune",
        me=me,
        communes=communes,
        applied=applied,
        form=form or {"commune": "", "note": ""},
    )


async def _new_page(
    request: Request[Any, Any, Any],
    form: dict[str, str],
    exc: DomainError | None = None,
    errors: list[Problem] | None = None,
) -> Template:
    """The number and the procedure; `errors` replaces the summary of `exc` when given."""
    catalog: CatalogService = request.app.state.catalog
    found = await _online(catalog, form["q"], form["procedure_code"])
    more = {"errors": errors} if errors else {}
    return page(
        "assist/new.html",
        exc,
        "phone",
        form=form,
        found=found,
        q=form["q"],
        chosen=form["procedure_code"],
        **more,
    )


async def _online(
    catalog: CatalogService, q: str, chosen: str = ""
) -> list[ProcedureSummary] | None:
    """Online procedures matching `q` (None before anything was typed); the chosen one stays."""
    text = q.strip()[:200]
    found: list[ProcedureSummary] = []
    if chosen:
        try:
            picked = await catalog.get(chosen[:16])
        except NotFound:
            picked = None
        if picked is not None and picked.online:
            found.append(ProcedureSummary.of(picked))
    if text:
        result = await catalog.search(SearchQuery.parse(q=text, size=50))
        found += [p for p in result.items if p.online and p.code != chosen]
    if not text and not found:
        return None
    return found[:SHOWN_PROCEDURES]


ROUTES: list[Any] = [home, apply, new, ask, procedures, consent_page, confirm]
