"""Statistics pages: the public transparency page `/thong-ke`, the manager dashboard
`/staff/stats`, and their CSV/XLSX downloads. Charts are SVG drawn here on the server, each
followed by the table of its numbers, so they need no script and read out in a screen reader."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, Response, get
from litestar.datastructures import State
from litestar.params import QueryParameter
from litestar.response import Template

from core.clock import Clock, today_in_vietnam
from core.errors import InvalidInput
from core.identity import access
from core.stats import dashboard, export, periods, query
from web.deps import Ctx
from web.guards import require_staff

Text = Annotated[str, QueryParameter(max_length=40)]
From = Annotated[str, QueryParameter(name="from", max_length=20)]
To = Annotated[str, QueryParameter(name="to", max_length=20)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_W, CHART_H, BAR_AREA = 360, 210, 165  # SVG user units ≈ CSS pixels on a phone


@dataclasses.dataclass(frozen=True, slots=True)
class Bar:
    x: float
    width: float
    received_y: float
    received_h: float
    late_y: float
    late_h: float
    label: str
    show_label: bool


def trend_bars(report: query.Report) -> list[Bar]:
    """Bars for received (and, inside them, resolved late) per bucket of the period."""
    values = [(b.label, f.received, f["resolved_late"]) for b, f in report.trend]
    top = max([v for _, v, _ in values] + [1])
    step = CHART_W / max(len(values), 1)
    every = max(1, -(-len(values) // 5))  # at most 5 axis labels fit on a phone
    bars = []
    for n, (label, received, late) in enumerate(values):
        h, lh = BAR_AREA * received / top, BAR_AREA * min(late, received) / top
        bars.append(
            Bar(
                round(n * step + step * 0.1, 1),
                round(step * 0.8, 1),
                round(BAR_AREA - h, 1),
                round(h, 1),
                round(BAR_AREA - lh, 1),
                round(lh, 1),
                label,
                n % every == 0,
            )
        )
    return bars


def _form(period: str, start: str, end: str, unit: str) -> dict[str, str]:
    return {"period": period, "from": start, "to": end, "unit": unit}


def _query_string(form: dict[str, str]) -> str:
    return urlencode({k: v for k, v in form.items() if v})


async def _page(
    template: str, report_of: Any, form: dict[str, str], clock: Clock, extra: dict[str, Any]
) -> Template:
    try:
        period = periods.parse(
            form["period"], form["from"], form["to"], today=today_in_vietnam(clock)
        )
        report = await report_of(period, form["unit"], clock.now())
    except InvalidInput as invalid:
        context = {"form": form, "errors": invalid.errors or [], "report": None, **extra}
        return Template(template, context=context, status_code=400)
    context = {
        "form": form,
        "errors": [],
        "report": report,
        "bars": trend_bars(report),
        "chart": {"w": CHART_W, "h": CHART_H, "area": BAR_AREA},
        "query": _query_string(form),
        "units": await query.all_units(),
        **extra,
    }
    return Template(template, context=context)


@get("/thong-ke", include_in_schema=False)
async def public_page(
    state: State, period: Text = "", start: From = "", end: To = "", unit: Text = ""
) -> Template:
    form = _form(period, start, end, unit)
    return await _page("stats/public.html", dashboard.public_report, form, state.clock, {})


@get("/staff/stats", include_in_schema=False)
async def staff_page(
    request: Request[Any, Any, Any],
    state: State,
    ctx: Ctx,
    period: Text = "",
    start: From = "",
    end: To = "",
    unit: Text = "",
) -> Template:
    actor = require_staff(request)

    async def report_of(p: periods.Period, code: str, now: Any) -> query.Report:
        return await dashboard.staff_report(ctx, p, code, now)

    form = _form(period, start, end, unit)
    extra: dict[str, Any] = {"staff": True}
    if not access.can_administer(actor):
        extra["units"] = None  # a head sees their own unit: nothing to choose
    return await _page("stats/staff.html", report_of, form, state.clock, extra)


async def _download(report: query.Report, kind: str) -> Response[bytes]:
    name = f"thong-ke-{report.period.start}-{report.period.end}.{kind}"
    body, media = (export.as_csv(report), "text/csv")
    if kind == "xlsx":
        body, media = export.as_xlsx(report), XLSX
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=media, headers=headers)


async def _public_file(state: State, kind: str, form: dict[str, str]) -> Response[bytes]:
    clock: Clock = state.clock
    p = periods.parse(form["period"], form["from"], form["to"], today=today_in_vietnam(clock))
    return await _download(await dashboard.public_report(p, form["unit"], clock.now()), kind)


async def _staff_file(
    request: Request[Any, Any, Any], state: State, ctx: Ctx, kind: str, form: dict[str, str]
) -> Response[bytes]:
    require_staff(request)
    clock: Clock = state.clock
    p = periods.parse(form["period"], form["from"], form["to"], today=today_in_vietnam(clock))
    return await _download(await dashboard.staff_report(ctx, p, form["unit"], clock.now()), kind)


@get("/thong-ke/xuat.csv", include_in_schema=False)
async def public_csv(
    state: State, period: Text = "", start: From = "", end: To = "", unit: Text = ""
) -> Response[bytes]:
    """The public figures as CSV; a bad period or unit is a 400 page saying what to fix."""
    return await _public_file(state, "csv", _form(period, start, end, unit))


@get("/thong-ke/xuat.xlsx", include_in_schema=False)
async def public_xlsx(
    state: State, period: Text = "", start: From = "", end: To = "", unit: Text = ""
) -> Response[bytes]:
    return await _public_file(state, "xlsx", _form(period, start, end, unit))


@get("/staff/stats/xuat.csv", include_in_schema=False)
async def staff_csv(
    request: Request[Any, Any, Any],
    state: State,
    ctx: Ctx,
    period: Text = "",
    start: From = "",
    end: To = "",
    unit: Text = "",
) -> Response[bytes]:
    return await _staff_file(request, state, ctx, "csv", _form(period, start, end, unit))


@get("/staff/stats/xuat.xlsx", include_in_schema=False)
async def staff_xlsx(
    request: Request[Any, Any, Any],
    state: State,
    ctx: Ctx,
    period: Text = "",
    start: From = "",
    end: To = "",
    unit: Text = "",
) -> Response[bytes]:
    return await _staff_file(request, state, ctx, "xlsx", _form(period, start, end, unit))


ROUTES: list[Any] = [public_page, staff_page, public_csv, public_xlsx, staff_csv, staff_xlsx]
