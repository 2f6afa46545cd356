"""The officers' actions (core.dossiers.workflow): the whole journey, the control sheet and clock,
and every refusal — illegal moves are conflicts with a reason, strangers meet "not found"."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from core.clock import VIETNAM
from core.dossiers import clock as dossier_clock
from core.dossiers import control_sheet, procedures, workflow
from core.dossiers.actions import ActionRequest
from core.dossiers.requirements import DocumentChoice
from core.dossiers.status import Status
from core.dossiers.tables import Dossier, DossierPause
from core.errors import Conflict, InvalidInput, NotFound
from core.identity.actor import Actor, Context
from core.identity.tables import Unit
from core.outbox.messages import pending_for_citizen
from tests.core.dossiers.conftest import BIRTH_CERTIFICATE, MONDAY_9, World

COMMUNE = "000.10.11.H56"  # UBND phường Hạc Thành (demo units)
JUSTICE = "000.00.01.H56"  # Sở Tư pháp
OTHER_COMMUNE = "000.10.12.H56"


async def staff(unit_code: str, *roles: str, staff_id: int = 7) -> Context:
    unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
    assert unit is not None
    actor = Actor(
        "staff",
        id=staff_id,
        label=f"{roles[0]} {unit_code}",
        roles=frozenset(roles),
        unit_id=unit["id"],
        unit_code=unit_code,
    )
    return Context(actor, "10.0.0.2")


async def file_at_commune(world: World, key: str = "key-wf-000001") -> tuple[Context, str]:
    """A birth registration filed online at the commune at Monday 09:00."""
    await world.processes.load_bundled()
    citizen = await world.citizen()
    submission = await world.birth(citizen)
    submission = type(submission)(
        submission.procedure_code, submission.fields, submission.documents, COMMUNE
    )
    return citizen, (await world.submissions.submit(citizen, submission, key)).code


async def act(world: World, ctx: Context, code: str, action: str, **fields: object) -> Status:
    done = await world.workflow.act(ctx, code, ActionRequest(action, **fields))  # type: ignore[arg-type]
    return Status(done.status)


def later(world: World, minutes: int) -> None:
    world.clock.advance(dt.timedelta(minutes=minutes))


async def test_the_journey_through_two_units_with_a_supplement(world: World) -> None:
    """Receive, ask for papers, citizen supplies, forward to the department, the head approves
    and routes the return to its own unit, which returns it: every step on the control sheet,
    the pause off the clock and off the holder's time, a notice for the citizen at each action."""
    citizen, code = await file_at_commune(world)
    counter = await staff(COMMUNE, "officer")
    later(world, 10)  # 09:10
    assert await act(world, counter, code, "receive") is Status.RECEIVED
    later(world, 20)  # 09:30
    assert (
        await act(world, counter, code, "request_supplement", items=("Giấy chứng sinh rõ nét",))
        is Status.SUPPLEMENT_REQUESTED
    )
    later(world, 60)  # 10:30: the citizen sends the paper
    paper = await world.upload(citizen)
    back = await world.transitions.supplement(
        citizen, code, [DocumentChoice(BIRTH_CERTIFICATE, paper)]
    )
    assert back is Status.RECEIVED
    later(world, 10)  # 10:40
    assert await act(world, counter, code, "forward", unit=JUSTICE) is Status.PROCESSING
    head = await staff(JUSTICE, "head", staff_id=8)
    later(world, 20)  # 11:00
    assert await act(world, head, code, "approve", unit=JUSTICE) is Status.DONE
    clerk = await staff(JUSTICE, "officer", staff_id=9)
    later(world, 5)  # 11:05
    assert await act(world, clerk, code, "return_result", via="online") is Status.RETURNED

    row = await Dossier.select().where(Dossier.code == code).first()
    assert row is not None
    sheet = await control_sheet.sheet(row["id"])
    assert [(r.position, r.unit_code, r.outcome) for r in sheet] == [
        (1, COMMUNE, "received"),
        (2, COMMUNE, "forwarded"),
        (3, JUSTICE, "approved"),
        (4, JUSTICE, "returned"),
    ]
    assert all(not r.open for r in sheet)
    # step 2 was held 09:10–10:40 with the citizen's hour (09:30–10:30) off the holder's time
    assert sheet[1].used_minutes == 30 and sheet[1].verdict in ("early", "on_time")
    assert sheet[0].used_minutes == 10
    pauses = await DossierPause.select().where(DossierPause.dossier == row["id"])
    assert len(pauses) == 1 and pauses[0]["ended_at"] is not None
    procedure = await procedures.frozen(row["procedure"])
    reading = await dossier_clock.read(
        world.workflow._calendars,
        COMMUNE,
        procedure,
        row["id"],
        dossier_clock.ClockFacts(row["submitted_at"], finished_at=row["finished_at"]),
        world.clock.now(),
    )
    assert reading is not None and reading.state == "finished"
    assert reading.used == dt.timedelta(hours=1)  # 09:00–11:00 less the hour paused
    # due 17:00 plus the paused hour = Tuesday 08:30; done on Monday, a day ahead
    assert reading.due == dt.datetime(2026, 3, 3, 8, 30, tzinfo=VIETNAM)
    assert reading.verdict == "early"
    notices = await pending_for_citizen(citizen.actor.id or 0)
    assert [n["topic"] for n in notices] == [
        "dossier.receive",
        "dossier.request_supplement",
        "dossier.forward",
        "dossier.approve",
        "dossier.return_result",
    ]
    assert "Giấy chứng sinh rõ nét" in notices[1]["body"]


async def test_a_step_held_past_its_allowance_is_late(world: World) -> None:
    """The appraisal step of a same-day birth registration allows 4 working hours."""
    _, code = await file_at_commune(world)
    counter = await staff(COMMUNE, "officer")
    await act(world, counter, code, "receive")
    later(world, 6 * 60)  # 15:00: 4.5 working hours later (lunch 11:30–13:00 not counted)
    await act(world, counter, code, "forward", unit=JUSTICE)
    row = await Dossier.select(Dossier.id).where(Dossier.code == code).first()
    assert row is not None
    appraisal = (await control_sheet.sheet(row["id"]))[1]
    assert (appraisal.allowance_hours, appraisal.used_minutes) == (4, 270)
    assert appraisal.verdict == "late"


async def test_send_back_returns_to_the_unit_that_held_the_previous_step(world: World) -> None:
    _, code = await file_at_commune(world)
    counter = await staff(COMMUNE, "officer")
    await act(world, counter, code, "receive")
    await act(world, counter, code, "forward", unit=JUSTICE)
    head = await staff(JUSTICE, "head", staff_id=8)
    with pytest.raises(InvalidInput):
        await act(world, head, code, "send_back")  # the note says what to fix
    assert await act(world, head, code, "send_back", note="Thiếu xác minh") is Status.PROCESSING
    row = await Dossier.select(Dossier.step, Dossier.holding_unit.code).where(Dossier.code == code)
    assert row[0]["step"] == 2 and row[0]["holding_unit.code"] == COMMUNE


@pytest.mark.parametrize(
    ("action", "fields", "reason"),
    [
        ("forward", {}, "chưa chuyển xử lý"),  # still "submitted": receive it first
        ("approve", {}, "lãnh đạo"),  # an officer is not a head
        ("return_result", {"via": "counter"}, "không thể chuyển"),  # nothing to return yet
    ],
)
async def test_illegal_actions_are_conflicts_with_a_reason(
    world: World, action: str, fields: dict[str, str], reason: str
) -> None:
    _, code = await file_at_commune(world)
    counter = await staff(COMMUNE, "officer")
    with pytest.raises(Conflict) as refused:
        await act(world, counter, code, action, **fields)
    assert reason in refused.value.message


async def test_approve_waits_for_the_approval_step(world: World) -> None:
    """A head at the appraisal step (held by their own unit) cannot skip it."""
    _, code = await file_at_commune(world)
    await act(world, await staff(COMMUNE, "officer"), code, "receive")
    head = await staff(COMMUNE, "head", staff_id=8)
    with pytest.raises(Conflict) as refused:
        await act(world, head, code, "approve")
    assert "chưa đến bước phê duyệt" in refused.value.message


@pytest.mark.parametrize(
    ("received", "action", "fields", "field"),
    [
        (False, "sign", {}, "action"),
        (True, "stop", {}, "note"),
        (False, "reject", {}, "items"),
        (False, "request_supplement", {"items": ("  ",)}, "items"),
        (False, "receive", {"unit": "000.99.99.H56"}, "unit"),
        (True, "extend", {"note": "Xin lỗi", "new_due": "mai"}, "new_due"),
    ],
)
async def test_bad_input_names_the_field(
    world: World, received: bool, action: str, fields: dict[str, object], field: str
) -> None:
    _, code = await file_at_commune(world)
    if received:
        await act(world, await staff(COMMUNE, "officer"), code, "receive")
    with pytest.raises(InvalidInput) as refused:
        await act(world, await staff(COMMUNE, "officer"), code, action, **fields)
    assert refused.value.errors[0].field == field


async def test_return_needs_a_known_channel(world: World) -> None:
    _, code = await file_at_commune(world)
    counter = await staff(COMMUNE, "officer")
    await act(world, counter, code, "receive")
    await act(world, counter, code, "forward")  # step 3: approval by the commune's head
    await act(world, await staff(COMMUNE, "head", staff_id=8), code, "approve")
    with pytest.raises(InvalidInput):
        await act(world, counter, code, "return_result", via="pigeon")
    assert await act(world, counter, code, "return_result", via="counter") is Status.RETURNED


async def test_strangers_and_admins_meet_not_found(world: World) -> None:
    """Another unit's officer, an admin without the officer role, an unknown code: 404."""
    _, code = await file_at_commune(world)
    for ctx in (await staff(OTHER_COMMUNE, "officer"), await staff(COMMUNE, "admin")):
        with pytest.raises(NotFound):
            await act(world, ctx, code, "receive")
    with pytest.raises(NotFound):
        await act(world, await staff(COMMUNE, "officer"), "000.10.11.H56-260302-9999", "receive")


async def test_reject_records_the_reasons_and_ends_the_clock(world: World) -> None:
    citizen, code = await file_at_commune(world)
    reasons = ("Không thuộc thẩm quyền của phường",)
    assert await act(world, await staff(COMMUNE, "officer"), code, "reject", items=reasons) is (
        Status.REJECTED
    )
    row = await Dossier.select(Dossier.id, Dossier.finished_at).where(Dossier.code == code)
    assert row[0]["finished_at"] == MONDAY_9
    sheet = await control_sheet.sheet(row[0]["id"])
    assert [(r.position, r.outcome) for r in sheet] == [(1, "rejected")]
    notice = (await pending_for_citizen(citizen.actor.id or 0))[-1]
    assert notice["topic"] == "dossier.reject" and reasons[0] in notice["body"]


async def test_extension_once_and_only_when_due_is_near(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Form 04: refused with time to spare; then granted once, to a later working day."""
    _, code = await file_at_commune(world)
    counter = await staff(COMMUNE, "officer")
    await act(world, counter, code, "receive")
    monkeypatch.setattr(workflow, "EXTEND_WITHIN", dt.timedelta(hours=1))
    with pytest.raises(Conflict):  # 09:00, due 17:00: far from late
        await act(world, counter, code, "extend", note="Xin lỗi", new_due="03/03/2026")
    later(world, 7 * 60 + 30)  # 16:30
    with pytest.raises(InvalidInput):
        await act(world, counter, code, "extend", note="Xin lỗi", new_due="28/02/2026")
    await act(world, counter, code, "extend", note="Xin lỗi vì chậm", new_due="03/03/2026")
    row = await Dossier.select(Dossier.extended_due_at, Dossier.due_at).where(Dossier.code == code)
    assert row[0]["extended_due_at"] == dt.datetime(2026, 3, 3, 17, 0, tzinfo=VIETNAM)
    assert row[0]["due_at"] == row[0]["extended_due_at"]
    with pytest.raises(Conflict) as again:
        await act(world, counter, code, "extend", note="Lần nữa", new_due="04/03/2026")
    assert "một lần" in again.value.message


async def test_stop_ends_the_open_step_and_pause(world: World) -> None:
    _, code = await file_at_commune(world)
    counter = await staff(COMMUNE, "officer")
    await act(world, counter, code, "receive")
    await act(world, counter, code, "request_supplement", items=("Tờ khai",))
    assert await act(world, counter, code, "stop", note="Quá hạn bổ sung") is Status.STOPPED
    row = await Dossier.select(Dossier.id).where(Dossier.code == code).first()
    assert row is not None
    assert all(not r.open for r in await control_sheet.sheet(row["id"]))
    pauses = await DossierPause.select().where(DossierPause.dossier == row["id"])
    assert all(p["ended_at"] is not None for p in pauses)


async def test_two_officers_receiving_at_once_make_one_receipt(world: World) -> None:
    """The second writer finds the dossier moved and is told so; one step-1 row exists."""
    _, code = await file_at_commune(world)
    first, second = await staff(COMMUNE, "officer"), await staff(COMMUNE, "officer", staff_id=8)
    results = await asyncio.gather(
        act(world, first, code, "receive"),
        act(world, second, code, "receive"),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Status"]
    row = await Dossier.select(Dossier.id).where(Dossier.code == code).first()
    assert row is not None
    assert [r.position for r in await control_sheet.sheet(row["id"])] == [1, 2]


async def test_the_citizen_withdrawing_ends_the_held_step(world: World) -> None:
    citizen, code = await file_at_commune(world)
    await act(world, await staff(COMMUNE, "officer"), code, "receive")
    await world.transitions.withdraw(citizen, code, "Không cần nữa")
    row = await Dossier.select(Dossier.id, Dossier.finished_at).where(Dossier.code == code)
    sheet = await control_sheet.sheet(row[0]["id"])
    assert sheet[-1].outcome == "withdrawn" and not sheet[-1].open
    assert row[0]["finished_at"] is not None


async def test_the_due_date_moves_by_the_time_the_citizen_took(world: World) -> None:
    """Filed 09:00, due 17:00; a supplement asked at 10:00 and sent at 14:00 (2.5 working
    hours later, lunch excluded) moves the due date to Tuesday 10:00 (2.5 h into the day)."""
    citizen, code = await file_at_commune(world)
    counter = await staff(COMMUNE, "officer")
    await act(world, counter, code, "receive")
    due = await Dossier.select(Dossier.due_at).where(Dossier.code == code).first()
    assert due is not None and due["due_at"] == dt.datetime(2026, 3, 2, 17, 0, tzinfo=VIETNAM)
    later(world, 60)
    await act(world, counter, code, "request_supplement", items=("Tờ khai",))
    later(world, 4 * 60)
    paper = await world.upload(citizen)
    await world.transitions.supplement(citizen, code, [DocumentChoice(BIRTH_CERTIFICATE, paper)])
    moved = await Dossier.select(Dossier.due_at).where(Dossier.code == code).first()
    assert moved is not None
    assert moved["due_at"] == dt.datetime(2026, 3, 3, 10, 0, tzinfo=VIETNAM)


async def test_a_dossier_waiting_for_the_citizen_cannot_be_received(world: World) -> None:
    """Receiving while papers are awaited would leave the pause open for good."""
    _, code = await file_at_commune(world)
    counter = await staff(COMMUNE, "officer")
    await act(world, counter, code, "request_supplement", items=("Giấy chứng sinh",))
    with pytest.raises(Conflict):
        await act(world, counter, code, "receive")
