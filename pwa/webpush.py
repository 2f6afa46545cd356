"""The Web Push adapter: pywebpush encrypts and posts; the push channel sees `PushSender`.

Sending uses pywebpush's asyncio API over one shared aiohttp session, so a slow push service
never blocks the event loop and connections to a push service are reused. The VAPID header comes
from `VapidKeys.authorization`, signed once per push-service origin and reused until near its
expiry.

In dev and test, `DevPushSender` wraps it: every push is also recorded in the dev outbox
(channel "push", to the endpoint's origin, body the payload JSON); endpoints on a loopback host
(a local push service of the tests) really receive it, and other endpoints (FCM, Mozilla,
Apple), unreachable from a dev machine, count as sent without a request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from urllib.parse import urlsplit

import aiohttp
from pywebpush import WebPusher, WebPushException

from core.outbox.service import DevOutboxService
from core.push.ports import PushOutcome, PushSender, PushTarget, PushUnreachable, Urgency
from core.push.subscriptions import is_loopback
from core.settings import Settings
from pwa.vapid import VapidKeys

log = logging.getLogger("motcua.push")

TIMEOUT = aiohttp.ClientTimeout(total=10, connect=5)
CONNECTIONS = 100  # open connections across push services, per process
SLOW_PUSH_S = 2.0


class WebPushSender:
    """Sends one push with pywebpush (RFC 8291 aes128gcm, RFC 8292 VAPID)."""

    def __init__(self, vapid: VapidKeys) -> None:
        self._vapid = vapid
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _client(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            # A session belongs to one event loop (tests run several, one after another).
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=CONNECTIONS), timeout=TIMEOUT
            )
            self._loop = loop
        return self._session

    async def send(
        self, target: PushTarget, payload: bytes, *, ttl: int, urgency: Urgency
    ) -> PushOutcome:
        started = time.perf_counter()
        try:
            return await self._try_send(target, payload, ttl=ttl, urgency=urgency)
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise PushUnreachable(f"{type(error).__name__}: {error}") from error
        finally:
            elapsed = time.perf_counter() - started
            if elapsed > SLOW_PUSH_S:
                log.warning("push to %s took %.1f s", _origin(target.endpoint), elapsed)

    async def _try_send(
        self, target: PushTarget, payload: bytes, *, ttl: int, urgency: Urgency
    ) -> PushOutcome:
        pusher = WebPusher(
            {"endpoint": target.endpoint, "keys": {"p256dh": target.p256dh, "auth": target.auth}},
            aiohttp_session=self._client(),
        )
        headers = {
            "Authorization": self._vapid.authorization(target.endpoint),
            "Urgency": urgency,
        }
        try:
            response = await pusher.send_async(
                data=payload, headers=headers, ttl=ttl, timeout=TIMEOUT
            )
        except WebPushException as error:  # keys pywebpush cannot encrypt for
            log.warning("push to %s not encrypted: %s", _origin(target.endpoint), error)
            return PushOutcome(400)
        assert isinstance(response, aiohttp.ClientResponse)
        return PushOutcome(response.status, _seconds(response.headers.get("Retry-After")))

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class DevPushSender:
    """Dev and test: record every push; deliver only to push services on this machine."""

    def __init__(self, real: PushSender, outbox: DevOutboxService) -> None:
        self._real = real
        self._outbox = outbox

    async def send(
        self, target: PushTarget, payload: bytes, *, ttl: int, urgency: Urgency
    ) -> PushOutcome:
        await self._outbox.record("push", _origin(target.endpoint), payload.decode())
        if is_loopback(urlsplit(target.endpoint).hostname or ""):
            return await self._real.send(target, payload, ttl=ttl, urgency=urgency)
        return PushOutcome(201)


def build_push_sender(
    settings: Settings, real: WebPushSender, outbox: DevOutboxService
) -> PushSender:
    """The sender for this environment: pywebpush in prod, the recording wrapper otherwise."""
    return real if settings.is_prod else DevPushSender(real, outbox)


def _origin(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def _seconds(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
