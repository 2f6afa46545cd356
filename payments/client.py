"""The one way adapters call a gateway's API: timing, logging and error translation.

Every failure of the wire (timeout, refused connection, 5xx, a body that is not a JSON object)
becomes `GatewayUnavailable`, the only exception the port lets out: the caller cannot fix any of
them, only try again later. What the gateway *says* (its result codes) is left to each adapter.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Mapping
from typing import Any

import httpx

from core.clock import VIETNAM
from core.payments.ports import GatewayName, GatewayUnavailable

log = logging.getLogger("motcua.payments")
DEFAULT_TIMEOUT_S = 15.0  # VNPay and MoMo both ask merchants to wait this long for an answer


async def post(
    client: httpx.AsyncClient,
    gateway: GatewayName,
    url: str,
    *,
    json: Mapping[str, object] | None = None,
    form: Mapping[str, str] | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> dict[str, Any]:
    """POST `json` (or `form`) to `url` and return the JSON object it answers."""
    started = time.perf_counter()
    try:
        response = await _try_post(client, url, json=json, form=form, timeout_s=timeout_s)
    except httpx.TimeoutException as exc:
        log.warning("%s timed out after %.1f s: %s", gateway, timeout_s, url)
        raise GatewayUnavailable(f"{gateway} timed out") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        log.warning("%s unreachable: %s (%s)", gateway, url, type(exc).__name__)
        raise GatewayUnavailable(f"{gateway} unreachable: {type(exc).__name__}") from exc
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.info("%s answered %d in %.0f ms", gateway, response.status_code, elapsed_ms)
    if not response.is_success:
        raise GatewayUnavailable(f"{gateway} answered HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError as exc:
        raise GatewayUnavailable(f"{gateway} answered something that is not JSON") from exc
    if not isinstance(body, dict):
        raise GatewayUnavailable(f"{gateway} answered JSON that is not an object")
    return body


async def _try_post(
    client: httpx.AsyncClient,
    url: str,
    *,
    json: Mapping[str, object] | None,
    form: Mapping[str, str] | None,
    timeout_s: float,
) -> httpx.Response:
    if form is not None:
        return await client.post(url, data=dict(form), timeout=timeout_s)
    return await client.post(url, json=dict(json or {}), timeout=timeout_s)


def text(value: object) -> str:
    """A field of a gateway's JSON as the text its checksum covers ("" when absent)."""
    if value is None:
        return ""
    if isinstance(value, bool):  # never a VNPay/MoMo value; refuse to guess its spelling
        raise ValueError("boolean where text or a number was expected")
    return str(value)


def whole(value: object) -> int | None:
    """A JSON integer, or None (booleans are not numbers here)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def instant_from_ms(milliseconds: int | None) -> dt.datetime | None:
    """A gateway's Unix time in milliseconds as an aware instant; None if absent or absurd."""
    if milliseconds is None:
        return None
    try:
        return dt.datetime.fromtimestamp(milliseconds / 1000, VIETNAM)
    except (OverflowError, OSError, ValueError):
        return None
