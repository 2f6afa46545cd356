"""The admin pages on a phone: the unit tree and its form, then the audit log with the new row."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import REPO, NewPage, inject_axe, screenshot

pytestmark = pytest.mark.browser

# Runs in its own process against the live server's database: Playwright's sync API holds
# this process's event loop, and the server owns its own.
MAKE_ADMIN = """
import asyncio, os, sys
from core import database
from core.clock import SystemClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.tables import StaffRole, StaffUser
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units

async def main() -> None:
    engine = database.engine_for(os.environ["MOTCUA_DATABASE_URL"])
    database.bind(engine)
    await load_demo_units(SYSTEM_CONTEXT)
    staff = StaffUser(username=sys.argv[1], full_name="Quản trị thử", password_hash="-",
                      totp_secret="JBSWY3DPEHPK3PXP", totp_enrolled=True,
                      created_at=SystemClock().now())
    await StaffUser.insert(staff)
    await StaffRole.insert(StaffRole(staff=staff.id, role="admin"))
    print(await TokenService(SystemClock()).issue("session", staff_id=staff.id))

asyncio.run(main())
"""
NO_OVERFLOW = "() => document.scrollingElement.scrollWidth"


@pytest.fixture
def admin_page(new_page: NewPage, live_server: str, live_database: tuple[Path, str]) -> Page:
    """A phone page signed in as a fresh admin of the live server (demo units loaded)."""
    data_dir, url = live_database
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "MOTCUA_DATABASE_URL": url}
    made = subprocess.run(
        [sys.executable, "-c", MAKE_ADMIN, f"admin_{secrets.token_hex(4)}"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    page = new_page()
    page.context.add_cookies(
        [{"name": "motcua_session", "value": made.stdout.strip(), "url": live_server}]
    )
    return page


def axe_violations(page: Page) -> list[dict[str, Any]]:
    inject_axe(page)
    violations: list[dict[str, Any]] = page.evaluate("async () => (await axe.run()).violations")
    return violations


def test_admin_adds_a_unit_and_finds_it_in_the_audit_log(admin_page: Page) -> None:
    """At 360×800: the tree, an invalid then a valid unit, and the audit row it left."""
    page = admin_page
    page.goto("/admin/units")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn vị")
    expect(page.get_by_role("link", name="UBND tỉnh Thanh Hóa (dữ liệu mẫu)")).to_be_visible()
    assert page.evaluate(NO_OVERFLOW) <= 360
    screenshot(page, "admin-units-360")

    page.get_by_label("Mã định danh điện tử").fill("12.H56")
    page.get_by_role("button", name="Thêm đơn vị").click()
    expect(page).to_have_title("Lỗi: Đơn vị · motcua")
    expect(page.get_by_role("alert")).to_contain_text("Nhập mã định danh dạng 000.00.12.H56")

    page.get_by_label("Mã định danh điện tử").fill("000.10.99.H56")
    page.get_by_label("Tên đơn vị").fill("UBND xã Thử Nghiệm (dữ liệu mẫu)")
    page.get_by_label("Loại đơn vị").select_option("commune")
    page.get_by_label("Đơn vị cấp trên").select_option("000.00.00.H56")
    page.get_by_role("button", name="Thêm đơn vị").click()
    expect(page.get_by_role("status")).to_have_text("Đã thêm đơn vị 000.10.99.H56.")
    expect(page.get_by_role("link", name="UBND xã Thử Nghiệm (dữ liệu mẫu)")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Nhật ký").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhật ký hệ thống")
    page.get_by_text("Lọc nhật ký").click()
    page.get_by_label("Mã đối tượng").fill("000.10.99.H56")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.locator(".total")).to_have_text("1 dòng nhật ký")
    expect(page.locator(".audit-rows")).to_contain_text("unit.created")
    assert page.evaluate(NO_OVERFLOW) <= 360
    assert axe_violations(page) == []
    screenshot(page, "admin-audit-360")

    with page.expect_download() as download:
        page.get_by_role("button", name="Tải CSV (Excel)").click()
    assert download.value.suggested_filename == "motcua-audit.csv"
