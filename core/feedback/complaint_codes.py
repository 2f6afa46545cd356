"""Complaint codes: `PAKN-<unit e-identifier>-<yyMMdd>-<NNNN>`, like dossier codes.

The counter is one upserted row per unit and day, incremented by the database itself, so two
complaints filed at the same instant never draw the same number; it runs inside the filing's
transaction, so a filing that fails gives its number back.
"""

from __future__ import annotations

import datetime as dt

from core.clock import VIETNAM
from core.feedback.tables import ComplaintSequence

PREFIX = "PAKN"
_NEXT = (
    "INSERT INTO feedback_complaint_sequence (scope, last) VALUES ({}, 1) "
    "ON CONFLICT (scope) DO UPDATE SET last = feedback_complaint_sequence.last + 1 "
    "RETURNING last"
)


async def next_code(unit_code: str, received_at: dt.datetime) -> str:
    day = received_at.astimezone(VIETNAM).strftime("%y%m%d")
    rows = await ComplaintSequence.raw(_NEXT, f"{unit_code}-{day}")
    return f"{PREFIX}-{unit_code}-{day}-{int(rows[0]['last']):04d}"
