"""Staff accounts: officers, unit heads and admins; password (argon2) plus TOTP sign-in.

Sign-in rules
 - one answer for an unknown user, a wrong password and a wrong code (no account probing); only
   someone who knew the password may hear that a code was already used;
 - a TOTP code counts once: its time step must be later than the last accepted one;
 - five failures in a row lock the account for 15 minutes, right credentials or not;
 - a new account (no authenticator yet) signs in with its password and a first code; the web
   page gets an enrolment ticket to show the QR code first (`EnrolmentRequired`).
Management (admins only): create, roles, unit, active, TOTP reset. The last active admin can be
neither demoted nor deactivated. Every change and every sign-in attempt writes an audit row in
the same transaction; passwords and secrets never reach the audit log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
from collections.abc import Iterable
from typing import Any, NoReturn

from core.clock import Clock
from core.database import is_sqlite, write_transaction
from core.errors import (
    Conflict,
    FieldError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unauthenticated,
)
from core.identity import audit, passwords, totp
from core.identity.actor import ROLES, Context
from core.identity.tables import StaffRole, StaffUser, Unit
from core.identity.tokens import TokenKind, TokenService, staff_actor

BAD_CREDENTIALS = "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng"
CODE_USED = "Mã xác thực này đã được dùng; hãy chờ mã mới trong ứng dụng rồi nhập lại"
TICKET_GONE = "Phiên đăng ký mã xác thực đã hết hạn; hãy đăng nhập lại"
MAX_FAILURES = 5
LOCK_TIME = dt.timedelta(minutes=15)
UNIT_ROLES = frozenset({"officer", "head"})
ADMIN_LOCK_KEY = 73_301  # PostgreSQL advisory lock: admin changes one at a time


class EnrolmentRequired(Unauthenticated):
    """Right password, but the account has no authenticator yet: show the QR code first."""

    def __init__(self, ticket: str) -> None:
        super().__init__(BAD_CREDENTIALS)
        self.ticket = ticket


@dataclasses.dataclass(frozen=True, slots=True)
class StaffCreated:
    id: int
    username: str
    totp_uri: str
    totp_secret: str


@dataclasses.dataclass(frozen=True, slots=True)
class Enrolment:
    username: str
    totp_uri: str
    totp_secret: str


@dataclasses.dataclass(frozen=True, slots=True)
class StaffView:
    id: int
    username: str
    full_name: str
    roles: tuple[str, ...]
    unit_code: str
    unit_name: str
    active: bool
    totp_enrolled: bool
    locked_until: dt.datetime | None


@dataclasses.dataclass(frozen=True, slots=True)
class UnitChoice:
    code: str
    name: str


class StaffService:
    def __init__(self, clock: Clock, secret: str) -> None:
        self._clock = clock
        self._key = hashlib.sha256(f"motcua-staff:{secret}".encode()).digest()
        self._tokens = TokenService(clock)

    # --- sign-in -------------------------------------------------------------------------------

    async def login(
        self, ctx: Context, username: str, password: str, totp_code: str, kind: TokenKind
    ) -> str:
        """A new token for username + password + TOTP code; see the module rules."""
        name = username.strip().lower()[:64]
        user = await _find(name) if name else None
        if user is None or not user["active"]:
            await passwords.waste_time(password[: passwords.MAX_PASSWORD])
            async with write_transaction(StaffUser._meta.db):
                await audit.record(
                    ctx, "staff.sign_in_failed", object_type="staff", detail="unknown account"
                )
            raise Unauthenticated(BAD_CREDENTIALS)
        await self._refuse_if_locked(ctx, user)
        ok = await passwords.verify_password(user["password_hash"], password)
        if not ok:
            await self._fail(ctx, user, "wrong password")
        code = totp.normalised_code(totp_code)
        if not user["totp_enrolled"] and not code:
            raise EnrolmentRequired(self._ticket(user))
        new_hash = None
        if passwords.needs_rehash(user["password_hash"]):
            new_hash = await passwords.hash_password(password)
        return await self._second_factor(ctx, user, code, kind, new_hash)

    async def enrolment(self, ticket: str) -> Enrolment:
        """What the enrolment page shows: the otpauth URI and the secret for manual entry."""
        user = await self._ticket_user(ticket)
        secret = user["totp_secret"]
        return Enrolment(user["username"], totp.provisioning_uri(secret, user["username"]), secret)

    async def complete_enrolment(
        self, ctx: Context, ticket: str, totp_code: str, kind: TokenKind
    ) -> str:
        """The first code from the new authenticator: enrols it and signs in."""
        user = await self._ticket_user(ticket)
        await self._refuse_if_locked(ctx, user)
        return await self._second_factor(ctx, user, totp.normalised_code(totp_code), kind, None)

    async def sign_out(self, ctx: Context, token: str | None) -> None:
        """Revoke the token (session or bearer) and note it in the audit log."""
        async with write_transaction(StaffUser._meta.db):
            if await self._tokens.revoke(token) and ctx.actor.is_staff:
                await audit.record(ctx, "staff.sign_out", object_type="staff", object_id=_id(ctx))

    async def _second_factor(
        self,
        ctx: Context,
        user: dict[str, Any],
        code: str,
        kind: TokenKind,
        new_hash: str | None,
    ) -> str:
        step = totp.matching_step(user["totp_secret"], code, self._clock.now())
        if step is None:
            if not user["totp_enrolled"]:
                await self._fail(
                    ctx, user, "wrong code", then=EnrolmentRequired(self._ticket(user))
                )
            await self._fail(ctx, user, "wrong code")
        values: dict[Any, Any] = {
            StaffUser.totp_last_step: step,
            StaffUser.totp_enrolled: True,
            StaffUser.failed_logins: 0,
            StaffUser.locked_until: None,
        }
        if new_hash:
            values[StaffUser.password_hash] = new_hash
        async with write_transaction(StaffUser._meta.db):
            accepted = (
                await StaffUser.update(values)
                .where((StaffUser.id == user["id"]) & (StaffUser.totp_last_step < step))
                .returning(StaffUser.id)
            )
            token = ""
            if accepted:
                token = await self._tokens.issue(kind, staff_id=user["id"])
                who = Context(await staff_actor(user["id"]), ctx.client)
                detail = "" if user["totp_enrolled"] else "authenticator enrolled"
                await audit.record(
                    who, "staff.sign_in", object_type="staff", object_id=user["id"], detail=detail
                )
        if not accepted:
            await self._fail(ctx, user, "code replayed", then=Unauthenticated(CODE_USED))
        return token

    async def _fail(
        self, ctx: Context, user: dict[str, Any], reason: str, then: Exception | None = None
    ) -> NoReturn:
        """Count a failure (locking at the fifth), audit it, then raise `then` or a 401."""
        now = self._clock.now()
        async with write_transaction(StaffUser._meta.db):
            rows = (
                await StaffUser.update({StaffUser.failed_logins: StaffUser.failed_logins + 1})
                .where(StaffUser.id == user["id"])
                .returning(StaffUser.failed_logins)
            )
            await audit.record(
                ctx,
                "staff.sign_in_failed",
                object_type="staff",
                object_id=user["id"],
                detail=reason,
            )
            locked = bool(rows) and rows[0]["failed_logins"] >= MAX_FAILURES
            if locked:
                await StaffUser.update(
                    {StaffUser.failed_logins: 0, StaffUser.locked_until: now + LOCK_TIME}
                ).where(StaffUser.id == user["id"])
                await audit.record(
                    ctx,
                    "staff.locked",
                    object_type="staff",
                    object_id=user["id"],
                    detail=f"{MAX_FAILURES} failed sign-ins in a row",
                )
        if locked:
            raise _locked(int(LOCK_TIME.total_seconds()))
        raise then or Unauthenticated(BAD_CREDENTIALS)

    async def _refuse_if_locked(self, ctx: Context, user: dict[str, Any]) -> None:
        until = user["locked_until"]
        now = self._clock.now()
        if until is not None and until > now:
            async with write_transaction(StaffUser._meta.db):
                await audit.record(
                    ctx,
                    "staff.sign_in_failed",
                    object_type="staff",
                    object_id=user["id"],
                    detail="account locked",
                )
            raise _locked(math.ceil((until - now).total_seconds()))

    def _ticket(self, user: dict[str, Any]) -> str:
        return totp.issue_ticket(self._key, user["id"], user["totp_secret"], self._clock.now())

    async def _ticket_user(self, ticket: str) -> dict[str, Any]:
        staff_id = totp.ticket_account(ticket)
        user = await _find_id(staff_id) if staff_id is not None else None
        if (
            user is None
            or not user["active"]
            or user["totp_enrolled"]
            or not totp.ticket_valid(self._key, ticket, user["totp_secret"], self._clock.now())
        ):
            raise Unauthenticated(TICKET_GONE)
        return user

    # --- management ----------------------------------------------------------------------------

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
            await _put_roles(staff_id, wanted)
            after = {"username": username, "roles": sorted(wanted), "unit": unit_code or ""}
            await audit.record(
                ctx, "staff.created", object_type="staff", object_id=staff_id, after=after
            )
        return StaffCreated(staff_id, username, totp.provisioning_uri(secret, username), secret)

    async def set_roles(self, ctx: Context, staff_id: int, roles: Iterable[str]) -> None:
        _require_admin(ctx)
        wanted = _roles(roles)
        if not wanted:
            raise InvalidInput.one("roles", _ROLES_RULE)
        async with write_transaction(StaffUser._meta.db):
            await _one_admin_change_at_a_time()
            user = await _existing(staff_id)
            before = await _roles_of(staff_id)
            if "admin" in before and "admin" not in wanted and user["active"]:
                await _keep_an_admin(staff_id)
            if wanted & UNIT_ROLES and user["unit"] is None:
                raise InvalidInput.one("unit", _UNIT_NEEDED)
            await StaffRole.delete().where(StaffRole.staff == staff_id)
            await _put_roles(staff_id, wanted)
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
            user = await _existing(staff_id)
            errors: list[FieldError] = []
            unit_id = await _unit_for(await _roles_of(staff_id), unit_code or None, errors)
            if errors:
                raise InvalidInput(errors[0].message, errors)
            before = await _unit_code(user["unit"])
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
            user = await _existing(staff_id)
            if not active and user["active"] and "admin" in await _roles_of(staff_id):
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

    async def reset_totp(self, ctx: Context, staff_id: int) -> str:
        """A new secret: the old authenticator stops working; the new URI is returned once."""
        _require_admin(ctx)
        secret = totp.new_secret()
        async with write_transaction(StaffUser._meta.db):
            user = await _existing(staff_id)
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
        return await _views(None)

    async def get(self, ctx: Context, staff_id: int) -> StaffView:
        _require_admin(ctx)
        found = await _views(staff_id)
        if not found:
            raise NotFound("Không có tài khoản cán bộ này")
        return found[0]

    async def me(self, ctx: Context) -> StaffView:
        """The signed-in staff member's own account."""
        if not ctx.actor.is_staff or ctx.actor.id is None:
            raise NotFound("not a staff member")
        found = await _views(ctx.actor.id)
        if not found:
            raise NotFound("not a staff member")
        return found[0]

    async def unit_choices(self) -> list[UnitChoice]:
        active = Unit.active == True  # noqa: E712
        rows = await Unit.select(Unit.code, Unit.name).where(active).order_by(Unit.code)
        return [UnitChoice(r["code"], r["name"]) for r in rows]


_ROLES_RULE = "Chọn ít nhất một vai trò: officer (cán bộ), head (lãnh đạo đơn vị), admin (quản trị)"
_UNIT_NEEDED = "Cán bộ (officer) và lãnh đạo đơn vị (head) phải thuộc một đơn vị"


def _require_admin(ctx: Context) -> None:
    if not (ctx.actor.has_role("admin") or ctx.actor.kind == "system"):
        raise PermissionDenied("only an admin manages staff accounts")


def _id(ctx: Context) -> int:
    return ctx.actor.id or 0


def _roles(roles: Iterable[str]) -> set[str]:
    wanted = {r.strip() for r in roles if r and r.strip()}
    unknown = wanted - set(ROLES)
    if unknown:
        raise InvalidInput.one("roles", f"Vai trò không có: {', '.join(sorted(unknown))}")
    return wanted


def _locked(seconds: int) -> RateLimited:
    minutes = max(1, -(-seconds // 60))
    return RateLimited(
        f"Đăng nhập sai quá {MAX_FAILURES} lần; tài khoản tạm khoá, hãy thử lại sau {minutes} phút",
        seconds,
    )


async def _unit_for(roles: set[str], unit_code: str | None, errors: list[FieldError]) -> int | None:
    """The unit's id (None when none is named); adds a problem to `errors` when it is wrong."""
    if not roles:
        errors.append(FieldError("roles", _ROLES_RULE))
    if not unit_code:
        if roles & UNIT_ROLES:
            errors.append(FieldError("unit", _UNIT_NEEDED))
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


async def _find(username: str) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await StaffUser.select().where(StaffUser.username == username).first()
    )
    return row


async def _find_id(staff_id: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = await StaffUser.select().where(StaffUser.id == staff_id).first()
    return row


async def _existing(staff_id: int) -> dict[str, Any]:
    user = await _find_id(staff_id)
    if user is None:
        raise NotFound("Không có tài khoản cán bộ này")
    return user


async def _roles_of(staff_id: int) -> set[str]:
    rows = await StaffRole.select(StaffRole.role).where(StaffRole.staff == staff_id)
    return {r["role"] for r in rows}


async def _put_roles(staff_id: int, roles: set[str]) -> None:
    if roles:
        await StaffRole.insert(*(StaffRole(staff=staff_id, role=r) for r in sorted(roles)))


async def _unit_code(unit_id: int | None) -> str:
    if unit_id is None:
        return ""
    row = await Unit.select(Unit.code).where(Unit.id == unit_id).first()
    return str(row["code"]) if row else ""


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


async def _views(staff_id: int | None) -> list[StaffView]:
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
        )
        for r in rows
    ]
