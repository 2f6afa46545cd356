"""Managing staff accounts (admins only): create, roles, unit, active, unlock, TOTP reset, list.

The last active admin can be neither demoted nor deactivated; admin changes run one at a time so
two admins demoting each other at once cannot leave none. Every change writes an audit row in
the same transaction; passwords and TOTP secrets never reach the audit log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from core.clock import Clock
from core.database import is_sqlite, write_transaction
from core.errors import Conflict, FieldError, InvalidInput, NotFound, PermissionDenied
from core.identity import audit, passwords, totp
from core.identity.actor import ROLES, Context
from core.identity.staff import records
from core.identity.staff.records import StaffView
from core.identity.tables import StaffRole, StaffUser, Unit
from core.identity.tokens import TokenService

UNIT_ROLES = frozenset({"officer", "head"})
ADMIN_LOCK_KEY = 73_301  # PostgreSQL advisory lock: admin changes one at a time
ROLES_RULE = "Chọn ít nhất một vai trò: cán bộ, lãnh đạo đơn vị hoặc quản trị viên"
UNIT_NEEDED = "Cán bộ (officer) và lãnh đạo đơn vị (head) phải thuộc một đơn vị"


@dataclasses.dataclass(frozen=True, slots=True)
class StaffCreated:
    id: int
    username: str
    totp_uri: str
    totp_secret: str


@dataclasses.dataclass(frozen=True, slots=True)
class UnitChoice:
    code: str
    name: str


class StaffAccounts:
    """The admin's side of `StaffService`; needs `_clock` and `_tokens` from it."""

    _clock: Clock
    _tokens: TokenService

    async def create(
        self,
        ctx: Context,
        username: str,
        password: str,
        roles: Iterable[str],
        unit_code: str | None = None,
        full_name: str = "",
    ) -> StaffCreated:
        """A new account with a fresh TOTP secret; its enrolment URI is returned once."""
        _require_admin(ctx)
        username = username.strip()
        wanted = _roles(roles)
        errors = [
            FieldError(field, problem)
            for field, problem in (
                ("username", passwords.username_problem(username)),
                ("password", passwords.password_problem(password, username)),
                ("full_name", "Họ tên dài quá 200 ký tự" if len(full_name) > 200 else None),
            )
            if problem
        ]
        unit_id = await _unit_for(wanted, unit_code, errors)
        if errors:
            raise InvalidInput("Tài khoản cán bộ chưa hợp lệ", errors)
        password_hash = await passwords.hash_password(password)
        secret = totp.new_secret()
        async with write_transaction(StaffUser._meta.db):
            if await StaffUser.exists().where(StaffUser.username == username):
                raise InvalidInput.one("username", f"Tên đăng nhập {username} đã có người dùng")
            row = await StaffUser.insert(
                StaffUser(
                    username=username,
                    full_name=full_name.strip(),
                    password_hash=password_hash,
                    totp_secret=secret,
                    unit=unit_id,
                    created_at=self._clock.now(),
                )
            ).returning(StaffUser.id)
            staff_id = int(row[0]["id"])
            await records.put_roles(staff_id, wanted)
            after = {"username": username, "roles": sorted(wanted), "unit": unit_code or ""}
            await audit.record(
                ctx, "staff.created", object_type="staff", object_id=staff_id, after=after
            )
        return StaffCreated(staff_id, username, totp.provisioning_uri(secret, username), secret)

    async def set_roles(self, ctx: Context, staff_id: int, roles: Iterable[str]) -> None:
        _require_admin(ctx)
        wanted = _roles(roles)
        if not wanted:
            raise InvalidInput.one("roles", ROLES_RULE)
        async with write_transaction(StaffUser._meta.db):
            await _one_admin_change_at_a_time()
            user = await records.existing(staff_id)
            before = await records.roles_of(staff_id)
            if "admin" in before and "admin" not in wanted and user["active"]:
                await _keep_an_admin(staff_id)
            if wanted & UNIT_ROLES and user["unit"] is None:
                raise InvalidInput.one("unit", UNIT_NEEDED)
            await StaffRole.delete().where(StaffRole.staff == staff_id)
            await records.put_roles(staff_id, wanted)
            await audit.record(
                ctx,
                "staff.roles_changed",
                object_type="staff",
                object_id=staff_id,
                before={"roles": sorted(before)},
                after={"roles": sorted(wanted)},
            )

    async def set_unit(self, ctx: Context, staff_id: int, unit_code: str | None) -> None:
        _require_admin(ctx)
        async with write_transaction(StaffUser._meta.db):
            user = await records.existing(staff_id)
            errors: list[FieldError] = []
            roles = await records.roles_of(staff_id)
            unit_id = await _unit_for(roles, unit_code or None, errors)
            if errors:
                raise InvalidInput(errors[0].message, errors)
            before = await records.unit_code(user["unit"])
            await StaffUser.update({StaffUser.unit: unit_id}).where(StaffUser.id == staff_id)
            await audit.record(
                ctx,
                "staff.unit_changed",
                object_type="staff",
                object_id=staff_id,
                before={"unit": before},
                after={"unit": unit_code or ""},
            )

    async def set_active(self, ctx: Context, staff_id: int, active: bool) -> None:
        """Deactivating signs the person out everywhere; reactivating also lifts a lock-out."""
        _require_admin(ctx)
        async with write_transaction(StaffUser._meta.db):
            await _one_admin_change_at_a_time()
            user = await records.existing(staff_id)
            if not active and user["active"] and "admin" in await records.roles_of(staff_id):
                await _keep_an_admin(staff_id)
            values: dict[Any, Any] = {StaffUser.active: active}
            if active:
                values.update({StaffUser.failed_logins: 0, StaffUser.locked_until: None})
            await StaffUser.update(values).where(StaffUser.id == staff_id)
            if not active:
                await self._tokens.revoke_all(staff_id=staff_id)
            await audit.record(
                ctx,
                "staff.activated" if active else "staff.deactivated",
                object_type="staff",
                object_id=staff_id,
                before={"active": user["active"]},
                after={"active": active},
            )

    async def unlock(self, ctx: Context, staff_id: int) -> None:
        """Lift a lock-out (and forget the failures counted so far) without deactivating.

        For the officer who mistyped five times and cannot wait: sessions and the
        authenticator stay as they are; the next sign-in still needs password and code.
        """
        _require_admin(ctx)
        async with write_transaction(StaffUser._meta.db):
            user = await records.existing(staff_id)
            await StaffUser.update(
                {StaffUser.failed_logins: 0, StaffUser.locked_until: None}
            ).where(StaffUser.id == staff_id)
            before = user["locked_until"]
            await audit.record(
                ctx,
                "staff.unlocked",
                object_type="staff",
                object_id=staff_id,
                before={
                    "failed_logins": user["failed_logins"],
                    "locked_until": before.isoformat() if before else None,
                },
                after={"failed_logins": 0, "locked_until": None},
            )

    async def reset_totp(self, ctx: Context, staff_id: int) -> str:
        """A new secret: the old authenticator stops working; the new URI is returned once."""
        _require_admin(ctx)
        secret = totp.new_secret()
        async with write_transaction(StaffUser._meta.db):
            user = await records.existing(staff_id)
            await StaffUser.update(
                {
                    StaffUser.totp_secret: secret,
                    StaffUser.totp_enrolled: False,
                    StaffUser.totp_last_step: 0,
                }
            ).where(StaffUser.id == staff_id)
            await audit.record(ctx, "staff.totp_reset", object_type="staff", object_id=staff_id)
        return totp.provisioning_uri(secret, user["username"])

    async def list_staff(self, ctx: Context) -> list[StaffView]:
        _require_admin(ctx)
        return await records.views(None, self._clock.now())

    async def get(self, ctx: Context, staff_id: int) -> StaffView:
        _require_admin(ctx)
        found = await records.views(staff_id, self._clock.now())
        if not found:
            raise NotFound(records.NO_SUCH_ACCOUNT)
        return found[0]

    async def me(self, ctx: Context) -> StaffView:
        """The signed-in staff member's own account."""
        if not ctx.actor.is_staff or ctx.actor.id is None:
            raise NotFound("not a staff member")
        found = await records.views(ctx.actor.id, self._clock.now())
        if not found:
            raise NotFound("not a staff member")
        return found[0]

    async def unit_choices(self) -> list[UnitChoice]:
        active = Unit.active == True  # noqa: E712
        rows = await Unit.select(Unit.code, Unit.name).where(active).order_by(Unit.code)
        return [UnitChoice(r["code"], r["name"]) for r in rows]


def _require_admin(ctx: Context) -> None:
    if not (ctx.actor.has_role("admin") or ctx.actor.kind == "system"):
        raise PermissionDenied("only an admin manages staff accounts")


def _roles(roles: Iterable[str]) -> set[str]:
    wanted = {r.strip() for r in roles if r and r.strip()}
    unknown = wanted - set(ROLES)
    if unknown:
        raise InvalidInput.one("roles", f"Vai trò không có: {', '.join(sorted(unknown))}")
    return wanted


async def _unit_for(roles: set[str], unit_code: str | None, errors: list[FieldError]) -> int | None:
    """The unit's id (None when none is named); adds a problem to `errors` when it is wrong."""
    if not roles:
        errors.append(FieldError("roles", ROLES_RULE))
    if not unit_code:
        if roles & UNIT_ROLES:
            errors.append(FieldError("unit", UNIT_NEEDED))
        return None
    row = (
        await Unit.select(Unit.id)
        .where((Unit.code == unit_code.strip()[:32]) & (Unit.active == True))  # noqa: E712
        .first()
    )
    if row is None:
        errors.append(FieldError("unit", f"Không có đơn vị đang hoạt động mã {unit_code[:32]}"))
        return None
    return int(row["id"])


async def _keep_an_admin(staff_id: int) -> None:
    others = await StaffRole.count().where(
        (StaffRole.role == "admin")
        & (StaffRole.staff.active == True)  # noqa: E712
        & (StaffRole.staff != staff_id)
    )
    if not others:
        raise Conflict(
            "Đây là quản trị viên đang hoạt động cuối cùng: hãy cấp quyền quản trị cho người "
            "khác trước khi bỏ quyền hoặc khoá tài khoản này"
        )


async def _one_admin_change_at_a_time() -> None:
    """Two admins demoting each other at once must not leave none (SQLite: immediate tx)."""
    if not is_sqlite(StaffUser._meta.db):
        await StaffUser.raw(f"SELECT pg_advisory_xact_lock({ADMIN_LOCK_KEY})")
