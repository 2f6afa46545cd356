"""A dossier's deadline clock, read from its rows: receipt, allowance, pauses, extension, finish.

The legal clock starts when the dossier is received by the system (submitted online, or accepted
at the counter), runs in working time on the receiving unit's calendar, stops while the citizen
has to act (`DossierPause`), may be extended once (form 04), and stops when the result is ready.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

from core.calendar.dossier_clock import (
    ClockReading,
    DossierClock,
    Extension,
    Pause,
    PauseKind,
    same_day_hours,
)
from core.calendar.working import WorkingCalendar
from core.catalog.model import Procedure
from core.dossiers.tables import Dossier, DossierPause


class Calendars(Protocol):
    async def calendar(self, unit_code: str | None = None) -> WorkingCalendar: ...


@dataclasses.dataclass(frozen=True, slots=True)
class ClockFacts:
    """What a dossier row says about its clock."""

    submitted_at: dt.datetime
    extended_at: dt.datetime | None = None
    extended_due_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


def cutoff_of(procedure: Procedure) -> dt.time | None:
    return dt.time.fromisoformat(procedure.cutoff) if procedure.cutoff else None


def allowance_hours(
    calendar: WorkingCalendar, procedure: Procedure, received: dt.datetime
) -> float | None:
    """Working hours allowed: the rest of the working day for same-day procedures; None if the
    procedure publishes no number (such a dossier has no clock, never an invented one)."""
    if procedure.same_day:
        return same_day_hours(calendar, received, cutoff_of(procedure))
    if procedure.processing_hours is None:
        return None
    return float(procedure.processing_hours)


def build(
    calendar: WorkingCalendar,
    procedure: Procedure,
    facts: ClockFacts,
    pauses: Sequence[Pause],
) -> DossierClock | None:
    hours = allowance_hours(calendar, procedure, facts.submitted_at)
    if hours is None:
        return None
    extension = (
        Extension(facts.extended_at, facts.extended_due_at)
        if facts.extended_at is not None and facts.extended_due_at is not None
        else None
    )
    return DossierClock(
        calendar,
        facts.submitted_at,
        hours,
        cutoff=cutoff_of(procedure),
        pauses=tuple(pauses),
        extension=extension,
        finished=facts.finished_at,
    )


async def pauses_of(dossier_id: int) -> list[Pause]:
    rows = (
        await DossierPause.select(DossierPause.kind, DossierPause.started_at, DossierPause.ended_at)
        .where(DossierPause.dossier == dossier_id)
        .order_by(DossierPause.started_at)
    )
    return [_pause(row) for row in rows]


def _pause(row: dict[str, Any]) -> Pause:
    kind: PauseKind = "fee" if row["kind"] == "fee" else "supplement"
    return Pause(kind, row["started_at"], row["ended_at"])


async def read(
    calendars: Calendars,
    unit_code: str,
    procedure: Procedure,
    dossier_id: int,
    facts: ClockFacts,
    at: dt.datetime,
) -> ClockReading | None:
    """The clock as it reads at `at`, or None for a procedure without a numeric allowance."""
    calendar = await calendars.calendar(unit_code)
    clock = build(calendar, procedure, facts, await pauses_of(dossier_id))
    return clock.read(at) if clock else None


async def refresh_due(
    calendars: Calendars,
    unit_code: str,
    procedure: Procedure,
    dossier_id: int,
    facts: ClockFacts,
    at: dt.datetime,
) -> None:
    """Write the due instant the clock now gives (after a pause ended, an extension...).

    Call inside the action's transaction, after its pause rows are written. While a pause is
    open the due instant is unknown and the stored one stays as it was.
    """
    reading = await read(calendars, unit_code, procedure, dossier_id, facts, at)
    if reading is None:
        return
    due = reading.extended_due or reading.due
    if due is not None:
        await Dossier.update({Dossier.due_at: due}).where(Dossier.id == dossier_id)
