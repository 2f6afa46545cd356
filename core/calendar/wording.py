"""Plain Vietnamese for instants and working durations, as the dossier page and the forms say them.

"Thứ Hai 23/02/2026 08:30" for an instant (always in Việt Nam time), "1 ngày 2 giờ 30 phút làm
việc" for working time, counting a day as the calendar's working day (8 hours by default), the
way the law states allowances in working days (ngày làm việc).
"""

from __future__ import annotations

import datetime as dt

from core.clock import VIETNAM

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
EIGHT_HOURS = dt.timedelta(hours=8)


def vi_instant(instant: dt.datetime) -> str:
    """Weekday, date and time in Việt Nam: "Thứ Hai 23/02/2026 08:30"."""
    local = instant.astimezone(VIETNAM)
    return f"{WEEKDAYS[local.weekday()]} {local:%d/%m/%Y %H:%M}"


def vi_working_time(duration: dt.timedelta, day_length: dt.timedelta = EIGHT_HOURS) -> str:
    """A working duration in days, hours and minutes: "1 ngày 2 giờ 30 phút làm việc".

    Seconds are dropped (a deadline is read to the minute); a negative duration is said as its
    size, the caller says whether it is late or left.
    """
    minutes = abs(duration) // dt.timedelta(minutes=1)
    day_minutes = max(1, day_length // dt.timedelta(minutes=1))
    days, rest = divmod(minutes, day_minutes)
    hours, minutes = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((days, "ngày"), (hours, "giờ"), (minutes, "phút")) if n]
    return f"{' '.join(parts) or '0 phút'} làm việc"
