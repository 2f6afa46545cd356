"""Simple for everyone, on a 360×800 phone: everyday words, the checklist first, large text and
high contrast without violations, 44-pixel targets, the keyboard alone, and read aloud."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import REPO, NewPage, inject_axe, screenshot
from tests.browser.test_account import assert_fits_and_accessible
from tests.browser.test_admin import MAKE_ADMIN

pytestmark = pytest.mark.browser

SEARCH_LABEL = "Bạn cần làm thủ tục gì?"
BIRTH = "Đăng ký khai sinh"
BIRTH_URL = "/procedures/1.001193"
EVERYDAY = "làm giấy khai sinh cho con"
MIN_TARGET = 44
PAGES = {"home": "/", "search": "/procedures?q=khai+sinh", "procedure": BIRTH_URL}

# Every control a finger or a keyboard can reach, with its size; the skip link waits off-screen
# until focused and is left out.
SMALL_TARGETS = """(min) => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && e.checkVisibility())
  .map(e => ({e, box: e.getBoundingClientRect()}))
  .filter(({box}) => box.right > 0 && box.bottom > 0)
  .filter(({box}) => box.width < min - 0.5 || box.height < min - 0.5)
  .map(({e, box}) => `${e.tagName.toLowerCase()} "${(e.textContent || e.name || '').trim()
    .slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`)"""

# What comes after the <h1>, skipping what is not rendered (the empty read-aloud placeholder).
AFTER_TITLE = """() => {
  let e = document.querySelector('main h1').nextElementSibling;
  while (e && !e.checkVisibility()) e = e.nextElementSibling;
  return e && (e.id || e.className);
}"""

# A device with a Vietnamese voice: speechSynthesis stubbed, remembering what it was asked.
FAKE_VOICE = """(() => {
  const spoken = [];
  let cancels = 0;
  const listeners = [];
  window.__speech = {spoken, cancels: () => cancels};
  const synth = {
    getVoices: () => [{name: 'Tiếng Việt', lang: 'vi-VN'}],
    speak: (u) => spoken.push(u.text),
    cancel: () => { cancels += 1; },
    addEventListener: (_, f) => listeners.push(f),
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();"""


def results_link(page: Page, name: str = BIRTH) -> Any:
    return page.locator("#results").get_by_role("link", name=name, exact=True)


def axe_aaa_contrast(page: Page) -> list[dict[str, Any]]:
    """axe's enhanced (AAA, 7:1) colour-contrast rule, off by default."""
    inject_axe(page)
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run({runOnly: ['color-contrast-enhanced']})).violations"
    )
    return violations


def test_everyday_words_lead_to_the_checklist_first(page: Page) -> None:
    """Everyday words put Đăng ký khai sinh first; its page opens on the checklist."""
    page.goto("/")
    page.get_by_label(SEARCH_LABEL).press_sequentially(EVERYDAY)
    first = page.locator("#results ol.results > li a").first
    expect(first).to_have_text(BIRTH)
    expect(page.get_by_text("Thủ tục thường cần khi: Làm giấy khai sinh cho con")).to_be_visible()
    first.click()
    expect(page).to_have_url(re.compile(re.escape(BIRTH_URL) + "$"))
    assert page.evaluate(AFTER_TITLE) == "bring"
    bring = page.get_by_role("region", name="Cần chuẩn bị gì")
    expect(bring.get_by_role("heading", name="Ai cũng phải có")).to_be_visible()
    top = bring.bounding_box()
    facts = page.locator(".facts").bounding_box()
    apply = page.get_by_role("link", name="Nộp hồ sơ trực tuyến").bounding_box()
    assert top and facts and apply and top["y"] < facts["y"] < apply["y"]
    screenshot(page, "simple-checklist-phone")


def test_large_text_and_high_contrast_pass_axe(new_page: NewPage) -> None:
    """The header links switch to large text, then high contrast: zero axe violations each time,
    no sideways scrolling, and high contrast meets the AAA contrast rule too."""
    page = new_page()
    page.goto(BIRTH_URL)
    page.get_by_role("link", name="Chữ to").click()
    expect(page.locator("html")).to_have_class("text-large")
    expect(page).to_have_url(re.compile(re.escape(BIRTH_URL) + "$"))
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    assert_fits_and_accessible(page, "procedure-large")
    screenshot(page, "simple-large-text-phone")
    page.get_by_role("link", name="Tương phản cao").click()
    expect(page.locator("html")).to_have_class("text-large contrast-high")
    assert_fits_and_accessible(page, "procedure-large-contrast")
    assert axe_aaa_contrast(page) == []
    screenshot(page, "simple-high-contrast-phone")
    for path in ("/", "/procedures?q=so+do"):
        page.goto(path)
        assert_fits_and_accessible(page, f"{path} large, high contrast")
        assert axe_aaa_contrast(page) == [], path
    page.get_by_role("link", name="Chữ thường").click()
    page.get_by_role("link", name="Màu thường").click()
    expect(page.locator("html")).not_to_have_attribute("class", re.compile("."))


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_every_target_is_at_least_44_px(new_page: NewPage, path: str, large: bool) -> None:
    """Links, buttons, fields and summaries are at least 44×44 CSS pixels."""
    page = new_page()
    if large:
        page.goto(f"/display/text/large?next={path}")
    else:
        page.goto(path)
    small = page.evaluate(SMALL_TARGETS, MIN_TARGET)
    assert small == [], f"{path}: {small}"


def test_the_keyboard_alone_reaches_the_search_and_the_result(page: Page) -> None:
    """Tab reaches the search box; after typing, Tab reaches the result and Enter opens it."""
    page.goto("/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    expect(page.get_by_label(SEARCH_LABEL)).to_be_focused()
    page.keyboard.type(EVERYDAY)
    expect(results_link(page)).to_be_visible()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == BIRTH:
            break
    expect(results_link(page).first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(BIRTH_URL) + "$"))


def test_read_aloud_is_hidden_without_a_vietnamese_voice(new_page: NewPage) -> None:
    """Headless chromium has no voice, and no JavaScript means no script: no button either way."""
    for options in ({}, {"java_script_enabled": False}):
        page = new_page(**options)
        page.goto(BIRTH_URL)
        expect(page.locator("[data-read-aloud]")).to_be_hidden()
        expect(page.get_by_role("button", name="Nghe đọc trang này")).to_have_count(0)


def test_read_aloud_reads_the_page_and_a_second_press_stops(new_page: NewPage) -> None:
    """With a vi voice the button appears, reads the main content, and a second press stops."""
    page = new_page()
    page.add_init_script(FAKE_VOICE)
    page.goto(BIRTH_URL)
    page.get_by_role("button", name="Nghe đọc trang này").click()
    spoken: list[str] = page.evaluate("window.__speech.spoken")
    assert BIRTH in spoken and "Cần chuẩn bị gì" in spoken
    assert "Nghe đọc trang này" not in spoken and len(max(spoken, key=len)) < 2_000
    stop = page.get_by_role("button", name="Dừng đọc")
    expect(stop).to_be_focused()
    stop.click()
    expect(page.get_by_role("button", name="Nghe đọc trang này")).to_be_visible()
    assert page.evaluate("window.__speech.cancels()") >= 2


@pytest.fixture
def admin_page(new_page: NewPage, live_server: str, live_database: tuple[Path, str]) -> Page:
    """A phone page signed in as a fresh admin of the live server."""
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


def test_an_admin_adds_a_life_event_that_search_then_uses(admin_page: Page) -> None:
    """At 360×800: the list, a bad entry told what to fix, a good one, and search using it."""
    page = admin_page
    page.goto("/admin/life-events")
    assert_fits_and_accessible(page, "admin-life-events")
    page.get_by_label("Tên việc cần làm").fill("Nuôi gà thả vườn")
    page.get_by_label("Các cách nói khác").fill("nuôi gà\nchăn nuôi gà")
    page.get_by_label("Mã thủ tục").fill("1.999999")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_title(re.compile("^Lỗi: "))
    problem = page.get_by_role("alert").get_by_role("link", name=re.compile("1.999999"))
    problem.click()
    expect(page.get_by_label("Mã thủ tục")).to_be_focused()
    assert_fits_and_accessible(page, "admin-life-events-error")
    page.get_by_label("Mã thủ tục").fill("1.001612")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_have_text("Đã thêm «Nuôi gà thả vườn».")
    page.goto("/procedures?q=chan+nuoi+ga")
    expect(page.locator("#results ol.results > li a").first).to_have_text(
        "Đăng ký thành lập hộ kinh doanh"
    )
