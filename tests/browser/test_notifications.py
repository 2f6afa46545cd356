"""The notification pages on a phone: the centre with its header count, the settings page with
the push button and choices, the admin's parked messages; no axe-core violations, screenshots."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import REPO, NewPage, screenshot
from tests.browser.test_account import assert_fits_and_accessible

pytestmark = pytest.mark.browser

# Runs in its own process on the live server's database: a citizen with two in-app
# notifications and a session, an admin with a session, and one parked message for the admin.
SET_UP = """
import asyncio, json, os, secrets, sys
from core import database, rows
from core.clock import SystemClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.staff import StaffService
from core.identity.tables import Citizen
from core.identity.tokens import TokenService
from core.outbox.channels import Delivery
from core.outbox.inbox import InAppChannel
from core.outbox.tables import OutboxAttempt, OutboxMessage

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    clock = SystemClock()
    now = clock.now()
    made = await Citizen.insert(Citizen(
        phone=f"+8497{secrets.randbelow(10**7):07d}", full_name="Trần Thị Hoa", created_at=now
    )).returning(Citizen.id)
    citizen = made[0]["id"]
    code = "H56.10.12-261203-0042"
    for n, (title, body) in enumerate([
        (f"Hồ sơ {code} đã được tiếp nhận", "Cán bộ một cửa đã tiếp nhận hồ sơ của ông/bà."),
        (f"Hồ sơ {code} cần bổ sung giấy tờ",
         "Giấy tờ cần bổ sung:\\n- Giấy chứng sinh bản rõ nét\\n"
         "Thời hạn giải quyết tạm dừng cho đến khi ông/bà bổ sung đủ."),
    ]):
        key = -1 - n - 100 * citizen  # message ids of their own: no outbox row behind them
        await InAppChannel(clock).deliver(Delivery(
            key, "dossier.receive", title, body, f"/dossiers/{code}", citizen, None
        ))
    parked = await rows.insert(OutboxMessage, [{
        "topic": "dossier.approve", "citizen": citizen, "staff": None,
        "subject": f"Hồ sơ {code} đã có kết quả", "body": "", "link": f"/dossiers/{code}",
        "data": None, "status": "parked", "attempts": 8, "created_at": now, "due_at": now,
    }], returning="id")
    await OutboxAttempt.insert(OutboxAttempt(
        message=parked[0]["id"], channel="sms", round=7, started_at=now, finished_at=now,
        outcome="failed", detail="SMS gateway: 503 Service Unavailable",
    ))
    admin = await StaffService(clock, "unused").create(
        SYSTEM_CONTEXT, sys.argv[1], "Mật-khẩu-đủ-dài-42", ["admin"], None, "Quản trị viên")
    tokens = TokenService(clock)
    print(json.dumps({
        "citizen": await tokens.issue("session", citizen_id=citizen),
        "admin": await tokens.issue("session", staff_id=admin.id),
        "parked": parked[0]["id"],
    }))

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def seeded(live_database: tuple[Path, str]) -> dict[str, str]:
    data_dir, url = live_database
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "MOTCUA_DATABASE_URL": url}
    made = subprocess.run(
        [sys.executable, "-c", SET_UP, f"notif.{secrets.token_hex(3)}"],
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


def signed_in(new_page: NewPage, live_server: str, token: str) -> Page:
    page = new_page()
    context: BrowserContext = page.context
    context.add_cookies([{"name": "motcua_session", "value": token, "url": live_server}])
    return page


def test_the_notification_centre_on_a_phone(
    new_page: NewPage, live_server: str, seeded: dict[str, str]
) -> None:
    """Two unread, newest first, counted in the header; "mark all read" empties the count."""
    page = signed_in(new_page, live_server, seeded["citizen"])
    page.goto("/account/notifications")
    expect(page.locator("header .account")).to_contain_text("(2 chưa đọc)")
    cards = page.locator(".dossier-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("cần bổ sung giấy tờ")
    expect(cards.first).to_contain_text("Chưa đọc")
    assert_fits_and_accessible(page, "notification centre")
    screenshot(page, "notifications-centre")
    page.get_by_role("button", name="Đánh dấu tất cả là đã đọc").click()
    expect(page.get_by_text("Bạn đã đọc hết thông báo.")).to_be_visible()
    expect(page.locator("header .account")).not_to_contain_text("chưa đọc")
    page.get_by_role("link", name="Hồ sơ H56.10.12-261203-0042 đã được tiếp nhận").click()
    assert page.url.endswith("/dossiers/H56.10.12-261203-0042")


def test_the_notification_settings_on_a_phone(
    new_page: NewPage, live_server: str, seeded: dict[str, str]
) -> None:
    """The push button for the PWA script, no devices yet, the choices saved with a CSRF form."""
    page = signed_in(new_page, live_server, seeded["citizen"])
    page.goto("/account/notifications/settings")
    assert page.locator("button[data-push-enable]").count() == 1
    expect(page.get_by_text("Chưa có thiết bị nào.")).to_be_visible()
    sms = page.get_by_role("group", name="Yêu cầu bổ sung giấy tờ").get_by_label("Tin nhắn SMS")
    expect(sms).to_be_checked()
    assert_fits_and_accessible(page, "notification settings")
    screenshot(page, "notifications-settings")
    sms.uncheck()
    page.get_by_role("button", name="Lưu lựa chọn").click()
    expect(page.get_by_text("Đã lưu cách nhận thông báo.")).to_be_visible()
    again = page.get_by_role("group", name="Yêu cầu bổ sung giấy tờ").get_by_label("Tin nhắn SMS")
    expect(again).not_to_be_checked()


def test_the_admin_retries_a_parked_message_on_a_phone(
    new_page: NewPage, live_server: str, seeded: dict[str, str]
) -> None:
    page = signed_in(new_page, live_server, seeded["admin"])
    page.goto("/admin/outbox")
    card = page.locator(".dossier-card", has_text="đã có kết quả")
    expect(card).to_contain_text("Dừng sau 8 lượt lỗi")
    expect(card).to_contain_text("503 Service Unavailable")
    assert_fits_and_accessible(page, "admin outbox")
    screenshot(page, "admin-outbox")
    card.get_by_role("button", name="Gửi lại").click()
    expect(page.get_by_text(f"Đã xếp thông báo #{seeded['parked']} để gửi lại.")).to_be_visible()
