"""Admin pages over HTTP: who gets in, the unit forms, the audit filter and its audited exports."""

from __future__ import annotations

import csv
import io
import json
import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.clock import SystemClock
from core.identity import audit
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.tables import AuditEntry, Citizen, StaffRole, StaffUser, Unit
from core.identity.tokens import TokenService
from core.identity.units import UnitService

Client = AsyncTestClient[Litestar]
SESSION = "motcua_session"
PROVINCE = "000.00.00.H56"
CSRF_FIELD = re.compile(r'(?:name="_csrf_token" value="|"x-csrftoken": ")([^"]+)"')
ADMIN_PATHS = ("/admin", "/admin/units", f"/admin/units/{PROVINCE}", "/admin/audit")


async def make_staff(*, username: str = "quantri", roles: tuple[str, ...] = ("admin",)) -> int:
    row = StaffUser(
        username=username,
        full_name="Nguyễn Quản Trị",
        password_hash="not-a-real-hash",
        totp_secret="JBSWY3DPEHPK3PXP",
        totp_enrolled=True,
        created_at=SystemClock().now(),
    )
    await StaffUser.insert(row)
    for role in roles:
        await StaffRole.insert(StaffRole(staff=row.id, role=role))
    return int(row.id)


async def sign_in(
    client: Client, *, username: str = "quantri", roles: tuple[str, ...] = ("admin",)
) -> int:
    """A staff member (admin by default) with a live session cookie on `client`."""
    staff_id = await make_staff(username=username, roles=roles)
    client.cookies.set(
        SESSION, await TokenService(SystemClock()).issue("session", staff_id=staff_id)
    )
    return staff_id


async def make_province() -> None:
    await UnitService(SystemClock()).create(
        SYSTEM_CONTEXT, code=PROVINCE, name="Tỉnh Thanh Hóa", kind="province"
    )


async def csrf(client: Client, path: str = "/admin/units") -> str:
    match = CSRF_FIELD.search((await client.get(path)).text)
    assert match, "the page has a CSRF field"
    return match.group(1)


async def audit_actions() -> list[str]:
    return [r["action"] for r in await AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id)]


async def test_anonymous_users_are_sent_to_staff_sign_in(client: Client) -> None:
    """Without a session every admin page redirects to /staff/sign-in with a way back."""
    await make_province()
    for path in ADMIN_PATHS:
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/staff/sign-in?next=%2Fadmin")


async def test_officers_and_heads_get_404(client: Client) -> None:
    """A signed-in officer or head without the admin role sees "not found", not "forbidden"."""
    await make_province()
    await sign_in(client, username="canbo", roles=("officer", "head"))
    for path in ADMIN_PATHS:
        assert (await client.get(path)).status_code == 404, path
    response = await client.post(
        "/admin/audit/export.csv", data={"_csrf_token": await csrf(client, "/")}
    )
    assert response.status_code == 404
    assert await audit_actions() == ["unit.created"]


async def test_citizens_get_404(client: Client) -> None:
    """A signed-in citizen gets 404 on the admin pages."""
    citizen = Citizen(phone="+84912345678", created_at=SystemClock().now())
    await Citizen.insert(citizen)
    client.cookies.set(
        SESSION, await TokenService(SystemClock()).issue("session", citizen_id=citizen.id)
    )
    for path in ADMIN_PATHS:
        assert (await client.get(path)).status_code == 404, path


async def test_admin_home_links_every_section(client: Client) -> None:
    """The admin home links units, staff and the audit log."""
    await sign_in(client)
    html = (await client.get("/admin")).text
    for href in ('href="/admin/units"', 'href="/admin/staff"', 'href="/admin/audit"'):
        assert href in html


async def test_admin_creates_a_unit_with_post_redirect_get(client: Client) -> None:
    """A valid form creates the unit (303 to the tree), audited with the admin as actor."""
    await sign_in(client)
    token = await csrf(client)
    response = await client.post(
        "/admin/units",
        data={
            "_csrf_token": token,
            "code": "000.00.00.h56",
            "name": "Tỉnh Thanh Hóa",
            "kind": "province",
            "parent_code": "",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = (await client.get(response.headers["location"])).text
    assert "Đã thêm đơn vị 000.00.00.H56." in page and "Tỉnh Thanh Hóa" in page
    row = await AuditEntry.select().where(AuditEntry.action == "unit.created").first()
    assert row is not None and (row["actor_label"], row["role"]) == ("quantri", "admin")


async def test_invalid_unit_form_is_rerendered_with_an_error_summary(client: Client) -> None:
    """Bad input: 400, "Lỗi: " title, a summary linking each field, typed values kept, no rows."""
    await sign_in(client)
    response = await client.post(
        "/admin/units",
        data={
            "_csrf_token": await csrf(client),
            "code": "12.H56",
            "name": "",
            "kind": "commune",
            "parent_code": "",
        },
    )
    assert response.status_code == 400
    html = response.text
    assert "<title>Lỗi: Đơn vị" in html and 'class="error-summary"' in html
    assert 'href="#code">Nhập mã định danh dạng 000.00.12.H56' in html
    assert 'href="#name">' in html and 'href="#parent_code">' in html
    assert 'value="12.H56"' in html
    assert await Unit.count() == 0 and await AuditEntry.count() == 0


async def test_duplicate_code_is_409_with_the_form_again(client: Client) -> None:
    """Reusing an e-identifier: 409 and a Vietnamese explanation, nothing new written."""
    await make_province()
    await sign_in(client)
    response = await client.post(
        "/admin/units",
        data={
            "_csrf_token": await csrf(client),
            "code": PROVINCE,
            "name": "Khác",
            "kind": "province",
            "parent_code": "",
        },
    )
    assert response.status_code == 409
    assert "Đã có đơn vị khác dùng mã định danh này" in response.text
    assert await Unit.count() == 1 and await audit_actions() == ["unit.created"]


async def test_post_without_csrf_token_is_403_and_changes_nothing(client: Client) -> None:
    """A forged form (no CSRF token) is refused before any change."""
    await make_province()
    await sign_in(client)
    await client.get("/admin/units")  # the CSRF cookie is set, the form field is missing
    forged = {"code": "000.10.11.H56", "name": "Xã", "kind": "commune", "parent_code": PROVINCE}
    assert (await client.post("/admin/units", data=forged)).status_code == 403
    moved = await client.post(f"/admin/units/{PROVINCE}/active", data={"active": "0"})
    assert moved.status_code == 403
    exported = await client.post("/admin/audit/export.csv", data={})
    assert exported.status_code == 403
    assert await Unit.count() == 1 and await audit_actions() == ["unit.created"]
    assert (await UnitService(SystemClock()).get(PROVINCE)).active


async def test_edit_renames_and_shows_a_cycle_error(client: Client) -> None:
    """Editing saves a new name; moving a unit under its own child re-renders with 400."""
    await make_province()
    service = UnitService(SystemClock())
    await service.create(
        SYSTEM_CONTEXT, code="000.00.01.H56", name="Sở", kind="department", parent_code=PROVINCE
    )
    await service.create(
        SYSTEM_CONTEXT,
        code="000.01.01.H56",
        name="Phòng",
        kind="agency",
        parent_code="000.00.01.H56",
    )
    await sign_in(client)
    token = await csrf(client, "/admin/units/000.00.01.H56")
    saved = await client.post(
        "/admin/units/000.00.01.H56",
        data={"_csrf_token": token, "name": "Sở Tư pháp", "parent_code": PROVINCE},
    )
    assert saved.status_code == 200 and "Đã lưu thay đổi." in saved.text
    assert (await service.get("000.00.01.H56")).name == "Sở Tư pháp"
    cycle = await client.post(
        "/admin/units/000.00.01.H56",
        data={"_csrf_token": token, "name": "Sở Tư pháp", "parent_code": "000.01.01.H56"},
    )
    assert cycle.status_code == 400
    assert "Không thể chuyển đơn vị vào chính nó" in cycle.text
    assert (await service.get("000.00.01.H56")).parent_code == PROVINCE


async def test_deactivate_and_reactivate_from_the_edit_page(client: Client) -> None:
    """A leaf unit is deactivated and reactivated; a unit with active sub-units is 409."""
    await make_province()
    service = UnitService(SystemClock())
    await service.create(
        SYSTEM_CONTEXT, code="000.10.11.H56", name="Xã", kind="commune", parent_code=PROVINCE
    )
    await sign_in(client)
    token = await csrf(client)
    refused = await client.post(
        f"/admin/units/{PROVINCE}/active", data={"_csrf_token": token, "active": "0"}
    )
    assert refused.status_code == 409 and "Hãy cho các đơn vị cấp dưới" in refused.text
    done = await client.post(
        "/admin/units/000.10.11.H56/active", data={"_csrf_token": token, "active": "0"}
    )
    assert done.status_code == 200 and not (await service.get("000.10.11.H56")).active
    assert "ngừng hoạt động" in (await client.get("/admin/units")).text
    await client.post(
        "/admin/units/000.10.11.H56/active", data={"_csrf_token": token, "active": "1"}
    )
    assert (await service.get("000.10.11.H56")).active
    assert (await audit_actions())[-2:] == ["unit.deactivated", "unit.activated"]


async def test_unknown_unit_page_is_404(client: Client) -> None:
    """An edit page for a code that does not exist is a 404."""
    await sign_in(client)
    assert (await client.get("/admin/units/999.99.99.Z99")).status_code == 404


async def seed_audit() -> None:
    """Three rows: two unit creations by an admin, one sign-in by a citizen."""
    admin = Context(Actor("staff", 7, "quantri", frozenset({"admin"}), 1, PROVINCE), "10.0.0.1")
    service = UnitService(SystemClock())
    await service.create(admin, code=PROVINCE, name="Tỉnh", kind="province")
    await service.create(
        admin, code="000.10.11.H56", name="Xã =cmd", kind="commune", parent_code=PROVINCE
    )
    citizen = Context(Actor("citizen", 3, "Lê Văn C"), "10.0.0.2")
    await audit.record(citizen, "citizen.signed_in", object_type="citizen", object_id=3)


async def test_audit_page_filters_by_action_and_actor_kind(client: Client) -> None:
    """Filters narrow the list; the count says how many match."""
    await seed_audit()
    await sign_in(client)
    html = (await client.get("/admin/audit", params={"action": "unit.created"})).text
    assert "2 dòng nhật ký" in html and "citizen.signed_in" not in html
    html = (await client.get("/admin/audit", params={"actor_kind": "citizen"})).text
    assert "1 dòng nhật ký" in html and "Lê Văn C" in html
    html = (
        await client.get(
            "/admin/audit", params={"object_type": "unit", "object_id": "000.10.11.H56"}
        )
    ).text
    assert "1 dòng nhật ký" in html


async def test_audit_date_filters_accept_both_formats(client: Client) -> None:
    """dd/mm/yyyy and yyyy-mm-dd both work; a range in the past finds nothing."""
    await seed_audit()
    await sign_in(client)
    today = SystemClock().now()
    for day in (today.strftime("%d/%m/%Y"), today.strftime("%Y-%m-%d")):
        html = (await client.get("/admin/audit", params={"from": day, "to": day})).text
        assert "3 dòng nhật ký" in html, day
    html = (
        await client.get("/admin/audit", params={"from": "01/01/2020", "to": "2020-01-31"})
    ).text
    assert "0 dòng nhật ký" in html


async def test_bad_audit_filter_is_400_with_messages(client: Client) -> None:
    """A wrong date and an unknown actor kind: 400 and both problems named."""
    await sign_in(client)
    response = await client.get(
        "/admin/audit", params={"from": "31-12-2026", "actor_kind": "robot"}
    )
    assert response.status_code == 400
    assert "Nhập ngày dạng 31/12/2026" in response.text
    assert "Chọn một loại trong danh sách" in response.text


async def test_audit_pages_through_many_rows(client: Client) -> None:
    """More than one page of rows shows a pager that keeps the filter."""
    ctx = Context(Actor("system", label="motcua"), "local")
    for n in range(55):
        await audit.record(ctx, "test.tick", object_type="tick", object_id=n)
    await sign_in(client)
    html = (await client.get("/admin/audit", params={"action": "test.tick"})).text
    assert "Trang 1/2" in html and 'href="/admin/audit?action=test.tick&amp;page=2"' in html
    second = (await client.get("/admin/audit", params={"action": "test.tick", "page": 2})).text
    assert "Trang 2/2" in second and second.count("<li><dl>") == 5


async def test_csv_export_honours_the_filter_and_is_audited(client: Client) -> None:
    """CSV: attachment, UTF-8 BOM, a header row, only matching rows; the export is logged."""
    await seed_audit()
    staff_id = await sign_in(client)
    response = await client.post(
        "/admin/audit/export.csv",
        data={"_csrf_token": await csrf(client, "/admin/audit"), "action": "unit.created"},
    )
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="motcua-audit.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "at", "actor_kind"] and len(rows) == 3
    header = rows[0]
    assert {r[header.index("action")] for r in rows[1:]} == {"unit.created"}
    after = [r[header.index("after")] for r in rows[1:]]
    assert any("Xã =cmd" in cell for cell in after) and "Tỉnh" in after[0]
    exported = (
        await AuditEntry.select()
        .where(AuditEntry.action == "audit.exported")
        .output(load_json=True)
        .first()
    )
    assert exported is not None and exported["actor_id"] == staff_id
    assert exported["after"] == {"format": "csv", "rows": 2, "filter": {"action": "unit.created"}}


async def test_csv_cells_cannot_become_spreadsheet_formulas(client: Client) -> None:
    """A value starting with = is written as text ('=...), so Excel does not run it."""
    await audit.record(Context(Actor("citizen", 1, "=HYPERLINK(1)")), "x.y")
    await sign_in(client)
    response = await client.post(
        "/admin/audit/export.csv", data={"_csrf_token": await csrf(client, "/admin/audit")}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("actor_label")] == "'=HYPERLINK(1)"


async def test_json_export_has_every_field_and_is_audited(client: Client) -> None:
    """JSON: attachment with the filter, count and items in Vietnamese as written."""
    await seed_audit()
    await sign_in(client)
    response = await client.post(
        "/admin/audit/export.json",
        data={"_csrf_token": await csrf(client, "/admin/audit"), "actor_kind": "citizen"},
    )
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="motcua-audit.json"'
    body = json.loads(response.content)
    assert body["filter"] == {"actor_kind": "citizen"} and body["count"] == 1
    (item,) = body["items"]
    assert item["actor_label"] == "Lê Văn C" and item["action"] == "citizen.signed_in"
    assert set(item) >= {"at", "role", "unit_code", "object_type", "before", "after"}
    assert "Lê Văn C" in response.content.decode()  # not \u-escaped
    assert (await audit_actions())[-1] == "audit.exported"


async def test_export_with_a_bad_filter_writes_nothing(client: Client) -> None:
    """An invalid filter is a 400 and leaves no audit.exported row."""
    await sign_in(client)
    response = await client.post(
        "/admin/audit/export.json",
        data={"_csrf_token": await csrf(client, "/admin/audit"), "date_from": "hôm qua"},
    )
    assert response.status_code == 400
    assert "audit.exported" not in await audit_actions()
