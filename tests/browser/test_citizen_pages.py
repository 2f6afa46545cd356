"""Every citizen page the other journeys do not visit passes axe-core with zero violations and
fits a 360 px phone: the dossier list and page with its fee, the sandbox gateway and the return
page, the e-receipt and its public check, a supplement request with its form 02, the supplement
and withdrawal pages, public tracking, and the account's deletion page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import NewPage, screenshot
from tests.browser.test_account import assert_fits_and_accessible
from tests.browser.test_assist import run_in_live_database
from tests.browser.test_csp import set_up, signed_in

pytestmark = pytest.mark.browser

FEE = """
import asyncio, os, sys
from core import database
from core.dossiers.tables import Dossier
async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    items = [{"label": "Lệ phí", "quantity": 1, "unit_vnd": 8000, "amount_vnd": 8000}]
    await Dossier.update({Dossier.fee_vnd: 8000, Dossier.fee_items: items}).where(
        Dossier.code == sys.argv[1])
asyncio.run(main())
"""


def check(page: object, name: str) -> None:
    assert_fits_and_accessible(page, name)  # type: ignore[arg-type]
    screenshot(page, f"citizen-{name}")  # type: ignore[arg-type]


def test_the_citizens_other_pages_are_accessible_on_a_phone(
    new_page: NewPage, live_server: str, live_database: tuple[Path, str]
) -> None:
    made = set_up(live_database)
    code = made["code"]
    run_in_live_database(live_database, FEE.replace("sys.argv[1]", repr(code)))
    citizen = new_page()
    signed_in(citizen.context, live_server, made["citizen"])

    citizen.goto("/dossiers")
    check(citizen, "mine")
    citizen.goto(f"/dossiers/{code}")
    expect(citizen.get_by_role("button", name="Thanh toán 8.000 đồng")).to_be_visible()
    check(citizen, "detail-fee")
    citizen.get_by_role("button", name="Thanh toán 8.000 đồng").click()
    expect(citizen).to_have_url(re.compile(r"/payments/sandbox/vnpay/pay\?"))
    check(citizen, "sandbox-pay")
    citizen.get_by_role("button", name="Thanh toán thành công").click()
    expect(citizen.get_by_role("heading", level=1)).to_contain_text("Thanh toán thành công")
    check(citizen, "payment-return")
    citizen.goto(f"/dossiers/{code}/e-receipt")
    check(citizen, "e-receipt")
    verify_url = citizen.locator(".receipt-qr a").get_attribute("href")
    assert verify_url
    citizen.goto(verify_url)
    expect(citizen.get_by_text("là biên lai thật")).to_be_visible()
    check(citizen, "e-receipt-check")

    office = new_page()
    signed_in(office.context, live_server, made["officer"])
    office.goto(f"/staff/dossiers/{code}")
    office.get_by_text("Yêu cầu bổ sung", exact=True).first.click()
    office.locator("textarea[name=items]").first.fill("Giấy chứng sinh bản chính")
    office.get_by_role("button", name="Yêu cầu bổ sung").click()
    expect(office.locator(".office-facts .status")).to_contain_text("Yêu cầu bổ sung")

    citizen.goto(f"/dossiers/{code}")
    expect(citizen.get_by_text("Giấy chứng sinh bản chính").first).to_be_visible()
    check(citizen, "detail-supplement")
    citizen.goto(f"/dossiers/{code}/forms/02")
    check(citizen, "form-02")
    citizen.goto(f"/dossiers/{code}/supplement")
    check(citizen, "supplement")
    citizen.goto(f"/dossiers/{code}/withdraw")
    check(citizen, "withdraw")
    citizen.goto("/track")
    check(citizen, "track-lookup")
    citizen.goto(f"/track/{code}")
    check(citizen, "track")
    citizen.goto("/account/delete")  # the confirmation page (the export is a file download)
    check(citizen, "account-delete")
