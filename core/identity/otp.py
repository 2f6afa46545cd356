"""One-time sign-in codes for citizens (mã xác thực): six digits by SMS, five minutes, good once.

A code is made by pyotp from a fresh random secret per challenge and is never stored: the
`otp_challenge` row keeps only an HMAC-SHA256 of it, keyed with the app's secret, so a copy of
the database does not give anyone a working code. A new code for a number supersedes the
older unused ones (they expire at that instant). Checking a code tells which of five things
happened, so that the person can be told what to do next; none of them says whether the number
has an account, because anyone may ask for a code for any number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import re
from typing import Literal

import pyotp

from core.errors import FieldError
from core.identity.tables import OtpChallenge

CODE_DIGITS = 6
CODE_TTL = dt.timedelta(minutes=5)
RECENT = 10  # a replayed or superseded code is recognised among this many newest challenges
TICKET_TTL = dt.timedelta(hours=1)
_CODE = re.compile(r"^\d{6}$")
_SPACES = re.compile(r"[\s\-.]")

Outcome = Literal["ok", "wrong", "used", "expired", "none"]


@dataclasses.dataclass(frozen=True, slots=True)
class Check:
    outcome: Outcome
    challenge_id: int | None = None


def new_code() -> str:
    """Six digits from pyotp: the first HOTP value of a fresh random secret."""
    return pyotp.HOTP(pyotp.random_base32(), digits=CODE_DIGITS).at(0)


def digest(secret: str, phone: str, code: str) -> str:
    """What is stored instead of the code: HMAC-SHA256 keyed with the app secret (64 hex)."""
    return hmac.new(secret.encode(), f"otp:{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def code_problem(raw: str) -> tuple[str, FieldError | None]:
    """The code without spaces or dashes, or what is wrong with it."""
    code = _SPACES.sub("", raw or "")
    if not _CODE.match(code):
        return code, FieldError("code", f"the {CODE_DIGITS} digits from the SMS")
    return code, None


async def open_challenge(phone: str, code_digest: str, now: dt.datetime) -> int:
    """Store a new challenge; older unused ones for the number stop working now."""
    await OtpChallenge.update({OtpChallenge.expires_at: now}).where(
        (OtpChallenge.phone == phone)
        & OtpChallenge.used_at.is_null()
        & (OtpChallenge.expires_at > now)
    )
    rows = await OtpChallenge.insert(
        OtpChallenge(phone=phone, code_hash=code_digest, created_at=now, expires_at=now + CODE_TTL)
    ).returning(OtpChallenge.id)
    return int(rows[0]["id"])


async def check(phone: str, code_digest: str, now: dt.datetime) -> Check:
    """Compare a code with the number's recent challenges; count a wrong try on the live one."""
    rows = (
        await OtpChallenge.select(
            OtpChallenge.id, OtpChallenge.code_hash, OtpChallenge.expires_at, OtpChallenge.used_at
        )
        .where(OtpChallenge.phone == phone)
        .order_by(OtpChallenge.id, ascending=False)
        .limit(RECENT)
    )
    match = next((r for r in rows if hmac.compare_digest(r["code_hash"], code_digest)), None)
    if match is None:
        live = bool(rows) and rows[0]["used_at"] is None and rows[0]["expires_at"] > now
        if not live:
            return Check("none")
        await OtpChallenge.update({OtpChallenge.attempts: OtpChallenge.attempts + 1}).where(
            OtpChallenge.id == rows[0]["id"]
        )
        return Check("wrong", rows[0]["id"])
    if match["used_at"] is not None:
        return Check("used", match["id"])
    if match["expires_at"] <= now:
        return Check("expired", match["id"])
    return Check("ok", match["id"])


async def consume(challenge_id: int, now: dt.datetime) -> bool:
    """Mark a challenge used; False when another request used it first (single use under races)."""
    updated = (
        await OtpChallenge.update({OtpChallenge.used_at: now})
        .where((OtpChallenge.id == challenge_id) & OtpChallenge.used_at.is_null())
        .returning(OtpChallenge.id)
    )
    return bool(updated)


def ticket(secret: str, challenge_id: int) -> str:
    """An opaque, signed handle on a challenge: lets a page find the number without a URL."""
    return f"{challenge_id}.{_sign(secret, challenge_id)}"


async def phone_of_ticket(secret: str, value: str | None, now: dt.datetime) -> str | None:
    """The number a ticket's challenge was sent to, if the ticket is genuine and recent."""
    number, _, signature = (value or "").partition(".")
    if not number.isdigit() or len(number) > 18:
        return None
    if not hmac.compare_digest(signature, _sign(secret, int(number))):
        return None
    row = (
        await OtpChallenge.select(OtpChallenge.phone)
        .where((OtpChallenge.id == int(number)) & (OtpChallenge.created_at > now - TICKET_TTL))
        .first()
    )
    return str(row["phone"]) if row else None


def _sign(secret: str, challenge_id: int) -> str:
    message = f"ticket:{challenge_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]
