"""Admin pages for staff accounts: list, create (TOTP enrolment), roles, unit, unlock, deactivate.

Only a signed-in admin gets here (`require_staff(request, "admin")`); other staff get a 404 and
anonymous visitors go to the staff sign-in. A refused change (the last admin, a role without a
unit) re-renders the account page with the reason and the status of the error (409, 422).
The TOTP secret of a new or reset account is shown once, on a page that is never cached.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

from litestar import Request, Response, get, post
from litestar.params import Parameter
from litestar.response import Redirect, Template

from core.errors import Conflict, InvalidInput
from core.identity.actor import ROLES, Context
from core.identity.staff import StaffService
from web.deps import Ctx
from web.guards import require_staff
from web.qr import qr_svg
from web.staff import NO_STORE, StaffServiceDep, field, page_error

StaffId = Annotated[int, Parameter(ge=1, le=2_147_483_647)]
DONE = ("roles", "unit", "active", "unlock")


def _errors_of(exc: InvalidInput | Conflict) -> list[dict[str, str]]:
    if isinstance(exc, InvalidInput) and exc.errors:
        return [page_error(e.field, e.message) for e in exc.errors]
    return [page_error("roles", exc.message)]


async def _edit_page(
    service: StaffService, ctx: Ctx, staff_id: int, *, status: int = 200, **extra: Any
) -> Template:
    context = {
        "member": await service.get(ctx, staff_id),
        "units": await service.unit_choices(),
        "roles": ROLES,
        "errors": [],
        "done": "",
        **extra,
    }
    return Template("admin/staff_edit.html", context=context, status_code=status)


def _qr_page(title_key: str, username: str, uri: str, secret: str) -> Template:
    context = {"title_key": title_key, "username": username, "qr": qr_svg(uri), "secret": secret}
    return Template("admin/staff_totp.html", context=context, headers=NO_STORE)


@get("/admin/staff", include_in_schema=False)
async def staff_list(request: Request[Any, Any, Any], staff_service: StaffServiceDep) -> Template:
    ctx = Context(require_staff(request, "admin"))
    people = await staff_service.list_staff(ctx)
    return Template("admin/staff_list.html", context={"people": people, "errors": []})


@get("/admin/staff/new", include_in_schema=False)
async def new_form(request: Request[Any, Any, Any], staff_service: StaffServiceDep) -> Template:
    require_staff(request, "admin")
    context = {"units": await staff_service.unit_choices(), "roles": ROLES, "form": {}}
    return Template("admin/staff_new.html", context={**context, "errors": []})


@post("/admin/staff/new", include_in_schema=False)
async def create(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, ctx: Ctx
) -> Template:
    require_staff(request, "admin")
    form = await request.form()
    username, full_name, unit = (
        field(form, "username", 64),
        field(form, "full_name", 300),
        field(form, "unit", 32),
    )
    roles = [r for r in form.getall("roles", []) if isinstance(r, str)][:3]
    values = {"username": username, "full_name": full_name, "unit": unit, "roles": roles}
    try:
        created = await staff_service.create(
            ctx, username, field(form, "password", 300), roles, unit or None, full_name
        )
    except InvalidInput as exc:
        context = {"units": await staff_service.unit_choices(), "roles": ROLES, "form": values}
        return Template(
            "admin/staff_new.html",
            context={**context, "errors": _errors_of(exc)},
            status_code=422,
        )
    return _qr_page("staff_created_title", created.username, created.totp_uri, created.totp_secret)


@get("/admin/staff/{staff_id:int}", include_in_schema=False)
async def edit_form(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, staff_id: StaffId
) -> Template:
    ctx = Context(require_staff(request, "admin"))
    done = request.query_params.get("done", "")
    return await _edit_page(staff_service, ctx, staff_id, done=done if done in DONE else "")


async def _change(
    request: Request[Any, Any, Any],
    service: StaffService,
    ctx: Ctx,
    staff_id: int,
    what: str,
) -> Response[Any]:
    require_staff(request, "admin")
    form = await request.form()
    try:
        if what == "roles":
            roles = [r for r in form.getall("roles", []) if isinstance(r, str)][:3]
            await service.set_roles(ctx, staff_id, roles)
        elif what == "unit":
            await service.set_unit(ctx, staff_id, field(form, "unit", 32) or None)
        elif what == "unlock":
            await service.unlock(ctx, staff_id)
        else:
            await service.set_active(ctx, staff_id, field(form, "active", 1) == "1")
    except (InvalidInput, Conflict) as exc:
        status = 409 if isinstance(exc, Conflict) else 422
        return await _edit_page(service, ctx, staff_id, status=status, errors=_errors_of(exc))
    return Redirect(f"/admin/staff/{staff_id}?done={what}", status_code=303)


@post("/admin/staff/{staff_id:int}/roles", include_in_schema=False)
async def change_roles(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, ctx: Ctx, staff_id: StaffId
) -> Response[Any]:
    return await _change(request, staff_service, ctx, staff_id, "roles")


@post("/admin/staff/{staff_id:int}/unit", include_in_schema=False)
async def change_unit(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, ctx: Ctx, staff_id: StaffId
) -> Response[Any]:
    return await _change(request, staff_service, ctx, staff_id, "unit")


@post("/admin/staff/{staff_id:int}/active", include_in_schema=False)
async def change_active(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, ctx: Ctx, staff_id: StaffId
) -> Response[Any]:
    return await _change(request, staff_service, ctx, staff_id, "active")


@post("/admin/staff/{staff_id:int}/unlock", include_in_schema=False)
async def unlock(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, ctx: Ctx, staff_id: StaffId
) -> Response[Any]:
    return await _change(request, staff_service, ctx, staff_id, "unlock")


@post("/admin/staff/{staff_id:int}/totp", include_in_schema=False)
async def reset_totp(
    request: Request[Any, Any, Any], staff_service: StaffServiceDep, ctx: Ctx, staff_id: StaffId
) -> Template:
    require_staff(request, "admin")
    who = await staff_service.get(ctx, staff_id)
    uri = await staff_service.reset_totp(ctx, staff_id)
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    return _qr_page("staff_totp_reset_title", who.username, uri, secret)


ROUTES: list[Any] = [
    staff_list,
    new_form,
    create,
    edit_form,
    change_roles,
    change_unit,
    change_active,
    unlock,
    reset_totp,
]
