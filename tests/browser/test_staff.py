"""A new officer's first sign-in on a phone: password, the QR enrolment page, the first code."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import REPO, inject_axe, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "Mật-khẩu-đủ-dài-42"
# Runs in its own process against the live server's database: Playwright's sync API holds
# this process's event loop. The account is made by the service, as `motcua create-user` does.
MAKE_OFFICER = """
import asyncio, datetime as dt, os, sys
from core import database
from core.clock import SystemClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.staff import StaffService
from core.identity.tables import Unit

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    code = "000.00.77.H56"
    if not await Unit.exists().where(Unit.code == code):
        await Unit.insert(Unit(code=code, name="Sở Tư pháp (thử)", kind="department",
                               created_at=dt.datetime.now(dt.UTC)))
    await StaffService(SystemClock(), "unused").create(
        SYSTEM_CONTEXT, sys.argv[1], sys.argv[2], ["officer"], code, "Lê Thị Hoa")

asyncio.run(main())
"""


def make_officer(live_database: tuple[Path, str]) -> str:
    data_dir, url = live_database
    username = f"officer.{secrets.token_hex(3)}"
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "MOTCUA_DATABASE_URL": url}
    made = subprocess.run(
        [sys.executable, "-c", MAKE_OFFICER, username, PASSWORD],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return username


def axe_violations(page: Page) -> list[dict[str, Any]]:
    inject_axe(page)
    violations: list[dict[str, Any]] = page.evaluate("async () => (await axe.run()).violations")
    return violations


def test_first_sign_in_enrols_with_the_qr_code_and_lands_on_staff_home(
    page: Page, live_database: tuple[Path, str]
) -> None:
    """At 360×800: password only → QR page (screenshot) → the code from the shown key → /staff."""
    username = make_officer(live_database)
    page.goto("/staff/sign-in")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/staff/enrol$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cài đặt xác thực hai lớp")
    qr = page.get_by_role("img", name=re.compile(username))
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and 150 <= box["width"] <= 360  # big enough to scan, fits the phone
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 360
    screenshot(page, "staff-enrol-360")
    assert axe_violations(page) == []
    secret = page.locator("#totp-secret").inner_text().strip()
    assert secret not in page.url
    page.get_by_label("Mã xác thực (6 chữ số)").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/staff$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lê Thị Hoa")
    expect(page.get_by_text("000.00.77.H56")).to_be_visible()
    screenshot(page, "staff-home-360")
