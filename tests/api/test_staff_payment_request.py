"""Asking for a payment over the staff API: the amount as a JSON number or as typed text."""

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
from tests.api.test_auth import sign_in
from tests.api.test_staff_dossiers import COMMUNE, JUSTICE, Client, act, file, staff
from tests.core.dossiers.conftest import MONDAY_9


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_9)


@pytest.fixture
async def api(
    settings: Settings, catalog: CatalogService, clock: FixedClock
) -> AsyncIterator[Client]:
    await load_demo_units(SYSTEM_CONTEXT)
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


async def processing(api: Client, clock: FixedClock) -> tuple[str, dict[str, str]]:
    """A birth registration received at the commune and forwarded to the department."""
    code = await file(api, await sign_in(api))
    counter = await staff(clock, COMMUNE, "officer")
    assert (await act(api, counter, code, "receive")).status_code == 200
    assert (await act(api, counter, code, "forward", unit=JUSTICE)).status_code == 200
    return code, await staff(clock, JUSTICE, "officer")


@pytest.mark.parametrize("amount", [50_000, "50.000"])
async def test_request_payment_takes_the_amount_as_number_or_text(
    api: Client, clock: FixedClock, amount: int | str
) -> None:
    """Status 6 (code 6), the amount added to what the dossier owes."""
    code, officer = await processing(api, clock)
    response = await act(api, officer, code, "request_payment", note="Lệ phí", amount=amount)
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["status_code"]) == ("awaiting_payment", 6)
    row = await Dossier.select(Dossier.fee_vnd).where(Dossier.code == code).first()
    assert row == {"fee_vnd": 50_000}


async def test_request_payment_without_anything_owed_names_the_amount(
    api: Client, clock: FixedClock
) -> None:
    """A free dossier and no amount: 422 pointing at `amount`; a second try from status 6: 409."""
    code, officer = await processing(api, clock)
    refused = await act(api, officer, code, "request_payment", note="Lệ phí")
    assert refused.status_code == 422 and "amount" in refused.text
    assert (await act(api, officer, code, "request_payment", note="x", amount=1)).status_code == 200
    again = await act(api, officer, code, "request_payment", note="x", amount=1)
    assert again.status_code == 409
