"""The pywebpush adapter against a local push service: encrypted, VAPID-signed, never blocking."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import pytest

from core.outbox.service import DevOutboxService
from core.push.ports import PushTarget, PushUnreachable
from pwa.vapid import VapidKeys
from pwa.webpush import DevPushSender, WebPushSender
from tests.pwa.push_service import PushService

PAYLOAD = json.dumps({"title": "Hồ sơ", "body": "Đã tiếp nhận", "url": "/", "tag": "t"}).encode()


def target_of(subscription: dict[str, object]) -> PushTarget:
    keys = subscription["keys"]
    assert isinstance(keys, dict)
    return PushTarget(str(subscription["endpoint"]), keys["p256dh"], keys["auth"])


@pytest.fixture
def sender(tmp_path: Path) -> WebPushSender:
    return WebPushSender(VapidKeys(tmp_path, "http://127.0.0.1:8000"))


async def test_a_push_arrives_decrypted_with_ttl_and_urgency(
    sender: WebPushSender, push_service: PushService
) -> None:
    """201; the service verified VAPID, decrypted aes128gcm and saw TTL and Urgency."""
    subscription = push_service.subscribe()
    outcome = await sender.send(target_of(subscription), PAYLOAD, ttl=3600, urgency="high")
    await sender.aclose()
    assert outcome.status == 201 and outcome.accepted
    [received] = push_service.messages_for(str(subscription["endpoint"]))
    assert received.plaintext == PAYLOAD
    assert received.headers["ttl"] == "3600" and received.headers["urgency"] == "high"
    assert push_service.rejected == []


async def test_pushes_go_out_concurrently(sender: WebPushSender, push_service: PushService) -> None:
    """Fifty sends at once all arrive: the adapter does not serialise on one request."""
    subscriptions = [push_service.subscribe() for _ in range(50)]
    outcomes = await asyncio.gather(
        *(sender.send(target_of(s), PAYLOAD, ttl=60, urgency="normal") for s in subscriptions)
    )
    await sender.aclose()
    assert {o.status for o in outcomes} == {201} and len(push_service.received) == 50


@pytest.mark.parametrize("status", [404, 410, 429, 500])
async def test_the_push_services_answer_is_reported(
    sender: WebPushSender, push_service: PushService, status: int
) -> None:
    """Gone and try-later answers come back as the outcome's status."""
    subscription = push_service.subscribe()
    push_service.answer(str(subscription["endpoint"]), status)
    outcome = await sender.send(target_of(subscription), PAYLOAD, ttl=60, urgency="normal")
    await sender.aclose()
    assert outcome.status == status
    assert outcome.gone == (status in (404, 410)) and outcome.temporary == (status >= 429)
    assert outcome.retry_after == (30 if status == 429 else None)


async def test_a_push_service_that_does_not_answer_is_unreachable(
    sender: WebPushSender, push_service: PushService
) -> None:
    """A closed port raises PushUnreachable (the channel's try-later), not a crash."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subscription = push_service.subscribe()
    keys = target_of(subscription)
    closed = PushTarget(f"http://127.0.0.1:{port}/push/x", keys.p256dh, keys.auth)
    with pytest.raises(PushUnreachable):
        await sender.send(closed, PAYLOAD, ttl=60, urgency="normal")
    await sender.aclose()


async def test_dev_records_every_push_and_only_delivers_on_loopback(
    db: None, sender: WebPushSender, push_service: PushService
) -> None:
    """Dev/test: both pushes land in the dev outbox; only the local one makes a request."""
    outbox = DevOutboxService()
    dev = DevPushSender(sender, outbox)
    local = target_of(push_service.subscribe())
    keys = target_of(push_service.subscribe())
    far = PushTarget("https://fcm.googleapis.com/fcm/send/abc", keys.p256dh, keys.auth)
    assert (await dev.send(local, PAYLOAD, ttl=60, urgency="normal")).status == 201
    assert (await dev.send(far, PAYLOAD, ttl=60, urgency="normal")).status == 201
    await sender.aclose()
    assert len(push_service.received) == 1
    recorded = await outbox.recent()
    assert [m.channel for m in recorded] == ["push", "push"]
    assert [m.to for m in recorded] == ["https://fcm.googleapis.com", push_service.origin]
    assert json.loads(recorded[0].body)["body"] == "Đã tiếp nhận"
