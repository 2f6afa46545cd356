"""Rating a returned dossier in three taps on a phone, and a complaint answered and published:
every page fits 360 px, has no axe-core violation, and is screenshotted."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import REPO, NewPage, screenshot
from tests.browser.test_account import assert_fits_and_accessible

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True}
MIN_TAP = 44  # px: the smallest comfortable target on a phone

# Runs in its own process on the live server's database: the demo units, a head of Đông Sơn (not
# the Hạc Thành queue that test_office counts), a citizen with a dossier there taken through to
# "returned", and a session token for each of them.
SET_UP = """
import asyncio, json, os, secrets, sys
from pathlib import Path
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
from core.identity.tables import Citizen, Unit
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units
from core.process.service import ProcessService
from tests.core.dossiers.conftest import birth_fields, jpeg

COMMUNE = "000.10.12.H56"

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    clock = SystemClock()
    await load_demo_units(SYSTEM_CONTEXT)
    head = await StaffService(clock, "unused").create(
        SYSTEM_CONTEXT, sys.argv[1], "Mật-khẩu-đủ-dài-42", ["head"], COMMUNE, "Lãnh đạo xã")
    unit = await Unit.select(Unit.id).where(Unit.code == COMMUNE).first()
    uploads = UploadService(LocalFileStore(Path(os.environ["MOTCUA_DATA_DIR"]) / "files"), clock)
    catalog, calendar = CatalogService(clock), CalendarService(clock)
    filing = SubmissionService(clock, catalog, uploads, calendar)
    row = await Citizen.insert(Citizen(
        phone=f"+8491{secrets.randbelow(10**7):07d}", full_name="Nguyễn Văn An",
        created_at=clock.now())).returning(Citizen.id)
    citizen_id = row[0]["id"]
    upload = await uploads.accept(citizen_id, "giay-chung-sinh.jpg", jpeg())
    papers = [DocumentChoice(5, str(upload.id))]
    submission = Submission("1.001193", birth_fields(), papers, COMMUNE)
    filed = await filing.submit(Context(Actor("citizen", citizen_id)), submission, sys.argv[1])
    flow = Workflow(clock, calendar, ProcessService(clock, catalog), uploads)
    steps = (("receive", "officer", {}), ("forward", "officer", {}), ("approve", "head", {}),
             ("return_result", "officer", {"via": "counter"}))
    for action, role, extra in steps:
        actor = Actor("staff", id=head.id, roles=frozenset({role}), unit_id=unit["id"])
        await flow.act(Context(actor, "10.0.0.1"), filed.code, ActionRequest(action, **extra))
    tokens = TokenService(clock)
    print(json.dumps({
        "code": filed.code,
        "citizen": await tokens.issue("session", citizen_id=citizen_id),
        "head": await tokens.issue("session", staff_id=head.id),
    }))

asyncio.run(main())
"""


def set_up(live_database: tuple[Path, str]) -> dict[str, str]:
    data_dir, url = live_database
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "MOTCUA_DATABASE_URL": url}
    made = subprocess.run(
        [sys.executable, "-c", SET_UP, f"fb.{secrets.token_hex(3)}"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    found: dict[str, str] = json.loads(made.stdout.strip().splitlines()[-1])
    return found


def signed_in(context: BrowserContext, live_server: str, token: str) -> BrowserContext:
    context.add_cookies([{"name": "motcua_session", "value": token, "url": live_server}])
    return context


def tall_enough(page: Page, name: str) -> None:
    box = page.get_by_role("button", name=name, exact=True).bounding_box()
    assert box is not None and box["height"] >= MIN_TAP, f"{name}: {box}"


def test_rating_in_three_taps_on_a_phone(
    new_context: Callable[..., BrowserContext], live_server: str, live_database: tuple[Path, str]
) -> None:
    """The invitation's page, one tap on a level, one tap to skip the details: thanked."""
    made = set_up(live_database)
    context = signed_in(new_context(**PHONE), live_server, made["citizen"])
    page = context.new_page()
    page.goto(f"/dossiers/{made['code']}")
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").tap()  # tap 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Ông/bà có hài lòng không?")
    for level in ("Rất hài lòng", "Hài lòng", "Không hài lòng"):
        tall_enough(page, level)
    assert_fits_and_accessible(page, "rating")
    screenshot(page, "feedback-rate-phone")
    page.get_by_role("button", name="Hài lòng", exact=True).tap()  # tap 2
    expect(page.get_by_role("heading", level=1)).to_have_text("Ông/bà muốn nói thêm?")
    assert_fits_and_accessible(page, "rating details")
    screenshot(page, "feedback-details-phone")
    page.get_by_role("link", name="Bỏ qua", exact=True).tap()  # tap 3
    expect(page.get_by_role("heading", level=1)).to_have_text("Cảm ơn ông/bà đã đánh giá")
    assert_fits_and_accessible(page, "rating thanks")
    screenshot(page, "feedback-thanks-phone")


def test_a_complaint_answered_and_published(
    new_page: NewPage,
    new_context: Callable[..., BrowserContext],
    live_server: str,
    live_database: tuple[Path, str],
) -> None:
    """An unhappy rating becomes the head's task; the complaint form's error summary, the filed
    complaint, the head's answer, the public page."""
    made = set_up(live_database)
    context = signed_in(new_context(**PHONE), live_server, made["citizen"])
    page = context.new_page()
    page.goto(f"/dossiers/{made['code']}/danh-gia")
    page.get_by_role("button", name="Không hài lòng").click()
    page.get_by_label("Ý kiến khác").fill("Phải đến hai lần mới xong")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Lãnh đạo đơn vị đã nhận ý kiến")).to_be_visible()
    page.goto(f"/phan-anh-kien-nghi/gui?ho-so={made['code']}")
    page.get_by_role("button", name="Gửi").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_fits_and_accessible(page, "complaint errors")
    screenshot(page, "complaint-form-errors-phone")
    page.get_by_label("Phản ánh (một việc chưa đúng)").check()
    page.get_by_label("Nội dung", exact=True).fill(
        "Tôi là Nguyễn Văn An, gọi 0912 345 678 nhiều lần mà không ai nghe máy."
    )
    page.get_by_label("Tôi đồng ý công khai", exact=False).check()
    page.get_by_role("button", name="Gửi").click()
    expect(page.get_by_role("status")).to_contain_text("Mã theo dõi: PAKN-000.10.12.H56-")
    assert_fits_and_accessible(page, "complaint sent")
    screenshot(page, "complaint-sent-phone")
    code = page.url.rsplit("/", 1)[-1].split("?")[0]
    page.goto("/phan-anh-kien-nghi")
    assert_fits_and_accessible(page, "my complaints")
    screenshot(page, "complaint-mine-phone")

    head = signed_in(new_context(**PHONE), live_server, made["head"]).new_page()
    head.goto(f"/staff/complaints/{code}")
    assert_fits_and_accessible(head, "complaint answer")
    head.get_by_label("Nội dung trả lời").fill("Đã nhắc bộ phận trực điện thoại, xin cảm ơn.")
    head.get_by_label("Công khai câu hỏi và trả lời", exact=False).check()
    head.get_by_role("button", name="Gửi trả lời").click()
    expect(head.get_by_role("status")).to_have_text("Đã gửi trả lời cho công dân.")
    screenshot(head, "complaint-answer-phone")
    head.goto("/staff/feedback/follow-ups")
    expect(head.get_by_text("Phải đến hai lần mới xong")).to_be_visible()
    assert_fits_and_accessible(head, "follow-ups")
    screenshot(head, "feedback-follow-ups-phone")

    public = new_page(**PHONE)
    public.goto("/cong-khai/phan-anh-kien-nghi")
    expect(public.get_by_text("Đã nhắc bộ phận trực điện thoại")).to_be_visible()
    body = public.content()
    assert "0912 345 678" not in body and "Nguyễn Văn An" not in body
    assert_fits_and_accessible(public, "public answers")
    screenshot(public, "complaint-public-phone")
