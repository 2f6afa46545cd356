"""Simple for everyone: text size and contrast cookies, the checklist first, the next step,
the read-aloud placeholder, life events on the results page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.core.dossiers.conftest import MONDAY_9
from tests.web.test_dossier_pages import Site

Client = AsyncTestClient[Litestar]
BIRTH_URL = "/procedures/1.001193"
HTML_TAG = re.compile(r"<html[^>]*>")


@pytest.fixture
async def site(settings: Settings, catalog: CatalogService) -> AsyncIterator[Site]:
    await load_demo_units(SYSTEM_CONTEXT)
    app = create_app(settings, clock=FixedClock(MONDAY_9))
    async with AsyncTestClient(app=app) as client:
        client.follow_redirects = False
        yield Site(app, client)


def html_tag(html: str) -> str:
    found = HTML_TAG.search(html)
    assert found, html[:200]
    return found.group(0)


# --- text size and contrast ------------------------------------------------------------------


async def test_pages_have_no_display_class_by_default(client: Client) -> None:
    """Without the cookies, <html> carries only its language."""
    assert html_tag((await client.get("/")).text) == '<html lang="vi">'


@pytest.mark.parametrize(
    ("path", "cookie", "value", "css_class"),
    [
        ("/display/text/large", "motcua_text", "large", "text-large"),
        ("/display/contrast/high", "motcua_contrast", "high", "contrast-high"),
    ],
)
async def test_a_switch_sets_a_cookie_and_goes_back(
    client: Client, path: str, cookie: str, value: str, css_class: str
) -> None:
    """The link sets a year-long HttpOnly cookie, returns to `next`, and pages get the class."""
    response = await client.get(f"{path}?next={BIRTH_URL}", follow_redirects=False)
    assert response.status_code in (302, 303)
    assert response.headers["location"] == BIRTH_URL
    set_cookie = response.headers["set-cookie"]
    assert f"{cookie}={value}" in set_cookie and "HttpOnly" in set_cookie
    assert "Max-Age=31536000" in set_cookie and "SameSite=lax" in set_cookie
    page = await client.get(BIRTH_URL)
    assert f'class="{css_class}"' in html_tag(page.text)


async def test_both_switches_combine_and_normal_turns_them_off(client: Client) -> None:
    """Large text and high contrast together; "normal" removes each one."""
    await client.get("/display/text/large?next=/")
    await client.get("/display/contrast/high?next=/")
    assert 'class="text-large contrast-high"' in html_tag((await client.get("/")).text)
    response = await client.get("/display/text/normal?next=/", follow_redirects=False)
    assert 'motcua_text=""' in response.headers["set-cookie"]
    await client.get("/display/contrast/normal?next=/")
    assert html_tag((await client.get("/")).text) == '<html lang="vi">'


async def test_unknown_values_and_foreign_targets_change_nothing(client: Client) -> None:
    """An unknown size sets no cookie; a `next` to another site goes home instead."""
    response = await client.get("/display/text/huge?next=//evil.example", follow_redirects=False)
    assert response.headers["location"] == "/"
    assert "motcua_text" not in response.headers.get("set-cookie", "")


async def test_the_header_links_toggle_and_come_back_here(client: Client) -> None:
    """Each page offers the opposite of its current choice, pointing back to itself."""
    html = (await client.get("/procedures", params={"q": "khai sinh"})).text
    assert 'href="/display/text/large?next=/procedures%3Fq%3Dkhai%2Bsinh"' in html
    assert ">Chữ to</a>" in html and ">Tương phản cao</a>" in html
    await client.get("/display/text/large?next=/")
    assert ">Chữ thường</a>" in (await client.get("/")).text


async def test_live_results_refresh_the_display_links(client: Client) -> None:
    """Typing changes the URL: the display links follow it, like the language link."""
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver.local/"}
    html = (await client.get("/procedures", params={"q": "sổ đỏ"}, headers=headers)).text
    assert '<nav id="display-links" class="display" hx-swap-oob="true"' in html


# --- the procedure page: checklist first, read aloud -----------------------------------------


async def test_the_checklist_comes_before_anything_else(client: Client) -> None:
    """After the title: what to bring, before the facts, the deadline and the apply button."""
    html = (await client.get(BIRTH_URL)).text
    main = html[html.index('<main id="main"') :]
    bring = main.index('id="bring"')
    assert bring < main.index('class="facts"') < main.index("Nộp hồ sơ trực tuyến")
    assert main.index("<h1>") < bring
    assert "Cần chuẩn bị gì" in main


async def test_papers_everyone_needs_come_before_papers_by_case(client: Client) -> None:
    """ "Giấy chứng sinh" is under "Ai cũng phải có"; the power of attorney under the cases."""
    html = (await client.get(BIRTH_URL)).text
    always = html.index("Ai cũng phải có")
    by_case = html.index("Chỉ khi thuộc trường hợp")
    assert always < html.index("Giấy chứng sinh") < by_case
    assert by_case < html.index("Văn bản ủy quyền")
    assert "Mang bản chính để cán bộ xem" in html  # the identity paper is shown, not handed in


async def test_papers_published_by_case_are_grouped_under_each_case(client: Client) -> None:
    """The first land certificate lists papers per case only: no "everyone" list, each case."""
    html = (await client.get("/procedures/1.013978")).text
    assert "Ai cũng phải có" not in html
    cases = re.findall(r'<h4 class="case">([^<]+)</h4>', html)
    assert len(cases) == 3 and cases[0].startswith("a) Đối với trường hợp")


async def test_the_read_aloud_button_needs_javascript(client: Client) -> None:
    """The page holds only a hidden, empty placeholder and an external script: no inline code."""
    html = (await client.get(BIRTH_URL)).text
    placeholder = re.search(r"<p class=\"read-aloud\"[^>]*></p>", html)
    assert placeholder and " hidden" in placeholder.group(0)
    assert 'data-label-read="Nghe đọc trang này"' in placeholder.group(0)
    assert '<script src="/static/js/read-aloud.js" defer></script>' in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert re.search(r"\son[a-z]+=", html) is None  # no inline event handlers either


async def test_the_read_aloud_script_is_served_small(client: Client) -> None:
    """The script is a static file of a few kilobytes."""
    response = await client.get("/static/js/read-aloud.js")
    assert response.status_code == 200 and "javascript" in response.headers["content-type"]
    assert len(response.content) < 3_000 and "speechSynthesis" in response.text


# --- search: the life event above the results ------------------------------------------------


async def test_results_name_the_life_event_and_its_note(client: Client) -> None:
    """ "làm căn cước" says which situation it understood and why the card is not listed."""
    html = (await client.get("/procedures", params={"q": "làm căn cước"})).text
    assert "Thủ tục thường cần khi: Làm căn cước" in html
    assert "Thẻ căn cước do cơ quan Công an cấp" in html
    first = re.search(r'<ol class="results"[^>]*>\s*<li>\s*<a href="([^"]+)"', html)
    assert first and first.group(1) == "/procedures/1.010039"


async def test_everyday_words_put_the_birth_registration_first(client: Client) -> None:
    """The plain form with "làm giấy khai sinh cho con" lists Đăng ký khai sinh first."""
    html = (await client.get("/procedures", params={"q": "làm giấy khai sinh cho con"})).text
    first = re.search(r'<ol class="results"[^>]*>\s*<li>\s*<a href="([^"]+)">([^<]+)</a>', html)
    assert first and first.groups() == (BIRTH_URL, "Đăng ký khai sinh")


# --- status pages: one sentence saying what to do next ---------------------------------------


async def test_a_new_dossier_says_there_is_nothing_to_do(site: Site) -> None:
    """Just filed: "Hồ sơ đã gửi, ông/bà chỉ cần chờ cán bộ tiếp nhận." right under the title."""
    code = await site.file(await site.sign_in())
    html = (await site.client.get(f"/dossiers/{code}")).text
    sentence = "Hồ sơ đã gửi, ông/bà chỉ cần chờ cán bộ tiếp nhận."
    assert html.index("<h1>") < html.index(sentence) < html.index('class="status')


async def test_a_supplement_request_names_the_papers_at_the_top(site: Site) -> None:
    """The detail page starts with "Ông/bà cần bổ sung giấy tờ: …" listing each paper."""
    await site.sign_in()
    code = await site.file()
    await site.ask_for_supplement(code, "Giấy chứng sinh bản rõ nét", "Giấy đăng ký kết hôn")
    html = (await site.client.get(f"/dossiers/{code}")).text
    expected = "Ông/bà cần bổ sung giấy tờ: Giấy chứng sinh bản rõ nét; Giấy đăng ký kết hôn."
    assert expected in html and html.index(expected) < html.index('class="missing"')


async def test_public_tracking_says_what_to_do_without_personal_data(site: Site) -> None:
    """Without the phone digits the sentence asks for them; with them it names the papers."""
    await site.sign_in()
    code = await site.file()
    await site.ask_for_supplement(code, "Giấy chứng sinh bản rõ nét")
    site.client.cookies.clear()
    html = (await site.client.get(f"/track/{code}")).text
    assert "nhập 4 số cuối số điện thoại bên dưới" in html
    assert "Giấy chứng sinh bản rõ nét" not in html
    html = (await site.client.get(f"/track/{code}?phone=5678")).text
    assert "Ông/bà cần bổ sung giấy tờ: Giấy chứng sinh bản rõ nét." in html
