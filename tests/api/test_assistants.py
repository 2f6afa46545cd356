"""Volunteer assistants over the JSON API: apply and approval, the consent code from the
citizen's SMS, filing for the citizen, what each side sees afterwards, and the refusals."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.dossiers.tables import Dossier
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.api.test_dossiers import body
from tests.api.test_staff_dossiers import COMMUNE, staff
from tests.core.dossiers.conftest import BIRTH, MONDAY_9

Client = AsyncTestClient[Litestar]
Headers = dict[str, str]
OTHER_COMMUNE = "000.10.12.H56"
FARMER = "0912345678"
CONSENTS = "/api/v1/assistants/consents"


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


async def consent_code(api: Client) -> str:
    """The code in the newest SMS (the consent text also holds other digits)."""
    sms = (await api.get("/dev/outbox")).json()[0]
    found = re.search(r"mã (\d{6})", sms["body"])
    assert sms["channel"] == "sms" and found
    return found.group(1)


async def assistant(api: Client, clock: FixedClock, phone: str = "0900000002") -> Headers:
    """A signed-in citizen with a name, approved by the commune's officer."""
    helper = await sign_in(api, phone)
    profile = {"full_name": "Hà Thị Hỗ Trợ"}
    assert (await api.put("/api/v1/me", json=profile, headers=helper)).status_code == 200
    applied = await api.post("/api/v1/assistants", json={"unit": COMMUNE}, headers=helper)
    assert applied.status_code == 201 and applied.json()["status"] == "applied"
    decision = {"decision": "approve", "note": "Chào mừng"}
    path = f"/api/v1/staff/assistants/{applied.json()['id']}/decision"
    decided = await api.post(path, json=decision, headers=await staff(clock, COMMUNE, "officer"))
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    return helper


async def consented(api: Client, helper: Headers) -> int:
    """A consent for a birth registration, confirmed with the farmer's code; its id."""
    asked = await api.post(
        CONSENTS, json={"phone": FARMER, "procedure_code": BIRTH}, headers=helper
    )
    assert asked.status_code == 202
    consent_id = int(asked.json()["id"])
    confirm = {"code": await consent_code(api)}
    confirmed = await api.post(f"{CONSENTS}/{consent_id}/confirm", json=confirm, headers=helper)
    assert confirmed.status_code == 200 and confirmed.json()["procedure_code"] == BIRTH
    return consent_id


async def test_the_citizen_owns_what_the_assistant_files(api: Client, clock: FixedClock) -> None:
    """202 SMS, 200 confirm, 201 filed (replayed with the same key); the farmer lists it."""
    helper = await assistant(api, clock)
    asked = await api.post(
        CONSENTS, json={"phone": FARMER, "procedure_code": BIRTH}, headers=helper
    )
    assert asked.status_code == 202 and asked.json()["phone_masked"] == "******5678"
    sms = (await api.get("/dev/outbox")).json()[0]
    assert sms["to"] == "+84912345678" and "Hà Thị Hỗ Trợ" in sms["body"]
    code = await consent_code(api)
    path = f"{CONSENTS}/{asked.json()['id']}"
    assert (
        await api.post(f"{path}/confirm", json={"code": code}, headers=helper)
    ).status_code == 200
    payload, key = await body(api, helper), {**helper, "Idempotency-Key": "k-assist-0001"}
    filed = await api.post(f"{path}/dossiers", json=payload, headers=key)
    again = await api.post(f"{path}/dossiers", json=payload, headers=key)
    assert filed.status_code == 201 and again.json()["code"] == filed.json()["code"]
    assert again.headers["idempotent-replayed"] == "true" and await Dossier.count() == 1
    farmer = await sign_in(api, FARMER)
    mine = (await api.get("/api/v1/dossiers", headers=farmer)).json()
    assert [d["code"] for d in mine] == [filed.json()["code"]]
    helped = (await api.get("/api/v1/assistants/dossiers", headers=helper)).json()
    assert [(h["code"], h["full"]) for h in helped] == [(filed.json()["code"], True)]
    holding = mine[0]["unit"]  # the officers holding it see who filed it for the farmer
    officer = await staff(clock, holding, "officer")
    seen = await api.get(f"/api/v1/staff/dossiers/{filed.json()['code']}", headers=officer)
    assert seen.status_code == 200 and seen.json()["assistant_name"] == "Hà Thị Hỗ Trợ"


async def test_the_owner_revokes_and_the_assistant_meets_404(
    api: Client, clock: FixedClock
) -> None:
    """POST /dossiers/{code}/assistant/revoke: 204 for the owner; then 404 for the assistant."""
    helper = await assistant(api, clock)
    consent_id = await consented(api, helper)
    payload, key = await body(api, helper), {**helper, "Idempotency-Key": "k-assist-0002"}
    code = (await api.post(f"{CONSENTS}/{consent_id}/dossiers", json=payload, headers=key)).json()[
        "code"
    ]
    assert (await api.get(f"/api/v1/dossiers/{code}", headers=helper)).status_code == 200
    revoke = f"/api/v1/dossiers/{code}/assistant/revoke"
    assert (await api.post(revoke, headers=helper)).status_code == 404
    farmer = await sign_in(api, FARMER)
    assert (await api.post(revoke, headers=farmer)).status_code == 204
    assert (await api.get(f"/api/v1/dossiers/{code}", headers=helper)).status_code == 404
    helped = (await api.get("/api/v1/assistants/dossiers", headers=helper)).json()
    assert [(h["full"], h["revoked"]) for h in helped] == [(False, True)]


async def test_without_the_right_code_nothing_is_filed(api: Client, clock: FixedClock) -> None:
    """An unconfirmed consent files nothing (409); a wrong code is 422 naming the code field."""
    helper = await assistant(api, clock)
    asked = await api.post(
        CONSENTS, json={"phone": FARMER, "procedure_code": BIRTH}, headers=helper
    )
    path = f"{CONSENTS}/{asked.json()['id']}"
    payload, key = await body(api, helper), {**helper, "Idempotency-Key": "k-assist-0003"}
    assert (await api.post(f"{path}/dossiers", json=payload, headers=key)).status_code == 409
    wrong = f"{(int(await consent_code(api)) + 1) % 1_000_000:06d}"
    refused = await api.post(f"{path}/confirm", json={"code": wrong}, headers=helper)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "code"
    assert await Dossier.count() == 0


async def test_another_communes_officer_gets_404(api: Client, clock: FixedClock) -> None:
    """The decision is the assistant's own commune's: elsewhere 404 and an empty list."""
    helper = await sign_in(api, "0900000002")
    await api.put("/api/v1/me", json={"full_name": "Hà Thị Hỗ Trợ"}, headers=helper)
    applied = await api.post("/api/v1/assistants", json={"unit": COMMUNE}, headers=helper)
    stranger = await staff(clock, OTHER_COMMUNE, "officer")
    path = f"/api/v1/staff/assistants/{applied.json()['id']}/decision"
    refused = await api.post(path, json={"decision": "approve"}, headers=stranger)
    assert refused.status_code == 404
    assert (await api.get("/api/v1/staff/assistants", headers=stranger)).json() == []
    mine = await api.get("/api/v1/staff/assistants", headers=await staff(clock, COMMUNE, "head"))
    assert [a["status"] for a in mine.json()] == ["applied"]


async def test_twenty_consents_a_day_then_429(api: Client, clock: FixedClock) -> None:
    """The 21st request of the day: 429 with Retry-After, said in Vietnamese."""
    helper = await assistant(api, clock)
    for n in range(20):
        asked = {"phone": f"091234{n:04d}", "procedure_code": BIRTH}
        assert (await api.post(CONSENTS, json=asked, headers=helper)).status_code == 202
    refused = await api.post(
        CONSENTS, json={"phone": "0912349999", "procedure_code": BIRTH}, headers=helper
    )
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "hãy thử lại sau" in refused.json()["detail"]


async def test_who_may_call_what(api: Client, clock: FixedClock) -> None:
    """No token: 401; a staff token on citizens' routes and a citizen's on staff routes: 404;
    a citizen who is not an assistant: 409 saying so; a bad number: 422 on the phone field."""
    assert (await api.get("/api/v1/assistants/me")).status_code == 401
    officer = await staff(clock, COMMUNE, "officer")
    assert (await api.get("/api/v1/assistants/me", headers=officer)).status_code == 404
    citizen = await sign_in(api, FARMER)
    assert (await api.get("/api/v1/staff/assistants", headers=citizen)).status_code == 404
    assert (await api.get("/api/v1/assistants/me", headers=citizen)).status_code == 404
    asked = {"phone": "0987654321", "procedure_code": BIRTH}
    not_yet = await api.post(CONSENTS, json=asked, headers=citizen)
    assert not_yet.status_code == 409 and "chưa đăng ký" in not_yet.json()["detail"]
    helper = await assistant(api, clock)
    bad = await api.post(
        CONSENTS, json={"phone": "024 3825 1234", "procedure_code": BIRTH}, headers=helper
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "phone"
    assert (
        await api.post(CONSENTS, json={"procedure_code": BIRTH}, headers=helper)
    ).status_code == 400
