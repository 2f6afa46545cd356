"""The dev and test SMS adapter: messages land in the dev outbox (GET /dev/outbox)."""

from __future__ import annotations

from core.outbox.service import DevOutboxService


class DevOutboxSms:
    def __init__(self, outbox: DevOutboxService) -> None:
        self._outbox = outbox

    async def send(self, phone: str, text: str) -> None:
        await self._outbox.record("sms", phone, text)
