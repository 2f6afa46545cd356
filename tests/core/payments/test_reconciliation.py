"""Reconciling open payments (core.payments.reconciliation): a lost IPN still pays, silence past
expiry expires, a gateway that does not answer leaves things as they are, and two runs at once
change each payment once."""

from __future__ import annotations

import asyncio

from core.identity.tables import AuditEntry
from core.payments.ports import PaymentState
from core.payments.reconciliation import ReconcileReport
from core.payments.tables import EReceipt, Payment, PaymentNotice
from tests.core.payments.conftest import Ledger, notice


async def state_of(payment_id: int) -> PaymentState:
    row = await Payment.select(Payment.state).where(Payment.id == payment_id).first()
    assert row is not None
    return PaymentState(row["state"])


async def test_a_lost_ipn_is_found_by_the_query(ledger: Ledger) -> None:
    """Paid at the gateway, no IPN: the query's answer settles it, with its receipt."""
    _, _, started = await ledger.started()
    answer = await notice(started)
    ledger.gateway.answers[answer.txn_ref] = answer
    ledger.later(6)
    report = await ledger.service.reconcile()
    assert report == ReconcileReport(settled=1)
    assert await state_of(started.payment_id) is PaymentState.PAID
    assert await EReceipt.count() == 1
    assert len(ledger.side.calls) == 1
    logged = await PaymentNotice.select(PaymentNotice.source, PaymentNotice.settlement)
    assert logged == [{"source": "query", "settlement": "confirmed"}]


async def test_a_query_saying_failed_marks_failed(ledger: Ledger) -> None:
    _, _, started = await ledger.started()
    answer = await notice(started, success=False)
    ledger.gateway.answers[answer.txn_ref] = answer
    ledger.later(6)
    assert await ledger.service.reconcile() == ReconcileReport(failed=1)
    assert await state_of(started.payment_id) is PaymentState.FAILED


async def test_young_attempts_are_not_asked_about(ledger: Ledger) -> None:
    """Under five minutes old, the payer may still be on the gateway's page."""
    await ledger.started()
    ledger.later(4)
    assert await ledger.service.reconcile() == ReconcileReport()
    assert ledger.gateway.queries == []


async def test_silence_before_expiry_leaves_it_pending(ledger: Ledger) -> None:
    _, _, started = await ledger.started()
    ledger.later(10)
    assert await ledger.service.reconcile() == ReconcileReport(pending=1)
    assert await state_of(started.payment_id) is PaymentState.PENDING


async def test_silence_after_expiry_expires_it(ledger: Ledger) -> None:
    """Past its 15 minutes and unknown to the gateway: expired, audited, once."""
    _, _, started = await ledger.started()
    ledger.later(16)
    assert await ledger.service.reconcile() == ReconcileReport(expired=1)
    assert await state_of(started.payment_id) is PaymentState.EXPIRED
    assert await AuditEntry.count().where(AuditEntry.action == "payment.expired") == 1
    assert await ledger.service.reconcile() == ReconcileReport()


async def test_a_gateway_that_does_not_answer_leaves_it_pending(ledger: Ledger) -> None:
    """Counted as unavailable and tried again on the next run, even past expiry."""
    _, _, started = await ledger.started()
    ledger.gateway.down = True
    ledger.later(30)
    assert await ledger.service.reconcile() == ReconcileReport(unavailable=1)
    assert await state_of(started.payment_id) is PaymentState.PENDING
    ledger.gateway.down = False
    answer = await notice(started)
    ledger.gateway.answers[answer.txn_ref] = answer
    assert await ledger.service.reconcile() == ReconcileReport(settled=1)


async def test_an_ipn_that_came_first_wins(ledger: Ledger) -> None:
    """Already settled by the IPN: the payment is not asked about again."""
    await ledger.paid()
    ledger.later(6)
    assert await ledger.service.reconcile() == ReconcileReport()
    assert ledger.gateway.queries == []


async def test_two_runs_at_once_settle_once(ledger: Ledger) -> None:
    """Concurrent runs: one receipt and one dossier call per payment; the totals add up."""
    paid = [await ledger.started() for _ in range(2)]
    for _, _, started in paid:
        answer = await notice(started)
        ledger.gateway.answers[answer.txn_ref] = answer
    _, _, stale = await ledger.started()
    ledger.later(20)
    ledger.gateway.pause = 0.02
    first, second = await asyncio.gather(ledger.service.reconcile(), ledger.service.reconcile())
    assert first.settled + second.settled == 2
    assert first.expired + second.expired == 1
    assert await EReceipt.count() == 2
    assert len(ledger.side.calls) == 2
    assert await state_of(stale.payment_id) is PaymentState.EXPIRED
    assert await AuditEntry.count().where(AuditEntry.action == "payment.expired") == 1
