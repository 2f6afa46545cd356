"""Subscribing a browser to Web Push and unsubscribing it.

The browser's `PushSubscription` JSON (`{"endpoint", "keys": {"p256dh", "auth"}}`) is checked
here so a bad one is refused at the door with a message saying what to fix, rather than failing
at every later send. Subscribing is an upsert by endpoint: an endpoint names one browser profile,
so when someone else signs in on that browser it moves to them and the previous owner stops
receiving their notifications there.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import ipaddress
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from piccolo.columns import Column

from core import database
from core.errors import FieldError, InvalidInput
from core.push.devices import PushDevice
from core.push.labels import device_label
from core.push.tables import ENDPOINT_MAX, PushSubscription

P256DH_BYTES = 65
AUTH_BYTES = 16
LOOPBACK_NAMES = frozenset({"localhost"})
# Devices per citizen: a new one beyond this replaces the oldest, so no account can make every
# delivery to it fan out to thousands of endpoints.
MAX_DEVICES = 10


@dataclasses.dataclass(frozen=True, slots=True)
class SubscriptionInput:
    """A browser's subscription as it sent it (base64url keys)."""

    endpoint: str
    p256dh: str
    auth: str


def decode_base64url(text: str) -> bytes | None:
    """Bytes of a base64url string with or without padding; None when it is not base64url."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _endpoint_problem(endpoint: str, *, allow_loopback_http: bool) -> str | None:
    if not endpoint or len(endpoint) > ENDPOINT_MAX:
        return f"endpoint must be a URL of at most {ENDPOINT_MAX} characters"
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname or ""
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        return "endpoint is not a valid URL"
    if not host:
        return "endpoint must be an absolute URL with a host"
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and allow_loopback_http and is_loopback(host):
        return None
    if allow_loopback_http:
        return "endpoint must use https (or http on a loopback host in dev and test)"
    return "endpoint must use https"


def _p256dh_problem(p256dh: str) -> str | None:
    raw = decode_base64url(p256dh)
    if raw is None or len(raw) != P256DH_BYTES or raw[0] != 0x04:
        return "keys.p256dh must be base64url of a 65-byte uncompressed P-256 point (0x04…)"
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return "keys.p256dh is not a point on the P-256 curve"
    return None


def _auth_problem(auth: str) -> str | None:
    raw = decode_base64url(auth)
    if raw is None or len(raw) != AUTH_BYTES:
        return "keys.auth must be base64url of 16 bytes"
    return None


def check_subscription(given: SubscriptionInput, *, allow_loopback_http: bool) -> None:
    """Raise `InvalidInput` naming every field of the subscription that cannot be used."""
    endpoint = _endpoint_problem(given.endpoint, allow_loopback_http=allow_loopback_http)
    problems = [
        FieldError(field, message)
        for field, message in (
            ("endpoint", endpoint),
            ("keys.p256dh", _p256dh_problem(given.p256dh)),
            ("keys.auth", _auth_problem(given.auth)),
        )
        if message is not None
    ]
    if problems:
        raise InvalidInput("the push subscription is not usable", problems)


async def subscribe(
    citizen_id: int,
    given: SubscriptionInput,
    *,
    user_agent: str,
    allow_loopback_http: bool,
) -> PushDevice:
    """Store the browser's subscription for the citizen (moving it if another had it)."""
    check_subscription(given, allow_loopback_http=allow_loopback_http)
    values: dict[Column | str, Any] = {
        PushSubscription.citizen: citizen_id,
        PushSubscription.p256dh: given.p256dh,
        PushSubscription.auth: given.auth,
        PushSubscription.label: device_label(user_agent)[:100],
        PushSubscription.failures: 0,
    }
    engine = PushSubscription._meta.db
    for _ in range(2):  # a concurrent first subscribe of the same endpoint: update the winner's row
        try:
            async with database.write_transaction(engine):
                updated = (
                    await PushSubscription.update(values)
                    .where(PushSubscription.endpoint == given.endpoint)
                    .returning(
                        PushSubscription.id, PushSubscription.label, PushSubscription.created_at
                    )
                )
                if updated:
                    found = updated[0]
                    return PushDevice(found["id"], found["label"], found["created_at"])
                row = PushSubscription(
                    citizen=citizen_id,
                    endpoint=given.endpoint,
                    p256dh=given.p256dh,
                    auth=given.auth,
                    label=values[PushSubscription.label],
                    created_at=dt.datetime.now(dt.UTC),
                )
                await row.save()
                await _forget_beyond_newest(citizen_id, MAX_DEVICES)
                return PushDevice(row.id, row.label, row.created_at)
        except Exception as error:
            if not database.is_unique_violation(error):
                raise
    raise RuntimeError("push subscription upsert lost twice to concurrent writers")


async def _forget_beyond_newest(citizen_id: int, keep: int) -> None:
    rows = (
        await PushSubscription.select(PushSubscription.id)
        .where(PushSubscription.citizen == citizen_id)
        .order_by(PushSubscription.id, ascending=False)
    )
    stale = [row["id"] for row in rows[keep:]]
    if stale:
        await PushSubscription.delete().where(PushSubscription.id.is_in(stale))


async def unsubscribe(citizen_id: int, endpoint: str) -> bool:
    """Forget the citizen's subscription with this endpoint; False when they had none such.

    Another citizen's endpoint is left alone (and the answer is the same as for an unknown one),
    so nobody can learn or cut off someone else's devices.
    """
    gone = (
        await PushSubscription.delete()
        .where(
            PushSubscription.endpoint == endpoint[:ENDPOINT_MAX],
            PushSubscription.citizen == citizen_id,
        )
        .returning(PushSubscription.id)
    )
    return bool(gone)
