"""The devices a citizen receives Web Push on, for the notification settings page.

A device is one push subscription seen from the citizen's side: a label such as "Chrome trên
Android" (from the browser's User-Agent when it subscribed) and when it was added. Removing a
device deletes its subscription; the browser keeps its own until it next subscribes.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from core.push.tables import PushSubscription

MAX_ID = 2**31 - 1  # ids beyond a database integer are no device (and must not overflow SQLite)


@dataclasses.dataclass(frozen=True, slots=True)
class PushDevice:
    id: int
    label: str
    created_at: datetime


async def devices_of(citizen_id: int) -> list[PushDevice]:
    """The citizen's subscribed devices, newest first."""
    rows = (
        await PushSubscription.select(
            PushSubscription.id, PushSubscription.label, PushSubscription.created_at
        )
        .where(PushSubscription.citizen == citizen_id)
        .order_by(PushSubscription.created_at, ascending=False)
        .order_by(PushSubscription.id, ascending=False)
    )
    return [PushDevice(row["id"], row["label"], row["created_at"]) for row in rows]


async def remove_device(citizen_id: int, device_id: int) -> bool:
    """Delete one of the citizen's devices; False when it is not theirs (or already gone)."""
    if not 0 < device_id <= MAX_ID:
        return False
    found = (
        await PushSubscription.delete()
        .where(PushSubscription.id == device_id, PushSubscription.citizen == citizen_id)
        .returning(PushSubscription.id)
    )
    return bool(found)
