"""Email: the SMTP adapter against a local aiosmtpd server, and the email channel's choices."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from api.mailer import SmtpMailer, parse_smtp_url
from core.outbox.channels import Delivery, TryLater, Undeliverable
from core.outbox.email import DevOutboxMailer, EmailChannel
from core.outbox.service import DevOutboxService
from tests.core.outbox.conftest import make_citizen

BASE = "https://dichvucong.example.vn"


class Inbox:
    """An aiosmtpd handler keeping every mail; refuses recipients at refused.example."""

    def __init__(self) -> None:
        self.mails: list[email.message.EmailMessage] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, _: Any
    ) -> str:
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def delivery(citizen_id: int | None) -> Delivery:
    return Delivery(
        message_id=1,
        topic="dossier.request_supplement",
        subject="Hồ sơ H56.10.12-261203-0001 cần bổ sung giấy tờ",
        body="Giấy tờ cần bổ sung:\n- Giấy chứng sinh <bản rõ nét>",
        link="/dossiers/H56.10.12-261203-0001",
        citizen_id=citizen_id,
        staff_id=None,
    )


@pytest.mark.usefixtures("db")
async def test_a_mail_reaches_smtp_with_text_and_html_parts_in_vietnamese(
    smtp: tuple[Inbox, int],
) -> None:
    """Subject with diacritics, a text/plain and a text/html part, the link absolute, escaped."""
    server, port = smtp
    citizen = await make_citizen(email="an@example.vn")
    mailer = SmtpMailer(parse_smtp_url(f"smtp://127.0.0.1:{port}?from=thongbao@example.vn", BASE))
    receipt = await EmailChannel(mailer, BASE).deliver(delivery(citizen))
    [mail] = server.mails
    assert receipt == mail["Message-ID"]
    assert mail["Subject"] == "Hồ sơ H56.10.12-261203-0001 cần bổ sung giấy tờ"
    assert mail["To"] == "an@example.vn" and mail["From"] == "thongbao@example.vn"
    text = mail.get_body(preferencelist=("plain",))
    html = mail.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert "- Giấy chứng sinh <bản rõ nét>" in text.get_content()
    assert f"Xem chi tiết: {BASE}/dossiers/H56.10.12-261203-0001" in text.get_content()
    assert "Giấy chứng sinh &lt;bản rõ nét&gt;" in html.get_content()
    assert f'href="{BASE}/dossiers/H56.10.12-261203-0001"' in html.get_content()


async def test_a_refused_recipient_is_undeliverable_and_a_dead_server_try_later(
    smtp: tuple[Inbox, int],
) -> None:
    _, port = smtp
    mailer = SmtpMailer(parse_smtp_url(f"smtp://127.0.0.1:{port}", BASE))
    with pytest.raises(Undeliverable):
        await mailer.send("x@refused.example", "Tiêu đề", "nội dung", "<p>nội dung</p>")
    closed = SmtpMailer(parse_smtp_url(f"smtp://127.0.0.1:{free_port()}", BASE), timeout=2)
    with pytest.raises(TryLater):
        await closed.send("an@example.vn", "Tiêu đề", "nội dung", "<p>nội dung</p>")


def test_the_smtp_url_names_login_tls_and_sender() -> None:
    target = parse_smtp_url("smtps://th%40ng:b%C3%AD@mail.example.vn", BASE)
    assert (target.hostname, target.port, target.use_tls) == ("mail.example.vn", 465, True)
    assert (target.username, target.password) == ("th@ng", "bí")
    assert target.sender == "no-reply@dichvucong.example.vn"


@pytest.mark.usefixtures("db")
async def test_no_address_means_skipped_and_the_dev_mailer_fills_the_dev_outbox() -> None:
    outbox = DevOutboxService()
    channel = EmailChannel(DevOutboxMailer(outbox), BASE)
    assert await channel.deliver(delivery(await make_citizen(phone="+84912000001"))) is None
    assert await channel.deliver(delivery(None)) is None  # staff: no address on file
    with_mail = await make_citizen(phone="+84912000002", email="binh@example.vn")
    assert await channel.deliver(delivery(with_mail)) == "dev outbox: binh@example.vn"
    [sent] = await outbox.recent()
    assert (sent.channel, sent.to) == ("email", "binh@example.vn")
    assert sent.subject.startswith("Hồ sơ H56")
