"""Properties of the dossier clock over random receipts, allowances, cut-offs and pauses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar.dossier_clock import DossierClock, Pause
from core.calendar.national import national_days
from core.calendar.working import WorkingCalendar
from core.clock import VIETNAM

FAR_AHEAD = dt.timedelta(days=3 * 365)
EXAMPLES = settings(database=None, deadline=None, max_examples=200)


@functools.cache
def calendars() -> tuple[WorkingCalendar, ...]:
    """The national calendar with the default periods, with a unit's own periods, and with
    overrides (a swapped Monday off, two make-up Saturdays)."""
    national = national_days()
    off, working = set(national.days_off), set(national.working_days)
    swapped = off | {dt.date(2026, 3, 2)}
    make_up = working | {dt.date(2026, 3, 7), dt.date(2027, 1, 9)}
    own = ((dt.time(7), dt.time(11)), (dt.time(13, 30), dt.time(17, 30)))
    return (
        WorkingCalendar(days_off=off, working_days=working),
        WorkingCalendar(days_off=off, working_days=working, periods=own),
        WorkingCalendar(days_off=swapped, working_days=make_up),
    )


def minute_instants(first: dt.datetime, last: dt.datetime) -> st.SearchStrategy[dt.datetime]:
    """Any minute from `first` to `last`, in Việt Nam time: nights, weekends, Tết included."""
    minutes = int((last - first) / dt.timedelta(minutes=1))
    return st.integers(0, minutes).map(lambda m: first + dt.timedelta(minutes=m))


STARTS = minute_instants(
    dt.datetime(2025, 12, 20, tzinfo=VIETNAM), dt.datetime(2027, 10, 31, tzinfo=VIETNAM)
)


@st.composite
def pauses_after(draw: st.DrawFn, start: dt.datetime) -> tuple[Pause, ...]:
    """Up to three closed pauses after `start`, in order, not overlapping."""
    pauses: list[Pause] = []
    cursor = start
    for _ in range(draw(st.integers(0, 3))):
        begin = cursor + dt.timedelta(minutes=draw(st.integers(0, 10 * 24 * 60)))
        end = begin + dt.timedelta(minutes=draw(st.integers(0, 20 * 24 * 60)))
        pauses.append(Pause(draw(st.sampled_from(("supplement", "fee"))), begin, end))
        cursor = end
    return tuple(pauses)


@st.composite
def clocks(draw: st.DrawFn) -> DossierClock:
    """A clock on one of the calendars: any receipt, 0–300 h (to the minute), maybe a cut-off."""
    start = draw(STARTS)
    return DossierClock(
        calendar=draw(st.sampled_from(calendars())),
        start=start,
        allowance_hours=draw(st.integers(0, 300 * 60)) / 60,
        cutoff=draw(st.sampled_from((None, dt.time(15), dt.time(11)))),
        pauses=draw(pauses_after(start)),
    )


def final_due(clock: DossierClock) -> dt.datetime:
    last = clock.pauses[-1].end if clock.pauses and clock.pauses[-1].end else clock.start
    due = clock.read(last + FAR_AHEAD).due
    assert due is not None  # every pause is closed
    return due


@st.composite
def clocks_read_later(draw: st.DrawFn) -> tuple[DossierClock, dt.datetime]:
    """A clock and an instant from its receipt to a week after its due instant."""
    clock = draw(clocks())
    window = (final_due(clock) + dt.timedelta(days=7) - clock.start) / dt.timedelta(minutes=1)
    share = draw(st.integers(0, 1000)) / 1000
    return clock, clock.start + dt.timedelta(minutes=int(window * share))


@EXAMPLES
@given(clock=clocks(), data=st.data())
def test_adding_a_pause_never_makes_a_dossier_due_earlier(
    clock: DossierClock, data: st.DataObject
) -> None:
    """Dropping any one pause (or all of them) never gives a later due instant."""
    due = final_due(clock)
    assert final_due(dataclasses.replace(clock, pauses=())) <= due
    if clock.pauses:
        index = data.draw(st.integers(0, len(clock.pauses) - 1))
        fewer = clock.pauses[:index] + clock.pauses[index + 1 :]
        assert final_due(dataclasses.replace(clock, pauses=fewer)) <= due


@EXAMPLES
@given(clock=clocks())
def test_due_instants_fall_inside_working_periods_of_working_days(clock: DossierClock) -> None:
    """The due instant is on a working day, within one of its working periods (ends included)."""
    due = final_due(clock).astimezone(VIETNAM)
    assert clock.calendar.is_working_day(due.date())
    assert any(start <= due.time() <= end for start, end in clock.calendar.periods)


@EXAMPLES
@given(case=clocks_read_later())
def test_used_and_left_add_up_to_the_allowance_while_running(
    case: tuple[DossierClock, dt.datetime],
) -> None:
    """Running: used + left = allowance, and in time the left part is the working time to due."""
    clock, at = case
    reading = clock.read(at)
    if reading.state != "running":
        return
    assert reading.used + reading.left == reading.allowance
    started = reading.periods[-1].start <= at  # not in the gap before a resumption
    if reading.verdict == "in_time" and started:
        assert reading.due is not None
        assert clock.calendar.working_time_between(at, reading.due) == reading.left
    if reading.verdict == "overdue":
        assert reading.due is not None and reading.due < at and reading.left < dt.timedelta(0)


@EXAMPLES
@given(case=clocks_read_later(), later=st.integers(0, 30 * 24 * 60))
def test_time_used_never_decreases_nor_exceeds_elapsed_working_time(
    case: tuple[DossierClock, dt.datetime], later: int
) -> None:
    """Read later, a clock has used at least as much, and never more than the working time."""
    clock, early = case
    late = early + dt.timedelta(minutes=later)
    used_early, used_late = clock.read(early).used, clock.read(late).used
    assert used_early <= used_late
    assert used_late <= max(dt.timedelta(0), clock.calendar.working_time_between(clock.start, late))
