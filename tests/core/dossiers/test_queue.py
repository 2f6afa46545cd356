"""The unit's queue (core.dossiers.queue): filters and counts as time passes, order by time left,
and who gets a queue at all."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

import msgspec
import pytest

from core.calendar.service import CalendarService
from core.dossiers import procedures
from core.dossiers.actions import ActionRequest
from core.dossiers.procedures import FrozenProcedures
from core.dossiers.queue import DossierQueue, QueueFilter, QueueQuery
from core.dossiers.status import Status
from core.dossiers.tables import Dossier
from core.errors import InvalidInput, PermissionDenied
from core.identity.actor import Actor, Context
from core.identity.tables import Unit
from tests.core.dossiers.conftest import MONDAY_9, World

COMMUNE = "000.10.11.H56"  # UBND phường Hạc Thành (demo units)
JUSTICE = "000.00.01.H56"  # Sở Tư pháp
ALL_ZERO = dict.fromkeys(QueueFilter, 0)


async def staff_at(unit_code: str, *roles: str, staff_id: int = 7) -> Context:
    """An officer (or head) of `unit_code`; the id is what "mine" compares."""
    unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
    assert unit is not None
    actor = Actor("staff", staff_id, f"canbo{staff_id}", frozenset(roles or ("officer",)))
    return Context(dataclasses.replace(actor, unit_id=unit["id"], unit_code=unit_code), "10.0.0.2")


async def file_birth(world: World, *, at: dt.datetime | None = None) -> str:
    """A birth registration filed online at the commune (same day, 15:00 cut-off)."""
    if at is not None:
        world.clock.advance(at - world.clock.now())
    citizen = await world.citizen(f"+8491{secrets.randbelow(10**7):07d}")
    submission = dataclasses.replace(await world.birth(citizen), unit_code=COMMUNE)
    return (await world.submissions.submit(citizen, submission, secrets.token_hex(8))).code


def queue_of(world: World) -> DossierQueue:
    return DossierQueue(world.clock, CalendarService(world.clock))


def monday(hour: int, minute: int = 0) -> dt.datetime:
    return MONDAY_9.replace(hour=hour, minute=minute)


async def test_new_dossiers_with_counts_and_least_time_first(world: World) -> None:
    """At 15:30 the 09:00 dossier (1 h 30 left, due today) comes before the 15:30 one (after the
    cut-off: a full day from tomorrow); both are new and due soon."""
    early = await file_birth(world)
    late = await file_birth(world, at=monday(15, 30))
    found = await queue_of(world).for_actor(await staff_at(COMMUNE))
    assert [i.code for i in found.items] == [early, late]
    assert found.counts == {
        **ALL_ZERO,
        QueueFilter.ALL: 2,
        QueueFilter.NEW: 2,
        QueueFilter.DUE_TODAY: 1,
        QueueFilter.DUE_SOON: 2,
    }
    first = found.items[0]
    assert first.left == dt.timedelta(hours=1, minutes=30)
    assert first.due == monday(17)
    assert first.verdict == "in_time" and first.status is Status.SUBMITTED and first.step_name == ""


async def test_overdue_once_time_passes(world: World) -> None:
    """Tuesday 09:00: the Monday 09:00 dossier is 1 h 30 late, the other one is due today."""
    early = await file_birth(world)
    late = await file_birth(world, at=monday(15, 30))
    world.clock.advance(monday(9) + dt.timedelta(days=1) - world.clock.now())
    queue = queue_of(world)
    officer = await staff_at(COMMUNE)
    overdue = await queue.for_actor(officer, QueueQuery(filter="overdue"))
    assert [i.code for i in overdue.items] == [early]
    assert overdue.items[0].left == -dt.timedelta(hours=1, minutes=30)
    assert overdue.items[0].verdict == "overdue"
    today = await queue.for_actor(officer, QueueQuery(due="today"))
    assert [i.code for i in today.items] == [late]
    assert today.counts[QueueFilter.OVERDUE] == 1 and today.counts[QueueFilter.DUE_TODAY] == 1


async def test_overdue_at_the_close_of_the_due_day(world: World) -> None:
    """Due Monday 17:00 and read at 17:30: no working time is over yet, but the due instant has
    passed, so the queue says overdue (as the morning digest does), not "0 left, due today"."""
    code = await file_birth(world)
    world.clock.advance(monday(17, 30) - world.clock.now())
    found = await queue_of(world).for_actor(await staff_at(COMMUNE), QueueQuery(filter="overdue"))
    assert [i.code for i in found.items] == [code]
    assert found.items[0].left == dt.timedelta(0)
    assert found.counts[QueueFilter.DUE_TODAY] == 0


async def test_a_supplement_request_pauses_it_and_makes_it_mine(world: World) -> None:
    """After my request for papers the dossier is paused (off the due tabs) and mine, not my
    colleague's; the clock keeps the time that was left."""
    code = await file_birth(world)
    me, colleague = await staff_at(COMMUNE, staff_id=7), await staff_at(COMMUNE, staff_id=8)
    world.clock.advance(dt.timedelta(hours=1))  # 10:00
    await world.workflow.act(
        me, code, ActionRequest("request_supplement", items=("Giấy chứng sinh",))
    )
    world.clock.advance(dt.timedelta(days=2))  # Wednesday: long past the due date, but paused
    queue = queue_of(world)
    found = await queue.for_actor(me)
    item = found.items[0]
    assert item.filters == {QueueFilter.ALL, QueueFilter.PAUSED, QueueFilter.MINE}
    assert item.clock is not None and item.clock.state == "paused"
    assert item.left == dt.timedelta(hours=5, minutes=30)
    assert found.counts[QueueFilter.PAUSED] == 1 and found.counts[QueueFilter.MINE] == 1
    theirs = await queue.for_actor(colleague, QueueQuery(filter="mine"))
    assert theirs.items == () and theirs.counts[QueueFilter.MINE] == 0


async def test_received_dossier_shows_its_step_and_leaves_with_a_forward(world: World) -> None:
    """Received: no longer new, at the appraisal step; forwarded to the department, it leaves
    the commune's queue and enters the department's."""
    await world.processes.load_bundled()
    code = await file_birth(world)
    officer = await staff_at(COMMUNE)
    await world.workflow.act(officer, code, ActionRequest("receive"))
    queue = queue_of(world)
    item = (await queue.for_actor(officer)).items[0]
    assert item.status is Status.RECEIVED and QueueFilter.NEW not in item.filters
    assert item.step == 2 and item.step_name.startswith("Công chức tư pháp")
    assert item.received_at == MONDAY_9
    await world.workflow.act(officer, code, ActionRequest("forward", unit=JUSTICE))
    assert (await queue.for_actor(officer)).items == ()
    there = await queue.for_actor(await staff_at(JUSTICE, "head", staff_id=9))
    assert [i.code for i in there.items] == [code] and there.items[0].status is Status.PROCESSING


async def test_done_dossiers_wait_for_return_and_closed_ones_leave(world: World) -> None:
    """A stopped dossier leaves the queue; one with its result ready stays until returned."""
    stopped, approved = await file_birth(world), await file_birth(world)
    officer, head = await staff_at(COMMUNE), await staff_at(COMMUNE, "head", staff_id=9)
    for code in (stopped, approved):
        await world.workflow.act(officer, code, ActionRequest("receive"))
    await world.workflow.act(officer, stopped, ActionRequest("stop", note="Công dân đề nghị dừng"))
    await world.workflow.act(officer, approved, ActionRequest("forward"))
    world.clock.advance(dt.timedelta(hours=1))
    await world.workflow.act(head, approved, ActionRequest("approve"))
    done = (await queue_of(world).for_actor(officer)).items
    assert [(i.code, i.status) for i in done] == [(approved, Status.DONE)]
    assert done[0].clock is not None and done[0].clock.state == "finished"
    assert done[0].verdict == "on_time" and done[0].filters == {QueueFilter.ALL}
    await world.workflow.act(officer, approved, ActionRequest("return_result", via="counter"))
    assert (await queue_of(world).for_actor(officer)).items == ()


async def test_a_procedure_without_numeric_time_sorts_last(world: World) -> None:
    """No allowance in working days: no clock, no due tab, at the end of the list."""
    timeless = await file_birth(world)
    timed = await file_birth(world, at=monday(10))
    row = await Dossier.select(Dossier.procedure).where(Dossier.code == timeless).first()
    assert row is not None
    frozen = await procedures.frozen(row["procedure"])
    changed = msgspec.structs.replace(frozen, same_day=False, cutoff=None, processing_hours=None)
    new_id = await FrozenProcedures().id_for(changed, world.clock.now())
    await Dossier.update({Dossier.procedure: new_id}).where(Dossier.code == timeless)
    found = await queue_of(world).for_actor(await staff_at(COMMUNE))
    assert [i.code for i in found.items] == [timed, timeless]
    assert found.items[1].clock is None and found.items[1].left is None
    assert found.items[1].filters == {QueueFilter.ALL, QueueFilter.NEW}


async def test_status_filter_and_other_units(world: World) -> None:
    """`status` narrows the list, counts stay whole; another unit's officer sees nothing."""
    code = await file_birth(world)
    other = await file_birth(world)
    officer = await staff_at(COMMUNE)
    await world.workflow.act(officer, code, ActionRequest("receive"))
    queue = queue_of(world)
    received = await queue.for_actor(officer, QueueQuery(status="received"))
    assert [i.code for i in received.items] == [code] and received.counts[QueueFilter.ALL] == 2
    assert other not in [i.code for i in received.items]
    elsewhere = await queue.for_actor(await staff_at("000.10.12.H56"))
    assert elsewhere.items == () and elsewhere.counts == ALL_ZERO


async def test_unknown_filters_are_named(world: World) -> None:
    """Every unknown value is one error naming its parameter."""
    with pytest.raises(InvalidInput) as caught:
        await queue_of(world).for_actor(
            await staff_at(COMMUNE), QueueQuery(filter="urgent", status="lost", due="tomorrow")
        )
    assert [e.field for e in caught.value.errors] == ["filter", "status", "due"]


async def test_only_officers_and_heads_of_a_unit_have_a_queue(world: World) -> None:
    """An admin without a unit, and a citizen, are refused."""
    admin = Context(Actor("staff", 1, "quantri", frozenset({"admin"})))
    citizen = await world.citizen()
    for ctx in (admin, citizen):
        with pytest.raises(PermissionDenied):
            await queue_of(world).for_actor(ctx)
