"""The back office over the JSON API: the queue, one dossier, and every action through a journey
across two units, with the 401/404/409/422 answers of CONTRACT.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pyotp
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.staff import StaffService
from core.identity.tables import StaffRole, StaffUser, Unit
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.api.test_dossiers import body
from tests.core.dossiers.conftest import BIRTH_CERTIFICATE, MONDAY_9, jpeg
from tests.core.identity.test_staff import PASSWORD, secret_of

Client = AsyncTestClient[Litestar]
Headers = dict[str, str]
COMMUNE = "000.10.11.H56"  # UBND phường Hạc Thành (demo units)
JUSTICE = "000.00.01.H56"  # Sở Tư pháp
QUEUE = "/api/v1/staff/dossiers"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_9)


@pytest.fixture
async def api(
    settings: Settings, catalog: CatalogService, clock: FixedClock
) -> AsyncIterator[Client]:
    await load_demo_units(SYSTEM_CONTEXT)
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


async def make_staff(clock: FixedClock, unit: str | None, *roles: str) -> int:
    """A new staff member of `unit` with `roles`; their id."""
    found = await Unit.select(Unit.id).where(Unit.code == (unit or "")).first()
    row = StaffUser(
        username=f"{roles[0]}.{await StaffUser.count()}",
        password_hash="not-a-real-hash",
        totp_secret="JBSWY3DPEHPK3PXP",
        totp_enrolled=True,
        unit=found["id"] if found else None,
        created_at=clock.now(),
    )
    await StaffUser.insert(row)
    for role in roles:
        await StaffRole.insert(StaffRole(staff=row.id, role=role))
    return int(row.id)


async def staff(clock: FixedClock, unit: str | None, *roles: str) -> Headers:
    """Bearer headers of a new staff member of `unit` with `roles`."""
    token = await TokenService(clock).issue(
        "bearer", staff_id=await make_staff(clock, unit, *roles)
    )
    return {"Authorization": f"Bearer {token}"}


async def file(api: Client, citizen: Headers, key: str = "k-staff-000001") -> str:
    """A birth registration filed online at the commune; its code."""
    payload = {**await body(api, citizen), "unit": COMMUNE}
    response = await api.post(
        "/api/v1/dossiers", json=payload, headers={**citizen, "Idempotency-Key": key}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["code"])


async def act(api: Client, who: Headers, code: str, action: str, **fields: Any) -> Any:
    return await api.post(f"{QUEUE}/{code}/actions", json={"action": action, **fields}, headers=who)


async def test_journey_across_two_units_over_the_api(
    api: Client, clock: FixedClock, catalog: CatalogService
) -> None:
    """Receive, ask for papers, the citizen supplies them, forward to the department, its head
    approves, the commune returns the result: each answer names status, national code, unit
    and step; the citizen sees every step."""
    created = await StaffService(clock, "unused").create(
        SYSTEM_CONTEXT, "canbo.hacthanh", PASSWORD, ["officer"], COMMUNE, "Lê Thị Hoa"
    )
    login = {"username": "canbo.hacthanh", "password": PASSWORD}
    login["totp"] = pyotp.TOTP(secret_of(created)).at(clock.now())
    signed_in = await api.post("/api/v1/staff/login", json=login)
    counter = {"Authorization": f"Bearer {signed_in.json()['token']}"}
    head = await staff(clock, JUSTICE, "head")
    citizen = await sign_in(api)
    code = await file(api, citizen)
    steps = [
        (counter, "receive", {"note": "Đủ giấy tờ"}, ("received", 2, COMMUNE, 2)),
        (
            counter,
            "request_supplement",
            {"items": ["Giấy chứng sinh bản rõ nét"]},
            ("supplement_requested", 5, COMMUNE, 2),
        ),
    ]
    for who, action, fields, expected in steps:
        clock.advance(dt.timedelta(minutes=15))
        response = await act(api, who, code, action, **fields)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer == {
            "code": code,
            "action": action,
            "status": expected[0],
            "status_code": expected[1],
            "unit": expected[2],
            "step": expected[3],
        }
    upload = await api.post(
        "/api/v1/uploads", files={"file": ("chung-sinh.jpg", jpeg(), "image/jpeg")}, headers=citizen
    )
    supplied = await api.post(
        f"/api/v1/dossiers/{code}/supplement",
        json={"documents": [{"requirement": BIRTH_CERTIFICATE, "upload_id": upload.json()["id"]}]},
        headers=citizen,
    )
    assert supplied.json()["status"] == "received"
    rest = [
        (counter, "forward", {"unit": JUSTICE}, ("processing", 4, JUSTICE, 3)),
        (head, "approve", {"note": "Đồng ý"}, ("done", 9, COMMUNE, 4)),
        (
            counter,
            "record_result",
            {"digitised": True, "note": "Trích lục số 12"},
            ("done", 9, COMMUNE, 4),
        ),
        (counter, "return_result", {"via": "counter"}, ("returned", 10, COMMUNE, 4)),
    ]
    for who, action, fields, (status, national, unit, step) in rest:
        clock.advance(dt.timedelta(minutes=15))
        answer = (await act(api, who, code, action, **fields)).json()
        assert (answer["status"], answer["status_code"], answer["unit"], answer["step"]) == (
            status,
            national,
            unit,
            step,
        )
    seen = (await api.get(f"/api/v1/dossiers/{code}", headers=citizen)).json()
    assert [e["status"] for e in seen["timeline"]] == [
        "submitted",
        "received",
        "supplement_requested",
        "received",
        "processing",
        "done",
        "done",
        "returned",
    ]


async def test_refusals_are_409_with_the_reason(api: Client, clock: FixedClock) -> None:
    """Approving as an officer, returning before approval, extending twice: 409 and why."""
    officer, head = await staff(clock, COMMUNE, "officer"), await staff(clock, COMMUNE, "head")
    code = await file(api, await sign_in(api))
    assert (await act(api, officer, code, "return_result", via="counter")).status_code == 409
    assert (await act(api, officer, code, "receive")).status_code == 200
    assert (await act(api, officer, code, "forward")).status_code == 200
    by_officer = await act(api, officer, code, "approve")
    assert by_officer.status_code == 409
    assert by_officer.json()["detail"] == "Chỉ lãnh đạo đơn vị được phê duyệt hồ sơ"
    early_return = await act(api, head, code, "return_result", via="counter")
    assert early_return.status_code == 409 and "Đã trả kết quả" in early_return.json()["detail"]
    extend = {"note": "Xin lỗi công dân vì chậm trễ", "new_due": "04/03/2026"}
    assert (await act(api, officer, code, "extend", **extend)).status_code == 200
    again = await act(api, officer, code, "extend", **extend)
    assert again.status_code == 409 and "một lần" in again.json()["detail"]


async def test_bad_input_is_422_naming_the_field(api: Client, clock: FixedClock) -> None:
    """An unknown action, a stop without its reason, a bad return channel, a bad date: 422."""
    officer, head = await staff(clock, COMMUNE, "officer"), await staff(clock, COMMUNE, "head")
    code = await file(api, await sign_in(api))
    cases = [
        (officer, "fly", {}, "action"),
        (officer, "request_supplement", {"items": ["  "]}, "items"),
        (officer, "extend", {"note": "Xin lỗi", "new_due": "31/02/2026"}, "new_due"),
    ]
    await act(api, officer, code, "receive")
    cases.append((officer, "stop", {"note": "  "}, "note"))
    for who, action, fields, field in cases:
        response = await act(api, who, code, action, **fields)
        assert response.status_code == 422, (action, response.text)
        assert response.json()["errors"][0]["field"] == field
    await act(api, officer, code, "forward")
    await act(api, head, code, "approve")
    bad_via = await act(api, officer, code, "return_result", via="drone")
    assert bad_via.status_code == 422 and bad_via.json()["errors"][0]["field"] == "via"
    unknown_field = await api.post(
        f"{QUEUE}/{code}/actions", json={"action": "stop", "why": "x"}, headers=officer
    )
    assert unknown_field.status_code == 400


async def test_strangers_get_404_and_anonymous_401(api: Client, clock: FixedClock) -> None:
    """Another unit's officer, an admin, a citizen and an unknown code get 404; no token, 401."""
    code = await file(api, await sign_in(api))
    others = [
        await staff(clock, JUSTICE, "officer"),
        await staff(clock, None, "admin"),
        await sign_in(api, "0987654321"),
    ]
    for who in others:
        assert (await act(api, who, code, "receive")).status_code == 404
        assert (await api.get(f"{QUEUE}/{code}", headers=who)).status_code == 404
    officer = await staff(clock, COMMUNE, "officer")
    assert (await act(api, officer, "000.10.11.H56-260302-9999", "receive")).status_code == 404
    assert (await api.get(f"{QUEUE}/nope", headers=officer)).status_code == 404
    assert (await act(api, {}, code, "receive")).status_code == 401
    assert (await api.get(QUEUE)).status_code == 401
    assert (await api.get(QUEUE, headers=others[2])).status_code == 404


async def test_the_queue_with_counts_filters_and_time_left(api: Client, clock: FixedClock) -> None:
    """The unit's queue as JSON: counts per tab, the chosen filter, minutes left; 422 for an
    unknown filter."""
    officer = await staff(clock, COMMUNE, "officer")
    citizen = await sign_in(api)
    first = await file(api, citizen)
    clock.advance(dt.timedelta(hours=1))
    second = await file(api, citizen, "k-staff-000002")
    await act(api, officer, second, "receive")
    response = await api.get(QUEUE, headers=officer)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    queue = response.json()
    assert queue["unit"] == COMMUNE and queue["filter"] == "all"
    assert queue["counts"] == {
        "all": 2,
        "new": 1,
        "due_today": 2,
        "due_soon": 2,
        "overdue": 0,
        "paused": 0,
        "mine": 1,
    }
    assert [i["code"] for i in queue["items"]] == [first, second]
    assert queue["items"][0]["left_minutes"] == 330 and queue["items"][0]["status_code"] == 1
    assert queue["items"][0]["due_at"] == "2026-03-02T17:00:00+07:00"
    mine = (await api.get(QUEUE, params={"filter": "mine"}, headers=officer)).json()
    assert [i["code"] for i in mine["items"]] == [second]
    received = (
        await api.get(QUEUE, params={"status": "received", "due": "today"}, headers=officer)
    ).json()
    assert [i["code"] for i in received["items"]] == [second]
    bad = await api.get(QUEUE, params={"filter": "urgent"}, headers=officer)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "filter"


async def test_one_dossier_with_papers_clock_and_actions(api: Client, clock: FixedClock) -> None:
    """The office view: form answers, the paper's bytes (private, nosniff), the clock's words,
    the actions allowed now."""
    officer = await staff(clock, COMMUNE, "officer")
    code = await file(api, await sign_in(api))
    view = (await api.get(f"{QUEUE}/{code}", headers=officer)).json()
    assert view["status_code"] == 1 and view["unit"] == COMMUNE and view["step"] == 0
    assert [a["action"] for a in view["actions"]] == ["receive", "request_supplement", "reject"]
    assert view["actions"][2]["required"] == ["items"]
    answers = {f["name"]: (f["label"], f["value"]) for f in view["fields"]}
    assert answers["child_name"] == ("Họ, chữ đệm và tên người được khai sinh", "Nguyễn Thị Bình")
    assert view["clock"]["left_minutes"] == 390 and view["clock"]["verdict"] == "in_time"
    assert (
        view["clock"]["explanation"][-1] == "Đã dùng 0 phút làm việc, còn 6 giờ 30 phút làm việc."
    )
    paper = await api.get(view["documents"][0]["url"], headers=officer)
    assert paper.status_code == 200 and paper.content[:2] == b"\xff\xd8"
    assert paper.headers["content-type"] == "image/jpeg"
    assert paper.headers["x-content-type-options"] == "nosniff"
    assert paper.headers["cache-control"].startswith("private")
    stranger = await staff(clock, JUSTICE, "officer")
    assert (await api.get(view["documents"][0]["url"], headers=stranger)).status_code == 404


async def test_the_openapi_schema_documents_the_back_office(api: Client) -> None:
    """Each route of the back office is in the schema with a summary."""
    paths = (await api.get("/schema/openapi.json")).json()["paths"]
    for path, method in [
        ("/api/v1/staff/dossiers", "get"),
        ("/api/v1/staff/dossiers/{code}", "get"),
        ("/api/v1/staff/dossiers/{code}/actions", "post"),
        ("/api/v1/staff/dossiers/{code}/documents/{document_id}", "get"),
    ]:
        assert paths[path][method]["summary"], path
    assert not any(p.startswith("/staff/") for p in paths)
