"""The due date a dossier is given at receipt, from its procedure's allowance (DOMAIN.md).

- an allowance in working hours: that many working hours after receipt, with the procedure's
  cut-off if it has one (rules 2–4 of the counting rules);
- a same-day procedure: the end of the working day on which it counts as received, so one filed
  after the cut-off (e.g. 15:00) is due at the end of the next working day;
- no published allowance: no due date (shown as "not set", never invented).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from core.calendar.working import WorkingCalendar
from core.catalog.model import Procedure


class DueDates(Protocol):
    async def calendar(self) -> WorkingCalendar: ...


def _cutoff(procedure: Procedure) -> dt.time | None:
    return dt.time.fromisoformat(procedure.cutoff) if procedure.cutoff else None


async def due_at(
    calendars: DueDates, procedure: Procedure, received_at: dt.datetime
) -> dt.datetime | None:
    calendar = await calendars.calendar()
    cutoff = _cutoff(procedure)
    if procedure.same_day:
        start = calendar.next_start(received_at, cutoff)
        return dt.datetime.combine(start.date(), calendar.periods[-1][1], tzinfo=start.tzinfo)
    if procedure.processing_hours is None:
        return None
    return calendar.add_hours(received_at, procedure.processing_hours, cutoff)
