"""Counters written straight through the recorder's upsert, for the HTTP tests of the pages and
the API (the exactness of the counters themselves is tests/core/stats/test_exact.py's)."""

from __future__ import annotations

import datetime as dt

from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units
from core.stats import recorder

JUSTICE = "000.00.01.H56"  # Sở Tư pháp, a department
JUDICIAL_RECORDS = "000.01.01.H56"  # Phòng Lý lịch tư pháp, an agency under it
COMMUNE = "000.10.12.H56"  # UBND xã Đông Sơn


async def seed() -> None:
    """2026: the department 10 received (8 online, 2 at the counter), 6 on time, 2 late;
    its agency 5 received online, 4 early; a commune 20 received online, 20 early, 1 rating."""
    await load_demo_units(SYSTEM_CONTEXT)
    march, april = dt.date(2026, 3, 2), dt.date(2026, 4, 1)
    await recorder.bump(
        JUSTICE, march, {"received": 10, "received_online": 8, "received_counter": 2}
    )
    await recorder.bump(
        JUSTICE, april, {"resolved_on_time": 6, "resolved_late": 2, "resolved_minutes": 3840}
    )
    await recorder.bump(
        JUDICIAL_RECORDS,
        march,
        {"received": 5, "received_online": 5, "resolved_early": 4, "step_late": 1},
    )
    await recorder.bump(COMMUNE, april, {"received": 20, "received_online": 20})
    await recorder.bump(COMMUNE, april, {"resolved_early": 20, "received_digitised": 20})
    await recorder.rating_given(COMMUNE, april, "hai_long")
