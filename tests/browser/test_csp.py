"""The Content-Security-Policy holds in a real browser: the pages of the citizen's and the
officer's journeys load, search live (htmx), print the receipt and preview a PDF paper without a
single violation."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from tests.browser.conftest import REPO, NewPage

pytestmark = pytest.mark.browser

# Runs in its own process against the live server's database and file store (Playwright's sync
# API holds this process's event loop): the demo units, an officer of the commune, a citizen who
# filed a birth registration there with a PDF paper, and a session token for each of them.
SET_UP = """
import asyncio, json, os, secrets, sys
from pathlib import Path
from fpdf import FPDF
from core import database
from core.calendar.service import CalendarService
from core.catalog.service import CatalogService
from core.clock import SystemClock
from core.dossiers.requirements import DocumentChoice
from core.dossiers.submission import Submission, SubmissionService
from core.files.local import LocalFileStore
from core.files.service import UploadService
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.staff import StaffService
from core.identity.tables import Citizen
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units

COMMUNE = "000.10.12.H56"  # Đông Sơn: not the Hạc Thành queue that test_office counts

def paper() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=24)
    pdf.cell(text="Giay chung sinh")
    return bytes(pdf.output())

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    clock = SystemClock()
    await load_demo_units(SYSTEM_CONTEXT)
    officer = await StaffService(clock, "unused").create(
        SYSTEM_CONTEXT, sys.argv[1], sys.argv[2], ["officer"], COMMUNE, "Cán bộ một cửa")
    uploads = UploadService(LocalFileStore(Path(os.environ["MOTCUA_DATA_DIR"]) / "files"), clock)
    filing = SubmissionService(clock, CatalogService(clock), uploads, CalendarService(clock))
    phone = f"+8491{secrets.randbelow(10**7):07d}"
    row = await Citizen.insert(
        Citizen(phone=phone, full_name="Nguyễn Văn An", created_at=clock.now())
    ).returning(Citizen.id)
    citizen_id = row[0]["id"]
    upload = await uploads.accept(citizen_id, "giay-chung-sinh.pdf", paper())
    fields = {
        "applicant_name": "Nguyễn Văn An", "citizen_id": "038090001234", "phone": "0912345678",
        "address": {"province": "Thanh Hóa", "detail": "Thôn 3, phường Hạc Thành"},
        "child_name": "Nguyễn Thị Bình", "child_birth_date": "25/02/2026",
        "child_sex": "Nữ", "birth_place": "Bệnh viện Đa khoa tỉnh Thanh Hóa",
    }
    submission = Submission("1.001193", fields, [DocumentChoice(5, str(upload.id))], COMMUNE)
    citizen = Context(Actor("citizen", citizen_id, "Nguyễn Văn An"))
    filed = await filing.submit(citizen, submission, sys.argv[1])
    tokens = TokenService(clock)
    print(json.dumps({
        "code": filed.code,
        "citizen": await tokens.issue("session", citizen_id=citizen_id),
        "officer": await tokens.issue("session", staff_id=officer.id),
    }))

asyncio.run(main())
"""
WATCHED = ("Content Security Policy", "X-Frame-Options")


def set_up(live_database: tuple[Path, str]) -> dict[str, str]:
    """The code of a dossier with a PDF paper, and session tokens of its citizen and officer."""
    data_dir, url = live_database
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "MOTCUA_DATABASE_URL": url}
    username = f"csp.{secrets.token_hex(3)}"
    made = subprocess.run(
        [sys.executable, "-c", SET_UP, username, "Mật-khẩu-đủ-dài-42"],
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


def watch(page: Page, seen: list[str]) -> Page:
    """Collect the console's reports of blocked scripts, styles, forms and frames."""

    def note(message: ConsoleMessage) -> None:
        if any(word in message.text for word in WATCHED):
            seen.append(f"{page.url}: {message.text}")

    page.on("console", note)
    return page


def signed_in(context: BrowserContext, live_server: str, token: str) -> BrowserContext:
    context.add_cookies([{"name": "motcua_session", "value": token, "url": live_server}])
    return context


def test_the_journeys_pages_break_no_rule_of_the_policy(
    new_page: NewPage, live_server: str, live_database: tuple[Path, str]
) -> None:
    """Home, live search, a procedure, both sign-ins, the receipt (its print button prints) and
    the officer's dossier with a PDF preview: no CSP or framing violation in the console."""
    made = set_up(live_database)
    seen: list[str] = []
    page = watch(new_page(), seen)
    page.goto("/")
    page.get_by_label("Bạn cần làm thủ tục gì?").fill("khai sinh")  # htmx swaps the results in
    expect(page.get_by_role("link", name="Đăng ký khai sinh", exact=True).first).to_be_visible()
    for path in ("/procedures?q=khai+sinh", "/procedures/1.001193", "/sign-in", "/staff/sign-in"):
        page.goto(path)

    citizen = watch(new_page(), seen)
    signed_in(citizen.context, live_server, made["citizen"])
    citizen.add_init_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    citizen.goto(f"/dossiers/{made['code']}/receipt")
    citizen.get_by_role("button", name="In giấy tiếp nhận").click()
    assert citizen.evaluate("window.printed") == 1
    assert citizen.url.endswith("/receipt"), "the button printed instead of opening the PDF"

    officer = watch(new_page(viewport={"width": 1280, "height": 800}), seen)
    signed_in(officer.context, live_server, made["officer"])
    officer.goto("/staff/dossiers")
    officer.goto(f"/staff/dossiers/{made['code']}")
    expect(officer.locator("object.paper-pdf")).to_be_visible()
    officer.wait_for_load_state("networkidle")
    assert seen == [], "\n".join(seen)
