"""Admin pages: the home, organisation units (tree, add, edit, deactivate), the audit log.

Every page needs a signed-in admin (`require_staff(request, "admin")`): anyone else signed in
gets a 404, a stranger is sent to sign in. Forms post with a CSRF token; a refused change
re-renders the form with an error summary (400 for invalid input, 409 for a conflict).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter, PathParameter, QueryParameter
from litestar.response import Redirect, Template

from core.clock import VIETNAM
from core.errors import Conflict, FieldError, InvalidInput
from core.identity import audit_export
from core.identity import units as unit_rules
from core.identity.audit_export import FilterForm
from core.identity.units import KINDS, UnitService
from web.deps import Ctx
from web.guards import require_staff

Units = NamedDependency[UnitService]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
Code = Annotated[str, PathParameter(max_length=40)]
Text = Annotated[str, Parameter(max_length=200)]
Page = Annotated[int, Parameter(ge=1, le=1_000_000)]
DOWNLOAD_TYPES = {"csv": "text/csv", "json": "application/json"}  # Litestar adds the charset

# Core messages → interface text (web/messages/admin.py).
ERROR_KEYS = {
    unit_rules.CODE_SHAPE: "units_err_code_shape",
    unit_rules.CODE_TAKEN: "units_err_code_taken",
    unit_rules.NAME_NEEDED: "units_err_name",
    unit_rules.KIND_UNKNOWN: "units_err_kind",
    unit_rules.PROVINCE_NO_PARENT: "units_err_province_parent",
    unit_rules.PARENT_NEEDED: "units_err_parent_needed",
    unit_rules.PARENT_UNKNOWN: "units_err_parent_unknown",
    unit_rules.PARENT_INACTIVE: "units_err_parent_inactive",
    unit_rules.PARENT_CYCLE: "units_err_cycle",
    unit_rules.HAS_ACTIVE_CHILDREN: "units_err_children",
    audit_export.DATE_SHAPE: "audit_err_date",
    audit_export.KIND_UNKNOWN: "audit_err_kind",
    audit_export.TOO_LONG: "audit_err_long",
    audit_export.RANGE_BACKWARDS: "audit_err_range",
}


def provide_units(state: State) -> UnitService:
    service: UnitService = state.units
    return service


def _problems(exc: InvalidInput | Conflict, field: str = "code") -> list[dict[str, str]]:
    """Each problem with the field it belongs to and the key of its message."""
    errors = exc.errors if isinstance(exc, InvalidInput) else [FieldError(field, exc.message)]
    return [
        {"field": e.field, "key": ERROR_KEYS.get(e.message, ""), "message": e.message}
        for e in errors
    ]


def _status(exc: InvalidInput | Conflict) -> int:
    return 400 if isinstance(exc, InvalidInput) else 409


@get("/admin", include_in_schema=False)
async def admin_home(request: Request[Any, Any, Any]) -> Template:
    require_staff(request, "admin")
    return Template("admin/home.html")


async def _units_page(
    service: UnitService,
    *,
    form: dict[str, str] | None = None,
    errors: list[dict[str, str]] | None = None,
    created: str = "",
    status: int = 200,
) -> Template:
    context = {
        "tree": await service.tree(),
        "parents": [u for u in await service.all() if u.active],
        "kinds": KINDS,
        "form": form or {},
        "errors": errors or [],
        "created": created,
    }
    return Template("admin/units.html", context=context, status_code=status)


@get("/admin/units", include_in_schema=False)
async def units_page(request: Request[Any, Any, Any], units: Units, created: Text = "") -> Template:
    require_staff(request, "admin")
    return await _units_page(units, created=units_code(created))


@post("/admin/units", include_in_schema=False)
async def create_unit(
    request: Request[Any, Any, Any], units: Units, ctx: Ctx, data: Form
) -> Response[Any] | Template:
    require_staff(request, "admin")
    try:
        unit = await units.create(
            ctx,
            code=data.get("code", ""),
            name=data.get("name", ""),
            kind=data.get("kind", ""),
            parent_code=data.get("parent_code") or None,
        )
    except (InvalidInput, Conflict) as exc:
        return await _units_page(units, form=data, errors=_problems(exc), status=_status(exc))
    return Redirect("/admin/units?" + urlencode({"created": unit.code}), status_code=303)


async def _unit_page(
    service: UnitService,
    code: str,
    *,
    form: dict[str, str] | None = None,
    errors: list[dict[str, str]] | None = None,
    saved: bool = False,
    status: int = 200,
) -> Template:
    unit = await service.get(code)
    parents = [
        u
        for u in await service.all()
        if (u.active or u.code == unit.parent_code) and u.code != unit.code
    ]
    context = {
        "unit": unit,
        "parents": parents,
        "form": form or {"name": unit.name, "parent_code": unit.parent_code or ""},
        "errors": errors or [],
        "saved": saved,
    }
    return Template("admin/unit_form.html", context=context, status_code=status)


@get("/admin/units/{code:str}", include_in_schema=False)
async def unit_page(
    request: Request[Any, Any, Any], units: Units, code: Code, saved: Text = ""
) -> Template:
    require_staff(request, "admin")
    return await _unit_page(units, code, saved=bool(saved))


@post("/admin/units/{code:str}", include_in_schema=False)
async def update_unit(
    request: Request[Any, Any, Any], units: Units, ctx: Ctx, code: Code, data: Form
) -> Response[Any] | Template:
    require_staff(request, "admin")
    try:
        unit = await units.update(
            ctx, code, name=data.get("name", ""), parent_code=data.get("parent_code", "")
        )
    except (InvalidInput, Conflict) as exc:
        return await _unit_page(
            units, code, form=data, errors=_problems(exc, "parent_code"), status=_status(exc)
        )
    return Redirect(f"/admin/units/{unit.code}?saved=1", status_code=303)


@post("/admin/units/{code:str}/active", include_in_schema=False)
async def set_unit_active(
    request: Request[Any, Any, Any], units: Units, ctx: Ctx, code: Code, data: Form
) -> Response[Any] | Template:
    require_staff(request, "admin")
    try:
        unit = await units.set_active(ctx, code, data.get("active") == "1")
    except Conflict as exc:
        return await _unit_page(units, code, errors=_problems(exc, "active"), status=409)
    return Redirect(f"/admin/units/{unit.code}?saved=1", status_code=303)


_FILTER_FIELDS = tuple(f.name for f in dataclasses.fields(FilterForm))


def _filter_form(values: dict[str, str]) -> FilterForm:
    return FilterForm(**{name: values.get(name, "").strip() for name in _FILTER_FIELDS})


@get("/admin/audit", include_in_schema=False)
async def audit_page(
    request: Request[Any, Any, Any],
    ctx: Ctx,
    action: Text = "",
    actor_kind: Text = "",
    unit_code: Text = "",
    object_type: Text = "",
    object_id: Text = "",
    date_from: Annotated[str, QueryParameter(name="from", max_length=200)] = "",
    date_to: Annotated[str, QueryParameter(name="to", max_length=200)] = "",
    page: Page = 1,
) -> Template:
    require_staff(request, "admin")
    form = FilterForm(action, actor_kind, unit_code, object_type, object_id, date_from, date_to)
    context: dict[str, Any] = {
        "form": form,
        "kinds": audit_export.ACTOR_KINDS,
        "local_time": lambda at: at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S"),
        "summary": _summary,
        "rows": [],
        "total": 0,
        "page": page,
        "pages": 1,
        "errors": [],
    }
    try:
        where = audit_export.parse_filter(form)
    except InvalidInput as exc:
        context["errors"] = _problems(exc)
        return Template("admin/audit.html", context=context, status_code=400)
    rows, total = await audit_export.browse(ctx, where, page=page)
    query = _query_of(form)
    context.update(
        rows=rows,
        total=total,
        pages=max(1, -(-total // audit_export.PAGE_SIZE)),
        page_url=lambda n: "/admin/audit?" + urlencode({**query, "page": n}),
    )
    return Template("admin/audit.html", context=context)


def _query_of(form: FilterForm) -> dict[str, str]:
    names = {"date_from": "from", "date_to": "to"}
    return {names.get(k, k): v for k, v in form.items().items()}


def _summary(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def _exporter(fmt: audit_export.ExportFormat) -> Callable[..., Any]:
    @post(
        f"/admin/audit/export.{fmt}",
        include_in_schema=False,
        name=f"audit_export_{fmt}",
        status_code=200,
    )
    async def export(request: Request[Any, Any, Any], ctx: Ctx, data: Form) -> Response[bytes]:
        require_staff(request, "admin")
        body = await audit_export.export(ctx, _filter_form(data), fmt)
        return Response(
            body,
            media_type=DOWNLOAD_TYPES[fmt],
            headers={
                "Content-Disposition": f'attachment; filename="motcua-audit.{fmt}"',
                "Cache-Control": "no-store",
            },
        )

    return export


def units_code(text: str) -> str:
    """A code echoed from the query string, shown only if it has the e-identifier shape."""
    code = unit_rules.normalise_code(text)
    return code if unit_rules.CODE_PATTERN.match(code) else ""


ROUTES: list[Any] = [
    admin_home,
    units_page,
    create_unit,
    unit_page,
    update_unit,
    set_unit_active,
    audit_page,
    _exporter("csv"),
    _exporter("json"),
]
