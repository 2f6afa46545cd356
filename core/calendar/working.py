"""WorkingCalendar: which instants count toward a deadline (DOMAIN.md, "Counting rules").

Pure arithmetic, no I/O: the service decides which days are off and which weekend days are
worked, and this class counts working time through them. Periods are wall-clock times in one
zone (Asia/Ho_Chi_Minh by default); Việt Nam has had no daylight saving since 1975, so
wall-clock arithmetic equals elapsed time. Periods are half-open: 11:30 itself is outside
07:30–11:30, which is why a start at 11:30 moves to 13:00 while a deadline may *end* at 11:30.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

from core.clock import VIETNAM

Period = tuple[dt.time, dt.time]
DEFAULT_PERIODS: tuple[Period, ...] = (
    (dt.time(7, 30), dt.time(11, 30)),
    (dt.time(13, 0), dt.time(17, 0)),
)
_ONE_DAY = dt.timedelta(days=1)
_NOTHING = dt.timedelta(0)


class WorkingCalendar:
    """Working days (Monday–Friday and make-up days, minus days off) and their working periods.

    `days_off` are dates not worked although they are weekdays (public holidays, swapped days);
    `working_days` are weekend dates that are worked (make-up Saturdays). A date in both is a
    contradiction the caller must resolve first, so it is refused.
    """

    def __init__(
        self,
        *,
        days_off: Iterable[dt.date] = (),
        working_days: Iterable[dt.date] = (),
        periods: Sequence[Period] = DEFAULT_PERIODS,
        tz: dt.tzinfo = VIETNAM,
    ) -> None:
        self._days_off = frozenset(days_off)
        self._working_days = frozenset(working_days)
        clash = self._days_off & self._working_days
        if clash:
            raise ValueError(f"{min(clash)} is both a day off and a working day")
        self._periods = _checked_periods(periods)
        self._tz = tz
        self._day_length = sum((_length(p) for p in self._periods), _NOTHING)

    @property
    def periods(self) -> tuple[Period, ...]:
        return self._periods

    @property
    def tz(self) -> dt.tzinfo:
        """The zone of the wall-clock periods (Asia/Ho_Chi_Minh by default)."""
        return self._tz

    @property
    def day_length(self) -> dt.timedelta:
        """Working time in one working day (8 h with the default periods)."""
        return self._day_length

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._working_days:
            return True
        return day.weekday() < 5 and day not in self._days_off

    def next_start(self, instant: dt.datetime, cutoff: dt.time | None = None) -> dt.datetime:
        """The first working instant at or after `instant` (rule 2).

        With a `cutoff` (rule 3), a start strictly after it on a working day belongs to the next
        working day: received at 15:01 with a 15:00 cut-off counts from 07:30 tomorrow.
        """
        if cutoff is not None and cutoff.tzinfo is not None:
            raise ValueError("a cut-off is a wall-clock time, without a zone")
        local = self._local(instant)
        day = local.date()
        after_cutoff = cutoff is not None and local.time() > cutoff
        if self.is_working_day(day) and not after_cutoff:
            for start, end in self._periods:
                if local < self._at(day, end):
                    return max(local, self._at(day, start))
        return self._at(self._next_working_day(day), self._periods[0][0])

    def add_hours(
        self, start: dt.datetime, hours: float, cutoff: dt.time | None = None
    ) -> dt.datetime:
        """The instant `hours` working hours after `start` (rule 4).

        Hours are spent period by period; the answer is where they run out, so ending exactly
        at 11:30 or 17:00 gives that instant, and 0 hours gives `next_start`. Whole working days
        are subtracted at once, so a year's allowance costs a few hundred steps.
        """
        return self.add_time(start, _duration(hours), cutoff)

    def add_time(
        self, start: dt.datetime, duration: dt.timedelta, cutoff: dt.time | None = None
    ) -> dt.datetime:
        """`add_hours` with an exact duration (the dossier clock carries remainders)."""
        if duration < _NOTHING:
            raise ValueError(f"a working duration must be ≥ 0 (got {duration})")
        remaining = duration
        cursor = self.next_start(start, cutoff)
        day = cursor.date()
        while True:
            due, remaining = self._spend(day, cursor, remaining)
            if due is not None:
                return due
            day = self._next_working_day(day)
            cursor = self._at(day, self._periods[0][0])

    def working_seconds_between(self, a: dt.datetime, b: dt.datetime) -> float:
        """Working seconds from `a` to `b`; negative when `b` is earlier.

        The sign lets a step's accounting say "early by" or "late by" with one call
        (finished instant against due instant).
        """
        return self.working_time_between(a, b).total_seconds()

    def working_time_between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """`working_seconds_between` as an exact duration; negative when `b` is earlier."""
        a, b = self._local(a), self._local(b)
        if b < a:
            return -self.working_time_between(b, a)
        total = _NOTHING
        day = a.date()
        while day <= b.date():
            if self.is_working_day(day):
                whole = a.date() < day < b.date()
                total += self._day_length if whole else self._overlap(day, a, b)
            day += _ONE_DAY
        return total

    def _spend(
        self, day: dt.date, cursor: dt.datetime, remaining: dt.timedelta
    ) -> tuple[dt.datetime | None, dt.timedelta]:
        """Spend `remaining` in `day`'s periods from `cursor`; the due instant if it runs out."""
        if remaining > self._day_length and cursor <= self._at(day, self._periods[0][0]):
            return None, remaining - self._day_length
        for start, end in self._periods:
            begin, finish = max(cursor, self._at(day, start)), self._at(day, end)
            if begin >= finish:
                continue
            if remaining <= finish - begin:
                return begin + remaining, _NOTHING
            remaining -= finish - begin
        return None, remaining

    def _overlap(self, day: dt.date, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        total = _NOTHING
        for start, end in self._periods:
            begin, finish = max(a, self._at(day, start)), min(b, self._at(day, end))
            if finish > begin:
                total += finish - begin
        return total

    def _next_working_day(self, day: dt.date) -> dt.date:
        # Ends: days off are a finite set, and every week has weekdays.
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self._tz)

    def _local(self, instant: dt.datetime) -> dt.datetime:
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError(f"{instant.isoformat()} has no time zone; deadlines need one")
        return instant.astimezone(self._tz)


def _length(period: Period) -> dt.timedelta:
    start, end = period
    return dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)


def _checked_periods(periods: Sequence[Period]) -> tuple[Period, ...]:
    """Periods in order, each non-empty, none overlapping, all wall-clock (naive) times."""
    result = tuple(periods)
    if not result:
        raise ValueError("a calendar needs at least one working period")
    previous_end: dt.time | None = None
    for start, end in result:
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("working periods are wall-clock times, without a zone")
        if not start < end:
            raise ValueError(f"period {start}–{end} is empty")
        if previous_end is not None and start < previous_end:
            raise ValueError(f"period {start}–{end} overlaps or precedes the one before")
        previous_end = end
    return result


def _duration(hours: float) -> dt.timedelta:
    if isinstance(hours, bool) or not math.isfinite(hours) or hours < 0:
        raise ValueError(f"hours must be a finite number ≥ 0 (got {hours!r})")
    return dt.timedelta(hours=hours)
