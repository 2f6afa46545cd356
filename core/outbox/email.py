"""The email channel: the `Mailer` port, the message as plain text and HTML, the dev mailer.

The SMTP adapter lives at the edge (api/mailer.py); when MOTCUA_SMTP_URL is unset, mail goes to
the dev outbox only. The mail is Vietnamese, with a plain-text part for simple clients and an
HTML part whose every piece of message text is escaped here (core has no template engine).
"""

from __future__ import annotations

import html
from typing import Protocol

from core.outbox.channels import ChannelName, Delivery
from core.outbox.recipients import contact_of
from core.outbox.service import DevOutboxService

SIGNATURE = "Cổng dịch vụ công Một cửa — thư tự động, vui lòng không trả lời."
SETTINGS_PATH = "/account/notifications/settings"


class Mailer(Protocol):
    async def send(self, to: str, subject: str, text: str, html_body: str) -> str:
        """Send one mail; return a receipt (e.g. the Message-ID). Raise TryLater or
        Undeliverable (core.outbox.channels) on failure."""
        ...


class DevOutboxMailer:
    """Mail in dev and test without SMTP: recorded in the dev outbox (GET /dev/outbox)."""

    def __init__(self, outbox: DevOutboxService) -> None:
        self._outbox = outbox

    async def send(self, to: str, subject: str, text: str, html_body: str) -> str:
        await self._outbox.record("email", to, text, subject=subject)
        return f"dev outbox: {to}"


def plain_text(delivery: Delivery, base_url: str) -> str:
    lines = [delivery.body.strip()] if delivery.body.strip() else []
    if delivery.link:
        lines.append(f"Xem chi tiết: {base_url}{delivery.link}")
    lines += ["", "--", SIGNATURE, f"Đổi cách nhận thông báo: {base_url}{SETTINGS_PATH}"]
    return "\n".join(lines)


def html_text(delivery: Delivery, base_url: str) -> str:
    paragraphs = "".join(
        f"<p>{html.escape(block).replace(chr(10), '<br>')}</p>"
        for block in delivery.body.strip().split("\n\n")
        if block.strip()
    )
    link = (
        f'<p><a href="{html.escape(base_url + delivery.link)}">Xem chi tiết</a></p>'
        if delivery.link
        else ""
    )
    settings = html.escape(base_url + SETTINGS_PATH)
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html.escape(delivery.subject)}</title></head><body>"
        f"<h1>{html.escape(delivery.subject)}</h1>{paragraphs}{link}"
        f'<hr><p><small>{html.escape(SIGNATURE)} <a href="{settings}">'
        "Đổi cách nhận thông báo</a></small></p></body></html>"
    )


class EmailChannel:
    """Email to the address in the citizen's profile; None when there is none (or for staff)."""

    name: ChannelName = "email"

    def __init__(
        self, mailer: Mailer, base_url: str, dev_outbox: DevOutboxService | None = None
    ) -> None:
        self._mailer = mailer
        self._base_url = base_url
        self._dev_outbox = dev_outbox  # also noted there in dev/test when mail really leaves

    async def deliver(self, delivery: Delivery) -> str | None:
        contact = await contact_of(delivery)
        if contact is None or not contact.email:
            return None
        text = plain_text(delivery, self._base_url)
        receipt = await self._mailer.send(
            contact.email, delivery.subject, text, html_text(delivery, self._base_url)
        )
        if self._dev_outbox is not None:
            await self._dev_outbox.record("email", contact.email, text, subject=delivery.subject)
        return receipt
