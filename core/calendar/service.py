"""CalendarService: the province's working calendar, units' working hours, and the deadline.

The national rules come from the `holidays` package (core.calendar.national); the
administrator's overrides (core.calendar.tables.CalendarOverride) win over them, because the
yearly official notice adds swapped days off and make-up Saturdays that no rule predicts. Days
are the province's; working periods are per unit (core.calendar.unit_hours), 07:30–11:30 and
13:00–17:00 unless the unit set its own. Changes are admin-only and audited.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import math
import time
from collections.abc import Mapping

from core.calendar import unit_hours
from core.calendar.forms import OFF, WORKING, OverrideForm, parse_periods
from core.calendar.national import FIRST_YEAR, LAST_YEAR, MAKE_UP_DAY, national_days
from core.calendar.tables import CalendarOverride, UnitWorkingHours
from core.calendar.unit_hours import UnitHours
from core.calendar.working import DEFAULT_PERIODS, Period, WorkingCalendar
from core.clock import Clock
from core.database import write_transaction
from core.errors import FieldError, InvalidInput, NotFound, PermissionDenied
from core.identity import audit
from core.identity.access import can_administer
from core.identity.actor import SYSTEM_CONTEXT, Context
from core.identity.units import normalise_code

MAX_HOURS = 8 * 365 * 2  # two years of working days: beyond any legal allowance
REFRESH_SECONDS = 2.0
DEFAULT_NAMES = {OFF: "Ngày nghỉ (điều chỉnh)", WORKING: "Ngày làm việc (điều chỉnh)"}
UNIT_UNKNOWN = "Không có đơn vị nào mang mã định danh này"


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


@dataclasses.dataclass(frozen=True, slots=True)
class _Days:
    off: frozenset[dt.date]
    working: frozenset[dt.date]


class CalendarService:
    """The working calendars in force, cached in memory and rebuilt when the tables change.

    One calendar per set of working periods shares the province's days. This process rebuilds
    at once after its own changes; other processes notice within `refresh_seconds`, when they
    next re-read the (small) override and working-hours tables.
    """

    def __init__(self, clock: Clock, *, refresh_seconds: float = REFRESH_SECONDS) -> None:
        self._clock = clock
        self._refresh_seconds = refresh_seconds
        self._days: _Days | None = None
        self._overrides: tuple[Override, ...] = ()
        self._hours: Mapping[str, tuple[Period, ...]] = {}
        self._known_units: set[str] = set()  # units are deactivated, never deleted
        self._calendars: dict[tuple[Period, ...], WorkingCalendar] = {}
        self._checked_at = -math.inf

    async def calendar(self, unit_code: str | None = None) -> WorkingCalendar:
        """The calendar in force for `unit_code` (its working periods), or the default one.

        Raises InvalidInput (field "unit") when no unit has that e-identifier.
        """
        await self._refresh()
        periods = DEFAULT_PERIODS if unit_code is None else await self._periods_of(unit_code)
        calendar = self._calendars.get(periods)
        if calendar is None:
            assert self._days is not None  # set by _refresh
            calendar = WorkingCalendar(
                days_off=self._days.off, working_days=self._days.working, periods=periods
            )
            self._calendars[periods] = calendar
        return calendar

    async def due(
        self,
        start: dt.datetime,
        hours: int,
        cutoff: dt.time | None = None,
        *,
        unit: str | None = None,
    ) -> dt.datetime:
        """The instant `hours` working hours after `start` on `unit`'s calendar (rules 2–4)."""
        errors: list[FieldError] = []
        if start.tzinfo is None or start.utcoffset() is None:
            errors.append(FieldError("start", "give a time zone offset, e.g. +07:00"))
        elif not FIRST_YEAR <= start.year <= LAST_YEAR:
            errors.append(FieldError("start", f"a date from {FIRST_YEAR} to {LAST_YEAR}"))
        if isinstance(hours, bool) or not 0 <= hours <= MAX_HOURS:
            errors.append(FieldError("hours", f"a whole number from 0 to {MAX_HOURS}"))
        try:
            calendar = await self.calendar(unit)
        except InvalidInput as exc:
            errors.extend(exc.errors)
        if errors:
            raise InvalidInput("the deadline request is not valid", errors)
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

    async def set_override(
        self, day: dt.date, kind: str, note: str = "", *, ctx: Context = SYSTEM_CONTEXT
    ) -> Override:
        """Declare `day` a day off or a working day, replacing any earlier override of it."""
        _require_admin(ctx)
        form = OverrideForm.parse(day=day.isoformat(), kind=kind, note=note)
        after = Override(form.day, form.kind, form.note)
        async with write_transaction(CalendarOverride._meta.db):
            before = await _override_on(form.day)
            if before is None:
                await CalendarOverride.insert(
                    CalendarOverride(
                        day=form.day, kind=form.kind, note=form.note, created_at=self._clock.now()
                    )
                )
            else:
                await CalendarOverride.update(
                    {CalendarOverride.kind: form.kind, CalendarOverride.note: form.note}
                ).where(CalendarOverride.day == form.day)
            await audit.record(
                ctx,
                "calendar.override_set",
                object_type="calendar_day",
                object_id=form.day.isoformat(),
                before=_summary(before),
                after=_summary(after),
            )
        self._stale()
        return after

    async def remove_override(self, day: dt.date, *, ctx: Context = SYSTEM_CONTEXT) -> None:
        """Give `day` back to the national rules."""
        _require_admin(ctx)
        async with write_transaction(CalendarOverride._meta.db):
            before = await _override_on(day)
            if before is None:
                raise NotFound(f"no calendar override on {day.isoformat()}")
            await CalendarOverride.delete().where(CalendarOverride.day == day)
            await audit.record(
                ctx,
                "calendar.override_removed",
                object_type="calendar_day",
                object_id=day.isoformat(),
                before=_summary(before),
            )
        self._stale()

    async def unit_hours(self) -> list[UnitHours]:
        """Every unit with the working periods its deadlines count on."""
        return await unit_hours.every_unit(await unit_hours.stored_hours())

    async def set_unit_hours(
        self, unit_code: str, periods: str, *, ctx: Context = SYSTEM_CONTEXT
    ) -> UnitHours:
        """Give a unit its own working periods, typed as "07:30-11:30, 13:00-17:00"."""
        _require_admin(ctx)
        code = normalise_code(unit_code)
        errors: list[FieldError] = []
        unit = await unit_hours.unit_name(code)
        if unit is None:
            errors.append(FieldError("unit", UNIT_UNKNOWN))
        try:
            parsed = parse_periods(periods)
        except InvalidInput as exc:
            errors.extend(exc.errors)
        if errors or unit is None:
            raise InvalidInput("giờ làm việc chưa hợp lệ", errors)
        result = UnitHours(code, unit[0], unit[1], parsed, own=True)
        async with write_transaction(UnitWorkingHours._meta.db):
            before = await unit_hours.save(code, parsed, self._clock.now())
            await audit.record(
                ctx,
                "calendar.hours_set",
                object_type="unit",
                object_id=code,
                before={"periods": before},
                after={"periods": result.text},
            )
        self._stale()
        return result

    async def reset_unit_hours(self, unit_code: str, *, ctx: Context = SYSTEM_CONTEXT) -> None:
        """Give a unit back the default working periods."""
        _require_admin(ctx)
        code = normalise_code(unit_code)
        async with write_transaction(UnitWorkingHours._meta.db):
            before = await unit_hours.delete(code)
            if before is None:
                raise NotFound(f"the unit {code[:40]!r} keeps the default working hours")
            await audit.record(
                ctx,
                "calendar.hours_reset",
                object_type="unit",
                object_id=code,
                before={"periods": before},
            )
        self._stale()

    async def _refresh(self) -> None:
        if time.monotonic() - self._checked_at < self._refresh_seconds:
            return
        national = await asyncio.to_thread(national_days)  # computed once per process
        overrides = await _overrides()
        self._hours = await unit_hours.stored_hours()
        if self._days is None or overrides != self._overrides:
            marked = {o.day: o.kind for o in overrides}
            off = {d for d in national.days_off if d not in marked}
            working = {d for d in national.working_days if d not in marked}
            off.update(d for d, kind in marked.items() if kind == OFF)
            working.update(d for d, kind in marked.items() if kind == WORKING)
            self._days = _Days(frozenset(off), frozenset(working))
            self._overrides = overrides
            self._calendars = {}
        self._checked_at = time.monotonic()

    async def _periods_of(self, unit_code: str) -> tuple[Period, ...]:
        code = normalise_code(unit_code)
        own = self._hours.get(code)
        if own is not None:
            return own
        if code not in self._known_units:
            if not await unit_hours.unit_exists(code):
                raise InvalidInput.one("unit", f"no unit has the e-identifier {code[:40]!r}")
            self._known_units.add(code)
        return DEFAULT_PERIODS

    def _stale(self) -> None:
        """Re-read the tables at the next question: this process made a change."""
        self._checked_at = -math.inf


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


async def _override_on(day: dt.date) -> Override | None:
    row = (
        await CalendarOverride.select(CalendarOverride.kind, CalendarOverride.note)
        .where(CalendarOverride.day == day)
        .first()
    )
    return None if row is None else Override(day, row["kind"], row["note"])


def _summary(override: Override | None) -> dict[str, str] | None:
    """What the audit log keeps of an override."""
    return None if override is None else {"kind": override.kind, "note": override.note}


def _require_admin(ctx: Context) -> None:
    if not (can_administer(ctx.actor) or ctx.actor.kind == "system"):
        raise PermissionDenied("only an admin changes the calendar")


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput.one("year", f"a year from {FIRST_YEAR} to {LAST_YEAR}")
