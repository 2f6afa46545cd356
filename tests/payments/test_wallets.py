"""MoMo v2 and ZaloPay v2: signatures against hand-built strings, create calls, IPN routes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar

from core.payments.ports import GatewayName, GatewayUnavailable, PaymentState, RefundRequest
from core.settings import Settings
from payments import momo, zalopay
from payments.config import sandbox_config
from payments.momo import MoMoGateway
from payments.zalopay import ZaloPayGateway
from tests.payments.conftest import (
    MOMO,
    ZALO,
    FakePayment,
    FakeSettler,
    browser,
    make_app,
    make_order,
)

CREATED = dt.datetime(2024, 1, 1, 17, 30, 5, tzinfo=dt.UTC)  # 2 Jan 2024, 00:30:05 in Việt Nam


def sha256(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


@pytest.fixture
async def wallet_app(settings: Settings, settler: FakeSettler) -> AsyncIterator[Litestar]:
    config = dataclasses.replace(sandbox_config(settings), momo=MOMO, zalopay=ZALO)
    app = make_app(settings, settler, config=config)
    settler.payments["T1"] = FakePayment("H12.34-240101-0001", 8_000)
    yield app
    await app.state.http.aclose()


@pytest.fixture
async def wallet_client(wallet_app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(wallet_app) as http:
        yield http


# MoMo


def test_momo_create_signature_matches_the_hand_built_string() -> None:
    """accessKey&amount&extraData&ipnUrl&orderId&orderInfo&partnerCode&redirectUrl&..."""
    order = make_order(txn_ref="T1", created_at=CREATED)
    body = momo.create_body(order, MOMO, "R1")
    by_hand = (
        "accessKey=ACCESSKEY1&amount=8000&extraData=&ipnUrl=http://testserver.local/payments/"
        "vnpay/ipn&orderId=T1&orderInfo=Lệ phí hồ sơ H12.34-240101-0001&partnerCode=MOMOTEST"
        "&redirectUrl=http://testserver.local/payments/vnpay/return&requestId=R1"
        "&requestType=captureWallet"
    )
    assert body["signature"] == sha256("MOMOSECRET", by_hand)
    assert "accessKey" not in body


def momo_ipn(**changes: object) -> dict[str, object]:
    """A MoMo IPN for T1, signed by hand over MoMo's IPN field order."""
    payload: dict[str, object] = {
        "partnerCode": "MOMOTEST",
        "orderId": "T1",
        "requestId": "R1",
        "amount": 8000,
        "orderInfo": "Le phi",
        "orderType": "momo_wallet",
        "transId": 4088878653,
        "resultCode": 0,
        "message": "Successful.",
        "payType": "qr",
        "responseTime": 1704130265000,
        "extraData": "",
    } | changes
    by_hand = (
        f"accessKey=ACCESSKEY1&amount={payload['amount']}&extraData=&message="
        f"{payload['message']}&orderId={payload['orderId']}&orderInfo=Le phi&orderType="
        f"momo_wallet&partnerCode={payload['partnerCode']}&payType=qr&requestId=R1"
        f"&responseTime=1704130265000&resultCode={payload['resultCode']}&transId=4088878653"
    )
    return payload | {"signature": sha256("MOMOSECRET", by_hand)}


async def test_momo_ipn_is_taken_with_204(
    wallet_client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """A signed IPN: 204, and core hears of a paid order."""
    response = await wallet_client.post("/payments/momo/ipn", json=momo_ipn())
    assert response.status_code == 204
    [notice] = settler.notices
    assert (notice.gateway, notice.txn_ref, notice.amount_vnd) == (GatewayName.MOMO, "T1", 8000)
    assert (notice.success, notice.transaction_no, notice.response_code) == (
        True,
        "4088878653",
        "0",
    )
    assert notice.paid_at == dt.datetime(2024, 1, 1, 17, 31, 5, tzinfo=dt.UTC)
    assert settler.payments["T1"].state is PaymentState.PAID


async def test_momo_ipn_of_a_failure_marks_failed(
    wallet_client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """resultCode other than 0: not paid."""
    response = await wallet_client.post(
        "/payments/momo/ipn", json=momo_ipn(resultCode=1006, message="Transaction denied.")
    )
    assert response.status_code == 204
    assert settler.payments["T1"].state is PaymentState.FAILED


@pytest.mark.parametrize(
    "payload",
    [
        {**momo_ipn(), "amount": 80000},
        {**momo_ipn(), "signature": "0" * 64},
        momo_ipn(partnerCode="SOMEONE"),
        momo_ipn(amount="8000"),
        {k: v for k, v in momo_ipn().items() if k != "signature"},
    ],
    ids=["tampered amount", "bad signature", "other partner", "amount as text", "unsigned"],
)
async def test_momo_ipn_refuses_what_does_not_verify(
    wallet_client: httpx.AsyncClient, settler: FakeSettler, payload: dict[str, object]
) -> None:
    """400, and core never hears of it."""
    response = await wallet_client.post("/payments/momo/ipn", json=payload)
    assert response.status_code == 400
    assert settler.notices == []


async def test_momo_ipn_refuses_garbage_and_asks_for_a_retry_when_core_fails(
    wallet_client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """Not JSON or too big: 400. Core failing: 503 so that MoMo tries again."""
    assert (await wallet_client.post("/payments/momo/ipn", content=b"{")).status_code == 400
    big = b'{"x": "' + b"a" * 10_000 + b'"}'
    assert (await wallet_client.post("/payments/momo/ipn", content=big)).status_code == 400
    settler.broken = True
    assert (await wallet_client.post("/payments/momo/ipn", json=momo_ipn())).status_code == 503


async def test_momo_ipn_without_momo_configured_is_400(
    client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """A gateway that is switched off takes no notices."""
    assert (await client.post("/payments/momo/ipn", json=momo_ipn())).status_code == 400


async def test_momo_pay_url_comes_from_the_create_call() -> None:
    """The create call carries the signed body; its payUrl is the answer."""
    seen: list[dict[str, object]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(200, json={"resultCode": 0, "payUrl": "https://momo.example/p/1"})

    gateway = MoMoGateway(httpx.AsyncClient(transport=httpx.MockTransport(handle)), MOMO)
    assert await gateway.pay_url(make_order(txn_ref="T1")) == "https://momo.example/p/1"
    assert (seen[0]["orderId"], seen[0]["amount"], seen[0]["requestType"]) == (
        "T1",
        8000,
        "captureWallet",
    )
    assert await gateway.query("T1", CREATED, CREATED) is None
    refund = await gateway.refund(_refund(), CREATED)
    assert (refund.ok, refund.response_code) == (False, "unsupported")


@pytest.mark.parametrize(
    "answer", [httpx.Response(200, json={"resultCode": 41}), httpx.Response(502)]
)
async def test_momo_refusal_is_gateway_unavailable(answer: httpx.Response) -> None:
    """A non-zero resultCode or a 5xx: no pay URL."""
    transport = httpx.MockTransport(lambda request: answer)
    gateway = MoMoGateway(httpx.AsyncClient(transport=transport), MOMO)
    with pytest.raises(GatewayUnavailable):
        await gateway.pay_url(make_order())


# ZaloPay


def test_zalopay_create_mac_matches_the_hand_built_string() -> None:
    """app_id|app_trans_id|app_user|amount|app_time|embed_data|item with key1; yyMMdd in GMT+7."""
    form = zalopay.create_form(make_order(txn_ref="T1", created_at=CREATED), ZALO)
    assert form["app_trans_id"] == "240102_T1"
    assert form["app_time"] == "1704130205000"
    embed = '{"redirecturl":"http://testserver.local/payments/vnpay/return"}'
    by_hand = f"2553|240102_T1|motcua|8000|1704130205000|{embed}|[]"
    assert form["embed_data"] == embed
    assert form["mac"] == sha256("KEY1", by_hand)


def zalo_callback(**changes: object) -> dict[str, object]:
    data = json.dumps(
        {
            "app_id": 2553,
            "app_trans_id": "240102_T1",
            "app_time": 1704130205000,
            "app_user": "motcua",
            "amount": 8000,
            "embed_data": "{}",
            "item": "[]",
            "zp_trans_id": 240102000000123,
            "server_time": 1704130265000,
            "channel": 38,
        }
        | changes
    )
    return {"data": data, "mac": sha256("KEY2", data), "type": 1}


async def test_zalopay_callback_is_taken(
    wallet_client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """A callback with a good mac: return_code 1, the order is paid."""
    response = await wallet_client.post("/payments/zalopay/callback", json=zalo_callback())
    assert response.json() == {"return_code": 1, "return_message": "success"}
    [notice] = settler.notices
    assert (notice.gateway, notice.txn_ref, notice.amount_vnd, notice.success) == (
        GatewayName.ZALOPAY,
        "T1",
        8000,
        True,
    )
    assert notice.transaction_no == "240102000000123"
    again = await wallet_client.post("/payments/zalopay/callback", json=zalo_callback())
    assert again.json()["return_code"] == 1  # already recorded: nothing to retry


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({**zalo_callback(), "mac": "0" * 64}, -1),
        ({**zalo_callback(), "data": zalo_callback(amount=1)["data"]}, -1),
        (zalo_callback(app_id=9999), -1),
        (zalo_callback(app_trans_id="T1"), -1),
        (zalo_callback(app_trans_id="240102_NOPE"), -1),
        (zalo_callback(amount=9000), -1),
        ({"mac": "x"}, -1),
    ],
    ids=["bad mac", "swapped data", "other app", "no date", "unknown", "amount", "no data"],
)
async def test_zalopay_callback_refusals(
    wallet_client: httpx.AsyncClient, payload: dict[str, object], code: int
) -> None:
    """-1 for what must not be retried; the order stays unpaid."""
    response = await wallet_client.post("/payments/zalopay/callback", json=payload)
    assert response.status_code == 200
    assert response.json()["return_code"] == code


async def test_zalopay_callback_asks_for_a_retry_when_core_fails(
    wallet_client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """return_code 0: ZaloPay calls back again later."""
    settler.broken = True
    response = await wallet_client.post("/payments/zalopay/callback", json=zalo_callback())
    assert response.json()["return_code"] == 0


async def test_zalopay_pay_url_comes_from_the_create_call() -> None:
    """The signed form goes out; order_url comes back; return_code other than 1 is refused."""
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.content.decode())
        return httpx.Response(200, json={"return_code": 1, "order_url": "https://zalo.example/o"})

    gateway = ZaloPayGateway(httpx.AsyncClient(transport=httpx.MockTransport(handle)), ZALO)
    assert await gateway.pay_url(make_order(txn_ref="T1", created_at=CREATED)) == (
        "https://zalo.example/o"
    )
    assert "app_trans_id=240102_T1" in seen[0]
    refusing = httpx.MockTransport(lambda request: httpx.Response(200, json={"return_code": 2}))
    with pytest.raises(GatewayUnavailable):
        await ZaloPayGateway(httpx.AsyncClient(transport=refusing), ZALO).pay_url(make_order())


def _refund() -> RefundRequest:
    return RefundRequest("T1", 8000, True, "1", CREATED, "officer", "127.0.0.1", "Hoan")


@pytest.mark.parametrize(
    ("path", "state", "says"),
    [
        (
            "/payments/momo/return?orderId=W1&resultCode=0",
            PaymentState.PENDING,
            "Đang chờ xác nhận",
        ),
        (
            "/payments/momo/return?orderId=W1&resultCode=0",
            PaymentState.PAID,
            "Thanh toán thành công",
        ),
        ("/payments/zalopay/return?apptransid=260302_W1&status=1", PaymentState.PAID, "thành công"),
        (
            "/payments/zalopay/return?apptransid=260302_W1&status=-49",
            PaymentState.FAILED,
            "không thành công",
        ),
    ],
)
async def test_wallet_return_pages_show_cores_state_only(
    client: httpx.AsyncClient, settler: FakeSettler, path: str, state: PaymentState, says: str
) -> None:
    """Back from MoMo or ZaloPay the page shows what core knows, and changes nothing."""
    settler.payments["W1"] = FakePayment("H12.34-240101-0009", 25_000, state, GatewayName.MOMO)
    response = await client.get(path)
    assert response.status_code == 200 and says in response.text
    assert settler.notices == [] and settler.payments["W1"].state is state
    unknown = await client.get("/payments/momo/return?orderId=nope")
    assert unknown.status_code == 404
