"""The statistics pages on a phone (360×800): the public transparency page and an admin's
dashboard, with their SVG charts and tables, no sideways scrolling and no axe-core violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import inject_axe, screenshot
from tests.browser.test_admin import NO_OVERFLOW, admin_page
from tests.browser.test_assist import run_in_live_database

pytestmark = pytest.mark.browser
__all__ = ["admin_page"]

# Counters straight through the recorder, on units no other browser test files dossiers at
# (never Hạc Thành: tests/browser/test_office.py counts that queue).
SEED = """
import asyncio, datetime as dt, os
from core import database
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units
from core.stats import recorder

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    await load_demo_units(SYSTEM_CONTEXT)
    for month in range(1, 13):
        day = dt.date(2025, month, 10)
        await recorder.bump("000.10.12.H56", day, {"received": 20 + month, "received_online": 15,
            "received_counter": 5 + month, "resolved_early": 10, "resolved_on_time": 8,
            "resolved_late": month % 4, "resolved_minutes": 9000, "received_digitised": 18,
            "returned": 18, "returned_digitised": 12})
        await recorder.bump("000.00.01.H56", day, {"received": 8, "received_online": 8,
            "resolved_on_time": 6, "resolved_late": 2, "resolved_extended": 1, "step_late": 2,
            "step_on_time": 9, "received_with_fee": 8, "paid_online": 5})
        await recorder.rating_given("000.10.12.H56", day, "rat_hai_long")
    await recorder.rating_given("000.00.01.H56", dt.date(2025, 6, 10), "khong_hai_long")

asyncio.run(main())
"""


@pytest.fixture
def seeded(live_database: tuple[Path, str]) -> None:
    run_in_live_database(live_database, SEED)


def check(page: Page, name: str) -> Path:
    assert page.evaluate(NO_OVERFLOW) <= 360, f"{name} scrolls sideways"
    inject_axe(page)
    violations = page.evaluate("async () => (await axe.run()).violations")
    assert violations == [], f"{name}: {[v['id'] for v in violations]}"
    return screenshot(page, name)


def test_the_public_page(page: Page, seeded: None) -> None:
    page.goto("/thong-ke?period=2025")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thống kê giải quyết thủ tục hành chính"
    )
    expect(page.get_by_role("img", name="Biểu đồ cột", exact=False)).to_be_visible()
    page.get_by_text("Thời gian — Số liệu").click()  # the chart's numbers, under it
    expect(page.get_by_role("rowheader", name="12/2025")).to_be_visible()
    ranking = page.locator("table.stats-ranking tbody tr")
    expect(ranking.first).to_contain_text("UBND xã Đông Sơn")
    check(page, "stats-public-360")
    page.get_by_label("Đơn vị").select_option("000.00.01.H56")
    page.get_by_role("button", name="Xem số liệu").click()
    expect(page.get_by_role("heading", name="Tổng quan: Sở Tư pháp", exact=False)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải CSV").click()
    assert download.value.suggested_filename == "thong-ke-2025-01-01-2025-12-31.csv"


def test_a_bad_period_on_the_public_page(page: Page) -> None:
    page.goto("/thong-ke?period=2025-14")
    expect(page.get_by_role("alert")).to_contain_text("2026-Q1")
    check(page, "stats-public-error-360")


def test_the_dashboard(admin_page: Page, seeded: None) -> None:
    admin_page.goto("/staff/stats?period=2025")
    expect(admin_page.get_by_role("heading", level=1)).to_have_text("Bảng điều hành: Toàn tỉnh")
    expect(admin_page.locator("table.stats-delays")).to_contain_text("Sở Tư pháp")
    check(admin_page, "stats-dashboard-360")
