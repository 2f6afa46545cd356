"""Staff pages: sign-in with TOTP enrolment, the staff home, and the admin's staff pages."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.clock import FixedClock
from core.errors import RateLimited, Unauthenticated
from core.identity import audit
from core.identity.audit import AuditFilter
from core.identity.staff import FAILURES_PER_CLIENT, StaffCreated, StaffService
from core.identity.tables import AuthToken, Citizen, StaffRole, StaffUser
from core.identity.tokens import TokenService
from core.settings import Settings
from tests.core.identity.test_staff import (
    CLIENT,
    NOW,
    PASSWORD,
    admin_ctx,
    code_at,
    make_staff,
    secret_of,
)

Client = AsyncTestClient[Litestar]
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def web(settings: Settings, clock: FixedClock, db: None) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


@pytest.fixture
def service(clock: FixedClock) -> StaffService:
    return StaffService(clock, "unused-here")


async def csrf(client: Client, path: str) -> str:
    """GET a page (which sets the CSRF cookie) and read the token of its form."""
    found = CSRF.search((await client.get(path)).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


async def sign_in_as(client: Client, clock: FixedClock, staff_id: int) -> str:
    token = await TokenService(clock).issue("session", staff_id=staff_id)
    client.cookies.set("motcua_session", token)
    return token


async def staff_and_admin(service: StaffService) -> tuple[StaffCreated, StaffCreated]:
    admin = await make_staff(service, username="admin", roles=("admin",), unit=None)
    officer = await make_staff(service)
    return admin, officer


# --- sign-in and enrolment ----------------------------------------------------------------------


async def test_first_sign_in_goes_through_the_qr_enrolment(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """Password without a code → /staff/enrol (QR + key, secret never in a URL) → first code."""
    created = await make_staff(service)
    token = await csrf(web, "/staff/sign-in")
    data = {"username": "officer.an", "password": PASSWORD, "totp": "", "_csrf_token": token}
    response = await web.post("/staff/sign-in", data=data, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff/enrol"
    cookie = response.headers["set-cookie"]
    assert (
        "motcua_staff_enrol=" in cookie and "HttpOnly" in cookie and "Path=/staff/enrol" in cookie
    )
    secret = secret_of(created)
    assert secret not in response.headers["location"] and secret not in cookie
    page = await web.get("/staff/enrol")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "<svg" in page.text and secret in page.text
    bad = await web.post("/staff/enrol", data={"totp": "000000", "_csrf_token": token})
    assert bad.status_code == 401 and "Lỗi: " in bad.text and "<svg" in bad.text
    good = {"totp": code_at(secret, clock), "_csrf_token": token}
    response = await web.post("/staff/enrol", data=good, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff"
    session = next(c for c in response.headers.get_list("set-cookie") if "motcua_session=" in c)
    assert "HttpOnly" in session and "SameSite=lax" in session.replace("Lax", "lax")
    assert "Max-Age=43200" in session
    home = await web.get("/staff")
    assert home.status_code == 200
    assert "Nguyễn Văn An" in home.text and "Cán bộ xử lý hồ sơ" in home.text
    assert "000.00.12.H56" in home.text


async def test_wrong_credentials_re_render_the_form_with_one_message(
    web: Client, service: StaffService
) -> None:
    """401 with the error summary; the password is not echoed back; the username is kept."""
    await make_staff(service)
    token = await csrf(web, "/staff/sign-in")
    for username in ("officer.an", "nobody"):
        data = {"username": username, "password": "Wrong-pass-123", "totp": "123456"}
        response = await web.post("/staff/sign-in", data={**data, "_csrf_token": token})
        assert response.status_code == 401
        text = html.unescape(response.text)
        assert "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng" in text
        assert "<title>Lỗi: " in text and "Wrong-pass-123" not in text
        assert f'value="{username}"' in text


async def test_empty_fields_are_named(web: Client) -> None:
    """A form without username and password says which to fill in (422)."""
    token = await csrf(web, "/staff/sign-in")
    response = await web.post("/staff/sign-in", data={"_csrf_token": token})
    assert response.status_code == 422
    assert 'href="#username"' in response.text and "Nhập mật khẩu" in response.text


async def test_lock_out_page_says_how_long(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """After five failures the page answers 429 with Retry-After, even for the right code."""
    created = await make_staff(service)
    token = await csrf(web, "/staff/sign-in")
    wrong = {"username": "officer.an", "password": "Wrong-pass-123", "_csrf_token": token}
    for _ in range(5):
        await web.post("/staff/sign-in", data=wrong)
    right = {**wrong, "password": PASSWORD, "totp": code_at(secret_of(created), clock)}
    response = await web.post("/staff/sign-in", data=right)
    assert response.status_code == 429 and response.headers["retry-after"] == "900"
    assert "15 phút" in response.text


async def test_too_many_failures_from_one_address_pause_the_sign_in_page(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """20 failures from the address (any usernames): 429 with Retry-After and the wait, in words."""
    created = await make_staff(service)
    token = await csrf(web, "/staff/sign-in")
    for n in range(FAILURES_PER_CLIENT.count - 1):
        data = {"username": f"guess.{n}", "password": "Wrong-pass-123", "_csrf_token": token}
        assert (await web.post("/staff/sign-in", data=data)).status_code == 401
    right = {
        "username": "officer.an",
        "password": PASSWORD,
        "totp": code_at(secret_of(created), clock),
        "_csrf_token": token,
    }
    response = await web.post("/staff/sign-in", data={**right, "password": "Wrong-pass-123"})
    assert response.status_code == 429
    response = await web.post("/staff/sign-in", data=right)
    assert response.status_code == 429 and response.headers["retry-after"] == "900"
    text = html.unescape(response.text)
    assert "địa chỉ mạng" in text and "15 phút" in text and "<title>Lỗi: " in text
    assert await AuthToken.count() == 0


async def test_sign_in_without_a_csrf_token_is_refused(web: Client, service: StaffService) -> None:
    """403, no session issued, no audit row."""
    await make_staff(service)
    await web.get("/staff/sign-in")
    data = {"username": "officer.an", "password": PASSWORD, "totp": ""}
    response = await web.post("/staff/sign-in", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert await AuthToken.count() == 0
    assert (await audit.search(AuditFilter(action="staff.sign_in_failed")))[1] == 0


async def test_next_only_goes_to_local_pages(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """?next= survives the sign-in; an outside address falls back to /staff."""
    created = await make_staff(service)
    token = await csrf(web, "/staff/sign-in")
    for target, expected in (("/staff?x=1", "/staff?x=1"), ("//evil.example", "/staff")):
        clock.advance(dt.timedelta(seconds=30))
        data = {
            "username": "officer.an",
            "password": PASSWORD,
            "totp": code_at(secret_of(created), clock),
            "next": target,
            "_csrf_token": token,
        }
        response = await web.post("/staff/sign-in", data=data, follow_redirects=False)
        assert response.headers["location"] == expected


async def test_sign_out_revokes_the_session(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """After sign-out the old cookie is worth nothing: /staff redirects to sign in."""
    created = await make_staff(service)
    session = await sign_in_as(web, clock, created.id)
    token = await csrf(web, "/staff")
    response = await web.post(
        "/staff/sign-out", data={"_csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert not (await TokenService(clock).resolve(session, "session")).is_staff
    web.cookies.set("motcua_session", session)
    response = await web.get("/staff", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/staff/sign-in")


# --- who may see what ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/staff", "/admin/staff", "/admin/staff/new", "/admin/staff/1"])
async def test_anonymous_visitors_are_sent_to_sign_in(web: Client, path: str) -> None:
    """303 to /staff/sign-in?next=<the page>."""
    response = await web.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/sign-in?next=%2F")


async def test_officers_and_citizens_get_404_on_admin_pages(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """Not an admin: every /admin/staff page and action is a 404, and nothing changes."""
    admin, officer = await staff_and_admin(service)
    await sign_in_as(web, clock, officer.id)
    for path in ("/admin/staff", "/admin/staff/new", f"/admin/staff/{admin.id}"):
        assert (await web.get(path)).status_code == 404
    token = await csrf(web, "/staff")
    data = {"roles": "officer", "_csrf_token": token}
    assert (await web.post(f"/admin/staff/{admin.id}/roles", data=data)).status_code == 404
    rows = await Citizen.insert(Citizen(phone="+84912345678", created_at=NOW)).returning(Citizen.id)
    citizen = await TokenService(clock).issue("session", citizen_id=rows[0]["id"])
    web.cookies.set("motcua_session", citizen)
    assert (await web.get("/admin/staff")).status_code == 404
    assert (await web.get("/staff")).status_code == 404
    assert [r["role"] for r in await StaffRole.select().where(StaffRole.staff == admin.id)] == [
        "admin"
    ]


# --- admin pages --------------------------------------------------------------------------------


async def test_admin_creates_an_account_and_sees_the_qr_once(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """The form creates the account; the answer shows the QR (never cached); the list names it."""
    admin = await make_staff(service, username="admin", roles=("admin",), unit=None)
    await make_staff(service, username="seed")  # makes the unit exist
    await sign_in_as(web, clock, admin.id)
    token = await csrf(web, "/admin/staff/new")
    data = {
        "username": "head.binh",
        "full_name": "Trần Bình",
        "password": PASSWORD,
        "roles": "head",
        "unit": "000.00.12.H56",
        "_csrf_token": token,
    }
    response = await web.post("/admin/staff/new", data=data)
    assert response.status_code == 200 and "<svg" in response.text
    assert response.headers["cache-control"] == "no-store"
    listing = await web.get("/admin/staff")
    assert "head.binh" in listing.text and "Lãnh đạo đơn vị" in listing.text
    assert PASSWORD not in listing.text
    bad = await web.post("/admin/staff/new", data={**data, "username": "x", "password": "short"})
    assert bad.status_code == 422
    assert 'href="#username"' in bad.text and 'href="#password"' in bad.text


async def test_the_last_admin_cannot_demote_or_deactivate_themselves(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """409 with the reason on the page; the role and the account stay."""
    admin, _ = await staff_and_admin(service)
    await sign_in_as(web, clock, admin.id)
    page = f"/admin/staff/{admin.id}"
    token = await csrf(web, page)
    response = await web.post(f"{page}/roles", data={"roles": "head", "_csrf_token": token})
    assert response.status_code == 409 and "cuối cùng" in response.text
    response = await web.post(f"{page}/active", data={"active": "0", "_csrf_token": token})
    assert response.status_code == 409
    assert (await web.get("/staff")).status_code == 200  # still signed in, still admin
    assert "staff.roles_changed" not in [r.action for r in (await audit.search(AuditFilter()))[0]]


async def test_admin_changes_roles_and_it_is_audited(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """Two roles from checkboxes; Post/Redirect/Get; staff.roles_changed with before/after."""
    admin, officer = await staff_and_admin(service)
    await sign_in_as(web, clock, admin.id)
    page = f"/admin/staff/{officer.id}"
    token = await csrf(web, page)
    response = await web.post(
        f"{page}/roles",
        content=f"roles=officer&roles=head&_csrf_token={token}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == f"{page}?done=roles"
    rows, _ = await audit.search(AuditFilter(action="staff.roles_changed"))
    assert rows[0].before == {"roles": ["officer"]} and rows[0].after == {
        "roles": ["head", "officer"]
    }
    assert "Đã lưu vai trò" in (await web.get(f"{page}?done=roles")).text


async def test_a_change_without_csrf_token_changes_nothing(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """403 and the roles stay as they were."""
    admin, officer = await staff_and_admin(service)
    await sign_in_as(web, clock, admin.id)
    await web.get(f"/admin/staff/{officer.id}")
    response = await web.post(f"/admin/staff/{officer.id}/roles", data={"roles": "admin"})
    assert response.status_code == 403
    response = await web.post(f"/admin/staff/{officer.id}/active", data={"active": "0"})
    assert response.status_code == 403
    view = await service.get(admin_ctx(admin.id), officer.id)
    assert view.roles == ("officer",) and view.active


async def test_deactivating_signs_the_person_out_and_reset_shows_a_new_qr(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """Deactivation revokes the officer's session; a TOTP reset answers with a new QR code."""
    admin, officer = await staff_and_admin(service)
    officer_session = await TokenService(clock).issue("session", staff_id=officer.id)
    await sign_in_as(web, clock, admin.id)
    page = f"/admin/staff/{officer.id}"
    token = await csrf(web, page)
    response = await web.post(f"{page}/totp", data={"_csrf_token": token})
    assert response.status_code == 200 and "<svg" in response.text
    assert secret_of(officer) not in response.text
    await web.post(f"{page}/active", data={"active": "0", "_csrf_token": token})
    assert not (await TokenService(clock).resolve(officer_session, "session")).is_staff
    assert "Đã khoá" in (await web.get(page)).text


async def lock_out(service: StaffService, username: str) -> None:
    """Five wrong passwords: the account is locked for 15 minutes."""
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            await service.login(CLIENT, username, "Wrong-pass-123", "", "session")
    with pytest.raises(RateLimited):
        await service.login(CLIENT, username, "Wrong-pass-123", "", "session")


async def test_admin_lifts_a_lock_out_from_the_account_page(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """The unlock button shows only while locked; it clears the lock (PRG) and is audited."""
    admin, officer = await staff_and_admin(service)
    await sign_in_as(web, clock, admin.id)
    page = f"/admin/staff/{officer.id}"
    assert f'action="{page}/unlock"' not in (await web.get(page)).text
    await lock_out(service, "officer.an")
    shown = await web.get(page)
    assert f'action="{page}/unlock"' in shown.text and "Tạm khoá do đăng nhập sai" in shown.text
    assert "<h1>Tài khoản officer.an</h1>" in shown.text and "Đang hoạt động" in shown.text
    token = await csrf(web, page)
    response = await web.post(f"{page}/unlock", data={"_csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"{page}?done=unlock"
    after = await web.get(f"{page}?done=unlock")
    assert "Đã mở khoá đăng nhập." in after.text and f'action="{page}/unlock"' not in after.text
    assert "Tạm khoá do đăng nhập sai" not in after.text
    row = await StaffUser.select(StaffUser.locked_until).where(StaffUser.id == officer.id).first()
    assert row is not None and row["locked_until"] is None
    rows, _ = await audit.search(AuditFilter(action="staff.unlocked"))
    assert [(r.actor_id, r.object_id) for r in rows] == [(admin.id, str(officer.id))]


async def test_unlock_needs_the_csrf_token_and_an_admin(
    web: Client, service: StaffService, clock: FixedClock
) -> None:
    """Without the token 403; as an officer 404; an unknown account 404; the lock stays."""
    admin, officer = await staff_and_admin(service)
    await lock_out(service, "officer.an")
    await sign_in_as(web, clock, admin.id)
    page = f"/admin/staff/{officer.id}"
    await web.get(page)
    assert (await web.post(f"{page}/unlock", data={})).status_code == 403
    token = await csrf(web, page)
    unknown = await web.post(f"/admin/staff/{officer.id + 100}/unlock", data={"_csrf_token": token})
    assert unknown.status_code == 404
    await sign_in_as(web, clock, officer.id)
    token = await csrf(web, "/staff")
    assert (await web.post(f"{page}/unlock", data={"_csrf_token": token})).status_code == 404
    assert (await service.get(admin_ctx(admin.id), officer.id)).locked
    assert (await audit.search(AuditFilter(action="staff.unlocked")))[1] == 0
