"""Settling a verified gateway notice: the one place a payment becomes paid or failed.

The checks run in the order VNPay's IPN prescribes (DOMAIN.md): the order exists, the amount is
the order's, the payment is still open. Success is written whole in one write transaction: the
payment, its e-receipt, the dossier's side (`on_paid`), the owner's notice, the audit row and the
notice log. The state changes by a conditional update ("where still open"), so of several copies
of one notice arriving together exactly one settles and the others find it already confirmed.
A well-formed notice never raises; only a fault in the dossier's side would, and then nothing is
written and the gateway, getting no confirmation, retries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Protocol

from piccolo.columns import Column

from core import database
from core.clock import Clock
from core.errors import NotFound
from core.identity import audit
from core.identity.actor import SYSTEM, Context
from core.outbox import messages
from core.payments import ledger, notices
from core.payments.ledger import NoticeSource, PaymentRecord
from core.payments.ports import GatewayName, GatewayNotice, PaymentState, Settlement
from core.payments.receipts import Receipts
from core.payments.tables import Payment


class OnPaid(Protocol):
    """The dossier's side of a payment (marks it paid, logs it, resumes it if it waited).

    Called inside the settlement's transaction: if it raises, the payment stays open.
    """

    async def __call__(
        self, dossier_id: int, payment_id: int, amount_vnd: int, now: dt.datetime
    ) -> None: ...


def gateway_context(gateway: GatewayName, source: NoticeSource) -> Context:
    """Who the audit log names for a change a gateway's notice caused."""
    return Context(dataclasses.replace(SYSTEM, label=f"gateway:{gateway.value}"), source)


class Settlements:
    def __init__(self, clock: Clock, on_paid: OnPaid, receipts: Receipts) -> None:
        self._clock = clock
        self._on_paid = on_paid
        self._receipts = receipts

    async def settle(self, notice: GatewayNotice, source: NoticeSource = "ipn") -> Settlement:
        """Order, then amount, then state; marks paid or failed at most once, atomically."""
        now = self._clock.now()
        payment = await ledger.by_ref(notice.txn_ref)
        if payment is None or payment.gateway is not notice.gateway:
            outcome = Settlement.NOT_FOUND
        elif notice.amount_vnd != payment.amount_vnd:
            outcome = Settlement.BAD_AMOUNT
        elif payment.state not in ledger.OPEN_STATES:
            outcome = Settlement.ALREADY_CONFIRMED
        elif notice.success:
            return await self._paid(payment, notice, source, now)
        else:
            return await self._failed(payment, notice, source, now)
        payment_id = payment.id if payment and outcome is not Settlement.NOT_FOUND else None
        await ledger.note(notice, source=source, settlement=outcome, payment_id=payment_id, at=now)
        return outcome

    async def _paid(
        self, payment: PaymentRecord, notice: GatewayNotice, source: NoticeSource, now: dt.datetime
    ) -> Settlement:
        dossier = await ledger.dossier_by_id(payment.dossier_id)
        if dossier is None:  # dossiers are never deleted; a payment always has one
            raise NotFound(ledger.DOSSIER_NOT_FOUND)
        async with database.write_transaction(Payment._meta.db):
            if not await _close(payment, PaymentState.PAID, notice, now):
                return await _already(payment, notice, source, now)
            number = await self._receipts.issue(payment, dossier, notice.transaction_no, now)
            await self._on_paid(payment.dossier_id, payment.id, payment.amount_vnd, now)
            await messages.enqueue(
                notices.paid(payment.dossier_code, payment.amount_vnd, payment.gateway, number),
                now=now,
                citizen_id=payment.owner_id,
            )
            await _audit(payment, PaymentState.PAID, notice, source, receipt=number)
            await ledger.note(
                notice,
                source=source,
                settlement=Settlement.CONFIRMED,
                payment_id=payment.id,
                at=now,
            )
        return Settlement.CONFIRMED

    async def _failed(
        self, payment: PaymentRecord, notice: GatewayNotice, source: NoticeSource, now: dt.datetime
    ) -> Settlement:
        async with database.write_transaction(Payment._meta.db):
            if not await _close(payment, PaymentState.FAILED, notice, now):
                return await _already(payment, notice, source, now)
            await messages.enqueue(
                notices.failed(payment.dossier_code, payment.gateway),
                now=now,
                citizen_id=payment.owner_id,
            )
            await _audit(payment, PaymentState.FAILED, notice, source)
            await ledger.note(
                notice,
                source=source,
                settlement=Settlement.CONFIRMED,
                payment_id=payment.id,
                at=now,
            )
        return Settlement.CONFIRMED


async def _close(
    payment: PaymentRecord, state: PaymentState, notice: GatewayNotice, now: dt.datetime
) -> bool:
    """Move an open payment to `state`; False when another notice closed it first."""
    values: dict[Column | str, Any] = {
        Payment.state: state.value,
        Payment.transaction_no: notice.transaction_no[:64],
        Payment.bank_code: notice.bank_code[:32],
        Payment.response_code: notice.response_code[:16],
    }
    if state is PaymentState.PAID:
        values[Payment.paid_at] = notice.paid_at or now
    changed = (
        await Payment.update(values)
        .where((Payment.id == payment.id) & Payment.state.is_in(list(ledger.OPEN_STATES)))
        .returning(Payment.id)
    )
    return bool(changed)


async def _already(
    payment: PaymentRecord, notice: GatewayNotice, source: NoticeSource, now: dt.datetime
) -> Settlement:
    await ledger.note(
        notice,
        source=source,
        settlement=Settlement.ALREADY_CONFIRMED,
        payment_id=payment.id,
        at=now,
    )
    return Settlement.ALREADY_CONFIRMED


async def _audit(
    payment: PaymentRecord,
    state: PaymentState,
    notice: GatewayNotice,
    source: NoticeSource,
    *,
    receipt: str = "",
) -> None:
    after = {"state": state.value, "response_code": notice.response_code}
    if receipt:
        after["receipt"] = receipt
    await audit.record(
        gateway_context(payment.gateway, source),
        f"payment.{state.value}",
        object_type="payment",
        object_id=payment.id,
        before={"state": payment.state.value},
        after=after,
        detail=f"{payment.dossier_code} {payment.txn_ref}",
        unit_code=payment.holding_unit_code,
    )
