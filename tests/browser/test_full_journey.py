"""The whole journey on a phone, in one test: a citizen finds birth registration by typing without
diacritics, signs in with the SMS code, files online with a photo and scans the receipt's QR; an
officer receives it and asks for a paper, which the citizen (told in the notification centre once
the worker ran) sends; the officer forwards and asks for a fee, the citizen pays it in the sandbox
gateway and gets the e-receipt; the unit head approves, the officer returns the result; the
citizen rates it in three taps and the public statistics count the rating.

Every page the citizen visits fits 360 px and has no axe-core violation; each main step leaves a
screenshot in test-artifacts/full-journey-*.png. Everything happens at Đông Sơn (never the Hạc
Thành queue that tests/browser/test_office.py counts). Nothing asserts a due date: the legal
clock's 15:00 cut-off moves them with the time of day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyotp
import pytest
import zxingcpp
from PIL import Image, ImageDraw
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import REPO, screenshot
from tests.browser.test_account import assert_fits_and_accessible
from tests.browser.test_assist import newest_code, run_in_live_database

pytestmark = pytest.mark.browser

PHONE = "0966 310 310"  # no other browser test signs in with it: the OTP limit is per number
CANONICAL = "+84966310310"
COMMUNE = "000.10.12.H56"  # Đông Sơn
COMMUNE_NAME = "Đông Sơn"
PASSWORD = "Mật-khẩu-đủ-dài-42"  # as in STAFF below
FEE = "50.000"
# Runs in its own process on the live server's database: the demo units, and an officer and a
# head of Đông Sơn made by the service as `motcua create-user` does; their names and TOTP URIs.
STAFF = """
import asyncio, json, os, secrets
from core import database
from core.clock import SystemClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.staff import StaffService
from core.identity.units import load_demo_units

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    await load_demo_units(SYSTEM_CONTEXT)
    staff, made = StaffService(SystemClock(), "unused"), {}
    for role, name in (("officer", "Cán bộ một cửa Đông Sơn"), ("head", "Chủ tịch UBND xã")):
        username = f"hanhtrinh.{role}.{secrets.token_hex(3)}"
        account = await staff.create(
            SYSTEM_CONTEXT, username, "Mật-khẩu-đủ-dài-42", [role], "000.10.12.H56", name)
        made[role] = [username, account.totp_uri]
    print(json.dumps(made))

asyncio.run(main())
"""


def small_photo(path: Path) -> Path:
    """A small JPEG "photo" of a paper, made here rather than read from a fixture file."""
    image = Image.new("RGB", (800, 1100), (250, 247, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 740, 150), fill=(165, 14, 14))
    for y in range(220, 1000, 70):
        draw.rectangle((80, y, 720, y + 24), fill=(70, 70, 70))
    image.save(path, "JPEG", quality=85)
    return path


def seed_staff(live_database: tuple[Path, str]) -> dict[str, tuple[str, str]]:
    """role → (username, TOTP secret) of the officer and the head of Đông Sơn."""
    made = json.loads(run_in_live_database(live_database, STAFF).strip().splitlines()[-1])
    return {role: (name, pyotp.parse_uri(uri).secret) for role, (name, uri) in made.items()}


def run_worker_once(live_database: tuple[Path, str]) -> None:
    """`motcua worker --once` on the live server's database and file store, in another process
    (Playwright's sync API holds this one's event loop): delivers the queued notices."""
    data_dir, url = live_database
    env = {
        **os.environ,
        "MOTCUA_ENV": "test",
        "MOTCUA_DATA_DIR": str(data_dir),
        "MOTCUA_DATABASE_URL": url,
    }
    done = subprocess.run(
        [Path(sys.executable).parent / "motcua", "worker", "--once"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def seen(page: Page, name: str) -> None:
    """The page fits 360 px, passes axe-core, and is screenshotted as full-journey-`name`."""
    assert_fits_and_accessible(page, name)
    screenshot(page, f"full-journey-{name}")


def staff_sign_in(context: BrowserContext, username: str, secret: str) -> Page:
    page = context.new_page()
    page.goto("/staff/sign-in")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Mã xác thực (6 chữ số)").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/staff$"))
    return page


def act(page: Page, code: str, label: str, fill: Callable[[Page], object] | None = None) -> None:
    """On the office's page of the dossier: open the action `label`, fill it in, send it."""
    page.goto(f"/staff/dossiers/{code}")
    page.locator("details.action > summary", has_text=re.compile(f"^{re.escape(label)}$")).click()
    if fill is not None:
        fill(page)
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.get_by_role("status")).to_have_text(f"Đã thực hiện: {label}.")


def ask_for_the_fee(page: Page) -> None:
    """Birth registration is free: the fee of the journey is a copy's, asked for in processing."""
    page.locator("#request_payment-amount").fill(FEE)
    page.locator("#request_payment-note").fill("Lệ phí cấp bản sao trích lục khai sinh")


def month_stats(page: Page) -> dict[str, Any]:
    """GET /api/v1/stats for Đông Sơn over this month (Vietnam's calendar, as ratings count)."""
    today = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    last = calendar.monthrange(today.year, today.month)[1]
    query = f"unit={COMMUNE}&from={today:%Y-%m}-01&to={today:%Y-%m}-{last:02d}"
    answer = page.request.get(f"/api/v1/stats?{query}")
    assert answer.ok, answer.text()
    body: dict[str, Any] = answer.json()
    return body


def test_the_whole_journey_on_a_phone(
    new_context: Callable[..., BrowserContext], live_database: tuple[Path, str], tmp_path: Path
) -> None:
    staff = seed_staff(live_database)
    citizen = new_context().new_page()

    # 1. Find the procedure, typed without diacritics, and open it.
    citizen.goto("/")
    seen(citizen, "home")
    citizen.get_by_label("Bạn cần làm thủ tục gì?").fill("dang ky khai sinh")
    citizen.get_by_role("button", name="Tìm kiếm").click()
    found = citizen.get_by_role("link", name="Đăng ký khai sinh", exact=True).first
    expect(found).to_be_visible()
    seen(citizen, "1-search")
    found.click()
    expect(citizen.get_by_role("heading", level=1)).to_contain_text("Đăng ký khai sinh")
    seen(citizen, "1-procedure")

    # 2. Sign in with the code from the SMS.
    citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    seen(citizen, "2-submit")
    citizen.get_by_role("link", name="Đăng nhập").last.click()
    seen(citizen, "2-sign-in")
    citizen.get_by_label("Số điện thoại di động").fill(PHONE)
    citizen.get_by_role("button", name="Gửi mã xác thực").click()
    expect(citizen.get_by_label("Mã xác thực")).to_be_visible()
    seen(citizen, "2-sign-in-code")
    citizen.get_by_label("Mã xác thực").fill(newest_code(citizen, CANONICAL))
    citizen.get_by_role("button", name="Đăng nhập").click()
    expect(citizen).to_have_url(re.compile(r"/procedures/1\.001193/submit$"))
    seen(citizen, "2-signed-in")

    # 3. Fill in, photograph the paper, check, submit; the receipt's QR leads to tracking.
    citizen.get_by_role("button", name="Bắt đầu").click()
    expect(citizen).to_have_url(re.compile(r"/dossiers/drafts/[\w-]+$"))
    citizen.locator("#f-unit").select_option(COMMUNE)
    citizen.locator("#f-applicant_name").fill("Phạm Văn Hành")
    citizen.locator("#f-citizen_id").fill("038090004321")
    citizen.locator("#f-address\\.province").select_option("Thanh Hóa")
    citizen.locator("#f-address\\.detail").fill("Thôn 5, xã Đông Sơn")
    citizen.locator("#f-child_name").fill("Phạm Thị Trình")
    citizen.locator("#f-child_birth_date").fill("14/03/2026")
    citizen.get_by_label("Nữ", exact=True).check()
    citizen.locator("#f-birth_place").fill("Trạm y tế xã Đông Sơn")
    expect(citizen.locator("#saved")).to_contain_text("Đã lưu lúc")
    citizen.locator("#cam-5").set_input_files(small_photo(tmp_path / "giay-chung-sinh.jpg"))
    seen(citizen, "3-form")
    citizen.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Kiểm tra lại trước khi nộp")
    expect(citizen.get_by_text("14/03/2026")).to_be_visible()
    expect(citizen.get_by_text(COMMUNE_NAME).first).to_be_visible()
    seen(citizen, "3-check")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    expect(citizen).to_have_url(re.compile(r"/dossiers/[\w.]+-\d{6}-\d{4}/receipt$"))
    code = citizen.url.rsplit("/", 2)[-2]
    assert code.startswith(COMMUNE), code
    expect(citizen.get_by_text(code).first).to_be_visible()
    seen(citizen, "3-receipt")
    qr = citizen.locator("svg").filter(has=citizen.locator("path")).first
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot(scale="device"))))
    assert decoded, "the receipt's QR code did not decode"
    assert decoded[0].text.endswith(f"/track/{code}"), decoded[0].text
    citizen.goto(decoded[0].text)
    expect(citizen.get_by_text("Mới đăng ký").first).to_be_visible()
    seen(citizen, "3-track")

    # 4. The officer receives it and asks for a clearer paper.
    officer = staff_sign_in(new_context(), *staff["officer"])
    officer.goto("/staff/dossiers")
    expect(officer.get_by_role("link", name=code)).to_be_visible()
    act(officer, code, "Tiếp nhận hồ sơ")
    act(
        officer,
        code,
        "Yêu cầu bổ sung",
        lambda p: p.locator("#request_supplement-items").fill("Giấy chứng sinh, ảnh chụp rõ dấu"),
    )
    expect(officer.locator(".office-facts .status")).to_contain_text("Yêu cầu bổ sung")
    seen(officer, "4-office-supplement")

    # 5. The citizen sees the request, on the dossier and (after the worker) as a notification.
    citizen.goto(f"/dossiers/{code}")
    expect(citizen.get_by_text("Giấy chứng sinh, ảnh chụp rõ dấu").first).to_be_visible()
    seen(citizen, "5-dossier-asked")
    run_worker_once(live_database)
    citizen.goto("/account/notifications")
    notice = citizen.locator(".dossier-card", has_text=f"Hồ sơ {code} cần bổ sung giấy tờ")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Chưa đọc")
    seen(citizen, "5-notifications")
    citizen.goto(f"/dossiers/{code}")
    citizen.get_by_role("link", name="Bổ sung giấy tờ").first.click()
    expect(citizen).to_have_url(re.compile(f"/dossiers/{re.escape(code)}/supplement$"))
    seen(citizen, "5-supplement")
    citizen.locator("#photo-5").set_input_files(small_photo(tmp_path / "giay-chung-sinh-ro.jpg"))
    citizen.get_by_role("button", name="Gửi giấy tờ bổ sung").click()
    expect(citizen.get_by_text("Đã gửi giấy tờ bổ sung.")).to_be_visible()
    seen(citizen, "5-supplemented")

    # 6. Forwarded, a fee asked for and paid in the sandbox, approved, returned.
    act(officer, code, "Chuyển xử lý")
    act(officer, code, "Yêu cầu thực hiện nghĩa vụ tài chính", ask_for_the_fee)
    citizen.goto(f"/dossiers/{code}")
    expect(citizen.get_by_text("Lệ phí cấp bản sao trích lục khai sinh").first).to_be_visible()
    seen(citizen, "6-dossier-fee")
    citizen.get_by_role("button", name=f"Thanh toán {FEE} đồng").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Cổng thanh toán thử nghiệm")
    seen(citizen, "6-sandbox")
    citizen.get_by_role("button", name="Thanh toán thành công").click()
    expect(citizen.get_by_role("heading", level=1)).to_contain_text("Thanh toán thành công")
    seen(citizen, "6-paid")
    citizen.get_by_role("link", name=f"Xem hồ sơ {code}").click()
    expect(citizen.get_by_text("Đã thanh toán. Cảm ơn ông/bà.")).to_be_visible()
    seen(citizen, "6-dossier-paid")
    citizen.get_by_role("link", name="Xem biên lai điện tử").click()
    expect(citizen.locator("tfoot td.money")).to_have_text(FEE)
    total = citizen.locator("tfoot td.money strong")
    assert total.evaluate("e => e.getClientRects().length") == 1, "the amount splits at 360 px"
    seen(citizen, "6-e-receipt")

    head = staff_sign_in(new_context(), *staff["head"])
    act(head, code, "Phê duyệt")
    act(
        officer,
        code,
        "Trả kết quả",
        lambda p: p.locator("#return_result-via").select_option("counter"),
    )
    expect(officer.locator(".office-facts .status")).to_contain_text("Đã trả kết quả")
    seen(officer, "6-office-returned")

    # 7. Three taps to rate; the public statistics count it.
    before = month_stats(citizen)["satisfaction"]["rat_hai_long"]
    citizen.goto(f"/dossiers/{code}")
    expect(citizen.get_by_text("Đã trả kết quả").first).to_be_visible()
    seen(citizen, "7-dossier-returned")
    citizen.get_by_role("link", name="Đánh giá mức độ hài lòng").tap()
    expect(citizen).to_have_url(re.compile(f"/dossiers/{re.escape(code)}/danh-gia"))
    seen(citizen, "7-rate")
    citizen.get_by_role("button", name="Rất hài lòng", exact=True).tap()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Ông/bà muốn nói thêm?")
    seen(citizen, "7-rate-details")
    citizen.get_by_role("link", name="Bỏ qua", exact=True).tap()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Cảm ơn ông/bà đã đánh giá")
    seen(citizen, "7-thanks")
    ratings = month_stats(citizen)["satisfaction"]
    assert ratings["rat_hai_long"] == before + 1, ratings
    today = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    citizen.goto(f"/thong-ke?period={today:%Y-%m}&unit={COMMUNE}")
    expect(citizen.get_by_text(f"Đánh giá: {ratings['rat_hai_long']} rất hài lòng")).to_be_visible()
    seen(citizen, "7-statistics")
