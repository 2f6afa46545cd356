"""The stored working periods of units (`unit_working_hours`), read and written by unit code.

Units themselves belong to core.identity (`org_unit`); a unit without a row here keeps the
default periods, 07:30–11:30 and 13:00–17:00.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from core.calendar.forms import format_periods, parse_periods
from core.calendar.tables import UnitWorkingHours
from core.calendar.working import DEFAULT_PERIODS, Period
from core.identity.tables import Unit


@dataclasses.dataclass(frozen=True, slots=True)
class UnitHours:
    """A unit and the periods it counts deadlines on; `own` is False for the default."""

    code: str
    name: str
    active: bool
    periods: tuple[Period, ...]
    own: bool

    @property
    def text(self) -> str:
        return format_periods(self.periods)


async def stored_hours() -> Mapping[str, tuple[Period, ...]]:
    """Every unit's own periods, by unit code."""
    rows = await UnitWorkingHours.select(UnitWorkingHours.unit_code, UnitWorkingHours.periods)
    return {r["unit_code"]: parse_periods(r["periods"]) for r in rows}


async def unit_exists(code: str) -> bool:
    return bool(await Unit.exists().where(Unit.code == code))


async def unit_name(code: str) -> tuple[str, bool] | None:
    """The unit's name and whether it is active, or None when no unit has this code."""
    row = await Unit.select(Unit.name, Unit.active).where(Unit.code == code).first()
    return None if row is None else (str(row["name"]), bool(row["active"]))


async def every_unit(hours: Mapping[str, tuple[Period, ...]]) -> list[UnitHours]:
    """Every unit, active first then by code, with its own periods or the default ones."""
    rows = await Unit.select(Unit.code, Unit.name, Unit.active).order_by(Unit.code)
    units = [
        UnitHours(
            r["code"],
            r["name"],
            bool(r["active"]),
            hours.get(r["code"], DEFAULT_PERIODS),
            r["code"] in hours,
        )
        for r in rows
    ]
    return sorted(units, key=lambda u: (not u.active, u.code))


async def save(code: str, periods: tuple[Period, ...], now: dt.datetime) -> str | None:
    """Store `periods` for `code`; the text they replace, or None if the unit had none."""
    text = format_periods(periods)
    before = (
        await UnitWorkingHours.select(UnitWorkingHours.periods)
        .where(UnitWorkingHours.unit_code == code)
        .first()
    )
    if before is None:
        await UnitWorkingHours.insert(
            UnitWorkingHours(unit_code=code, periods=text, updated_at=now)
        )
        return None
    await UnitWorkingHours.update(
        {UnitWorkingHours.periods: text, UnitWorkingHours.updated_at: now}
    ).where(UnitWorkingHours.unit_code == code)
    return str(before["periods"])


async def delete(code: str) -> str | None:
    """Forget `code`'s own periods; the text removed, or None if it had none."""
    removed = (
        await UnitWorkingHours.delete()
        .where(UnitWorkingHours.unit_code == code)
        .returning(UnitWorkingHours.periods)
    )
    return str(removed[0]["periods"]) if removed else None
