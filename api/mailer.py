"""The SMTP adapter of the `Mailer` port (core.outbox.email), over aiosmtplib.

MOTCUA_SMTP_URL is `smtp://user:pass@host:port` (STARTTLS when the server offers it) or
`smtps://...` (TLS from the first byte, usually port 465); `?from=no-reply@example.gov.vn` sets
the sender, by default `no-reply@` the host of MOTCUA_BASE_URL. `send` times the call, logs it
and translates what SMTP answered: a refused recipient or another permanent 5xx is
`Undeliverable`; a timeout, a dropped connection, a 4xx or a refused login is `TryLater`
(an operator can fix a password; the message waits, then parks).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

from core.errors import ConfigurationError
from core.outbox.channels import TryLater, Undeliverable
from core.outbox.email import DevOutboxMailer, EmailChannel
from core.outbox.service import DevOutboxService
from core.settings import Settings

log = logging.getLogger("motcua.mail")
TIMEOUT_S = 20.0
PERMANENT = 500


@dataclasses.dataclass(frozen=True, slots=True)
class SmtpTarget:
    hostname: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    sender: str


def parse_smtp_url(url: str, base_url: str) -> SmtpTarget:
    """The server, login and sender named by MOTCUA_SMTP_URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigurationError("MOTCUA_SMTP_URL looks like smtp://user:pass@host:port")
    use_tls = parts.scheme == "smtps"
    sender = parse_qs(parts.query).get("from", [""])[0]
    if not sender:
        sender = f"no-reply@{urlsplit(base_url).hostname or 'localhost'}"
    return SmtpTarget(
        hostname=parts.hostname,
        port=parts.port or (465 if use_tls else 587),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=use_tls,
        sender=sender,
    )


class SmtpMailer:
    def __init__(self, target: SmtpTarget, *, timeout: float = TIMEOUT_S) -> None:
        self._target = target
        self._timeout = timeout

    async def send(self, to: str, subject: str, text: str, html_body: str) -> str:
        """One mail with a plain-text and an HTML part; its Message-ID as the receipt."""
        message = EmailMessage()
        message["From"] = self._target.sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=self._target.sender.rpartition("@")[2])
        message.set_content(text)
        message.add_alternative(html_body, subtype="html")
        started = time.perf_counter()
        try:
            await self._try_send(message)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise Undeliverable(f"recipient refused: {exc}") from exc
        except aiosmtplib.SMTPResponseException as exc:
            if exc.code >= PERMANENT and not isinstance(exc, aiosmtplib.SMTPAuthenticationError):
                raise Undeliverable(f"SMTP {exc.code}: {exc.message}") from exc
            raise TryLater(f"SMTP {exc.code}: {exc.message}") from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise TryLater(f"SMTP unreachable: {exc}") from exc
        finally:
            log.info(
                "smtp %s in %.0f ms", self._target.hostname, 1000 * (time.perf_counter() - started)
            )
        return str(message["Message-ID"])

    async def _try_send(self, message: EmailMessage) -> None:
        target = self._target
        await aiosmtplib.send(
            message,
            hostname=target.hostname,
            port=target.port,
            username=target.username,
            password=target.password,
            use_tls=target.use_tls,
            timeout=self._timeout,
        )


def email_channel(settings: Settings, outbox: DevOutboxService) -> EmailChannel:
    """SMTP when MOTCUA_SMTP_URL is set (also noted in the dev outbox outside prod); otherwise
    the dev outbox only."""
    if settings.smtp_url is None:
        return EmailChannel(DevOutboxMailer(outbox), settings.base_url)
    mailer = SmtpMailer(parse_smtp_url(str(settings.smtp_url), settings.base_url))
    return EmailChannel(mailer, settings.base_url, None if settings.is_prod else outbox)
