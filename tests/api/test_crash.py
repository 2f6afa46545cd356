"""A server killed (SIGKILL) mid-submission: each dossier exists whole or not at all."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import httpx

from core.catalog.service import CatalogService
from core.clock import SystemClock
from core.dossiers.tables import Dossier, DossierDocument, DossierEvent
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.tables import AuditEntry, Citizen
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.bench import servers
from tests.core.dossiers.conftest import BIRTH, BIRTH_CERTIFICATE, birth_fields, jpeg

SUBMISSIONS = 40
KILL_AFTER = 3  # answered submissions before the kill: the rest are in flight or not yet sent


def server_env(settings: Settings) -> dict[str, str]:
    env = servers.motcua_env(settings.data_dir)
    env.update(
        MOTCUA_DATABASE_URL=settings.database_url, MOTCUA_SECRET_KEY="crash-test-secret-0123456789"
    )
    return env


async def file_all(
    url: str, token: str, keys: list[str], answered: asyncio.Event
) -> dict[str, int]:
    """Send every submission at once; the status each got, 0 when the server died first."""
    statuses: dict[str, int] = {}
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        files = {"file": ("giay-chung-sinh.jpg", jpeg(), "image/jpeg")}
        upload_id = (await client.post("/api/v1/uploads", files=files, headers=headers)).json()[
            "id"
        ]
        payload = {
            "procedure_code": BIRTH,
            "fields": birth_fields(),
            "documents": [{"requirement": BIRTH_CERTIFICATE, "upload_id": upload_id}],
        }

        async def one(key: str) -> None:
            try:
                response = await client.post(
                    "/api/v1/dossiers", json=payload, headers={**headers, "Idempotency-Key": key}
                )
                statuses[key] = response.status_code
            except httpx.HTTPError:
                statuses[key] = 0
            if sum(s == 201 for s in statuses.values()) >= KILL_AFTER:
                answered.set()

        await asyncio.gather(*(one(k) for k in keys))
    return statuses


async def retry_all(url: str, token: str, keys: list[str]) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        upload_id = (await client.get("/api/v1/uploads", headers=headers)).json()[0]["id"]
        payload = {
            "procedure_code": BIRTH,
            "fields": birth_fields(),
            "documents": [{"requirement": BIRTH_CERTIFICATE, "upload_id": upload_id}],
        }
        codes = {}
        for key in keys:
            response = await client.post(
                "/api/v1/dossiers", json=payload, headers={**headers, "Idempotency-Key": key}
            )
            assert response.status_code == 201, response.text
            codes[key] = response.json()["code"]
        return codes


async def test_killed_server_leaves_whole_dossiers_only(
    settings: Settings, catalog: CatalogService, tmp_path: Path
) -> None:
    """SIGKILL mid-flight, restart, retry every key: one complete dossier per key, no gaps."""
    await load_demo_units(SYSTEM_CONTEXT)
    citizen = await Citizen.insert(Citizen(phone="+84912345678", created_at=SystemClock().now()))
    token = await TokenService(SystemClock()).issue("bearer", citizen_id=citizen[0]["id"])
    keys = [f"crash-key-{n:04d}" for n in range(SUBMISSIONS)]
    env = server_env(settings)
    with servers.serving(
        "crash-1",
        "api.app:app_from_env",
        env=env,
        log_dir=tmp_path,
        factory=True,
        ready_path="/healthz",
    ) as first:
        answered = asyncio.Event()
        sending = asyncio.create_task(file_all(first.url, token, keys, answered))
        await asyncio.wait_for(answered.wait(), timeout=60)
        os.killpg(first.process.pid, signal.SIGKILL)
        before = await sending
    assert any(s == 0 for s in before.values()), "the kill came after every submission"
    with servers.serving(
        "crash-2",
        "api.app:app_from_env",
        env=env,
        log_dir=tmp_path,
        factory=True,
        ready_path="/healthz",
    ) as second:
        codes = await retry_all(second.url, token, keys)
    assert len(set(codes.values())) == SUBMISSIONS == await Dossier.count()
    numbers = sorted(int(code[-4:]) for code in codes.values())
    assert numbers == list(range(1, SUBMISSIONS + 1))  # no number lost to a half-written dossier
    for row in await Dossier.select(Dossier.id):
        assert await DossierDocument.count().where(DossierDocument.dossier == row["id"]) == 1
        assert await DossierEvent.count().where(DossierEvent.dossier == row["id"]) == 1
    assert await AuditEntry.count().where(AuditEntry.action == "dossier.submit") == SUBMISSIONS
