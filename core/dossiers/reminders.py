"""Reminders to the back office (nhắc việc): the morning digest and the 80 % warning.

Each working morning the officers and the head of every unit holding open dossiers get one digest
of the dossiers due within the working day and those already overdue (`morning_digest`); when a
dossier has used 80 % of its allowance they get one warning about it (`crossing_80`). Both are
outbox messages to each active officer and head of the holding unit — the worker delivers them
in-app and by email — written in one write transaction together with a `ReminderSent` row per
person, so running again (cron firing twice, a retry after a crash) sends nothing twice: the
digest once per unit, day and person, the warning once per dossier.

Clocks read as on the dossier page (core.dossiers.clock): on the receiving unit's calendar, with
pauses, cut-off and extension; an extended dossier (form 04) is due at its new date. Dossiers
waiting for the citizen and procedures without a numeric allowance have nothing to remind of.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any, Literal

from core import database
from core.calendar.dossier_clock import Pause
from core.calendar.working import WorkingCalendar
from core.catalog.model import Procedure
from core.clock import VIETNAM, Clock
from core.dossiers import clock as dossier_clock
from core.dossiers import procedures, reminder_notices
from core.dossiers.reminder_notices import DueDossier
from core.dossiers.status import Status
from core.dossiers.tables import Dossier, DossierPause, ReminderSent
from core.dossiers.time_left import time_left
from core.identity.tables import StaffRole
from core.outbox import messages
from core.outbox.messages import Notice

log = logging.getLogger("motcua.reminders")

Kind = Literal["morning", "crossing_80"]
RUNNING = tuple(s.value for s in Status if not s.decided and not s.waiting_for_citizen)
RECIPIENT_ROLES = ("officer", "head")
CROSSING_SHARE = 0.8


@dataclasses.dataclass(frozen=True, slots=True)
class ReminderReport:
    """What one run sent: units whose staff were told, dossiers named, messages enqueued."""

    kind: Kind
    units: int = 0
    dossiers: int = 0
    messages: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class _Unit:
    code: str
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class _Send:
    """One notice for the staff of a unit, claimed under `key_prefix` + ":<staff id>"."""

    key_prefix: str
    unit_id: int
    notice: Notice
    dossiers: int
    day: dt.date | None = None
    dossier_id: int | None = None


class ReminderService:
    """The morning digest and the 80 % warning; cron (or the worker) calls them, see `motcua
    remind --help`."""

    def __init__(self, clock: Clock, calendars: dossier_clock.Calendars) -> None:
        self._clock = clock
        self._calendars = calendars

    async def morning_digest(self, now: dt.datetime | None = None) -> ReminderReport:
        """One digest per unit with dossiers overdue or due within the day, on its working days."""
        now = now or self._clock.now()
        day = now.astimezone(VIETNAM).date()
        found, units = await self._due_dossiers(now)
        by_unit: dict[int, list[DueDossier]] = collections.defaultdict(list)
        for d in found:
            if d.overdue or d.left <= d.day_length:
                by_unit[d.unit_id].append(d)
        sends: list[_Send] = []
        for unit_id, listed in sorted(by_unit.items()):
            unit = units[unit_id]
            calendar = await self._calendars.calendar(unit.code)
            if not calendar.is_working_day(now.astimezone(calendar.tz).date()):
                continue  # nobody reads a digest on a day off
            listed.sort(key=lambda d: (d.left, d.code))
            overdue = [d for d in listed if d.overdue]
            due_soon = [d for d in listed if not d.overdue]
            notice = reminder_notices.digest(unit.name, day, overdue, due_soon)
            prefix = f"morning:{unit_id}:{day.isoformat()}"
            sends.append(_Send(prefix, unit_id, notice, len(listed), day=day))
        return await _send("morning", sends, now)

    async def crossing_80(self, now: dt.datetime | None = None) -> ReminderReport:
        """One warning per dossier that has used 80 % of its allowance, the first time seen."""
        now = now or self._clock.now()
        found, _ = await self._due_dossiers(now)
        warned = await _already_warned()
        sends = [
            _Send(
                f"crossing_80:{d.id}", d.unit_id, reminder_notices.crossing(d), 1, dossier_id=d.id
            )
            for d in found
            if d.allowance and d.used_share >= CROSSING_SHARE and d.id not in warned
        ]
        return await _send("crossing_80", sends, now)

    async def _due_dossiers(self, now: dt.datetime) -> tuple[list[DueDossier], dict[int, _Unit]]:
        """Every dossier whose clock runs at `now`, read, and the units holding them."""
        rows = await (
            Dossier.select(
                Dossier.id,
                Dossier.code,
                Dossier.procedure,
                Dossier.procedure.name.as_alias("procedure_name"),
                Dossier.holding_unit,
                Dossier.holding_unit.code.as_alias("unit_code"),
                Dossier.holding_unit.name.as_alias("unit_name"),
                Dossier.receiving_unit.code.as_alias("receiving_code"),
                Dossier.submitted_at,
                Dossier.extended_at,
                Dossier.extended_due_at,
                Dossier.finished_at,
            )
            .where(Dossier.status.is_in(list(RUNNING)))
            .order_by(Dossier.id)
        )
        pauses = await _pauses_of_running()
        known: dict[int, Procedure] = {}
        found: list[DueDossier] = []
        units: dict[int, _Unit] = {}
        for row in rows:
            if row["procedure"] not in known:
                known[row["procedure"]] = await procedures.frozen(row["procedure"])
            calendar = await self._calendars.calendar(row["receiving_code"])
            due = _read(calendar, known[row["procedure"]], row, pauses.get(row["id"], []), now)
            if due is not None:
                found.append(due)
                units[row["holding_unit"]] = _Unit(row["unit_code"], row["unit_name"])
        return found, units


def _read(
    calendar: WorkingCalendar,
    procedure: Procedure,
    row: dict[str, Any],
    pauses: list[Pause],
    now: dt.datetime,
) -> DueDossier | None:
    """The dossier as its clock reads at `now`; None when it has no clock or it is not running."""
    facts = dossier_clock.ClockFacts(
        row["submitted_at"], row["extended_at"], row["extended_due_at"], row["finished_at"]
    )
    try:
        clock = dossier_clock.build(calendar, procedure, facts, pauses)
        reading = clock.read(now) if clock is not None else None
    except ValueError:  # rows the clock cannot make sense of: skip one, remind of the rest
        log.warning("dossier %s: its clock cannot be read; no reminder", row["code"], exc_info=True)
        return None
    if reading is None or reading.state != "running" or reading.due is None:
        return None
    officers = time_left(calendar, reading)  # against the extended date once extended
    assert officers.due is not None
    return DueDossier(
        id=row["id"],
        code=row["code"],
        procedure=row["procedure_name"],
        unit_id=row["holding_unit"],
        due=officers.due,
        left=officers.left,
        used=reading.used,
        allowance=reading.allowance,
        day_length=officers.day_length,
        overdue=officers.overdue,
        extended=officers.extended,
    )


async def _pauses_of_running() -> dict[int, list[Pause]]:
    rows = (
        await DossierPause.select(
            DossierPause.dossier, DossierPause.kind, DossierPause.started_at, DossierPause.ended_at
        )
        .where(DossierPause.dossier.status.is_in(list(RUNNING)))
        .order_by(DossierPause.started_at)
    )
    pauses: dict[int, list[Pause]] = collections.defaultdict(list)
    for row in rows:
        kind: Literal["supplement", "fee"] = "fee" if row["kind"] == "fee" else "supplement"
        pauses[row["dossier"]].append(Pause(kind, row["started_at"], row["ended_at"]))
    return pauses


async def _already_warned() -> set[int]:
    """Open dossiers whose 80 % warning went out already."""
    rows = await ReminderSent.select(ReminderSent.dossier).where(
        (ReminderSent.kind == "crossing_80") & ReminderSent.dossier.status.is_in(list(RUNNING))
    )
    return {int(r["dossier"]) for r in rows}


async def _recipients() -> dict[int, list[int]]:
    """Active officers and heads, by unit."""
    rows = await StaffRole.select(StaffRole.staff, StaffRole.staff.unit.as_alias("unit")).where(
        StaffRole.role.is_in(list(RECIPIENT_ROLES))
        & (StaffRole.staff.active == True)  # noqa: E712
        & StaffRole.staff.unit.is_not_null()
    )
    by_unit: dict[int, set[int]] = collections.defaultdict(set)
    for row in rows:
        by_unit[int(row["unit"])].add(int(row["staff"]))
    return {unit: sorted(staff) for unit, staff in by_unit.items()}


async def _send(kind: Kind, sends: Iterable[_Send], now: dt.datetime) -> ReminderReport:
    """Claim and enqueue every message in one write transaction; a claimed one is skipped."""
    recipients = await _recipients()
    units: set[int] = set()
    dossiers = enqueued = 0
    async with database.write_transaction(ReminderSent._meta.db):
        for send in sends:
            sent_here = 0
            for staff_id in recipients.get(send.unit_id, []):
                if await _claim(kind, send, staff_id, now):
                    await messages.enqueue(send.notice, now=now, staff_id=staff_id)
                    sent_here += 1
            if sent_here:
                units.add(send.unit_id)
                dossiers += send.dossiers
                enqueued += sent_here
    return ReminderReport(kind, units=len(units), dossiers=dossiers, messages=enqueued)


async def _claim(kind: Kind, send: _Send, staff_id: int, now: dt.datetime) -> bool:
    """Record the message as sent to `staff_id`; False if it had been already."""
    row = ReminderSent(
        key=f"{send.key_prefix}:{staff_id}",
        kind=kind,
        unit=send.unit_id,
        day=send.day,
        dossier=send.dossier_id,
        staff=staff_id,
        sent_at=now,
    )
    inserted = (
        await ReminderSent.insert(row)
        .on_conflict(target=ReminderSent.key, action="DO NOTHING")
        .returning(ReminderSent.id)
    )
    return bool(inserted)
