"""A citizen signs in on a phone with the code from the SMS and lands on their account page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import inject_axe, screenshot

pytestmark = pytest.mark.browser

PHONE = "0987 654 321"
CANONICAL = "+84987654321"


def code_from_outbox(page: Page) -> str:
    """The newest SMS to the number, read from GET /dev/outbox (JSON, newest first)."""
    messages: list[dict[str, Any]] = page.request.get("/dev/outbox").json()
    body = next(m["body"] for m in messages if m["channel"] == "sms" and m["to"] == CANONICAL)
    found = re.search(r"\b(\d{6})\b", body)
    assert found, body
    return found.group(1)


def assert_fits_and_accessible(page: Page, name: str) -> None:
    """No sideways scrolling at 360 px, and no axe-core violations (once the page has loaded)."""
    page.wait_for_load_state()
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= 360, f"{name} is {width}px wide at 360px"
    inject_axe(page)
    violations = page.evaluate("async () => (await axe.run()).violations")
    assert violations == [], f"{name}: {[v['id'] for v in violations]}"


def test_sign_in_with_the_sms_code_on_a_phone(page: Page) -> None:
    """Number, code from the outbox, then /account showing the masked number; screenshot."""
    page.goto("/account")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Faccount$"))
    assert_fits_and_accessible(page, "sign-in")
    page.get_by_label("Số điện thoại di động").fill(PHONE)
    page.get_by_role("button", name="Gửi mã xác thực").click()
    expect(page).to_have_url(re.compile(r"/sign-in/code\?next=%2Faccount$"))
    expect(page.get_by_text("098*****21")).to_be_visible()
    assert "987654321" not in page.url
    assert_fits_and_accessible(page, "sign-in-code")
    screenshot(page, "sign-in-code-phone")
    page.get_by_label("Mã xác thực").fill(code_from_outbox(page))
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/account$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của bạn")
    expect(page.get_by_text("098*****21")).to_be_visible()
    assert_fits_and_accessible(page, "account")
    screenshot(page, "account-phone")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Số định danh cá nhân (không bắt buộc)").fill("12345")
    page.get_by_role("button", name="Lưu thông tin").click()
    expect(page).to_have_title(re.compile(r"^Lỗi: "))
    summary = page.get_by_role("alert")
    summary.get_by_role("link", name="Số định danh cá nhân phải gồm đúng 12 chữ số").click()
    expect(page.get_by_label("Số định danh cá nhân (không bắt buộc)")).to_be_focused()
    page.get_by_label("Số định danh cá nhân (không bắt buộc)").fill("001099012345")
    page.get_by_role("button", name="Lưu thông tin").click()
    expect(page.get_by_role("status")).to_have_text("Đã lưu thông tin của bạn.")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()
