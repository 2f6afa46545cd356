"""The worker's loop (api.worker.run_jobs): each job at its turn, failures contained, stops."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from api.worker import Job, reminder_jobs, run_jobs
from core.calendar.service import CalendarService
from core.clock import VIETNAM, FixedClock
from core.dossiers.reminders import ReminderService

START = dt.datetime(2026, 3, 2, 6, 30, tzinfo=VIETNAM)  # a Monday, before the morning digest


async def test_each_job_runs_at_its_turn_and_a_failure_stops_nothing() -> None:
    clock = FixedClock(START)
    runs: list[str] = []

    async def ok() -> str:
        runs.append("ok")
        return "fine"

    async def broken() -> str:
        runs.append("broken")
        raise RuntimeError("gateway exploded")

    async def often() -> str:
        runs.append("often")
        return "again"

    jobs = [
        Job("ok", dt.timedelta(hours=1), ok),
        Job("broken", dt.timedelta(hours=1), broken),
        Job("often", dt.timedelta(0), often),
    ]
    stop = asyncio.Event()
    task = asyncio.create_task(run_jobs(jobs, clock, stop))
    await asyncio.sleep(0.3)
    assert runs.count("ok") == 1 and runs.count("broken") == 1  # not due again for an hour
    assert runs.count("often") >= 3  # due at once, every turn
    clock.advance(dt.timedelta(hours=1))
    await asyncio.sleep(0.1)
    assert runs.count("ok") == 2 and runs.count("broken") == 2
    stop.set()
    await asyncio.wait_for(task, timeout=2)


@pytest.mark.usefixtures("db")
async def test_the_morning_digest_waits_for_seven() -> None:
    """Before 07:00 the digest job sends nothing; from 07:00 it runs (and reports)."""
    clock = FixedClock(START)
    jobs = {j.name: j for j in reminder_jobs(ReminderService(clock, CalendarService(clock)), clock)}
    assert await jobs["morning-digest"].run() == "not yet 07:00"
    clock.advance(dt.timedelta(minutes=30))
    assert await jobs["morning-digest"].run() == "0 messages to 0 units"
    assert await jobs["reminders-80"].run() == "0 messages about 0 dossiers"
