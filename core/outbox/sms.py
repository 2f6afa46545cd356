"""SMS: the dev and test adapter (messages land in the dev outbox, GET /dev/outbox), the
log-only adapter for production without a gateway, and the SMS notification channel."""

from __future__ import annotations

import logging

from core.identity.phone import masked
from core.identity.ports import SmsSender
from core.outbox.channels import ChannelName, Delivery
from core.outbox.recipients import contact_of
from core.outbox.service import DevOutboxService

log = logging.getLogger("motcua.sms")
MAX_SMS = 320  # two concatenated parts of Vietnamese without diacritics, one and a half with


class DevOutboxSms:
    def __init__(self, outbox: DevOutboxService) -> None:
        self._outbox = outbox

    async def send(self, phone: str, text: str) -> None:
        await self._outbox.record("sms", phone, text)


class LogOnlySms:
    """Production without an SMS gateway: each text is logged (number masked, no content) and
    not sent, so that a missing gateway shows in the logs instead of failing every delivery."""

    async def send(self, phone: str, text: str) -> None:
        log.warning("no SMS gateway configured: a text to %s was not sent", masked(phone))


class SmsChannel:
    """Notifications by SMS to the citizen's number: the subject and a link, kept short."""

    name: ChannelName = "sms"

    def __init__(self, sender: SmsSender, base_url: str, *, logged_only: bool = False) -> None:
        self._sender = sender
        self._base_url = base_url
        self._logged_only = logged_only

    async def deliver(self, delivery: Delivery) -> str | None:
        contact = await contact_of(delivery)
        if contact is None or not contact.phone:
            return None
        text = delivery.subject
        if delivery.link:
            text += f". Xem: {self._base_url}{delivery.link}"
        await self._sender.send(contact.phone, text[:MAX_SMS])
        return f"{'logged only' if self._logged_only else 'sent'} to {masked(contact.phone)}"
