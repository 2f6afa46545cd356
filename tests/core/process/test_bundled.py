"""The bundled processes: one per bundled procedure, the published times, liên thông for land."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import msgspec
import pytest

from core.catalog.service import CatalogService
from core.process.model import Performer, ProcessBundle, StepKind, StepRole
from core.process.service import ProcessService, legal_hours
from core.process.tables import Process, ProcessStep
from tests.core.process.conftest import ADMIN, RESIDENCE, steps
from tools.build_processes import main as build_processes

ROOT = Path(__file__).resolve().parents[3]
FACTS = ROOT.parent / "shared" / "data" / "procedures-facts.json"
LAND_OFFICE = "Chi nhánh Văn phòng đăng ký đất đai"


async def test_every_bundled_procedure_has_a_process(loaded: ProcessService) -> None:
    """The list shows a version 1 process for every procedure of the catalog."""
    summaries = await loaded.summaries()
    assert len(summaries) >= 100
    assert [s.code for s in summaries if s.version != 1] == []


async def test_totals_are_the_published_times(
    loaded: ProcessService, catalog: CatalogService
) -> None:
    """Where the legal time is numeric the steps add up to it; elsewhere every step is open."""
    for procedure in (await catalog.index()).procedures:
        process = await loaded.current(procedure.code)
        legal = legal_hours(procedure)
        if legal is None:
            assert all(s.allowance_hours is None for s in process.steps), procedure.code
        else:
            assert process.total_hours == legal, procedure.code
    birth = await loaded.current("1.001193")
    assert birth.total_hours == 8 and "15:00" in birth.note


async def test_every_process_starts_at_the_counter_and_ends_there(
    loaded: ProcessService,
) -> None:
    """Receive first and return last, both at the receiving unit."""
    for summary in await loaded.summaries():
        process = await loaded.current(summary.code)
        first, last = process.steps[0], process.steps[-1]
        assert (first.kind, last.kind) == (StepKind.RECEIVE, StepKind.RETURN), summary.code
        assert first.performer == last.performer == Performer.RECEIVING_UNIT


async def test_land_procedures_go_to_the_registration_office_and_tax(
    loaded: ProcessService, catalog: CatalogService
) -> None:
    """Land registrations: registration office → tax department → registration office again."""
    land = [
        p
        for p in (await catalog.index()).procedures
        if p.field == "Đất đai" and "tranh chấp" not in p.name
    ]
    assert len(land) >= 10
    for procedure in land:
        process = await loaded.current(procedure.code)
        visits = [s.performer_ref for s in process.steps if s.kind == StepKind.INTER_AGENCY]
        assert visits[0] == visits[2] == LAND_OFFICE, procedure.code
        assert "thuế" in visits[1], procedure.code
        assert process.inter_agency


async def test_commune_procedures_stay_at_the_commune(loaded: ProcessService) -> None:
    """Birth registration: the commune's civil-status officer, then its chairman signs."""
    birth = await loaded.current("1.001193")
    approve = next(s for s in birth.steps if s.kind == StepKind.APPROVE)
    appraise = next(s for s in birth.steps if s.kind == StepKind.APPRAISE)
    assert (approve.performer, approve.role) == (Performer.RECEIVING_UNIT, StepRole.HEAD)
    assert "cấp xã" in approve.name and "hộ tịch" in appraise.name
    assert appraise.performer == Performer.FIELD_UNIT


async def test_loading_twice_adds_nothing(loaded: ProcessService) -> None:
    """`motcua init` may run again: no process, step or version is duplicated."""
    processes, steps_before = await Process.count(), await ProcessStep.count()
    report = await loaded.load_bundled()
    assert (report.created, report.unchanged) == (0, processes)
    assert (await Process.count(), await ProcessStep.count()) == (processes, steps_before)


async def test_loading_keeps_an_admins_edits(loaded: ProcessService) -> None:
    """A process an admin changed is not replaced by the bundled one on the next load."""
    await loaded.save(ADMIN, RESIDENCE, steps(2, 14, 6, 2))
    await loaded.load_bundled()
    assert (await loaded.current(RESIDENCE)).version == 2


async def test_procedures_outside_the_catalog_are_skipped(service: ProcessService) -> None:
    """A bundled process whose procedure is not in force is skipped, not an error."""
    data = resources.files("core.process.data").joinpath("processes.json").read_bytes()
    bundle = msgspec.json.decode(data, type=ProcessBundle)
    stray = msgspec.structs.replace(bundle.processes[0], code="1.999999")
    report = await service.load(msgspec.structs.replace(bundle, processes=[stray]))
    assert (report.created, report.skipped) == (0, 1)


async def test_bundled_versions_start_with_the_catalog(loaded: ProcessService) -> None:
    """Version 1 is in force from the procedures' own date (1 July 2025): older dossiers have it."""
    process = await loaded.process_for(RESIDENCE, dt.datetime(2025, 7, 1, 8, tzinfo=dt.UTC))
    assert process.version == 1


@pytest.mark.skipif(not FACTS.is_file(), reason="the shared facts file is not next to the repo")
def test_the_bundle_is_what_the_script_builds(tmp_path: Path) -> None:
    """tools/build_processes.py rebuilds core/process/data/processes.json byte for byte."""
    out = tmp_path / "processes.json"
    catalog = ROOT / "core" / "catalog" / "data" / "procedures.json"
    assert build_processes([str(FACTS), str(out), "--catalog", str(catalog)]) == 0
    shipped = resources.files("core.process.data").joinpath("processes.json").read_text("utf-8")
    assert json.loads(out.read_text("utf-8")) == json.loads(shipped)
    assert out.read_text("utf-8") == shipped


def test_the_bundle_decodes_with_a_note_on_each_open_process() -> None:
    """Each process whose total is left open says so in its note."""
    data = resources.files("core.process.data").joinpath("processes.json").read_bytes()
    bundle = msgspec.json.decode(data, type=ProcessBundle)
    open_ones = [p for p in bundle.processes if p.legal_hours is None]
    assert open_ones and all("chưa ghi thời gian" in p.note for p in open_ones)
