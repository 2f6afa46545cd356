"""A known history of ten dossiers, built through the real services with a fixed clock.

Everything is filed at the commune (UBND phường Hạc Thành) and, where it goes on, approved at
the Sở Tư pháp. Birth registration (1.001193) is a same-day procedure with a 15:00 cut-off:
filed at 09:00 on a working day it is due at 17:00 that day (6.5 working hours).

Mon 02/03/2026 — D1..D6, D8, D9 filed at 09:00
  D1: received 09:10, forwarded 09:20, fee asked 09:25, paid online 09:35 (10 min paused),
      result recorded as digitised 09:40, approved 09:45 → due moved to Tue 07:40, finished
      Monday: EARLY, 35 working minutes; returned 11:10 (digitised)
  D2: received 09:10, supplement asked 09:30, supplied 10:30 (1 h paused), forwarded 10:40,
      approved 11:00 → due Tue 08:30: EARLY, 60 minutes; returned 11:05 (not digitised)
  D3: received 09:10, form 04 at 16:30 (new date Tue 03/03), approved Tue 10:10:
      LATE (6.5 h Monday + 2 h 40 Tuesday = 550 minutes), extended
  D4: withdrawn by the citizen 09:15          D5: refused 09:05
  D6: received 09:10, stopped 11:20           D8: received 09:10, left open: OVERDUE now
  D9: received 09:10, supplement asked 09:30, never supplied: PAUSED now
Wed 29/04/2026 16:00 — D7 filed after the cut-off, before 30/4 and 1/5 (holidays) and the
  weekend: the clock starts Mon 04/05 07:30, due Mon 04/05 17:00; received 16:10 Wednesday,
  approved Mon 04/05 10:10: ON TIME, 160 minutes (a count in calendar days would say late)
Mon 04/05/2026 — D10 filed 10:20, received 10:30, open: IN TIME at 11:00
  ratings on 04/05: two "rất hài lòng", one "không hài lòng"
The report is read at Mon 04/05/2026 11:00.
"""

from __future__ import annotations

import datetime as dt

from core import database
from core.calendar.service import CalendarService
from core.clock import VIETNAM
from core.dossiers.actions import ActionRequest
from core.dossiers.payment_hooks import PaymentHooks
from core.dossiers.requirements import DocumentChoice
from core.dossiers.tables import Dossier
from core.identity.actor import Actor, Context
from core.identity.tables import Unit
from core.stats import recorder
from tests.core.dossiers.conftest import BIRTH_CERTIFICATE, World

COMMUNE = "000.10.11.H56"
JUSTICE = "000.00.01.H56"
NOW = dt.datetime(2026, 5, 4, 11, 0, tzinfo=VIETNAM)
MARCH_2, MARCH_3 = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
APRIL_29, MAY_4 = dt.date(2026, 4, 29), dt.date(2026, 5, 4)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)


async def staff(unit_code: str, role: str, staff_id: int) -> Context:
    unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
    assert unit is not None
    actor = Actor(
        "staff",
        id=staff_id,
        label=f"{role} {unit_code}",
        roles=frozenset({role}),
        unit_id=unit["id"],
        unit_code=unit_code,
    )
    return Context(actor, "10.0.0.2")


class History:
    def __init__(self, world: World) -> None:
        self.world = world
        self.codes: dict[str, str] = {}

    def to(self, instant: dt.datetime) -> None:
        now = self.world.clock.now()
        assert instant >= now, f"the history goes forward only ({instant} < {now})"
        self.world.clock.advance(instant - now)

    async def file(self, name: str, instant: dt.datetime) -> None:
        self.to(instant)
        submission = await self.world.birth(self.citizen)
        submission = type(submission)(
            submission.procedure_code, submission.fields, submission.documents, COMMUNE
        )
        filed = await self.world.submissions.submit(self.citizen, submission, f"key-stats-{name}")
        self.codes[name] = filed.code

    async def act(
        self, name: str, instant: dt.datetime, who: Context, action: str, **fields: object
    ) -> None:
        self.to(instant)
        request = ActionRequest(action, **fields)  # type: ignore[arg-type]
        await self.world.workflow.act(who, self.codes[name], request)

    async def build(self) -> None:
        w = self.world
        await w.processes.load_bundled()
        self.citizen = await w.citizen()
        counter = await staff(COMMUNE, "officer", 7)
        head = await staff(JUSTICE, "head", 8)
        clerk = await staff(JUSTICE, "officer", 9)
        for name in ("D1", "D2", "D3", "D4", "D5", "D6", "D8", "D9"):
            await self.file(name, at(MARCH_2, 9))
        await self.act("D5", at(MARCH_2, 9, 5), counter, "reject", items=("Sai thủ tục",))
        for name in ("D1", "D2", "D3", "D6", "D8", "D9"):
            await self.act(name, at(MARCH_2, 9, 10), counter, "receive")
        self.to(at(MARCH_2, 9, 15))
        await w.transitions.withdraw(self.citizen, self.codes["D4"], "Nộp nhầm")
        await self.act("D1", at(MARCH_2, 9, 20), counter, "forward", unit=JUSTICE)
        await self.act(
            "D1", at(MARCH_2, 9, 25), clerk, "request_payment", amount="50.000", note="Lệ phí"
        )
        for name in ("D2", "D9"):
            await self.act(
                name, at(MARCH_2, 9, 30), counter, "request_supplement", items=("Giấy chứng sinh",)
            )
        self.to(at(MARCH_2, 9, 35))
        await self.pay("D1")
        await self.act("D1", at(MARCH_2, 9, 40), clerk, "record_result", digitised=True)
        await self.act("D1", at(MARCH_2, 9, 45), head, "approve", unit=JUSTICE)
        self.to(at(MARCH_2, 10, 30))
        paper = await w.upload(self.citizen)
        await w.transitions.supplement(
            self.citizen, self.codes["D2"], [DocumentChoice(BIRTH_CERTIFICATE, paper)]
        )
        await self.act("D2", at(MARCH_2, 10, 40), counter, "forward", unit=JUSTICE)
        await self.act("D2", at(MARCH_2, 11), head, "approve", unit=JUSTICE)
        await self.act("D2", at(MARCH_2, 11, 5), clerk, "return_result", via="online")
        await self.act("D1", at(MARCH_2, 11, 10), clerk, "return_result", via="online")
        await self.act(
            "D6", at(MARCH_2, 11, 20), counter, "stop", note="Công dân không đủ điều kiện"
        )
        await self.act(
            "D3",
            at(MARCH_2, 16, 30),
            counter,
            "extend",
            note="Xin lỗi vì chậm",
            new_due="03/03/2026",
        )
        await self.act("D3", at(MARCH_3, 10), counter, "forward", unit=JUSTICE)
        await self.act("D3", at(MARCH_3, 10, 10), head, "approve", unit=JUSTICE)
        await self.file("D7", at(APRIL_29, 16))
        await self.act("D7", at(APRIL_29, 16, 10), counter, "receive")
        await self.act("D7", at(MAY_4, 10), counter, "forward", unit=JUSTICE)
        await self.act("D7", at(MAY_4, 10, 10), head, "approve", unit=JUSTICE)
        await self.file("D10", at(MAY_4, 10, 20))
        await self.act("D10", at(MAY_4, 10, 30), counter, "receive")
        for level in ("rat_hai_long", "rat_hai_long", "khong_hai_long"):
            async with database.write_transaction(Dossier._meta.db):
                await recorder.rating_given(COMMUNE, MAY_4, level)
        self.to(NOW)

    async def pay(self, name: str) -> None:
        row = await Dossier.select(Dossier.id).where(Dossier.code == self.codes[name]).first()
        assert row is not None
        hooks = PaymentHooks(CalendarService(self.world.clock))
        async with database.write_transaction(Dossier._meta.db):
            await hooks.mark_paid(row["id"], 17, 50_000, self.world.clock.now())
