"""Printable forms 02–06 of a dossier (page and PDF) and the unit's register, form 07 (page, CSV,
XLSX).

The officers and head of the unit holding a dossier open its forms at
/staff/dossiers/{code}/forms/{number}; the citizen opens 02–05, which are addressed to them, of
their own dossier at /dossiers/{code}/forms/{number}. ".pdf" after the number gives the PDF.
Anyone else, and a form that does not apply, gets the site's 404 (core.dossiers.forms decides).
The register is the officer's own unit's over whole days, ?from=dd/mm/yyyy&to=dd/mm/yyyy
(this month by default); dates that do not parse, or a period over 366 days, re-render the page
saying what to fix, with status 400. Every answer is no-store: each carries personal data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter
from litestar.response import Template

from core.clock import VIETNAM
from core.dossiers import register as unit_register
from core.dossiers.forms import Form, FormService
from core.dossiers.register import Register
from core.errors import InvalidInput, NotFound
from core.identity.actor import Context
from web.deps import Ctx
from web.dossier_pages import when
from web.forms_pdf import form_pdf
from web.guards import require_citizen, require_staff
from web.register_files import file_name, register_csv, register_xlsx

Forms = NamedDependency[FormService]
Code = Annotated[str, PathParameter(max_length=64)]
Name = Annotated[str, PathParameter(max_length=16)]
From = Annotated[str | None, QueryParameter(name="from", max_length=32)]
To = Annotated[str | None, QueryParameter(name="to", max_length=32)]
PRIVATE = {"Cache-Control": "no-store"}
PDF_SUFFIX = ".pdf"
ERROR_KEYS = {  # core messages → interface text (web/messages/forms.py)
    unit_register.DATE_SHAPE: "register_err_date",
    unit_register.BACKWARDS: "register_err_backwards",
    unit_register.TOO_LONG: "register_err_long",
}
DOWNLOADS = {
    "csv": ("text/csv", register_csv),  # Litestar adds "; charset=utf-8"
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", register_xlsx),
}


def provide_forms(state: State) -> FormService:
    service: FormService = state.forms
    return service


def paper_day(instant: dt.datetime) -> str:
    """The date line of an official paper: "Ngày 02 tháng 03 năm 2026"."""
    local = instant.astimezone(VIETNAM)
    return f"Ngày {local:%d} tháng {local:%m} năm {local:%Y}"


@get("/staff/dossiers/{code:str}/forms/{name:str}", include_in_schema=False)
async def staff_form(
    request: Request[Any, Any, Any], ctx: Ctx, forms: Forms, code: Code, name: Name
) -> Response[Any]:
    require_staff(request, "officer", "head")
    return await _form(forms, ctx, code, name, "/staff/dossiers")


@get("/dossiers/{code:str}/forms/{name:str}", include_in_schema=False)
async def citizen_form(
    request: Request[Any, Any, Any], ctx: Ctx, forms: Forms, code: Code, name: Name
) -> Response[Any]:
    require_citizen(request)
    return await _form(forms, ctx, code, name, "/dossiers")


@get("/staff/register", include_in_schema=False)
async def register_page(
    request: Request[Any, Any, Any], ctx: Ctx, forms: Forms, first: From, last: To
) -> Template:
    require_staff(request, "officer", "head")
    try:
        found = await forms.register(ctx, first or "", last or "")
    except InvalidInput as exc:
        return _register_page(None, first or "", last or "", exc)
    return _register_page(found, first or "", last or "")


@get("/staff/register.csv", include_in_schema=False)
async def register_csv_file(
    request: Request[Any, Any, Any], ctx: Ctx, forms: Forms, first: From, last: To
) -> Response[Any]:
    require_staff(request, "officer", "head")
    return await _download(forms, ctx, first or "", last or "", "csv")


@get("/staff/register.xlsx", include_in_schema=False)
async def register_xlsx_file(
    request: Request[Any, Any, Any], ctx: Ctx, forms: Forms, first: From, last: To
) -> Response[Any]:
    require_staff(request, "officer", "head")
    return await _download(forms, ctx, first or "", last or "", "xlsx")


async def _download(
    forms: FormService, ctx: Context, first: str, last: str, extension: str
) -> Response[Any]:
    try:
        found = await forms.register(ctx, first, last)
    except InvalidInput as exc:
        return _register_page(None, first, last, exc)
    media_type, build = DOWNLOADS[extension]
    disposition = f'attachment; filename="{file_name(found, extension)}"'
    return Response(
        await asyncio.to_thread(build, found),
        media_type=media_type,
        headers={**PRIVATE, "Content-Disposition": disposition},
    )


async def _form(
    forms: FormService, ctx: Context, code: str, name: str, prefix: str
) -> Response[Any]:
    number, pdf = _parsed(name)
    form = await forms.form(ctx, code, number)
    if pdf:
        disposition = f'inline; filename="mau-{number}-{form.heading.code}.pdf"'
        return Response(
            await asyncio.to_thread(form_pdf, form),
            media_type="application/pdf",
            headers={**PRIVATE, "Content-Disposition": disposition},
        )
    back = f"{prefix}/{quote(form.heading.code, safe='')}"
    return Template(
        f"forms/form{number}.html",
        context=_form_context(form, back, f"{back}/forms/{number}{PDF_SUFFIX}"),
        headers=PRIVATE,
    )


def _form_context(form: Form, back_url: str, pdf_url: str) -> dict[str, Any]:
    return {
        "form": form,
        "back_url": back_url,
        "pdf_url": pdf_url,
        "paper_day": paper_day,
        "when": when,
    }


def _parsed(name: str) -> tuple[str, bool]:
    """ "02" → ("02", page); "02.pdf" → ("02", PDF). Which numbers exist is the core's call."""
    number = name.removesuffix(PDF_SUFFIX)
    if len(number) != 2 or not number.isdigit():
        raise NotFound("no such form")
    return number, number != name


def _register_page(
    found: Register | None, first: str, last: str, exc: InvalidInput | None = None
) -> Template:
    errors = [
        {"field": e.field, "key": ERROR_KEYS.get(e.message, ""), "message": e.message}
        for e in (exc.errors if exc else [])
    ]
    if found is not None:  # echo the period the core settled on (this month by default)
        first, last = f"{found.period.first:%d/%m/%Y}", f"{found.period.last:%d/%m/%Y}"
    query = urlencode({"from": first, "to": last})
    return Template(
        "forms/register.html",
        context={
            "register": found,
            "first": first,
            "last": last,
            "query": query,
            "errors": errors,
            "when": when,
        },
        status_code=400 if errors else 200,
        headers=PRIVATE,
    )


ROUTES: list[Any] = [staff_form, citizen_form, register_page, register_csv_file, register_xlsx_file]
