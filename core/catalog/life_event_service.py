"""LifeEventService: the life events admins add, edit and remove, and the bundled list's seeding.

Every change is audited and bumps the catalog revision in its transaction, so each process
rebuilds its search index with the new words within a couple of seconds (this process at once,
through `on_change`). The bundled list only ever adds events whose key the table has never held:
an admin's edit or removal is never undone by `motcua init`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from importlib import resources
from typing import Any

from core.catalog import life_events, revision
from core.catalog.life_events import LifeEvent, LifeEventFile
from core.catalog.tables import LifeEventRecord, ProcedureRecord
from core.clock import Clock
from core.database import write_transaction
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.identity import audit
from core.identity.access import can_administer
from core.identity.actor import Context
from core.text import fold, slug

BUNDLED = "life_events.json"
MAX_KEY = 60


@dataclasses.dataclass(frozen=True, slots=True)
class LoadReport:
    created: int
    unchanged: int  # already in the table, edited or removed by an admin or not
    skipped: int  # a phrase an admin already gave to another event: the admin's words win


@dataclasses.dataclass(frozen=True, slots=True)
class LifeEventInput:
    """The four fields of the admin form, as typed."""

    name: str | None = None
    phrases: str | None = None
    codes: str | None = None
    note: str | None = None


class LifeEventService:
    """Reads for the admin page and the search index; audited writes for admins."""

    def __init__(self, clock: Clock, *, on_change: Callable[[], None] = lambda: None) -> None:
        self._clock = clock
        self._on_change = on_change

    async def all(self) -> list[LifeEvent]:
        """The events in use, by name (folded, so "Đ" sorts with "D")."""
        return sorted(await in_use(), key=lambda e: (fold(e.name), e.key))

    async def get(self, key: str) -> LifeEvent:
        row = await _row(key)
        if row is None or bool(row["removed"]):
            raise NotFound(f"no life event has the key {key[:64]!r}")
        return _event(row)

    async def name(self, key: str) -> str | None:
        """The name of the event with `key`, even a removed one (for "… removed" messages)."""
        row = await _row(key)
        return None if row is None else str(row["name"])

    async def add(self, ctx: Context, typed: LifeEventInput) -> LifeEvent:
        _require_admin(ctx)
        async with write_transaction(LifeEventRecord._meta.db):
            key, revived = await _free_key(typed.name)
            event = await _checked(key, typed)
            values = _values(event, self._clock)
            if revived:
                await LifeEventRecord.update(values).where(LifeEventRecord.key == key)
            else:
                await LifeEventRecord.insert(LifeEventRecord(key=key, **_by_name(values)))
            await _audit(ctx, "catalog.life_event_added", key, after=event)
        self._on_change()
        return event

    async def update(self, ctx: Context, key: str, typed: LifeEventInput) -> LifeEvent:
        _require_admin(ctx)
        async with write_transaction(LifeEventRecord._meta.db):
            before = await self.get(key)
            event = await _checked(key, typed)
            await LifeEventRecord.update(_values(event, self._clock)).where(
                LifeEventRecord.key == key
            )
            await _audit(ctx, "catalog.life_event_changed", key, before=before, after=event)
        self._on_change()
        return event

    async def remove(self, ctx: Context, key: str) -> LifeEvent:
        _require_admin(ctx)
        async with write_transaction(LifeEventRecord._meta.db):
            before = await self.get(key)
            await LifeEventRecord.update(
                {LifeEventRecord.removed: True, LifeEventRecord.updated_at: self._clock.now()}
            ).where(LifeEventRecord.key == key)
            await _audit(ctx, "catalog.life_event_removed", key, before=before)
        self._on_change()
        return before

    async def load_bundled(self) -> LoadReport:
        """Seed the events shipped with motcua (data/life_events.json); idempotent."""
        data = resources.files("core.catalog.data").joinpath(BUNDLED).read_bytes()
        return await self.load(life_events.decode_file(data))

    async def load(self, file: LifeEventFile) -> LoadReport:
        """Add the events whose key is new; refuse the whole file if one names an unknown code."""
        known = await _known_codes()
        life_events.check_all(file.events, known)
        stored = {r["key"] for r in await LifeEventRecord.select(LifeEventRecord.key)}
        kept = await in_use()
        fresh: list[LifeEvent] = []
        for event in file.events:
            if event.key in stored:
                continue
            try:
                life_events.check(event, known, kept)
            except InvalidInput:
                continue
            fresh.append(event)
            kept.append(event)
        if fresh:
            # Like the bundled catalog itself, seeding is not an actor's change: no audit row.
            async with write_transaction(LifeEventRecord._meta.db):
                rows = (
                    LifeEventRecord(key=e.key, **_by_name(_values(e, self._clock))) for e in fresh
                )
                await LifeEventRecord.insert(*rows)
                await revision.bump()
            self._on_change()
        unchanged = sum(1 for e in file.events if e.key in stored)
        return LoadReport(len(fresh), unchanged, len(file.events) - len(fresh) - unchanged)


async def in_use() -> list[LifeEvent]:
    """The events search matches, in the order they were added (the index reads these)."""
    rows = (
        await LifeEventRecord.select()
        .where(LifeEventRecord.removed.eq(False))
        .order_by(LifeEventRecord.id)
    )
    return [_event(row) for row in rows]


async def _checked(key: str, typed: LifeEventInput) -> LifeEvent:
    event = life_events.from_form(
        key=key, name=typed.name, phrases=typed.phrases, codes=typed.codes, note=typed.note
    )
    others = [e for e in await in_use() if e.key != key]
    life_events.check(event, await _known_codes(), others)
    return event


async def _free_key(name: str | None) -> tuple[str, bool]:
    """A key for a new event from its name; a removed event's key is reused (revived)."""
    base = slug(name or "")[:MAX_KEY].strip("-") or "viec-can-lam"
    rows = await LifeEventRecord.select(LifeEventRecord.key, LifeEventRecord.removed).where(
        LifeEventRecord.key.like(f"{base}%")
    )
    taken = {r["key"]: bool(r["removed"]) for r in rows}
    if base not in taken or taken[base]:
        return base, base in taken
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}", False


async def _known_codes() -> set[str]:
    return {r["code"] for r in await ProcedureRecord.select(ProcedureRecord.code)}


async def _row(key: str) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await LifeEventRecord.select().where(LifeEventRecord.key == key).first()
    )
    return row


def _event(row: dict[str, Any]) -> LifeEvent:
    return LifeEvent(
        key=row["key"],
        name=row["name"],
        phrases=[p for p in row["phrases"].split("\n") if p],
        codes=row["codes"].split(),
        note=row["note"] or "",
    )


def _values(event: LifeEvent, clock: Clock) -> dict[Any, Any]:
    return {
        LifeEventRecord.name: event.name,
        LifeEventRecord.phrases: "\n".join(event.phrases),
        LifeEventRecord.codes: " ".join(event.codes),
        LifeEventRecord.note: event.note,
        LifeEventRecord.removed: False,
        LifeEventRecord.updated_at: clock.now(),
    }


def _by_name(values: dict[Any, Any]) -> dict[str, Any]:
    return {column._meta.name: value for column, value in values.items()}


async def _audit(
    ctx: Context,
    action: str,
    key: str,
    *,
    before: LifeEvent | None = None,
    after: LifeEvent | None = None,
) -> None:
    await audit.record(
        ctx,
        action,
        object_type="life_event",
        object_id=key,
        before=life_events.summary(before) if before else None,
        after=life_events.summary(after) if after else None,
    )
    await revision.bump()


def _require_admin(ctx: Context) -> None:
    if not (can_administer(ctx.actor) or ctx.actor.kind == "system"):
        raise PermissionDenied("only an admin edits the life events")
