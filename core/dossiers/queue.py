"""The unit's queue (hàng đợi hồ sơ): what an officer or head of a unit has to work on now.

The queue holds the dossiers whose holding unit is the actor's, with no outcome yet, plus those
done and waiting to be handed back (status "done"). Each item carries its clock, read at one
instant for all of them: the rows, their pauses, their open control-sheet rows, their latest
events and their frozen procedures are read in one query each, the clocks computed here.

Filters (tabs, with counts on top of the page): all, new (submitted, not yet received),
due_today (still in time, due today), due_soon (running, at most one working day left), overdue
(past the due date or the extended one), paused (waiting for the citizen: supplement or fee),
mine (the latest event on the dossier is the actor's own action). Items are sorted by working
time left, least first; dossiers without a numeric allowance come last.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, TypeVar

import msgspec

from core.calendar.dossier_clock import Pause, PauseKind
from core.catalog.model import Procedure
from core.clock import VIETNAM, Clock
from core.dossiers import clock as dossier_clock
from core.dossiers.status import Status
from core.dossiers.tables import Dossier, DossierPause, DossierStep, FrozenProcedure
from core.dossiers.time_left import TimeLeft, time_left
from core.errors import FieldError, InvalidInput, PermissionDenied
from core.identity import access
from core.identity.actor import Actor, Context

SOON = dt.timedelta(hours=8)  # "due soon": at most one working day (8 working hours) left
IN_QUEUE = (*(s.value for s in Status if not s.decided), Status.DONE.value)
_E = TypeVar("_E", bound=enum.StrEnum)
NOT_AN_OFFICER = "Chỉ cán bộ hoặc lãnh đạo của một đơn vị có hàng đợi hồ sơ"
_LATEST_EVENTS = (
    "SELECT e.dossier, e.actor_kind, e.actor_id FROM dossier_event e WHERE e.id IN ("
    "SELECT MAX(x.id) FROM dossier_event x JOIN dossier d ON d.id = x.dossier "
    "WHERE d.holding_unit = {} GROUP BY x.dossier)"
)


class QueueFilter(enum.StrEnum):
    ALL = "all"
    NEW = "new"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"
    MINE = "mine"


DUE_FILTERS = {
    "today": QueueFilter.DUE_TODAY,
    "soon": QueueFilter.DUE_SOON,
    "overdue": QueueFilter.OVERDUE,
}


@dataclasses.dataclass(frozen=True, slots=True)
class QueueItem:
    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    status: Status
    step: int
    step_name: str  # the open control-sheet row's step; "" before receipt
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    clock: TimeLeft | None  # None: the procedure states no numeric allowance
    filters: frozenset[QueueFilter]

    @property
    def due(self) -> dt.datetime | None:
        return self.clock.due if self.clock else None

    @property
    def left(self) -> dt.timedelta | None:
        return self.clock.left if self.clock else None

    @property
    def verdict(self) -> str | None:
        return self.clock.verdict if self.clock else None

    @property
    def mine(self) -> bool:
        return QueueFilter.MINE in self.filters


@dataclasses.dataclass(frozen=True, slots=True)
class Queue:
    unit_code: str
    chosen: QueueFilter
    items: tuple[QueueItem, ...]  # the chosen filter's, sorted by time left
    counts: dict[QueueFilter, int]  # every filter's count over the whole queue


@dataclasses.dataclass(frozen=True, slots=True)
class QueueQuery:
    """What the caller asks for: a tab, and optionally a status and a due filter."""

    filter: str = QueueFilter.ALL.value
    status: str = ""
    due: str = ""


class DossierQueue:
    """Reads the queue of the actor's unit (officers and heads only)."""

    def __init__(self, clock: Clock, calendars: dossier_clock.Calendars) -> None:
        self._clock = clock
        self._calendars = calendars

    async def for_actor(self, ctx: Context, query: QueueQuery | None = None) -> Queue:
        unit_id = _unit_of(ctx.actor)
        chosen, status, due = _checked(query or QueueQuery())
        now = self._clock.now()
        items = await self._items(ctx.actor, unit_id, now)
        counts = {f: sum(1 for i in items if f in i.filters) for f in QueueFilter}
        shown = [
            i
            for i in items
            if chosen in i.filters
            and (status is None or i.status is status)
            and (due is None or due in i.filters)
        ]
        return Queue(ctx.actor.unit_code, chosen, tuple(sorted(shown, key=_by_time_left)), counts)

    async def _items(self, actor: Actor, unit_id: int, now: dt.datetime) -> list[QueueItem]:
        rows = await _rows(unit_id)
        if not rows:
            return []
        pauses = await _pauses(unit_id)
        steps = await _open_steps(unit_id)
        mine = await _mine(unit_id, actor)
        procedures = await _procedures(r["procedure"] for r in rows)
        today = now.astimezone(VIETNAM).date()
        items: list[QueueItem] = []
        for row in rows:
            calendar = await self._calendars.calendar(row["receiving_code"])
            clock = dossier_clock.build(
                calendar, procedures[row["procedure"]], _facts(row), pauses.get(row["id"], [])
            )
            left = time_left(calendar, clock.read(now)) if clock else None
            status = Status(row["status"])
            items.append(
                QueueItem(
                    code=row["code"],
                    procedure_code=row["procedure_code"],
                    procedure_name=row["procedure_name"],
                    applicant_name=row["applicant_name"],
                    status=status,
                    step=row["step"],
                    step_name=steps.get(row["id"], ""),
                    submitted_at=row["submitted_at"],
                    received_at=row["received_at"],
                    clock=left,
                    filters=_filters(status, left, row["id"] in mine, today),
                )
            )
        return items


def _unit_of(actor: Actor) -> int:
    if actor.unit_id is None or not access.can_act_on_dossier(actor, actor.unit_id):
        raise PermissionDenied(NOT_AN_OFFICER)
    return actor.unit_id


def _checked(query: QueueQuery) -> tuple[QueueFilter, Status | None, QueueFilter | None]:
    """The query's values, or InvalidInput naming each one that is not known."""
    problems: list[tuple[str, str]] = []
    chosen = _member(QueueFilter, query.filter or QueueFilter.ALL.value)
    if chosen is None:
        problems.append(("filter", ", ".join(f.value for f in QueueFilter)))
    status = _member(Status, query.status) if query.status else None
    if query.status and status is None:
        problems.append(("status", ", ".join(IN_QUEUE)))
    due = DUE_FILTERS.get(query.due) if query.due else None
    if query.due and due is None:
        problems.append(("due", ", ".join(DUE_FILTERS)))
    if problems:
        errors = [FieldError(f, f"Chọn một trong: {allowed}") for f, allowed in problems]
        raise InvalidInput("Bộ lọc hàng đợi không hợp lệ", errors)
    return chosen or QueueFilter.ALL, status, due


def _member(kind: type[_E], value: str) -> _E | None:
    try:
        return kind(value.strip())
    except ValueError:
        return None


def _filters(
    status: Status, clock: TimeLeft | None, mine: bool, today: dt.date
) -> frozenset[QueueFilter]:
    found = {QueueFilter.ALL}
    if status is Status.SUBMITTED:
        found.add(QueueFilter.NEW)
    if status.waiting_for_citizen:
        found.add(QueueFilter.PAUSED)
    if mine:
        found.add(QueueFilter.MINE)
    if clock is not None and clock.overdue:
        found.add(QueueFilter.OVERDUE)
    elif clock is not None and clock.state == "running":
        if clock.left <= SOON:
            found.add(QueueFilter.DUE_SOON)
        if clock.due is not None and clock.due.astimezone(VIETNAM).date() == today:
            found.add(QueueFilter.DUE_TODAY)
    return frozenset(found)


def _by_time_left(item: QueueItem) -> tuple[int, dt.timedelta, dt.datetime]:
    if item.clock is None:
        return (1, dt.timedelta(0), item.submitted_at)
    return (0, item.clock.left, item.submitted_at)


def _facts(row: dict[str, Any]) -> dossier_clock.ClockFacts:
    return dossier_clock.ClockFacts(
        row["submitted_at"], row["extended_at"], row["extended_due_at"], row["finished_at"]
    )


async def _rows(unit_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await Dossier.select(
        Dossier.id,
        Dossier.code,
        Dossier.status,
        Dossier.procedure,
        Dossier.procedure_code,
        Dossier.procedure.name.as_alias("procedure_name"),
        Dossier.applicant_name,
        Dossier.receiving_unit.code.as_alias("receiving_code"),
        Dossier.step,
        Dossier.submitted_at,
        Dossier.received_at,
        Dossier.extended_at,
        Dossier.extended_due_at,
        Dossier.finished_at,
    ).where((Dossier.holding_unit == unit_id) & Dossier.status.is_in(list(IN_QUEUE)))
    return rows


async def _pauses(unit_id: int) -> dict[int, list[Pause]]:
    rows = (
        await DossierPause.select(
            DossierPause.dossier,
            DossierPause.kind,
            DossierPause.started_at,
            DossierPause.ended_at,
        )
        .where(DossierPause.dossier.holding_unit == unit_id)
        .order_by(DossierPause.started_at)
    )
    found: dict[int, list[Pause]] = {}
    for row in rows:
        kind: PauseKind = "fee" if row["kind"] == "fee" else "supplement"
        found.setdefault(row["dossier"], []).append(Pause(kind, row["started_at"], row["ended_at"]))
    return found


async def _open_steps(unit_id: int) -> dict[int, str]:
    rows = (
        await DossierStep.select(DossierStep.dossier, DossierStep.name)
        .where((DossierStep.dossier.holding_unit == unit_id) & DossierStep.ended_at.is_null())
        .order_by(DossierStep.id)
    )
    return {row["dossier"]: row["name"] for row in rows}  # the newest open row wins


async def _mine(unit_id: int, actor: Actor) -> set[int]:
    rows = await Dossier.raw(_LATEST_EVENTS, unit_id)
    return {
        int(r["dossier"])
        for r in rows
        if r["actor_kind"] == "staff" and r["actor_id"] is not None and r["actor_id"] == actor.id
    }


async def _procedures(ids: Iterable[int]) -> dict[int, Procedure]:
    """The frozen procedures the rows were filed under, each decoded once."""
    wanted = sorted(set(ids))
    rows = await FrozenProcedure.select(FrozenProcedure.id, FrozenProcedure.body).where(
        FrozenProcedure.id.is_in(wanted)
    )
    found: dict[int, Procedure] = {}
    for row in rows:
        body = row["body"]
        raw = body if isinstance(body, str | bytes) else msgspec.json.encode(body)
        found[row["id"]] = msgspec.json.decode(raw, type=Procedure)
    return found
