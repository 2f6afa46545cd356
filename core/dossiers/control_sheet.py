"""The control sheet (form 06): each hand-off of a dossier, who held it, how long, and the verdict.

A row opens when a unit takes the dossier for a step of its process and closes when that unit
hands it on. Closing measures the working time held, minus the citizen's pauses inside it, against
the step's allowance (`core.calendar.dossier_clock.step_time`). Call these inside the action's
write transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from core import rows
from core.calendar.dossier_clock import Pause, step_time
from core.calendar.working import WorkingCalendar
from core.dossiers.tables import DossierStep
from core.identity.tables import Unit


@dataclasses.dataclass(frozen=True, slots=True)
class StepRow:
    """One row of form 06, as pages and forms show it."""

    id: int
    position: int
    name: str
    kind: str
    unit_id: int
    unit_code: str
    unit_name: str
    role: str
    sent_by: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    ended_by: str
    outcome: str
    note: str
    allowance_hours: int | None
    used_minutes: int | None
    verdict: str

    @property
    def open(self) -> bool:
        return self.ended_at is None


@dataclasses.dataclass(frozen=True, slots=True)
class Opening:
    """What a new row needs: the step it performs and the unit taking it."""

    position: int
    name: str
    kind: str
    role: str
    allowance_hours: int | None
    unit_id: int


async def open_step(dossier_id: int, opening: Opening, *, at: dt.datetime, sent_by: str) -> None:
    await rows.insert(
        DossierStep,
        [
            {
                "dossier": dossier_id,
                "position": opening.position,
                "name": opening.name[:1000],
                "kind": opening.kind,
                "unit": opening.unit_id,
                "role": opening.role,
                "sent_by": sent_by[:200],
                "started_at": at,
                "allowance_hours": opening.allowance_hours,
            }
        ],
    )


async def close_step(
    row: StepRow,
    *,
    at: dt.datetime,
    by: str,
    outcome: str,
    note: str,
    calendar: WorkingCalendar,
    pauses: Sequence[Pause],
) -> None:
    """Close the open row, with the working minutes held and the verdict against its allowance."""
    used: int | None = None
    verdict = ""
    if row.allowance_hours is not None and at >= row.started_at:
        inside = _pauses_within(pauses, row.started_at, at)
        held = step_time(calendar, row.started_at, at, row.allowance_hours, pauses=inside)
        used, verdict = held.used_minutes, held.verdict
    elif at >= row.started_at:
        used = calendar.working_time_between(row.started_at, at) // dt.timedelta(minutes=1)
    await DossierStep.update(
        {
            DossierStep.ended_at: at,
            DossierStep.ended_by: by[:200],
            DossierStep.outcome: outcome,
            DossierStep.note: note,
            DossierStep.used_minutes: used,
            DossierStep.verdict: verdict,
        }
    ).where((DossierStep.id == row.id) & DossierStep.ended_at.is_null())


async def sheet(dossier_id: int) -> list[StepRow]:
    """Every row of the dossier's control sheet, in order."""
    found = (
        await DossierStep.select(
            *_COLUMNS,
            DossierStep.unit.code.as_alias("unit_code"),
            DossierStep.unit.name.as_alias("unit_name"),
        )
        .where(DossierStep.dossier == dossier_id)
        .order_by(DossierStep.id)
    )
    return [_row(r) for r in found]


async def open_row(dossier_id: int) -> StepRow | None:
    rows_ = [r for r in await sheet(dossier_id) if r.open]
    return rows_[-1] if rows_ else None


async def unit_named(unit_id: int) -> tuple[str, str]:
    found = await Unit.select(Unit.code, Unit.name).where(Unit.id == unit_id).first()
    return (found["code"], found["name"]) if found else ("", "")


_COLUMNS = (
    DossierStep.id,
    DossierStep.position,
    DossierStep.name,
    DossierStep.kind,
    DossierStep.unit,
    DossierStep.role,
    DossierStep.sent_by,
    DossierStep.started_at,
    DossierStep.ended_at,
    DossierStep.ended_by,
    DossierStep.outcome,
    DossierStep.note,
    DossierStep.allowance_hours,
    DossierStep.used_minutes,
    DossierStep.verdict,
)


def _row(r: dict[str, Any]) -> StepRow:
    return StepRow(
        id=r["id"],
        position=r["position"],
        name=r["name"],
        kind=r["kind"],
        unit_id=r["unit"],
        unit_code=r["unit_code"] or "",
        unit_name=r["unit_name"] or "",
        role=r["role"],
        sent_by=r["sent_by"],
        started_at=r["started_at"],
        ended_at=r["ended_at"],
        ended_by=r["ended_by"],
        outcome=r["outcome"],
        note=r["note"],
        allowance_hours=r["allowance_hours"],
        used_minutes=r["used_minutes"],
        verdict=r["verdict"],
    )


def _pauses_within(pauses: Sequence[Pause], start: dt.datetime, end: dt.datetime) -> list[Pause]:
    """The pauses overlapping [start, end], clipped to it (a step clock rejects outside ones)."""
    inside: list[Pause] = []
    for pause in pauses:
        stop = pause.end if pause.end is not None else end
        if stop <= start or pause.start >= end:
            continue
        inside.append(Pause(pause.kind, max(pause.start, start), min(stop, end)))
    return inside
