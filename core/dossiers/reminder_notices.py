"""What the reminders say to officers and unit heads, in plain Vietnamese.

One line per dossier, the same in the morning digest and in the 80 % warning:
"000.10.11.H56-260302-0001 · Đăng ký khai sinh · hạn 02/03 17:00 · còn 3 giờ làm việc".
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.calendar.wording import vi_working_time
from core.clock import VIETNAM
from core.outbox.messages import Notice

DIGEST_TOPIC = "reminder.digest"
CROSSING_TOPIC = "reminder.crossing_80"
DIGEST_LINK = "/staff/dossiers?filter=due_soon"
MAX_LINES = 50  # per section; the queue behind the link lists them all
MAX_PROCEDURE = 80


@dataclasses.dataclass(frozen=True, slots=True)
class DueDossier:
    """A dossier worth a reminder, as its clock reads now."""

    id: int
    code: str
    procedure: str
    unit_id: int
    due: dt.datetime  # the extended due instant once extended (form 04), else the legal one
    left: dt.timedelta  # working time left before `due`; negative once overdue
    used: dt.timedelta
    allowance: dt.timedelta
    day_length: dt.timedelta  # of the calendar the clock counts on
    overdue: bool
    extended: bool

    @property
    def used_share(self) -> float:
        return self.used / self.allowance if self.allowance else 0.0


def line(dossier: DueDossier) -> str:
    """ "<code> · <procedure> · hạn dd/mm HH:MM · còn … / quá hạn …"."""
    due = dossier.due.astimezone(VIETNAM)
    label = "hạn gia hạn" if dossier.extended else "hạn"
    return " · ".join(
        (dossier.code, _short(dossier.procedure), f"{label} {due:%d/%m %H:%M}", _left(dossier))
    )


def digest(
    unit_name: str, day: dt.date, overdue: list[DueDossier], due_soon: list[DueDossier]
) -> Notice:
    """The morning digest of one unit: overdue dossiers first, then those due soon."""
    lines: list[str] = []
    for title, dossiers in (
        ("Quá hạn", overdue),
        ("Sắp đến hạn (trong ngày làm việc)", due_soon),
    ):
        if not dossiers:
            continue
        if lines:
            lines.append("")
        lines.append(f"{title}: {len(dossiers)} hồ sơ")
        lines += [f"- {line(d)}" for d in dossiers[:MAX_LINES]]
        if len(dossiers) > MAX_LINES:
            lines.append(f"- … và {len(dossiers) - MAX_LINES} hồ sơ khác")
    lines += ["", f"Xem danh sách: {DIGEST_LINK}"]
    return Notice(
        topic=DIGEST_TOPIC,
        subject=f"Hồ sơ sắp đến hạn và quá hạn — {unit_name}, {day:%d/%m/%Y}",
        body="\n".join(lines),
        link=DIGEST_LINK,
        data={
            "kind": "morning",
            "day": day.isoformat(),
            "overdue": [d.code for d in overdue[:MAX_LINES]],
            "due_soon": [d.code for d in due_soon[:MAX_LINES]],
        },
    )


def crossing(dossier: DueDossier) -> Notice:
    """The warning that a dossier has used 80 % (or more) of its allowance."""
    used = vi_working_time(dossier.used, dossier.day_length)
    allowance = vi_working_time(dossier.allowance, dossier.day_length)
    share = min(int(dossier.used_share * 100), 999)
    return Notice(
        topic=CROSSING_TOPIC,
        subject=f"Hồ sơ {dossier.code} đã dùng {share}% thời hạn giải quyết",
        body="\n".join(
            (
                line(dossier),
                f"Đã dùng {used} trên tổng thời hạn {allowance}.",
                "",
                f"Xem hồ sơ: /staff/dossiers/{dossier.code}",
            )
        ),
        link=f"/staff/dossiers/{dossier.code}",
        data={"kind": "crossing_80", "code": dossier.code, "used_percent": share},
    )


def _left(dossier: DueDossier) -> str:
    if not dossier.overdue:
        return f"còn {vi_working_time(dossier.left, dossier.day_length)}"
    if -dossier.left < dt.timedelta(minutes=1):  # due at the close of a past working day
        return "đã quá hạn"
    return f"quá hạn {vi_working_time(dossier.left, dossier.day_length)}"


def _short(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= MAX_PROCEDURE else name[: MAX_PROCEDURE - 1].rstrip() + "…"
