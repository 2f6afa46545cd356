"""Paying a dossier's fee end to end through the app as wired by `create_app`: the JSON API
opens the payment, the sandbox gateway (served by the same app) takes the payer's choice and
calls the IPN, the return page shows the result, the dossier is paid and has an e-receipt whose
public check works; a lost IPN is settled by the worker's reconciliation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from api.worker import jobs_for
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.dossiers.tables import Dossier
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units
from core.payments.tables import EReceipt, Payment
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.api.test_staff_dossiers import COMMUNE, file, staff
from tests.core.dossiers.conftest import MONDAY_9

Client = AsyncTestClient[Litestar]
FEE = 30_000


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_9)


@pytest.fixture
async def app(settings: Settings, catalog: CatalogService, clock: FixedClock) -> Litestar:
    await load_demo_units(SYSTEM_CONTEXT)
    return create_app(settings, clock=clock)


@pytest.fixture
async def api(app: Litestar) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=app) as client:
        client.follow_redirects = False
        yield client


async def fee_bearing(api: Client, citizen: dict[str, str], key: str) -> str:
    """A filed dossier whose frozen fee is 30.000 đồng (the fee rules have their own tests)."""
    code = await file(api, citizen, key)
    items = [{"label": "Lệ phí", "quantity": 1, "unit_vnd": FEE, "amount_vnd": FEE}]
    await Dossier.update({Dossier.fee_vnd: FEE, Dossier.fee_items: items}).where(
        Dossier.code == code
    )
    return code


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


async def pay_in_sandbox(api: Client, pay_url: str, choice: str) -> str:
    """Open the sandbox's page, press the button `choice`; the return URL it redirects to."""
    page = await api.get(path_of(pay_url))
    assert page.status_code == 200, page.text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    answer = await api.post(path_of(pay_url).split("?")[0], data={**fields, "choice": choice})
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


async def test_pay_with_the_sandbox_then_receipt_and_public_check(api: Client) -> None:
    citizen = await sign_in(api)
    code = await fee_bearing(api, citizen, "k-pay-000001")
    opened = await api.post(f"/api/v1/dossiers/{code}/payments", json={}, headers=citizen)
    assert opened.status_code == 201, opened.text
    body = opened.json()
    assert body["amount_vnd"] == FEE and "/payments/sandbox/vnpay/pay?" in body["pay_url"]
    again = await api.post(f"/api/v1/dossiers/{code}/payments", json={}, headers=citizen)
    assert again.json()["payment_id"] == body["payment_id"] and again.json()["reused"]

    back = await pay_in_sandbox(api, body["pay_url"], "success")
    assert "/payments/vnpay/return?" in back
    shown = await api.get(path_of(back))
    assert shown.status_code == 200 and "Thanh toán thành công" in shown.text

    dossier = (await api.get(f"/api/v1/dossiers/{code}", headers=citizen)).json()
    assert dossier["paid"] is True
    assert await Payment.count().where(Payment.state == "paid") == 1
    paid_twice = await api.post(f"/api/v1/dossiers/{code}/payments", json={}, headers=citizen)
    assert paid_twice.status_code == 409

    receipt = await EReceipt.select().first()
    assert receipt is not None and receipt["amount_vnd"] == FEE
    public = await api.get(f"/e-receipts/{receipt['token']}")
    assert public.status_code == 200 and receipt["number"] in public.text
    assert "Ba mươi nghìn đồng" in public.text
    assert receipt["payer_name"] not in public.text  # no personal data on the public check
    assert (await api.get("/e-receipts/not-a-token")).status_code == 404


async def test_a_lost_ipn_is_settled_by_reconciliation(
    api: Client, app: Litestar, clock: FixedClock
) -> None:
    citizen = await sign_in(api)
    code = await fee_bearing(api, citizen, "k-pay-000002")
    opened = await api.post(f"/api/v1/dossiers/{code}/payments", json={}, headers=citizen)
    back = await pay_in_sandbox(api, opened.json()["pay_url"], "lost_ipn")
    assert (await api.get(path_of(back))).status_code == 200  # the return page changes nothing
    assert await Payment.count().where(Payment.state == "paid") == 0

    clock.advance(dt.timedelta(minutes=6))
    reconcile = next(job for job in jobs_for(app.state) if job.name == "payments")
    assert "settled=1" in await reconcile.run()
    assert await Payment.count().where(Payment.state == "paid") == 1
    dossier = (await api.get(f"/api/v1/dossiers/{code}", headers=citizen)).json()
    assert dossier["paid"] is True


async def test_refunds_through_the_sandbox_never_exceed_the_payment(
    api: Client, clock: FixedClock
) -> None:
    """The holding unit's head refunds 10.000 then the rest; a third refund, an officer and a
    citizen are refused; each refund went through the sandbox's merchant API."""
    citizen = await sign_in(api)
    code = await fee_bearing(api, citizen, "k-pay-000003")
    opened = await api.post(f"/api/v1/dossiers/{code}/payments", json={}, headers=citizen)
    await pay_in_sandbox(api, opened.json()["pay_url"], "success")
    payment_id = opened.json()["payment_id"]
    url = f"/api/v1/payments/{payment_id}/refunds"
    head = await staff(clock, COMMUNE, "head")
    officer = await staff(clock, COMMUNE, "officer")

    assert (
        await api.post(url, json={"amount_vnd": 1, "reason": "x"}, headers=officer)
    ).status_code == 404
    assert (
        await api.post(url, json={"amount_vnd": 1, "reason": "x"}, headers=citizen)
    ).status_code == 401
    part = await api.post(url, json={"amount_vnd": 10_000, "reason": "Thu thừa"}, headers=head)
    assert part.status_code == 201, part.text
    assert part.json()["state"] == "partly_refunded" and part.json()["refunded_vnd"] == 10_000
    too_much = await api.post(url, json={"amount_vnd": 20_001, "reason": "Hết"}, headers=head)
    assert too_much.status_code == 422 and "20.000" in too_much.text
    rest = await api.post(url, json={"amount_vnd": 20_000, "reason": "Hoàn nốt"}, headers=head)
    assert rest.status_code == 201 and rest.json()["state"] == "refunded"
    again = await api.post(url, json={"amount_vnd": 1, "reason": "Lần nữa"}, headers=head)
    assert again.status_code == 409
    payment = await Payment.select().where(Payment.id == payment_id).first()
    assert payment is not None and payment["refunded_vnd"] == FEE
