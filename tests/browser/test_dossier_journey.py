"""The citizen's journey on a phone: find birth registration, fill in, photograph, submit, scan."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.browser.conftest import REPO, screenshot
from tests.browser.test_account import assert_fits_and_accessible, code_from_outbox

pytestmark = pytest.mark.browser

PHONE = "0987 654 321"
LOAD_UNITS = """
import asyncio, os
from core import database
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    await load_demo_units(SYSTEM_CONTEXT)

asyncio.run(main())
"""


@pytest.fixture
def units(live_database: tuple[Path, str]) -> None:
    """The demo unit tree in the live server's database, as `motcua demo-data` loads it."""
    data_dir, url = live_database
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "MOTCUA_DATABASE_URL": url}
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_UNITS], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert loaded.returncode == 0, loaded.stderr


def paper_photo(path: Path) -> Path:
    """A 3000×2000 "phone photo" of a paper, big enough to be downscaled by the server."""
    image = Image.new("RGB", (3000, 2000), (245, 240, 230))
    draw = ImageDraw.Draw(image)
    for y in range(200, 1800, 120):
        draw.rectangle((300, y, 2700, y + 40), fill=(60, 60, 60))
    image.save(path, "JPEG", quality=90)
    return path


def sign_in_from(page: Page) -> None:
    page.get_by_label("Số điện thoại di động").fill(PHONE)
    page.get_by_role("button", name="Gửi mã xác thực").click()
    page.get_by_label("Mã xác thực").fill(code_from_outbox(page))
    page.get_by_role("button", name="Đăng nhập").click()


def test_birth_registration_from_search_to_tracking(
    page: Page, units: None, tmp_path: Path
) -> None:
    """Search, sign in, fill, photograph, check, submit, read the receipt's QR, land on tracking."""
    page.goto("/")
    page.get_by_label("Bạn cần làm thủ tục gì?").fill("đăng ký khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).first.click()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    page.get_by_role("link", name="Đăng nhập").last.click()
    sign_in_from(page)
    expect(page).to_have_url(re.compile(r"/procedures/1\.001193/submit$"))
    page.get_by_role("button", name="Bắt đầu").click()
    expect(page).to_have_url(re.compile(r"/dossiers/drafts/[\w-]+$"))
    assert_fits_and_accessible(page, "form")
    page.locator("#f-applicant_name").fill("Nguyễn Văn An")
    page.locator("#f-citizen_id").fill("038090001234")
    page.locator("#f-address\\.province").select_option("Thanh Hóa")
    page.locator("#f-address\\.detail").fill("Thôn 3, xã Đông Sơn")
    page.locator("#f-child_name").fill("Nguyễn Thị Bình")
    page.locator("#f-child_birth_date").fill("25/02/2026")
    page.get_by_label("Nữ", exact=True).check()
    page.locator("#f-birth_place").fill("Bệnh viện Đa khoa tỉnh Thanh Hóa")
    expect(page.locator("#saved")).to_contain_text("Đã lưu lúc")  # htmx saved as we typed
    page.locator("#cam-5").set_input_files(paper_photo(tmp_path / "giay-chung-sinh.jpg"))
    screenshot(page, "dossier-form-phone")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra lại trước khi nộp")
    expect(page.get_by_text("25/02/2026")).to_be_visible()
    assert_fits_and_accessible(page, "check")
    screenshot(page, "dossier-check-phone")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/dossiers/000\.00\.00\.H56-\d{6}-\d{4}/receipt$"))
    code = page.url.rsplit("/", 2)[-2]
    expect(page.get_by_text(code).first).to_be_visible()
    assert_fits_and_accessible(page, "receipt")
    screenshot(page, "dossier-receipt-phone")
    qr = page.locator("svg").filter(has=page.locator("path")).first
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot(scale="device"))))
    assert decoded, "the receipt's QR code did not decode"
    url = decoded[0].text
    assert url.endswith(f"/track/{code}")
    page.goto(url)
    expect(page.get_by_text("Mới đăng ký").first).to_be_visible()
    assert "Nguyễn Văn An" not in page.content()
    assert_fits_and_accessible(page, "tracking")
    screenshot(page, "dossier-tracking-phone")
