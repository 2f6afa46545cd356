"""GET /api/v1/procedures/{code}/process, and `motcua init` loading the bundled processes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.cli import main
from core.catalog.service import CatalogService
from core.clock import SystemClock
from core.identity.actor import SYSTEM_CONTEXT
from core.process.model import StepInput
from core.process.service import ProcessService

Client = AsyncTestClient[Litestar]
BIRTH = "1.001193"
LAND = "1.012783"  # Cấp đổi Giấy chứng nhận: registration office → tax → back


@pytest.fixture
async def processes(catalog: CatalogService) -> ProcessService:
    service = ProcessService(SystemClock(), catalog)
    await service.load_bundled()
    return service


async def test_the_process_of_a_procedure(client: Client, processes: ProcessService) -> None:
    """Khai sinh: four steps within one working day, performers and roles spelled out."""
    response = await client.get(f"/api/v1/procedures/{BIRTH}/process")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["version"], body["legal_hours"], body["total_hours"]) == (
        BIRTH,
        1,
        8,
        8,
    )
    assert [s["kind"] for s in body["steps"]] == ["receive", "appraise", "approve", "return"]
    assert body["steps"][2] | {"name": ""} == {
        "position": 3,
        "name": "",
        "kind": "approve",
        "performer": "receiving_unit",
        "performer_ref": "",
        "role": "head",
        "allowance_hours": 2,
    }


async def test_a_land_process_lists_the_other_agencies(
    client: Client, processes: ProcessService
) -> None:
    """The liên thông steps name the registration office and the tax department."""
    body = (await client.get(f"/api/v1/procedures/{LAND}/process")).json()
    agencies = [s["performer_ref"] for s in body["steps"] if s["kind"] == "inter_agency"]
    assert body["inter_agency"] and len(agencies) == 3 and "thuế" in agencies[1]


async def test_at_asks_for_the_version_in_force_then(
    client: Client, processes: ProcessService
) -> None:
    """After an edit, `at` before it answers version 1 and no `at` answers version 2."""
    before = dt.datetime.now(dt.UTC).isoformat()
    current = await processes.current(BIRTH)
    await processes.save(SYSTEM_CONTEXT, BIRTH, [StepInput.of(s) for s in current.steps])
    url = f"/api/v1/procedures/{BIRTH}/process"
    assert (await client.get(url)).json()["version"] == 2
    assert (await client.get(url, params={"at": before})).json()["version"] == 1


async def test_unknown_codes_and_bad_instants(client: Client, processes: ProcessService) -> None:
    """An unknown code is a JSON 404; an `at` without offset or not a date is a 422 naming it."""
    missing = await client.get("/api/v1/procedures/1.999999/process")
    assert missing.status_code == 404 and missing.json()["status"] == 404
    for at in ("2026-01-05T09:00:00", "hôm qua"):
        response = await client.get(f"/api/v1/procedures/{BIRTH}/process", params={"at": at})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "at"
    early = await client.get(
        f"/api/v1/procedures/{BIRTH}/process", params={"at": "2020-01-01T00:00:00+07:00"}
    )
    assert early.status_code == 404  # no process was in force in 2020


async def test_the_procedure_detail_is_unchanged(client: Client, processes: ProcessService) -> None:
    """The existing detail route keeps its shape (the process has its own route)."""
    detail = (await client.get(f"/api/v1/procedures/{BIRTH}")).json()
    assert "process" not in detail and detail["steps"]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, migrated: str) -> Path:
    monkeypatch.setenv("MOTCUA_ENV", "test")
    monkeypatch.setenv("MOTCUA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MOTCUA_DATABASE_URL", migrated)
    return tmp_path


def test_init_twice_loads_the_processes_once(
    env: Path, db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """`motcua init` loads one process per procedure; a second run adds nothing."""
    assert main(["init"]) == 0
    assert "processes: 120 new, 0 unchanged" in capsys.readouterr().out
    assert main(["init"]) == 0
    assert "processes: 0 new, 120 unchanged" in capsys.readouterr().out
