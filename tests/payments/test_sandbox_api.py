"""The sandbox gateway's merchant API through VNPayGateway: querydr, refunds, its ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import httpx
from litestar import Litestar

from core.payments.ports import Order, RefundRequest
from core.settings import Settings
from payments import vnpay
from payments.config import GatewayConfig
from payments.sandbox_ledger import LEDGER_FILE
from tests.payments.conftest import FakeSettler, choose, gateway_for, make_app, make_order, now


async def test_querydr_of_an_unknown_transaction_is_none(app: Litestar) -> None:
    """91 from the gateway: the port's None."""
    assert await gateway_for(app).query("NEVER", now(), now()) is None


async def test_querydr_needs_the_pay_request_date(app: Litestar, client: httpx.AsyncClient) -> None:
    """VNPay finds a transaction by TxnRef and its vnp_CreateDate; another date is 91."""
    order = make_order()
    await choose(app, client, "success", order)
    wrong_day = order.created_at - dt.timedelta(days=1)
    assert await gateway_for(app).query(order.txn_ref, wrong_day, now()) is None


async def test_querydr_of_a_cancelled_payment_says_not_paid(
    app: Litestar, client: httpx.AsyncClient
) -> None:
    """A cancelled transaction is known, and not a success."""
    order = make_order()
    await choose(app, client, "cancel", order)
    notice = await gateway_for(app).query(order.txn_ref, order.created_at, now())
    assert notice is not None
    assert not notice.success


async def test_the_ledger_survives_a_restart(
    settings: Settings, app: Litestar, client: httpx.AsyncClient
) -> None:
    """A new app on the same data dir still knows the payment (JSON file, atomic writes)."""
    order = make_order()
    await choose(app, client, "lost_ipn", order)
    assert (Path(settings.data_dir) / LEDGER_FILE).exists()
    restarted = make_app(settings, FakeSettler())
    notice = await gateway_for(restarted).query(order.txn_ref, order.created_at, now())
    await restarted.state.http.aclose()
    assert notice is not None
    assert notice.success


async def test_refunds_are_booked_against_what_was_paid(
    app: Litestar, client: httpx.AsyncClient
) -> None:
    """Partial refunds (03) up to the amount paid; more than is left is refused."""
    order = make_order(amount_vnd=10_000)
    await choose(app, client, "success", order)
    paid = await gateway_for(app).query(order.txn_ref, order.created_at, now())
    assert paid is not None
    gateway = gateway_for(app)
    first = await gateway.refund(refund_of(order, paid.transaction_no, 4_000), now())
    second = await gateway.refund(refund_of(order, paid.transaction_no, 6_001), now())
    third = await gateway.refund(refund_of(order, paid.transaction_no, 6_000), now())
    assert (first.ok, first.response_code) == (True, "00")
    assert first.transaction_no and first.transaction_no != paid.transaction_no
    assert (second.ok, second.response_code) == (False, "99")
    assert (third.ok, third.response_code) == (True, "00")
    fourth = await gateway.refund(refund_of(order, paid.transaction_no, 1_000), now())
    assert (fourth.ok, fourth.response_code) == (False, "99")


async def test_a_full_refund_is_the_whole_amount(app: Litestar, client: httpx.AsyncClient) -> None:
    """Type 02 refunds everything at once, and only that."""
    order = make_order(amount_vnd=10_000)
    await choose(app, client, "success", order)
    paid = await gateway_for(app).query(order.txn_ref, order.created_at, now())
    assert paid is not None
    gateway = gateway_for(app)
    half = await gateway.refund(refund_of(order, paid.transaction_no, 5_000, full=True), now())
    whole = await gateway.refund(refund_of(order, paid.transaction_no, 10_000, full=True), now())
    assert (half.ok, half.response_code) == (False, "99")
    assert (whole.ok, whole.response_code) == (True, "00")


async def test_refunding_a_failed_payment_is_95(app: Litestar, client: httpx.AsyncClient) -> None:
    """VNPay refuses to refund a transaction that did not succeed (95)."""
    order = make_order()
    await choose(app, client, "failure", order)
    outcome = await gateway_for(app).refund(refund_of(order, "", 8_000, full=True), now())
    assert (outcome.ok, outcome.response_code) == (False, "95")


async def test_refunding_an_unknown_payment_is_91(app: Litestar) -> None:
    """No such transaction: 91."""
    outcome = await gateway_for(app).refund(refund_of(make_order(), "", 8_000), now())
    assert (outcome.ok, outcome.response_code) == (False, "91")


async def test_the_api_refuses_a_reused_request_id_and_a_bad_checksum(
    app: Litestar, config: GatewayConfig
) -> None:
    """Signed refusals: 94 repeated vnp_RequestId, 97 bad checksum, 03 garbage, 02 terminal."""
    body = vnpay.querydr_body(
        tmn_code=config.vnpay.tmn_code,
        txn_ref="T1",
        created_at=now(),
        now=now(),
        request_id="SAMEID",
        server_ip="127.0.0.1",
        secret=str(config.vnpay.hash_secret),
    )
    http: httpx.AsyncClient = app.state.http

    async def code(**request: Any) -> str:
        answer = (await http.post("/payments/sandbox/vnpay/api", **request)).json()
        secret = str(config.vnpay.hash_secret)
        assert vnpay.verify_body(answer, vnpay.QUERYDR_ANSWER_FIELDS, secret)  # refusals too
        return str(answer["vnp_ResponseCode"])

    codes = [
        await code(json=body),
        await code(json=body),
        await code(json={**body, "vnp_TxnRef": "T2"}),
        await code(content=b"[1, 2]"),
        await code(json={**body, "vnp_TmnCode": "OTHER001"}),
    ]
    assert codes == ["91", "94", "97", "03", "02"]


def refund_of(
    order: Order, transaction_no: str, amount: int, *, full: bool = False
) -> RefundRequest:
    return RefundRequest(
        txn_ref=order.txn_ref,
        amount_vnd=amount,
        full=full,
        transaction_no=transaction_no,
        ordered_at=order.created_at,  # VNPay's vnp_TransactionDate is the pay request's CreateDate
        created_by="officer-7",
        client_ip="127.0.0.1",
        reason="Hoàn lệ phí",
    )
