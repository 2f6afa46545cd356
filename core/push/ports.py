"""The push sender port: how the push channel hands one encrypted message to a push service.

The adapter (`pwa.webpush`, pywebpush underneath) encrypts the payload for the subscription's
keys (RFC 8291), signs the request with the server's VAPID key (RFC 8292) and posts it to the
endpoint (RFC 8030). It reports what the push service answered; when nothing answered at all
(timeout, refused connection) it raises `PushUnreachable`.
"""

from __future__ import annotations

import dataclasses
from typing import Literal, Protocol

Urgency = Literal["very-low", "low", "normal", "high"]


@dataclasses.dataclass(frozen=True, slots=True)
class PushTarget:
    """Where one browser receives pushes: its endpoint and its keys (base64url)."""

    endpoint: str
    p256dh: str
    auth: str


@dataclasses.dataclass(frozen=True, slots=True)
class PushOutcome:
    """The push service's answer: 201 accepted, 404/410 gone, 429/5xx try later."""

    status: int
    retry_after: int | None = None  # seconds, when the push service said so

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        """The subscription expired or was revoked: never send to it again."""
        return self.status in (404, 410)

    @property
    def temporary(self) -> bool:
        return self.status == 429 or self.status >= 500


class PushUnreachable(Exception):
    """No answer from the push service (timeout, connection refused, TLS failure)."""


class PushSender(Protocol):
    async def send(
        self, target: PushTarget, payload: bytes, *, ttl: int, urgency: Urgency
    ) -> PushOutcome:
        """Deliver `payload` to one subscription; the push service's answer."""
        ...
