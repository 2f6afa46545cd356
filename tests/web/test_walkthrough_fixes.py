"""Regression tests for the fixes of the new-user walkthrough, one or two per fix: one charset
on CSV downloads, Vietnamese 404 and stale-form pages, the replayed TOTP code's error at the code
field, the fee named in the next step, the e-receipt linked for the ward's head, a revoked
assistant no longer seeing the status, supplement slots numbered 1..n, "—" as a returned
dossier's step, the return channels in Vietnamese, and the admin's calendar and outbox links."""

from __future__ import annotations

import html
import re

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.clock import FixedClock
from core.dossiers.procedures import frozen
from core.dossiers.requirements import requirements
from core.dossiers.tables import Dossier
from core.identity.demo import DEMO_STAFF
from core.identity.staff import CODE_USED, StaffService
from tests.core.dossiers.test_forms import staff
from tests.core.identity.test_staff import PASSWORD, code_at, make_staff, secret_of
from tests.core.stats.seed import JUSTICE, seed
from tests.web.test_account import csrf_of
from tests.web.test_admin_pages import csrf as admin_csrf
from tests.web.test_admin_pages import sign_in as admin_sign_in
from tests.web.test_assist_pages import Site as AssistSite
from tests.web.test_assist_pages import file_for_farmer
from tests.web.test_assist_pages import site as assist_site
from tests.web.test_dossier_pages import Site as CitizenSite
from tests.web.test_dossier_pages import site as citizen_site
from tests.web.test_forms_print import Site as OfficeSite
from tests.web.test_forms_print import march_query
from tests.web.test_forms_print import site as office_site
from tests.web.test_payment_pages import FEE, ITEMS, fee_bearing, pay_through_sandbox
from tests.web.test_staff_pages import clock, csrf, service, web

# the fixtures, re-exported
__all__ = ["assist_site", "citizen_site", "clock", "office_site", "service", "web"]
Client = AsyncTestClient[Litestar]
CSV = "text/csv; charset=utf-8"
STALE = "Trang này đã cũ hoặc phiên làm việc đã thay đổi: hãy tải lại trang rồi thử lại."
CSRF_ENGLISH = "CSRF token verification failed"
NOT_FOUND = "Không tìm thấy trang"
HAC_THANH = "000.10.11.H56"  # UBND phường Hạc Thành (demo units)
STEP = "<dt>Bước hiện tại</dt><dd>{}</dd>"


# --- 1. CSV downloads: one charset -----------------------------------------------------------


async def test_the_register_csv_says_its_charset_once(office_site: OfficeSite) -> None:
    """The officer's register (form 07) downloads as "text/csv; charset=utf-8", nothing doubled."""
    await office_site.as_(office_site.office.officer)
    response = await office_site.client.get("/staff/register.csv", params=march_query())
    assert response.status_code == 200
    assert response.headers["content-type"] == CSV


async def test_the_statistics_csv_says_its_charset_once(client: Client) -> None:
    """The public statistics CSV downloads as "text/csv; charset=utf-8", nothing doubled."""
    await seed()
    response = await client.get(f"/thong-ke/xuat.csv?period=2026&unit={JUSTICE}")
    assert response.status_code == 200
    assert response.headers["content-type"] == CSV


async def test_the_audit_csv_says_its_charset_once(client: Client) -> None:
    """The admin's audit export downloads as "text/csv; charset=utf-8", nothing doubled."""
    await admin_sign_in(client)
    response = await client.post(
        "/admin/audit/export.csv", data={"_csrf_token": await admin_csrf(client, "/admin/audit")}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == CSV


# --- 2. an id that cannot exist: the Vietnamese 404 --------------------------------------------


async def test_an_impossible_id_in_the_address_is_the_vietnamese_404(
    assist_site: AssistSite,
) -> None:
    """/assist/consents/0 shows "Không tìm thấy trang", not the validator's English."""
    await assist_site.as_(await assist_site.helper())
    for path in ("/assist/consents/0", f"/assist/consents/{2**40}"):
        response = await assist_site.client.get(path)
        assert response.status_code == 404, path
        assert NOT_FOUND in response.text
        assert "consent_id" not in response.text and "Expected" not in response.text


# --- 3. a stale form: Vietnamese advice, 403 ---------------------------------------------------


async def test_a_form_posted_without_or_with_a_stale_token_says_reload(client: Client) -> None:
    """A page POST without its CSRF token, or with an old one, is a 403 saying to reload."""
    await client.get("/staff/sign-in")  # the CSRF cookie
    data = {"username": "officer.an", "password": "x", "totp": ""}
    for token in ({}, {"_csrf_token": "an-old-token"}):
        response = await client.post("/staff/sign-in", data={**data, **token})
        assert response.status_code == 403
        assert STALE in response.text and CSRF_ENGLISH not in response.text


# --- 4. a replayed TOTP code: the error at the code field --------------------------------------


async def test_a_replayed_code_is_shown_at_the_code_field(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """Signing in again with the code just used: 401, the message under "Mã xác thực"."""
    created = await make_staff(service)
    token = await csrf(web, "/staff/sign-in")
    data = {
        "username": "officer.an",
        "password": PASSWORD,
        "totp": code_at(secret_of(created), clock),
        "_csrf_token": token,
    }
    first = await web.post("/staff/sign-in", data=data, follow_redirects=False)
    assert first.status_code == 303
    web.cookies.delete("motcua_session")
    again = await web.post("/staff/sign-in", data=data, follow_redirects=False)
    assert again.status_code == 401
    text = html.unescape(again.text)
    assert CODE_USED in text and 'href="#totp"' in text
    assert re.search(r'<p class="field-error" id="totp-error">.*?' + re.escape(CODE_USED), text)
    assert 'id="username-error"' not in text and 'href="#username"' not in text


# --- 5. the next step names the fee ------------------------------------------------------------


async def test_an_unpaid_fee_is_the_next_step_and_a_free_dossier_just_waits(
    office_site: OfficeSite,
) -> None:
    """With a fee to pay the page says to pay it with "Thanh toán"; a free one says to wait."""
    paying = await fee_bearing(office_site)
    free = await office_site.office.file()
    await office_site.as_(office_site.office.citizen)
    page = (await office_site.client.get(f"/dossiers/{paying}")).text
    assert (
        "Hồ sơ đã gửi. Ông/bà nộp phí 16.000 đồng bằng nút Thanh toán bên dưới, "
        "rồi chờ cán bộ tiếp nhận." in page
    )
    assert "ông/bà chỉ cần chờ cán bộ tiếp nhận" not in page
    plain = (await office_site.client.get(f"/dossiers/{free}")).text
    assert "Hồ sơ đã gửi, ông/bà chỉ cần chờ cán bộ tiếp nhận." in plain
    assert "nút Thanh toán" not in plain


# --- 6. the paid dossier's staff page links the e-receipt; the ward's head refunds -------------


async def test_a_paid_dossier_links_the_e_receipt_and_the_wards_head_opens_it(
    office_site: OfficeSite,
) -> None:
    """The staff page shows "Xem biên lai điện tử"; the demo head of Hạc Thành gets its page."""
    office = office_site.office
    code = await office.file(unit=HAC_THANH)
    await Dossier.update({Dossier.fee_vnd: FEE, Dossier.fee_items: ITEMS}).where(
        Dossier.code == code
    )
    officer = await staff(office.world, "canbo.hacthanh", ("officer",), HAC_THANH)
    await office_site.as_(officer)
    unpaid = await office_site.client.get(f"/staff/dossiers/{code}")
    assert unpaid.status_code == 200 and "/e-receipt" not in unpaid.text
    await office_site.as_(office.citizen)
    await pay_through_sandbox(office_site, code)
    await office_site.as_(officer)
    page = await office_site.client.get(f"/staff/dossiers/{code}")
    assert f'<a href="/dossiers/{code}/e-receipt">Xem biên lai điện tử</a>' in page.text
    demo = {username: (role, unit) for username, role, unit, _ in DEMO_STAFF}
    assert demo.get("truong.hacthanh") == ("head", HAC_THANH)  # the demo's head of that ward
    head = await staff(office.world, "truong.hacthanh", ("head",), HAC_THANH)
    await office_site.as_(head)
    receipt = await office_site.client.get(f"/dossiers/{code}/e-receipt")
    assert receipt.status_code == 200 and "Hoàn trả phí, lệ phí" in receipt.text


# --- 7. a revoked assistant no longer sees the status ------------------------------------------


async def test_after_the_revocation_the_assistant_list_hides_the_status(
    assist_site: AssistSite,
) -> None:
    """The assistant's /assist card keeps the code but no status once the citizen revoked them."""
    farmer = await assist_site.citizen()
    helper = await assist_site.helper()
    await assist_site.as_(helper)
    code = await file_for_farmer(assist_site)
    before = card(await assist_site.client.get("/assist"), code)
    assert 'class="status status-submitted"' in before  # the control: shown while allowed
    await assist_site.as_(farmer)
    revoked = await assist_site.post(f"/dossiers/{code}/assistant/revoke")
    assert revoked.status_code == 303, revoked.text
    await assist_site.as_(helper)
    after = card(await assist_site.client.get("/assist"), code)
    assert 'class="status' not in after and "Mới đăng ký" not in after


def card(page: httpx.Response, code: str) -> str:
    """The <li> of the /assist list that shows `code`."""
    cards = re.findall(r'<li class="dossier-card[^"]*">.*?</li>', page.text, re.S)
    found = [c for c in cards if f'<p class="dossier-code">{code}</p>' in c]
    assert len(found) == 1, f"no card for {code}"
    return str(found[0])


# --- 8. the supplement slots are numbered 1..n -------------------------------------------------


async def test_the_supplement_slots_are_numbered_from_one(citizen_site: CitizenSite) -> None:
    """Each paper to upload is numbered 1, 2, 3… in order, not by its place in the catalog."""
    await citizen_site.sign_in()
    code = await citizen_site.file()
    await citizen_site.ask_for_supplement(code, "Giấy chứng sinh bản rõ nét")
    form = (await citizen_site.client.get(f"/dossiers/{code}/supplement")).text
    shown = [int(n) for n in re.findall(r"<legend>(\d+)\. ", form)]
    assert shown and shown == list(range(1, len(shown) + 1))
    row = await Dossier.select(Dossier.procedure).where(Dossier.code == code).first()
    assert row is not None
    numbers = [r.number for r in requirements(await frozen(row["procedure"]))]
    assert len(numbers) == len(shown) and numbers != shown  # the catalog's numbers have gaps


# --- 9. a returned dossier has no current step -------------------------------------------------


async def test_a_returned_dossier_shows_a_dash_for_the_step(office_site: OfficeSite) -> None:
    """Once returned, "Bước hiện tại" reads "—", not "Chờ tiếp nhận"; a new one still waits."""
    office = office_site.office
    waiting = await office.file()
    code = await office.file()
    for action in ("receive", "forward"):
        await office.act(code, action)
    await office.act(code, "approve", head=True)
    await office.act(code, "return_result", via="counter")
    await office_site.as_(office.officer)
    page = (await office_site.client.get(f"/staff/dossiers/{code}")).text
    assert STEP.format("—") in page and STEP.format("Chờ tiếp nhận") not in page
    new = (await office_site.client.get(f"/staff/dossiers/{waiting}")).text
    assert STEP.format("Chờ tiếp nhận") in new


# --- 10. the return channels in Vietnamese -----------------------------------------------------


async def test_returning_without_a_channel_names_the_channels_in_vietnamese(
    office_site: OfficeSite,
) -> None:
    """ "Trả kết quả" with no channel chosen: 400 naming the three ways in Vietnamese."""
    office = office_site.office
    code = await office.file()
    for action in ("receive", "forward"):
        await office.act(code, action)
    await office.act(code, "approve", head=True)
    await office_site.as_(office.officer)
    page = await office_site.client.get(f"/staff/dossiers/{code}")
    assert f"/staff/dossiers/{code}/actions/return_result" in page.text
    refused = await office_site.client.post(
        f"/staff/dossiers/{code}/actions/return_result",
        data={"_csrf_token": csrf_of(page.text), "via": "", "note": ""},
    )
    assert refused.status_code == 400
    text = html.unescape(refused.text)
    assert "tại bộ phận một cửa, qua bưu chính hoặc trực tuyến" in text
    assert "counter, post hoặc online" not in text


# --- 11. the admin's links ---------------------------------------------------------------------


async def test_the_admin_nav_lists_the_calendar_and_the_home_the_outbox(client: Client) -> None:
    """Every admin page's menu has "Lịch làm việc"; the admin home has "Thông báo chưa gửi được"."""
    await admin_sign_in(client)
    for path in ("/admin", "/admin/units"):
        menu = section(await client.get(path), "admin-nav")
        assert re.search(r'<a href="/admin/calendar"[^>]*>Lịch làm việc</a>', menu), path
    home = section(await client.get("/admin"), "fields")
    assert '<a href="/admin/outbox"><span><strong>Thông báo chưa gửi được</strong>' in home


def section(page: httpx.Response, list_class: str) -> str:
    """The <ul class="..."> of the page (the admin menu, the home's list of sections)."""
    found = re.search(rf'<ul class="{list_class}">.*?</ul>', page.text, re.S)
    assert found, f"no {list_class} list"
    return found.group(0)
