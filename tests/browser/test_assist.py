"""A volunteer assistant files a birth registration for a farmer on a phone, with the farmer's
consent code; the farmer then finds it under "Hồ sơ của tôi", naming the assistant."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import REPO, screenshot
from tests.browser.test_account import assert_fits_and_accessible
from tests.browser.test_dossier_journey import paper_photo

pytestmark = pytest.mark.browser

HELPER_PHONE = "0900 000 002"  # the demo assistant (core/assistants/demo.py)
HELPER_NAME = "Người hỗ trợ mẫu"
FARMER_PHONE = "0978 123 456"  # no account yet: the consent opens it
FARMER = "+84978123456"
LOAD_DEMO_ASSISTANT = """
import asyncio, os
from core import database
from core.assistants.demo import load_demo_assistant
from core.clock import SystemClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    await load_demo_units(SYSTEM_CONTEXT)
    await load_demo_assistant(SystemClock())

asyncio.run(main())
"""


# An applicant with a name (the commune must know who helps) and an officer of the commune, each
# with a session token, made in the live server's database by another process.
APPLICANT_AND_OFFICER = """
import asyncio, json, os, secrets
from core import database
from core.clock import SystemClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.staff import StaffService
from core.identity.tables import Citizen
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    clock = SystemClock()
    await load_demo_units(SYSTEM_CONTEXT)
    officer = await StaffService(clock, "unused").create(
        SYSTEM_CONTEXT, f"xa.{secrets.token_hex(3)}", "Mật-khẩu-đủ-dài-42", ["officer"],
        "000.10.12.H56", "Cán bộ xã Đông Sơn")
    row = await Citizen.insert(Citizen(
        phone=f"+8497{secrets.randbelow(10**7):07d}", full_name="Đinh Văn Tình Nguyện",
        created_at=clock.now())).returning(Citizen.id)
    tokens = TokenService(clock)
    print(json.dumps({
        "applicant": await tokens.issue("session", citizen_id=row[0]["id"]),
        "officer": await tokens.issue("session", staff_id=officer.id),
    }))

asyncio.run(main())
"""


def run_in_live_database(live_database: tuple[Path, str], script: str) -> str:
    """Run `script` in another process on the live server's database; its standard output."""
    data_dir, url = live_database
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "MOTCUA_DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def demo_assistant(live_database: tuple[Path, str]) -> None:
    """The demo units and the approved demo assistant in the live server's database."""
    run_in_live_database(live_database, LOAD_DEMO_ASSISTANT)


def newest_code(page: Page, to: str, pattern: str = r"\b(\d{6})\b") -> str:
    """The code in the newest SMS to `to`, read from GET /dev/outbox (newest first)."""
    messages: list[dict[str, Any]] = page.request.get("/dev/outbox").json()
    body = next(m["body"] for m in messages if m["channel"] == "sms" and m["to"] == to)
    found = re.search(pattern, body)
    assert found, body
    return found.group(1)


def sign_in(page: Page, phone: str, canonical: str) -> None:
    page.get_by_label("Số điện thoại di động").fill(phone)
    page.get_by_role("button", name="Gửi mã xác thực").click()
    page.get_by_label("Mã xác thực").fill(newest_code(page, canonical))
    page.get_by_role("button", name="Đăng nhập").click()


def fill_birth_registration(page: Page, photo: Path) -> None:
    page.locator("#f-applicant_name").fill("Lò Văn Nông")
    page.locator("#f-citizen_id").fill("038090001234")
    page.locator("#f-phone").fill(FARMER_PHONE)
    page.locator("#f-address\\.province").select_option("Thanh Hóa")
    page.locator("#f-address\\.detail").fill("Bản Na Mèo, xã Đông Sơn")
    page.locator("#f-child_name").fill("Lò Thị Mai")
    page.locator("#f-child_birth_date").fill("25/02/2026")
    page.get_by_label("Nữ", exact=True).check()
    page.locator("#f-birth_place").fill("Trạm y tế xã Đông Sơn")
    page.locator("#cam-5").set_input_files(photo)


def test_an_assistant_files_for_a_farmer_who_then_sees_it_as_theirs(
    new_context: Any, demo_assistant: None, tmp_path: Path
) -> None:
    """Consent code from the outbox, the form, the receipt; the farmer's list names the helper."""
    helper: BrowserContext = new_context()
    page = helper.new_page()
    page.goto("/assist")
    sign_in(page, HELPER_PHONE, "+84900000002")
    expect(page).to_have_url(re.compile(r"/assist$"))
    assert_fits_and_accessible(page, "assist-home")
    page.get_by_role("link", name="Giúp người dân nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ giúp người dân")
    page.get_by_label("Số điện thoại của người dân").fill(FARMER_PHONE)
    page.get_by_label("Tìm thủ tục").fill("khai sinh")
    choice = page.get_by_label("Đăng ký khai sinh (1.001193)", exact=True)
    expect(choice).to_be_visible()  # htmx listed it as we typed
    choice.check()
    assert_fits_and_accessible(page, "assist-new")
    screenshot(page, "assist-new-phone")
    page.get_by_role("button", name="Gửi mã đồng ý").click()

    expect(page).to_have_url(re.compile(r"/assist/consents/\d+$"))
    expect(page.get_by_text("vừa được gửi tới số ******3456")).to_be_visible()
    expect(page.get_by_text(f"{HELPER_NAME}, người hỗ trợ của")).to_be_visible()
    assert_fits_and_accessible(page, "assist-consent")
    screenshot(page, "assist-consent-phone")
    page.get_by_label("Mã 6 số người dân đọc cho bạn").fill(
        newest_code(page, FARMER, r"đọc mã (\d{6})")
    )
    page.get_by_role("button", name="Xác nhận và bắt đầu").click()

    expect(page).to_have_url(re.compile(r"/dossiers/drafts/[\w-]+$"))
    expect(page.get_by_text("Đang nộp hộ cho ******3456")).to_be_visible()
    assert_fits_and_accessible(page, "assist-form")
    screenshot(page, "assist-form-phone")
    fill_birth_registration(page, paper_photo(tmp_path / "giay-chung-sinh.jpg"))
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra lại trước khi nộp")
    assert_fits_and_accessible(page, "assist-check")
    page.get_by_role("button", name="Nộp hồ sơ").click()

    expect(page).to_have_url(re.compile(r"/dossiers/000\.00\.00\.H56-\d{6}-\d{4}/receipt$"))
    code = page.url.rsplit("/", 2)[-2]
    expect(page.locator(".receipt-qr svg")).to_be_visible()
    assert_fits_and_accessible(page, "assist-receipt")
    screenshot(page, "assist-receipt-phone")
    page.goto("/assist")
    expect(page.locator(".dossier-code", has_text=code)).to_be_visible()
    assert_fits_and_accessible(page, "assist-helped")
    screenshot(page, "assist-helped-phone")

    farmer = new_context().new_page()  # the farmer's own phone, another browser
    farmer.goto("/dossiers")
    sign_in(farmer, FARMER_PHONE, FARMER)
    expect(farmer).to_have_url(re.compile(r"/dossiers$"))
    card = farmer.locator(".dossier-card").filter(has_text=code)
    expect(card).to_contain_text(f"Nộp qua người hỗ trợ: {HELPER_NAME}")
    assert_fits_and_accessible(farmer, "assist-farmer-list")
    screenshot(farmer, "assist-farmer-list-phone")
    card.get_by_role("link").first.click()
    expect(farmer.get_by_role("link", name="Thu hồi quyền của người hỗ trợ")).to_be_visible()
    assert_fits_and_accessible(farmer, "assist-farmer-detail")


def test_a_citizen_applies_and_the_commune_approves(
    new_context: Any, live_server: str, live_database: tuple[Path, str]
) -> None:
    """The application (with its error summary), the commune's list, the approval."""
    tokens = json.loads(run_in_live_database(live_database, APPLICANT_AND_OFFICER).splitlines()[-1])
    applicant = new_context()
    applicant.add_cookies(
        [{"name": "motcua_session", "value": tokens["applicant"], "url": live_server}]
    )
    page = applicant.new_page()
    page.goto("/account")
    page.get_by_role("link", name="Đăng ký làm người hỗ trợ, giúp bà con nộp hồ sơ").click()
    expect(page.get_by_role("button", name="Gửi đăng ký")).to_be_visible()
    assert_fits_and_accessible(page, "assist-apply")
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(
        page.get_by_role("link", name="Chọn xã, phường nơi bạn hỗ trợ người dân")
    ).to_be_visible()
    assert page.title().startswith("Lỗi: ")
    assert_fits_and_accessible(page, "assist-apply-error")
    page.get_by_label("Xã, phường nơi bạn hỗ trợ").select_option(
        label="UBND xã Đông Sơn (dữ liệu mẫu)"
    )
    page.get_by_label("Giới thiệu ngắn về bạn (không bắt buộc)").fill("Đoàn viên thôn 5")
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.get_by_text("Đăng ký của bạn đang chờ xã duyệt.")).to_be_visible()
    assert_fits_and_accessible(page, "assist-applied")

    officer = new_context()
    officer.add_cookies(
        [{"name": "motcua_session", "value": tokens["officer"], "url": live_server}]
    )
    desk = officer.new_page()
    desk.goto("/staff")
    desk.get_by_role("link", name="Người hỗ trợ của xã").click()
    card = desk.locator(".dossier-card").filter(has_text="Đinh Văn Tình Nguyện")
    expect(card).to_contain_text("Đoàn viên thôn 5")
    assert_fits_and_accessible(desk, "assist-staff")
    screenshot(desk, "assist-staff-phone")
    card.get_by_label("Ghi chú (không bắt buộc)").fill("Đã gặp ở trụ sở xã")
    card.get_by_role("button", name="Duyệt").click()
    expect(desk.get_by_text("Đã lưu quyết định.")).to_be_visible()
    assert_fits_and_accessible(desk, "assist-staff-done")

    page.goto("/assist")
    expect(page.get_by_role("link", name="Giúp người dân nộp hồ sơ")).to_be_visible()
