"""A unit's per-step accountability page: `/staff/unit-steps` (heads; admins with `?unit=`)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get
from litestar.params import Parameter
from litestar.response import Template

from core.dossiers import unit_steps
from web.deps import Ctx
from web.guards import require_staff

UnitCode = Annotated[str, Parameter(max_length=40)]


@get("/staff/unit-steps", include_in_schema=False)
async def steps_page(request: Request[Any, Any, Any], ctx: Ctx, unit: UnitCode = "") -> Template:
    actor = require_staff(request)
    code = unit.strip() or actor.unit_code
    figures = await unit_steps.figures(ctx, code)  # NotFound (404 page) unless head or admin
    return Template("unit/steps.html", context={"figures": figures})


ROUTES: list[Any] = [steps_page]
