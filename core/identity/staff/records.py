"""Reading staff rows: the lookups that sign-in and account management share, and `StaffView`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from core.errors import NotFound
from core.identity.actor import ROLES
from core.identity.tables import StaffRole, StaffUser, Unit

NO_SUCH_ACCOUNT = "Không có tài khoản cán bộ này"


@dataclasses.dataclass(frozen=True, slots=True)
class StaffView:
    """One account as the admin pages show it; `locked` is a lock-out still running now."""

    id: int
    username: str
    full_name: str
    roles: tuple[str, ...]
    unit_code: str
    unit_name: str
    active: bool
    totp_enrolled: bool
    locked_until: dt.datetime | None
    locked: bool = False


async def find_by_username(username: str) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await StaffUser.select().where(StaffUser.username == username).first()
    )
    return row


async def find_by_id(staff_id: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = await StaffUser.select().where(StaffUser.id == staff_id).first()
    return row


async def existing(staff_id: int) -> dict[str, Any]:
    """The account's row, or NotFound."""
    user = await find_by_id(staff_id)
    if user is None:
        raise NotFound(NO_SUCH_ACCOUNT)
    return user


async def roles_of(staff_id: int) -> set[str]:
    rows = await StaffRole.select(StaffRole.role).where(StaffRole.staff == staff_id)
    return {r["role"] for r in rows}


async def put_roles(staff_id: int, roles: set[str]) -> None:
    if roles:
        await StaffRole.insert(*(StaffRole(staff=staff_id, role=r) for r in sorted(roles)))


async def unit_code(unit_id: int | None) -> str:
    if unit_id is None:
        return ""
    row = await Unit.select(Unit.code).where(Unit.id == unit_id).first()
    return str(row["code"]) if row else ""


async def views(staff_id: int | None, now: dt.datetime) -> list[StaffView]:
    """Every account (or the one named), by username, with its roles in ROLES order."""
    query = StaffUser.select(
        StaffUser.id,
        StaffUser.username,
        StaffUser.full_name,
        StaffUser.active,
        StaffUser.totp_enrolled,
        StaffUser.locked_until,
        StaffUser.unit.code,
        StaffUser.unit.name,
    ).order_by(StaffUser.username)
    if staff_id is not None:
        query = query.where(StaffUser.id == staff_id)
    rows = await query
    ids = [r["id"] for r in rows]
    roles: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for r in await StaffRole.select(StaffRole.staff, StaffRole.role).where(
            StaffRole.staff.is_in(ids)
        ):
            roles[r["staff"]].append(r["role"])
    return [
        StaffView(
            r["id"],
            r["username"],
            r["full_name"],
            tuple(role for role in ROLES if role in roles[r["id"]]),
            r["unit.code"] or "",
            r["unit.name"] or "",
            bool(r["active"]),
            bool(r["totp_enrolled"]),
            r["locked_until"],
            r["locked_until"] is not None and r["locked_until"] > now,
        )
        for r in rows
    ]
