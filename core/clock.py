"""The clock port: every rule that depends on "now" asks this, so tests can set the time."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(VIETNAM)


class FixedClock:
    """A clock that shows a set instant until moved (dev and tests)."""

    def __init__(self, instant: dt.datetime) -> None:
        self._instant = instant

    def now(self) -> dt.datetime:
        return self._instant

    def advance(self, delta: dt.timedelta) -> None:
        self._instant += delta


def today_in_vietnam(clock: Clock) -> dt.date:
    return clock.now().astimezone(VIETNAM).date()
