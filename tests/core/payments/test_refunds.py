"""Refunds (core.payments.refunds): full and partial, never more than was paid, even when asked
twice at once; only an admin or the holding unit's head; the gateway's refusal changes nothing."""

from __future__ import annotations

import asyncio

import pytest

from core.errors import Conflict, InvalidInput, NotFound, Unavailable
from core.identity.tables import AuditEntry
from core.outbox.messages import pending_for_citizen
from core.payments.ports import RefundOutcome
from core.payments.tables import Payment, PaymentRefund
from tests.core.payments.conftest import COMMUNE, FEE, OTHER_COMMUNE, Ledger, staff

REASON = "Hồ sơ bị từ chối, hoàn lại lệ phí"


async def amounts(payment_id: int) -> tuple[str, int, int]:
    row = (
        await Payment.select(Payment.state, Payment.refunded_vnd, Payment.refunding_vnd)
        .where(Payment.id == payment_id)
        .first()
    )
    assert row is not None
    return row["state"], row["refunded_vnd"], row["refunding_vnd"]


async def test_a_full_refund(ledger: Ledger) -> None:
    """The whole amount: refunded, a refund row, the gateway asked for a full refund in ASCII,
    the owner told, an audit row."""
    citizen, _, started = await ledger.paid()
    head = await staff(COMMUNE, "head")
    result = await ledger.service.refund(head, started.payment_id, FEE, REASON)
    assert (result.amount_vnd, result.refunded_vnd, result.state) == (FEE, FEE, "refunded")
    assert await amounts(started.payment_id) == ("refunded", FEE, 0)
    request = ledger.gateway.refunds[0]
    assert request.full and request.amount_vnd == FEE
    assert request.transaction_no == "14226112"
    assert request.reason == "ho so bi tu choi hoan lai le phi"
    row = await PaymentRefund.select().where(PaymentRefund.id == result.refund_id).first()
    assert row is not None
    assert (row["amount_vnd"], row["reason"], row["by_id"], row["response_code"]) == (
        FEE,
        REASON,
        7,
        "00",
    )
    assert await AuditEntry.count().where(AuditEntry.action == "payment.refunded") == 1
    assert citizen.actor.id is not None
    topics = [m["topic"] for m in await pending_for_citizen(citizen.actor.id)]
    assert "payment.refunded" in topics


async def test_partial_refunds_up_to_the_amount_paid(ledger: Ledger) -> None:
    """10.000 then 20.000 of 30.000: partly refunded, then refunded; a third is refused."""
    _, _, started = await ledger.paid()
    admin = await staff(OTHER_COMMUNE, "admin")
    first = await ledger.service.refund(admin, started.payment_id, 10_000, REASON)
    assert (first.state, first.refunded_vnd) == ("partly_refunded", 10_000)
    assert not ledger.gateway.refunds[0].full
    second = await ledger.service.refund(admin, started.payment_id, 20_000, REASON)
    assert (second.state, second.refunded_vnd) == ("refunded", FEE)
    with pytest.raises(Conflict):
        await ledger.service.refund(admin, started.payment_id, 1, REASON)


@pytest.mark.parametrize("amount", [0, -5, FEE + 1])
async def test_an_amount_out_of_range_is_refused(ledger: Ledger, amount: int) -> None:
    """The message names the most that can be refunded; the gateway is not asked."""
    _, _, started = await ledger.paid()
    head = await staff(COMMUNE, "head")
    with pytest.raises(InvalidInput) as raised:
        await ledger.service.refund(head, started.payment_id, amount, REASON)
    assert "30.000 đồng" in raised.value.message
    assert raised.value.errors[0].field == "amount_vnd"
    assert ledger.gateway.refunds == []


async def test_over_refunding_after_a_partial_refund_names_the_rest(ledger: Ledger) -> None:
    _, _, started = await ledger.paid()
    head = await staff(COMMUNE, "head")
    await ledger.service.refund(head, started.payment_id, 25_000, REASON)
    with pytest.raises(InvalidInput, match=r"nhiều nhất 5\.000 đồng"):
        await ledger.service.refund(head, started.payment_id, 10_000, REASON)


async def test_a_reason_is_required(ledger: Ledger) -> None:
    _, _, started = await ledger.paid()
    head = await staff(COMMUNE, "head")
    with pytest.raises(InvalidInput, match="lý do"):
        await ledger.service.refund(head, started.payment_id, FEE, "  ")


async def test_concurrent_refunds_cannot_exceed_the_payment(ledger: Ledger) -> None:
    """Two refunds of 20.000 on 30.000 at once: one goes through; the gateway hears of one."""
    _, _, started = await ledger.paid()
    head = await staff(COMMUNE, "head")
    ledger.gateway.pause = 0.05
    results = await asyncio.gather(
        *(ledger.service.refund(head, started.payment_id, 20_000, REASON) for _ in range(2)),
        return_exceptions=True,
    )
    done = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, InvalidInput | Conflict)]
    assert (len(done), len(refused)) == (1, 1)
    assert len(ledger.gateway.refunds) == 1
    assert await amounts(started.payment_id) == ("partly_refunded", 20_000, 0)
    assert await PaymentRefund.count() == 1


async def test_only_an_admin_or_the_holding_units_head_may_refund(ledger: Ledger) -> None:
    """An officer of the unit, a head elsewhere, the owner: not found."""
    owner, _, started = await ledger.paid()
    for ctx in (
        await staff(COMMUNE, "officer"),
        await staff(OTHER_COMMUNE, "head"),
        owner,
    ):
        with pytest.raises(NotFound):
            await ledger.service.refund(ctx, started.payment_id, FEE, REASON)
    with pytest.raises(NotFound):
        await ledger.service.refund(await staff(COMMUNE, "head"), 999_999, FEE, REASON)


async def test_an_unpaid_payment_cannot_be_refunded(ledger: Ledger) -> None:
    _, _, started = await ledger.started()
    with pytest.raises(Conflict, match="Đang chờ thanh toán"):
        await ledger.service.refund(await staff(COMMUNE, "head"), started.payment_id, FEE, REASON)


async def test_the_gateways_refusal_changes_nothing(ledger: Ledger) -> None:
    """A conflict naming the gateway's code; the reserved amount is released."""
    _, _, started = await ledger.paid()
    ledger.gateway.refund_outcome = RefundOutcome(ok=False, response_code="95")
    with pytest.raises(Conflict, match="mã 95"):
        await ledger.service.refund(await staff(COMMUNE, "head"), started.payment_id, FEE, REASON)
    assert await amounts(started.payment_id) == ("paid", 0, 0)
    assert await PaymentRefund.count() == 0


async def test_a_gateway_that_does_not_answer_changes_nothing(ledger: Ledger) -> None:
    """Unavailable (503 at the edge); the reserved amount is released for a later try."""
    _, _, started = await ledger.paid()
    ledger.gateway.down = True
    with pytest.raises(Unavailable):
        await ledger.service.refund(await staff(COMMUNE, "head"), started.payment_id, FEE, REASON)
    assert await amounts(started.payment_id) == ("paid", 0, 0)
    assert await PaymentRefund.count() == 0
