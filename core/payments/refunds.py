"""Refunds: giving back all or part of a paid fee, never more than was paid.

The amount is reserved on the payment first (`refunding_vnd`, by a conditional update that
fails when it would pass the amount paid), then the gateway is asked, then the reservation
becomes a refund or is released. Two refunds asked at once therefore cannot together exceed
the payment, even at the gateway: the second is refused before the gateway hears of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from core import database, rows
from core.clock import Clock
from core.errors import Conflict, InvalidInput, NotFound, Unavailable
from core.identity import audit
from core.identity.actor import Actor, Context
from core.outbox import messages
from core.payments import ledger, notices
from core.payments.checkout import GATEWAY_DOWN, RETRY_AFTER_S
from core.payments.fees import in_dong
from core.payments.ledger import PaymentRecord
from core.payments.ports import (
    GatewayName,
    GatewayUnavailable,
    PaymentGateway,
    PaymentState,
    RefundOutcome,
    RefundRequest,
)
from core.payments.tables import Payment, PaymentRefund
from core.text import fold

NOT_FOUND = "Không tìm thấy khoản thanh toán"
MAX_REASON = 1000
_RESERVE = (
    "UPDATE payment SET refunding_vnd = refunding_vnd + {} "
    "WHERE id = {} AND state IN ('paid', 'partly_refunded') "
    "AND refunded_vnd + refunding_vnd + {} <= amount_vnd RETURNING id"
)
_RELEASE = "UPDATE payment SET refunding_vnd = refunding_vnd - {} WHERE id = {}"
_BOOK = (
    "UPDATE payment SET refunded_vnd = refunded_vnd + {}, refunding_vnd = refunding_vnd - {}, "
    "state = CASE WHEN refunded_vnd + {} >= amount_vnd THEN 'refunded' "
    "ELSE 'partly_refunded' END "
    "WHERE id = {} RETURNING refunded_vnd, state"
)


@dataclasses.dataclass(frozen=True, slots=True)
class RefundResult:
    refund_id: int
    payment_id: int
    amount_vnd: int  # given back now
    refunded_vnd: int  # given back in all
    state: PaymentState
    transaction_no: str


def may_refund(actor: Actor, holding_unit_id: int) -> bool:
    """An admin, or the head of the unit holding the dossier: giving money back is a decision,
    not a counter task."""
    is_head = actor.has_role("head") and actor.unit_id == holding_unit_id
    return actor.has_role("admin") or is_head


class Refunds:
    def __init__(self, clock: Clock, gateways: Mapping[GatewayName, PaymentGateway]) -> None:
        self._clock = clock
        self._gateways = gateways

    async def refund(
        self, ctx: Context, payment_id: int, amount_vnd: int, reason: str
    ) -> RefundResult:
        payment = await ledger.by_id(payment_id)
        if payment is None or not may_refund(ctx.actor, payment.holding_unit_id):
            raise NotFound(NOT_FOUND)
        if payment.state not in ledger.REFUNDABLE_STATES:
            label = notices.STATE_LABELS[payment.state]
            raise Conflict(f"Khoản thanh toán đang ở trạng thái “{label}”, không hoàn được")
        reason = reason.strip()[:MAX_REASON]
        if not reason:
            raise InvalidInput.one("reason", "Cần ghi lý do hoàn tiền")
        _check_amount(amount_vnd, payment.refundable_vnd)
        port = self._gateways.get(payment.gateway)
        if port is None:
            raise Conflict("Cổng thanh toán của khoản này chưa được cấu hình, chưa hoàn được")
        if not await _reserve(payment.id, amount_vnd):
            fresh = await ledger.by_id(payment.id)
            _check_amount(amount_vnd, fresh.refundable_vnd if fresh else 0)
            raise Conflict("Khoản thanh toán vừa thay đổi; hãy tải lại trang")
        outcome = await self._ask(port, ctx, payment, amount_vnd, reason)
        return await _book(ctx, payment, amount_vnd, reason, outcome, self._clock.now())

    async def _ask(
        self,
        port: PaymentGateway,
        ctx: Context,
        payment: PaymentRecord,
        amount_vnd: int,
        reason: str,
    ) -> RefundOutcome:
        """The gateway's answer; the reservation is released unless the gateway said yes."""
        request = RefundRequest(
            txn_ref=payment.txn_ref,
            amount_vnd=amount_vnd,
            full=amount_vnd == payment.amount_vnd,
            transaction_no=payment.transaction_no,
            ordered_at=payment.created_at,  # VNPay TransactionDate: the pay request's date
            created_by=fold(ctx.actor.label)[:64] or "motcua",
            client_ip=ctx.client,
            reason=fold(reason)[:255],
        )
        outcome: RefundOutcome | None = None
        try:
            outcome = await port.refund(request, self._clock.now())
        except GatewayUnavailable as error:
            raise Unavailable(GATEWAY_DOWN, RETRY_AFTER_S) from error
        finally:
            if outcome is None or not outcome.ok:
                await _release(payment.id, amount_vnd)
        if not outcome.ok:
            raise Conflict(f"Cổng thanh toán từ chối hoàn tiền (mã {outcome.response_code})")
        return outcome


def _check_amount(amount_vnd: int, refundable_vnd: int) -> None:
    if refundable_vnd <= 0:
        raise Conflict("Khoản thanh toán này đã được hoàn hết")
    if not 0 < amount_vnd <= refundable_vnd:
        raise InvalidInput.one(
            "amount_vnd",
            f"Số tiền hoàn phải lớn hơn 0 và nhiều nhất {in_dong(refundable_vnd)}",
        )


async def _reserve(payment_id: int, amount_vnd: int) -> bool:
    async with database.write_transaction(Payment._meta.db):
        reserved = await Payment.raw(_RESERVE, amount_vnd, payment_id, amount_vnd)
    return bool(reserved)


async def _release(payment_id: int, amount_vnd: int) -> None:
    async with database.write_transaction(Payment._meta.db):
        await Payment.raw(_RELEASE, amount_vnd, payment_id)


async def _book(
    ctx: Context,
    payment: PaymentRecord,
    amount_vnd: int,
    reason: str,
    outcome: RefundOutcome,
    now: dt.datetime,
) -> RefundResult:
    """The gateway gave the money back: turn the reservation into a refund, in one transaction."""
    async with database.write_transaction(Payment._meta.db):
        booked = await Payment.raw(_BOOK, amount_vnd, amount_vnd, amount_vnd, payment.id)
        refunded_vnd, state = int(booked[0]["refunded_vnd"]), PaymentState(booked[0]["state"])
        refund_id = await _refund_row(ctx, payment, amount_vnd, reason, outcome, now)
        await audit.record(
            ctx,
            "payment.refunded",
            object_type="payment",
            object_id=payment.id,
            before={"state": payment.state.value, "refunded_vnd": payment.refunded_vnd},
            after={"state": state.value, "refunded_vnd": refunded_vnd, "amount_vnd": amount_vnd},
            detail=f"{payment.dossier_code}: {reason}",
            unit_code=payment.holding_unit_code,
        )
        await messages.enqueue(
            notices.refunded(payment.dossier_code, amount_vnd, payment.gateway),
            now=now,
            citizen_id=payment.owner_id,
        )
    return RefundResult(
        refund_id=refund_id,
        payment_id=payment.id,
        amount_vnd=amount_vnd,
        refunded_vnd=refunded_vnd,
        state=state,
        transaction_no=outcome.transaction_no,
    )


async def _refund_row(
    ctx: Context,
    payment: PaymentRecord,
    amount_vnd: int,
    reason: str,
    outcome: RefundOutcome,
    now: dt.datetime,
) -> int:
    inserted = await rows.insert(
        PaymentRefund,
        [
            {
                "payment": payment.id,
                "amount_vnd": amount_vnd,
                "full": amount_vnd == payment.amount_vnd,
                "reason": reason,
                "by_kind": ctx.actor.kind,
                "by_id": ctx.actor.id,
                "by_label": ctx.actor.label[:200],
                "at": now,
                "response_code": outcome.response_code[:16],
                "transaction_no": outcome.transaction_no[:64],
            }
        ],
        returning="id",
    )
    return int(inserted[0]["id"])
