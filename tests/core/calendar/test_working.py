"""WorkingCalendar: the counting rules of DOMAIN.md on concrete 2026 dates (no database)."""

import datetime as dt
import functools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar.national import national_days
from core.calendar.working import WorkingCalendar
from core.clock import VIETNAM

PLAIN = WorkingCalendar()  # Monday–Friday, no holidays
CUTOFF = dt.time(15, 0)


def at(day: int, month: int, hour: int, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


@functools.cache
def national_calendar() -> WorkingCalendar:
    """The national calendar of the `holidays` package, without overrides."""
    national = national_days()
    return WorkingCalendar(days_off=national.days_off, working_days=national.working_days)


@pytest.fixture
def vn() -> WorkingCalendar:
    return national_calendar()


def test_friday_afternoon_runs_into_monday() -> None:
    """Friday 9 Jan 16:00 + 4 h: 1 h on Friday, 3 h from Monday 07:30 → Monday 10:30."""
    assert PLAIN.add_hours(at(9, 1, 16), 4) == at(12, 1, 10, 30)


def test_saturday_start_moves_to_monday_morning() -> None:
    """Saturday 10 Jan 10:00 starts Monday 12 Jan 07:30 (rule 2)."""
    assert PLAIN.next_start(at(10, 1, 10)) == at(12, 1, 7, 30)


def test_lunch_start_moves_to_afternoon() -> None:
    """12:00 starts at 13:00, so + 2 h is 15:00 (rule 2)."""
    assert PLAIN.add_hours(at(7, 1, 12), 2) == at(7, 1, 15)


def test_start_at_five_moves_to_next_morning() -> None:
    """Thursday 17:00 starts Friday 07:30 (rule 2)."""
    assert PLAIN.next_start(at(8, 1, 17)) == at(9, 1, 7, 30)


def test_start_before_opening_moves_to_opening() -> None:
    """06:00 on a working day starts at 07:30 the same day."""
    assert PLAIN.next_start(at(7, 1, 6)) == at(7, 1, 7, 30)


def test_start_inside_a_period_stays() -> None:
    """A start inside a working period is its own start."""
    assert PLAIN.next_start(at(7, 1, 9, 17)) == at(7, 1, 9, 17)


def test_after_cutoff_counts_from_next_working_day() -> None:
    """Tuesday 15:30 with a 15:00 cut-off starts Wednesday 07:30 (rule 3)."""
    assert PLAIN.next_start(at(6, 1, 15, 30), CUTOFF) == at(7, 1, 7, 30)


def test_cutoff_itself_is_still_today() -> None:
    """Received at 15:00 sharp is not after a 15:00 cut-off."""
    assert PLAIN.next_start(at(6, 1, 15), CUTOFF) == at(6, 1, 15)


def test_same_day_procedure_after_cutoff_is_due_next_evening() -> None:
    """Friday 16:00 with a cut-off and 8 h is due Monday 17:00, not Tuesday."""
    assert PLAIN.add_hours(at(9, 1, 16), 8, CUTOFF) == at(12, 1, 17)


def test_cutoff_on_a_weekend_changes_nothing() -> None:
    """Saturday 16:00 with a cut-off starts Monday 07:30 as without one."""
    assert PLAIN.next_start(at(10, 1, 16), CUTOFF) == at(12, 1, 7, 30)


def test_ending_at_lunch_gives_eleven_thirty() -> None:
    """07:30 + 4 h is 11:30, not 13:00 (rule 4)."""
    assert PLAIN.add_hours(at(12, 1, 7, 30), 4) == at(12, 1, 11, 30)


def test_ending_at_close_gives_five() -> None:
    """07:30 + 8 h is 17:00 that day, not 07:30 the next (rule 4)."""
    assert PLAIN.add_hours(at(12, 1, 7, 30), 8) == at(12, 1, 17)


def test_zero_hours_is_next_start() -> None:
    """0 hours from Saturday is Monday 07:30."""
    assert PLAIN.add_hours(at(10, 1, 10), 0) == at(12, 1, 7, 30)


def test_working_days_are_eight_hours() -> None:
    """5 working days (40 h) from Monday 07:30 end Friday 17:00."""
    assert PLAIN.add_hours(at(12, 1, 7, 30), 40) == at(16, 1, 17)


def test_new_year_is_a_day_off(vn: WorkingCalendar) -> None:
    """Wednesday 31 Dec 2025 16:00 + 2 h skips Thursday 1 Jan 2026 → Friday 08:30."""
    assert vn.add_hours(at(31, 12, 16, year=2025), 2) == at(2, 1, 8, 30)


def test_tet_2026_is_five_days_off(vn: WorkingCalendar) -> None:
    """Tết 2026 (16–20 Feb): Friday 13 Feb 16:00 + 2 h is Monday 23 Feb 08:30."""
    assert [vn.is_working_day(dt.date(2026, 2, d)) for d in range(16, 21)] == [False] * 5
    assert vn.add_hours(at(13, 2, 16), 2) == at(23, 2, 8, 30)


def test_national_day_2026_with_swap(vn: WorkingCalendar) -> None:
    """31 Aug (swapped), 1 and 2 Sept are off: Friday 28 Aug 16:00 + 2 h is Thursday 08:30."""
    assert vn.add_hours(at(28, 8, 16), 2) == at(3, 9, 8, 30)


def test_make_up_saturday_2026_is_worked(vn: WorkingCalendar) -> None:
    """Saturday 22 Aug 2026 is worked in exchange for 31 Aug: Friday 16:00 + 2 h → Sat 08:30."""
    assert vn.add_hours(at(21, 8, 16), 2) == at(22, 8, 8, 30)


def test_observed_hung_kings_day(vn: WorkingCalendar) -> None:
    """Giỗ Tổ falls on Sunday 26 Apr 2026; Monday 27 Apr is off in its place."""
    assert not vn.is_working_day(dt.date(2026, 4, 27))
    assert vn.add_hours(at(24, 4, 16), 2) == at(28, 4, 8, 30)


def test_extra_day_off_is_skipped() -> None:
    """A day off given to the calendar is not worked: Wed 16:00 + 2 h → Friday 08:30."""
    calendar = WorkingCalendar(days_off={dt.date(2026, 3, 5)})
    assert calendar.add_hours(at(4, 3, 16), 2) == at(6, 3, 8, 30)


def test_make_up_day_is_worked() -> None:
    """A make-up Saturday is worked: Friday 6 Mar 16:00 + 2 h → Saturday 7 Mar 08:30."""
    calendar = WorkingCalendar(working_days={dt.date(2026, 3, 7)})
    assert calendar.add_hours(at(6, 3, 16), 2) == at(7, 3, 8, 30)


def test_custom_periods() -> None:
    """A unit's own periods are used: 08:00–12:00 and 13:30–17:30."""
    calendar = WorkingCalendar(
        periods=[(dt.time(8), dt.time(12)), (dt.time(13, 30), dt.time(17, 30))]
    )
    assert calendar.add_hours(at(12, 1, 7, 30), 5) == at(12, 1, 14, 30)


def test_other_offsets_are_converted() -> None:
    """A UTC start is read in Vietnam time, and the answer is in Vietnam time."""
    start = dt.datetime(2026, 1, 9, 9, tzinfo=dt.UTC)  # Friday 16:00 in Hà Nội
    due = PLAIN.add_hours(start, 4)
    assert due == at(12, 1, 10, 30) and due.utcoffset() == dt.timedelta(hours=7)


def test_naive_datetimes_are_refused() -> None:
    """A datetime without a zone is a ValueError, everywhere."""
    naive = dt.datetime(2026, 1, 9, 16)
    with pytest.raises(ValueError, match="time zone"):
        PLAIN.add_hours(naive, 1)
    with pytest.raises(ValueError, match="time zone"):
        PLAIN.working_seconds_between(naive, at(9, 1, 17))


@pytest.mark.parametrize("hours", [-1, float("nan"), float("inf")])
def test_bad_hours_are_refused(hours: float) -> None:
    """Negative or non-finite hours are a ValueError."""
    with pytest.raises(ValueError, match="hours"):
        PLAIN.add_hours(at(9, 1, 16), hours)


def test_a_day_both_off_and_working_is_refused() -> None:
    """The same date as a day off and a working day is a contradiction."""
    day = dt.date(2026, 3, 7)
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar(days_off={day}, working_days={day})


def test_overlapping_periods_are_refused() -> None:
    """Periods must be in order and must not overlap."""
    with pytest.raises(ValueError, match="overlaps"):
        WorkingCalendar(periods=[(dt.time(8), dt.time(12)), (dt.time(11), dt.time(16))])


def test_working_seconds_over_a_weekend() -> None:
    """Friday 16:00 to Monday 10:30 is 4 working hours, and the reverse is −4 h."""
    assert PLAIN.working_seconds_between(at(9, 1, 16), at(12, 1, 10, 30)) == 4 * 3600
    assert PLAIN.working_seconds_between(at(12, 1, 10, 30), at(9, 1, 16)) == -4 * 3600


def test_working_seconds_ignore_lunch_and_nights() -> None:
    """11:00 to 13:30 counts 30 + 30 minutes."""
    assert PLAIN.working_seconds_between(at(7, 1, 11), at(7, 1, 13, 30)) == 3600


def test_two_year_allowance_is_fast(vn: WorkingCalendar) -> None:
    """The largest allowance (5,840 h) is computed in well under a second, and adds up."""
    began = time.perf_counter()
    due = vn.add_hours(at(5, 1, 7, 30), 5840)
    assert time.perf_counter() - began < 0.5
    assert vn.working_seconds_between(at(5, 1, 7, 30), due) == 5840 * 3600


WORKING_MINUTES = [*range(7 * 60 + 30, 11 * 60 + 30), *range(13 * 60, 17 * 60)]


@st.composite
def working_instants(draw: st.DrawFn) -> dt.datetime:
    """An instant inside a working period of a 2026 working day (national calendar)."""
    working_day = national_calendar().is_working_day
    day = draw(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)).filter(working_day))
    minute = draw(st.sampled_from(WORKING_MINUTES))
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=VIETNAM)


@settings(database=None, deadline=None, max_examples=150)
@given(start=working_instants(), a=st.integers(0, 400), b=st.integers(1, 400))
def test_adding_hours_is_associative(start: dt.datetime, a: int, b: int) -> None:
    """add_hours(s, a + b) == add_hours(add_hours(s, a), b) for starts in working time."""
    vn = national_calendar()
    assert vn.add_hours(start, a + b) == vn.add_hours(vn.add_hours(start, a), b)


@settings(database=None, deadline=None, max_examples=150)
@given(start=working_instants(), hours=st.integers(0, 2000))
def test_working_seconds_measure_added_hours(start: dt.datetime, hours: int) -> None:
    """working_seconds_between(s, add_hours(s, h)) == h·3600."""
    vn = national_calendar()
    assert vn.working_seconds_between(start, vn.add_hours(start, hours)) == hours * 3600
