"""Fixtures for Web Push: a local push service and citizens to subscribe."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.clock import SystemClock
from core.identity.tables import Citizen
from tests.pwa.push_service import PushService


@pytest.fixture
async def push_service() -> AsyncIterator[PushService]:
    """A push service on 127.0.0.1 that checks VAPID and decrypts what it receives."""
    service = await PushService().start()
    yield service
    await service.close()


async def make_citizen(*, phone: str = "+84912345678", name: str = "Nguyễn Thị Lan") -> int:
    row = Citizen(phone=phone, full_name=name, created_at=SystemClock().now())
    await Citizen.insert(row)
    return int(row.id)
