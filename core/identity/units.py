"""Organisation units (đơn vị): the province, its departments and agencies, its communes.

Units form a tree rooted at the province. Each carries its e-identifier (mã định danh điện tử,
QCVN 102:2016, e.g. `000.00.12.H56`), which prefixes the codes of the dossiers it receives, so
the shape is checked here. Only an admin (or the system, for imports) changes units; every
change writes its audit row in the same transaction.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from core.clock import Clock, SystemClock
from core.database import write_transaction
from core.errors import Conflict, FieldError, InvalidInput, NotFound, PermissionDenied
from core.identity import audit
from core.identity.access import can_administer
from core.identity.actor import Context
from core.identity.tables import Unit

KINDS = ("province", "department", "agency", "commune")
CODE_PATTERN = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
MAX_NAME = 300
DEMO_FILE = "demo-units.json"

# Messages are constants so that each edge can translate them (web/messages/admin.py).
CODE_SHAPE = (
    "an e-identifier like 000.00.12.H56: 3 digits, 2 digits, 2 digits, a letter and 2 digits"
)
CODE_TAKEN = "another unit already has this e-identifier"
NAME_NEEDED = f"a name of 1 to {MAX_NAME} characters"
KIND_UNKNOWN = "one of province, department, agency, commune"
PROVINCE_NO_PARENT = "a province is the root of the tree: it has no parent unit"
PARENT_NEEDED = "choose the parent unit (every unit but the province has one)"
PARENT_UNKNOWN = "no unit has this e-identifier"
PARENT_INACTIVE = "the parent unit is deactivated"
PARENT_CYCLE = "a unit cannot be moved under itself or one of its own sub-units"
HAS_ACTIVE_CHILDREN = "deactivate its sub-units first"


@dataclasses.dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    active: bool

    def summary(self) -> dict[str, Any]:
        """What the audit log keeps of a unit."""
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "parent": self.parent_code,
            "active": self.active,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class UnitNode:
    unit: UnitInfo
    children: tuple[UnitNode, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int


def normalise_code(raw: str | None) -> str:
    return (raw or "").strip().upper()


class UnitService:
    """Create, rename, move, deactivate and list units."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def create(
        self, ctx: Context, *, code: str, name: str, kind: str, parent_code: str | None = None
    ) -> UnitInfo:
        _require_admin(ctx)
        async with write_transaction(Unit._meta.db):
            return await self._create(ctx, code=code, name=name, kind=kind, parent_code=parent_code)

    async def update(
        self,
        ctx: Context,
        code: str,
        *,
        name: str | None = None,
        parent_code: str | None = None,
    ) -> UnitInfo:
        """Rename and/or move a unit; `None` keeps a value (a province keeps no parent)."""
        _require_admin(ctx)
        async with write_transaction(Unit._meta.db):
            return await self._update(ctx, code, name=name, parent_code=parent_code)

    async def set_active(self, ctx: Context, code: str, active: bool) -> UnitInfo:
        """Deactivate (only once its sub-units are) or reactivate (only under an active parent)."""
        _require_admin(ctx)
        async with write_transaction(Unit._meta.db):
            units = await _all_units()
            before = _find(units, code)
            if before.active == active:
                return before
            if active and before.parent_code and not _by_code(units)[before.parent_code].active:
                raise Conflict(PARENT_INACTIVE)
            if not active and any(u.active and u.parent_code == before.code for u in units):
                raise Conflict(HAS_ACTIVE_CHILDREN)
            await Unit.update({Unit.active: active}).where(Unit.id == before.id)
            after = dataclasses.replace(before, active=active)
            await audit.record(
                ctx,
                "unit.activated" if active else "unit.deactivated",
                object_type="unit",
                object_id=after.code,
                before=before.summary(),
                after=after.summary(),
            )
            return after

    async def get(self, code: str) -> UnitInfo:
        return _find(await _all_units(), code)

    async def children(self, code: str) -> list[UnitInfo]:
        units = await _all_units()
        parent = _find(units, code)
        return _ordered(u for u in units if u.parent_code == parent.code)

    async def all(self) -> list[UnitInfo]:
        """Every unit, ordered by kind then code (for pickers)."""
        return _ordered(await _all_units())

    async def tree(self) -> list[UnitNode]:
        """The whole tree: roots first, each level ordered by kind then code."""
        units = await _all_units()
        below: dict[str | None, list[UnitInfo]] = {}
        for unit in units:
            below.setdefault(unit.parent_code, []).append(unit)

        def grow(unit: UnitInfo) -> UnitNode:
            return UnitNode(unit, tuple(grow(c) for c in _ordered(below.get(unit.code, []))))

        return [grow(root) for root in _ordered(below.get(None, []))]

    async def load_units(self, ctx: Context, entries: Iterable[Mapping[str, Any]]) -> LoadReport:
        """Create missing units and rename or move changed ones; running it twice changes nothing.

        Entries are `{"code", "name", "kind", "parent"}`, parents before their children.
        """
        _require_admin(ctx)
        created = updated = unchanged = 0
        async with write_transaction(Unit._meta.db):
            for entry in entries:
                code = normalise_code(str(entry.get("code", "")))
                parent = entry.get("parent") or None
                existing = _by_code(await _all_units()).get(code)
                if existing is None:
                    await self._create(
                        ctx,
                        code=code,
                        name=str(entry.get("name", "")),
                        kind=str(entry.get("kind", "")),
                        parent_code=parent,
                    )
                    created += 1
                elif existing.name != entry.get("name") or existing.parent_code != (
                    normalise_code(parent) or None
                ):
                    await self._update(
                        ctx, code, name=str(entry.get("name", "")), parent_code=parent
                    )
                    updated += 1
                else:
                    unchanged += 1
        return LoadReport(created, updated, unchanged)

    async def _create(
        self, ctx: Context, *, code: str, name: str, kind: str, parent_code: str | None
    ) -> UnitInfo:
        units = _by_code(await _all_units())
        code, name, parent = normalise_code(code), (name or "").strip(), normalise_code(parent_code)
        errors: list[FieldError] = []
        if not CODE_PATTERN.match(code):
            errors.append(FieldError("code", CODE_SHAPE))
        if not 1 <= len(name) <= MAX_NAME:
            errors.append(FieldError("name", NAME_NEEDED))
        if kind not in KINDS:
            errors.append(FieldError("kind", KIND_UNKNOWN))
        elif kind == "province" and parent:
            errors.append(FieldError("parent_code", PROVINCE_NO_PARENT))
        elif kind != "province":
            errors.extend(_parent_problems(units, parent))
        if errors:
            raise InvalidInput("the unit is not valid", errors)
        if code in units:
            raise Conflict(CODE_TAKEN)
        row = Unit(
            code=code,
            name=name,
            kind=kind,
            parent=units[parent].id if parent else None,
            active=True,
            created_at=self._clock.now(),
        )
        await Unit.insert(row)
        info = UnitInfo(int(row.id), code, name, kind, parent or None, True)
        await audit.record(
            ctx, "unit.created", object_type="unit", object_id=code, after=info.summary()
        )
        return info

    async def _update(
        self, ctx: Context, code: str, *, name: str | None, parent_code: str | None
    ) -> UnitInfo:
        all_units = await _all_units()
        units = _by_code(all_units)
        before = _find(all_units, code)
        new_name = before.name if name is None else name.strip()
        parent = normalise_code(before.parent_code if parent_code is None else parent_code)
        errors: list[FieldError] = []
        if not 1 <= len(new_name) <= MAX_NAME:
            errors.append(FieldError("name", NAME_NEEDED))
        if before.kind == "province":
            if parent:
                errors.append(FieldError("parent_code", PROVINCE_NO_PARENT))
        elif parent != (before.parent_code or ""):
            errors.extend(_parent_problems(units, parent))
            if parent in units and _is_below(units, parent, before.code):
                errors.append(FieldError("parent_code", PARENT_CYCLE))
        if errors:
            raise InvalidInput("the unit is not valid", errors)
        after = dataclasses.replace(before, name=new_name, parent_code=parent or None)
        if after == before:
            return before
        await Unit.update(
            {Unit.name: new_name, Unit.parent: units[parent].id if parent else None}
        ).where(Unit.id == before.id)
        await audit.record(
            ctx,
            "unit.updated",
            object_type="unit",
            object_id=before.code,
            before=before.summary(),
            after=after.summary(),
        )
        return after


async def load_demo_units(ctx: Context) -> LoadReport:
    """The demo tree shipped for dev installations (names say "(dữ liệu mẫu)")."""
    data = json.loads(resources.files("core.identity.data").joinpath(DEMO_FILE).read_text("utf-8"))
    return await UnitService(SystemClock()).load_units(ctx, data["units"])


def _require_admin(ctx: Context) -> None:
    if not (can_administer(ctx.actor) or ctx.actor.kind == "system"):
        raise PermissionDenied("only an admin changes organisation units")


def _parent_problems(units: Mapping[str, UnitInfo], parent: str) -> list[FieldError]:
    if not parent:
        return [FieldError("parent_code", PARENT_NEEDED)]
    found = units.get(parent)
    if found is None:
        return [FieldError("parent_code", PARENT_UNKNOWN)]
    if not found.active:
        return [FieldError("parent_code", PARENT_INACTIVE)]
    return []


def _is_below(units: Mapping[str, UnitInfo], code: str, ancestor: str) -> bool:
    """Whether `code` is `ancestor` itself or lies somewhere under it."""
    seen: set[str] = set()
    current: str | None = code
    while current is not None and current not in seen:
        if current == ancestor:
            return True
        seen.add(current)
        found = units.get(current)
        current = found.parent_code if found else None
    return False


async def _all_units() -> list[UnitInfo]:
    rows = await Unit.select(Unit.id, Unit.code, Unit.name, Unit.kind, Unit.parent, Unit.active)
    code_of = {r["id"]: r["code"] for r in rows}
    return [
        UnitInfo(
            r["id"], r["code"], r["name"], r["kind"], code_of.get(r["parent"]), bool(r["active"])
        )
        for r in rows
    ]


def _by_code(units: Iterable[UnitInfo]) -> dict[str, UnitInfo]:
    return {u.code: u for u in units}


def _find(units: Iterable[UnitInfo], code: str) -> UnitInfo:
    found = _by_code(units).get(normalise_code(code))
    if found is None:
        raise NotFound(f"no unit has the e-identifier {code[:40]!r}")
    return found


def _ordered(units: Iterable[UnitInfo]) -> list[UnitInfo]:
    return sorted(units, key=lambda u: (KINDS.index(u.kind) if u.kind in KINDS else 9, u.code))
