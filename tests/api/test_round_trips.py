"""How many times filing a dossier goes to the database: the submission target's budget.

`make bench` measures dossiers per second, but its figures move by a tenth from one run to the
next on the same machine, so a query added to the hot path would not show there. This counts
instead: every call that reaches the database driver while a citizen uploads one paper and files
one dossier with it. On PostgreSQL each call is one round trip over the socket (asyncpg's public
query methods); on SQLite it is one hop to the connection's own thread (aiosqlite's `_execute`,
which every one of its methods goes through, as core/sqlite_engine.py does).

The budget is exact on purpose: a new query should be a decision, taken here with its reason,
and a removed one should lower the number so that it stays down.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import AsyncIterator
from typing import Any

import aiosqlite
import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.core.dossiers.conftest import BIRTH, BIRTH_CERTIFICATE, MONDAY_9, birth_fields, jpeg

Client = AsyncTestClient[Litestar]
ASYNCPG_QUERIES = ("execute", "executemany", "fetch", "fetchrow", "fetchval")

# The same on both databases. Upload: the bearer token, the upload's row.
UPLOAD_TRIPS = 2
# Filing: the bearer token, the papers, the receiving unit, then the dossier written whole
# (core.dossiers.filing_write: one statement on PostgreSQL; on SQLite one hop that runs its
# statements and commits in the connection's thread).
FILING_TRIPS = 4
# A replay also reads the dossier its key made (the write found it and wrote nothing).
REPLAY_TRIPS = 5


@dataclasses.dataclass
class Trips:
    """What reached the driver, in order: the first words of each statement (or the call)."""

    seen: list[str] = dataclasses.field(default_factory=list)

    def take(self) -> list[str]:
        taken, self.seen = self.seen, []
        return taken


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> Trips:
    counted = Trips()

    def counting(method: Any) -> Any:
        async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            said = next((a for a in args if isinstance(a, str)), None)
            called = getattr(args[0], "__name__", method.__name__) if args else method.__name__
            counted.seen.append(said[:60] if said is not None else called)
            return await method(self, *args, **kwargs)

        return wrapper

    for name in ASYNCPG_QUERIES:
        monkeypatch.setattr(asyncpg.Connection, name, counting(getattr(asyncpg.Connection, name)))
    hop = aiosqlite.Connection._execute
    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting(hop))
    return counted


@pytest.fixture
async def api(settings: Settings, catalog: CatalogService) -> AsyncIterator[Client]:
    await load_demo_units(SYSTEM_CONTEXT)
    app = create_app(settings, clock=FixedClock(MONDAY_9))
    for cached in (app.state.catalog, app.state.calendar):
        # They re-read their tables every 2 s; on a slow run that read must not land in a count.
        cached._refresh_seconds = math.inf
    async with AsyncTestClient(app=app) as client:
        yield client


async def test_one_dossier_costs_six_trips_to_the_database(api: Client, trips: Trips) -> None:
    """Upload 2 + filing 4 (and a replay 5), on either database; the statements are listed
    in the failure message."""
    auth = await sign_in(api)
    files = {"file": ("giay-chung-sinh.jpg", jpeg(), "image/jpeg")}
    trips.take()

    uploaded = await api.post("/api/v1/uploads", files=files, headers=auth)
    assert uploaded.status_code == 201, uploaded.text
    upload = trips.take()
    assert len(upload) == UPLOAD_TRIPS, upload

    document = {"requirement": BIRTH_CERTIFICATE, "upload_id": uploaded.json()["id"]}
    payload = {"procedure_code": BIRTH, "fields": birth_fields(), "documents": [document]}
    headers = {**auth, "Idempotency-Key": "round-trips-0001"}
    first = await api.post("/api/v1/dossiers", json=payload, headers=headers)
    assert first.status_code == 201, first.text  # it warmed the per-process caches
    trips.take()

    headers["Idempotency-Key"] = "round-trips-0002"
    filed = await api.post("/api/v1/dossiers", json=payload, headers=headers)
    assert filed.status_code == 201 and filed.headers["idempotent-replayed"] == "false"
    filing = trips.take()
    assert len(filing) == FILING_TRIPS, filing

    again = await api.post("/api/v1/dossiers", json=payload, headers=headers)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    replay = trips.take()
    assert len(replay) == REPLAY_TRIPS, replay
