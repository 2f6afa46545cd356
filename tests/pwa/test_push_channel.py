"""PushChannel end to end: outbox delivery → pywebpush → a local push service that decrypts."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from core.clock import VIETNAM, FixedClock
from core.outbox.channels import Delivery, TryLater, Undeliverable
from core.push.channel import TTL_SECONDS, PushChannel
from core.push.subscriptions import SubscriptionInput, subscribe
from core.push.tables import PushSubscription
from pwa.vapid import VapidKeys
from pwa.webpush import WebPushSender
from tests.pwa.conftest import make_citizen
from tests.pwa.push_service import PushService

NOW = dt.datetime(2026, 12, 3, 9, 30, tzinfo=VIETNAM)
LINK = "/dossiers/H56.10.12-261203-0001"
ANDROID = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 Chrome/131.0 Mobile"


def delivery(citizen_id: int | None, *, topic: str = "dossier.receive") -> Delivery:
    return Delivery(
        message_id=1,
        topic=topic,
        subject="Hồ sơ đã được tiếp nhận",
        body="Hồ sơ H56.10.12-261203-0001 đã được tiếp nhận; hẹn trả ngày 10/12/2026.",
        link=LINK,
        citizen_id=citizen_id,
        staff_id=None,
    )


@pytest.fixture
async def sender(tmp_path: Path) -> WebPushSender:
    return WebPushSender(VapidKeys(tmp_path, "http://127.0.0.1:8000"))


@pytest.fixture
def channel(sender: WebPushSender) -> PushChannel:
    return PushChannel(sender, FixedClock(NOW))


async def subscribed(service: PushService, citizen_id: int) -> str:
    """A new browser of the citizen on the local push service; its endpoint."""
    browser = service.subscribe()
    keys = browser["keys"]
    given = SubscriptionInput(browser["endpoint"], keys["p256dh"], keys["auth"])
    await subscribe(citizen_id, given, user_agent=ANDROID, allow_loopback_http=True)
    return str(browser["endpoint"])


async def test_every_device_gets_the_decrypted_message(
    db: None, channel: PushChannel, sender: WebPushSender, push_service: PushService
) -> None:
    """Two devices: both decrypt {title, body, url, tag}; receipt "2 thiết bị"; last_sent_at set."""
    citizen = await make_citizen()
    endpoints = [await subscribed(push_service, citizen) for _ in range(2)]
    receipt = await channel.deliver(delivery(citizen))
    await sender.aclose()
    assert receipt == "2 thiết bị"
    for endpoint in endpoints:
        [received] = push_service.messages_for(endpoint)
        assert received.json() == {
            "title": "Hồ sơ đã được tiếp nhận",
            "body": "Hồ sơ H56.10.12-261203-0001 đã được tiếp nhận; hẹn trả ngày 10/12/2026.",
            "url": LINK,
            "tag": f"motcua:{LINK}",
        }
        assert received.headers["ttl"] == str(TTL_SECONDS)
        assert received.headers["urgency"] == "normal"
    rows = await PushSubscription.select(PushSubscription.last_sent_at)
    assert [row["last_sent_at"] for row in rows] == [NOW, NOW]
    assert push_service.rejected == []


@pytest.mark.parametrize("topic", ["dossier.request_supplement", "dossier.return_result"])
async def test_supplement_requests_and_results_are_high_urgency(
    db: None, channel: PushChannel, sender: WebPushSender, push_service: PushService, topic: str
) -> None:
    """The citizen must act or has waited: Urgency high wakes the device."""
    citizen = await make_citizen()
    endpoint = await subscribed(push_service, citizen)
    await channel.deliver(delivery(citizen, topic=topic))
    await sender.aclose()
    assert push_service.messages_for(endpoint)[0].headers["urgency"] == "high"


@pytest.mark.parametrize("status", [404, 410])
async def test_a_gone_subscription_is_deleted(
    db: None,
    channel: PushChannel,
    sender: WebPushSender,
    push_service: PushService,
    status: int,
) -> None:
    """404/410 from the push service: that subscription is removed, the others still get it."""
    citizen = await make_citizen()
    dead = await subscribed(push_service, citizen)
    alive = await subscribed(push_service, citizen)
    push_service.answer(dead, status)
    assert await channel.deliver(delivery(citizen)) == "1 thiết bị"
    await sender.aclose()
    rows = await PushSubscription.select(PushSubscription.endpoint)
    assert [row["endpoint"] for row in rows] == [alive]


async def test_when_the_last_device_is_gone_the_citizen_has_no_push(
    db: None, channel: PushChannel, sender: WebPushSender, push_service: PushService
) -> None:
    """The only device answers 410: nothing left on this channel (None), row deleted."""
    citizen = await make_citizen()
    push_service.answer(await subscribed(push_service, citizen), 410)
    assert await channel.deliver(delivery(citizen)) is None
    await sender.aclose()
    assert await PushSubscription.count() == 0


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_busy_or_failing_push_service_means_try_later(
    db: None,
    channel: PushChannel,
    sender: WebPushSender,
    push_service: PushService,
    status: int,
) -> None:
    """429 and 5xx: TryLater; the subscription stays, its failures are counted."""
    citizen = await make_citizen()
    push_service.answer(await subscribed(push_service, citizen), status)
    with pytest.raises(TryLater):
        await channel.deliver(delivery(citizen))
    await sender.aclose()
    rows = await PushSubscription.select(PushSubscription.failures)
    assert rows == [{"failures": 1}]


async def test_an_unreachable_push_service_means_try_later(
    db: None, channel: PushChannel, sender: WebPushSender, push_service: PushService
) -> None:
    """A push service that is down (connection refused) is a temporary failure."""
    citizen = await make_citizen()
    endpoint = await subscribed(push_service, citizen)
    await push_service.close()
    with pytest.raises(TryLater):
        await channel.deliver(delivery(citizen))
    await sender.aclose()
    assert await PushSubscription.exists().where(PushSubscription.endpoint == endpoint)


async def test_a_refusal_on_every_device_is_undeliverable(
    db: None, channel: PushChannel, sender: WebPushSender, push_service: PushService
) -> None:
    """400/403 on every device (e.g. a rejected VAPID key): no retry would help."""
    citizen = await make_citizen()
    push_service.answer(await subscribed(push_service, citizen), 403)
    with pytest.raises(Undeliverable):
        await channel.deliver(delivery(citizen))
    await sender.aclose()


async def test_no_subscription_means_none(
    db: None, channel: PushChannel, push_service: PushService
) -> None:
    """A citizen without a device, or a message for staff: None, nothing sent."""
    citizen = await make_citizen()
    assert await channel.deliver(delivery(citizen)) is None
    assert await channel.deliver(delivery(None)) is None
    assert push_service.received == []


async def test_one_citizens_message_never_reaches_anothers_device(
    db: None, channel: PushChannel, sender: WebPushSender, push_service: PushService
) -> None:
    """Only the recipient's subscriptions are used."""
    mine = await make_citizen()
    theirs = await make_citizen(phone="+84987654321", name="Trần Văn Minh")
    other_device = await subscribed(push_service, theirs)
    my_device = await subscribed(push_service, mine)
    assert await channel.deliver(delivery(mine)) == "1 thiết bị"
    await sender.aclose()
    assert push_service.messages_for(other_device) == []
    assert len(push_service.messages_for(my_device)) == 1


async def test_concurrent_deliveries_all_arrive_and_are_all_recorded(
    db: None, channel: PushChannel, sender: WebPushSender, push_service: PushService
) -> None:
    """Thirty deliveries at once (their reads and writes batched): each reaches its citizen."""
    citizens = [await make_citizen(phone=f"+8491200{n:04d}") for n in range(30)]
    endpoints = {citizen: await subscribed(push_service, citizen) for citizen in citizens}
    receipts = await asyncio.gather(*(channel.deliver(delivery(c)) for c in citizens))
    await sender.aclose()
    assert receipts == ["1 thiết bị"] * 30
    assert all(len(push_service.messages_for(endpoints[c])) == 1 for c in citizens)
    rows = await PushSubscription.select(PushSubscription.last_sent_at)
    assert {row["last_sent_at"] for row in rows} == {NOW}
