"""A settled payment's effect on its dossier (core.dossiers.payment_hooks): marked paid with a
timeline line and an audit row, inside the ledger's transaction; only a dossier waiting for the
payment changes status (see test_request_payment for that)."""

from __future__ import annotations

from typing import Any

import pytest

from core import database
from core.calendar.service import CalendarService
from core.dossiers.payment_hooks import PaymentHooks
from core.dossiers.status import Status
from core.dossiers.tables import Dossier, DossierEvent, DossierPause
from core.identity.actor import Context
from core.identity.tables import AuditEntry
from tests.core.dossiers.conftest import World

PAID_NOTE = "Đã thanh toán phí, lệ phí 8.000 đồng"


async def filed(world: World) -> tuple[Context, str, dict[str, Any]]:
    """A birth registration just filed online (status 1), as the ledger would find it."""
    citizen = await world.citizen()
    code = (await world.submissions.submit(citizen, await world.birth(citizen), "key-hook-01")).code
    row = await Dossier.select().where(Dossier.code == code).first()
    assert row is not None
    return citizen, code, row


async def mark_paid(world: World, dossier_id: int, amount: int = 8_000) -> None:
    """As the ledger calls it: inside its write transaction."""
    hooks = PaymentHooks(CalendarService(world.clock))
    async with database.write_transaction(Dossier._meta.db):
        await hooks.mark_paid(dossier_id, 17, amount, world.clock.now())


async def events_of(dossier_id: int) -> list[dict[str, Any]]:
    return list(
        await DossierEvent.select()
        .where(DossierEvent.dossier == dossier_id)
        .order_by(DossierEvent.id)
    )


async def test_a_submitted_dossier_is_only_marked_paid(world: World) -> None:
    """Paid, same status, same due date, no pause; one timeline line from and to "submitted"."""
    _, code, before = await filed(world)
    await mark_paid(world, before["id"])
    after = await Dossier.select().where(Dossier.code == code).first()
    assert after is not None
    assert (after["paid"], after["status"], after["due_at"]) == (
        True,
        "submitted",
        before["due_at"],
    )
    assert await DossierPause.count().where(DossierPause.dossier == before["id"]) == 0
    event = (await events_of(before["id"]))[-1]
    assert (event["from_status"], event["to_status"], event["note"]) == (
        "submitted",
        "submitted",
        PAID_NOTE,
    )
    assert (event["actor_kind"], event["actor_label"]) == ("system", "Thanh toán trực tuyến")


async def test_the_citizen_sees_the_payment_on_the_timeline(world: World) -> None:
    """The owner's view of the dossier shows paid and the plain-Vietnamese line."""
    citizen, code, row = await filed(world)
    await mark_paid(world, row["id"])
    view = await world.views.get(citizen, code)
    assert view.summary.paid
    assert (view.timeline[-1].status, view.timeline[-1].note) == (Status.SUBMITTED, PAID_NOTE)


async def test_an_audit_row_names_the_payment(world: World) -> None:
    """Who: the payment (system); what: dossier.paid with the payment id."""
    _, code, row = await filed(world)
    await mark_paid(world, row["id"])
    audit = (
        await AuditEntry.select()
        .where(AuditEntry.action == "dossier.paid")
        .output(load_json=True)
        .first()
    )
    assert audit is not None
    assert (audit["object_id"], audit["actor_kind"]) == (code, "system")
    assert audit["after"] == {"status": "submitted", "paid": True, "payment": 17}


async def test_it_rolls_back_with_the_ledgers_transaction(world: World) -> None:
    """If the settle fails after calling it, the dossier is not paid and has no new line."""
    _, _, row = await filed(world)
    hooks = PaymentHooks(CalendarService(world.clock))

    async def settle_then_fail() -> None:
        async with database.write_transaction(Dossier._meta.db):
            await hooks.mark_paid(row["id"], 17, 8_000, world.clock.now())
            raise RuntimeError("the ledger failed after the hook")

    with pytest.raises(RuntimeError):
        await settle_then_fail()
    after = await Dossier.select(Dossier.paid).where(Dossier.id == row["id"]).first()
    assert after == {"paid": False}
    assert [e["note"] for e in await events_of(row["id"])] == ["Nộp hồ sơ trực tuyến"]


async def test_a_withdrawn_dossier_stays_withdrawn(world: World) -> None:
    """A payment landing after the citizen withdrew marks it paid (for a refund), nothing more."""
    citizen, code, row = await filed(world)
    await world.transitions.withdraw(citizen, code)
    await mark_paid(world, row["id"])
    after = (
        await Dossier.select(Dossier.status, Dossier.paid).where(Dossier.id == row["id"]).first()
    )
    assert after == {"status": "withdrawn", "paid": True}
    assert (await events_of(row["id"]))[-1]["to_status"] == "withdrawn"


async def test_an_unknown_dossier_is_left_alone(world: World) -> None:
    """No dossier with that id: nothing written, nothing raised."""
    await mark_paid(world, 999_999)
    assert await DossierEvent.count() == 0
