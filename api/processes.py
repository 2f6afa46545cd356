"""GET /api/v1/procedures/{code}/process: the steps a dossier of a procedure goes through.

A separate route rather than a `process` key in the procedure detail: the detail is encoded once
per catalog revision, while a process has its own versions and may be asked for at an instant.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import get
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter

from core.errors import InvalidInput
from core.process.model import ProcessVersion
from core.process.service import ProcessService

ProcessesDep = NamedDependency[ProcessService]
Code = Annotated[
    str, PathParameter(max_length=40, description="national procedure code, e.g. 1.001193")
]
At = Annotated[
    str | None,
    QueryParameter(
        max_length=40,
        description="an instant with its offset, e.g. 2026-01-05T09:00:00+07:00 (default: now)",
    ),
]
AT_SHAPE = "an ISO 8601 instant with its offset, e.g. 2026-01-05T09:00:00+07:00"


class StepItem(msgspec.Struct, frozen=True):
    position: int
    name: str
    kind: str  # receive | appraise | approve | inter_agency | return
    performer: str  # receiving_unit | field_unit | unit | agency
    performer_ref: str  # the unit's e-identifier or the agency's name, else ""
    role: str  # officer | head
    allowance_hours: int | None  # working hours; null where the legal time is not numeric


class ProcessItem(msgspec.Struct, frozen=True):
    code: str
    version: int
    effective_from: str
    legal_hours: int | None
    total_hours: int | None
    inter_agency: bool
    note: str
    steps: list[StepItem]


def provide_processes(state: State) -> ProcessService:
    service: ProcessService = state.processes
    return service


@get(
    "/procedures/{code:str}/process",
    tags=["catalog"],
    summary="The process (steps, performers, allowances) a dossier of the procedure follows",
)
async def process(processes: ProcessesDep, code: Code, at: At = None) -> ProcessItem:
    """The version in force now, or at `at`; 404 for an unknown code, 422 for a bad `at`."""
    instant = _instant(at)
    legal = await processes.legal_hours(code)
    found = await (processes.process_for(code, instant) if instant else processes.current(code))
    return _item(found, legal)


def _instant(raw: str | None) -> dt.datetime | None:
    if not raw:
        return None
    try:
        instant = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise InvalidInput.one("at", AT_SHAPE)
    return instant


def _item(found: ProcessVersion, legal: int | None) -> ProcessItem:
    return ProcessItem(
        code=found.code,
        version=found.version,
        effective_from=found.effective_from.isoformat(),
        legal_hours=legal,
        total_hours=found.total_hours,
        inter_agency=found.inter_agency,
        note=found.note,
        steps=[
            StepItem(
                s.position,
                s.name,
                s.kind.value,
                s.performer.value,
                s.performer_ref,
                s.role.value,
                s.allowance_hours,
            )
            for s in found.steps
        ],
    )


ROUTES = [process]
