"""VNPayGateway against a failing or lying peer (httpx.MockTransport): GatewayUnavailable."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable

import httpx
import pytest

from core.clock import VIETNAM
from core.payments.ports import GatewayName, GatewayUnavailable, RefundRequest
from payments.vnpay_gateway import VNPayGateway
from tests.payments.conftest import make_order

SECRET = "MOCKSECRETMOCKSECRETMOCKSECRET12"
API = "https://vnpay.example/merchant_webapi/api/transaction"
CREATED = dt.datetime(2024, 1, 2, 0, 30, 5, tzinfo=VIETNAM)
NOW = dt.datetime(2024, 1, 2, 1, 0, 0, tzinfo=VIETNAM)
Handler = Callable[[httpx.Request], httpx.Response]


def gateway(handler: Handler) -> VNPayGateway:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return VNPayGateway(http, "MOTCUA01", SECRET, "https://vnpay.example/pay", API, timeout=2)


def querydr_answer(**changes: str) -> dict[str, str]:
    """A querydr answer for T1, paid, signed by hand in VNPay's answer field order."""
    answer = {
        "vnp_ResponseId": "A1",
        "vnp_Command": "querydr",
        "vnp_ResponseCode": "00",
        "vnp_Message": "QueryDR Success",
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TxnRef": "T1",
        "vnp_Amount": "800000",
        "vnp_BankCode": "NCB",
        "vnp_PayDate": "20240102003105",
        "vnp_TransactionNo": "14000001",
        "vnp_TransactionType": "01",
        "vnp_TransactionStatus": "00",
        "vnp_OrderInfo": "Le phi",
        "vnp_PromotionCode": "",
        "vnp_PromotionAmount": "",
    } | changes
    text = "|".join(answer.values())  # the dict above is written in the answer field order
    digest = hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()
    return answer | {"vnp_SecureHash": digest}


def answering(body: object, status: int = 200) -> Handler:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    return handle


async def test_query_reads_a_signed_answer() -> None:
    """A correctly signed 00 answer becomes a notice (amount / 100, GMT+7 pay date)."""
    sent: list[dict[str, str]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json=querydr_answer())

    notice = await gateway(handle).query("T1", CREATED, NOW)
    assert notice is not None
    assert (notice.gateway, notice.txn_ref, notice.amount_vnd) == (GatewayName.VNPAY, "T1", 8_000)
    assert notice.success
    assert notice.paid_at == dt.datetime(2024, 1, 2, 0, 31, 5, tzinfo=VIETNAM)
    assert sent[0]["vnp_Command"] == "querydr"
    assert sent[0]["vnp_TransactionDate"] == "20240102003005"
    assert sent[0]["vnp_CreateDate"] == "20240102010000"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"vnp_ResponseCode": "91"}, None),
        ({"vnp_TransactionStatus": "01"}, None),
        ({"vnp_TransactionStatus": "02"}, False),
    ],
    ids=["unknown (91)", "payer not finished (01)", "failed (02)"],
)
async def test_query_outcomes(changes: dict[str, str], expected: bool | None) -> None:
    """91 and an unfinished payment are None; a failed one is a notice of failure."""
    notice = await gateway(answering(querydr_answer(**changes))).query("T1", CREATED, NOW)
    assert (None if notice is None else notice.success) == expected


def timing_out(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("no answer", request=request)


def refusing(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def not_json(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, text="<html>maintenance</html>")


@pytest.mark.parametrize(
    "handler",
    [
        timing_out,
        refusing,
        answering({"error": "down"}, status=503),
        answering({"error": "no"}, status=404),
        not_json,
        answering(["not", "an", "object"]),
        answering({**querydr_answer(), "vnp_Amount": "900000"}),
        answering({k: v for k, v in querydr_answer().items() if k != "vnp_SecureHash"}),
        answering({**querydr_answer(vnp_ResponseCode="91"), "vnp_SecureHash": "0" * 128}),
        answering(querydr_answer(vnp_TxnRef="T2")),
        answering(querydr_answer(vnp_ResponseCode="97")),
        answering(querydr_answer(vnp_ResponseCode="99")),
        answering(querydr_answer(vnp_Amount="oops")),
        answering({**querydr_answer(), "vnp_Amount": True}),
    ],
    ids=[
        "timeout",
        "refused",
        "5xx",
        "404",
        "not json",
        "json list",
        "tampered amount",
        "unsigned",
        "unsigned 91",
        "another txn",
        "97",
        "99",
        "bad amount",
        "boolean",
    ],
)
async def test_query_failures_are_gateway_unavailable(handler: Handler) -> None:
    """Anything but a believable answer is GatewayUnavailable: try again later."""
    with pytest.raises(GatewayUnavailable):
        await gateway(handler).query("T1", CREATED, NOW)


def refund_request() -> RefundRequest:
    return RefundRequest(
        txn_ref="T1",
        amount_vnd=8_000,
        full=True,
        transaction_no="14000001",
        ordered_at=CREATED,
        created_by="officer-7",
        client_ip="10.0.0.1",
        reason="Hoan le phi",
    )


def refund_answer(code: str) -> dict[str, str]:
    """A refund answer signed by hand over VNPay's refund answer order (no promotion fields)."""
    answer = {
        "vnp_ResponseId": "A2",
        "vnp_Command": "refund",
        "vnp_ResponseCode": code,
        "vnp_Message": "Refund success" if code == "00" else "Refused",
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TxnRef": "T1",
        "vnp_Amount": "800000",
        "vnp_BankCode": "NCB",
        "vnp_PayDate": "20240102003105",
        "vnp_TransactionNo": "14000002",
        "vnp_TransactionType": "02",
        "vnp_TransactionStatus": "05",
        "vnp_OrderInfo": "Le phi",
    }
    text = "|".join(answer.values())
    digest = hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()
    return answer | {"vnp_SecureHash": digest}


async def test_refund_reads_vnpay_codes() -> None:
    """00 is done (with the refund's own transaction number); 95 is a refusal, not an error."""
    done = await gateway(answering(refund_answer("00"))).refund(refund_request(), NOW)
    refused = await gateway(answering(refund_answer("95"))).refund(refund_request(), NOW)
    assert (done.ok, done.response_code, done.transaction_no) == (True, "00", "14000002")
    assert (refused.ok, refused.response_code, refused.transaction_no) == (False, "95", "")


@pytest.mark.parametrize(
    "handler",
    [
        timing_out,
        answering({}, status=500),
        answering({**refund_answer("00"), "vnp_Amount": "1"}),
        answering(querydr_answer(vnp_Command="refund")),  # a querydr-shaped checksum
    ],
    ids=["timeout", "5xx", "tampered", "wrong field order"],
)
async def test_refund_failures_are_gateway_unavailable(handler: Handler) -> None:
    """A refund whose answer cannot be believed raises; the caller retries later."""
    with pytest.raises(GatewayUnavailable):
        await gateway(handler).refund(refund_request(), NOW)


async def test_pay_url_needs_no_network() -> None:
    """VNPay has no create call: the pay URL is built locally."""
    order = make_order()
    url = await gateway(refusing).pay_url(order)
    assert url.startswith("https://vnpay.example/pay?vnp_Amount=800000&")
    assert f"vnp_TxnRef={order.txn_ref}&" in url
