"""DueQuery: a deadline request as text (a URL's query, a form), checked all at once.

Every edge receives `start`, `hours`, `unit` and `cutoff` as strings; parsing them here gives the
JSON API and the web pages the same rules and the same messages, naming each wrong field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from core.calendar.service import MAX_HOURS
from core.errors import FieldError, InvalidInput

MAX_UNIT_LENGTH = 64
_WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")
_CUTOFF = re.compile(r"([0-9]{2}):([0-9]{2})")
# In a URL query an unencoded "+" arrives as a space: "…T16:00:00 07:00" meant "+07:00".
_SPACE_FOR_PLUS = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


@dataclasses.dataclass(frozen=True, slots=True)
class DueQuery:
    start: dt.datetime
    hours: int
    unit: str | None = None
    cutoff: dt.time | None = None

    @classmethod
    def parse(
        cls,
        *,
        start: str | None,
        hours: str | None,
        unit: str | None = None,
        cutoff: str | None = None,
    ) -> DueQuery:
        errors: list[FieldError] = []
        when = _start(start, errors)
        count = _hours(hours, errors)
        until = _cutoff(cutoff, errors)
        unit = (unit or "").strip() or None
        if unit is not None and len(unit) > MAX_UNIT_LENGTH:
            errors.append(FieldError("unit", f"at most {MAX_UNIT_LENGTH} characters"))
        if errors or when is None or count is None:
            raise InvalidInput("the deadline request is not valid", errors)
        return cls(start=when, hours=count, unit=unit, cutoff=until)


def _start(text: str | None, errors: list[FieldError]) -> dt.datetime | None:
    text = _SPACE_FOR_PLUS.sub(r"\1+\2", (text or "").strip())
    if not text:
        errors.append(
            FieldError("start", "required: an ISO 8601 instant, e.g. 2026-01-09T16:00+07:00")
        )
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        errors.append(FieldError("start", "not an ISO 8601 instant, e.g. 2026-01-09T16:00+07:00"))
        return None
    if when.tzinfo is None:
        errors.append(FieldError("start", "give a time zone offset, e.g. +07:00"))
        return None
    return when


def _hours(text: str | None, errors: list[FieldError]) -> int | None:
    text = (text or "").strip()
    if not _WHOLE_NUMBER.fullmatch(text) or int(text) > MAX_HOURS:
        errors.append(FieldError("hours", f"a whole number of working hours from 0 to {MAX_HOURS}"))
        return None
    return int(text)


def _cutoff(text: str | None, errors: list[FieldError]) -> dt.time | None:
    text = (text or "").strip()
    if not text:
        return None
    match = _CUTOFF.fullmatch(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        errors.append(FieldError("cutoff", "a time of day as HH:MM, e.g. 15:00"))
        return None
    return dt.time(int(match[1]), int(match[2]))
