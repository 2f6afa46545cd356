"""Complaints and suggestions (phản ánh, kiến nghị): the citizen's form and list, the unit head's
answer pages, and the public list of published answers.

The citizen's form names every wrong field at once (400, error summary); a filed complaint shows
its code and answer deadline. A unit head answers at /staff/complaints; the public page
(/cong-khai/phan-anh-kien-nghi) shows only what was published with consent, anonymised.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, PathParameter, QueryParameter
from litestar.response import Redirect, Template

from core.errors import Conflict, InvalidInput
from core.feedback.allowance import ANSWER_WITHIN_WORKING_DAYS
from core.feedback.complaints import KINDS, SUBJECTS, ComplaintInput, ComplaintService
from web.deps import Ctx
from web.feedback import render
from web.guards import require_citizen, require_staff

Complaints = NamedDependency[ComplaintService]
Code = Annotated[str, PathParameter(max_length=64)]
DossierCode = Annotated[str, QueryParameter(name="ho-so", max_length=64)]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
MINE = "/phan-anh-kien-nghi"
STAFF = "/staff/complaints"
PUBLIC = "/cong-khai/phan-anh-kien-nghi"
FORM_FIELDS = ("kind", "subject_kind", "subject", "body", "unit", "publish_consent")


@get(MINE, include_in_schema=False)
async def mine(request: Request[Any, Any, Any], ctx: Ctx, complaints: Complaints) -> Template:
    require_citizen(request)
    return render("complaints/mine.html", complaints=await complaints.mine(ctx))


@get(MINE + "/gui", include_in_schema=False)
async def form_page(
    request: Request[Any, Any, Any], complaints: Complaints, dossier: DossierCode = ""
) -> Template:
    require_citizen(request)
    given = {"subject_kind": "dossier", "subject": dossier} if dossier else {}
    return await _form(complaints, given)


@post(MINE + "/gui", include_in_schema=False)
async def file(
    request: Request[Any, Any, Any], ctx: Ctx, complaints: Complaints, data: Form
) -> Response[Any]:
    require_citizen(request)
    given = ComplaintInput(
        kind=data.get("kind", ""),
        subject_kind=data.get("subject_kind", ""),
        subject=data.get("subject", ""),
        body=data.get("body", ""),
        unit=data.get("unit", ""),
        publish_consent=data.get("publish_consent") == "yes",
    )
    try:
        filed = await complaints.file(ctx, given)
    except InvalidInput as exc:
        return await _form(complaints, data, exc)
    return Redirect(f"{MINE}/{quote(filed.code, safe='')}?sent=1", status_code=303)


@get(MINE + "/{code:str}", include_in_schema=False)
async def detail(
    request: Request[Any, Any, Any], ctx: Ctx, complaints: Complaints, code: Code
) -> Template:
    require_citizen(request)
    found = await complaints.mine_one(ctx, code)
    sent = request.query_params.get("sent") == "1"
    return render("complaints/detail.html", complaint=found, sent=sent, staff=False)


@get(STAFF, include_in_schema=False)
async def staff_list(request: Request[Any, Any, Any], ctx: Ctx, complaints: Complaints) -> Template:
    require_staff(request, "head")
    return render("complaints/staff_list.html", complaints=await complaints.for_unit(ctx))


@get(STAFF + "/{code:str}", include_in_schema=False)
async def answer_page(
    request: Request[Any, Any, Any], ctx: Ctx, complaints: Complaints, code: Code
) -> Template:
    require_staff(request, "head")
    found = await complaints.unit_one(ctx, code)
    done = request.query_params.get("done") == "1"
    return render("complaints/answer.html", complaint=found, done=done, answer="")


@post(STAFF + "/{code:str}/answer", include_in_schema=False)
async def answer(
    request: Request[Any, Any, Any], ctx: Ctx, complaints: Complaints, code: Code, data: Form
) -> Response[Any]:
    require_staff(request, "head")
    text = data.get("answer", "")
    try:
        await complaints.answer(ctx, code, text, publish=data.get("publish") == "yes")
    except (InvalidInput, Conflict) as exc:
        found = await complaints.unit_one(ctx, code)
        return render(
            "complaints/answer.html", exc, "answer", complaint=found, done=False, answer=text
        )
    return Redirect(f"{STAFF}/{quote(code, safe='')}?done=1", status_code=303)


@get(PUBLIC, include_in_schema=False)
async def public(complaints: Complaints) -> Template:
    return render("complaints/public.html", answers=await complaints.published())


async def _form(
    complaints: ComplaintService, given: dict[str, str], exc: InvalidInput | None = None
) -> Template:
    return render(
        "complaints/form.html",
        exc,
        "body",
        given=given,
        kinds=KINDS,
        subjects=SUBJECTS,
        units=await complaints.units(),
        days=ANSWER_WITHIN_WORKING_DAYS,
    )


ROUTES: list[Any] = [mine, form_page, file, detail, staff_list, answer_page, answer, public]
