"""An officer's morning, on a desktop and on a phone: sign in, the unit's queue, a dossier with
its paper and clock, receive it. Screenshots at 1280×800 and 360×800 go to test-artifacts/."""

from __future__ import annotations

import json
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

from tests.browser.conftest import REPO, NewPage, screenshot
from tests.browser.test_account import assert_fits_and_accessible

pytestmark = pytest.mark.browser

PASSWORD = "Mật-khẩu-đủ-dài-42"
DESKTOP: dict[str, Any] = {
    "viewport": {"width": 1280, "height": 800},
    "is_mobile": False,
    "has_touch": False,
}
# Runs in its own process against the live server's database and file store (Playwright's sync
# API holds this process's event loop): the demo units, an officer of the commune made by the
# service as `motcua create-user` does, and three birth registrations filed there by citizens,
# one of them already waiting for a paper.
SET_UP = """
import asyncio, io, json, os, secrets, sys
from pathlib import Path
from PIL import Image, ImageDraw
from core import database
from core.calendar.service import CalendarService
from core.catalog.service import CatalogService
from core.clock import SystemClock
from core.dossiers.actions import ActionRequest
from core.dossiers.requirements import DocumentChoice
from core.dossiers.submission import Submission, SubmissionService
from core.dossiers.workflow import Workflow
from core.files.local import LocalFileStore
from core.files.service import UploadService
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.staff import StaffService
from core.identity.tables import Citizen
from core.identity.tokens import staff_actor
from core.identity.units import load_demo_units
from core.process.service import ProcessService

COMMUNE = "000.10.11.H56"
NAMES = ("Nguyễn Văn An", "Trần Thị Mai", "Lê Văn Hùng")

def paper() -> bytes:
    image = Image.new("RGB", (1200, 1600), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, 1120, 200), fill=(165, 14, 14))
    for y in range(300, 1500, 90):
        draw.rectangle((100, y, 1100, y + 30), fill=(70, 70, 70))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    clock = SystemClock()
    await load_demo_units(SYSTEM_CONTEXT)
    made = await StaffService(clock, "unused").create(
        SYSTEM_CONTEXT, sys.argv[1], sys.argv[2], ["officer"], COMMUNE, "Cán bộ một cửa Hạc Thành")
    catalog = CatalogService(clock)
    calendar = CalendarService(clock)
    uploads = UploadService(LocalFileStore(Path(os.environ["MOTCUA_DATA_DIR"]) / "files"), clock)
    filing = SubmissionService(clock, catalog, uploads, calendar)
    workflow = Workflow(clock, calendar, ProcessService(clock, catalog), uploads)
    codes = []
    for number, name in enumerate(NAMES):
        phone = f"+8491{secrets.randbelow(10**7):07d}"
        row = await Citizen.insert(
            Citizen(phone=phone, full_name=name, created_at=clock.now())
        ).returning(Citizen.id)
        citizen = Context(Actor("citizen", row[0]["id"], name))
        upload = await uploads.accept(row[0]["id"], "giay-chung-sinh.jpg", paper())
        fields = {
            "applicant_name": name, "citizen_id": "038090001234", "phone": "0912345678",
            "address": {"province": "Thanh Hóa", "detail": "Thôn 3, phường Hạc Thành"},
            "child_name": "Nguyễn Thị Bình", "child_birth_date": "25/02/2026",
            "child_sex": "Nữ", "birth_place": "Bệnh viện Đa khoa tỉnh Thanh Hóa",
        }
        choices = [DocumentChoice(5, str(upload.id))]
        key = f"{sys.argv[1]}-{number}"
        filed = await filing.submit(citizen, Submission("1.001193", fields, choices, COMMUNE), key)
        codes.append(filed.code)
    officer = Context(await staff_actor(made.id), "127.0.0.1")
    await workflow.act(officer, codes[2], ActionRequest("request_supplement",
        items=("Giấy chứng sinh bản gốc, ảnh chụp rõ nét",)))
    print(json.dumps({"totp_uri": made.totp_uri, "codes": codes}))

asyncio.run(main())
"""


def set_up(live_database: tuple[Path, str]) -> tuple[str, str, list[str]]:
    """The officer's username, TOTP secret and the codes of the dossiers filed at the commune."""
    data_dir, url = live_database
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "MOTCUA_DATABASE_URL": url}
    username = f"canbo.{secrets.token_hex(3)}"
    made = subprocess.run(
        [sys.executable, "-c", SET_UP, username, PASSWORD],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    answer = json.loads(made.stdout.strip().splitlines()[-1])
    secret = pyotp.parse_uri(answer["totp_uri"]).secret
    return username, secret, answer["codes"]


def sign_in(page: Page, username: str, secret: str) -> None:
    page.goto("/staff/sign-in")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Mã xác thực (6 chữ số)").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/staff$"))


def test_an_officer_receives_a_dossier_from_the_queue(
    new_page: NewPage, live_database: tuple[Path, str]
) -> None:
    """Desktop: sign in with the TOTP code, queue (screenshot), dossier (screenshot), receive it;
    then the same session on a 360 px phone: queue and dossier fit and pass axe (screenshots)."""
    username, secret, codes = set_up(live_database)
    page = new_page(**DESKTOP)
    sign_in(page, username, secret)
    page.get_by_role("link", name="Hồ sơ của đơn vị").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hồ sơ của đơn vị")
    tabs = page.get_by_role("navigation", name="Lọc hồ sơ")
    expect(tabs.get_by_role("link", name=re.compile(r"^Tất cả 3$"))).to_be_visible()
    expect(tabs.get_by_role("link", name=re.compile(r"^Chờ công dân 1$"))).to_be_visible()
    for code in codes:
        expect(page.get_by_role("link", name=code)).to_be_visible()
    screenshot(page, "office-queue-1280")
    page.get_by_role("link", name=codes[0]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(codes[0])
    expect(page.locator("img.paper-image")).to_be_visible()
    assert page.locator("img.paper-image").evaluate("img => img.naturalWidth") > 0
    expect(page.get_by_role("heading", name="Thời hạn giải quyết")).to_be_visible()
    summaries = page.locator("details.action > summary")
    expect(summaries).to_have_text(["Tiếp nhận hồ sơ", "Yêu cầu bổ sung", "Từ chối tiếp nhận"])
    screenshot(page, "office-dossier-1280")
    page.get_by_text("Tiếp nhận hồ sơ", exact=True).first.click()  # opens the form
    page.locator("#receive-note").fill("Hồ sơ đủ giấy tờ")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("status")).to_have_text("Đã thực hiện: Tiếp nhận hồ sơ.")
    expect(page.locator(".office-facts .status")).to_contain_text("Được tiếp nhận")
    expect(page.locator(".sheet-table tbody tr")).to_have_count(2)
    screenshot(page, "office-dossier-received-1280")

    phone = new_page()
    phone.context.add_cookies(page.context.cookies())
    phone.goto("/staff/dossiers")
    expect(phone.get_by_role("link", name=codes[0])).to_be_visible()
    assert_fits_and_accessible(phone, "office queue")
    screenshot(phone, "office-queue-360")
    phone.get_by_role("link", name=codes[0]).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(codes[0])
    assert_fits_and_accessible(phone, "office dossier")
    screenshot(phone, "office-dossier-360")
