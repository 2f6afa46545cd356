"""The sandbox gateway's payment page and its four choices: IPN, return, CSRF, expiry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
from litestar import Litestar

from core.clock import VIETNAM, FixedClock
from core.payments.ports import PaymentState, Settlement
from core.settings import Settings
from payments.sandbox import sandbox_routes
from tests.payments.conftest import (
    FakeSettler,
    browser,
    choose,
    gateway_for,
    hidden_fields,
    make_app,
    make_order,
    make_settings,
    now,
    pay_page,
)


async def test_pay_page_shows_amount_order_and_four_choices(
    app: Litestar, client: httpx.AsyncClient
) -> None:
    """A phone-sized page: the amount, the order info and four big buttons, in Vietnamese."""
    response = await pay_page(app, client, make_order(amount_vnd=1_250_000))
    assert response.status_code == 200
    assert "1.250.000 đồng" in response.text
    assert "Le phi ho so H12.34-240101-0001" in response.text
    for label in (
        "Thanh toán thành công",
        "Thanh toán thất bại",
        "Huỷ giao dịch",
        "Thanh toán nhưng mất IPN",
    ):
        assert label in response.text
    assert 'name="_csrf_token" value="' in response.text


async def test_pay_page_refuses_a_tampered_request(
    app: Litestar, client: httpx.AsyncClient
) -> None:
    """A pay URL whose amount was changed does not verify: 400, no buttons."""
    url = await gateway_for(app).pay_url(make_order(amount_vnd=8_000))
    response = await client.get(url.replace("vnp_Amount=800000", "vnp_Amount=100"))
    assert response.status_code == 400
    assert "Yêu cầu thanh toán không hợp lệ" in response.text
    assert 'name="choice"' not in response.text


async def test_success_delivers_the_ipn_and_returns_the_payer(
    app: Litestar, client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """Success: the signed IPN reaches the merchant, then a 303 to the signed return URL."""
    response = await choose(app, client, "success")
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("http://testserver.local/payments/vnpay/return?")
    assert [(n.txn_ref, n.amount_vnd, n.success) for n in settler.notices] == [
        ("P20240101A1", 8_000, True)
    ]
    assert settler.payments["P20240101A1"].state is PaymentState.PAID
    page = await client.get(location)
    assert page.status_code == 200
    assert "Thanh toán thành công" in page.text
    assert len(settler.notices) == 1  # the return page settled nothing


async def test_lost_ipn_leaves_the_payment_pending_until_querydr(
    app: Litestar, client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """Paid but the IPN is lost: nothing reaches core, the page waits, querydr says paid."""
    order = make_order()
    response = await choose(app, client, "lost_ipn", order)
    assert response.status_code == 303
    assert settler.notices == []
    page = await client.get(response.headers["location"])
    assert "Đang chờ xác nhận từ cổng thanh toán" in page.text
    notice = await gateway_for(app).query(order.txn_ref, order.created_at, now())
    assert notice is not None
    assert (notice.txn_ref, notice.amount_vnd, notice.success) == (order.txn_ref, 8_000, True)
    assert notice.transaction_no
    assert await settler.settle(notice) is Settlement.CONFIRMED  # what reconciliation does
    assert settler.payments[order.txn_ref].state is PaymentState.PAID


async def test_cancel_reports_code_24(
    app: Litestar, client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """Cancel: an IPN with 24 (not paid), and the page says the payment was cancelled."""
    response = await choose(app, client, "cancel")
    assert [(n.response_code, n.success) for n in settler.notices] == [("24", False)]
    assert "vnp_ResponseCode=24" in response.headers["location"]
    page = await client.get(response.headers["location"])
    assert "Đã huỷ giao dịch" in page.text


async def test_failure_reports_code_51(
    app: Litestar, client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """Failure: an IPN with 51 (not enough money), the payment is marked failed."""
    response = await choose(app, client, "failure")
    assert [(n.response_code, n.success) for n in settler.notices] == [("51", False)]
    assert settler.payments["P20240101A1"].state is PaymentState.FAILED
    page = await client.get(response.headers["location"])
    assert "Thanh toán không thành công" in page.text


async def test_the_same_payment_cannot_be_made_twice(
    app: Litestar, client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """Back button after paying: the form posted again is refused, no second IPN."""
    page = await pay_page(app, client, make_order())
    form = hidden_fields(page.text)
    first = await client.post("/payments/sandbox/vnpay/pay", data=form | {"choice": "success"})
    again = await client.post("/payments/sandbox/vnpay/pay", data=form | {"choice": "success"})
    assert (first.status_code, again.status_code) == (303, 409)
    assert "Giao dịch này đã được xử lý" in again.text
    assert len(settler.notices) == 1
    reopened = await client.get(str(page.request.url))
    assert reopened.status_code == 409


async def test_a_choice_without_the_csrf_token_is_refused(
    app: Litestar, client: httpx.AsyncClient, settler: FakeSettler
) -> None:
    """The sandbox form is a form like any other: no token, no payment."""
    page = await pay_page(app, client, make_order())
    form = hidden_fields(page.text) | {"choice": "success"}
    del form["_csrf_token"]
    response = await client.post("/payments/sandbox/vnpay/pay", data=form)
    assert response.status_code == 403
    assert settler.notices == []


async def test_an_expired_request_is_refused(settings: Settings, settler: FakeSettler) -> None:
    """After vnp_ExpireDate the sandbox takes no payment, as VNPay does."""
    later = FixedClock(dt.datetime.now(VIETNAM) + dt.timedelta(hours=1))
    app = make_app(settings, settler, clock=later)
    async with browser(app) as client:
        response = await pay_page(app, client, make_order(minutes=15))
    await app.state.http.aclose()
    assert response.status_code == 400
    assert "quá thời gian chờ thanh toán" in response.text


def test_no_sandbox_in_prod(tmp_path: Path) -> None:
    """sandbox_routes answers nothing in prod, so the sandbox's paths do not exist there."""
    assert sandbox_routes(make_settings(tmp_path, env="prod")) == []
    assert not (tmp_path / "sandbox-vnpay-secret").exists()
