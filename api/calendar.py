"""GET /api/v1/calendar/...: deadlines on the working calendar, and each year's special days."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter

from core.calendar.query import DueQuery
from core.calendar.service import CalendarDay, CalendarService

CalendarDep = NamedDependency[CalendarService]
# Plain strings: the core parses them, so every mistake is a 422 naming its parameter.
Text = Annotated[str | None, QueryParameter(description="see the endpoint description")]
Year = Annotated[int, PathParameter(description="a year from 2000 to 2100")]


class DueAt(msgspec.Struct, frozen=True):
    due_at: str


class CalendarDayItem(msgspec.Struct, frozen=True):
    date: str
    kind: str  # "off" or "working"
    name: str
    source: str  # "national" (holidays package) or "override" (administrator)


def provide_calendar(state: State) -> CalendarService:
    service: CalendarService = state.calendar
    return service


@get("/calendar/due", tags=["calendar"], summary="The instant N working hours after a start")
async def due(
    calendar: CalendarDep,
    start: Text = None,
    hours: Text = None,
    unit: Text = None,
    cutoff: Text = None,
) -> DueAt:
    """`start` ISO 8601 with offset, `hours` a whole number, `cutoff` HH:MM; 422 otherwise."""
    query = DueQuery.parse(start=start, hours=hours, unit=unit, cutoff=cutoff)
    due_at = await calendar.due(query.start, query.hours, query.cutoff, unit=query.unit)
    return DueAt(due_at.isoformat())


@get("/calendar/{year:int}", tags=["calendar"], summary="A year's days off and make-up days")
async def year(calendar: CalendarDep, year: Year) -> list[CalendarDayItem]:
    """Holidays, swapped days off and make-up working days, by date; 422 outside 2000–2100."""
    return [_item(day) for day in await calendar.year(year)]


def _item(day: CalendarDay) -> CalendarDayItem:
    return CalendarDayItem(day.day.isoformat(), day.kind, day.name, day.source)


ROUTES: list[Any] = [due, year]
