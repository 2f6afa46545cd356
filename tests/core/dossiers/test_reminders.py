"""Reminders (core.dossiers.reminders): the morning digest of dossiers due soon and overdue, and
the warning when a dossier has used 80 % of its allowance — to whom, about what, and only once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from typing import Any

import msgspec
import pytest

from core.calendar.service import CalendarService
from core.catalog.service import CatalogService
from core.clock import VIETNAM
from core.dossiers.actions import ActionRequest
from core.dossiers.procedures import FrozenProcedures
from core.dossiers.reminders import ReminderReport, ReminderService
from core.dossiers.status import Status
from core.dossiers.submission import Submission
from core.dossiers.tables import Dossier, DossierPause
from core.identity.actor import Actor, Context
from core.identity.tables import Citizen, StaffRole, StaffUser, Unit
from core.outbox.tables import OutboxMessage
from tests.core.dossiers.conftest import BIRTH, MONDAY_9, World

COMMUNE = "000.10.11.H56"  # UBND phường Hạc Thành (demo units)
JUSTICE = "000.00.01.H56"  # Sở Tư pháp
TUESDAY_7 = dt.datetime(2026, 3, 3, 7, 0, tzinfo=VIETNAM)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An instant in March 2026, Việt Nam time (2 March is a Monday)."""
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VIETNAM)


@dataclasses.dataclass
class Office:
    """Dossiers and staff written straight into the tables, and the service under test."""

    world: World
    catalog: CatalogService
    reminders: ReminderService
    frozen: FrozenProcedures = dataclasses.field(default_factory=FrozenProcedures)
    numbers: itertools.count[int] = dataclasses.field(default_factory=lambda: itertools.count(1))
    owner: int = 0

    async def unit(self, code: str) -> int:
        row = await Unit.select(Unit.id).where(Unit.code == code).first()
        assert row is not None
        return int(row["id"])

    async def staff(self, unit: str | None, *roles: str, active: bool = True) -> int:
        number = next(self.numbers)
        row = await StaffUser.insert(
            StaffUser(
                username=f"staff{number}",
                password_hash="-",
                totp_secret="-",
                unit=await self.unit(unit) if unit else None,
                active=active,
                created_at=MONDAY_9,
            )
        ).returning(StaffUser.id)
        staff_id = int(row[0]["id"])
        await StaffRole.insert(*[StaffRole(staff=staff_id, role=r) for r in roles])
        return staff_id

    async def dossier(
        self,
        *,
        unit: str = COMMUNE,
        hours: int | None = 8,
        submitted_at: dt.datetime = MONDAY_9,
        status: Status = Status.PROCESSING,
        extended_due: dt.datetime | None = None,
    ) -> str:
        """A dossier of a procedure allowing `hours` working hours (None: no number stated)."""
        if not self.owner:
            row = await Citizen.insert(
                Citizen(phone="+84912345678", created_at=MONDAY_9)
            ).returning(Citizen.id)
            self.owner = int(row[0]["id"])
        base = await self.catalog.get(BIRTH)
        procedure = msgspec.structs.replace(
            base, name=f"Thủ tục {hours} giờ", processing_hours=hours, same_day=False, cutoff=None
        )
        unit_id = await self.unit(unit)
        code = f"{unit}-260302-{next(self.numbers):04d}"
        await Dossier.insert(
            Dossier(
                code=code,
                procedure_code=procedure.code,
                procedure=await self.frozen.id_for(procedure, submitted_at),
                owner=self.owner,
                receiving_unit=unit_id,
                holding_unit=unit_id,
                status=status.value,
                fields={},
                submitted_at=submitted_at,
                updated_at=submitted_at,
                extended_at=submitted_at if extended_due else None,
                extended_due_at=extended_due,
                finished_at=submitted_at if status.decided else None,
            )
        )
        return code


@pytest.fixture
def office(world: World, catalog: CatalogService) -> Office:
    return Office(world, catalog, ReminderService(world.clock, CalendarService(world.clock)))


async def inbox(staff_id: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (
        await OutboxMessage.select()
        .where(OutboxMessage.staff == staff_id)
        .order_by(OutboxMessage.id)
        .output(load_json=True)
    )
    return found


async def recipients() -> list[int]:
    rows = await OutboxMessage.select(OutboxMessage.staff).order_by(OutboxMessage.staff)
    return [r["staff"] for r in rows]


async def test_digest_lists_the_units_due_soon_and_overdue_dossiers(office: Office) -> None:
    """Overdue first, then due within the day, each with its due instant and time left."""
    officer = await office.staff(COMMUNE, "officer")
    soon = await office.dossier(hours=8)  # 6h30 used on Monday: due Tuesday 09:00
    late = await office.dossier(hours=4)  # due Monday 14:30
    later = await office.dossier(hours=40)  # 33h30 left
    elsewhere = await office.dossier(unit=JUSTICE, hours=4)

    report = await office.reminders.morning_digest(TUESDAY_7)

    assert report == ReminderReport("morning", units=1, dossiers=2, messages=1)
    [message] = await inbox(officer)
    unit = await Unit.select(Unit.name).where(Unit.code == COMMUNE).first()
    assert unit is not None
    assert message["topic"] == "reminder.digest"
    assert message["subject"] == f"Hồ sơ sắp đến hạn và quá hạn — {unit['name']}, 03/03/2026"
    assert message["body"].splitlines() == [
        "Quá hạn: 1 hồ sơ",
        f"- {late} · Thủ tục 4 giờ · hạn 02/03 14:30 · quá hạn 2 giờ 30 phút làm việc",
        "",
        "Sắp đến hạn (trong ngày làm việc): 1 hồ sơ",
        f"- {soon} · Thủ tục 8 giờ · hạn 03/03 09:00 · còn 1 giờ 30 phút làm việc",
        "",
        "Xem danh sách: /staff/dossiers?filter=due_soon",
    ]
    assert message["link"] == "/staff/dossiers?filter=due_soon"
    assert message["data"]["overdue"] == [late] and message["data"]["due_soon"] == [soon]
    assert later not in message["body"] and elsewhere not in message["body"]


async def test_digest_goes_to_every_active_officer_and_head_of_the_unit(office: Office) -> None:
    """Officers and heads of the holding unit get one each; the inactive, admins, others none."""
    officer = await office.staff(COMMUNE, "officer")
    head = await office.staff(COMMUNE, "head", "officer")
    await office.staff(COMMUNE, "officer", active=False)
    await office.staff(None, "admin")
    await office.staff(JUSTICE, "officer", "head")
    await office.dossier(hours=4)

    report = await office.reminders.morning_digest(TUESDAY_7)

    assert report.messages == 2 and report.units == 1
    assert await recipients() == sorted([officer, head])


async def test_digest_skips_paused_decided_and_untimed_dossiers(office: Office) -> None:
    """Waiting for the citizen, decided, or without a number of days: nothing to remind of."""
    officer = await office.staff(COMMUNE, "officer")
    paused = await office.dossier(hours=4, status=Status.SUPPLEMENT_REQUESTED)
    row = await Dossier.select(Dossier.id).where(Dossier.code == paused).first()
    assert row is not None
    await DossierPause.insert(
        DossierPause(dossier=row["id"], kind="supplement", started_at=at(2, 10))
    )
    for status in (Status.DONE, Status.REJECTED, Status.STOPPED, Status.RETURNED):
        await office.dossier(hours=4, status=status)
    await office.dossier(hours=None)
    waiting = await office.dossier(hours=4, status=Status.SUBMITTED)  # waits for receipt

    await office.reminders.morning_digest(TUESDAY_7)

    [message] = await inbox(officer)
    assert message["data"]["overdue"] == [waiting] and message["data"]["due_soon"] == []


async def test_filed_and_acted_on_through_the_workflow(office: Office, world: World) -> None:
    """A real filing, received, is listed; one asked for papers or refused is not."""
    await world.processes.load_bundled()
    officer_id = await office.staff(COMMUNE, "officer")
    commune = await office.unit(COMMUNE)
    actor = Actor("staff", id=officer_id, roles=frozenset({"officer"}), unit_id=commune)
    ctx = Context(actor, "10.0.0.3")
    citizen = await world.citizen()
    codes = []
    for n in range(3):
        plain = await world.birth(citizen)
        submission = Submission(plain.procedure_code, plain.fields, plain.documents, COMMUNE)
        codes.append((await world.submissions.submit(citizen, submission, f"key-rem-{n:06d}")).code)
    received, asked, refused = codes
    await world.workflow.act(ctx, received, ActionRequest("receive"))
    await world.workflow.act(ctx, asked, ActionRequest("request_supplement", items=("Ảnh rõ",)))
    await world.workflow.act(ctx, refused, ActionRequest("reject", items=("Sai thủ tục",)))

    await office.reminders.morning_digest(TUESDAY_7)

    [message] = await inbox(officer_id)
    assert message["data"]["overdue"] == [received]  # same-day birth registration: due Mon 17:00
    assert f"{received} · Đăng ký khai sinh · hạn 02/03 17:00 · đã quá hạn" in message["body"]


async def test_digest_is_sent_once_a_day(office: Office) -> None:
    """A second run the same day sends nothing; the next working day it is sent again."""
    officer = await office.staff(COMMUNE, "officer")
    await office.dossier(hours=4)
    office.world.clock.advance(TUESDAY_7 - MONDAY_9)

    first = await office.reminders.morning_digest()
    office.world.clock.advance(dt.timedelta(hours=2))
    again = await office.reminders.morning_digest()
    office.world.clock.advance(dt.timedelta(days=1))
    next_day = await office.reminders.morning_digest()

    assert (first.messages, again.messages, next_day.messages) == (1, 0, 1)
    assert again == ReminderReport("morning")
    subjects = [m["subject"] for m in await inbox(officer)]
    assert [s[-10:] for s in subjects] == ["03/03/2026", "04/03/2026"]


async def test_no_digest_on_a_day_off(office: Office) -> None:
    """Saturday morning: nobody is told (overdue dossiers wait for Monday)."""
    await office.staff(COMMUNE, "officer")
    await office.dossier(hours=4)

    assert (await office.reminders.morning_digest(at(7, 7))).messages == 0
    assert (await office.reminders.morning_digest(at(9, 7))).messages == 1


async def test_extended_dossier_is_due_at_its_new_date(office: Office) -> None:
    """Form 04 moved the date to Friday: not listed Tuesday, due soon on Friday morning."""
    officer = await office.staff(COMMUNE, "officer")
    code = await office.dossier(hours=4, extended_due=at(6, 17))

    await office.reminders.morning_digest(TUESDAY_7)
    assert await inbox(officer) == []
    await office.reminders.morning_digest(at(6, 7))

    [message] = await inbox(officer)
    assert (
        f"{code} · Thủ tục 4 giờ · hạn gia hạn 06/03 17:00 · còn 1 ngày làm việc"
        in (message["body"])
    )


async def test_warning_once_a_dossier_has_used_80_percent(office: Office) -> None:
    """6h24 of 8h is reached Monday 16:54: nothing at 16:50, one warning at 16:55, never again."""
    officer = await office.staff(COMMUNE, "officer")
    head = await office.staff(COMMUNE, "head")
    code = await office.dossier(hours=8)
    await office.dossier(hours=40)

    before = await office.reminders.crossing_80(at(2, 16, 50))
    crossed = await office.reminders.crossing_80(at(2, 16, 55))
    again = [await office.reminders.crossing_80(when) for when in (at(2, 17), at(3, 10))]

    assert before == ReminderReport("crossing_80")
    assert crossed == ReminderReport("crossing_80", units=1, dossiers=1, messages=2)
    assert [r.messages for r in again] == [0, 0]
    assert await recipients() == [officer, head]
    [message] = await inbox(officer)
    assert message["topic"] == "reminder.crossing_80"
    assert message["subject"] == f"Hồ sơ {code} đã dùng 80% thời hạn giải quyết"
    assert message["body"].splitlines()[:2] == [
        f"{code} · Thủ tục 8 giờ · hạn 03/03 09:00 · còn 1 giờ 35 phút làm việc",
        "Đã dùng 6 giờ 25 phút làm việc trên tổng thời hạn 1 ngày làm việc.",
    ]
    assert message["link"] == f"/staff/dossiers/{code}"


async def test_no_warning_while_paused(office: Office) -> None:
    """A dossier waiting for the citizen is not warned about; once running again, it is."""
    officer = await office.staff(COMMUNE, "officer")
    code = await office.dossier(hours=8, status=Status.SUPPLEMENT_REQUESTED)
    row = await Dossier.select(Dossier.id).where(Dossier.code == code).first()
    assert row is not None
    await DossierPause.insert(
        DossierPause(dossier=row["id"], kind="supplement", started_at=at(2, 16))
    )
    assert (await office.reminders.crossing_80(at(3, 9))).messages == 0

    await DossierPause.update({DossierPause.ended_at: at(3, 9)}).where(
        DossierPause.dossier == row["id"]
    )
    await Dossier.update({Dossier.status: Status.PROCESSING.value}).where(Dossier.id == row["id"])
    # 5h30 used by Monday 16:00, the clock runs again Tuesday 09:00: 6h24 at 09:54
    assert (await office.reminders.crossing_80(at(3, 9, 50))).messages == 0
    assert (await office.reminders.crossing_80(at(3, 10))).messages == 1
    assert len(await inbox(officer)) == 1
