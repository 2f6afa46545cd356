"""The channel port: how the outbox worker hands one message to one way of reaching a person.

A channel (Web Push, email, SMS, in-app) gets a `Delivery` and either returns a short receipt
(what it did, for the attempt log), returns None when the recipient has nothing on that channel
(no subscribed device, no email address), or raises:
- `TryLater` for a failure worth retrying (timeout, 5xx, connection refused): the worker backs off;
- `Undeliverable` for a failure no retry will cure (malformed address): the worker records it and
  does not retry on that channel.
Adapters that speak to the outside (pywebpush, SMTP, an SMS gateway) live at the edge; the
worker in core only sees this protocol.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal, Protocol

ChannelName = Literal["push", "email", "sms", "in_app"]
CHANNELS: tuple[ChannelName, ...] = ("push", "email", "sms", "in_app")


@dataclasses.dataclass(frozen=True, slots=True)
class Delivery:
    message_id: int
    topic: str  # e.g. dossier.supplement_requested
    subject: str
    body: str
    link: str  # path of the page the message is about, e.g. /dossiers/H56.10.12-261203-0001
    citizen_id: int | None
    staff_id: int | None
    data: dict[str, Any] | None = None


class TryLater(Exception):
    """A temporary failure: deliver again after a back-off."""


class Undeliverable(Exception):
    """A permanent failure on this channel: retrying cannot help."""


class Channel(Protocol):
    name: ChannelName

    async def deliver(self, delivery: Delivery) -> str | None: ...
