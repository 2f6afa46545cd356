"""Dossiers over the JSON API: idempotent filing, reading, access, withdrawal and bad input."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.dossiers.tables import Dossier, DossierDocument
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.core.dossiers.conftest import BIRTH, BIRTH_CERTIFICATE, MONDAY_9, birth_fields, jpeg

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def api(settings: Settings, catalog: CatalogService) -> AsyncIterator[Client]:
    await load_demo_units(SYSTEM_CONTEXT)
    async with AsyncTestClient(app=create_app(settings, clock=FixedClock(MONDAY_9))) as client:
        yield client


@pytest.fixture
async def citizen(api: Client) -> dict[str, str]:
    return await sign_in(api)


async def body(api: Client, auth: dict[str, str], **changes: Any) -> dict[str, Any]:
    """A valid birth registration with a freshly uploaded photo."""
    files = {"file": ("giay-chung-sinh.jpg", jpeg(), "image/jpeg")}
    uploaded = await api.post("/api/v1/uploads", files=files, headers=auth)
    assert uploaded.status_code == 201
    document = {"requirement": BIRTH_CERTIFICATE, "upload_id": uploaded.json()["id"]}
    return {"procedure_code": BIRTH, "fields": birth_fields(), "documents": [document], **changes}


def keyed(auth: dict[str, str], key: str = "k-0000-0001") -> dict[str, str]:
    return {**auth, "Idempotency-Key": key}


async def test_filing_answers_201_with_code_and_links(api: Client, citizen: dict[str, str]) -> None:
    """201 {code, status, due_at, tracking_url, receipt_url}, as CONTRACT.md says."""
    response = await api.post(
        "/api/v1/dossiers", json=await body(api, citizen), headers=keyed(citizen)
    )
    assert response.status_code == 201
    filed = response.json()
    assert filed["code"] == "000.00.00.H56-260302-0001" and filed["status"] == "submitted"
    assert filed["due_at"] == "2026-03-02T17:00:00+07:00"
    assert filed["tracking_url"] == f"http://testserver.local/track/{filed['code']}"
    assert filed["receipt_url"].endswith(f"/dossiers/{filed['code']}/receipt")


async def test_same_key_answers_same_dossier(api: Client, citizen: dict[str, str]) -> None:
    """A retry with the same key gets the same code and says it is a replay."""
    payload = await body(api, citizen)
    first = await api.post("/api/v1/dossiers", json=payload, headers=keyed(citizen))
    again = await api.post("/api/v1/dossiers", json=payload, headers=keyed(citizen))
    assert again.status_code == 201 and again.json()["code"] == first.json()["code"]
    assert again.headers["idempotent-replayed"] == "true"
    assert await Dossier.count() == 1


async def test_parallel_retries_make_one_dossier(api: Client, citizen: dict[str, str]) -> None:
    """Sixteen simultaneous requests with one key file one dossier and all get its code."""
    payload = await body(api, citizen)
    responses = await asyncio.gather(
        *(api.post("/api/v1/dossiers", json=payload, headers=keyed(citizen)) for _ in range(16))
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["code"] for r in responses}) == 1
    assert await Dossier.count() == 1 and await DossierDocument.count() == 1


async def test_reading_mine_and_one(api: Client, citizen: dict[str, str]) -> None:
    """GET lists and shows the dossier with the national status code and the unit holding it."""
    code = (
        await api.post("/api/v1/dossiers", json=await body(api, citizen), headers=keyed(citizen))
    ).json()["code"]
    listed = (await api.get("/api/v1/dossiers", headers=citizen)).json()
    one = (await api.get(f"/api/v1/dossiers/{code}", headers=citizen)).json()
    assert [d["code"] for d in listed] == [code]
    assert one["status_code"] == 1 and one["unit"] == "000.00.00.H56" and not one["paid"]
    assert one["timeline"][0]["status"] == "submitted" and one["documents"][0]["requirement"] == 5


async def test_another_citizen_gets_404(api: Client, citizen: dict[str, str]) -> None:
    """Someone else's dossier does not exist for me; anonymous callers must sign in."""
    code = (
        await api.post("/api/v1/dossiers", json=await body(api, citizen), headers=keyed(citizen))
    ).json()["code"]
    other = await sign_in(api, "0987654321")
    assert (await api.get(f"/api/v1/dossiers/{code}", headers=other)).status_code == 404
    assert (
        await api.post(f"/api/v1/dossiers/{code}/withdraw", json={}, headers=other)
    ).status_code == 404
    assert (await api.get(f"/api/v1/dossiers/{code}")).status_code == 404
    assert (await api.post("/api/v1/dossiers", json={"procedure_code": BIRTH})).status_code == 401


async def test_withdrawal_then_conflict(api: Client, citizen: dict[str, str]) -> None:
    """Withdrawing answers status 7; withdrawing again is 409 with the reason."""
    code = (
        await api.post("/api/v1/dossiers", json=await body(api, citizen), headers=keyed(citizen))
    ).json()["code"]
    url = f"/api/v1/dossiers/{code}/withdraw"
    first = await api.post(url, json={"reason": "Nộp nhầm"}, headers=citizen)
    assert first.status_code == 200 and first.json()["status_code"] == 7
    again = await api.post(url, json={}, headers=citizen)
    assert again.status_code == 409 and "Công dân yêu cầu rút hồ sơ" in again.json()["detail"]


async def test_missing_key_is_422(api: Client, citizen: dict[str, str]) -> None:
    """Without Idempotency-Key nothing is filed and the header is named."""
    response = await api.post("/api/v1/dossiers", json=await body(api, citizen), headers=citizen)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert await Dossier.count() == 0


async def test_every_invalid_field_is_named(api: Client, citizen: dict[str, str]) -> None:
    """422 lists each wrong field; nothing is written."""
    payload = await body(api, citizen)
    payload["fields"] = {**payload["fields"], "citizen_id": "abc", "child_birth_date": "2026-13-40"}
    del payload["fields"]["child_name"]
    response = await api.post("/api/v1/dossiers", json=payload, headers=keyed(citizen))
    assert response.status_code == 422
    named = {e["field"] for e in response.json()["errors"]}
    assert {"citizen_id", "child_birth_date", "child_name"} <= named
    assert await Dossier.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"procedure_code": "9.999999"}, "procedure_code"),
        ({"documents": []}, "documents"),
        ({"documents": [{"requirement": 5, "upload_id": "not-mine"}]}, "documents[0].upload_id"),
        ({"unit": "000.99.99.H56"}, "unit"),
    ],
)
async def test_bad_references_are_422(
    api: Client, citizen: dict[str, str], change: dict[str, Any], field: str
) -> None:
    """Unknown procedure, no papers, a foreign upload id, an unknown unit: each named."""
    payload = {**(await body(api, citizen)), **change}
    response = await api.post("/api/v1/dossiers", json=payload, headers=keyed(citizen))
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    "payload",
    [
        {"procedure_code": BIRTH, "fields": "khai sinh"},
        {"procedure_code": BIRTH, "documents": [{"requirement": "năm", "upload_id": "x"}]},
        {"procedure_code": BIRTH, "surprise": True},
        [],
    ],
)
async def test_wrong_shapes_are_400(api: Client, citizen: dict[str, str], payload: Any) -> None:
    """A body of the wrong shape is refused before anything runs, with what to fix."""
    response = await api.post("/api/v1/dossiers", json=payload, headers=keyed(citizen))
    assert response.status_code == 400
    assert response.json()["detail"]
    assert await Dossier.count() == 0


async def test_busy_database_is_503_with_retry_after(
    api: Client, citizen: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite giving up on its write lock is a 503 the client may retry, not a 500."""

    async def locked(*_: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr("core.dossiers.submission.SubmissionService.submit", locked)
    response = await api.post(
        "/api/v1/dossiers", json={"procedure_code": BIRTH}, headers=keyed(citizen)
    )
    assert response.status_code == 503 and response.headers["retry-after"] == "2"
