"""DossierClock: readings at an instant, verdicts, the extension, explanations, step times."""

from __future__ import annotations

import datetime as dt

import pytest

from core.calendar.clock_story import explain
from core.calendar.dossier_clock import (
    DossierClock,
    Extension,
    Pause,
    same_day_hours,
    step_time,
)
from core.calendar.working import WorkingCalendar
from core.clock import VIETNAM
from tests.core.calendar.test_working import national_calendar

PLAIN = WorkingCalendar()  # Monday–Friday, no holidays
HOUR = dt.timedelta(hours=1)


def at(day: int, month: int, hour: int, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def two_days(**kwargs: object) -> DossierClock:
    """Received Monday 5 Jan 2026 07:30 with 16 working hours: due Tuesday 6 Jan 17:00."""
    return DossierClock(PLAIN, at(5, 1, 7, 30), 16, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("finished", "verdict"),
    [
        (at(5, 1, 16), "early"),  # done the day before the due day
        (at(6, 1, 16, 59), "on_time"),  # done on the due day
        (at(6, 1, 17), "on_time"),  # done at the due instant itself
        (at(6, 1, 18, 30), "on_time"),  # after hours on the due day: no working time passed
        (at(7, 1, 7, 31), "late"),  # one working minute over
    ],
)
def test_verdict_of_a_finished_dossier(finished: dt.datetime, verdict: str) -> None:
    """Early before the due day, on time on it, late once more working time was used."""
    reading = two_days(finished=finished).read(at(9, 1, 12))
    assert (reading.state, reading.verdict) == ("finished", verdict)


def test_running_reading_in_time() -> None:
    """Tuesday 12:00: 12 h used (8 + 4), 4 h left, due Tuesday 17:00, in time."""
    reading = two_days().read(at(6, 1, 12))
    assert (reading.state, reading.verdict, reading.due) == ("running", "in_time", at(6, 1, 17))
    assert (reading.used, reading.left) == (12 * HOUR, 4 * HOUR)


def test_running_reading_overdue() -> None:
    """Wednesday 08:00: 30 min over, shown as a negative time left."""
    reading = two_days().read(at(7, 1, 8))
    assert reading.verdict == "overdue" and reading.left == -dt.timedelta(minutes=30)


def test_open_pause_freezes_the_clock_and_hides_the_due() -> None:
    """While waiting for the citizen the time used stays, and the due instant is not known."""
    clock = two_days(pauses=(Pause("supplement", at(5, 1, 9, 30)),))
    monday, friday = clock.read(at(5, 1, 10)), clock.read(at(9, 1, 16))
    assert (monday.state, monday.due, monday.used) == ("paused", None, 2 * HOUR)
    assert (friday.state, friday.due, friday.used, friday.verdict) == (
        "paused",
        None,
        2 * HOUR,
        "in_time",
    )


def test_a_reading_knows_only_the_past() -> None:
    """Read before a pause began, the clock runs as if it never came; inside it, it is open."""
    clock = two_days(pauses=(Pause("fee", at(5, 1, 9, 30), at(7, 1, 9, 30)),))
    assert clock.read(at(5, 1, 9)).due == at(6, 1, 17)
    assert clock.read(at(6, 1, 9)).state == "paused"
    assert clock.read(at(7, 1, 10)).due == at(8, 1, 17)  # 14 h left from Wed 09:30


def test_extension_keeps_the_legal_due_and_the_verdict() -> None:
    """Extended to Friday, finished Thursday: due stays Monday 17:00, the verdict is late."""
    clock = DossierClock(
        PLAIN,
        at(5, 1, 7, 30),
        8,
        extension=Extension(at(5, 1, 16), at(9, 1, 17)),
        finished=at(8, 1, 10),
    )
    reading = clock.read(at(10, 1, 9))
    assert (reading.due, reading.extended_due, reading.verdict) == (
        at(5, 1, 17),
        at(9, 1, 17),
        "late",
    )
    assert reading.used == 26.5 * HOUR  # Mon 8, Tue 8, Wed 8, Thu 2.5
    kinds = [(p.kind, p.working) for p in reading.periods]
    assert kinds == [("running", 8 * HOUR), ("extended", 18.5 * HOUR)]


def test_extension_is_unknown_before_it_is_granted() -> None:
    """Read before the apology letter, there is no extended due instant."""
    clock = DossierClock(PLAIN, at(5, 1, 7, 30), 8, extension=Extension(at(6, 1, 9), at(9, 1, 17)))
    assert clock.read(at(6, 1, 8)).extended_due is None
    assert clock.read(at(6, 1, 10)).extended_due == at(9, 1, 17)


def test_periods_show_running_and_paused_stretches() -> None:
    """The timeline alternates running and paused stretches with their working time."""
    clock = two_days(pauses=(Pause("supplement", at(5, 1, 9, 30), at(7, 1, 9, 30)),))
    periods = clock.read(at(7, 1, 10)).periods
    assert [(p.kind, p.pause_kind, p.working) for p in periods] == [
        ("running", None, 2 * HOUR),
        ("paused", "supplement", 16 * HOUR),
        ("running", None, 0.5 * HOUR),
    ]
    assert periods[-1].end is None  # still running


def test_explanation_of_a_pause_across_tet() -> None:
    """The dossier page says, in Vietnamese, how long the clock stopped and why."""
    clock = DossierClock(
        national_calendar(),
        at(11, 2, 8),
        16,
        pauses=(Pause("supplement", at(12, 2, 9), at(24, 2, 9)),),
    )
    assert explain(clock, at(24, 2, 10)) == (
        "Tiếp nhận hồ sơ lúc Thứ Tư 11/02/2026 08:00; thời hạn tính từ lúc này.",
        "Thời hạn giải quyết: 2 ngày làm việc.",
        "Tạm dừng 3 ngày làm việc chờ công dân bổ sung hồ sơ "
        "(từ Thứ Năm 12/02/2026 09:00 đến Thứ Ba 24/02/2026 09:00).",
        "Hạn trả kết quả: Thứ Tư 25/02/2026 08:00.",
        "Đã dùng 1 ngày 2 giờ làm việc, còn 6 giờ làm việc.",
    )


def test_explanation_after_the_cutoff_and_while_waiting_for_a_fee() -> None:
    """A late receipt says why counting starts tomorrow; an open pause says time is kept."""
    clock = DossierClock(
        PLAIN, at(6, 1, 15, 30), 8, dt.time(15), pauses=(Pause("fee", at(7, 1, 9)),)
    )
    lines = explain(clock, at(7, 1, 10))
    assert lines[0] == (
        "Tiếp nhận hồ sơ lúc Thứ Ba 06/01/2026 15:30 (nhận sau 15:00 nên tính từ ngày làm việc "
        "tiếp theo); thời hạn tính từ Thứ Tư 07/01/2026 07:30."
    )
    assert lines[2] == (
        "Đang tạm dừng chờ công dân nộp phí, lệ phí từ Thứ Tư 07/01/2026 09:00; "
        "thời gian còn lại (6 giờ 30 phút làm việc) được giữ nguyên."
    )
    assert lines[3] == "Hạn trả kết quả: tính lại khi công dân đáp ứng yêu cầu."


def test_explanation_of_a_late_extended_dossier() -> None:
    """A finished late dossier names the extension and how late it was."""
    clock = DossierClock(
        PLAIN,
        at(5, 1, 7, 30),
        8,
        extension=Extension(at(5, 1, 16), at(9, 1, 17)),
        finished=at(6, 1, 10),
    )
    lines = explain(clock, at(9, 1, 9))
    assert lines[-2] == (
        "Đã gia hạn một lần (văn bản xin lỗi và hẹn lại ngày trả kết quả, mẫu 04) "
        "đến Thứ Sáu 09/01/2026 17:00."
    )
    assert lines[-1] == (
        "Có kết quả lúc Thứ Ba 06/01/2026 10:00: quá hạn 2 giờ 30 phút làm việc "
        "(đã dùng 1 ngày 2 giờ 30 phút làm việc)."
    )


def test_explanation_of_an_open_extended_dossier_counts_to_the_new_date() -> None:
    """Extended to Friday and read Wednesday 09:00: past the legal due, 2 days 6 h to the new."""
    clock = DossierClock(PLAIN, at(5, 1, 7, 30), 8, extension=Extension(at(5, 1, 16), at(9, 1, 17)))
    assert explain(clock, at(7, 1, 9))[-1] == (
        "Đã dùng 2 ngày 1 giờ 30 phút làm việc, quá hạn ban đầu 1 ngày 1 giờ 30 phút làm việc; "
        "còn 2 ngày 6 giờ 30 phút làm việc đến hạn gia hạn."
    )


def test_step_on_time() -> None:
    """4 h step held 07:30–11:00: 210 of 240 minutes, due 11:30 the same day, on time."""
    step = step_time(PLAIN, at(5, 1, 7, 30), at(5, 1, 11), 4)
    assert (step.used_minutes, step.allowance_minutes, step.due, step.verdict) == (
        210,
        240,
        at(5, 1, 11, 30),
        "on_time",
    )


def test_step_early() -> None:
    """16 h step finished the day it began (due Wednesday 08:00): early."""
    step = step_time(PLAIN, at(5, 1, 8), at(5, 1, 16), 16)
    assert (step.used_minutes, step.due, step.verdict) == (390, at(7, 1, 8), "early")


def test_step_late() -> None:
    """4 h step held 07:30–14:00: 300 minutes, late."""
    step = step_time(PLAIN, at(5, 1, 7, 30), at(5, 1, 14), 4)
    assert (step.used_minutes, step.verdict) == (300, "late")


def test_step_does_not_count_waiting_for_the_citizen() -> None:
    """A supplement pause inside the step is not the holder's time: 180 minutes, on time."""
    pause = Pause("supplement", at(5, 1, 9, 30), at(6, 1, 9))
    step = step_time(PLAIN, at(5, 1, 7, 30), at(6, 1, 10), 4, pauses=[pause])
    assert (step.used_minutes, step.due, step.verdict) == (180, at(6, 1, 11), "on_time")


def test_step_still_held() -> None:
    """A step still held past its allowance is overdue."""
    step = step_time(PLAIN, at(5, 1, 7, 30), at(5, 1, 13, 30), 4, done=False)
    assert (step.used_minutes, step.verdict) == (270, "overdue")


def test_same_day_allowance_ends_the_working_day() -> None:
    """A same-day dossier received at 10:00 has 5.5 h; after the cut-off, all of tomorrow."""
    assert same_day_hours(PLAIN, at(5, 1, 10), dt.time(15)) == 5.5
    assert same_day_hours(PLAIN, at(5, 1, 15, 30), dt.time(15)) == 8


@pytest.mark.parametrize(
    "make",
    [
        lambda: Pause("holiday", at(5, 1, 8)),  # type: ignore[arg-type]
        lambda: Pause("fee", at(5, 1, 9), at(5, 1, 8)),
        lambda: Extension(at(5, 1, 9), at(5, 1, 9)),
        lambda: two_days(pauses=(Pause("fee", at(5, 1, 7)),)),  # before receipt
        lambda: two_days(pauses=(Pause("fee", at(5, 1, 9)), Pause("fee", at(5, 1, 10)))),
        lambda: two_days(
            pauses=(Pause("fee", at(5, 1, 9), at(5, 1, 11)), Pause("fee", at(5, 1, 10)))
        ),
        lambda: two_days(pauses=(Pause("fee", at(5, 1, 9)),), finished=at(6, 1, 9)),
        lambda: two_days(finished=at(4, 1, 9)),
        lambda: DossierClock(PLAIN, at(5, 1, 8), -1),
        lambda: DossierClock(PLAIN, dt.datetime(2026, 1, 5, 8), 8),
    ],
)
def test_inconsistent_clocks_are_refused(make: object) -> None:
    """Unknown pause kinds, backwards or overlapping stretches, naive instants: ValueError."""
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        make()  # type: ignore[operator]
