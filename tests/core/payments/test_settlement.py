"""Settling gateway notices (core.payments.settlement): DOMAIN's order of checks, paid or failed
exactly once even under concurrent copies, everything in one transaction, every notice logged."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from core.calendar.service import CalendarService
from core.dossiers.payment_hooks import PaymentHooks
from core.dossiers.tables import Dossier, DossierEvent
from core.identity.tables import AuditEntry
from core.outbox.messages import pending_for_citizen
from core.payments.ports import GatewayName, PaymentState, Settlement
from core.payments.service import PaymentService
from core.payments.tables import EReceipt, Payment, PaymentNotice
from tests.core.payments.conftest import BASE_URL, FEE, Ledger, notice


async def state_of(payment_id: int) -> PaymentState:
    row = await Payment.select(Payment.state).where(Payment.id == payment_id).first()
    assert row is not None
    return PaymentState(row["state"])


async def test_a_successful_notice_marks_the_payment_paid(ledger: Ledger) -> None:
    """Paid with the gateway's numbers, a receipt, the dossier side called, the owner told,
    an audit row and the notice logged."""
    citizen, code, started = await ledger.started()
    assert await ledger.service.settle(await notice(started)) is Settlement.CONFIRMED
    row = await Payment.select().where(Payment.id == started.payment_id).first()
    assert row is not None
    assert row["state"] == PaymentState.PAID
    assert (row["transaction_no"], row["bank_code"], row["response_code"]) == (
        "14226112",
        "NCB",
        "00",
    )
    assert row["paid_at"] is not None
    assert await EReceipt.count().where(EReceipt.payment == started.payment_id) == 1
    dossier = await Dossier.select(Dossier.id, Dossier.paid).where(Dossier.code == code).first()
    assert dossier is not None and dossier["paid"]
    assert ledger.side.calls == [(dossier["id"], started.payment_id, FEE)]
    assert citizen.actor.id is not None
    messages = await pending_for_citizen(citizen.actor.id)
    paid = [m for m in messages if m["topic"] == "payment.paid"]
    assert paid[0]["subject"] == f"Đã nhận thanh toán phí hồ sơ {code}"
    assert paid[0]["link"] == f"/dossiers/{code}/e-receipt"
    assert "30.000 đồng" in paid[0]["body"]
    audit = await AuditEntry.select().where(AuditEntry.action == "payment.paid").first()
    assert audit is not None
    assert audit["object_id"] == str(started.payment_id)
    assert audit["unit_code"]
    logged = await PaymentNotice.select().where(PaymentNotice.payment == started.payment_id)
    assert [(n["source"], n["settlement"]) for n in logged] == [("ipn", "confirmed")]


async def test_an_unknown_order_is_not_found(ledger: Ledger) -> None:
    """VNPay 01: no payment has that reference (or it belongs to another gateway)."""
    _, _, started = await ledger.started()
    real = await notice(started)
    unknown = dataclasses.replace(real, txn_ref="20260302ffffffffffffffffffff")
    assert await ledger.service.settle(unknown) is Settlement.NOT_FOUND
    elsewhere = dataclasses.replace(real, gateway=GatewayName.MOMO)
    assert await ledger.service.settle(elsewhere) is Settlement.NOT_FOUND
    assert await state_of(started.payment_id) is PaymentState.PENDING
    logged = await PaymentNotice.select().order_by(PaymentNotice.id)
    assert [(n["payment"], n["settlement"]) for n in logged] == [
        (None, "not_found"),
        (None, "not_found"),
    ]


async def test_a_different_amount_is_refused(ledger: Ledger) -> None:
    """VNPay 04: the amount is checked before the state, and nothing changes."""
    _, _, started = await ledger.started()
    wrong = await notice(started, amount_vnd=FEE - 1)
    assert await ledger.service.settle(wrong) is Settlement.BAD_AMOUNT
    assert await state_of(started.payment_id) is PaymentState.PENDING
    assert ledger.side.calls == []
    assert await PaymentNotice.count().where(PaymentNotice.settlement == "bad_amount") == 1


async def test_the_amount_is_checked_before_the_state(ledger: Ledger) -> None:
    """A paid payment, a wrong amount: bad amount (04), not already confirmed (02)."""
    _, _, started = await ledger.paid()
    wrong = await notice(started, amount_vnd=FEE * 2)
    assert await ledger.service.settle(wrong) is Settlement.BAD_AMOUNT


async def test_a_replay_after_success_changes_nothing(ledger: Ledger) -> None:
    """VNPay 02: the same notice again is already confirmed; one receipt, one dossier call."""
    _, _, started = await ledger.paid()
    again = await notice(started)
    assert await ledger.service.settle(again) is Settlement.ALREADY_CONFIRMED
    assert await ledger.service.settle(again) is Settlement.ALREADY_CONFIRMED
    assert await EReceipt.count() == 1
    assert len(ledger.side.calls) == 1
    assert await PaymentNotice.count() == 3


async def test_a_late_failure_after_success_changes_nothing(ledger: Ledger) -> None:
    """A failure notice for a paid payment leaves it paid."""
    _, _, started = await ledger.paid()
    late = await notice(started, success=False)
    assert await ledger.service.settle(late) is Settlement.ALREADY_CONFIRMED
    assert await state_of(started.payment_id) is PaymentState.PAID


async def test_a_failure_marks_failed_and_a_later_success_is_refused(ledger: Ledger) -> None:
    """Failed once, the owner told; a success notice after that is already confirmed and the
    dossier stays unpaid (the owner starts a new payment)."""
    citizen, code, started = await ledger.started()
    failed = await notice(started, success=False)
    assert await ledger.service.settle(failed) is Settlement.CONFIRMED
    assert await state_of(started.payment_id) is PaymentState.FAILED
    assert citizen.actor.id is not None
    topics = [m["topic"] for m in await pending_for_citizen(citizen.actor.id)]
    assert "payment.failed" in topics
    assert await ledger.service.settle(await notice(started)) is Settlement.ALREADY_CONFIRMED
    assert await state_of(started.payment_id) is PaymentState.FAILED
    assert ledger.side.calls == []
    assert await EReceipt.count() == 0
    again = await ledger.service.start(citizen, code, GatewayName.VNPAY, "203.0.113.9")
    assert again.payment_id != started.payment_id


async def test_five_identical_notices_at_once_settle_once(ledger: Ledger) -> None:
    """Concurrent IPNs: exactly one confirmed, one receipt, one dossier call, five logged."""
    _, _, started = await ledger.started()
    same = await notice(started)
    results = await asyncio.gather(*(ledger.service.settle(same) for _ in range(5)))
    assert sorted(results) == sorted([Settlement.CONFIRMED] + [Settlement.ALREADY_CONFIRMED] * 4)
    assert await state_of(started.payment_id) is PaymentState.PAID
    assert await EReceipt.count() == 1
    assert len(ledger.side.calls) == 1
    assert await AuditEntry.count().where(AuditEntry.action == "payment.paid") == 1
    assert await PaymentNotice.count() == 5


async def test_the_dossier_side_runs_inside_the_transaction(ledger: Ledger) -> None:
    """If on_paid raises, nothing is written: still pending, no receipt, no notice, no audit,
    the dossier not paid; the error reaches the IPN route (which answers 99, so VNPay retries)."""
    citizen, code, started = await ledger.started()
    ledger.side.fail = True
    with pytest.raises(RuntimeError):
        await ledger.service.settle(await notice(started))
    assert await state_of(started.payment_id) is PaymentState.PENDING
    assert await EReceipt.count() == 0
    assert await PaymentNotice.count() == 0
    assert await AuditEntry.count().where(AuditEntry.action == "payment.paid") == 0
    dossier = await Dossier.select(Dossier.paid).where(Dossier.code == code).first()
    assert dossier is not None and not dossier["paid"]
    assert citizen.actor.id is not None
    assert [m["topic"] for m in await pending_for_citizen(citizen.actor.id)].count(
        "payment.paid"
    ) == 0
    ledger.side.fail = False
    assert await ledger.service.settle(await notice(started)) is Settlement.CONFIRMED
    assert await EReceipt.count() == 1


async def test_the_return_page_view_has_no_personal_data(ledger: Ledger) -> None:
    """Reference, gateway, dossier code, amount, state; unknown references are None."""
    _, code, started = await ledger.started()
    received = await notice(started)
    view = await ledger.service.view(received.txn_ref)
    assert view is not None
    assert (view.dossier_code, view.amount_vnd, view.state) == (code, FEE, PaymentState.PENDING)
    assert set(dataclasses.asdict(view)) == {
        "txn_ref",
        "gateway",
        "dossier_code",
        "amount_vnd",
        "state",
    }
    assert await ledger.service.view("nothing") is None


async def test_the_browser_return_is_logged_but_never_settles(ledger: Ledger) -> None:
    """A signed return saying success: logged as "return", the payment still pending."""
    _, _, started = await ledger.started()
    view = await ledger.service.record_return(await notice(started))
    assert view is not None and view.state is PaymentState.PENDING
    assert await state_of(started.payment_id) is PaymentState.PENDING
    logged = await PaymentNotice.select(PaymentNotice.source, PaymentNotice.settlement)
    assert logged == [{"source": "return", "settlement": ""}]


async def test_with_the_dossiers_own_hook_the_dossier_is_paid(ledger: Ledger) -> None:
    """Wired to core.dossiers.payment_hooks as the app does: the dossier is marked paid and its
    timeline says so, in the settlement's transaction, on either database."""
    hooks = PaymentHooks(CalendarService(ledger.world.clock))
    service = PaymentService(
        ledger.world.clock, {GatewayName.VNPAY: ledger.gateway}, BASE_URL, hooks.mark_paid
    )
    _, code, started = await ledger.started()
    assert await service.settle(await notice(started)) is Settlement.CONFIRMED
    dossier = await Dossier.select(Dossier.id, Dossier.paid).where(Dossier.code == code).first()
    assert dossier is not None and dossier["paid"]
    notes = await DossierEvent.select(DossierEvent.note).where(
        DossierEvent.dossier == dossier["id"]
    )
    assert any(n["note"].startswith("Đã thanh toán phí") for n in notes)
