"""Periods the statistics are asked for: a day, a month, a quarter, a year or any span of days.

A period is a closed range of Việt Nam calendar days. Its trend is cut into days when it spans
at most two months, else into months, so a chart has at most ~60 bars either way. Spans longer
than five years are refused: nobody reads them, and they would be the one slow query.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from core.errors import FieldError, InvalidInput

MAX_DAYS = 5 * 366
DAILY_UP_TO = 62  # days; longer periods trend by month
_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|[Qq]([1-4])))?$")


@dataclasses.dataclass(frozen=True, slots=True)
class Bucket:
    label: str
    start: dt.date
    end: dt.date


@dataclasses.dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def grain(self) -> str:
        return "day" if self.days <= DAILY_UP_TO else "month"

    def buckets(self) -> list[Bucket]:
        """The trend's bars, in order, covering the period exactly."""
        if self.grain == "day":
            days = (self.start + dt.timedelta(days=n) for n in range(self.days))
            return [Bucket(f"{d.day:02d}/{d.month:02d}", d, d) for d in days]
        out: list[Bucket] = []
        first = self.start.replace(day=1)
        while first <= self.end:
            after = _next_month(first)
            start, end = max(first, self.start), min(after - dt.timedelta(days=1), self.end)
            out.append(Bucket(f"{first.month:02d}/{first.year}", start, end))
            first = after
        return out


def of_year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"Năm {year}")


def of_month(year: int, month: int) -> Period:
    first = dt.date(year, month, 1)
    return Period(first, _next_month(first) - dt.timedelta(days=1), f"Tháng {month}/{year}")


def parse(period: str = "", start: str = "", end: str = "", *, today: dt.date) -> Period:
    """The period named by `period` (2026, 2026-Q2, 2026-03, 2026-03-02) or by `start`..`end`
    (ISO dates, either may be left out); this year so far when nothing is given."""
    period, start, end = (period or "").strip(), (start or "").strip(), (end or "").strip()
    if period and (start or end):
        raise InvalidInput.one("period", "Chọn một kỳ hoặc một khoảng ngày, không chọn cả hai")
    if period:
        return _named(period)
    if not start and not end:
        return Period(dt.date(today.year, 1, 1), today, f"Năm {today.year} đến nay")
    problems: list[FieldError] = []
    first = _date(start, "from", problems) if start else None
    last = _date(end, "to", problems) if end else None
    if problems:
        raise InvalidInput(problems[0].message, problems)
    first = first or (last or today).replace(month=1, day=1)
    last = last or max(today, first)
    if last < first:
        raise InvalidInput.one("to", "Ngày kết thúc (to) phải bằng hoặc sau ngày bắt đầu (from)")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput.one("to", "Khoảng thời gian tối đa 5 năm; hãy chọn khoảng ngắn hơn")
    label = f"Từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}"
    return Period(first, last, label)


def _named(text: str) -> Period:
    match = _PERIOD.match(text)
    wrong = InvalidInput.one(
        "period", "Kỳ thống kê viết dạng 2026, 2026-Q1, 2026-03 hoặc 2026-03-02"
    )
    if match is None:
        raise wrong
    year, month, day, quarter = match.groups()
    try:
        if quarter:
            first = dt.date(int(year), 3 * int(quarter) - 2, 1)
            last = _next_month(_next_month(_next_month(first))) - dt.timedelta(days=1)
            return Period(first, last, f"Quý {quarter}/{year}")
        if day:
            only = dt.date(int(year), int(month), int(day))
            return Period(only, only, f"Ngày {only:%d/%m/%Y}")
        if month:
            return of_month(int(year), int(month))
        return of_year(int(year))
    except ValueError:
        raise wrong from None


def _date(text: str, field: str, problems: list[FieldError]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(FieldError(field, f"Ngày “{text[:20]}” không hợp lệ; viết dạng 2026-03-31"))
        return None


def _next_month(first: dt.date) -> dt.date:
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
