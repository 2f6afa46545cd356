"""The catalog in a real browser on a phone: search, a procedure, languages, a11y, weight."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, Response, expect

from tests.browser.conftest import ARTIFACTS, NewPage, inject_axe, screenshot

pytestmark = pytest.mark.browser

SEARCH_LABEL = "Bạn cần làm thủ tục gì?"
BIRTH = "Đăng ký khai sinh"
BIRTH_URL = "/procedures/1.001193"
RESULTS_URL = "/procedures?q=khai+sinh"
PAGE_BUDGET = 60_000  # bytes on the wire for a first visit: HTML + CSS + JS + icon


def results_link(page: Page, name: str = BIRTH) -> Locator:
    return page.locator("#results").get_by_role("link", name=name, exact=True)


def search_as_you_type(page: Page) -> None:
    """Home page, type a query without accents and without Enter: htmx shows the results."""
    page.goto("/")
    page.get_by_label(SEARCH_LABEL).press_sequentially("dang ky khai sinh")
    expect(results_link(page)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/procedures\?q=dang(\+|%20)ky(\+|%20)khai(\+|%20)sinh$"))


def switch_to_english_and_back(page: Page) -> None:
    """On a procedure page, English then Tiếng Việt: the words change, the page stays."""
    page.goto(BIRTH_URL)
    page.get_by_role("link", name="English", exact=True).click()
    expect(page.get_by_role("heading", name="What to bring")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(re.escape(BIRTH_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(BIRTH)  # the law's words stay
    page.get_by_role("link", name="Tiếng Việt", exact=True).click()
    expect(page.get_by_role("heading", name="Cần chuẩn bị gì")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_url(re.compile(re.escape(BIRTH_URL) + "$"))


def submit_search(page: Page, query: str) -> None:
    """The plain form: fill the box and press Enter (works with JavaScript off)."""
    page.goto("/")
    page.get_by_label(SEARCH_LABEL).fill(query)
    page.get_by_label(SEARCH_LABEL).press("Enter")
    page.wait_for_url(re.compile(r"/procedures\?"))


# --- 1, 2, 3: finding a procedure ------------------------------------------------------------


def test_search_as_you_type_without_accents_leads_to_the_procedure(page: Page) -> None:
    """Typing "dang ky khai sinh" shows live results and leads to a procedure page with it all."""
    search_as_you_type(page)
    assert parse_qs(urlsplit(page.url).query)["q"] == ["dang ky khai sinh"]
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Tra cứu thủ tục hành chính và nộp hồ sơ trực tuyến")  # no reload
    screenshot(page, "search-results-phone")

    results_link(page).click()
    expect(page).to_have_url(re.compile(re.escape(BIRTH_URL) + "$"))
    expect(heading).to_have_text(BIRTH)
    bring = page.get_by_role("region", name="Cần chuẩn bị gì")
    expect(bring.get_by_role("listitem").first).to_be_visible()
    apply = page.get_by_role("link", name="Nộp hồ sơ trực tuyến", exact=True)
    expect(apply).to_be_visible()
    expect(apply).to_have_attribute("href", f"{BIRTH_URL}/submit")
    processing = page.locator(".facts div", has=page.get_by_text("Thời hạn giải quyết"))
    expect(processing.locator("dd")).to_contain_text("ngày")  # "Trong ngày" or "N ngày làm việc"
    screenshot(page, "procedure-phone")


def test_search_works_without_javascript(new_page: NewPage) -> None:
    """With JavaScript off, submitting the form opens a results page that lists the procedure."""
    page = new_page(java_script_enabled=False)
    submit_search(page, "dang ky khai sinh")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả cho “dang ky khai sinh”")
    expect(results_link(page)).to_have_attribute("href", BIRTH_URL)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("KHAI SINH", BIRTH),
        ("chung thuc ban sao", "Chứng thực bản sao"),
        ("ho kinh doanh", "hộ kinh doanh"),
        ("khai sjnh", BIRTH),
    ],
)
def test_forgiving_queries_find_the_procedure(new_page: NewPage, query: str, expected: str) -> None:
    """Capitals, no accents and one typo still put a relevant procedure first."""
    page = new_page(java_script_enabled=False)
    submit_search(page, query)
    first = page.locator("#results ol.results > li a").first
    expect(first).to_contain_text(expected, ignore_case=True)


# --- 4: reflow -------------------------------------------------------------------------------

PAGES = {
    "home": "/",
    "results": RESULTS_URL,
    "filters-open": "/procedures?q=chung+thuc&field=chung-thuc",
    "procedure": BIRTH_URL,
    "procedure-long": "/procedures/2.000815",  # a 290-character name and a tiered fee
}
WIDTHS = pytest.mark.parametrize(("width", "scale"), [(360, 1), (180, 2)], ids=["360px", "zoom200"])
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
         + (e.classList.length ? '.' + [...e.classList].join('.') : ''));
  return {scrollWidth: document.scrollingElement.scrollWidth, wide: wide.slice(0, 10)};
}"""


# Words (between spaces) that the browser cut across two lines although they are shorter than
# half the text column: the sign of a squeezed column, e.g. a grid cell left 14 px wide.
BROKEN_WORDS = """() => {
  const main = document.querySelector('main');
  const style = getComputedStyle(main);
  const column = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const broken = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.checkVisibility()) continue;
    for (const word of node.data.matchAll(/\\S+/g)) {
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const boxes = [...range.getClientRects()];
      const lines = new Set(boxes.map(box => Math.round(box.top))).size;
      const width = boxes.reduce((sum, box) => sum + box.width, 0);
      if (lines > 1 && width <= column / 2) broken.push(word[0]);
    }
  }
  return broken;
}"""


def open_at(new_page: NewPage, path: str, width: int, scale: int) -> Page:
    page = new_page(viewport={"width": width, "height": 800 // scale}, device_scale_factor=scale)
    page.goto(path)
    return page


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
@WIDTHS
def test_no_horizontal_scrolling(new_page: NewPage, path: str, width: int, scale: int) -> None:
    """At 360 px, and at 200% zoom (180 CSS px at 2× density), nothing scrolls sideways."""
    found = open_at(new_page, path, width, scale).evaluate(OVERFLOW)
    assert found["scrollWidth"] <= width, f"{path} at {width}px: wider elements {found['wide']}"


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
@WIDTHS
def test_no_short_word_is_cut_in_two(new_page: NewPage, path: str, width: int, scale: int) -> None:
    """At 360 px and at 200% zoom, text reflows by whole words: no column is squeezed."""
    broken = open_at(new_page, path, width, scale).evaluate(BROKEN_WORDS)
    assert broken == [], f"{path} at {width}px: words cut across lines: {broken[:20]}"


# --- 5: accessibility ------------------------------------------------------------------------


def axe_violations(page: Page) -> list[dict[str, Any]]:
    inject_axe(page)
    violations: list[dict[str, Any]] = page.evaluate("async () => (await axe.run()).violations")
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation: id, impact, what it means, the CSS selectors of every node."""
    return "\n".join(
        f"{v['id']} [{v['impact']}] {v['help']}: "
        + ", ".join(json.dumps(node["target"], ensure_ascii=False) for node in v["nodes"])
        for v in violations
    )


def open_english_procedure(page: Page) -> None:
    page.goto(f"/lang/en?next={BIRTH_URL}")
    expect(page.get_by_role("heading", name="What to bring")).to_be_visible()


def goto(path: str) -> Callable[[Page], object]:
    return lambda page: page.goto(path)


AXE_PAGES: dict[str, Callable[[Page], object]] = {
    "home": goto("/"),
    "live-results": search_as_you_type,
    "results": goto(RESULTS_URL),
    "filters-open": goto(PAGES["filters-open"]),
    "procedure": goto(BIRTH_URL),
    "procedure-en": open_english_procedure,
}


@pytest.mark.parametrize("open_page", AXE_PAGES.values(), ids=AXE_PAGES.keys())
def test_axe_finds_no_violations(page: Page, open_page: Callable[[Page], object]) -> None:
    """axe-core reports zero violations (every rule it runs by default)."""
    open_page(page)
    violations = axe_violations(page)
    assert violations == [], f"{page.url}:\n{describe(violations)}"


UNLABELLED = """() => {
  const controls = [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea')];
  return {
    count: controls.length,
    unlabelled: controls
      .filter(c => ![...c.labels].some(label => label.textContent.trim()))
      .map(c => c.outerHTML),
  };
}"""


@pytest.mark.parametrize("path", ["/", PAGES["filters-open"]], ids=["home", "filters-open"])
def test_every_control_has_a_visible_label(page: Page, path: str) -> None:
    """Every input and select has a real <label> with text (a placeholder is not a label)."""
    page.goto(path)
    found = page.evaluate(UNLABELLED)
    assert found["count"] > 0
    assert found["unlabelled"] == []
    for label in page.locator("label").all():
        expect(label).to_be_visible()


# --- 6, 7: languages, third parties ----------------------------------------------------------


def test_english_switch_keeps_the_procedure_page(page: Page) -> None:
    """The English link turns the interface English on the same procedure page, and back."""
    switch_to_english_and_back(page)


def test_english_switch_keeps_the_search(new_page: NewPage) -> None:
    """Switching language on a results page comes back to the same query (JavaScript off)."""
    page = new_page(java_script_enabled=False)
    page.goto(RESULTS_URL)
    page.get_by_role("link", name="English", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “khai sinh”")
    expect(page).to_have_url(re.compile(re.escape(RESULTS_URL) + "$"))


def test_live_search_keeps_heading_and_language_link_in_step(page: Page) -> None:
    """After typing on the results page, the heading, title and English link follow the query."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(RESULTS_URL)
    page.get_by_label(SEARCH_LABEL).fill("")
    page.get_by_label(SEARCH_LABEL).press_sequentially("chung thuc")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả cho “chung thuc”")
    expect(page).to_have_title(re.compile("^Kết quả cho “chung thuc”"))
    expect(page.get_by_role("status")).to_contain_text("Tìm thấy")
    page.get_by_role("link", name="English", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “chung thuc”")
    assert errors == []


def test_no_third_party_requests(page: Page, live_server: str) -> None:
    """The search journey and the language switch fetch nothing from another origin."""
    urls: list[str] = []
    page.context.on("request", lambda request: urls.append(request.url))
    search_as_you_type(page)
    results_link(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BIRTH)
    switch_to_english_and_back(page)
    page.wait_for_load_state("networkidle")

    paths = {urlsplit(url).path for url in urls}
    assert {"/", "/static/vendor/htmx.min.js", "/procedures", BIRTH_URL, "/lang/en"} <= paths
    elsewhere = [url for url in urls if not url.startswith(live_server + "/")]
    assert elsewhere == []


# --- 8: weight -------------------------------------------------------------------------------


def first_visit(page: Page, path: str) -> dict[str, tuple[int, str]]:
    """Per URL: bytes on the wire (headers + body as sent, CDP encodedDataLength), encoding."""
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    encodings: dict[str, str] = {}

    def sent(event: dict[str, Any]) -> None:
        urls[event["requestId"]] = event["request"]["url"]

    def finished(event: dict[str, Any]) -> None:
        sizes[event["requestId"]] = int(event["encodedDataLength"])

    def received(response: Response) -> None:
        encodings[response.url] = response.headers.get("content-encoding", "identity")

    cdp = page.context.new_cdp_session(page)
    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)
    cdp.send("Network.enable")
    page.on("response", received)
    page.goto(path, wait_until="networkidle")
    return {urls[rid]: (size, encodings.get(urls[rid], "?")) for rid, size in sizes.items()}


def test_first_visit_weighs_under_60_kb(
    new_page: NewPage, live_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A first visit (empty cache, gzip) to home, results and a procedure is at most 60 KB each."""
    lines, over = [], []
    for path in ("/", "/procedures?q=khai+sinh", BIRTH_URL):
        transfers = first_visit(new_page(), path)
        total = sum(size for size, _ in transfers.values())
        parts = ", ".join(
            f"{url.removeprefix(live_server)} {size / 1000:.1f} kB {enc}"
            for url, (size, enc) in transfers.items()
        )
        lines.append(f"{path}: {total / 1000:.1f} kB ({total} B) = {parts}")
        over += [path] if total > PAGE_BUDGET else []
        uncompressed = [
            url for url, (size, enc) in transfers.items() if size > 1500 and enc != "gzip"
        ]
        assert uncompressed == [], f"{path}: sent without gzip: {uncompressed}"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.txt").write_text("\n".join(lines) + "\n")
    with capsys.disabled():
        print("\nfirst-visit page weight (transferred bytes, CDP encodedDataLength):")
        print("\n".join(f"  {line}" for line in lines))
    assert over == [], f"over {PAGE_BUDGET} B: {over}\n" + "\n".join(lines)
