"""Asking for a payment from the officer's dossier page: the amount field, a refusal kept on the
page, and the request through the form."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.dossiers.tables import Dossier
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.api.test_staff_dossiers import COMMUNE, JUSTICE
from tests.core.dossiers.conftest import MONDAY_9
from tests.web.test_office_pages import Client, as_staff, csrf, new_dossier


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_9)


@pytest.fixture
async def web(
    settings: Settings, catalog: CatalogService, clock: FixedClock
) -> AsyncIterator[Client]:
    await load_demo_units(SYSTEM_CONTEXT)
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


async def at_the_department(web: Client, clock: FixedClock) -> str:
    """A dossier received at the commune and forwarded: processing at the department."""
    code = await new_dossier(web)
    await as_staff(web, clock, COMMUNE, "officer")
    token = await csrf(web, f"/staff/dossiers/{code}")
    base = f"/staff/dossiers/{code}/actions"
    assert (await web.post(f"{base}/receive", data={"_csrf_token": token})).status_code == 200
    await web.post(f"{base}/forward", data={"_csrf_token": token, "unit": JUSTICE})
    await as_staff(web, clock, JUSTICE, "officer")
    return code


async def test_the_form_asks_what_and_how_much(web: Client, clock: FixedClock) -> None:
    """The action's form has the amount (required here: nothing is owed) and the note."""
    code = await at_the_department(web, clock)
    html = (await web.get(f"/staff/dossiers/{code}")).text
    assert "<summary>Yêu cầu thực hiện nghĩa vụ tài chính</summary>" in html
    assert 'id="request_payment-amount" name="amount"' in html
    assert "Khoản phải nộp (phí, lệ phí, thuế...)" in html


async def test_a_bad_amount_is_refused_on_the_page(web: Client, clock: FixedClock) -> None:
    """400, the summary linking the amount field, the note kept."""
    code = await at_the_department(web, clock)
    token = await csrf(web, f"/staff/dossiers/{code}")
    refused = await web.post(
        f"/staff/dossiers/{code}/actions/request_payment",
        data={"_csrf_token": token, "amount": "năm chục", "note": "Lệ phí bản sao"},
    )
    assert refused.status_code == 400
    assert '<a href="#request_payment-amount">' in refused.text
    assert "Lệ phí bản sao</textarea>" in refused.text


async def test_the_request_goes_through_the_form(web: Client, clock: FixedClock) -> None:
    """Posted with an amount: back to the dossier, now waiting for the payment."""
    code = await at_the_department(web, clock)
    token = await csrf(web, f"/staff/dossiers/{code}")
    done = await web.post(
        f"/staff/dossiers/{code}/actions/request_payment",
        data={"_csrf_token": token, "amount": "50.000", "note": "Lệ phí bản sao"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    row = await Dossier.select(Dossier.status, Dossier.fee_vnd).where(Dossier.code == code).first()
    assert row == {"status": "awaiting_payment", "fee_vnd": 50_000}
