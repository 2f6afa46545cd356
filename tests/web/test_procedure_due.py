"""The procedure page's "if you submit now" due date, on the same calendar as the dossiers."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import VIETNAM, FixedClock
from core.settings import Settings

Client = AsyncTestClient[Litestar]
FRIDAY_BEFORE_TET = dt.datetime(2026, 2, 13, 16, 0, tzinfo=VIETNAM)  # after the 15:00 cut-off
TUESDAY_MORNING = dt.datetime(2026, 3, 3, 9, 0, tzinfo=VIETNAM)
KHAI_SINH = "/procedures/1.001193"  # same day, 15:00 cut-off
TAM_TRU = "/procedures/1.004194"  # Đăng ký tạm trú: 24 working hours
NO_NUMBER = "/procedures/1.000080"  # time published as text only


async def client_at(settings: Settings, instant: dt.datetime) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings, clock=FixedClock(instant))) as client:
        yield client


@pytest.fixture
async def before_tet(settings: Settings, catalog: CatalogService) -> AsyncIterator[Client]:
    async for client in client_at(settings, FRIDAY_BEFORE_TET):
        yield client


@pytest.fixture
async def tuesday(settings: Settings, catalog: CatalogService) -> AsyncIterator[Client]:
    async for client in client_at(settings, TUESDAY_MORNING):
        yield client


async def estimate(client: Client, path: str) -> str:
    page = html.unescape((await client.get(path)).text)
    start = page.find('id="due-if-now">')
    return "" if start < 0 else page[start : page.index("<br>", start)]


async def test_same_day_after_cutoff_before_tet(before_tet: Client) -> None:
    """Friday 13 Feb 2026 16:00, after 15:00: due at the end of Monday 23 Feb, after Tết."""
    expected = "Nếu nộp bây giờ, hạn trả kết quả dự kiến: Thứ Hai 23/02/2026 17:00"
    assert expected in await estimate(before_tet, KHAI_SINH)


async def test_working_hours_skip_tet(before_tet: Client) -> None:
    """24 h from Friday 16:00: 1 h Friday, 8 h Mon 23, 8 h Tue 24, 7 h Wed 25 → 16:00."""
    assert "Thứ Tư 25/02/2026 16:00" in await estimate(before_tet, TAM_TRU)


async def test_same_day_before_cutoff(tuesday: Client) -> None:
    """Tuesday 09:00, before the cut-off: due the same day at 17:00."""
    assert "Thứ Ba 03/03/2026 17:00" in await estimate(tuesday, KHAI_SINH)


async def test_time_not_in_working_days_shows_nothing(tuesday: Client) -> None:
    """A procedure whose time is not a number of working days or hours shows no estimate."""
    assert await estimate(tuesday, NO_NUMBER) == ""


async def test_estimate_in_english(tuesday: Client) -> None:
    """The English page says it in English with an English weekday."""
    tuesday.cookies.set("lang", "en")
    assert "the result is expected by: Tuesday 03/03/2026 17:00" in await estimate(
        tuesday, KHAI_SINH
    )
