"""DevOutboxService: what the dev and test channel adapters "sent", newest first."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Literal

from core.outbox.tables import DevMessage

Channel = Literal["sms", "email", "push", "in_app"]
MAX_LISTED = 200


@dataclasses.dataclass(frozen=True, slots=True)
class SentMessage:
    channel: str
    to: str
    subject: str
    body: str
    created_at: dt.datetime


class DevOutboxService:
    async def record(self, channel: Channel, to: str, body: str, subject: str = "") -> None:
        await DevMessage.insert(
            DevMessage(
                channel=channel,
                recipient=to,
                subject=subject,
                body=body,
                created_at=dt.datetime.now(dt.UTC),
            )
        )

    async def recent(self, limit: int = MAX_LISTED) -> list[SentMessage]:
        rows = await DevMessage.select().order_by(DevMessage.id, ascending=False).limit(limit)
        return [
            SentMessage(r["channel"], r["recipient"], r["subject"], r["body"], r["created_at"])
            for r in rows
        ]
