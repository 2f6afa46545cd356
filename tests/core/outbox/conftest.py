"""Factories for the outbox tests: citizens, queued messages, and channels that record calls."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

from core.clock import VIETNAM
from core.identity.tables import Citizen
from core.outbox.channels import ChannelName, Delivery
from core.outbox.messages import Notice, enqueue
from core.outbox.tables import OutboxMessage

NOW = dt.datetime(2026, 12, 3, 9, 0, tzinfo=VIETNAM)


async def make_citizen(*, phone: str = "+84912345678", email: str = "") -> int:
    row = Citizen(phone=phone, full_name="Nguyễn Văn An", email=email, created_at=NOW)
    await Citizen.insert(row)
    return int(row.id)


async def queue(
    *,
    citizen_id: int | None = None,
    staff_id: int | None = None,
    topic: str = "dossier.request_supplement",
    count: int = 1,
    now: dt.datetime = NOW,
) -> list[int]:
    """`count` pending messages; their ids, oldest first."""
    for n in range(count):
        notice = Notice(
            topic,
            f"Hồ sơ H56-{n:04d} cần bổ sung giấy tờ",
            "Giấy chứng sinh",
            f"/dossiers/H56-{n:04d}",
        )
        await enqueue(notice, now=now, citizen_id=citizen_id, staff_id=staff_id)
    rows = await OutboxMessage.select(OutboxMessage.id).order_by(OutboxMessage.id)
    return [r["id"] for r in rows][-count:]


class FakeChannel:
    """A channel that records each call and answers what `answer` says (or raises it)."""

    def __init__(
        self, name: ChannelName, answer: Callable[[Delivery], str | None] | Exception | None = None
    ) -> None:
        self.name = name
        self.calls: list[int] = []
        self._answer = answer
        self.block_on: int | None = None  # message id to hang on (a worker dying mid-call)
        self.blocked = asyncio.Event()

    async def deliver(self, delivery: Delivery) -> str | None:
        self.calls.append(delivery.message_id)
        if delivery.message_id == self.block_on:
            self.blocked.set()
            await asyncio.Event().wait()  # forever: the test kills the worker here
        await asyncio.sleep(0)  # let another worker interleave
        if isinstance(self._answer, Exception):
            raise self._answer
        if callable(self._answer):
            return self._answer(delivery)
        return f"{self.name} ok {delivery.message_id}"
