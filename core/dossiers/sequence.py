"""Dossier codes: the receiving unit's e-identifier, the day (yyMMdd) and that day's sequence.

`000.00.12.H56-230405-0001` (DOMAIN.md). The counter is one upserted row per unit and day,
incremented by the database itself, so two submissions can never draw the same number; it is
drawn in the filing's own write (core.dossiers.filing_write), so a filing that fails gives its
number back.
"""

from __future__ import annotations

import datetime as dt

from core.clock import VIETNAM

# The counter's rule, for a statement that inserts the scope's row with `last` = 1.
COUNT_ON = "ON CONFLICT (scope) DO UPDATE SET last = dossier_sequence.last + 1 RETURNING last"
NEXT = f"INSERT INTO dossier_sequence (scope, last) VALUES ({{}}, 1) {COUNT_ON}"  # noqa: S608 (constants only)


def day_part(instant: dt.datetime) -> str:
    return instant.astimezone(VIETNAM).strftime("%y%m%d")


def scope_of(unit_code: str, received_at: dt.datetime) -> str:
    """The counter's row: the unit and the day of `received_at` (Vietnam time)."""
    return f"{unit_code}-{day_part(received_at)}"


def code_of(scope: str, number: int) -> str:
    """The dossier code of the `number`th filing of `scope`'s unit and day."""
    return f"{scope}-{number:04d}"
