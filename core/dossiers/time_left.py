"""How much working time a dossier has left, as the officers' queue and dossier page show it.

The legal clock (`core.calendar.dossier_clock`) keeps the legal due instant even after a once-only
extension (form 04), so that a dossier finished within its extension is still counted late. An
officer, though, works towards the date promised in the apology letter: once extended, the time
left is the working time until that new date. Everything else is the clock's own reading.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.calendar.dossier_clock import ClockReading, ClockState, Verdict
from core.calendar.wording import vi_instant, vi_working_time
from core.calendar.working import WorkingCalendar


@dataclasses.dataclass(frozen=True, slots=True)
class TimeLeft:
    """One dossier's deadline at one instant, from the officer's side."""

    state: ClockState  # running | paused | finished
    due: dt.datetime | None  # the extended due when extended, else the legal due
    legal_due: dt.datetime | None  # None while paused before the allowance ran out
    left: dt.timedelta  # working time until `due`; negative once past it (frozen while paused)
    verdict: Verdict  # in_time | overdue while open; early | on_time | late once finished
    extended: bool
    day_length: dt.timedelta
    at: dt.datetime  # the instant read

    @property
    def overdue(self) -> bool:
        """Past the due instant: working time is over, or the dossier was due at the close of
        a working day that has ended (no working time is over yet after 17:00 on the due day)."""
        if self.state == "finished":
            return False
        past_due = self.state == "running" and self.due is not None and self.due < self.at
        return self.left < dt.timedelta(0) or past_due

    @property
    def due_text(self) -> str:
        return vi_instant(self.due) if self.due is not None else ""

    @property
    def left_text(self) -> str:
        """The size of `left` in working days, hours and minutes (the caller says left or late)."""
        return vi_working_time(self.left, self.day_length)


def time_left(calendar: WorkingCalendar, reading: ClockReading) -> TimeLeft:
    """The reading seen against the extended date when there is one."""
    extended = reading.extended_due is not None
    left, verdict = reading.left, reading.verdict
    if reading.extended_due is not None and reading.state != "finished":
        left = calendar.working_time_between(reading.at, reading.extended_due)
        verdict = "overdue" if left < dt.timedelta(0) else "in_time"
    return TimeLeft(
        state=reading.state,
        due=reading.extended_due or reading.due,
        legal_due=reading.due,
        left=left,
        verdict=verdict,
        extended=extended,
        day_length=calendar.day_length,
        at=reading.at,
    )
