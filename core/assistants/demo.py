"""A demo volunteer assistant for a dev installation (`motcua demo-data`; refused in prod).

"Người hỗ trợ mẫu" (0900 000 002) is an approved assistant of the demo commune where the demo
counter officer works (UBND phường Hạc Thành), so that the assistant's pages have someone to sign
in as: with that number and the code from /dev/outbox. Idempotent: a second run changes nothing,
not even a status an officer changed since.
"""

from __future__ import annotations

from core import database
from core.assistants.tables import Assistant
from core.clock import Clock
from core.errors import ConfigurationError
from core.identity import audit
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.tables import Citizen, Unit

DEMO_PHONE = "+84900000002"
DEMO_NAME = "Người hỗ trợ mẫu"
DEMO_UNIT = "000.10.11.H56"  # UBND phường Hạc Thành (demo units)


async def load_demo_assistant(clock: Clock) -> bool:
    """Make the demo assistant if missing; True when it was made now."""
    unit = await Unit.select(Unit.id).where(Unit.code == DEMO_UNIT).first()
    if unit is None:
        raise ConfigurationError(f"the demo units are not loaded ({DEMO_UNIT} is missing)")
    now = clock.now()
    async with database.write_transaction(Assistant._meta.db):
        person = await Citizen.select(Citizen.id).where(Citizen.phone == DEMO_PHONE).first()
        if person is None:
            made = await Citizen.insert(
                Citizen(phone=DEMO_PHONE, full_name=DEMO_NAME, created_at=now)
            ).returning(Citizen.id)
            person = made[0]
        if await Assistant.exists().where(Assistant.citizen == person["id"]):
            return False
        row = await Assistant.insert(
            Assistant(
                citizen=person["id"],
                unit=unit["id"],
                status="approved",
                note="Tài khoản mẫu",
                applied_at=now,
                decided_at=now,
            )
        ).returning(Assistant.id)
        await audit.record(
            SYSTEM_CONTEXT,
            "assistant.approve",
            object_type="assistant",
            object_id=row[0]["id"],
            after={"status": "approved", "demo": True},
            unit_code=DEMO_UNIT,
        )
    return True
