"""Dossier codes: the receiving unit's e-identifier, the day (yyMMdd) and that day's sequence.

`000.00.12.H56-230405-0001` (DOMAIN.md). The counter is one upserted row per unit and day,
incremented by the database itself, so two submissions can never draw the same number; it is
called inside the submission's transaction, so a submission that fails gives its number back.
"""

from __future__ import annotations

import datetime as dt

from core.clock import VIETNAM
from core.dossiers.tables import DossierSequence

_NEXT = (
    "INSERT INTO dossier_sequence (scope, last) VALUES ({}, 1) "
    "ON CONFLICT (scope) DO UPDATE SET last = dossier_sequence.last + 1 "
    "RETURNING last"
)


def day_part(instant: dt.datetime) -> str:
    return instant.astimezone(VIETNAM).strftime("%y%m%d")


def format_code(unit_code: str, day: str, number: int) -> str:
    return f"{unit_code}-{day}-{number:04d}"


async def next_code(unit_code: str, received_at: dt.datetime) -> str:
    """The next code of `unit_code` on the day of `received_at` (Vietnam time)."""
    day = day_part(received_at)
    rows = await DossierSequence.raw(_NEXT, f"{unit_code}-{day}")
    return format_code(unit_code, day, int(rows[0]["last"]))
