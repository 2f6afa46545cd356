"""The hooks that keep the daily counters (core.stats.tables) in step with dossier events.

Each hook runs inside the transaction of the event it counts, so a counter moves if and only if
the event commits. The filing hook is on the hot path: one upsert statement, no read. The others
(officer actions, withdrawal, payment, rating) read at most what the verdict needs.

Days are Việt Nam calendar days of the event's instant. What each counter means is in
core.stats.tables; `core.stats.rebuild` recomputes the same numbers from the dossier tables.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from core.calendar.dossier_clock import ClockReading
from core.catalog.model import Procedure
from core.clock import VIETNAM
from core.dossiers import clock as dossier_clock
from core.dossiers.status import Status
from core.stats.tables import METRICS, StatDay

if TYPE_CHECKING:  # the workflow calls the recorder: its types only, never an import
    from core.dossiers.workflow import Current

RATING_LEVELS = ("rat_hai_long", "hai_long", "khong_hai_long")
FINISHED_VERDICTS = ("early", "on_time", "late")


def day_of(instant: dt.datetime) -> dt.date:
    """The Việt Nam calendar day an instant falls on."""
    return instant.astimezone(VIETNAM).date()


async def bump(unit_code: str, day: dt.date, counts: Mapping[str, int]) -> None:
    """Add `counts` to the unit's row of `day`, creating it; one statement."""
    if any(counts.values()):
        sql, args = bump_statement(unit_code, day, counts)
        await StatDay.raw(sql, *args)


def bump_statement(
    unit_code: str, day: dt.date, counts: Mapping[str, int]
) -> tuple[str, list[Any]]:
    """The upsert `bump` sends (`{}` for each value), for a caller that sends it with others.
    At least one count is not zero."""
    names = tuple(sorted(name for name, n in counts.items() if n))
    return _upsert_sql(names), [unit_code, day, *(counts[name] for name in names)]


@functools.cache
def _upsert_sql(names: tuple[str, ...]) -> str:
    columns = ", ".join(_checked(names))
    values = ", ".join("{}" for _ in names)
    # Column names come from METRICS (checked); every value is a parameter.
    sql = f"INSERT INTO stat_day (unit_code, day, {columns}) VALUES ({{}}, {{}}, {values}) "  # noqa: S608
    return sql + on_conflict_sql(names)


@functools.cache
def on_conflict_sql(names: tuple[str, ...]) -> str:
    """How an upsert into stat_day adds the counters `names` to an existing row."""
    adds = ", ".join(f"{name} = stat_day.{name} + excluded.{name}" for name in _checked(names))
    return f"ON CONFLICT (unit_code, day) DO UPDATE SET {adds}"


def _checked(names: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [name for name in names if name not in METRICS]
    if unknown:
        raise ValueError(f"no statistics counter {', '.join(unknown)}")
    return names


def filing_counts(
    channel: str, *, full_online: bool, with_fee: bool, digitised: bool
) -> dict[str, int]:
    """The counters one filed dossier adds on its filing day."""
    counts = {"received": 1, f"received_{channel}": 1}
    if channel == "online" and full_online:
        counts["received_full_online"] = 1
    if with_fee:
        counts["received_with_fee"] = 1
    if digitised:
        counts["received_digitised"] = 1
    return counts


def filed_counts(values: Mapping[str, Any], *, full_online: bool, documents: int) -> dict[str, int]:
    """What a dossier filed (status 1) adds to its unit's counters on the filing day, for the
    dossier row `values` (written with the filing: core.dossiers.filing_write)."""
    channel = values.get("channel") or "online"
    fee = values.get("fee_vnd")
    return filing_counts(
        channel if channel in ("online", "counter", "post") else "online",
        full_online=full_online,
        with_fee=bool(fee and fee > 0),
        digitised=documents > 0,
    )


async def acted(
    calendars: dossier_clock.Calendars,
    current: Current,
    target: Status,
    procedure: Procedure,
    facts: dossier_clock.ClockFacts,
    now: dt.datetime,
) -> None:
    """An officer's action was written (core.dossiers.workflow): count what it changed."""
    before, after = current.status, Status(target)
    counts: Counter[str] = Counter()
    if after is not before:
        if after is Status.REJECTED:
            counts["refused"] += 1
        elif after is Status.STOPPED:
            counts["stopped"] += 1
        elif after is Status.SUPPLEMENT_REQUESTED:
            counts["paused_supplement"] += 1
        elif after is Status.AWAITING_PAYMENT:
            counts["paused_fee"] += 1
        elif after is Status.DONE:
            reading = await dossier_clock.read(
                calendars, current.receiving_code, procedure, current.id, facts, now
            )
            counts.update(resolved_counts(reading, extended=facts.extended_at is not None))
        elif after is Status.RETURNED:
            counts["returned"] += 1
            if await _digitised(current.id):
                counts["returned_digitised"] += 1
    if current.extended_at is None and facts.extended_at is not None:
        counts["extended"] += 1
    await bump(current.receiving_code, day_of(now), counts)
    for unit_code, verdict in await _steps_closed(current.id, now):
        await bump(unit_code, day_of(now), {f"step_{verdict}": 1})


def resolved_counts(reading: ClockReading | None, *, extended: bool) -> dict[str, int]:
    """The counters a dossier whose result is ready adds; `reading` is its clock at that instant.

    A procedure without a numeric allowance has no deadline to miss: it counts as on time.
    """
    if reading is None:
        return {"resolved_on_time": 1}
    verdict = reading.verdict if reading.verdict in FINISHED_VERDICTS else "on_time"
    counts = {f"resolved_{verdict}": 1, "resolved_minutes": reading.used // dt.timedelta(minutes=1)}
    if verdict == "late" and extended:
        counts["resolved_extended"] = 1
    return counts


async def citizen_moved(dossier_id: int, target: Status, now: dt.datetime) -> None:
    """The citizen moved their dossier (core.dossiers.transitions); a withdrawal counts."""
    if target is not Status.WITHDRAWN:
        return
    unit_code = await _receiving_code(dossier_id)
    if unit_code:
        await bump(unit_code, day_of(now), {"withdrawn": 1})


async def paid_online(dossier_id: int, now: dt.datetime) -> None:
    """A gateway payment for the dossier settled (core.dossiers.payment_hooks)."""
    unit_code = await _receiving_code(dossier_id)
    if unit_code:
        await bump(unit_code, day_of(now), {"paid_online": 1})


async def rating_given(unit_code: str, day: dt.date, level: str) -> None:
    """A citizen rated a dossier of `unit_code` (core.feedback calls this in its transaction).

    `level` is one of `rat_hai_long`, `hai_long`, `khong_hai_long`.
    """
    if level not in RATING_LEVELS:
        raise ValueError(f"rating level must be one of {', '.join(RATING_LEVELS)} (got {level!r})")
    await bump(unit_code, day, {f"rating_{level}": 1})


async def _receiving_code(dossier_id: int) -> str | None:
    rows = await StatDay.raw(
        "SELECT u.code FROM dossier d JOIN org_unit u ON u.id = d.receiving_unit WHERE d.id = {}",
        dossier_id,
    )
    return rows[0]["code"] if rows else None


async def _digitised(dossier_id: int) -> bool:
    rows = await StatDay.raw("SELECT digitised FROM dossier WHERE id = {}", dossier_id)
    return bool(rows and rows[0]["digitised"])


async def _steps_closed(dossier_id: int, at: dt.datetime) -> list[tuple[str, str]]:
    """The control-sheet rows the action closed with a verdict: (holding unit, verdict)."""
    rows = await StatDay.raw(
        "SELECT u.code, s.verdict FROM dossier_step s JOIN org_unit u ON u.id = s.unit "
        "WHERE s.dossier = {} AND s.ended_at = {} AND s.verdict <> ''",
        dossier_id,
        at,
    )
    return [(r["code"], r["verdict"]) for r in rows if r["verdict"] in FINISHED_VERDICTS]
