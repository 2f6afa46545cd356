"""Enqueueing notifications: call `enqueue` inside the transaction that makes the change.

The row commits or rolls back with the change, so a status change never goes unannounced and an
announcement never names a change that did not happen. Delivery (Web Push, email, SMS, in-app)
is the worker's job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from core import rows
from core.outbox.tables import OutboxMessage

MAX_SUBJECT = 200


@dataclasses.dataclass(frozen=True, slots=True)
class Notice:
    topic: str
    subject: str
    body: str
    link: str = ""
    data: dict[str, Any] | None = None


async def enqueue(
    notice: Notice,
    *,
    now: dt.datetime,
    citizen_id: int | None = None,
    staff_id: int | None = None,
) -> None:
    """One pending message to one recipient, due now."""
    if (citizen_id is None) == (staff_id is None):
        raise ValueError("a notice goes to exactly one citizen or one staff member")
    await rows.insert(
        OutboxMessage,
        [
            {
                "topic": notice.topic,
                "citizen": citizen_id,
                "staff": staff_id,
                "subject": notice.subject[:MAX_SUBJECT],
                "body": notice.body,
                "link": notice.link,
                "data": notice.data,
                "status": "pending",
                "attempts": 0,
                "created_at": now,
                "due_at": now,
            }
        ],
    )


async def pending_for_citizen(citizen_id: int) -> list[dict[str, Any]]:
    """The citizen's messages not yet delivered, oldest first (tests and the in-app list)."""
    found: list[dict[str, Any]] = (
        await OutboxMessage.select(
            OutboxMessage.topic, OutboxMessage.subject, OutboxMessage.body, OutboxMessage.link
        )
        .where((OutboxMessage.citizen == citizen_id) & (OutboxMessage.status == "pending"))
        .order_by(OutboxMessage.id)
    )
    return found
