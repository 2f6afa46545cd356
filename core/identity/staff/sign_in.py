"""Staff sign-in: password (argon2) plus TOTP code, lock-outs, and the first-time enrolment.

Rules
 - one answer for an unknown user, a wrong password and a wrong code (no account probing); only
   someone who knew the password may hear that a code was already used;
 - a TOTP code counts once: its time step must be later than the last accepted one;
 - five failures in a row lock the account for 15 minutes, right credentials or not;
 - twenty failures from one client address in 15 minutes pause staff sign-in from that address
   (429 with the wait), whatever usernames were tried, so that guessing usernames or spreading
   guesses over many accounts meets a limit too; a success does not reset it;
 - a new account (no authenticator yet) signs in with its password and a first code; the web
   page gets an enrolment ticket to show the QR code first (`EnrolmentRequired`).
Every attempt that gets as far as a password or a code writes an audit row; a failure's counts
(per account and per address) are written in the same transaction as its audit row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
from typing import Any, NoReturn

from core.clock import Clock
from core.database import write_transaction
from core.errors import RateLimited, Unauthenticated
from core.identity import audit, passwords, ratelimit, totp
from core.identity.actor import Context
from core.identity.ratelimit import Limit
from core.identity.staff import records
from core.identity.tables import StaffUser
from core.identity.tokens import TokenKind, TokenService, staff_actor

BAD_CREDENTIALS = "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng"
CODE_USED = "Mã xác thực này đã được dùng; hãy chờ mã mới trong ứng dụng rồi nhập lại"
TICKET_GONE = "Phiên đăng ký mã xác thực đã hết hạn; hãy đăng nhập lại"
MAX_FAILURES = 5
LOCK_TIME = dt.timedelta(minutes=15)
FAILURES_PER_CLIENT = Limit(
    20, dt.timedelta(minutes=15), "20 failed staff sign-ins from one address in 15 minutes"
)


class EnrolmentRequired(Unauthenticated):
    """Right password, but the account has no authenticator yet: show the QR code first."""

    def __init__(self, ticket: str) -> None:
        super().__init__(BAD_CREDENTIALS)
        self.ticket = ticket


@dataclasses.dataclass(frozen=True, slots=True)
class Enrolment:
    username: str
    totp_uri: str
    totp_secret: str


class StaffSignIn:
    """The sign-in side of `StaffService`; needs `_clock`, `_key` and `_tokens` from it."""

    _clock: Clock
    _key: bytes
    _tokens: TokenService

    async def login(
        self, ctx: Context, username: str, password: str, totp_code: str, kind: TokenKind
    ) -> str:
        """A new token for username + password + TOTP code; see the module rules."""
        await self._refuse_if_client_paused(ctx)
        name = username.strip().lower()[:64]
        user = await records.find_by_username(name) if name else None
        if user is None or not user["active"]:
            await passwords.waste_time(password[: passwords.MAX_PASSWORD])
            await self._fail(ctx, None, "unknown account")
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
        await self._refuse_if_client_paused(ctx)
        user = await self._ticket_user(ticket)
        await self._refuse_if_locked(ctx, user)
        return await self._second_factor(ctx, user, totp.normalised_code(totp_code), kind, None)

    async def sign_out(self, ctx: Context, token: str | None) -> None:
        """Revoke the token (session or bearer) and note it in the audit log."""
        async with write_transaction(StaffUser._meta.db):
            if await self._tokens.revoke(token) and ctx.actor.is_staff:
                staff_id = ctx.actor.id or 0
                await audit.record(ctx, "staff.sign_out", object_type="staff", object_id=staff_id)

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
        self,
        ctx: Context,
        user: dict[str, Any] | None,
        reason: str,
        then: Exception | None = None,
    ) -> NoReturn:
        """Count a failure for the account (locking at the fifth) and for the address, audit it,
        then raise: the lock-out, the address pause, `then`, or a plain 401."""
        now = self._clock.now()
        locked = False
        async with write_transaction(StaffUser._meta.db):
            if user is not None:
                rows = (
                    await StaffUser.update({StaffUser.failed_logins: StaffUser.failed_logins + 1})
                    .where(StaffUser.id == user["id"])
                    .returning(StaffUser.failed_logins)
                )
                locked = bool(rows) and rows[0]["failed_logins"] >= MAX_FAILURES
            await audit.record(
                ctx,
                "staff.sign_in_failed",
                object_type="staff",
                object_id=user["id"] if user else "",
                detail=reason,
            )
            paused = await self._count_client_failure(ctx, now)
            if user is not None and locked:
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
        raise paused or then or Unauthenticated(BAD_CREDENTIALS)

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
                await self._count_client_failure(ctx, now)
            raise _locked(math.ceil((until - now).total_seconds()))

    async def _refuse_if_client_paused(self, ctx: Context) -> None:
        """Before any password is checked: 429 while the address has used up its failures."""
        try:
            await ratelimit.check(self._client_bucket(ctx), FAILURES_PER_CLIENT, self._clock.now())
        except RateLimited as exc:
            raise _client_paused(exc.retry_after) from None

    async def _count_client_failure(self, ctx: Context, now: dt.datetime) -> RateLimited | None:
        """One more failure from the address; the pause to answer with when it fills the window.

        Called inside the failure's transaction. Filling the window is audited once, as
        "staff.sign_in_paused", so an admin sees the address that was guessing.
        """
        bucket = self._client_bucket(ctx)
        try:
            await ratelimit.count(bucket, FAILURES_PER_CLIENT, now)
        except RateLimited:
            # A parallel attempt filled the window after this one's check: this failure is
            # audited all the same, and the next attempt is refused before any password check.
            return None
        try:
            await ratelimit.check(bucket, FAILURES_PER_CLIENT, now)
        except RateLimited as exc:
            await audit.record(
                ctx,
                "staff.sign_in_paused",
                object_type="client",
                detail=f"{FAILURES_PER_CLIENT.count} failed staff sign-ins from this address "
                f"in {_minutes(int(FAILURES_PER_CLIENT.window.total_seconds()))} minutes",
            )
            return _client_paused(exc.retry_after)
        return None

    def _client_bucket(self, ctx: Context) -> str:
        address = (ctx.client or "-").encode()
        return (
            "staff-fail-ip:" + hashlib.blake2b(address, key=self._key, digest_size=16).hexdigest()
        )

    def _ticket(self, user: dict[str, Any]) -> str:
        return totp.issue_ticket(self._key, user["id"], user["totp_secret"], self._clock.now())

    async def _ticket_user(self, ticket: str) -> dict[str, Any]:
        staff_id = totp.ticket_account(ticket)
        user = await records.find_by_id(staff_id) if staff_id is not None else None
        if (
            user is None
            or not user["active"]
            or user["totp_enrolled"]
            or not totp.ticket_valid(self._key, ticket, user["totp_secret"], self._clock.now())
        ):
            raise Unauthenticated(TICKET_GONE)
        return user


def _minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


def _locked(seconds: int) -> RateLimited:
    return RateLimited(
        f"Đã đăng nhập sai {MAX_FAILURES} lần liên tiếp; tài khoản tạm khoá, "
        f"hãy thử lại sau {_minutes(seconds)} phút",
        seconds,
    )


def _client_paused(seconds: int) -> RateLimited:
    return RateLimited(
        "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này; "
        f"hãy thử lại sau {_minutes(seconds)} phút",
        seconds,
    )
