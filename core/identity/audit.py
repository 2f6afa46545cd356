"""The audit trail: one append-only row per state change, written in the change's transaction.

Services call `record` inside their own write transaction, so a change and its audit row commit or
roll back together. There is no update or delete here, and the database refuses both
(`core.identity.audit_guard`). Personal numbers never go into `before`/`after`: summaries name
fields, not phone or ID numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, TypedDict, Unpack

from core import rows
from core.identity.actor import Context
from core.identity.tables import AuditEntry

MAX_PAGE_SIZE = 200


@dataclasses.dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor_kind: str
    actor_id: int | None
    actor_label: str
    role: str
    unit_code: str
    action: str
    object_type: str
    object_id: str
    before: Any
    after: Any
    client_address: str
    detail: str


@dataclasses.dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str | None = None
    actor_kind: str | None = None
    actor_id: int | None = None
    unit_code: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


class AuditDetails(TypedDict, total=False):
    """What an audit row says beyond who did which action (see `audit_row`)."""

    object_type: str
    object_id: str | int
    before: Any
    after: Any
    detail: str
    unit_code: str | None


async def record(ctx: Context, action: str, **details: Unpack[AuditDetails]) -> None:
    """Append one row; call it inside the transaction that makes the change."""
    entry = audit_row(ctx, action, **details)
    await rows.insert(AuditEntry, [entry])  # on every change: without building a Table object


def audit_row(
    ctx: Context,
    action: str,
    *,
    object_type: str = "",
    object_id: str | int = "",
    before: Any = None,
    after: Any = None,
    detail: str = "",
    unit_code: str | None = None,
) -> dict[str, Any]:
    """The row `record` appends, for a caller that writes it with others in one statement."""
    actor = ctx.actor
    return {
        "at": dt.datetime.now(dt.UTC),
        "actor_kind": actor.kind,
        "actor_id": actor.id,
        "actor_label": actor.label[:200],
        "role": actor.main_role,
        "unit_code": (unit_code if unit_code is not None else actor.unit_code)[:32],
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id)[:64],
        "before": before,
        "after": after,
        "client_address": ctx.client[:64],
        "detail": detail[:2000],
    }


async def search(
    where: AuditFilter, *, limit: int = 50, offset: int = 0
) -> tuple[list[AuditRow], int]:
    """Rows matching `where`, newest first, with the total count."""
    conditions = _conditions(where)
    query = AuditEntry.select().output(load_json=True).order_by(AuditEntry.id, ascending=False)
    count = AuditEntry.count()
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.limit(min(limit, MAX_PAGE_SIZE)).offset(offset)
    return [_row(r) for r in rows], await count


async def every(where: AuditFilter) -> list[AuditRow]:
    """All matching rows, oldest first (for an export)."""
    query = AuditEntry.select().output(load_json=True).order_by(AuditEntry.id)
    for condition in _conditions(where):
        query = query.where(condition)
    return [_row(r) for r in await query]


def _conditions(where: AuditFilter) -> list[Any]:
    found: list[Any] = []
    if where.action:
        found.append(AuditEntry.action == where.action)
    if where.actor_kind:
        found.append(AuditEntry.actor_kind == where.actor_kind)
    if where.actor_id is not None:
        found.append(AuditEntry.actor_id == where.actor_id)
    if where.unit_code:
        found.append(AuditEntry.unit_code == where.unit_code)
    if where.object_type:
        found.append(AuditEntry.object_type == where.object_type)
    if where.object_id:
        found.append(AuditEntry.object_id == where.object_id)
    if where.since:
        found.append(AuditEntry.at >= where.since)
    if where.until:
        found.append(AuditEntry.at < where.until)
    return found


def _row(r: dict[str, Any]) -> AuditRow:
    return AuditRow(**{f.name: r[f.name] for f in dataclasses.fields(AuditRow)})
