"""A synthetic province history for the statistics benchmark (`motcua stats synthesize`).

It writes what a year of a mid-sized province leaves behind: a unit tree (one province, 30
departments, 200 communes, codes 900.xx.xx.H99 so they never meet real ones), N dossiers spread
over the year with their timelines (filed, received, outcome, returned), and the daily counters
those dossiers give. The last ten days' dossiers are still open, so "in progress now" has work.

The counters are computed here from the same random draws as the rows, not by the recorder: the
dossier clock is not replayed for a million rows (no pauses or control-sheet rows are written), so
`motcua stats rebuild` over synthetic data would judge verdicts differently. It is a load
generator, not an oracle; tests/core/stats/test_exact.py is the oracle. Seeded: the same N and
seed give the same history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sqlite3
from collections import Counter
from collections.abc import Callable

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from core import database, rows
from core.catalog.service import CatalogService
from core.clock import VIETNAM, Clock
from core.dossiers.procedures import FrozenProcedures
from core.dossiers.tables import Dossier
from core.identity.tables import Citizen, Unit
from core.stats.recorder import bump, day_of
from core.stats.tables import METRICS

PROCEDURE = "1.001193"  # any bundled procedure: the rows need one to refer to
DEPARTMENTS, COMMUNES = 30, 200
OPEN_DAYS = 10
BATCH = 10_000


@dataclasses.dataclass(frozen=True, slots=True)
class Synthesized:
    dossiers: int
    events: int
    counter_rows: int
    units: int


async def synthesize(
    clock: Clock,
    catalog: CatalogService,
    count: int,
    *,
    year: int,
    seed: int = 766,
    progress: Callable[[int], None] | None = None,
) -> Synthesized:
    """Write `count` dossiers of `year` (and the units they need); returns what was written."""
    now = clock.now()
    units = await _units(now)
    procedure = await catalog.get(PROCEDURE)
    frozen = await FrozenProcedures().id_for(procedure, now)
    owner = (
        await Citizen.insert(
            Citizen(phone=None, full_name="Công dân mẫu", created_at=now)
        ).returning(Citizen.id)
    )[0]["id"]
    draw = random.Random(seed)  # noqa: S311 - a repeatable load, not a secret
    start = dt.datetime(year, 1, 1, 7, 30, tzinfo=VIETNAM)
    span = (dt.datetime(year + 1, 1, 1, tzinfo=VIETNAM) - start).total_seconds()
    counters: dict[tuple[str, dt.date], Counter[str]] = {}
    events = 0
    writer = await BulkWriter.open(Dossier._meta.db)
    try:
        next_id = await writer.max_id("dossier") + 1
        for first in range(0, count, BATCH):
            dossiers, lines = [], []
            for n in range(first, min(first + BATCH, count)):
                unit_id, unit_code = units[draw.randrange(len(units))]
                filed = start + dt.timedelta(seconds=draw.random() * span)
                row, timeline, counts = _dossier(draw, n, filed, year)
                row.update(
                    id=next_id,
                    procedure=frozen,
                    owner=owner,
                    receiving_unit=unit_id,
                    holding_unit=unit_id,
                )
                dossiers.append(row)
                lines += [{"dossier": next_id, **e} for e in timeline]
                next_id += 1
                for instant, names in counts:
                    counters.setdefault((unit_code, day_of(instant)), Counter()).update(names)
            await writer.write("dossier", dossiers)
            await writer.write("dossier_event", lines)
            events += len(lines)
            if progress:
                progress(first + len(dossiers))
        existing = await writer.keys()
        fresh = [(k, c) for k, c in counters.items() if k not in existing]
        await writer.write(
            "stat_day",
            [
                {"unit_code": u, "day": d, **{m: c.get(m, 0) for m in METRICS}}
                for (u, d), c in fresh
            ],
        )
        await writer.done("dossier")
    finally:
        await writer.close()
    for (unit, day), c in counters.items():  # a second run on the same days adds to them
        if (unit, day) in existing:
            await bump(unit, day, c)
    written = len(counters)
    return Synthesized(count, events, written, len(units))


def _dossier(
    draw: random.Random, n: int, filed: dt.datetime, year: int
) -> tuple[dict[str, object], list[dict[str, object]], list[tuple[dt.datetime, dict[str, int]]]]:
    """One dossier's row, timeline and counters (instant, names), from the draws."""
    r = draw.random()
    channel = "online" if r < 0.6 else "counter" if r < 0.95 else "post"
    fee = draw.random() < 0.4
    digitised_parts = draw.random() < (0.85 if channel == "online" else 0.4)
    filing: dict[str, int] = {"received": 1, f"received_{channel}": 1}
    if channel == "online" and draw.random() < 0.3:
        filing["received_full_online"] = 1
    if fee:
        filing["received_with_fee"] = 1
    if digitised_parts:
        filing["received_digitised"] = 1
    counts: list[tuple[dt.datetime, dict[str, int]]] = [(filed, filing)]
    received = filed + dt.timedelta(minutes=draw.randrange(5, 240))
    due = filed + dt.timedelta(days=draw.choice((1, 3, 5, 10, 15)))
    row: dict[str, object] = {
        "code": f"SYN-{year % 100:02d}-{n:08d}",
        "procedure_code": PROCEDURE,
        "channel": channel,
        "fields": "{}",
        "fee_vnd": 50_000 if fee else 0,
        "submitted_at": filed,
        "due_at": due,
        "received_at": received,
        "updated_at": received,
        "status": "processing",
        "step": 2,
        "finished_at": None,
        "returned_at": None,
        "returned_via": "",
        "digitised": False,
    }
    timeline = [_event(filed, "", "submitted"), _event(received, "submitted", "received")]
    still_open = filed > dt.datetime(year, 12, 31, tzinfo=VIETNAM) - dt.timedelta(days=OPEN_DAYS)
    fate = draw.random()
    if still_open:
        status = "supplement_requested" if fate < 0.1 else "processing"
        row.update(status=status, step=2)
        timeline.append(_event(received, "received", status))
        if status == "supplement_requested":
            counts.append((received, {"paused_supplement": 1}))
        return row, timeline, counts
    if draw.random() < 0.08:
        counts.append((received, {"paused_supplement": 1}))
    finished = received + dt.timedelta(hours=draw.randrange(2, 24 * 20))
    if fate < 0.06:
        status = "rejected" if fate < 0.03 else "withdrawn" if fate < 0.05 else "stopped"
        row.update(status=status, finished_at=finished, updated_at=finished)
        timeline.append(_event(finished, "received", status))
        counts.append((finished, {"refused" if status == "rejected" else status: 1}))
        return row, timeline, counts
    v = draw.random()
    verdict = "early" if v < 0.55 else "on_time" if v < 0.9 else "late"
    done: dict[str, int] = {f"resolved_{verdict}": 1, "resolved_minutes": draw.randrange(60, 4800)}
    if verdict == "late" and draw.random() < 0.5:
        done["resolved_extended"] = 1
        counts.append((finished, {"extended": 1}))
    steps = Counter(f"step_{draw.choice(('early', 'on_time', 'on_time', 'late'))}" for _ in "abc")
    done.update(steps)
    counts.append((finished, done))
    returned = finished + dt.timedelta(hours=draw.randrange(1, 48))
    digitised = draw.random() < 0.7
    back: dict[str, int] = {"returned": 1}
    if digitised:
        back["returned_digitised"] = 1
    if fee and draw.random() < 0.5:
        counts.append((received, {"paid_online": 1}))
    if draw.random() < 0.3:
        level = draw.choices(("rat_hai_long", "hai_long", "khong_hai_long"), (60, 35, 5))[0]
        back[f"rating_{level}"] = 1
    counts.append((returned, back))
    row.update(
        status="returned",
        step=4,
        finished_at=finished,
        returned_at=returned,
        returned_via=channel if channel != "counter" else "counter",
        digitised=digitised,
        updated_at=returned,
    )
    timeline += [_event(finished, "processing", "done"), _event(returned, "done", "returned")]
    return row, timeline, counts


def _event(at: dt.datetime, before: str, after: str) -> dict[str, object]:
    return {
        "at": at,
        "actor_kind": "system",
        "actor_label": "Dữ liệu mẫu",
        "from_status": before,
        "to_status": after,
        "note": "",
    }


async def _units(now: dt.datetime) -> list[tuple[int, str]]:
    """The synthetic tree (created once); the receiving units as (id, code)."""
    province = "900.00.00.H99"
    found = await Unit.select(Unit.id).where(Unit.code == province).first()
    if found is None:
        top = await rows.insert(
            Unit,
            [
                {
                    "code": province,
                    "name": "Tỉnh mẫu",
                    "kind": "province",
                    "active": True,
                    "created_at": now,
                }
            ],
            returning="id",
        )
        parent = top[0]["id"]
        children = [
            {
                "code": f"900.00.{n:02d}.H99",
                "name": f"Sở mẫu {n}",
                "kind": "department",
                "parent": parent,
                "active": True,
                "created_at": now,
            }
            for n in range(1, DEPARTMENTS + 1)
        ] + [
            {
                "code": f"900.{10 + n // 100}.{n % 100:02d}.H99",
                "name": f"Xã mẫu {n}",
                "kind": "commune",
                "parent": parent,
                "active": True,
                "created_at": now,
            }
            for n in range(COMMUNES)
        ]
        await rows.insert(Unit, children)
    found_rows = await Unit.select(Unit.id, Unit.code).where(Unit.code.like("900.%.H99"))
    return sorted((r["id"], r["code"]) for r in found_rows if r["code"] != province)


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


class BulkWriter:
    """Rows written through the driver's own batch path (executemany, COPY), in one transaction:
    Piccolo's query builder costs ~1 ms per hundred values, too slow for a million dossiers."""

    def __init__(self, sqlite: sqlite3.Connection | None, pg: asyncpg.Connection | None) -> None:
        self._sqlite, self._pg = sqlite, pg

    @classmethod
    async def open(cls, engine: Engine) -> BulkWriter:  # type: ignore[type-arg]
        if isinstance(engine, SQLiteEngine):
            path = engine.connection_kwargs["database"]
            connection = sqlite3.connect(path, timeout=database.SQLITE_BUSY_TIMEOUT_S)
            connection.execute("BEGIN IMMEDIATE")
            return cls(connection, None)
        assert isinstance(engine, PostgresEngine)
        pg = await asyncpg.connect(engine.config["dsn"])
        await pg.execute("BEGIN")
        return cls(None, pg)

    async def max_id(self, table: str) -> int:
        sql = f"SELECT COALESCE(MAX(id), 0) FROM {table}"  # noqa: S608 - our own table names
        if self._sqlite is not None:
            return int(self._sqlite.execute(sql).fetchone()[0])
        assert self._pg is not None
        return int(await self._pg.fetchval(sql))

    async def keys(self) -> set[tuple[str, dt.date]]:
        """The (unit, day) rows already counted."""
        sql = "SELECT unit_code, day FROM stat_day"
        if self._sqlite is not None:
            found = self._sqlite.execute(sql).fetchall()
        else:
            assert self._pg is not None
            found = await self._pg.fetch(sql)
        return {(r[0], _date(r[1])) for r in found}

    async def write(self, table: str, records: list[dict[str, object]]) -> None:
        if not records:
            return
        columns = list(records[0])
        values = [tuple(r[c] for c in columns) for r in records]
        if self._sqlite is not None:
            marks = ", ".join("?" for _ in columns)
            names = ", ".join(columns)
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
            self._sqlite.executemany(sql, values)
            return
        assert self._pg is not None
        await self._pg.copy_records_to_table(table, records=values, columns=columns)

    async def done(self, table: str) -> None:
        """Commit; on PostgreSQL move the id sequence past the ids given here."""
        if self._pg is not None:
            await self._pg.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )
            await self._pg.execute("COMMIT")
        elif self._sqlite is not None:
            self._sqlite.commit()

    async def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._pg is not None:
            await self._pg.close()
