"""Staff accounts: officers, unit heads and admins; password (argon2) plus TOTP sign-in.

`StaffService` is the one service the edges use. Its two halves live in their own modules:
 - `sign_in`: login, lock-outs (per account and per client address), TOTP enrolment, sign-out;
 - `accounts`: what admins do — create, roles, unit, active, unlock, TOTP reset, listings;
 - `records`: the row lookups both share, and `StaffView`.
"""

from __future__ import annotations

import hashlib

from core.clock import Clock
from core.identity.staff.accounts import UNIT_ROLES, StaffAccounts, StaffCreated, UnitChoice
from core.identity.staff.records import StaffView
from core.identity.staff.sign_in import (
    BAD_CREDENTIALS,
    CODE_USED,
    FAILURES_PER_CLIENT,
    LOCK_TIME,
    MAX_FAILURES,
    TICKET_GONE,
    Enrolment,
    EnrolmentRequired,
    StaffSignIn,
)
from core.identity.tokens import TokenService

__all__ = [
    "BAD_CREDENTIALS",
    "CODE_USED",
    "FAILURES_PER_CLIENT",
    "LOCK_TIME",
    "MAX_FAILURES",
    "TICKET_GONE",
    "UNIT_ROLES",
    "Enrolment",
    "EnrolmentRequired",
    "StaffCreated",
    "StaffService",
    "StaffView",
    "UnitChoice",
]


class StaffService(StaffSignIn, StaffAccounts):
    """Staff sign-in and account management; `secret` keys enrolment tickets and rate buckets."""

    def __init__(self, clock: Clock, secret: str) -> None:
        self._clock = clock
        self._key = hashlib.sha256(f"motcua-staff:{secret}".encode()).digest()
        self._tokens = TokenService(clock)
