"""PushChannel: the outbox worker's Web Push channel (`core.outbox.channels.Channel`).

One delivery goes to every device the citizen subscribed, at once. The payload each device's
service worker receives (encrypted; `pwa/static` push handler) is JSON:

    {"title": str, "body": str, "url": str (path to open on click), "tag": str}

`tag` is the same for every message about one dossier, so a newer notice replaces the older one
on the device instead of piling up.

Outcome per device: 2xx delivered; 404/410 the subscription is dead and is deleted; 429, 5xx or
no answer count as a temporary failure. The delivery as a whole: a receipt ("2 thiết bị") when at
least one device got it (a retry would repeat it on those); `TryLater` when none got it and one
may later; None when the citizen has no device (left); `Undeliverable` when every device refused
it for good.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from core.clock import Clock
from core.outbox.channels import ChannelName, Delivery, TryLater, Undeliverable
from core.push.batching import Batched
from core.push.ports import PushOutcome, PushSender, PushTarget, PushUnreachable, Urgency
from core.push.tables import PushSubscription

log = logging.getLogger("motcua.push")
Row = dict[str, Any]

TTL_SECONDS = 24 * 3600  # a phone off for a day still gets the notice when it comes back
# Topics a citizen must act on or has waited for: the push service wakes the device at once.
HIGH_URGENCY_WORDS = ("supplement", "result")
TITLE_MAX = 120
BODY_MAX = 1000  # well under the ~4 KB a push service accepts after encryption


def urgency_of(topic: str) -> Urgency:
    """High for supplement requests and results; normal for everything else."""
    return "high" if any(word in topic for word in HIGH_URGENCY_WORDS) else "normal"


def payload_of(delivery: Delivery) -> bytes:
    """The JSON the service worker shows (see the module docstring)."""
    tag = f"motcua:{delivery.link}" if delivery.link else f"motcua:{delivery.topic}"
    message = {
        "title": delivery.subject[:TITLE_MAX] or "Cổng dịch vụ công",
        "body": delivery.body[:BODY_MAX],
        "url": delivery.link or "/",
        "tag": tag,
    }
    return json.dumps(message, ensure_ascii=False).encode()


class PushChannel:
    """Delivers outbox messages as Web Push to each of the citizen's subscribed devices."""

    name: ChannelName = "push"

    def __init__(self, sender: PushSender, clock: Clock) -> None:
        self._sender = sender
        self._clock = clock
        # Concurrent deliveries share their reads and writes (core/push/batching.py).
        self._subscriptions_of: Batched[int, list[Row]] = Batched(_subscriptions_of, missing=[])
        self._mark_sent = Batched(self._write_sent, missing=None)

    async def deliver(self, delivery: Delivery) -> str | None:
        if delivery.citizen_id is None:
            return None
        rows = await self._subscriptions_of(delivery.citizen_id)
        if not rows:
            return None
        payload = payload_of(delivery)
        urgency = urgency_of(delivery.topic)
        outcomes = await asyncio.gather(*(self._send_one(row, payload, urgency) for row in rows))
        return await self._settle(delivery, rows, outcomes)

    async def _send_one(
        self, row: dict[str, Any], payload: bytes, urgency: Urgency
    ) -> PushOutcome | None:
        """The push service's answer, or None when it did not answer."""
        target = PushTarget(row["endpoint"], row["p256dh"], row["auth"])
        try:
            return await self._sender.send(target, payload, ttl=TTL_SECONDS, urgency=urgency)
        except PushUnreachable as error:
            log.info("push service unreachable for subscription %s: %s", row["id"], error)
            return None

    async def _write_sent(self, groups: list[tuple[int, ...]]) -> dict[tuple[int, ...], None]:
        ids = [subscription for group in groups for subscription in group]
        await PushSubscription.update(
            {PushSubscription.last_sent_at: self._clock.now(), PushSubscription.failures: 0}
        ).where(PushSubscription.id.is_in(ids))
        return {}

    async def _settle(
        self,
        delivery: Delivery,
        rows: list[dict[str, Any]],
        outcomes: list[PushOutcome | None],
    ) -> str | None:
        sent = [r["id"] for r, o in zip(rows, outcomes, strict=True) if o and o.accepted]
        gone = [r["id"] for r, o in zip(rows, outcomes, strict=True) if o and o.gone]
        failed = [r["id"] for r in rows if r["id"] not in sent and r["id"] not in gone]
        if sent:
            await self._mark_sent(tuple(sent))
        if gone:
            await PushSubscription.delete().where(PushSubscription.id.is_in(gone))
        if failed:
            await PushSubscription.update(
                {PushSubscription.failures: PushSubscription.failures + 1}
            ).where(PushSubscription.id.is_in(failed))
        if sent:
            return f"{len(sent)} thiết bị"
        temporary = [o for o in outcomes if o is None or o.temporary]
        if temporary:
            raise TryLater(
                f"Web Push: {len(temporary)} thiết bị chưa nhận (dịch vụ push bận hoặc không "
                "trả lời), sẽ gửi lại"
            )
        if len(gone) == len(rows):
            return None  # every device had unsubscribed: the citizen has none left
        statuses = sorted({o.status for o in outcomes if o is not None and not o.gone})
        raise Undeliverable(f"Web Push: dịch vụ push từ chối (HTTP {statuses})")


async def _subscriptions_of(citizen_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each citizen's subscriptions, for several citizens in one query."""
    rows = await PushSubscription.select(
        PushSubscription.id,
        PushSubscription.citizen,
        PushSubscription.endpoint,
        PushSubscription.p256dh,
        PushSubscription.auth,
    ).where(PushSubscription.citizen.is_in(citizen_ids))
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row["citizen"], []).append(row)
    return found
