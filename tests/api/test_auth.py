"""The citizen sign-in API: codes by SMS, bearer tokens, profile, export and deletion over HTTP."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.clock import VIETNAM, FixedClock
from core.identity.tables import AuditEntry, Citizen
from core.identity.tokens import TokenService
from core.settings import Settings

Client = AsyncTestClient[Litestar]
PHONE = "+84912345678"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
async def api(settings: Settings, db: None, clock: FixedClock) -> AsyncIterator[Client]:
    """The app on a clock the test moves."""
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


async def last_code(api: Client) -> str:
    """The code of the newest SMS in the dev outbox."""
    sms = (await api.get("/dev/outbox")).json()[0]
    found = re.search(r"\b(\d{6})\b", sms["body"])
    assert sms["channel"] == "sms" and found
    return found.group(1)


async def sign_in(api: Client, phone: str = "0912345678") -> dict[str, str]:
    """Authorization headers of a freshly signed-in citizen."""
    assert (await api.post("/api/v1/auth/otp", json={"phone": phone})).status_code == 202
    response = await api.post(
        "/api/v1/auth/otp/verify", json={"phone": phone, "code": await last_code(api)}
    )
    assert response.status_code == 200
    return {"Authorization": f"Bearer {response.json()['token']}"}


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def test_asking_for_a_code_is_202_and_the_sms_lands_in_the_outbox(api: Client) -> None:
    """POST /auth/otp: 202 {"sent": true, "expires_in": 300}; the SMS goes to the +84 number."""
    response = await api.post("/api/v1/auth/otp", json={"phone": "+84 912 345 678"})
    assert response.status_code == 202
    assert response.json() == {"sent": True, "expires_in": 300}
    outbox = (await api.get("/dev/outbox")).json()
    assert outbox[0]["to"] == PHONE and "Mã xác thực motcua" in outbox[0]["body"]


@pytest.mark.parametrize("phone", ["024 3825 1234", "+44 20 7946 0000", "hello"])
async def test_a_landline_or_foreign_number_is_422(api: Client, phone: str) -> None:
    """Anything but a Vietnamese mobile: 422 naming the phone field and saying what to type."""
    response = await api.post("/api/v1/auth/otp", json={"phone": phone})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "phone"
    assert "0912 345 678" in response.json()["errors"][0]["message"]
    assert (await api.get("/dev/outbox")).json() == []


async def test_missing_phone_is_a_4xx(api: Client) -> None:
    """A body without the phone field is refused, not a 500."""
    response = await api.post("/api/v1/auth/otp", json={"number": PHONE})
    assert response.status_code == 400


async def test_the_code_gives_a_bearer_token_for_me(api: Client) -> None:
    """verify → 200 {"token"}; GET /me with it shows the profile of that number."""
    headers = await sign_in(api)
    me = await api.get("/api/v1/me", headers=headers)
    assert me.status_code == 200 and me.json()["phone"] == PHONE
    assert me.headers["cache-control"] == "no-store"


async def test_every_spelling_of_the_number_is_one_person(api: Client) -> None:
    """0912…, +84 912… and 84912… sign in to the same account."""
    ids = set()
    for phone in ("0912345678", "+84 912 345 678", "84912345678"):
        ids.add((await api.get("/api/v1/me", headers=await sign_in(api, phone))).json()["id"])
    assert len(ids) == 1


async def test_wrong_used_and_expired_codes_are_401_saying_which(
    api: Client, clock: FixedClock
) -> None:
    """Each refusal is a 401 whose detail tells the person what happened."""
    verify = "/api/v1/auth/otp/verify"
    await api.post("/api/v1/auth/otp", json={"phone": PHONE})
    code = await last_code(api)
    response = await api.post(verify, json={"phone": PHONE, "code": wrong(code)})
    assert response.status_code == 401 and "not right" in response.json()["detail"]
    assert (await api.post(verify, json={"phone": PHONE, "code": code})).status_code == 200
    response = await api.post(verify, json={"phone": PHONE, "code": code})
    assert response.status_code == 401 and "already been used" in response.json()["detail"]
    await api.post("/api/v1/auth/otp", json={"phone": PHONE})
    clock.advance(dt.timedelta(minutes=6))
    response = await api.post(verify, json={"phone": PHONE, "code": await last_code(api)})
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    assert "account" not in response.text


async def test_guessing_locks_the_number_with_429_and_retry_after(api: Client) -> None:
    """5 wrong codes, then 429 with Retry-After even for the right code."""
    verify = "/api/v1/auth/otp/verify"
    await api.post("/api/v1/auth/otp", json={"phone": PHONE})
    code = await last_code(api)
    for _ in range(5):
        response = await api.post(verify, json={"phone": PHONE, "code": wrong(code)})
        assert response.status_code == 401
    response = await api.post(verify, json={"phone": PHONE, "code": code})
    assert response.status_code == 429
    assert 850 < int(response.headers["retry-after"]) <= 900
    assert "15 minutes" in response.json()["detail"]


async def test_too_many_codes_is_429_with_retry_after(api: Client) -> None:
    """A 4th code within 15 minutes: 429 and the seconds to wait."""
    for _ in range(3):
        assert (await api.post("/api/v1/auth/otp", json={"phone": PHONE})).status_code == 202
    response = await api.post("/api/v1/auth/otp", json={"phone": PHONE})
    assert response.status_code == 429 and int(response.headers["retry-after"]) > 0
    assert len((await api.get("/dev/outbox")).json()) == 3


async def test_sign_out_revokes_the_bearer_token(api: Client) -> None:
    """POST /auth/sign-out: 204, then the same token is 401."""
    headers = await sign_in(api)
    assert (await api.post("/api/v1/auth/sign-out", headers=headers)).status_code == 204
    assert (await api.get("/api/v1/me", headers=headers)).status_code == 401
    assert (await api.post("/api/v1/auth/sign-out", headers=headers)).status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/me"),
        ("PUT", "/api/v1/me"),
        ("GET", "/api/v1/me/export"),
        ("DELETE", "/api/v1/me"),
    ],
)
async def test_me_is_401_without_a_valid_bearer_token(api: Client, method: str, path: str) -> None:
    """No token, a made-up token: 401 with the JSON error shape."""
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        body = {"full_name": "A"} if method == "PUT" else None
        response = await api.request(method, path, headers=headers, json=body)
        assert response.status_code == 401 and response.json()["status"] == 401


async def test_the_api_never_accepts_the_session_cookie(api: Client, clock: FixedClock) -> None:
    """A live web session cookie (and a session token sent as bearer) do not open /api/v1/me."""
    headers = await sign_in(api)
    citizen_id = (await api.get("/api/v1/me", headers=headers)).json()["id"]
    session = await TokenService(clock).issue("session", citizen_id=citizen_id)
    api.cookies.set("motcua_session", session)
    assert (await api.get("/api/v1/me")).status_code == 401
    bearer_session = {"Authorization": f"Bearer {session}"}
    assert (await api.get("/api/v1/me", headers=bearer_session)).status_code == 401
    assert (await api.get("/account")).status_code == 200  # the cookie is good for pages


async def test_profile_update_validates_every_field(api: Client) -> None:
    """PUT /me with bad values: 422 naming each field; good values are saved."""
    headers = await sign_in(api)
    bad = {"full_name": "", "national_id": "12345", "address": "", "email": "nope"}
    response = await api.put("/api/v1/me", headers=headers, json=bad)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"full_name", "national_id", "email"}
    good = {"full_name": "Phạm Thị D", "national_id": "079199001234", "email": "d@example.vn"}
    response = await api.put("/api/v1/me", headers=headers, json=good)
    assert response.status_code == 200
    assert response.json()["national_id"] == "079199001234"
    assert response.json()["full_name"] == "Phạm Thị D"


async def test_export_is_a_json_download_of_everything(api: Client) -> None:
    """GET /me/export: an attachment with the profile, sessions and sign-ins; audited."""
    headers = await sign_in(api)
    response = await api.get("/api/v1/me/export", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["phone"] == PHONE and data["sessions"]["active"] == 1
    assert "citizen.sign_in" in [e["action"] for e in data["sign_ins"]]
    assert await AuditEntry.count().where(AuditEntry.action == "citizen.data_export") == 1


async def test_delete_me_minimises_and_blocks_the_old_token(api: Client) -> None:
    """DELETE /me: 204; the token stops working and the row keeps no number."""
    headers = await sign_in(api)
    assert (await api.delete("/api/v1/me", headers=headers)).status_code == 204
    assert (await api.get("/api/v1/me", headers=headers)).status_code == 401
    row = await Citizen.select(Citizen.phone, Citizen.deleted_at).first()
    assert row is not None and row["phone"] is None and row["deleted_at"] is not None


async def test_no_phone_number_in_any_audit_row(api: Client) -> None:
    """After codes, failures, a sign-in and an export, the audit log holds no phone digits."""
    await api.post("/api/v1/auth/otp", json={"phone": PHONE})
    await api.post("/api/v1/auth/otp/verify", json={"phone": PHONE, "code": "000000"})
    headers = await sign_in(api)
    await api.get("/api/v1/me/export", headers=headers)
    rows = json.dumps(await AuditEntry.select(), default=str)
    assert await AuditEntry.count() >= 5 and "912345678" not in rows
