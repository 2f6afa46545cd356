"""Subscribing browsers, the checks on what they send, and the devices page's functions."""

from __future__ import annotations

import base64
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from core.clock import SystemClock
from core.errors import InvalidInput
from core.identity.tables import Citizen
from core.push.devices import devices_of, remove_device
from core.push.labels import device_label
from core.push.subscriptions import MAX_DEVICES, SubscriptionInput, subscribe, unsubscribe
from core.push.tables import PushSubscription

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def browser(endpoint: str = "https://fcm.googleapis.com/fcm/send/abc:def") -> SubscriptionInput:
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return SubscriptionInput(endpoint, b64url(point), b64url(os.urandom(16)))


async def citizen(phone: str) -> int:
    row = Citizen(phone=phone, full_name="Lê Văn Hùng", created_at=SystemClock().now())
    await Citizen.insert(row)
    return int(row.id)


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (ANDROID_CHROME, "Chrome trên Android"),
        (IPHONE_SAFARI, "Safari trên iPhone"),
        (WINDOWS_EDGE, "Edge trên Windows"),
        ("", "Trình duyệt không rõ"),
    ],
)
def test_the_label_names_browser_and_platform(user_agent: str, label: str) -> None:
    """Enough to tell one's phone from one's laptop, in Vietnamese."""
    assert device_label(user_agent) == label


async def test_subscribing_stores_the_device_with_its_label(db: None) -> None:
    """The device appears in the citizen's list, labelled from the User-Agent."""
    owner = await citizen("+84912345678")
    device = await subscribe(owner, browser(), user_agent=ANDROID_CHROME, allow_loopback_http=False)
    assert device.label == "Chrome trên Android"
    assert await devices_of(owner) == [device]


async def test_subscribing_the_same_endpoint_again_keeps_one_row(db: None) -> None:
    """An upsert by endpoint: the browser's fresh keys replace the old ones."""
    owner = await citizen("+84912345678")
    first = browser()
    again = SubscriptionInput(first.endpoint, browser().p256dh, browser().auth)
    await subscribe(owner, first, user_agent="", allow_loopback_http=False)
    await subscribe(owner, again, user_agent="", allow_loopback_http=False)
    rows = await PushSubscription.select(PushSubscription.p256dh, PushSubscription.auth)
    assert rows == [{"p256dh": again.p256dh, "auth": again.auth}]


async def test_another_citizens_endpoint_moves_to_the_new_owner(db: None) -> None:
    """A shared browser follows whoever subscribed last; the previous owner loses it."""
    before, after = await citizen("+84912345678"), await citizen("+84987654321")
    shared = browser()
    await subscribe(before, shared, user_agent=ANDROID_CHROME, allow_loopback_http=False)
    await subscribe(after, shared, user_agent=ANDROID_CHROME, allow_loopback_http=False)
    assert await devices_of(before) == []
    assert len(await devices_of(after)) == 1


@pytest.mark.parametrize(
    ("given", "field"),
    [
        (browser("http://fcm.googleapis.com/fcm/send/x"), "endpoint"),
        (browser("ftp://127.0.0.1/push"), "endpoint"),
        (browser("not a url"), "endpoint"),
        (browser("https:///no-host"), "endpoint"),
        (browser("https://push.example:99999/x"), "endpoint"),
        (
            SubscriptionInput("https://push.example/x", b64url(b"\x04" + b"1" * 63), "x"),
            "keys.p256dh",
        ),
        (
            SubscriptionInput(
                "https://push.example/x", b64url(b"\x04" + b"1" * 64), b64url(b"1" * 16)
            ),
            "keys.p256dh",
        ),
        (
            SubscriptionInput(
                "https://push.example/x", b64url(b"\x02" + b"1" * 64), b64url(b"1" * 16)
            ),
            "keys.p256dh",
        ),
        (SubscriptionInput("https://push.example/x", "%%%", b64url(b"1" * 16)), "keys.p256dh"),
        (
            SubscriptionInput("https://push.example/x", browser().p256dh, b64url(b"1" * 15)),
            "keys.auth",
        ),
        (SubscriptionInput("https://push.example/x", browser().p256dh, "!!"), "keys.auth"),
    ],
)
async def test_an_unusable_subscription_is_refused_naming_the_field(
    db: None, given: SubscriptionInput, field: str
) -> None:
    """Endpoint not https, p256dh not a P-256 point, auth not 16 bytes: InvalidInput, no row."""
    owner = await citizen("+84912345678")
    with pytest.raises(InvalidInput) as refused:
        await subscribe(owner, given, user_agent="", allow_loopback_http=True)
    assert field in [error.field for error in refused.value.errors]
    assert await PushSubscription.count() == 0


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
async def test_plain_http_is_allowed_on_loopback_in_dev_and_test_only(db: None, host: str) -> None:
    """A local push service of the tests over http; never in prod."""
    owner = await citizen("+84912345678")
    local = browser(f"http://{host}:8123/push/a")
    with pytest.raises(InvalidInput):
        await subscribe(owner, local, user_agent="", allow_loopback_http=False)
    await subscribe(owner, local, user_agent="", allow_loopback_http=True)
    assert await PushSubscription.count() == 1


async def test_unsubscribe_removes_only_the_callers_own(db: None) -> None:
    """Someone else's endpoint and an unknown one are left alone (False), one's own goes."""
    owner, stranger = await citizen("+84912345678"), await citizen("+84987654321")
    mine = browser()
    await subscribe(owner, mine, user_agent="", allow_loopback_http=False)
    assert await unsubscribe(stranger, mine.endpoint) is False
    assert await unsubscribe(owner, "https://fcm.googleapis.com/fcm/send/unknown") is False
    assert await unsubscribe(owner, mine.endpoint) is True
    assert await PushSubscription.count() == 0


async def test_remove_device_only_removes_ones_own(db: None) -> None:
    """The settings page's remove button: another citizen's id or a huge id is just False."""
    owner, stranger = await citizen("+84912345678"), await citizen("+84987654321")
    device = await subscribe(owner, browser(), user_agent="", allow_loopback_http=False)
    assert await remove_device(stranger, device.id) is False
    assert await remove_device(owner, 2**63) is False
    assert await remove_device(owner, device.id) is True
    assert await devices_of(owner) == []


async def test_devices_are_listed_newest_first(db: None) -> None:
    """Phone added after laptop: the phone comes first."""
    owner = await citizen("+84912345678")
    laptop = await subscribe(
        owner, browser("https://a.example/1"), user_agent=WINDOWS_EDGE, allow_loopback_http=False
    )
    phone = await subscribe(
        owner, browser("https://a.example/2"), user_agent=ANDROID_CHROME, allow_loopback_http=False
    )
    assert [d.id for d in await devices_of(owner)] == [phone.id, laptop.id]


async def test_an_eleventh_device_replaces_the_oldest(db: None) -> None:
    """At most MAX_DEVICES per citizen: a delivery never fans out to an unbounded list."""
    owner = await citizen("+84912345678")
    made = [
        await subscribe(
            owner, browser(f"https://a.example/{n}"), user_agent="", allow_loopback_http=False
        )
        for n in range(MAX_DEVICES + 1)
    ]
    kept = {device.id for device in await devices_of(owner)}
    assert len(kept) == MAX_DEVICES and made[0].id not in kept and made[-1].id in kept
