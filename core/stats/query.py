"""Reading the statistics: sums of the daily counters over a period, for a unit or the province.

Everything over a period is a sum of `stat_day` rows (one per unit and day), so a year costs a
few tens of thousands of short rows whatever the number of dossiers. The one point-in-time figure,
dossiers in progress on time / overdue / paused *now*, is counted from the open dossiers (those
without an outcome, found through the status index); they are a small share of all dossiers.

A unit's figures include its sub-units' (a department with its agencies); the province's are the
sum over every unit. Each dossier counts at the unit that received it, so nothing counts twice.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from core.errors import NotFound
from core.stats import scorecard
from core.stats.periods import Bucket, Period
from core.stats.tables import METRICS, StatDay

MINUTES_PER_DAY = 8 * 60  # a working day (DOMAIN.md: 8 working hours)
RUNNING = ("submitted", "received", "processing")
PAUSED = ("supplement_requested", "awaiting_payment")
# Literal, as in the partial index stats_open_dossier (migration 12_45_40), so it is used.
OPEN_STATUSES = ", ".join(f"'{s}'" for s in (*RUNNING, *PAUSED))
NO_UNIT = "Không có đơn vị mã “{}”"
_OPEN_SQL = (
    "SELECT u.code AS unit_code, d.status, COUNT(*) AS n, "
    "SUM(CASE WHEN d.due_at IS NOT NULL AND d.due_at < {} THEN 1 ELSE 0 END) AS overdue "
    "FROM dossier d JOIN org_unit u ON u.id = d.receiving_unit"
)
_SUMS = ", ".join(f"SUM({m}) AS {m}" for m in METRICS)


@dataclasses.dataclass(frozen=True, slots=True)
class OpenNow:
    in_time: int = 0
    overdue: int = 0
    paused: int = 0

    def __add__(self, other: OpenNow) -> OpenNow:
        return OpenNow(
            self.in_time + other.in_time, self.overdue + other.overdue, self.paused + other.paused
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Figures:
    """One scope's counters over a period, the open dossiers now, and the shares they give."""

    counts: Mapping[str, int]
    open: OpenNow = OpenNow()

    def __getitem__(self, name: str) -> int:
        return int(self.counts.get(name, 0))

    @property
    def received(self) -> int:
        return self["received"]

    @property
    def resolved(self) -> int:
        return self["resolved_early"] + self["resolved_on_time"] + self["resolved_late"]

    @property
    def on_time(self) -> int:
        """Early or on time: what the national portal counts as "đúng hạn"."""
        return self["resolved_early"] + self["resolved_on_time"]

    @property
    def online_share(self) -> float | None:
        return share(self["received_online"], self.received)

    @property
    def full_online_share(self) -> float | None:
        """Of the dossiers filed online, those under a "toàn trình" procedure."""
        return share(self["received_full_online"], self["received_online"])

    @property
    def partial_online_share(self) -> float | None:
        online = self["received_online"]
        return share(online - self["received_full_online"], online)

    @property
    def online_payment_share(self) -> float | None:
        return share(self["paid_online"], self["received_with_fee"])

    @property
    def components_digitised_share(self) -> float | None:
        return share(self["received_digitised"], self.received)

    @property
    def results_digitised_share(self) -> float | None:
        return share(self["returned_digitised"], self["returned"])

    @property
    def ratings(self) -> dict[str, int]:
        return {
            "rat_hai_long": self["rating_rat_hai_long"],
            "hai_long": self["rating_hai_long"],
            "khong_hai_long": self["rating_khong_hai_long"],
        }

    @property
    def satisfaction_share(self) -> float | None:
        r = self.ratings
        return share(r["rat_hai_long"] + r["hai_long"], sum(r.values()))

    @property
    def average_days(self) -> float | None:
        """Average working days used by the dossiers resolved in the period."""
        if not self.resolved:
            return None
        return round(self["resolved_minutes"] / self.resolved / MINUTES_PER_DAY, 2)

    def scorecard(self) -> scorecard.Scorecard:
        return scorecard.score(self.counts)


@dataclasses.dataclass(frozen=True, slots=True)
class UnitInfo:
    code: str
    name: str
    kind: str
    parent: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class UnitRow:
    unit: UnitInfo
    figures: Figures
    scorecard: scorecard.Scorecard


@dataclasses.dataclass(frozen=True, slots=True)
class Report:
    period: Period
    unit: UnitInfo | None  # None: the whole province
    figures: Figures
    scorecard: scorecard.Scorecard
    trend: tuple[tuple[Bucket, Figures], ...]
    units: tuple[UnitRow, ...]  # ranked by the 766 total, best first
    step_delays: tuple[tuple[UnitInfo, int, int], ...]  # (unit, late steps, closed steps)


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


async def report(
    period: Period, unit_code: str | None, now: dt.datetime, *, ranking: bool = True
) -> Report:
    """Every figure of the dashboard and of `GET /api/v1/stats` for one scope and period;
    without `ranking`, no per-unit rows (the API has no use for them)."""
    units = await all_units()
    unit = None
    if unit_code:
        unit = units.get(unit_code.strip())
        if unit is None:
            raise NotFound(NO_UNIT.format(unit_code.strip()[:40]))
    scope = sorted(below(units, unit.code)) if unit else None
    # Independent reads: on PostgreSQL each takes its own pooled connection, side by side.
    per_unit, opened, trend = await asyncio.gather(
        totals(period.start, period.end, scope), open_now(now, scope), trend_of(period, scope)
    )
    whole = Figures(_add(per_unit.values()), sum(opened.values(), OpenNow()))
    rows = [
        UnitRow(units[code], f, f.scorecard())
        for code, counts in (per_unit.items() if ranking else ())
        if code in units
        for f in [Figures(counts, opened.get(code, OpenNow()))]
    ]
    rows.sort(key=lambda r: (-r.scorecard.total, -r.figures.received, r.unit.name))
    delays = [
        (r.unit, r.figures["step_late"], _steps(r.figures)) for r in rows if r.figures["step_late"]
    ]
    delays.sort(key=lambda d: (-d[1], d[0].name))
    return Report(period, unit, whole, whole.scorecard(), tuple(trend), tuple(rows), tuple(delays))


def _steps(f: Figures) -> int:
    return f["step_early"] + f["step_on_time"] + f["step_late"]


async def all_units() -> dict[str, UnitInfo]:
    rows = await StatDay.raw(
        "SELECT u.code, u.name, u.kind, p.code AS parent FROM org_unit u "
        "LEFT JOIN org_unit p ON p.id = u.parent"
    )
    return {r["code"]: UnitInfo(r["code"], r["name"], r["kind"], r["parent"]) for r in rows}


def below(units: Mapping[str, UnitInfo], code: str) -> set[str]:
    """`code` and every unit under it."""
    children: dict[str | None, list[str]] = {}
    for unit in units.values():
        children.setdefault(unit.parent, []).append(unit.code)
    found, todo = set(), [code]
    while todo:
        here = todo.pop()
        if here not in found:
            found.add(here)
            todo.extend(children.get(here, ()))
    return found


async def totals(
    start: dt.date, end: dt.date, scope: Sequence[str] | None
) -> dict[str, Counter[str]]:
    """Each unit's counters summed over `start`..`end` (both included): whole months from
    `stat_month`, the days before and after them from `stat_day`."""
    out: dict[str, Counter[str]] = {}
    for table, first, last in _pieces(start, end):
        for row in await _sums(table, "unit_code", first, last, scope):
            out.setdefault(row["unit_code"], Counter()).update(_counts(row))
    return out


async def trend_of(period: Period, scope: Sequence[str] | None) -> list[tuple[Bucket, Figures]]:
    """The period's counters per bucket: per day from `stat_day`, per month from `stat_month`
    (a month cut by the period's ends is summed from its days)."""
    if period.grain == "day":
        rows = await _sums("stat_day", "day", period.start, period.end, scope)
        by_day = {_date(r["day"]): _counts(r) for r in rows}
        return [(b, Figures(by_day.get(b.start, Counter()))) for b in period.buckets()]
    buckets = period.buckets()
    whole = [b for b in buckets if _whole_month(b.start, b.end)]
    by_month: dict[dt.date, Counter[str]] = {}
    if whole:
        rows = await _sums("stat_month", "month", whole[0].start, whole[-1].start, scope)
        by_month = {_date(r["month"]): _counts(r) for r in rows}
    out = []
    for b in buckets:
        if _whole_month(b.start, b.end):
            counts = by_month.get(b.start, Counter())
        else:
            counts = _add(_counts(r) for r in await _sums("stat_day", "", b.start, b.end, scope))
        out.append((b, Figures(counts)))
    return out


def _pieces(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """`start`..`end` as (table, first, last): whole months in stat_month, the rest in days."""
    first = start if start.day == 1 else _next_month(start)
    ends_a_month = _next_month(end) - dt.timedelta(days=1) == end
    last = end.replace(day=1) if ends_a_month else _month_before(end.replace(day=1))
    if first > last:
        return [("stat_day", start, end)]
    pieces = [("stat_month", first, last)]
    if start < first:
        pieces.append(("stat_day", start, first - dt.timedelta(days=1)))
    after = _next_month(last)
    if after <= end:
        pieces.append(("stat_day", after, end))
    return pieces


async def _sums(
    table: str, by: str, first: dt.date, last: dt.date, scope: Sequence[str] | None
) -> list[dict[str, Any]]:
    """SUM of every counter over a range of `table` (days or month starts), grouped by `by`."""
    key = "day" if table == "stat_day" else "month"
    head = f"{by}, " if by else ""
    sql = f"SELECT {head}{_SUMS} FROM {table} WHERE {key} >= {{}} AND {key} <= {{}}"  # noqa: S608
    sql, args = _scoped(sql, [first, last], scope)
    rows: list[dict[str, Any]] = await StatDay.raw(sql + (f" GROUP BY {by}" if by else ""), *args)
    return rows


def _whole_month(first: dt.date, last: dt.date) -> bool:
    return first.day == 1 and _next_month(first) - dt.timedelta(days=1) == last


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_before(first: dt.date) -> dt.date:
    return dt.date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


async def open_now(now: dt.datetime, scope: Sequence[str] | None) -> dict[str, OpenNow]:
    """Dossiers without an outcome per receiving unit: running in time, overdue, or paused.

    Overdue: running and past its stored due instant (which already carries pauses and any
    extension's new date). Paused: waiting for the citizen, clock stopped.
    """
    sql = _OPEN_SQL + f" WHERE d.status IN ({OPEN_STATUSES})"
    args: list[Any] = [now]
    if scope is not None:
        sql += f" AND u.code IN ({', '.join('{}' for _ in scope)})"
        args.extend(scope)
    rows = await StatDay.raw(sql + " GROUP BY u.code, d.status", *args)
    out: dict[str, OpenNow] = {}
    for r in rows:
        n, overdue = int(r["n"]), int(r["overdue"] or 0)
        if r["status"] in PAUSED:
            part = OpenNow(paused=n)
        else:
            part = OpenNow(in_time=n - overdue, overdue=overdue)
        out[r["unit_code"]] = out.get(r["unit_code"], OpenNow()) + part
    return out


def _scoped(sql: str, args: list[Any], scope: Sequence[str] | None) -> tuple[str, list[Any]]:
    if scope is None:
        return sql, args
    return sql + f" AND unit_code IN ({', '.join('{}' for _ in scope)})", [*args, *scope]


def _counts(row: Mapping[str, Any]) -> Counter[str]:
    return Counter({m: int(row[m] or 0) for m in METRICS if row.get(m)})


def _add(many: Iterable[Mapping[str, int]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for counts in many:
        total.update(counts)
    return total


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
