"""The dossier clock told in plain Vietnamese, one sentence per fact, for the dossier page.

"Tạm dừng 3 ngày làm việc chờ công dân bổ sung hồ sơ (từ … đến …)." Each sentence is derived
from the same reading the queue and the statistics use (core.calendar.dossier_clock), so what
the citizen reads and what is counted cannot disagree.
"""

from __future__ import annotations

import datetime as dt

from core.calendar.dossier_clock import (
    VERDICT_NAMES,
    ClockPeriod,
    ClockReading,
    DossierClock,
    PauseKind,
)
from core.calendar.wording import vi_instant, vi_working_time

WAITING_FOR: dict[PauseKind, str] = {
    "supplement": "chờ công dân bổ sung hồ sơ",
    "fee": "chờ công dân nộp phí, lệ phí",
}


def explain(clock: DossierClock, at: dt.datetime) -> tuple[str, ...]:
    """What the clock says at `at`, in order: receipt, allowance, pauses, due, extension, now."""
    reading = clock.read(at)
    day = clock.calendar.day_length
    lines = [_receipt(clock), f"Thời hạn giải quyết: {vi_working_time(reading.allowance, day)}."]
    lines.extend(_pause(p, reading, day) for p in reading.periods if p.kind == "paused")
    if reading.due is not None:
        lines.append(f"Hạn trả kết quả: {vi_instant(reading.due)}.")
    else:
        lines.append("Hạn trả kết quả: tính lại khi công dân đáp ứng yêu cầu.")
    if reading.extended_due is not None:
        lines.append(
            "Đã gia hạn một lần (văn bản xin lỗi và hẹn lại ngày trả kết quả, mẫu 04) "
            f"đến {vi_instant(reading.extended_due)}."
        )
    lines.append(_now(clock, reading, day))
    return tuple(lines)


def _receipt(clock: DossierClock) -> str:
    received = f"Tiếp nhận hồ sơ lúc {vi_instant(clock.start)}"
    counting = clock.counting_from
    if counting == clock.start:
        return f"{received}; thời hạn tính từ lúc này."
    local = clock.start.astimezone(clock.calendar.tz)
    after_cutoff = (
        clock.cutoff is not None
        and clock.calendar.is_working_day(local.date())
        and local.time() > clock.cutoff
    )
    why = (
        f"nhận sau {clock.cutoff:%H:%M} nên tính từ ngày làm việc tiếp theo"
        if after_cutoff and clock.cutoff is not None
        else "ngoài giờ làm việc nên tính từ đầu giờ làm việc kế tiếp"
    )
    return f"{received} ({why}); thời hạn tính từ {vi_instant(counting)}."


def _pause(period: ClockPeriod, reading: ClockReading, day: dt.timedelta) -> str:
    waiting = WAITING_FOR[period.pause_kind or "supplement"]
    if period.end is None:
        return (
            f"Đang tạm dừng {waiting} từ {vi_instant(period.start)}; "
            f"thời gian còn lại ({vi_working_time(max(reading.left, dt.timedelta(0)), day)}) "
            "được giữ nguyên."
        )
    return (
        f"Tạm dừng {vi_working_time(period.working, day)} {waiting} "
        f"(từ {vi_instant(period.start)} đến {vi_instant(period.end)})."
    )


def _now(clock: DossierClock, reading: ClockReading, day: dt.timedelta) -> str:
    used = vi_working_time(reading.used, day)
    over = vi_working_time(-reading.left, day)
    verdict = VERDICT_NAMES[reading.verdict]
    if reading.state == "finished" and clock.finished is not None:
        late = f" {over}" if reading.verdict == "late" else ""
        done = vi_instant(clock.finished)
        return f"Có kết quả lúc {done}: {verdict.lower()}{late} (đã dùng {used})."
    if reading.extended_due is not None:  # the officer works towards the promised date
        to_new = clock.calendar.working_time_between(reading.at, reading.extended_due)
        legal = (
            f"quá hạn ban đầu {over}"
            if reading.left < dt.timedelta(0)
            else f"còn {vi_working_time(reading.left, day)} theo hạn ban đầu"
        )
        if to_new < dt.timedelta(0):
            return f"Đã dùng {used}, {legal}; đã quá hạn gia hạn {vi_working_time(-to_new, day)}."
        return f"Đã dùng {used}, {legal}; còn {vi_working_time(to_new, day)} đến hạn gia hạn."
    if reading.verdict == "overdue":
        return f"Đã quá hạn {over} (đã dùng {used})."
    return f"Đã dùng {used}, còn {vi_working_time(reading.left, day)}."
