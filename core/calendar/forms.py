"""What an administrator types on the calendar pages, checked with messages saying what to fix.

A day ("07/03/2026" or "2026-03-07"), a kind of day (off / working), a note, and a unit's working
periods ("07:30-11:30, 13:00-17:00"). Messages are in Vietnamese: they are read by the province's
administrator, on the admin pages, as they are written here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from core.calendar.national import FIRST_YEAR, LAST_YEAR
from core.calendar.working import Period
from core.errors import FieldError, InvalidInput

OFF = "off"
WORKING = "working"
KINDS = (OFF, WORKING)
MAX_NOTE_LENGTH = 200
MAX_PERIODS = 6
DAY_LENGTH = dt.timedelta(hours=8)  # allowances are stated in days of 8 working hours

DAY_SHAPE = "Nhập ngày dạng 07/03/2026 hoặc 2026-03-07"
DAY_RANGE = f"Chọn một ngày từ năm {FIRST_YEAR} đến năm {LAST_YEAR}"
KIND_UNKNOWN = "Chọn «Ngày nghỉ» hoặc «Ngày làm việc bù»"
NOTE_TOO_LONG = f"Ghi chú dài tối đa {MAX_NOTE_LENGTH} ký tự"
PERIODS_EMPTY = "Nhập các khoảng giờ làm việc trong ngày, ví dụ 07:30-11:30, 13:00-17:00"

_DAY_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_VN = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_PERIOD = re.compile(r"(\d{1,2})[:hH](\d{2})\s*[-–—]\s*(\d{1,2})[:hH](\d{2})")
_SEPARATORS = re.compile(r"[,;\n]+")


@dataclasses.dataclass(frozen=True, slots=True)
class OverrideForm:
    """A day declared off (swapped day off) or working (make-up Saturday), with a note."""

    day: dt.date
    kind: str
    note: str

    @classmethod
    def parse(cls, *, day: str | None, kind: str | None, note: str | None = "") -> OverrideForm:
        errors: list[FieldError] = []
        when = parse_day(day, errors)
        kind = (kind or "").strip()
        if kind not in KINDS:
            errors.append(FieldError("kind", KIND_UNKNOWN))
        note = (note or "").strip()
        if len(note) > MAX_NOTE_LENGTH:
            errors.append(FieldError("note", NOTE_TOO_LONG))
        if errors or when is None:
            raise InvalidInput("ngày điều chỉnh chưa hợp lệ", errors)
        return cls(when, kind, note)


def parse_day(text: str | None, errors: list[FieldError], field: str = "day") -> dt.date | None:
    """A date typed as dd/mm/yyyy or yyyy-mm-dd (what <input type="date"> sends)."""
    text = (text or "").strip()
    iso, vn = _DAY_ISO.fullmatch(text), _DAY_VN.fullmatch(text)
    try:
        if iso:
            day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        elif vn:
            day = dt.date(int(vn[3]), int(vn[2]), int(vn[1]))
        else:
            raise ValueError(text)
    except ValueError:
        errors.append(FieldError(field, DAY_SHAPE))
        return None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        errors.append(FieldError(field, DAY_RANGE))
        return None
    return day


def parse_periods(text: str | None) -> tuple[Period, ...]:
    """ "07:30-11:30, 13:00-17:00" → periods, checked by `period_problems`."""
    pieces = [p.strip() for p in _SEPARATORS.split(text or "") if p.strip()]
    if not pieces:
        raise InvalidInput.one("periods", PERIODS_EMPTY)
    periods: list[Period] = []
    problems: list[str] = []
    for number, piece in enumerate(pieces, start=1):
        match = _PERIOD.fullmatch(piece)
        times = _times(match) if match else None
        if times is None:
            problems.append(
                f"Khoảng thứ {number} («{piece[:40]}») chưa đúng dạng giờ:phút-giờ:phút "
                "trong một ngày (00:00 đến 23:59), ví dụ 07:30-11:30"
            )
        else:
            periods.append(times)
    if not problems:
        problems = period_problems(periods)
    if problems:
        raise InvalidInput("giờ làm việc chưa hợp lệ", [FieldError("periods", p) for p in problems])
    return tuple(periods)


def period_problems(periods: Sequence[Period]) -> list[str]:
    """Ordered, non-empty, not overlapping, at most MAX_PERIODS, 8 hours in all."""
    problems: list[str] = []
    if len(periods) > MAX_PERIODS:
        problems.append(f"Tối đa {MAX_PERIODS} khoảng giờ làm việc trong một ngày")
    for number, (start, end) in enumerate(periods, start=1):
        if end <= start:
            problems.append(
                f"Khoảng thứ {number} ({_span((start, end))}): giờ kết thúc phải sau giờ bắt đầu"
            )
        elif number > 1 and start < periods[number - 2][1]:
            problems.append(
                f"Khoảng thứ {number} ({_span((start, end))}) phải bắt đầu từ "
                f"{periods[number - 2][1]:%H:%M}, khi khoảng thứ {number - 1} kết thúc: "
                "các khoảng xếp theo thứ tự trong ngày và không chồng lên nhau"
            )
    if not problems and _total(periods) != DAY_LENGTH:
        total = _total(periods)
        hours, minutes = divmod(total // dt.timedelta(minutes=1), 60)
        problems.append(
            "Tổng thời gian làm việc trong ngày phải đúng 8 giờ (đang là "
            f"{hours} giờ {minutes:02d} phút), vì thời hạn giải quyết tính 8 giờ làm việc "
            "cho một ngày làm việc"
        )
    return problems


def format_periods(periods: Sequence[Period]) -> str:
    """Periods as stored and shown: "07:30-11:30, 13:00-17:00"."""
    return ", ".join(_span(p) for p in periods)


def _times(match: re.Match[str]) -> Period | None:
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if max(h1, h2) > 23 or max(m1, m2) > 59:
        return None
    return dt.time(h1, m1), dt.time(h2, m2)


def _span(period: Period) -> str:
    return f"{period[0]:%H:%M}-{period[1]:%H:%M}"


def _total(periods: Sequence[Period]) -> dt.timedelta:
    day = dt.date(2000, 1, 1)
    return sum(
        (dt.datetime.combine(day, end) - dt.datetime.combine(day, start) for start, end in periods),
        dt.timedelta(0),
    )
