"""Process rows in and out: versions with their steps, queried, inserted and read in chunks.

Only the service calls these; they check nothing (core.process.rules does) and open no
transaction (the caller's write transaction covers the writes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from core.identity.tables import Unit
from core.process.model import Performer, ProcessVersion, Step, StepKind, StepRole
from core.process.tables import Process, ProcessStep

_T = TypeVar("_T")
CHUNK = 200
NewVersion = tuple[str, dt.datetime, str, list[Step]]  # code, effective from, note, steps


async def in_force(code: str, at: dt.datetime) -> ProcessVersion | None:
    """The active version with the latest start not after `at` (the higher version on a tie)."""
    row = (
        await Process.select()
        .where(
            (Process.procedure_code == code)
            & (Process.active == True)  # noqa: E712 (a column comparison, not a bool test)
            & (Process.effective_from <= at)
        )
        .order_by(Process.effective_from, ascending=False)
        .order_by(Process.version, ascending=False)
        .first()
    )
    return (await with_steps([row]))[0] if row else None


async def all_in_force(at: dt.datetime) -> list[ProcessVersion]:
    """For every procedure, the version in force at `at`."""
    rows = (
        await Process.select()
        .where((Process.active == True) & (Process.effective_from <= at))  # noqa: E712
        .order_by(Process.effective_from)
        .order_by(Process.version)
    )
    latest = {row["procedure_code"]: row for row in rows}  # the last one per code wins
    return await with_steps(list(latest.values()))


async def versions(code: str) -> list[ProcessVersion]:
    """Every version of one procedure's process, newest first."""
    rows = (
        await Process.select()
        .where(Process.procedure_code == code)
        .order_by(Process.version, ascending=False)
    )
    return await with_steps(rows)


async def latest_version(code: str) -> int:
    """The highest version number written for `code` (0 for none)."""
    row = (
        await Process.select(Process.version)
        .where(Process.procedure_code == code)
        .order_by(Process.version, ascending=False)
        .first()
    )
    return int(row["version"]) if row else 0


async def codes() -> set[str]:
    """The procedure codes that have a process."""
    return {r["procedure_code"] for r in await Process.select(Process.procedure_code)}


async def cancel_after(code: str, start: dt.datetime) -> None:
    """Cancel the versions of `code` scheduled to start after `start` (none has taken effect)."""
    await Process.update({Process.active: False}).where(
        (Process.procedure_code == code)
        & (Process.active == True)  # noqa: E712
        & (Process.effective_from > start)
    )


async def insert(
    processes: list[NewVersion],
    now: dt.datetime,
    by: str,
    *,
    version: int = 1,
) -> None:
    """Insert version rows and their steps, in chunks."""
    for chunk in _chunks(processes):
        inserted = await Process.insert(
            *(
                Process(
                    procedure_code=code,
                    version=version,
                    effective_from=start,
                    active=True,
                    note=note,
                    created_at=now,
                    created_by=by[:200],
                )
                for code, start, note, _ in chunk
            )
        ).returning(Process.id, Process.procedure_code)
        ids = {r["procedure_code"]: r["id"] for r in inserted}
        rows = [
            ProcessStep(
                process=ids[code],
                position=s.position,
                name=s.name,
                kind=s.kind.value,
                performer=s.performer.value,
                performer_ref=s.performer_ref,
                role=s.role.value,
                allowance_hours=s.allowance_hours,
            )
            for code, _, _, steps in chunk
            for s in steps
        ]
        for step_chunk in _chunks(rows):
            await ProcessStep.insert(*step_chunk)


async def active_unit_codes() -> set[str]:
    rows = await Unit.select(Unit.code).where(Unit.active == True)  # noqa: E712
    return {r["code"] for r in rows}


async def with_steps(rows: Sequence[dict[str, Any]]) -> list[ProcessVersion]:
    """Version rows made whole with their steps, in the order given."""
    by_process: dict[int, list[Step]] = {int(r["id"]): [] for r in rows}
    for ids in _chunks(list(by_process)):
        for s in await ProcessStep.select().where(ProcessStep.process.is_in(ids)):
            by_process[int(s["process"])].append(_step(s))
    return [
        ProcessVersion(
            code=r["procedure_code"],
            version=int(r["version"]),
            effective_from=r["effective_from"],
            active=bool(r["active"]),
            steps=tuple(sorted(by_process[int(r["id"])], key=lambda s: s.position)),
            note=r["note"],
            created_at=r["created_at"],
            created_by=r["created_by"],
        )
        for r in rows
    ]


def _step(row: dict[str, Any]) -> Step:
    return Step(
        position=int(row["position"]),
        name=row["name"],
        kind=StepKind(row["kind"]),
        performer=Performer(row["performer"]),
        performer_ref=row["performer_ref"],
        role=StepRole(row["role"]),
        allowance_hours=row["allowance_hours"],
    )


def _chunks(items: Iterable[_T]) -> list[list[_T]]:
    listed = list(items)
    return [listed[i : i + CHUNK] for i in range(0, len(listed), CHUNK)]
