"""Opening a payment (core.payments.checkout): only the owner, one open attempt at a time,
nothing written when the gateway is down, nothing to pay when paid or free; the quote."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

import pytest

from core.dossiers.tables import Dossier
from core.errors import Conflict, NotFound, Unavailable
from core.identity.tables import AuditEntry
from core.payments.checkout import GATEWAY_DOWN
from core.payments.ports import GatewayName, PaymentState
from core.payments.tables import Payment
from tests.core.payments.conftest import BASE_URL, COMMUNE, FEE, Ledger, notice, staff

IP = "203.0.113.9"


async def test_the_owner_opens_a_payment_for_the_dossier_fee(ledger: Ledger) -> None:
    """A pending payment of the frozen fee, 15 minutes long, with the gateway's pay URL."""
    citizen, code = await ledger.dossier()
    started = await ledger.service.start(citizen, code, GatewayName.VNPAY, IP)
    assert (started.amount_vnd, started.reused) == (FEE, False)
    order = ledger.gateway.orders[0]
    assert started.pay_url == f"https://sandbox.example/pay?ref={order.txn_ref}"
    assert order.amount_vnd == FEE
    assert order.order_info == f"Thanh toan phi ho so {code}"
    assert order.order_info.isascii()
    assert order.expires_at - order.created_at == dt.timedelta(minutes=15)
    assert order.ipn_url == f"{BASE_URL}/payments/vnpay/ipn"
    assert order.return_url == f"{BASE_URL}/payments/vnpay/return"
    row = await Payment.select().where(Payment.id == started.payment_id).first()
    assert row is not None
    assert row["state"] == PaymentState.PENDING
    assert (row["txn_ref"], row["pay_url"], row["client_ip"]) == (
        order.txn_ref,
        started.pay_url,
        IP,
    )


async def test_the_order_reference_is_unique_and_not_guessable(ledger: Ledger) -> None:
    """The date then 20 random hex digits: alphanumeric, at most 34 characters, never reused."""
    refs = []
    for _ in range(3):
        citizen, code = await ledger.dossier()
        await ledger.service.start(citizen, code, GatewayName.VNPAY, IP)
        refs.append(ledger.gateway.orders[-1].txn_ref)
    assert len(set(refs)) == 3
    for ref in refs:
        assert re.fullmatch(r"20260302[0-9a-f]{20}", ref)


async def test_nobody_but_the_owner_may_start(ledger: Ledger) -> None:
    """Another citizen, an officer of the unit, or a code that does not exist: not found."""
    _, code = await ledger.dossier()
    stranger, _ = await ledger.dossier()
    officer = await staff(COMMUNE, "officer")
    for ctx, target in ((stranger, code), (officer, code), (stranger, "000.00.00.H00-000000-9")):
        with pytest.raises(NotFound):
            await ledger.service.start(ctx, target, GatewayName.VNPAY, IP)
    assert await Payment.count() == 0


async def test_starting_again_returns_the_open_attempt(ledger: Ledger) -> None:
    """The back button or a second tap: the same payment and URL, the gateway not asked again."""
    citizen, code, first = await ledger.started()
    ledger.later(10)
    again = await ledger.service.start(citizen, code, GatewayName.VNPAY, IP)
    assert (again.payment_id, again.pay_url, again.reused) == (
        first.payment_id,
        first.pay_url,
        True,
    )
    assert len(ledger.gateway.orders) == 1
    assert await Payment.count() == 1


async def test_an_expired_attempt_gives_way_to_a_new_one(ledger: Ledger) -> None:
    """Past its 15 minutes an attempt is no longer offered; a new one opens."""
    citizen, code, first = await ledger.started()
    ledger.later(16)
    again = await ledger.service.start(citizen, code, GatewayName.VNPAY, IP)
    assert again.payment_id != first.payment_id
    assert not again.reused


async def test_two_taps_at_once_open_one_payment(ledger: Ledger) -> None:
    """Concurrent starts for one dossier: a single payment row, both answers name it."""
    citizen, code = await ledger.dossier()
    ledger.gateway.pause = 0.05
    answers = await asyncio.gather(
        *(ledger.service.start(citizen, code, GatewayName.VNPAY, IP) for _ in range(3))
    )
    assert await Payment.count() == 1
    assert len({a.payment_id for a in answers}) == 1


async def test_a_gateway_that_does_not_answer_leaves_nothing_behind(ledger: Ledger) -> None:
    """Unavailable (503 at the edge) with a retry delay; no payment row, no audit row."""
    citizen, code = await ledger.dossier()
    audits = await AuditEntry.count()
    ledger.gateway.down = True
    with pytest.raises(Unavailable) as raised:
        await ledger.service.start(citizen, code, GatewayName.VNPAY, IP)
    assert raised.value.message == GATEWAY_DOWN
    assert raised.value.retry_after > 0
    assert await Payment.count() == 0
    assert await AuditEntry.count() == audits


async def test_a_paid_dossier_cannot_be_paid_again(ledger: Ledger) -> None:
    """Conflict once the fee is paid, whether by this ledger or flagged on the dossier."""
    citizen, code, _ = await ledger.paid()
    with pytest.raises(Conflict, match="đã được thanh toán"):
        await ledger.service.start(citizen, code, GatewayName.VNPAY, IP)
    other, other_code = await ledger.dossier()
    await Dossier.update({Dossier.paid: True}).where(Dossier.code == other_code)
    with pytest.raises(Conflict, match="đã được thanh toán"):
        await ledger.service.start(other, other_code, GatewayName.VNPAY, IP)


@pytest.mark.parametrize("fee", [None, 0])
async def test_nothing_to_pay_is_a_conflict(ledger: Ledger, fee: int | None) -> None:
    """A free dossier, or one whose fee is not set, opens no payment."""
    citizen, code = await ledger.dossier(fee_vnd=fee)
    with pytest.raises(Conflict, match="không có khoản phí nào cần thanh toán"):
        await ledger.service.start(citizen, code, GatewayName.VNPAY, IP)
    assert ledger.gateway.orders == []


async def test_a_gateway_not_configured_is_a_conflict(ledger: Ledger) -> None:
    """MoMo is not configured in these tests."""
    citizen, code = await ledger.dossier()
    with pytest.raises(Conflict, match="MoMo chưa được cấu hình"):
        await ledger.service.start(citizen, code, GatewayName.MOMO, IP)


async def test_the_quote_shows_one_line_when_the_dossier_has_no_items(ledger: Ledger) -> None:
    """Amount, the fallback line "Phí, lệ phí", not paid, configured gateways."""
    citizen, code = await ledger.dossier()
    quote = await ledger.service.quote(citizen, code)
    assert quote.amount_vnd == FEE
    assert [(i.label, i.quantity, i.unit_vnd, i.amount_vnd) for i in quote.items] == [
        ("Phí, lệ phí", 1, FEE, FEE)
    ]
    assert (quote.paid, quote.open_payment, quote.receipt_token) == (False, None, None)
    assert quote.gateways == (GatewayName.VNPAY,)
    assert quote.payable


async def test_the_quote_lists_the_dossier_fee_items(ledger: Ledger) -> None:
    """Items frozen on the dossier are shown when they add up to its fee."""
    citizen, code = await ledger.dossier(fee_vnd=16_000)
    items = [{"label": "Bản sao trích lục", "quantity": 2, "unit_vnd": 8_000, "amount_vnd": 16_000}]
    await Dossier.update({Dossier.fee_items: items}).where(Dossier.code == code)
    quote = await ledger.service.quote(citizen, code)
    assert [(i.label, i.quantity, i.unit_vnd) for i in quote.items] == [
        ("Bản sao trích lục", 2, 8_000)
    ]


async def test_the_quote_ignores_items_that_disagree_with_the_fee(ledger: Ledger) -> None:
    """Lines that do not add up to the amount charged give way to the one-line fallback."""
    citizen, code = await ledger.dossier(fee_vnd=20_000)
    items = [{"label": "Lệ phí", "quantity": 1, "unit_vnd": 8_000, "amount_vnd": 8_000}]
    await Dossier.update({Dossier.fee_items: items}).where(Dossier.code == code)
    quote = await ledger.service.quote(citizen, code)
    assert [i.label for i in quote.items] == ["Phí, lệ phí"]


async def test_the_quote_shows_the_open_attempt_then_the_receipt(ledger: Ledger) -> None:
    """While an attempt is open the quote offers it; once paid, the receipt's token."""
    citizen, code, started = await ledger.started()
    quote = await ledger.service.quote(citizen, code)
    assert quote.open_payment is not None
    assert quote.open_payment.pay_url == started.pay_url
    await ledger.service.settle(await notice(started))
    quote = await ledger.service.quote(citizen, code)
    assert quote.paid and not quote.payable
    assert quote.open_payment is None
    assert quote.receipt_token


async def test_only_the_owner_sees_the_quote(ledger: Ledger) -> None:
    _, code = await ledger.dossier()
    stranger, _ = await ledger.dossier()
    with pytest.raises(NotFound):
        await ledger.service.quote(stranger, code)
