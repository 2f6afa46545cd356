"""CitizenAuth: sign-in with a mobile number and a one-time code, the profile, and data rights.

Rate limits an attacker meets (kept in the database, so every server process counts together):

- codes sent: 3 per number per 15 minutes, 20 per client address per hour;
- wrong codes: 5 per number per 15 minutes, then sign-in for that number waits (even with the
  right code), and 20 per client address per hour.

Attempts for one number are serialised (SQLite's immediate transactions; a transaction-scoped
advisory lock on PostgreSQL), so parallel guesses cannot slip past the counts, and a code is
used at most once even when two requests carry it at the same instant.
Phone numbers never reach the audit log: failed attempts name a keyed hash of the number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from core import database
from core.clock import Clock
from core.database import write_transaction
from core.errors import FieldError, InvalidInput, Unauthenticated
from core.identity import audit, otp, privacy, ratelimit
from core.identity.actor import Actor, Context
from core.identity.phone import masked, normalise_phone, phone_key
from core.identity.ports import SmsSender
from core.identity.ratelimit import Limit
from core.identity.tables import Citizen
from core.identity.tokens import TokenKind, TokenService

MINUTE = dt.timedelta(minutes=1)
SENDS_PER_PHONE = Limit(3, 15 * MINUTE, "3 codes were sent to this number in 15 minutes")
SENDS_PER_CLIENT = Limit(20, 60 * MINUTE, "too many codes were asked for from this address")
WRONG_PER_PHONE = Limit(5, 15 * MINUTE, "5 wrong codes for this number: sign-in is paused")
WRONG_PER_CLIENT = Limit(20, 60 * MINUTE, "too many wrong codes from this address")
SMS_TEXT = (
    "Mã xác thực motcua của bạn là {code}, có hiệu lực {minutes} phút. "
    "Không chia sẻ mã này cho bất kỳ ai."
)
NAME_MAX, ADDRESS_MAX, EMAIL_MAX = 200, 500, 320
_NATIONAL_ID = re.compile(r"^\d{12}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_WHITESPACE = re.compile(r"\s+")


REJECTIONS: dict[str, str] = {
    "wrong": "the code is not right; check the SMS and type the 6 digits again",
    "used": "this code has already been used; ask for a new code",
    "expired": "this code has expired or a newer one was sent; use the newest code "
    "or ask for a new one",
    "none": "no code is waiting for this number (none was asked for, or it expired); "
    "ask for a new code",
}


class CodeRejected(Unauthenticated):
    """A code that does not sign in; `reason` is wrong, used, expired or none (none waiting)."""

    def __init__(self, reason: otp.Outcome) -> None:
        super().__init__(REJECTIONS[reason])
        self.reason = reason


@dataclasses.dataclass(frozen=True, slots=True)
class CodeSent:
    """What the caller may know after asking: where (masked), for how long, and a page ticket."""

    masked_phone: str
    expires_in: int
    ticket: str


@dataclasses.dataclass(frozen=True, slots=True)
class Profile:
    id: int
    phone: str
    full_name: str
    national_id: str
    address: str
    email: str
    created_at: dt.datetime


class CitizenAuth:
    def __init__(self, clock: Clock, sms: SmsSender, secret: str) -> None:
        self._clock = clock
        self._sms = sms
        self._secret = str(secret)
        self._tokens = TokenService(clock)

    async def request_code(self, ctx: Context, raw_phone: str) -> CodeSent:
        """Send a new code by SMS; the same answer whether or not the number has an account."""
        phone = normalise_phone(raw_phone)
        key, now = self._key(phone), self._clock.now()
        code = otp.new_code()
        async with write_transaction(Citizen._meta.db):
            await _one_at_a_time(key)
            await ratelimit.check(f"otp-wrong:{key}", WRONG_PER_PHONE, now)
            await ratelimit.count(f"otp-send:{key}", SENDS_PER_PHONE, now)
            await ratelimit.count(f"otp-send-ip:{self._key(ctx.client)}", SENDS_PER_CLIENT, now)
            challenge_id = await otp.open_challenge(
                phone, otp.digest(self._secret, phone, code), now
            )
            await audit.record(ctx, "citizen.code_requested", object_type="phone", object_id=key)
        minutes = int(otp.CODE_TTL.total_seconds() // 60)
        await self._sms.send(phone, SMS_TEXT.format(code=code, minutes=minutes))
        return CodeSent(
            masked(phone),
            int(otp.CODE_TTL.total_seconds()),
            otp.ticket(self._secret, challenge_id),
        )

    async def phone_of_ticket(self, ticket: str | None) -> str | None:
        """The number behind a page's sign-in ticket (never put in a URL), or None."""
        return await otp.phone_of_ticket(self._secret, ticket, self._clock.now())

    async def verify(
        self, ctx: Context, raw_phone: str, code: str, kind: TokenKind = "bearer"
    ) -> str:
        """Exchange a live code for a token; the first sign-in creates the account."""
        phone, code = _sign_in_input(raw_phone, code)
        key, client_key, now = self._key(phone), self._key(ctx.client), self._clock.now()
        async with write_transaction(Citizen._meta.db):
            await _one_at_a_time(key)
            await ratelimit.check(f"otp-wrong:{key}", WRONG_PER_PHONE, now)
            await ratelimit.check(f"otp-wrong-ip:{client_key}", WRONG_PER_CLIENT, now)
            found = await otp.check(phone, otp.digest(self._secret, phone, code), now)
            if found.outcome == "ok" and await otp.consume(found.challenge_id or 0, now):
                await ratelimit.clear(f"otp-wrong:{key}")
                return await self._signed_in(ctx, phone, kind)
            rejected = CodeRejected("used" if found.outcome == "ok" else found.outcome)
            await ratelimit.count(f"otp-wrong:{key}", WRONG_PER_PHONE, now)
            await ratelimit.count(f"otp-wrong-ip:{client_key}", WRONG_PER_CLIENT, now)
            await audit.record(
                ctx,
                "citizen.sign_in_failed",
                object_type="phone",
                object_id=key,
                detail=rejected.reason,
            )
        raise rejected

    async def sign_out(self, ctx: Context, token: str | None) -> None:
        """The token stops working at once."""
        citizen_id = _citizen_id(ctx)
        async with write_transaction(Citizen._meta.db):
            await self._tokens.revoke(token)
            await audit.record(ctx, "citizen.sign_out", object_type="citizen", object_id=citizen_id)

    async def profile(self, citizen_id: int) -> Profile:
        row = await _live_citizen(citizen_id)
        return Profile(
            row["id"],
            row["phone"],
            row["full_name"],
            row["national_id"] or "",
            row["address"],
            row["email"],
            row["created_at"],
        )

    async def update_profile(
        self, ctx: Context, *, full_name: str, national_id: str, address: str, email: str
    ) -> Profile:
        """Validate every field at once; the audit row names the changed fields, not values."""
        citizen_id = _citizen_id(ctx)
        values = validated_profile(
            full_name=full_name, national_id=national_id, address=address, email=email
        )
        async with write_transaction(Citizen._meta.db):
            before = await _live_citizen(citizen_id)
            changed = [f for f, v in values.items() if (before[f] or "") != (v or "")]
            if changed:
                await Citizen.update({getattr(Citizen, f): values[f] for f in changed}).where(
                    Citizen.id == citizen_id
                )
                await audit.record(
                    ctx,
                    "citizen.profile_updated",
                    object_type="citizen",
                    object_id=citizen_id,
                    before={f: _filled(before[f]) for f in changed},
                    after={f: _filled(values[f]) for f in changed},
                )
        return await self.profile(citizen_id)

    async def export(self, ctx: Context) -> dict[str, Any]:
        """Everything held about the signed-in citizen, as JSON-ready data (Decree 13/2023)."""
        citizen_id = _citizen_id(ctx)
        async with write_transaction(Citizen._meta.db):
            row = await _live_citizen(citizen_id)
            data = await privacy.everything_about(row, self._secret, self._clock.now())
            await audit.record(
                ctx, "citizen.data_export", object_type="citizen", object_id=citizen_id
            )
        return data

    async def request_deletion(self, ctx: Context) -> None:
        """Delete the account as far as the law allows: the row is minimised, sessions end.

        The citizen row stays (audit rows and, when they exist, dossiers refer to it) with its
        phone, name, ID number, address and email blanked. Dossiers already filed are kept as
        the archive rules require, minimised, and are never shown to a new owner of the number.
        """
        citizen_id = _citizen_id(ctx)
        async with write_transaction(Citizen._meta.db):
            row = await _live_citizen(citizen_id)
            now = self._clock.now()
            await privacy.minimise(citizen_id, row["phone"], now)
            await self._tokens.revoke_all(citizen_id=citizen_id)
            await audit.record(
                ctx,
                "citizen.deleted",
                object_type="citizen",
                object_id=citizen_id,
                after={"minimised": list(privacy.MINIMISED_FIELDS)},
            )

    async def _signed_in(self, ctx: Context, phone: str, kind: TokenKind) -> str:
        row = await Citizen.select(Citizen.id, Citizen.full_name).where(Citizen.phone == phone)
        created = not row
        if created:
            row = await Citizen.insert(
                Citizen(phone=phone, created_at=self._clock.now())
            ).returning(Citizen.id, Citizen.full_name)
        citizen_id = int(row[0]["id"])
        token = await self._tokens.issue(kind, citizen_id=citizen_id)
        actor = Actor("citizen", citizen_id, row[0]["full_name"] or f"citizen #{citizen_id}")
        await audit.record(
            Context(actor, ctx.client),
            "citizen.sign_in",
            object_type="citizen",
            object_id=citizen_id,
            after={"kind": kind, "new_account": created},
        )
        return token

    def _key(self, value: str) -> str:
        return phone_key(value or "-", self._secret)


def validated_profile(
    *, full_name: str, national_id: str, address: str, email: str
) -> dict[str, str | None]:
    """Cleaned profile values, or InvalidInput naming every field that is wrong."""
    name = _WHITESPACE.sub(" ", full_name or "").strip()
    id_number = re.sub(r"[\s.\-]", "", national_id or "")
    address = _WHITESPACE.sub(" ", address or "").strip()
    email = (email or "").strip()
    errors: list[FieldError] = []
    if not name:
        errors.append(FieldError("full_name", "your full name is required"))
    elif len(name) > NAME_MAX:
        errors.append(FieldError("full_name", f"at most {NAME_MAX} characters"))
    if id_number and not _NATIONAL_ID.match(id_number):
        errors.append(FieldError("national_id", "exactly 12 digits, as on the citizen ID card"))
    if len(address) > ADDRESS_MAX:
        errors.append(FieldError("address", f"at most {ADDRESS_MAX} characters"))
    if email and (len(email) > EMAIL_MAX or not _EMAIL.match(email)):
        errors.append(FieldError("email", "an email address such as ten@example.vn"))
    if errors:
        raise InvalidInput("the profile is not valid; see errors for what to fix", errors)
    return {"full_name": name, "national_id": id_number or None, "address": address, "email": email}


def _sign_in_input(raw_phone: str, raw_code: str) -> tuple[str, str]:
    errors: list[FieldError] = []
    phone = ""
    try:
        phone = normalise_phone(raw_phone)
    except InvalidInput as exc:
        errors.extend(exc.errors)
    code, problem = otp.code_problem(raw_code)
    if problem:
        errors.append(problem)
    if errors:
        raise InvalidInput("the phone number or code is not valid", errors)
    return phone, code


def _citizen_id(ctx: Context) -> int:
    if not ctx.actor.is_citizen or ctx.actor.id is None:
        raise Unauthenticated("sign in as a citizen first")
    return ctx.actor.id


async def _live_citizen(citizen_id: int) -> dict[str, Any]:
    row = await (
        Citizen.select().where((Citizen.id == citizen_id) & Citizen.deleted_at.is_null()).first()
    )
    if row is None:
        raise Unauthenticated("this account no longer exists")
    return row


async def _one_at_a_time(key: str) -> None:
    """Serialise attempts for one number (SQLite's immediate transaction already does)."""
    engine = Citizen._meta.db
    if not database.is_sqlite(engine):
        await Citizen.raw("SELECT pg_advisory_xact_lock({})", int(key[:15], 16))


def _filled(value: str | None) -> str:
    return "filled" if value else "empty"
