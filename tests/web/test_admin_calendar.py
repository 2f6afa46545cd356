"""Admin calendar pages over HTTP: who gets in, overrides added and removed, units' hours."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.calendar.tables import CalendarOverride, UnitWorkingHours
from core.clock import SystemClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.tables import AuditEntry, Citizen
from core.identity.tokens import TokenService
from core.identity.units import UnitService
from tests.web.test_admin_pages import PROVINCE, SESSION, csrf, make_province, sign_in

Client = AsyncTestClient[Litestar]
COMMUNE = "000.10.11.H56"
PAGES = ("/admin/calendar", "/admin/calendar?year=2027", "/admin/calendar/hours")
POSTS = (
    ("/admin/calendar/overrides", {"day": "07/03/2026", "kind": "working", "note": ""}),
    ("/admin/calendar/overrides/remove", {"day": "2026-03-07"}),
    ("/admin/calendar/hours", {"unit": PROVINCE, "periods": "07:00-11:00, 13:30-17:30"}),
    ("/admin/calendar/hours/reset", {"unit": PROVINCE}),
)


async def make_commune() -> None:
    await make_province()
    await UnitService(SystemClock()).create(
        SYSTEM_CONTEXT, code=COMMUNE, name="Xã Quảng Phú", kind="commune", parent_code=PROVINCE
    )


async def audit_actions() -> list[str]:
    rows = await AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id)
    return [r["action"] for r in rows if r["action"].startswith("calendar.")]


async def post(client: Client, path: str, data: dict[str, str], *, page: str = PAGES[0]) -> str:
    """Post `data` with the CSRF token of `page`; the response text (redirects not followed)."""
    response = await client.post(
        path, data={"_csrf_token": await csrf(client, page), **data}, follow_redirects=False
    )
    return response.text


async def is_working_day(client: Client, day: dt.date) -> bool:
    calendar = await client.app.state.calendar.calendar()
    return bool(calendar.is_working_day(day))


async def test_anonymous_users_are_sent_to_staff_sign_in(client: Client) -> None:
    """Without a session every calendar page redirects to /staff/sign-in with a way back."""
    for path in PAGES:
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/staff/sign-in?next=%2Fadmin%2Fcalendar")


async def test_officers_get_404_on_pages_and_forms(client: Client) -> None:
    """A signed-in officer or head sees "not found" and cannot change anything."""
    await make_province()
    await sign_in(client, username="canbo", roles=("officer", "head"))
    for path in PAGES:
        assert (await client.get(path)).status_code == 404, path
    token = await csrf(client, "/")
    for path, data in POSTS:
        response = await client.post(path, data={"_csrf_token": token, **data})
        assert response.status_code == 404, path
    assert await CalendarOverride.count() == 0 and await UnitWorkingHours.count() == 0


async def test_citizens_get_404(client: Client) -> None:
    """A signed-in citizen gets 404 on the calendar pages."""
    citizen = Citizen(phone="+84912345678", created_at=SystemClock().now())
    await Citizen.insert(citizen)
    client.cookies.set(
        SESSION, await TokenService(SystemClock()).issue("session", citizen_id=citizen.id)
    )
    for path in PAGES:
        assert (await client.get(path)).status_code == 404, path


async def test_admin_home_links_the_calendar(client: Client) -> None:
    """The admin home links the working calendar with a Vietnamese description."""
    await sign_in(client)
    page = (await client.get("/admin")).text
    assert 'href="/admin/calendar"' in page and "Lịch làm việc" in page


async def test_year_page_lists_national_days_with_weekdays(client: Client) -> None:
    """2026 lists Tết by name and weekday, the swapped 31 Aug and the make-up 22 Aug."""
    await sign_in(client)
    page = html.unescape((await client.get("/admin/calendar?year=2026")).text)
    assert "<h1>Lịch làm việc năm 2026</h1>" in page
    assert "Thứ Ba 17/02/2026" in page and "Tết Nguyên Đán" in page
    assert "Thứ Hai 31/08/2026" in page and "Thứ Bảy 22/08/2026" in page
    assert "Ngày làm việc bù" in page and "Quy định chung" in page
    assert "Xóa điều chỉnh" not in page.split("<tbody>")[1]  # national days cannot be removed


async def test_admin_adds_a_make_up_saturday(client: Client) -> None:
    """A valid override is saved (303 back to its year), worked at once, and audited."""
    await sign_in(client)
    form = {"day": "07/03/2026", "kind": "working", "note": "Làm bù cho thứ Hai 02/03/2026"}
    response = await client.post(
        "/admin/calendar/overrides",
        data={"_csrf_token": await csrf(client, PAGES[0]), **form},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/calendar?year=2026&done=set&day=2026-03-07"
    page = html.unescape((await client.get(response.headers["location"])).text)
    assert "Đã lưu ngày điều chỉnh 07/03/2026." in page
    assert "Thứ Bảy 07/03/2026" in page and "Làm bù cho thứ Hai 02/03/2026" in page
    assert await is_working_day(client, dt.date(2026, 3, 7))
    assert await audit_actions() == ["calendar.override_set"]


async def test_admin_removes_an_override(client: Client) -> None:
    """Removing gives the day back to the national rules, with a confirmation, audited."""
    await sign_in(client)
    await post(client, "/admin/calendar/overrides", {"day": "2026-09-01", "kind": "working"})
    assert await is_working_day(client, dt.date(2026, 9, 1))
    response = await client.post(
        "/admin/calendar/overrides/remove",
        data={"_csrf_token": await csrf(client, PAGES[0]), "day": "2026-09-01"},
    )
    assert (
        response.status_code == 200 and "ngày 01/09/2026 theo lại quy định chung" in response.text
    )
    assert not await is_working_day(client, dt.date(2026, 9, 1))
    assert await audit_actions() == ["calendar.override_set", "calendar.override_removed"]


async def test_removing_a_missing_override_is_404_saying_so(client: Client) -> None:
    """A second removal (a double submit) is a 404 page saying there is nothing to remove."""
    await sign_in(client)
    response = await client.post(
        "/admin/calendar/overrides/remove",
        data={"_csrf_token": await csrf(client, PAGES[0]), "day": "2026-03-07"},
    )
    assert response.status_code == 404
    assert "Ngày 07/03/2026 không có điều chỉnh nào để xóa" in html.unescape(response.text)


async def test_bad_override_is_400_with_an_error_summary(client: Client) -> None:
    """A bad date, no kind and a long note: 400, "Lỗi: " title, each message, values kept."""
    await sign_in(client)
    response = await client.post(
        "/admin/calendar/overrides",
        data={"_csrf_token": await csrf(client, PAGES[0]), "day": "31/02/2026", "note": "x" * 201},
    )
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "<title>Lỗi: Lịch làm việc năm" in page and 'class="error-summary"' in page
    assert 'href="#day">Nhập ngày dạng 07/03/2026 hoặc 2026-03-07' in page
    assert 'href="#kind">Chọn «Ngày nghỉ» hoặc «Ngày làm việc bù»' in page
    assert 'href="#note">Ghi chú dài tối đa 200 ký tự' in page
    assert 'value="31/02/2026"' in page
    assert await CalendarOverride.count() == 0 and await audit_actions() == []


@pytest.mark.parametrize("year", ["1999", "2101", "năm nay"])
async def test_year_outside_range_is_a_400_page(client: Client, year: str) -> None:
    """A year outside 2000–2100 (or not a number) is a 400 page, not a 500."""
    await sign_in(client)
    assert (await client.get("/admin/calendar", params={"year": year})).status_code == 400


async def test_forms_without_csrf_token_are_403_and_change_nothing(client: Client) -> None:
    """Every calendar form refuses a post without the CSRF token."""
    await make_province()
    await sign_in(client)
    await client.get(PAGES[0])  # the CSRF cookie is set, the form field is missing
    for path, data in POSTS:
        assert (await client.post(path, data=data)).status_code == 403, path
    assert await CalendarOverride.count() == 0 and await UnitWorkingHours.count() == 0


async def test_admin_sets_a_units_hours_and_deadlines_follow(client: Client) -> None:
    """Hours saved for a commune are listed as its own and used by the deadline API."""
    await make_commune()
    await sign_in(client)
    form = {"unit": COMMUNE, "periods": "07:00-11:00; 13:30-17:30"}
    response = await client.post(
        "/admin/calendar/hours",
        data={"_csrf_token": await csrf(client, PAGES[2]), **form},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = html.unescape((await client.get(response.headers["location"])).text)
    assert f"Đã lưu giờ làm việc của đơn vị {COMMUNE}." in page
    assert "07:00-11:00, 13:30-17:30 <small>(giờ riêng)" in page
    assert "07:30-11:30, 13:00-17:00 <small>(mặc định)" in page  # the province
    due = await client.get(
        "/api/v1/calendar/due",
        params={"start": "2026-01-09T16:00:00+07:00", "hours": "4", "unit": COMMUNE},
    )
    assert due.json() == {"due_at": "2026-01-12T09:30:00+07:00"}
    assert await audit_actions() == ["calendar.hours_set"]


async def test_admin_gives_a_unit_back_the_default_hours(client: Client) -> None:
    """ "Dùng giờ mặc định" removes the unit's own hours."""
    await make_commune()
    await sign_in(client)
    await post(
        client, "/admin/calendar/hours", {"unit": COMMUNE, "periods": "08:00-12:00, 13:00-17:00"}
    )
    response = await client.post(
        "/admin/calendar/hours/reset",
        data={"_csrf_token": await csrf(client, PAGES[2]), "unit": COMMUNE},
    )
    assert f"Đơn vị {COMMUNE} đã trở lại giờ làm việc mặc định." in html.unescape(response.text)
    assert await UnitWorkingHours.count() == 0
    assert await audit_actions() == ["calendar.hours_set", "calendar.hours_reset"]


async def test_resetting_a_unit_on_default_hours_is_404_saying_so(client: Client) -> None:
    """Resetting a unit that has no hours of its own says so (404), nothing is written."""
    await make_commune()
    await sign_in(client)
    response = await client.post(
        "/admin/calendar/hours/reset",
        data={"_csrf_token": await csrf(client, PAGES[2]), "unit": COMMUNE},
    )
    assert response.status_code == 404 and "đang dùng giờ mặc định" in html.unescape(response.text)
    assert await audit_actions() == []


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ("", "Nhập các khoảng giờ làm việc trong ngày"),
        ("7:30 đến 11:30", "Khoảng thứ 1 («7:30 đến 11:30») chưa đúng dạng giờ:phút-giờ:phút"),
        ("07:30-11:30, 25:00-26:00", "Khoảng thứ 2 («25:00-26:00») chưa đúng dạng"),
        ("11:30-07:30, 13:00-17:00", "giờ kết thúc phải sau giờ bắt đầu"),
        ("07:30-12:00, 11:30-15:00", "Khoảng thứ 2 (11:30-15:00) phải bắt đầu từ 12:00"),
        ("13:00-17:00, 07:30-11:30", "không chồng lên nhau"),
        ("07:30-11:30, 13:00-16:30", "phải đúng 8 giờ (đang là 7 giờ 30 phút)"),
    ],
)
async def test_bad_hours_are_400_with_a_vietnamese_message(
    client: Client, periods: str, message: str
) -> None:
    """Periods that are malformed, backwards, overlapping or not 8 hours are explained."""
    await make_commune()
    await sign_in(client)
    response = await client.post(
        "/admin/calendar/hours",
        data={"_csrf_token": await csrf(client, PAGES[2]), "unit": COMMUNE, "periods": periods},
    )
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "<title>Lỗi: Giờ làm việc" in page and 'href="#periods">' in page
    assert message in page
    assert await UnitWorkingHours.count() == 0


async def test_hours_for_an_unknown_unit_are_400(client: Client) -> None:
    """A unit code that no unit has is refused on the unit field."""
    await make_commune()
    await sign_in(client)
    response = await client.post(
        "/admin/calendar/hours",
        data={
            "_csrf_token": await csrf(client, PAGES[2]),
            "unit": "000.99.99.H56",
            "periods": "07:00-11:00, 13:30-17:30",
        },
    )
    assert response.status_code == 400
    assert 'href="#unit">Không có đơn vị nào mang mã định danh này' in html.unescape(response.text)
