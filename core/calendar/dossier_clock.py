"""DossierClock: a dossier's legal deadline as running, paused and extended periods (DOMAIN.md).

The clock starts at the first working instant after receipt of a complete dossier, with the
procedure's cut-off (rules 2–3), and spends the allowance in working time (rule 4). Waiting for
the citizen — a supplement (form 02) or a fee — pauses it: a pause adds nothing to the time used,
and the rest of the allowance continues from the end of the pause under rules 2–4 (rule 5), the
cut-off included. A late dossier may be extended once (form 04) to a new due instant; the
extension is kept next to the legal due instant, never in its place, so a dossier finished within
its extension is still late ("counted as an extension, not as a new deadline").

Every answer is derived from what was known at the instant asked about (`read(at)`), so the
dossier page, the queue and the statistics agree at any past or present instant. Verdicts:

- finished: late (quá hạn) when more working time was used than allowed; early (trước hạn) when
  finished on a day before the day it was due; otherwise on time (đúng hạn);
- not finished: overdue (quá hạn, đang giải quyết) or in time (trong hạn).

Pure: no I/O. Plain-Vietnamese explanations are in core.calendar.clock_story.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from typing import Literal

from core.calendar.working import WorkingCalendar

PauseKind = Literal["supplement", "fee"]
PeriodKind = Literal["running", "paused", "extended"]
ClockState = Literal["running", "paused", "finished"]
Verdict = Literal["early", "on_time", "late", "in_time", "overdue"]
PAUSE_KINDS: tuple[PauseKind, ...] = ("supplement", "fee")
VERDICT_NAMES: dict[Verdict, str] = {
    "early": "Trước hạn",
    "on_time": "Đúng hạn",
    "late": "Quá hạn",
    "in_time": "Trong hạn",
    "overdue": "Quá hạn (đang giải quyết)",
}
_NOTHING = dt.timedelta(0)


@dataclasses.dataclass(frozen=True, slots=True)
class Pause:
    """Waiting for the citizen: a supplement or a fee; `end` is None while still waiting."""

    kind: PauseKind
    start: dt.datetime
    end: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.kind not in PAUSE_KINDS:
            raise ValueError(f"a pause is one of {PAUSE_KINDS} (got {self.kind!r})")
        _aware(self.start, self.end)
        if self.end is not None and self.end < self.start:
            raise ValueError("a pause cannot end before it starts")


@dataclasses.dataclass(frozen=True, slots=True)
class Extension:
    """The once-only extension (form 04): granted at `granted_at`, results promised by `due`."""

    granted_at: dt.datetime
    due: dt.datetime

    def __post_init__(self) -> None:
        _aware(self.granted_at, self.due)
        if self.due <= self.granted_at:
            raise ValueError("an extension promises a due instant after it is granted")


@dataclasses.dataclass(frozen=True, slots=True)
class ClockPeriod:
    """One stretch of the timeline; `end` None means still going at the instant read."""

    kind: PeriodKind
    start: dt.datetime
    end: dt.datetime | None
    working: dt.timedelta  # working time inside the stretch (counted only when not paused)
    pause_kind: PauseKind | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ClockReading:
    """The clock at one instant. `due` is None while paused before the allowance ran out."""

    at: dt.datetime
    state: ClockState
    allowance: dt.timedelta
    used: dt.timedelta
    due: dt.datetime | None
    extended_due: dt.datetime | None
    verdict: Verdict
    periods: tuple[ClockPeriod, ...]

    @property
    def left(self) -> dt.timedelta:
        """Working time left; negative once overdue (by that much)."""
        return self.allowance - self.used


@dataclasses.dataclass(frozen=True, slots=True)
class DossierClock:
    """A dossier's clock: receipt, allowance, cut-off, pauses in order, optional extension.

    `finished` is when the result was ready (the clock stops there). Only the last pause may
    be open, pauses may not overlap, and a finished clock has none open.
    """

    calendar: WorkingCalendar
    start: dt.datetime
    allowance_hours: float
    cutoff: dt.time | None = None
    pauses: tuple[Pause, ...] = ()
    extension: Extension | None = None
    finished: dt.datetime | None = None

    def __post_init__(self) -> None:
        _aware(self.start, self.finished)
        hours = self.allowance_hours
        if isinstance(hours, bool) or not math.isfinite(hours) or hours < 0:
            raise ValueError(f"the allowance is a finite number of hours ≥ 0 (got {hours!r})")
        _check_pauses(self.start, self.pauses, self.finished)
        if self.finished is not None and self.finished < self.start:
            raise ValueError("a dossier cannot finish before it is received")
        if self.extension is not None and self.extension.granted_at < self.start:
            raise ValueError("an extension cannot be granted before receipt")

    @property
    def allowance(self) -> dt.timedelta:
        return dt.timedelta(hours=self.allowance_hours)

    @property
    def counting_from(self) -> dt.datetime:
        """The first working instant counted (rules 2–3)."""
        return self.calendar.next_start(self.start, self.cutoff)

    def read(self, at: dt.datetime) -> ClockReading:
        """Due instant, time used and left, verdict and timeline as known at `at`."""
        _aware(at)
        done = self.finished is not None and self.finished <= at
        until = self.finished if done and self.finished is not None else at
        known = self.known_pauses(until)
        trace = _trace(self.calendar, self.counting_from, self.allowance, self.cutoff, known)
        extension = self.extension if self.extension and self.extension.granted_at <= at else None
        periods = _periods(self.calendar, trace, until, done=done, extended=extension is not None)
        used = sum((p.working for p in periods if p.kind != "paused"), _NOTHING)
        if done:
            state: ClockState = "finished"
        else:
            state = "paused" if known and known[-1].end is None else "running"
        verdict = judge(self.calendar, used, self.allowance, trace.due, until, done=done)
        return ClockReading(
            at=at,
            state=state,
            allowance=self.allowance,
            used=used,
            due=trace.due,
            extended_due=extension.due if extension else None,
            verdict=verdict,
            periods=periods,
        )

    def known_pauses(self, at: dt.datetime) -> tuple[Pause, ...]:
        """Pauses begun by `at`; one that ended later is still open at `at`."""
        known: list[Pause] = []
        for pause in self.pauses:
            if pause.start > at:
                break
            ended = pause.end is not None and pause.end <= at
            known.append(pause if ended else Pause(pause.kind, pause.start, None))
        return tuple(known)


@dataclasses.dataclass(frozen=True, slots=True)
class StepTime:
    """How long one holder kept the dossier against the step's allowance, in working time."""

    used: dt.timedelta
    allowance: dt.timedelta
    due: dt.datetime | None  # None while paused with time left
    verdict: Verdict

    @property
    def used_minutes(self) -> int:
        return self.used // dt.timedelta(minutes=1)

    @property
    def allowance_minutes(self) -> int:
        return self.allowance // dt.timedelta(minutes=1)


def step_time(
    calendar: WorkingCalendar,
    start: dt.datetime,
    end: dt.datetime,
    allowance_hours: float,
    *,
    pauses: Sequence[Pause] = (),
    done: bool = True,
) -> StepTime:
    """A step held from `start` to `end` (or still held at `end` when not `done`).

    The step is a small clock of its own, without a cut-off: the pauses of the dossier that fall
    inside it (waiting for the citizen) are not the holder's time.
    """
    clock = DossierClock(
        calendar, start, allowance_hours, pauses=tuple(pauses), finished=end if done else None
    )
    reading = clock.read(end)
    return StepTime(reading.used, reading.allowance, reading.due, reading.verdict)


def same_day_hours(
    calendar: WorkingCalendar, received: dt.datetime, cutoff: dt.time | None
) -> float:
    """The allowance that makes a same-day dossier due at the end of the working day on which
    it counts as received (as core.dossiers.deadline dates it), in working hours."""
    start = calendar.next_start(received, cutoff)
    close = dt.datetime.combine(start.date(), calendar.periods[-1][1], tzinfo=start.tzinfo)
    return calendar.working_time_between(start, close) / dt.timedelta(hours=1)


def judge(
    calendar: WorkingCalendar,
    used: dt.timedelta,
    allowance: dt.timedelta,
    due: dt.datetime | None,
    until: dt.datetime,
    *,
    done: bool,
) -> Verdict:
    """The verdict of a clock that used `used` of `allowance` by `until` (see the module doc)."""
    over = used > allowance
    if not done:
        return "overdue" if over else "in_time"
    if over:
        return "late"
    if due is not None and _local_day(calendar, until) < _local_day(calendar, due):
        return "early"
    return "on_time"


@dataclasses.dataclass(frozen=True, slots=True)
class _Run:
    start: dt.datetime  # a working instant (rules 2–3)
    end: dt.datetime | None  # when a pause began; None: still running


@dataclasses.dataclass(frozen=True, slots=True)
class _Stop:
    pause: Pause
    lost: dt.timedelta  # working time the clock did not count because of this pause


@dataclasses.dataclass(frozen=True, slots=True)
class _Trace:
    parts: tuple[_Run | _Stop, ...]  # in time order
    due: dt.datetime | None


def _trace(
    calendar: WorkingCalendar,
    counting_from: dt.datetime,
    allowance: dt.timedelta,
    cutoff: dt.time | None,
    pauses: Sequence[Pause],
) -> _Trace:
    """Spend the allowance through the running stretches between pauses (rules 4–5)."""
    cursor: dt.datetime | None = counting_from
    remaining, due = allowance, None
    parts: list[_Run | _Stop] = []
    for pause in pauses:
        assert cursor is not None  # only the last pause may be open (checked on construction)
        if pause.start > cursor:
            parts.append(_Run(cursor, pause.start))
            spent = calendar.working_time_between(cursor, pause.start)
            if due is None and spent >= remaining:
                due = calendar.add_time(cursor, remaining)
            remaining -= spent
        if pause.end is None:
            parts.append(_Stop(pause, _NOTHING))
            cursor = None
            break
        resume = max(cursor, calendar.next_start(pause.end, cutoff))
        parts.append(_Stop(pause, calendar.working_time_between(max(cursor, pause.start), resume)))
        cursor = resume
    if cursor is not None:
        parts.append(_Run(cursor, None))
        if due is None:
            due = calendar.add_time(cursor, remaining)
    return _Trace(tuple(parts), due)


def _periods(
    calendar: WorkingCalendar,
    trace: _Trace,
    until: dt.datetime,
    *,
    done: bool,
    extended: bool,
) -> tuple[ClockPeriod, ...]:
    """The timeline in order; running time after the legal due is "extended" once extended."""
    periods: list[ClockPeriod] = []
    for part in trace.parts:
        if isinstance(part, _Stop):
            pause = part.pause
            periods.append(ClockPeriod("paused", pause.start, pause.end, part.lost, pause.kind))
            continue
        finish = part.end if part.end is not None else max(part.start, until)
        for a, b, kind in _running_parts(part.start, finish, trace.due if extended else None):
            still_open = part.end is None and b == finish and not done
            working = calendar.working_time_between(a, b)
            periods.append(ClockPeriod(kind, a, None if still_open else b, working))
    return tuple(periods)


def _running_parts(
    begin: dt.datetime, finish: dt.datetime, extended_after: dt.datetime | None
) -> list[tuple[dt.datetime, dt.datetime, PeriodKind]]:
    if extended_after is None or finish <= extended_after:
        return [(begin, finish, "running")]
    if begin >= extended_after:
        return [(begin, finish, "extended")]
    return [(begin, extended_after, "running"), (extended_after, finish, "extended")]


def _check_pauses(
    start: dt.datetime, pauses: Sequence[Pause], finished: dt.datetime | None
) -> None:
    previous_end: dt.datetime | None = start
    for pause in pauses:
        if previous_end is None:
            raise ValueError("only the last pause may still be open")
        if pause.start < previous_end:
            raise ValueError("pauses start after receipt, in order, without overlapping")
        previous_end = pause.end
    if finished is not None and pauses and (previous_end is None or previous_end > finished):
        raise ValueError("a finished dossier has no pause open or ending after it finished")


def _aware(*instants: dt.datetime | None) -> None:
    for instant in instants:
        if instant is not None and (instant.tzinfo is None or instant.utcoffset() is None):
            raise ValueError(f"{instant.isoformat()} has no time zone; the clock needs one")


def _local_day(calendar: WorkingCalendar, instant: dt.datetime) -> dt.date:
    return instant.astimezone(calendar.tz).date()
