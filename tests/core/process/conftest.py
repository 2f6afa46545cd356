"""Fixtures for process tests: a process service on a set clock, and keyword-only step factories."""

from __future__ import annotations

import datetime as dt

import pytest

from core.catalog.service import CatalogService
from core.clock import VIETNAM, FixedClock
from core.identity.actor import Actor, Context
from core.process.model import StepInput
from core.process.service import ProcessService

MONDAY_9 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)
RESIDENCE = "1.004194"  # Đăng ký tạm trú: 3 working days = 24 h
BIRTH = "1.001193"  # Đăng ký khai sinh: same day = 8 h
HOUSEHOLD_BUSINESS = "1.001612"  # Đăng ký thành lập hộ kinh doanh: no published time
ADMIN = Context(Actor("staff", id=1, label="quantri", roles=frozenset({"admin"})), "127.0.0.1")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_9)


@pytest.fixture
def service(catalog: CatalogService, clock: FixedClock) -> ProcessService:
    """A process service over the bundled catalog, nothing loaded yet."""
    return ProcessService(clock, catalog)


@pytest.fixture
async def loaded(service: ProcessService) -> ProcessService:
    """The same service with the bundled processes loaded."""
    await service.load_bundled()
    return service


def step(
    *,
    kind: str = "appraise",
    name: str | None = None,
    performer: str = "field_unit",
    role: str = "officer",
    hours: str | int | None = None,
    ref: str = "",
    position: str | int | None = None,
) -> StepInput:
    return StepInput(
        name=name if name is not None else f"Bước {kind}",
        kind=kind,
        performer=performer,
        role=role,
        allowance_hours=hours,
        performer_ref=ref,
        position=position,
    )


def steps(*hours: str | int | None) -> list[StepInput]:
    """receive, appraise…, approve, return: one step per allowance given (at least three)."""
    middle = [step(hours=h) for h in hours[1:-2]]
    return [
        step(kind="receive", performer="receiving_unit", hours=hours[0]),
        *middle,
        step(kind="approve", performer="receiving_unit", role="head", hours=hours[-2]),
        step(kind="return", performer="receiving_unit", hours=hours[-1]),
    ]
