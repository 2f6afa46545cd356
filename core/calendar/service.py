"""CalendarService: the province's working calendar, and the deadline every dossier uses.

The national rules come from the `holidays` package (core.calendar.national); the
administrator's overrides (core.calendar.tables.CalendarOverride) win over them, because the
yearly official notice adds swapped days off and make-up Saturdays that no rule predicts.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time

from core.calendar.national import FIRST_YEAR, LAST_YEAR, MAKE_UP_DAY, national_days
from core.calendar.tables import CalendarOverride
from core.calendar.working import WorkingCalendar
from core.clock import Clock
from core.database import write_transaction
from core.errors import FieldError, InvalidInput, NotFound

OFF = "off"
WORKING = "working"
KINDS = (OFF, WORKING)
MAX_NOTE_LENGTH = 200
MAX_HOURS = 8 * 365 * 2  # two years of working days: beyond any legal allowance
REFRESH_SECONDS = 2.0
DEFAULT_NAMES = {OFF: "Ngày nghỉ (điều chỉnh)", WORKING: "Ngày làm việc (điều chỉnh)"}


@dataclasses.dataclass(frozen=True, slots=True)
class CalendarDay:
    """A day that differs from an ordinary week: a day off, or a weekend day worked.

    `source` is "national" (the `holidays` package) or "override" (entered by an administrator).
    """

    day: dt.date
    kind: str
    name: str
    source: str


@dataclasses.dataclass(frozen=True, slots=True)
class Override:
    day: dt.date
    kind: str
    note: str


class CalendarService:
    """The province's working calendar, cached in memory and rebuilt when overrides change.

    This process rebuilds at once after its own `set_override`/`remove_override`; other
    processes notice within `refresh_seconds`, when they next re-read the (small) override table.
    """

    def __init__(self, clock: Clock, *, refresh_seconds: float = REFRESH_SECONDS) -> None:
        self._clock = clock
        self._refresh_seconds = refresh_seconds
        self._calendar: WorkingCalendar | None = None
        self._overrides: tuple[Override, ...] = ()
        self._checked_at = 0.0

    async def calendar(self) -> WorkingCalendar:
        """The calendar in force: national days off and make-up days, corrected by overrides."""
        fresh = time.monotonic() - self._checked_at < self._refresh_seconds
        if self._calendar is not None and fresh:
            return self._calendar
        national = await asyncio.to_thread(national_days)  # computed once per process
        overrides = await _overrides()
        if self._calendar is None or overrides != self._overrides:
            marked = {o.day: o.kind for o in overrides}
            off = {d for d in national.days_off if d not in marked}
            working = {d for d in national.working_days if d not in marked}
            off.update(d for d, kind in marked.items() if kind == OFF)
            working.update(d for d, kind in marked.items() if kind == WORKING)
            self._calendar = WorkingCalendar(days_off=off, working_days=working)
            self._overrides = overrides
        self._checked_at = time.monotonic()
        return self._calendar

    async def due(
        self,
        start: dt.datetime,
        hours: int,
        cutoff: dt.time | None = None,
        *,
        unit: str | None = None,
    ) -> dt.datetime:
        """The instant `hours` working hours after `start`, with an optional same-day cut-off.

        `unit` is accepted for the contract (a unit may one day have its own periods), but for
        now every unit counts on the province's calendar.
        """
        errors: list[FieldError] = []
        if start.tzinfo is None or start.utcoffset() is None:
            errors.append(FieldError("start", "give a time zone offset, e.g. +07:00"))
        elif not FIRST_YEAR <= start.year <= LAST_YEAR:
            errors.append(FieldError("start", f"a date from {FIRST_YEAR} to {LAST_YEAR}"))
        if isinstance(hours, bool) or not 0 <= hours <= MAX_HOURS:
            errors.append(FieldError("hours", f"a whole number from 0 to {MAX_HOURS}"))
        if errors:
            raise InvalidInput("the deadline request is not valid", errors)
        calendar = await self.calendar()
        return calendar.add_hours(start, hours, cutoff)

    async def year(self, year: int) -> list[CalendarDay]:
        """That year's days off (holidays, swapped days) and make-up working days, by date."""
        _check_year(year)
        national = await asyncio.to_thread(national_days)
        days: dict[dt.date, CalendarDay] = {}
        for day, name in national.days_off.items():
            if day.year == year:
                days[day] = CalendarDay(day, OFF, name, "national")
        for day in national.working_days:
            if day.year == year:
                days[day] = CalendarDay(day, WORKING, MAKE_UP_DAY, "national")
        for o in await _overrides(year):
            days[o.day] = CalendarDay(o.day, o.kind, o.note or DEFAULT_NAMES[o.kind], "override")
        return [days[day] for day in sorted(days)]

    async def set_override(self, day: dt.date, kind: str, note: str = "") -> Override:
        """Declare `day` a day off or a working day, replacing any earlier override of it."""
        note = note.strip()
        errors: list[FieldError] = []
        if kind not in KINDS:
            errors.append(FieldError("kind", f"one of {', '.join(KINDS)}"))
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            errors.append(FieldError("date", f"a date from {FIRST_YEAR} to {LAST_YEAR}"))
        if len(note) > MAX_NOTE_LENGTH:
            errors.append(FieldError("note", f"at most {MAX_NOTE_LENGTH} characters"))
        if errors:
            raise InvalidInput("the calendar change is not valid", errors)
        async with write_transaction(CalendarOverride._meta.db):
            updated = (
                await CalendarOverride.update(
                    {CalendarOverride.kind: kind, CalendarOverride.note: note}
                )
                .where(CalendarOverride.day == day)
                .returning(CalendarOverride.id)
            )
            if not updated:
                await CalendarOverride.insert(
                    CalendarOverride(day=day, kind=kind, note=note, created_at=self._clock.now())
                )
        self._calendar = None
        return Override(day, kind, note)

    async def remove_override(self, day: dt.date) -> None:
        """Give `day` back to the national rules."""
        async with write_transaction(CalendarOverride._meta.db):
            removed = (
                await CalendarOverride.delete()
                .where(CalendarOverride.day == day)
                .returning(CalendarOverride.id)
            )
        if not removed:
            raise NotFound(f"no calendar override on {day.isoformat()}")
        self._calendar = None


async def _overrides(year: int | None = None) -> tuple[Override, ...]:
    query = CalendarOverride.select(
        CalendarOverride.day, CalendarOverride.kind, CalendarOverride.note
    ).order_by(CalendarOverride.day)
    if year is not None:
        query = query.where(
            (CalendarOverride.day >= dt.date(year, 1, 1))
            & (CalendarOverride.day <= dt.date(year, 12, 31))
        )
    rows = await query
    return tuple(Override(_as_date(r["day"]), r["kind"], r["note"]) for r in rows)


def _as_date(value: object) -> dt.date:
    """SQLite may hand a DATE back as text; PostgreSQL gives a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput.one("year", f"a year from {FIRST_YEAR} to {LAST_YEAR}")
