"""Staff sign-in over the JSON API: bearer tokens, one answer for every mistake, lock-out."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.clock import FixedClock
from core.identity import audit
from core.identity.audit import AuditFilter
from core.identity.staff import BAD_CREDENTIALS, FAILURES_PER_CLIENT, StaffService
from core.identity.tables import AuthToken, Citizen
from core.identity.tokens import TokenService
from core.settings import Settings
from tests.core.identity.test_staff import NOW, PASSWORD, code_at, make_staff, secret_of

Client = AsyncTestClient[Litestar]
LOGIN = "/api/v1/staff/login"
SIGN_OUT = "/api/v1/staff/sign-out"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def api(settings: Settings, clock: FixedClock, db: None) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


@pytest.fixture
def service(clock: FixedClock) -> StaffService:
    return StaffService(clock, "unused-here")


def body(username: str, password: str, code: str) -> dict[str, str]:
    return {"username": username, "password": password, "totp": code}


async def test_login_gives_a_bearer_token_and_sign_out_revokes_it(
    api: Client, service: StaffService, clock: FixedClock
) -> None:
    """200 {"token"}; the token names the officer; after sign-out (204) it no longer works."""
    created = await make_staff(service)
    response = await api.post(
        LOGIN, json=body("officer.an", PASSWORD, code_at(secret_of(created), clock))
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert (await TokenService(clock).resolve(token, "bearer")).id == created.id
    auth = {"Authorization": f"Bearer {token}"}
    assert (await api.post(SIGN_OUT, headers=auth)).status_code == 204
    assert (await api.post(SIGN_OUT, headers=auth)).status_code == 401
    actions = [r.action for r in (await audit.search(AuditFilter()))[0]]
    assert "staff.sign_in" in actions and "staff.sign_out" in actions


async def test_every_mistake_gets_the_same_401(
    api: Client, service: StaffService, clock: FixedClock
) -> None:
    """Unknown user, wrong password, wrong code: the same status and the same words."""
    created = await make_staff(service)
    good = code_at(secret_of(created), clock)
    wrong = f"{(int(good) + 500_000) % 1_000_000:06d}"
    details = set()
    for attempt in (
        body("no.such.user", PASSWORD, good),
        body("officer.an", "Not-the-password-9", good),
        body("officer.an", PASSWORD, wrong),
    ):
        response = await api.post(LOGIN, json=attempt)
        assert response.status_code == 401
        details.add(response.json()["detail"])
    assert details == {BAD_CREDENTIALS}
    assert await AuthToken.count() == 0
    rows, total = await audit.search(AuditFilter(action="staff.sign_in_failed"))
    assert total == 3
    assert all(PASSWORD not in repr(r) and "Not-the-password-9" not in repr(r) for r in rows)


async def test_a_replayed_code_is_refused(
    api: Client, service: StaffService, clock: FixedClock
) -> None:
    """A code that already signed someone in is refused the second time (401)."""
    created = await make_staff(service)
    attempt = body("officer.an", PASSWORD, code_at(secret_of(created), clock))
    assert (await api.post(LOGIN, json=attempt)).status_code == 200
    again = await api.post(LOGIN, json=attempt)
    assert again.status_code == 401 and "đã được dùng" in again.json()["detail"]
    assert await AuthToken.count() == 1


async def test_lock_out_after_five_failures_even_with_the_right_credentials(
    api: Client, service: StaffService, clock: FixedClock
) -> None:
    """Failures 1–4 are 401, the 5th is 429 with Retry-After; then the right code is 429 too."""
    created = await make_staff(service)
    wrong = body("officer.an", "Wrong-password-1", "123456")
    statuses = [(await api.post(LOGIN, json=wrong)).status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    right = body("officer.an", PASSWORD, code_at(secret_of(created), clock))
    response = await api.post(LOGIN, json=right)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) == 15 * 60
    assert "15 phút" in response.json()["detail"]
    assert await AuthToken.count() == 0
    clock.advance(dt.timedelta(minutes=15, seconds=1))
    right = body("officer.an", PASSWORD, code_at(secret_of(created), clock))
    assert (await api.post(LOGIN, json=right)).status_code == 200


async def test_guessing_usernames_from_one_address_gets_429_with_retry_after(
    api: Client, service: StaffService, clock: FixedClock
) -> None:
    """Unknown usernames count per address: the 20th failure and what follows are 429s."""
    created = await make_staff(service)
    statuses = [
        (await api.post(LOGIN, json=body(f"guess.{n}", PASSWORD, "123456"))).status_code
        for n in range(FAILURES_PER_CLIENT.count)
    ]
    assert statuses == [401] * (FAILURES_PER_CLIENT.count - 1) + [429]
    right = body("officer.an", PASSWORD, code_at(secret_of(created), clock))
    response = await api.post(LOGIN, json=right)
    assert response.status_code == 429 and response.headers["Retry-After"] == "900"
    assert "địa chỉ mạng" in response.json()["detail"]
    assert await AuthToken.count() == 0
    _, failed = await audit.search(AuditFilter(action="staff.sign_in_failed"))
    _, paused = await audit.search(AuditFilter(action="staff.sign_in_paused"))
    assert (failed, paused) == (FAILURES_PER_CLIENT.count, 1)
    clock.advance(dt.timedelta(minutes=15, seconds=1))
    right = body("officer.an", PASSWORD, code_at(secret_of(created), clock))
    assert (await api.post(LOGIN, json=right)).status_code == 200


async def test_a_citizen_token_or_a_cookie_cannot_use_staff_endpoints(
    api: Client, clock: FixedClock
) -> None:
    """A citizen's bearer token gets 404 on staff sign-out; a session cookie is not a bearer."""
    rows = await Citizen.insert(Citizen(phone="+84912345678", created_at=NOW)).returning(Citizen.id)
    tokens = TokenService(clock)
    citizen_token = await tokens.issue("bearer", citizen_id=rows[0]["id"])
    response = await api.post(SIGN_OUT, headers={"Authorization": f"Bearer {citizen_token}"})
    assert response.status_code == 404
    assert (await tokens.resolve(citizen_token, "bearer")).is_citizen  # not revoked
    session = await tokens.issue("session", citizen_id=rows[0]["id"])
    response = await api.post(SIGN_OUT, headers={"Cookie": f"motcua_session={session}"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"username": "officer.an", "password": PASSWORD},
        {"username": "x" * 65, "password": PASSWORD, "totp": "123456"},
        {"username": "officer.an", "password": "p" * 300, "totp": "123456"},
        {"username": 1, "password": PASSWORD, "totp": "123456"},
    ],
)
async def test_malformed_bodies_are_4xx_not_500(api: Client, payload: dict[str, object]) -> None:
    """Missing, too long or mistyped fields are refused with a message, never a 500."""
    response = await api.post(LOGIN, json=payload)
    assert response.status_code == 400
    assert response.json()["detail"]
