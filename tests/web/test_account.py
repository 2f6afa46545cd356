"""The citizen's account pages: sign-in by code, session cookie, CSRF, profile, export, deletion."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.clock import VIETNAM, FixedClock
from core.identity.tables import AuditEntry, Citizen
from core.outbox.service import DevOutboxService
from core.settings import Settings

Client = AsyncTestClient[Litestar]
PHONE = "0912345678"
DIGITS = "912345678"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)
PROFILE = {"full_name": "Nguyễn Văn An", "national_id": "", "address": "", "email": ""}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
async def web(settings: Settings, db: None, clock: FixedClock) -> AsyncIterator[Client]:
    """The app on a clock the test moves; redirects are not followed."""
    app = create_app(settings, clock=clock)
    async with AsyncTestClient(app=app) as client:
        client.follow_redirects = False
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "the form carries no CSRF token"
    return found.group(1)


async def newest_code() -> str:
    message = (await DevOutboxService().recent(1))[0]
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found
    return found.group(1)


async def ask_for_code(web: Client, phone: str = PHONE, next_url: str = "") -> httpx.Response:
    token = csrf_of((await web.get("/sign-in")).text)
    return await web.post("/sign-in", data={"phone": phone, "next": next_url, "_csrf_token": token})


async def type_code(web: Client, code: str, next_url: str = "") -> httpx.Response:
    token = csrf_of((await web.get("/sign-in/code")).text)
    return await web.post(
        "/sign-in/code", data={"code": code, "next": next_url, "_csrf_token": token}
    )


async def sign_in(web: Client, phone: str = PHONE, next_url: str = "") -> httpx.Response:
    assert (await ask_for_code(web, phone, next_url)).status_code == 303
    return await type_code(web, await newest_code(), next_url)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def session_cookie_header(response: httpx.Response) -> str:
    return next(
        h for h in response.headers.get_list("set-cookie") if h.startswith("motcua_session=")
    )


async def test_sign_in_page_asks_one_question_with_the_right_input(web: Client) -> None:
    """One labelled phone field (autocomplete=tel), a CSRF token, Vietnamese words."""
    html = (await web.get("/sign-in")).text
    assert "<h1>Đăng nhập bằng số điện thoại</h1>" in html
    assert '<label for="phone">Số điện thoại di động</label>' in html
    assert 'type="tel" id="phone" name="phone"' in html and 'autocomplete="tel"' in html
    assert csrf_of(html)


async def test_the_code_page_masks_the_number_and_no_url_carries_it(web: Client) -> None:
    """After asking, the redirect and the code page hold no phone number; the page masks it."""
    response = await ask_for_code(web, next_url="/procedures")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in/code?next=%2Fprocedures"
    html = (await web.get(response.headers["location"])).text
    assert "091*****78" in html and DIGITS not in html
    assert 'inputmode="numeric"' in html and 'autocomplete="one-time-code"' in html


async def test_signing_in_sets_a_safe_session_cookie_and_lands_on_account(web: Client) -> None:
    """Right code: 303 to /account with motcua_session HttpOnly, SameSite=Lax, 30 days, path /."""
    response = await sign_in(web)
    assert response.status_code == 303 and response.headers["location"] == "/account"
    cookie = session_cookie_header(response).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "max-age=2592000" in cookie and "secure" not in cookie  # test env is http
    page = await web.get("/account")
    assert page.status_code == 200 and "Tài khoản của bạn" in page.text
    assert "091*****78" in page.text and DIGITS not in page.text
    assert page.headers["cache-control"] == "no-store"


async def test_in_prod_the_session_cookie_is_secure(settings: Settings, db: None) -> None:
    """With MOTCUA_ENV=prod the session cookie also carries Secure."""
    app = create_app(dataclasses.replace(settings, env="prod"), clock=FixedClock(START))
    base = "https://testserver.local"
    async with AsyncTestClient(app=app, base_url=base) as client:
        client.follow_redirects = False
        response = await sign_in(client)
    assert response.status_code == 303
    cookie = session_cookie_header(response).lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [("/procedures?q=khai+sinh", "/procedures?q=khai+sinh"), ("//evil.example", "/account")],
)
async def test_next_only_returns_to_local_pages(web: Client, next_url: str, landing: str) -> None:
    """After sign-in the citizen goes back where they were, never to another site."""
    response = await sign_in(web, next_url=next_url)
    assert response.headers["location"] == landing


async def test_a_landline_re_renders_with_an_error_summary(web: Client) -> None:
    """400, 'Lỗi: ' in the title, a summary linking to #phone, the typed value kept."""
    response = await ask_for_code(web, "024 3825 1234")
    assert response.status_code == 400
    html = response.text
    assert "<title>Lỗi: " in html and 'class="error-summary"' in html
    assert '<a href="#phone">Nhập số điện thoại di động Việt Nam' in html
    assert 'value="024 3825 1234"' in html and 'aria-invalid="true"' in html


async def test_wrong_used_and_expired_codes_say_which(web: Client, clock: FixedClock) -> None:
    """Each refused code is a 401 page telling what happened."""
    await ask_for_code(web)
    code = await newest_code()
    response = await type_code(web, wrong(code))
    assert response.status_code == 401 and "Mã xác thực không đúng" in response.text
    assert '<a href="#code">' in response.text
    ticket = web.cookies.get("motcua_signin") or ""
    assert (await type_code(web, code)).status_code == 303
    web.cookies.set("motcua_signin", ticket, path="/sign-in")  # replay the same form
    response = await type_code(web, code)
    assert response.status_code == 401 and "Mã này đã được dùng" in response.text
    web.cookies.delete("motcua_session")
    await ask_for_code(web)
    clock.advance(dt.timedelta(minutes=6))
    response = await type_code(web, await newest_code())
    assert response.status_code == 401 and "đã hết hạn" in response.text


async def test_guessing_meets_a_429_with_retry_after(web: Client) -> None:
    """5 wrong codes on the page, then 429 saying to wait 15 minutes, even for the right code."""
    await ask_for_code(web)
    code = await newest_code()
    for _ in range(5):
        assert (await type_code(web, wrong(code))).status_code == 401
    response = await type_code(web, code)
    assert response.status_code == 429 and int(response.headers["retry-after"]) > 800
    assert "thử lại sau 15 phút" in response.text
    assert "motcua_session" not in response.headers.get("set-cookie", "")


async def test_code_page_without_a_genuine_ticket_goes_back_to_sign_in(web: Client) -> None:
    """No ticket, or a forged one: back to /sign-in, nothing revealed."""
    assert (await web.get("/sign-in/code")).headers["location"] == "/sign-in"
    web.cookies.set("motcua_signin", "1.00000000000000000000000000000000", path="/sign-in")
    assert (await web.get("/sign-in/code")).headers["location"] == "/sign-in"


async def test_account_needs_sign_in(web: Client) -> None:
    """A stranger asking for /account is sent to sign in and back."""
    response = await web.get("/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=%2Faccount"


@pytest.mark.parametrize(
    "path", ["/sign-in", "/sign-in/code", "/account", "/account/delete", "/sign-out"]
)
async def test_a_post_without_the_csrf_token_is_refused(web: Client, path: str) -> None:
    """Every state-changing form refuses a POST without its CSRF token (403) and changes nothing."""
    await sign_in(web)
    outbox = len(await DevOutboxService().recent())
    before = await Citizen.select().first()
    data = {**PROFILE, "phone": PHONE, "code": "123456"}
    response = await web.post(path, data=data)
    assert response.status_code == 403
    assert await Citizen.select().first() == before
    assert len(await DevOutboxService().recent()) == outbox
    assert (await web.get("/account")).status_code == 200  # still signed in


async def test_profile_errors_are_listed_and_linked(web: Client) -> None:
    """An 11-digit ID and a bad email: 400, each linked from the summary, values kept."""
    await sign_in(web)
    token = csrf_of((await web.get("/account")).text)
    bad = {**PROFILE, "national_id": "01234567890", "email": "an@", "_csrf_token": token}
    response = await web.post("/account", data=bad)
    assert response.status_code == 400
    assert (
        '<a href="#national_id">Số định danh cá nhân phải gồm đúng 12 chữ số</a>' in response.text
    )
    assert '<a href="#email">' in response.text and 'value="01234567890"' in response.text
    assert (await Citizen.select(Citizen.full_name).first()) == {"full_name": ""}


async def test_profile_is_saved_then_shown(web: Client) -> None:
    """Good values: 303 to /account?saved=1, which shows them and a confirmation."""
    await sign_in(web)
    token = csrf_of((await web.get("/account")).text)
    good = {**PROFILE, "national_id": "001099012345", "_csrf_token": token}
    response = await web.post("/account", data=good)
    assert response.status_code == 303 and response.headers["location"] == "/account?saved=1"
    html = (await web.get("/account?saved=1")).text
    assert "Đã lưu thông tin của bạn." in html and 'value="Nguyễn Văn An"' in html


async def test_export_is_a_json_attachment(web: Client) -> None:
    """GET /account/export downloads everything held, as JSON."""
    await sign_in(web)
    response = await web.get("/account/export")
    assert response.status_code == 200
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="motcua-du-lieu-cua-toi.json"'
    )
    data = json.loads(response.content)
    assert data["profile"]["phone"] == "+84912345678" and data["sessions"]["active"] == 1


async def test_deleting_the_account_ends_the_session(web: Client) -> None:
    """Confirm page, then POST: minimised row, cookie cleared, the old cookie opens nothing."""
    await sign_in(web)
    old = web.cookies.get("motcua_session")
    page = await web.get("/account/delete")
    assert page.status_code == 200 and "Xoá tài khoản?" in page.text
    response = await web.post("/account/delete", data={"_csrf_token": csrf_of(page.text)})
    assert response.status_code == 303 and response.headers["location"] == "/account/deleted"
    assert (await web.get("/account/deleted")).status_code == 200
    web.cookies.set("motcua_session", old or "")
    assert (await web.get("/account")).status_code == 303
    row = await Citizen.select(Citizen.phone, Citizen.deleted_at).first()
    assert row is not None and row["phone"] is None and row["deleted_at"] is not None


async def test_sign_out_revokes_the_session(web: Client) -> None:
    """POST /sign-out: 303 home, and the old cookie no longer signs anyone in."""
    await sign_in(web)
    old = web.cookies.get("motcua_session")
    token = csrf_of((await web.get("/account")).text)
    response = await web.post("/sign-out", data={"_csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/"
    web.cookies.set("motcua_session", old or "")
    assert (await web.get("/account")).status_code == 303
    assert await AuditEntry.count().where(AuditEntry.action == "citizen.sign_out") == 1


async def test_no_phone_number_in_audit_rows_or_redirects(web: Client) -> None:
    """A whole web sign-in with a failure leaves no phone digits in audit rows or Locations."""
    first = await ask_for_code(web)
    await type_code(web, "000000")
    last = await type_code(web, await newest_code())
    for response in (first, last):
        assert DIGITS not in response.headers["location"]
    rows = json.dumps(await AuditEntry.select(), default=str)
    assert await AuditEntry.count() >= 3 and DIGITS not in rows
