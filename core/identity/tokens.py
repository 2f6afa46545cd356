"""Web sessions and API bearer tokens: random, shown once, stored as SHA-256, revocable.

A token names a citizen or a staff member. Resolving it gives the Actor with the staff member's
current roles and unit, so a role removed by an admin takes effect on the next request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Literal

from core import rows
from core.clock import Clock
from core.identity.actor import ANONYMOUS, Actor
from core.identity.tables import AuthToken, Citizen, StaffRole, StaffUser, Unit

TokenKind = Literal["session", "bearer"]
CITIZEN_TTL = dt.timedelta(days=30)
STAFF_TTL = dt.timedelta(hours=12)
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 128


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenService:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def issue(
        self, kind: TokenKind, *, citizen_id: int | None = None, staff_id: int | None = None
    ) -> str:
        """A new token for exactly one of citizen or staff; call inside the sign-in transaction."""
        assert (citizen_id is None) != (staff_id is None)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self._clock.now()
        await AuthToken.insert(
            AuthToken(
                token_hash=digest(token),
                kind=kind,
                citizen=citizen_id,
                staff=staff_id,
                created_at=now,
                expires_at=now + (CITIZEN_TTL if citizen_id is not None else STAFF_TTL),
            )
        )
        return token

    async def resolve(self, token: str | None, kind: TokenKind) -> Actor:
        """The actor a live token names; ANONYMOUS if missing, unknown, expired or revoked."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return ANONYMOUS
        # Every request resolves its token: one hand-written query, the citizen joined in.
        found = await rows.fetch(
            AuthToken,
            "SELECT t.citizen, t.staff, c.full_name, c.deleted_at IS NULL AS live "
            "FROM auth_token t LEFT JOIN citizen c ON c.id = t.citizen "
            "WHERE t.token_hash = {} AND t.kind = {} AND t.revoked_at IS NULL "
            "AND t.expires_at > {}",
            digest(token),
            kind,
            self._clock.now(),
        )
        if not found:
            return ANONYMOUS
        row = found[0]
        if row["citizen"] is not None:
            if not row["live"]:
                return ANONYMOUS
            return _citizen(row["citizen"], row["full_name"])
        return await staff_actor(row["staff"])

    async def revoke(self, token: str | None) -> bool:
        """Sign-out: the token stops working at once. False if it was not live."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return False
        updated = (
            await AuthToken.update({AuthToken.revoked_at: self._clock.now()})
            .where((AuthToken.token_hash == digest(token)) & AuthToken.revoked_at.is_null())
            .returning(AuthToken.id)
        )
        return bool(updated)

    async def revoke_all(
        self, *, citizen_id: int | None = None, staff_id: int | None = None
    ) -> None:
        column = AuthToken.citizen if citizen_id is not None else AuthToken.staff
        await AuthToken.update({AuthToken.revoked_at: self._clock.now()}).where(
            (column == (citizen_id if citizen_id is not None else staff_id))
            & AuthToken.revoked_at.is_null()
        )


async def citizen_actor(citizen_id: int) -> Actor:
    row = (
        await Citizen.select(Citizen.id, Citizen.full_name)
        .where((Citizen.id == citizen_id) & Citizen.deleted_at.is_null())
        .first()
    )
    if row is None:
        return ANONYMOUS
    return _citizen(row["id"], row["full_name"])


def _citizen(citizen_id: int, full_name: str | None) -> Actor:
    return Actor("citizen", citizen_id, full_name or f"citizen #{citizen_id}")


async def staff_actor(staff_id: int) -> Actor:
    row = (
        await StaffUser.select(StaffUser.id, StaffUser.username, StaffUser.unit)
        .where((StaffUser.id == staff_id) & (StaffUser.active == True))  # noqa: E712
        .first()
    )
    if row is None:
        return ANONYMOUS
    roles = await StaffRole.select(StaffRole.role).where(StaffRole.staff == staff_id)
    unit_code = ""
    if row["unit"] is not None:
        unit = await Unit.select(Unit.code).where(Unit.id == row["unit"]).first()
        unit_code = unit["code"] if unit else ""
    return Actor(
        "staff",
        row["id"],
        row["username"],
        frozenset(r["role"] for r in roles),
        row["unit"],
        unit_code,
    )
