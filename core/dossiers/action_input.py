"""The officer's typed input to a workflow action, checked: the note, a list of items (papers
missing, reasons for refusing), the new date of an extension. Each problem is InvalidInput naming
its field, so the page and the API can point at it."""

from __future__ import annotations

import datetime as dt

from core.calendar.working import WorkingCalendar
from core.errors import InvalidInput

MAX_NOTE = 2000
MAX_ITEMS = 30


def note_of(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_NOTE:
        raise InvalidInput.one("note", f"Ghi chú tối đa {MAX_NOTE} ký tự")
    return text


def items_of(items: tuple[str, ...] | list[str], field: str, empty: str) -> list[str]:
    cleaned = [i.strip()[:500] for i in items if isinstance(i, str) and i.strip()]
    if not cleaned:
        raise InvalidInput.one(field, empty)
    if len(cleaned) > MAX_ITEMS:
        raise InvalidInput.one(field, f"Tối đa {MAX_ITEMS} mục")
    return cleaned


def new_due_of(calendar: WorkingCalendar, text: str, now: dt.datetime) -> dt.datetime:
    """The new date of form 04: a working day after today, due at the end of that day."""
    try:
        day = dt.datetime.strptime((text or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        raise InvalidInput.one("new_due", "Nhập ngày hẹn mới dạng dd/mm/yyyy") from None
    today = now.astimezone(calendar.tz).date()
    if day <= today or not calendar.is_working_day(day):
        raise InvalidInput.one("new_due", "Ngày hẹn mới phải là một ngày làm việc sau hôm nay")
    return dt.datetime.combine(day, calendar.periods[-1][1], tzinfo=calendar.tz)
