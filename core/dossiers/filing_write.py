"""A filed dossier's rows, written in one trip to the database.

Every filing draws its unit's next number of the day (`dossier_sequence`) and adds to the unit's
counters of the day (`stat_day`): two rows that every filing at that unit updates. A transaction
holds their row locks until it commits, so the unit's filings per second are bounded by the time
from those updates to the commit. Sent one statement per round trip, that time included the
server's event loop coming back to the transaction once per statement, which under load is the
longest part: filings queued behind the lock while the machine idled (about 16 of 20 PostgreSQL
connections waiting on it in the submission bench). Here the write is one trip:

- PostgreSQL: one statement whose data-modifying WITH clauses insert every row, each taking the
  new dossier's id and code from the clause that inserted it. On its own it commits by itself;
  inside the caller's transaction it is one statement of it.
- SQLite: the statements run back to back on the connection's thread, between BEGIN IMMEDIATE and
  COMMIT, or inside the caller's transaction.

Either way the number is drawn in the same transaction as the dossier, so a filing that fails
(a racing retry's duplicate key, say) gives its number back, and the rows commit all or none.
A filing whose idempotency scope already has a dossier writes nothing and answers None: the
caller then reads the earlier one, so a retry costs no statement more than a first filing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from core import rows
from core.dossiers import sequence
from core.dossiers.tables import Dossier, DossierDocument, DossierEvent
from core.identity.tables import AuditEntry
from core.sqlite_engine import ReusingSQLiteEngine
from core.stats import recorder
from core.stats.tables import StatDay


@dataclasses.dataclass(frozen=True, slots=True)
class FilingRows:
    """Everything one filing writes, but the dossier's code and id (the write gives them)."""

    unit_code: str
    dossier: Mapping[str, Any]  # the row but its code; `submitted_at` sets the code's day
    documents: Sequence[Mapping[str, Any]]  # rows but their `dossier`
    event: Mapping[str, Any]  # the first timeline event but its `dossier`
    audit: Mapping[str, Any]  # the audit row; the write sets its `object_id` to the code
    counts: Mapping[str, int]  # added to the unit's stat_day row of the filing day

    @property
    def scope(self) -> str:
        return sequence.scope_of(self.unit_code, self.dossier["submitted_at"])

    @property
    def day(self) -> dt.date:
        return recorder.day_of(self.dossier["submitted_at"])


async def write(filing: FilingRows) -> tuple[int, str] | None:
    """Write `filing` whole: the new dossier's id and code; None, writing nothing, when its
    idempotency scope already has a dossier (committed before this write began)."""
    engine = Dossier._meta.db
    if isinstance(engine, ReusingSQLiteEngine):
        return await engine.run_sync(functools.partial(_sqlite, filing))
    sql, args = _postgres(filing)
    found = await rows.fetch(Dossier, sql, *args)
    return (int(found[0]["id"]), str(found[0]["code"])) if found else None


def _sqlite(filing: FilingRows, connection: sqlite3.Connection) -> tuple[int, str] | None:
    """On the connection's thread: the same rows, one statement after another."""

    def run(statement: tuple[str, Sequence[Any]]) -> list[Any]:
        sql, args = statement
        return connection.execute(rows.marked(sql, "?")[0], args).fetchall()

    if run((_FILED, [filing.dossier["idempotency_scope"]])):
        return None
    scope = filing.scope
    number = run((sequence.NEXT, [scope]))[0]["last"]
    code = sequence.code_of(scope, int(number))
    dossier = run(rows.statement(Dossier, [{"code": code, **filing.dossier}], returning="id"))
    dossier_id = int(dossier[0]["id"])
    if filing.documents:
        run(rows.statement(DossierDocument, _of(dossier_id, filing.documents)))
    run(rows.statement(DossierEvent, _of(dossier_id, [filing.event])))
    run(rows.statement(AuditEntry, [{**filing.audit, "object_id": code}]))
    if any(filing.counts.values()):
        run(recorder.bump_statement(filing.unit_code, filing.day, filing.counts))
    return dossier_id, code


def _of(dossier_id: int, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"dossier": dossier_id, **item} for item in items]


def _postgres(filing: FilingRows) -> tuple[str, list[Any]]:
    """The one statement and its parameters."""
    counted = any(filing.counts.values())
    audit = {k: v for k, v in filing.audit.items() if k != "object_id"}  # the code, from `d`
    shape = _Shape(
        dossier=tuple(filing.dossier),
        documents=tuple(tuple(d) for d in filing.documents),
        event=tuple(filing.event),
        audit=tuple(audit),
        counts=tuple(sorted(n for n, v in filing.counts.items() if v)) if counted else (),
    )
    scope = filing.scope
    args: list[Any] = [scope, filing.dossier["idempotency_scope"], scope]
    args += rows.values(Dossier, [filing.dossier])
    for document in filing.documents:
        args += rows.values(DossierDocument, [document])
    args += rows.values(DossierEvent, [filing.event])
    args += rows.values(AuditEntry, [audit])
    if counted:
        args += recorder.bump_statement(filing.unit_code, filing.day, filing.counts)[1]
    return _postgres_sql(shape), args


@dataclasses.dataclass(frozen=True, slots=True)
class _Shape:
    """The column lists of one filing: the statement's text depends on nothing else."""

    dossier: tuple[str, ...]
    documents: tuple[tuple[str, ...], ...]
    event: tuple[str, ...]
    audit: tuple[str, ...]
    counts: tuple[str, ...]


_FILED = "SELECT 1 FROM dossier WHERE idempotency_scope = {}"


@functools.cache
def _postgres_sql(shape: _Shape) -> str:
    # sequence.NEXT, drawn only when no dossier has the scope yet; every clause below inserts
    # from the one before it, so then nothing at all is written
    draw = (
        "INSERT INTO dossier_sequence (scope, last) "
        f"SELECT {{}}, 1 WHERE NOT EXISTS ({_FILED}) {sequence.COUNT_ON}"
    )
    clauses = [
        f"seq AS ({draw})",
        _insert_from(
            "d",
            Dossier,
            ("code", *shape.dossier),
            # the code is sequence.code_of in SQL: the scope, a dash, the number on 4+ digits
            ["{}::text || '-' || lpad(seq.last::text, greatest(4, length(seq.last::text)), '0')"],
            "seq",
            returning="id, code",
        ),
    ]
    for n, columns in enumerate(shape.documents):
        clauses.append(_insert_from(f"doc{n}", DossierDocument, ("dossier", *columns), ["d.id"]))
    clauses.append(_insert_from("ev", DossierEvent, ("dossier", *shape.event), ["d.id"]))
    clauses.append(_insert_from("au", AuditEntry, ("object_id", *shape.audit), ["d.code"]))
    if shape.counts:
        columns = ("unit_code", "day", *shape.counts)
        conflict = recorder.on_conflict_sql(shape.counts)
        clauses.append(_insert_from("st", StatDay, columns, [], suffix=conflict))
    return "WITH " + ",\n".join(clauses) + "\nSELECT id, code FROM d"


def _insert_from(
    name: str,
    table: type[Any],
    columns: tuple[str, ...],
    given: list[str],
    source: str = "d",
    *,
    returning: str = "",
    suffix: str = "",
) -> str:
    """`name AS (INSERT INTO table (columns) SELECT given..., {}... FROM source suffix)`."""
    values = ", ".join([*given, *["{}"] * (len(columns) - len(given))])
    # Names come from the table's own metadata (checked); every value is a parameter.
    sql = f"INSERT INTO {rows.into(table, columns)} SELECT {values} FROM {source}"  # noqa: S608
    sql += f" {suffix}" if suffix else ""
    return f"{name} AS ({sql}{' RETURNING ' + returning if returning else ''})"
