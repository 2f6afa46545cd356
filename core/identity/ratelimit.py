"""Sliding-window rate limits kept in the database, so every server process counts together.

A bucket is a short key such as "otp-send:<hash of the phone>" or "otp-ip:<address>"; phone
numbers never appear in it (`core.identity.phone.phone_key`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from core.errors import RateLimited
from core.identity.tables import RateEvent


@dataclasses.dataclass(frozen=True, slots=True)
class Limit:
    """At most `count` events per `window`; `message` tells the person what is limited."""

    count: int
    window: dt.timedelta
    message: str


async def check(bucket: str, limit: Limit, now: dt.datetime) -> None:
    """RateLimited (with the seconds to wait) when the window already holds `limit.count`."""
    since = now - limit.window
    rows = (
        await RateEvent.select(RateEvent.created_at)
        .where((RateEvent.bucket == bucket) & (RateEvent.created_at > since))
        .order_by(RateEvent.created_at)
    )
    if len(rows) >= limit.count:
        oldest = rows[-limit.count]["created_at"]
        wait = math.ceil((oldest + limit.window - now).total_seconds())
        raise RateLimited(f"{limit.message}; try again in {_duration(wait)}", wait)


async def count(bucket: str, limit: Limit, now: dt.datetime) -> None:
    """Count one event, then refuse if it went over (check and count in one step)."""
    await check(bucket, limit, now)
    await RateEvent.insert(RateEvent(bucket=bucket, created_at=now))


async def clear(bucket: str) -> None:
    """Forget a bucket's events (after a successful sign-in, say)."""
    await RateEvent.delete().where(RateEvent.bucket == bucket)


async def prune(before: dt.datetime) -> None:
    """Drop events too old to matter for any window."""
    await RateEvent.delete().where(RateEvent.created_at < before)


def _duration(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return f"{seconds} seconds" if seconds < 120 else f"{minutes} minutes"
