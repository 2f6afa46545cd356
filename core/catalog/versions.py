"""Writing procedure versions: new codes and versions inserted in chunks, changed ones updated.

The catalog import (core.catalog.service) calls `write` inside its transaction. A version is
compared by its decoded body, so a re-import of the same file changes nothing and says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, TypeVar

import msgspec

from core.catalog.model import Procedure
from core.catalog.tables import ProcedureRecord, ProcedureVersion

INSERT_CHUNK = 200
_T = TypeVar("_T")


@dataclasses.dataclass(frozen=True, slots=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int


def as_bytes(body: Any) -> bytes:
    """A stored body as JSON bytes: SQLite returns the text, a driver may return it decoded."""
    return body.encode() if isinstance(body, str) else msgspec.json.encode(body)


async def write(procedures: list[Procedure]) -> ImportReport:
    """Insert new codes and versions, update changed ones; the caller holds the transaction."""
    records = {
        r["code"]: r["id"]
        for r in await ProcedureRecord.select(ProcedureRecord.id, ProcedureRecord.code)
    }
    new_codes = sorted({p.code for p in procedures} - records.keys())
    now = dt.datetime.now(dt.UTC)
    for chunk in _chunks(new_codes):
        inserted = await ProcedureRecord.insert(
            *(ProcedureRecord(code=code, created_at=now) for code in chunk)
        ).returning(ProcedureRecord.id, ProcedureRecord.code)
        records.update({r["code"]: r["id"] for r in inserted})
    existing = {
        (r["code"], r["version"]): (r["id"], as_bytes(r["body"]))
        for r in await ProcedureVersion.select(
            ProcedureVersion.id,
            ProcedureVersion.code,
            ProcedureVersion.version,
            ProcedureVersion.body,
        )
    }
    created, updated = 0, 0
    fresh: list[ProcedureVersion] = []
    for p in procedures:
        body = msgspec.json.encode(p)
        known = existing.get((p.code, p.version))
        if known is None:
            fresh.append(_version_row(p, body, records[p.code], now))
            created += 1
        elif msgspec.json.decode(known[1]) != msgspec.json.decode(body):
            values = _version_values(p, body)
            await ProcedureVersion.update(values).where(ProcedureVersion.id == known[0])
            updated += 1
    for rows in _chunks(fresh):
        await ProcedureVersion.insert(*rows)
    return ImportReport(created, updated, len(procedures) - created - updated)


def _version_values(p: Procedure, body: bytes) -> dict[Any, Any]:
    return {
        ProcedureVersion.effective_from: p.effective_from,
        ProcedureVersion.effective_to: p.effective_to,
        ProcedureVersion.name: p.name,
        ProcedureVersion.field: p.field,
        ProcedureVersion.level: p.level,
        ProcedureVersion.online_level: p.online_level,
        ProcedureVersion.processing_hours: p.processing_hours,
        ProcedureVersion.fee_vnd: p.fee_vnd,
        ProcedureVersion.body: body.decode(),
    }


def _version_row(p: Procedure, body: bytes, record_id: int, now: dt.datetime) -> ProcedureVersion:
    values = {column._meta.name: value for column, value in _version_values(p, body).items()}
    return ProcedureVersion(
        procedure=record_id, code=p.code, version=p.version, created_at=now, **values
    )


def _chunks(items: list[_T]) -> list[list[_T]]:
    return [items[i : i + INSERT_CHUNK] for i in range(0, len(items), INSERT_CHUNK)]
