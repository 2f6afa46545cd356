"""Hand-computed deadlines around the holidays of 2026 and 2027 (DOMAIN.md, "Counting rules").

Each expected instant was worked out by hand from rules 1–5, with the arithmetic in the case's
comment, on the calendar the service builds: the `holidays` package (0.109, country "VN") plus
the administrator's overrides of the case. The package's days off, as checked by
`test_the_package_gives_these_days_off`:

- Tết Nguyên đán 2026 (Bính Ngọ, mùng 1 = Tuesday 17 Feb): Monday 16 – Friday 20 Feb off, back on
  Monday 23 Feb.
- Tết 2027 (Đinh Mùi, mùng 1 = Saturday 6 Feb): Thursday 4, Friday 5, Monday 8, Tuesday 9 and
  Wednesday 10 Feb off (the days falling on the weekend are given back around them), back on
  Thursday 11 Feb.
- Giỗ Tổ Hùng Vương: Sunday 26 Apr 2026, so Monday 27 Apr off; Friday 16 Apr 2027.
- 30/4 and 1/5: Thursday 30 Apr and Friday 1 May 2026; Friday 30 Apr 2027, and Saturday 1 May
  2027 given back on Monday 3 May.
- 2/9: 2026 swaps Monday 31 Aug for the make-up Saturday 22 Aug, with 1 and 2 Sep; 2027 has
  Thursday 2 and Friday 3 Sep.
- 1/1: Thursday 1 Jan 2026, Friday 1 Jan 2027; 24/11 (Ngày Văn hóa Việt Nam) is off in the
  package's 2026.

Default working periods: 07:30–11:30 and 13:00–17:00 (8 h a day).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from core.calendar.dossier_clock import DossierClock, Pause
from core.calendar.service import CalendarService
from core.clock import VIETNAM, FixedClock

pytestmark = pytest.mark.usefixtures("db")
CUTOFF = dt.time(15, 0)
LONG_AFTER = dt.datetime(2028, 6, 1, tzinfo=VIETNAM)


def t(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


@dataclasses.dataclass(frozen=True)
class Case:
    start: dt.datetime
    hours: float
    due: dt.datetime
    cutoff: dt.time | None = None
    pauses: tuple[Pause, ...] = ()
    overrides: tuple[tuple[dt.date, str], ...] = ()


def supplement(start: dt.datetime, end: dt.datetime) -> Pause:
    return Pause("supplement", start, end)


def fee(start: dt.datetime, end: dt.datetime) -> Pause:
    return Pause("fee", start, end)


CASES = {
    # -- Tết 2026: Mon 16 – Fri 20 Feb off ------------------------------------------------------
    # 1 h Fri 16:00–17:00; 1 h from Mon 23 Feb 07:30.
    "tet26-friday-afternoon": Case(t(2026, 2, 13, 16), 2, t(2026, 2, 23, 8, 30)),
    # 3 h Fri 14:00–17:00; 4 h Mon 23 morning; 1 h from 13:00.
    "tet26-one-day": Case(t(2026, 2, 13, 14), 8, t(2026, 2, 23, 14)),
    # Thu 12: 1.5 h + 4 h = 5.5 h; Fri 13: 8 h (13.5); Mon 23: 8 h (21.5); Tue 24: 2.5 h → 10:00.
    "tet26-three-days": Case(t(2026, 2, 12, 10), 24, t(2026, 2, 24, 10)),
    # Received during Tết: counts from Mon 23 07:30 (rule 2); 4 h end exactly at 11:30 (rule 4).
    "tet26-received-during-tet": Case(t(2026, 2, 18, 9), 4, t(2026, 2, 23, 11, 30)),
    # Saturday before Tết, 0 h: the first working instant, Mon 23 07:30.
    "tet26-saturday-zero-hours": Case(t(2026, 2, 14, 10), 0, t(2026, 2, 23, 7, 30)),
    # Fri 15:30 after the 15:00 cut-off: counts from Mon 23 07:30; 8 h end exactly at 17:00.
    "tet26-after-cutoff": Case(t(2026, 2, 13, 15, 30), 8, t(2026, 2, 23, 17), CUTOFF),
    # Pause across Tết. Used: Wed 11 08:00–17:00 7.5 h + Thu 12 07:30–09:00 1.5 h = 9 h, 7 h left.
    # From Tue 24 09:00: 2.5 h + 4 h = 6.5 h; 0.5 h on Wed 25 → 08:00.
    "tet26-pause-across-tet": Case(
        t(2026, 2, 11, 8),
        16,
        t(2026, 2, 25, 8),
        pauses=(supplement(t(2026, 2, 12, 9), t(2026, 2, 24, 9)),),
    ),
    # -- Tết 2027: Thu 4, Fri 5, Mon 8 – Wed 10 Feb off -----------------------------------------
    # 2 h Wed 3 15:00–17:00; 2 h from Thu 11 07:30.
    "tet27-wednesday-before": Case(t(2027, 2, 3, 15), 4, t(2027, 2, 11, 9, 30)),
    # Received on 29 Tết (Thu 4, off): Thu 11 07:30 + 8 h → 17:00.
    "tet27-received-on-29-tet": Case(t(2027, 2, 4, 10), 8, t(2027, 2, 11, 17)),
    # 4 h Tue 2; 8 h Wed 3 (12 h); 4 h Thu 11 → exactly 11:30.
    "tet27-two-days": Case(t(2027, 2, 2, 13), 16, t(2027, 2, 11, 11, 30)),
    # Fee pause, paid during Tết. Used: Mon 1 8 h, Tue 2 8 h, Wed 3 07:30–10:00 2.5 h = 18.5 h.
    # Paid Mon 8 10:00 (a Tết day) → resumes Thu 11 07:30: 4 h to 11:30, 1.5 h from 13:00.
    "tet27-fee-paid-during-tet": Case(
        t(2027, 2, 1, 7, 30),
        24,
        t(2027, 2, 11, 14, 30),
        pauses=(fee(t(2027, 2, 3, 10), t(2027, 2, 8, 10)),),
    ),
    # Same-day procedure after the cut-off on the last day before Tết: Thu 11 07:30–17:00.
    "tet27-after-cutoff": Case(t(2027, 2, 3, 16), 8, t(2027, 2, 11, 17), CUTOFF),
    # -- Giỗ Tổ Hùng Vương ---------------------------------------------------------------------
    # Fri 24 Apr 2026: 1.5 h + 4 h = 5.5 h; Mon 27 off (observed); Tue 28 8 h (13.5); Wed 29 2.5 h.
    "hung-kings-2026-observed-monday": Case(t(2026, 4, 24, 10), 16, t(2026, 4, 29, 10)),
    # Thu 15 Apr 2027: 4 h 13:00–17:00; Fri 16 (Giỗ Tổ) off; 4 h Mon 19 → 11:30.
    "hung-kings-2027-friday": Case(t(2027, 4, 15, 13), 8, t(2027, 4, 19, 11, 30)),
    # -- 30/4 and 1/5 --------------------------------------------------------------------------
    # 1 h Wed 29 Apr 2026; Thu 30, Fri 1 May off; 1 h Mon 4 May.
    "april-30-2026": Case(t(2026, 4, 29, 16), 2, t(2026, 5, 4, 8, 30)),
    # 5 working days from Fri 24 Apr 2026: Fri 24, Tue 28, Wed 29, Mon 4, Tue 5 May → 17:00.
    "hung-kings-and-april-30-2026": Case(t(2026, 4, 24, 7, 30), 40, t(2026, 5, 5, 17)),
    # Thu 29 Apr 2027: 2.5 h + 4 h = 6.5 h; Fri 30 off; Mon 3 May off (1/5 fell on Saturday);
    # 1.5 h Tue 4 May → 09:00.
    "may-1-2027-given-back-monday": Case(t(2027, 4, 29, 9), 8, t(2027, 5, 4, 9)),
    # Supplement across 30/4–1/5. Used: Tue 28 8 h + Wed 29 morning 4 h = 12 h, 12 h left;
    # from Mon 4 May 13:00: 4 h, then 8 h Tue 5 → 17:00.
    "april-30-2026-pause": Case(
        t(2026, 4, 28, 7, 30),
        24,
        t(2026, 5, 5, 17),
        pauses=(supplement(t(2026, 4, 29, 13), t(2026, 5, 4, 13)),),
    ),
    # -- 2/9 -----------------------------------------------------------------------------------
    # Fri 28 Aug 2026: 4 h; Mon 31 Aug (swapped), Tue 1, Wed 2 Sep off; 4 h Thu 3 → 11:30.
    "national-day-2026": Case(t(2026, 8, 28, 13), 8, t(2026, 9, 3, 11, 30)),
    # Fri 21 Aug 2026: 4 h; the national make-up Saturday 22 Aug is worked: 4 h → 11:30.
    "national-day-2026-make-up-saturday": Case(t(2026, 8, 21, 13), 8, t(2026, 8, 22, 11, 30)),
    # Wed 1 Sep 2027: 3 h 14:00–17:00; Thu 2, Fri 3 off; 5 h Mon 6 → 4 h + 1 h → 14:00.
    "national-day-2027": Case(t(2027, 9, 1, 14), 8, t(2027, 9, 6, 14)),
    # Fee pause across 2/9 with a cut-off. Used: Thu 27 Aug 09:00–17:00 6.5 h + Fri 28
    # 07:30–10:00 2.5 h = 9 h, 7 h left. Paid Thu 3 Sep 16:00, after 15:00: resumes Fri 4 Sep
    # 07:30 (rule 5 applies rule 3): 4 h to 11:30, 3 h from 13:00 → 16:00.
    "national-day-2026-fee-paid-after-cutoff": Case(
        t(2026, 8, 27, 9),
        16,
        t(2026, 9, 4, 16),
        CUTOFF,
        pauses=(fee(t(2026, 8, 28, 10), t(2026, 9, 3, 16)),),
    ),
    # -- make-up Saturdays and swapped days (administrator's overrides) ------------------------
    # Sat 10 Jan 2026 made a working day: 1 h Fri 9; 3 h on Saturday → 10:30.
    "override-make-up-saturday": Case(
        t(2026, 1, 9, 16), 4, t(2026, 1, 10, 10, 30), overrides=((d(2026, 1, 10), "working"),)
    ),
    # Mon 2 Mar off, Sat 7 Mar worked: Thu 5, Fri 6, Sat 7 are 24 h → Sat 17:00.
    "override-swap-ends-saturday-five": Case(
        t(2026, 3, 5, 7, 30),
        24,
        t(2026, 3, 7, 17),
        overrides=((d(2026, 3, 2), "off"), (d(2026, 3, 7), "working")),
    ),
    # Received at noon on the make-up Saturday: from 13:00, 1 h → 14:00.
    "override-noon-on-make-up-saturday": Case(
        t(2026, 3, 7, 12), 1, t(2026, 3, 7, 14), overrides=((d(2026, 3, 7), "working"),)
    ),
    # The national make-up Saturday 22 Aug 2026 cancelled: 1 h Fri 21; 1 h Mon 24 → 08:30.
    "override-cancels-national-make-up": Case(
        t(2026, 8, 21, 16), 2, t(2026, 8, 24, 8, 30), overrides=((d(2026, 8, 22), "off"),)
    ),
    # Mon 2 Mar declared off: 1 h Fri 27 Feb; 1 h Tue 3 Mar → 08:30.
    "override-swapped-monday": Case(
        t(2026, 2, 27, 16), 2, t(2026, 3, 3, 8, 30), overrides=((d(2026, 3, 2), "off"),)
    ),
    # After the cut-off on Friday, the next working day is the make-up Saturday: 07:30–17:00.
    "override-cutoff-into-make-up-saturday": Case(
        t(2026, 1, 9, 15, 30),
        8,
        t(2026, 1, 10, 17),
        CUTOFF,
        overrides=((d(2026, 1, 10), "working"),),
    ),
    # -- starts outside working time, the cut-off, exact ends (rules 2–4) ----------------------
    # 12:00 is lunch: counts from 13:00, 2 h → 15:00.
    "start-at-noon": Case(t(2026, 1, 6, 12), 2, t(2026, 1, 6, 15)),
    # 17:00 is closed: counts from Wed 07:30, 1 h → 08:30.
    "start-at-five": Case(t(2026, 1, 6, 17), 1, t(2026, 1, 7, 8, 30)),
    # Saturday 10:00: counts from Mon 12 07:30; 4 h end exactly at 11:30.
    "start-on-saturday": Case(t(2026, 1, 10, 10), 4, t(2026, 1, 12, 11, 30)),
    # 15:00 sharp is not after a 15:00 cut-off: 15:00–17:00.
    "cutoff-exactly": Case(t(2026, 1, 6, 15), 2, t(2026, 1, 6, 17), CUTOFF),
    # 15:01 is after it: counts from Wed 07:30, 2 h → 09:30.
    "cutoff-one-minute-after": Case(t(2026, 1, 6, 15, 1), 2, t(2026, 1, 7, 9, 30), CUTOFF),
    # A morning receipt ignores the cut-off: 2.5 h + 4 h Tue, 1.5 h Wed → 09:00.
    "cutoff-morning": Case(t(2026, 1, 6, 9), 8, t(2026, 1, 7, 9), CUTOFF),
    # 09:30 + 2 h ends exactly at 11:30, not at 13:00.
    "end-exactly-at-eleven-thirty": Case(t(2026, 1, 12, 9, 30), 2, t(2026, 1, 12, 11, 30)),
    # 11:30 is outside the morning: counts from 13:00, 1 h → 14:00.
    "start-at-eleven-thirty": Case(t(2026, 1, 12, 11, 30), 1, t(2026, 1, 12, 14)),
    # 07:30 + 8 h ends exactly at 17:00, not at 07:30 next day.
    "end-exactly-at-five": Case(t(2026, 1, 12, 7, 30), 8, t(2026, 1, 12, 17)),
    # 1 h Thu 31 Dec 2026; Fri 1 Jan 2027 off; 1 h Mon 4 Jan → 08:30.
    "new-year-2027": Case(t(2026, 12, 31, 16), 2, t(2027, 1, 4, 8, 30)),
    # 1 h Mon 23 Nov 2026; Tue 24 Nov (Ngày Văn hóa Việt Nam) off; 1 h Wed 25 → 08:30.
    "culture-day-2026": Case(t(2026, 11, 23, 16), 2, t(2026, 11, 25, 8, 30)),
    # -- pauses on ordinary days (rule 5) ------------------------------------------------------
    # Same-day procedure: 1 h used 08:00–09:00; supplied at 16:00, after the cut-off, so the 7 h
    # left run from Wed 07:30: 4 h + 3 h → 16:00.
    "pause-ends-after-cutoff": Case(
        t(2026, 1, 6, 8),
        8,
        t(2026, 1, 7, 16),
        CUTOFF,
        pauses=(supplement(t(2026, 1, 6, 9), t(2026, 1, 6, 16)),),
    ),
    # A pause over lunch loses no working time: 08:00 + 8 h → Wed 08:00 as without it.
    "pause-over-lunch": Case(
        t(2026, 1, 6, 8),
        8,
        t(2026, 1, 7, 8),
        pauses=(fee(t(2026, 1, 6, 11, 45), t(2026, 1, 6, 12, 50)),),
    ),
    # Two pauses: 2 h used Mon 07:30–09:30; 2 h Wed 09:30–11:30 (4 h); from Fri 9 13:00: 4 h,
    # then 8 h Mon 12 → 17:00.
    "two-pauses": Case(
        t(2026, 1, 5, 7, 30),
        16,
        t(2026, 1, 12, 17),
        pauses=(
            supplement(t(2026, 1, 5, 9, 30), t(2026, 1, 7, 9, 30)),
            fee(t(2026, 1, 7, 11, 30), t(2026, 1, 9, 13)),
        ),
    ),
    # A pause begun after the due instant gives no time back: still Mon 5 Jan 17:00.
    "pause-after-due": Case(
        t(2026, 1, 5, 7, 30),
        8,
        t(2026, 1, 5, 17),
        pauses=(supplement(t(2026, 1, 6, 9), t(2026, 1, 7, 9)),),
    ),
    # Received 15:30 after the cut-off, supplement 16:00–16:30 before counting starts: Wed
    # 07:30–17:00 as without it.
    "pause-before-counting-starts": Case(
        t(2026, 1, 6, 15, 30),
        8,
        t(2026, 1, 7, 17),
        CUTOFF,
        pauses=(supplement(t(2026, 1, 6, 16), t(2026, 1, 6, 16, 30)),),
    ),
}


async def calendar_for(case: Case) -> CalendarService:
    service = CalendarService(FixedClock(t(2026, 1, 2, 9)), refresh_seconds=60)
    for day, kind in case.overrides:
        await service.set_override(day, kind, "")
    return service


def test_there_are_at_least_thirty_cases() -> None:
    """The table is as large as the issue asks."""
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", list(CASES))
async def test_due_instant(name: str) -> None:
    """The clock's due instant is the hand-computed one."""
    case = CASES[name]
    calendar = await (await calendar_for(case)).calendar()
    clock = DossierClock(calendar, case.start, case.hours, case.cutoff, case.pauses)
    assert clock.read(LONG_AFTER).due == case.due


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if not c.pauses])
async def test_the_deadline_function_agrees(name: str) -> None:
    """Without pauses, CalendarService.due (the API's function) gives the same instant."""
    case = CASES[name]
    service = await calendar_for(case)
    assert await service.due(case.start, int(case.hours), case.cutoff) == case.due


async def test_the_package_gives_these_days_off() -> None:
    """The weekdays off around Tết, Giỗ Tổ, 30/4–1/5 and 2/9 are those the cases assume."""
    calendar = await CalendarService(FixedClock(t(2026, 1, 2, 9))).calendar()
    off = [
        (d(2026, 2, 16), d(2026, 2, 20)),
        (d(2026, 4, 27), d(2026, 4, 27)),
        (d(2026, 4, 30), d(2026, 5, 1)),
        (d(2026, 8, 31), d(2026, 9, 2)),
        (d(2027, 2, 4), d(2027, 2, 10)),
        (d(2027, 4, 16), d(2027, 4, 16)),
        (d(2027, 4, 30), d(2027, 5, 3)),
        (d(2027, 9, 2), d(2027, 9, 3)),
    ]
    for first, last in off:
        day = first
        while day <= last:
            assert not calendar.is_working_day(day), day
            day += dt.timedelta(days=1)
    for worked in (d(2026, 2, 23), d(2026, 8, 22), d(2027, 2, 11), d(2027, 5, 4)):
        assert calendar.is_working_day(worked), worked
