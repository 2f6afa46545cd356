"""Admin pages of the working calendar: a year's days off and make-up days, units' working hours.

Only a signed-in admin gets here (`require_staff(request, "admin")`): other staff and citizens
get a 404, a stranger is sent to sign in. Forms post with a CSRF token and redirect after a
change (Post/Redirect/Get); a refused change re-renders the page with an error summary (400 for
invalid input, 404 for something already gone).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter
from litestar.response import Redirect, Template

from core.calendar.forms import OverrideForm, format_periods, parse_day
from core.calendar.service import CalendarService
from core.calendar.working import DEFAULT_PERIODS
from core.clock import Clock, today_in_vietnam
from core.errors import FieldError, InvalidInput, NotFound
from core.identity.units import normalise_code
from web.deps import Ctx
from web.guards import require_staff

Calendars = NamedDependency[CalendarService]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
Year = Annotated[int | None, Parameter(ge=2000, le=2100)]
Text = Annotated[str, Parameter(max_length=40)]
DONE = ("set", "removed", "reset")


def _errors(exc: InvalidInput) -> list[dict[str, str]]:
    return [{"field": e.field, "message": e.message, "key": ""} for e in exc.errors]


def _this_year(state: State) -> int:
    clock: Clock = state.clock
    return today_in_vietnam(clock).year


async def _year_page(
    service: CalendarService,
    year: int,
    *,
    form: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
    done: str = "",
    day: dt.date | None = None,
    status: int = 200,
) -> Template:
    context = {
        "year": year,
        "days": await service.year(year),
        "form": form or {},
        "errors": errors or [],
        "done": done if done in DONE and day else "",
        "done_day": day.strftime("%d/%m/%Y") if day else "",
    }
    return Template("admin/calendar.html", context=context, status_code=status)


@get("/admin/calendar", include_in_schema=False)
async def calendar_page(
    request: Request[Any, Any, Any],
    calendar: Calendars,
    state: State,
    year: Year = None,
    done: Text = "",
    day: Text = "",
) -> Template:
    require_staff(request, "admin")
    shown = parse_day(day, [])
    return await _year_page(calendar, year or _this_year(state), done=done, day=shown)


@post("/admin/calendar/overrides", include_in_schema=False)
async def set_override(
    request: Request[Any, Any, Any], calendar: Calendars, ctx: Ctx, state: State, data: Form
) -> Response[Any] | Template:
    require_staff(request, "admin")
    try:
        form = OverrideForm.parse(day=data.get("day"), kind=data.get("kind"), note=data.get("note"))
        await calendar.set_override(form.day, form.kind, form.note, ctx=ctx)
    except InvalidInput as exc:
        year = parse_day(data.get("day"), [])
        shown = year.year if year else _this_year(state)
        return await _year_page(calendar, shown, form=data, errors=_errors(exc), status=400)
    return _back_to_year(form.day, "set")


@post("/admin/calendar/overrides/remove", include_in_schema=False)
async def remove_override(
    request: Request[Any, Any, Any], calendar: Calendars, ctx: Ctx, state: State, data: Form
) -> Response[Any] | Template:
    require_staff(request, "admin")
    problems: list[FieldError] = []
    day = parse_day(data.get("day"), problems)
    if day is None:
        exc = InvalidInput("ngày cần xóa chưa hợp lệ", problems)
        return await _year_page(calendar, _this_year(state), errors=_errors(exc), status=400)
    try:
        await calendar.remove_override(day, ctx=ctx)
    except NotFound:
        missing = {
            "field": "days",
            "key": "calendar_err_missing",
            "values": {"day": f"{day:%d/%m/%Y}"},
        }
        return await _year_page(calendar, day.year, errors=[missing], status=404)
    return _back_to_year(day, "removed")


def _back_to_year(day: dt.date, done: str) -> Response[Any]:
    query = urlencode({"year": day.year, "done": done, "day": day.isoformat()})
    return Redirect(f"/admin/calendar?{query}", status_code=303)


async def _hours_page(
    service: CalendarService,
    *,
    form: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
    done: str = "",
    unit: str = "",
    status: int = 200,
) -> Template:
    units = await service.unit_hours()
    shown = unit if any(u.code == unit for u in units) else ""
    context = {
        "units": units,
        "default_periods": format_periods(DEFAULT_PERIODS),
        "form": form or {},
        "errors": errors or [],
        "done": done if done in DONE and shown else "",
        "done_unit": shown,
    }
    return Template("admin/calendar_hours.html", context=context, status_code=status)


@get("/admin/calendar/hours", include_in_schema=False)
async def hours_page(
    request: Request[Any, Any, Any], calendar: Calendars, done: Text = "", unit: Text = ""
) -> Template:
    require_staff(request, "admin")
    return await _hours_page(calendar, done=done, unit=unit)


@post("/admin/calendar/hours", include_in_schema=False)
async def set_hours(
    request: Request[Any, Any, Any], calendar: Calendars, ctx: Ctx, data: Form
) -> Response[Any] | Template:
    require_staff(request, "admin")
    try:
        hours = await calendar.set_unit_hours(
            data.get("unit", ""), data.get("periods", ""), ctx=ctx
        )
    except InvalidInput as exc:
        return await _hours_page(calendar, form=data, errors=_errors(exc), status=400)
    return _back_to_hours(hours.code, "set")


@post("/admin/calendar/hours/reset", include_in_schema=False)
async def reset_hours(
    request: Request[Any, Any, Any], calendar: Calendars, ctx: Ctx, data: Form
) -> Response[Any] | Template:
    require_staff(request, "admin")
    code = normalise_code(data.get("unit"))
    try:
        await calendar.reset_unit_hours(code, ctx=ctx)
    except NotFound:
        missing = {"field": "units", "key": "hours_err_missing", "values": {}}
        return await _hours_page(calendar, errors=[missing], status=404)
    return _back_to_hours(code, "reset")


def _back_to_hours(code: str, done: str) -> Response[Any]:
    return Redirect(
        "/admin/calendar/hours?" + urlencode({"done": done, "unit": code}), status_code=303
    )


ROUTES: list[Any] = [
    calendar_page,
    set_override,
    remove_override,
    hours_page,
    set_hours,
    reset_hours,
]
