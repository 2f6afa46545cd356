"""In-app notifications: the in-app channel that writes them, and the citizen's notification centre.

The channel is idempotent — a notification is keyed by its outbox message (unique), so a worker
that delivers a message a second time after a crash finds the row and reports it, never doubling
it. The centre lists a citizen's notifications newest first, counts the unread ones for the site
header and marks them read; another person's notification is NotFound, as if it did not exist.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core import database, rows
from core.clock import Clock
from core.errors import NotFound
from core.outbox.channels import ChannelName, Delivery
from core.outbox.service import DevOutboxService
from core.outbox.tables import Notification

MAX_LISTED = 100


@dataclasses.dataclass(frozen=True, slots=True)
class InboxItem:
    id: int
    title: str
    body: str
    link: str
    created_at: dt.datetime
    unread: bool


class InAppChannel:
    """The in-app channel; in dev and test it also notes each delivery in the dev outbox."""

    name: ChannelName = "in_app"

    def __init__(self, clock: Clock, dev_outbox: DevOutboxService | None = None) -> None:
        self._clock = clock
        self._dev_outbox = dev_outbox

    async def deliver(self, delivery: Delivery) -> str | None:
        row = {
            "citizen": delivery.citizen_id,
            "staff": delivery.staff_id,
            "message": delivery.message_id,
            "topic": delivery.topic,
            "title": delivery.subject,
            "body": delivery.body,
            "link": delivery.link,
            "created_at": self._clock.now(),
        }
        try:
            made = await rows.insert(Notification, [row], returning="id")
        except Exception as exc:
            if not database.is_unique_violation(exc):
                raise
            return f"notification for message {delivery.message_id} already there"
        if self._dev_outbox is not None:
            await self._dev_outbox.record(
                "in_app", _recipient(delivery), delivery.body, subject=delivery.subject
            )
        return f"notification {made[0]['id']}"


def _recipient(delivery: Delivery) -> str:
    if delivery.citizen_id is not None:
        return f"citizen:{delivery.citizen_id}"
    return f"staff:{delivery.staff_id}"


class InboxService:
    """A citizen's notification centre."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def items(self, citizen_id: int, limit: int = MAX_LISTED) -> list[InboxItem]:
        found = (
            await Notification.select()
            .where(Notification.citizen == citizen_id)
            .order_by(Notification.id, ascending=False)
            .limit(limit)
        )
        return [
            InboxItem(
                r["id"], r["title"], r["body"], r["link"], r["created_at"], r["read_at"] is None
            )
            for r in found
        ]

    async def unread_count(self, citizen_id: int) -> int:
        return int(
            await Notification.count().where(
                (Notification.citizen == citizen_id) & Notification.read_at.is_null()
            )
        )

    async def mark_all_read(self, citizen_id: int) -> int:
        """Every unread notification of the citizen marked read now; how many there were."""
        changed = (
            await Notification.update({Notification.read_at: self._clock.now()})
            .where((Notification.citizen == citizen_id) & Notification.read_at.is_null())
            .returning(Notification.id)
        )
        return len(changed)

    async def open(self, citizen_id: int, notification_id: int) -> str:
        """Mark one notification read; the page it is about. NotFound if it is not theirs."""
        found = (
            await Notification.select(Notification.link, Notification.read_at)
            .where((Notification.id == notification_id) & (Notification.citizen == citizen_id))
            .first()
        )
        if found is None:
            raise NotFound("no such notification")
        if found["read_at"] is None:
            await Notification.update({Notification.read_at: self._clock.now()}).where(
                Notification.id == notification_id
            )
        return str(found["link"])
