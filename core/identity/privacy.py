"""A citizen's rights over their data (Decree 13/2023/NĐ-CP): a copy of everything, and deletion.

These functions gather and minimise; `CitizenAuth.export` and `CitizenAuth.request_deletion`
call them inside a write transaction with the audit row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.identity import audit
from core.identity.audit import AuditFilter, AuditRow
from core.identity.phone import phone_key
from core.identity.tables import AuthToken, Citizen, OtpChallenge

SIGN_IN_ACTIONS = ("citizen.code_requested", "citizen.sign_in", "citizen.sign_in_failed")
MINIMISED_FIELDS = ("phone", "full_name", "national_id", "address", "email")
NUMBER_LOOKBACK = dt.timedelta(hours=1)  # the codes asked for just before the first sign-in


async def everything_about(
    citizen: dict[str, Any], secret: str, now: dt.datetime
) -> dict[str, Any]:
    """The citizen's record, sessions and every audit row by or about them, as plain JSON."""
    citizen_id = int(citizen["id"])
    tokens = (
        await AuthToken.select(
            AuthToken.kind, AuthToken.created_at, AuthToken.expires_at, AuthToken.revoked_at
        )
        .where(AuthToken.citizen == citizen_id)
        .order_by(AuthToken.id)
    )
    activity = await _activity(
        citizen_id, phone_key(citizen["phone"], secret), citizen["created_at"] - NUMBER_LOOKBACK
    )
    return {
        "exported_at": now.isoformat(),
        "profile": {
            "id": citizen_id,
            "phone": citizen["phone"],
            "full_name": citizen["full_name"],
            "national_id": citizen["national_id"] or "",
            "address": citizen["address"],
            "email": citizen["email"],
            "created_at": citizen["created_at"].isoformat(),
        },
        "sessions": {
            "active": sum(1 for t in tokens if _live(t, now)),
            "items": [
                {
                    "kind": t["kind"],
                    "created_at": t["created_at"].isoformat(),
                    "expires_at": t["expires_at"].isoformat(),
                    "revoked_at": t["revoked_at"].isoformat() if t["revoked_at"] else None,
                }
                for t in tokens
            ],
        },
        "sign_ins": [_entry(r) for r in activity if r.action in SIGN_IN_ACTIONS],
        "activity": [_entry(r) for r in activity],
        "dossiers": [],  # filled in when dossiers arrive
    }


async def minimise(citizen_id: int, phone: str, now: dt.datetime) -> None:
    """Blank every personal field, forget pending codes for the number, mark the row deleted."""
    await Citizen.update(
        {
            Citizen.phone: None,
            Citizen.full_name: "",
            Citizen.national_id: None,
            Citizen.address: "",
            Citizen.email: "",
            Citizen.deleted_at: now,
        }
    ).where(Citizen.id == citizen_id)
    await OtpChallenge.delete().where(OtpChallenge.phone == phone)


async def _activity(citizen_id: int, key: str, since: dt.datetime) -> list[AuditRow]:
    """Rows they did, rows about their account, and attempts on their number since they had it.

    A recycled number must not show its new owner the old owner's attempts, hence `since`.
    """
    found: dict[int, AuditRow] = {}
    for where in (
        AuditFilter(actor_kind="citizen", actor_id=citizen_id),
        AuditFilter(object_type="citizen", object_id=str(citizen_id)),
        AuditFilter(object_type="phone", object_id=key, since=since),
    ):
        found.update((row.id, row) for row in await audit.every(where))
    return [found[i] for i in sorted(found)]


def _entry(row: AuditRow) -> dict[str, Any]:
    return {
        "at": row.at.isoformat(),
        "action": row.action,
        "client_address": row.client_address,
        "before": row.before,
        "after": row.after,
        "detail": row.detail,
    }


def _live(token: dict[str, Any], now: dt.datetime) -> bool:
    return token["revoked_at"] is None and bool(token["expires_at"] > now)
