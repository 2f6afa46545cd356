"""The national rules, as the `holidays` package knows them (country "VN", names in Vietnamese).

The package computes the Labour Code's holidays (art. 112), the lunar dates (Tết, Giỗ Tổ Hùng
Vương), its observed-day rules, and the swaps of the official notices it cites
(`weekend_workdays` holds the make-up Saturdays). Notices it does not know yet are entered as
overrides (core.calendar.tables.CalendarOverride); nothing here invents one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from types import MappingProxyType

import holidays

FIRST_YEAR = 2000
LAST_YEAR = 2100
MAKE_UP_DAY = "Ngày làm việc bù"


@dataclasses.dataclass(frozen=True, slots=True)
class NationalDays:
    """Days off by name, and make-up working days, for FIRST_YEAR..LAST_YEAR."""

    days_off: Mapping[dt.date, str]
    working_days: frozenset[dt.date]


@functools.cache
def national_days() -> NationalDays:
    """Computed once per process (about 0.2 s of CPU): the package's rules never change."""
    calendar = holidays.country_holidays(
        "VN", years=range(FIRST_YEAR, LAST_YEAR + 1), language="vi"
    )
    days_off = {day: str(name) for day, name in calendar.items()}
    # The package's set also holds make-up days of neighbouring notices; keep only our range.
    working = frozenset(
        day
        for day in calendar.weekend_workdays
        if FIRST_YEAR <= day.year <= LAST_YEAR and day not in days_off
    )
    return NationalDays(MappingProxyType(days_off), working)  # shared: keep it read-only
