"""Messages that need an admin: parked after too many failed rounds, or flagged because a
channel's outcome is unknown (a worker died during the call). An admin may send one again.

"Gửi lại" on a parked message starts it afresh (rounds back to 0, due now); channels already
recorded as sent are still never called again. On a flagged message it also releases the
unknown attempts, so those channels are called once more: the admin has judged that a possible
duplicate is better than a possible loss. Each retry writes an audit row in its transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core import database
from core.clock import Clock
from core.errors import NotFound
from core.identity import audit
from core.identity.actor import Context
from core.outbox.tables import OutboxAttempt, OutboxMessage

MAX_LISTED = 100
MAX_ID = 2**31 - 1


@dataclasses.dataclass(frozen=True, slots=True)
class AttemptLine:
    channel: str
    round: int
    started_at: dt.datetime
    outcome: str
    detail: str


@dataclasses.dataclass(frozen=True, slots=True)
class TroubledMessage:
    id: int
    topic: str
    subject: str
    recipient: str  # "citizen 12" / "staff 3": ids only, no personal data on the admin list
    status: str
    flagged: bool
    rounds: int
    created_at: dt.datetime
    attempts: list[AttemptLine]


class ParkedOutbox:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def troubled(self, limit: int = MAX_LISTED) -> list[TroubledMessage]:
        """Parked and flagged messages, newest first, each with its attempts in order."""
        rows = (
            await OutboxMessage.select()
            .where((OutboxMessage.status == "parked") | (OutboxMessage.flagged == True))  # noqa: E712
            .order_by(OutboxMessage.id, ascending=False)
            .limit(limit)
        )
        ids = [r["id"] for r in rows]
        lines: dict[int, list[AttemptLine]] = {i: [] for i in ids}
        if ids:
            found = (
                await OutboxAttempt.select()
                .where(OutboxAttempt.message.is_in(ids))
                .order_by(OutboxAttempt.id)
            )
            for a in found:
                lines[a["message"]].append(
                    AttemptLine(
                        a["channel"], a["round"], a["started_at"], a["outcome"], a["detail"]
                    )
                )
        return [
            TroubledMessage(
                id=r["id"],
                topic=r["topic"],
                subject=r["subject"],
                recipient=f"citizen {r['citizen']}" if r["citizen"] else f"staff {r['staff']}",
                status=r["status"],
                flagged=bool(r["flagged"]),
                rounds=r["attempts"],
                created_at=r["created_at"],
                attempts=lines[r["id"]],
            )
            for r in rows
        ]

    async def retry(self, ctx: Context, message_id: int) -> None:
        """Queue a parked or flagged message again, now. NotFound for any other message."""
        if not 0 < message_id <= MAX_ID:
            raise NotFound("no such parked or flagged message")
        now = self._clock.now()
        async with database.write_transaction(OutboxMessage._meta.db):
            found = (
                await OutboxMessage.select(OutboxMessage.status, OutboxMessage.flagged)
                .where(OutboxMessage.id == message_id)
                .first()
            )
            if found is None or (found["status"] != "parked" and not found["flagged"]):
                raise NotFound("no such parked or flagged message")
            await OutboxAttempt.update({OutboxAttempt.outcome: "released"}).where(
                (OutboxAttempt.message == message_id) & (OutboxAttempt.outcome == "unknown")
            )
            await OutboxMessage.update(
                {
                    OutboxMessage.status: "pending",
                    OutboxMessage.flagged: False,
                    OutboxMessage.attempts: 0,
                    OutboxMessage.due_at: now,
                    OutboxMessage.claimed_until: None,
                    OutboxMessage.claimed_by: "",
                }
            ).where(OutboxMessage.id == message_id)
            await audit.record(
                ctx,
                "outbox.retry",
                object_type="outbox_message",
                object_id=message_id,
                before={"status": found["status"], "flagged": bool(found["flagged"])},
                after={"status": "pending"},
            )
