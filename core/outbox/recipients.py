"""Who a message goes to, and on which channels.

A citizen always gets the in-app notification, then push, email and SMS as their choices allow
(core.outbox.preferences). A staff member gets in-app and email (staff accounts carry no email
yet, so the email channel skips them until they do). A deleted citizen gets nothing. A channel
chosen here may still find nothing to deliver to (no device, no address): it then answers None
and the attempt is recorded as skipped.
"""

from __future__ import annotations

import dataclasses

from core.identity.tables import Citizen
from core.outbox.channels import ChannelName, Delivery
from core.outbox.preferences import choices_of, group_of

STAFF_CHANNELS: tuple[ChannelName, ...] = ("in_app", "email")
CITIZEN_ORDER: tuple[ChannelName, ...] = ("in_app", "push", "email", "sms")


@dataclasses.dataclass(frozen=True, slots=True)
class Contact:
    email: str
    phone: str


async def contact_of(delivery: Delivery) -> Contact | None:
    """The citizen's email and phone (either may be empty); None for staff or a deleted account."""
    if delivery.citizen_id is None:
        return None
    row = (
        await Citizen.select(Citizen.email, Citizen.phone, Citizen.deleted_at)
        .where(Citizen.id == delivery.citizen_id)
        .first()
    )
    if row is None or row["deleted_at"] is not None:
        return None
    return Contact(row["email"] or "", row["phone"] or "")


async def channels_for(delivery: Delivery) -> list[ChannelName]:
    """The channels this message should go out on, in the order they are tried."""
    if delivery.staff_id is not None:
        return list(STAFF_CHANNELS)
    if await contact_of(delivery) is None:
        return []
    choices = await choices_of(delivery.citizen_id or 0)
    group = group_of(delivery.topic)
    return [name for name in CITIZEN_ORDER if choices.allows(group, name)]
