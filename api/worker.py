"""The background worker: jobs that run on a schedule beside the server.

`motcua worker` runs them in their own process; `motcua serve` in dev runs them inside the server
(see `api.app`), so the demo reconciles payments and sends reminders without a second terminal.
Every job is safe to run twice at once and to rerun after a crash (each one is idempotent in
core), so two workers, or a worker and a cron line, never send or settle anything twice.

Jobs: payment reconciliation (querydr for pending payments, expiry) every minute; the deadline
warnings at 80 % every 15 minutes; the morning digest from 07:00 in Việt Nam (once per unit and
day, whatever the number of runs); outbox delivery (push, email, SMS, in-app) every 2 seconds,
so a notice reaches the citizen within seconds of the change (`core.outbox.delivery`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from litestar.datastructures import State

from core.clock import VIETNAM, Clock
from core.dossiers.reminders import ReminderService
from core.outbox.delivery import OutboxDelivery
from core.payments.service import PaymentService

log = logging.getLogger("motcua.worker")
MORNING = dt.time(7, 0)
IDLE_CAP = dt.timedelta(seconds=30)  # never sleep longer: a stop request is seen within this
OUTBOX_EVERY = dt.timedelta(seconds=2)


@dataclasses.dataclass(frozen=True, slots=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[], Awaitable[str]]  # does the work once; returns a one-line report


def jobs_for(state: State) -> list[Job]:
    """The jobs of the app built by `create_app` (the one composition root)."""
    return [
        outbox_job(state.outbox_delivery),
        payment_job(state.payments),
        *reminder_jobs(state.reminders, state.clock),
    ]


def outbox_job(delivery: OutboxDelivery) -> Job:
    """Due outbox messages delivered on every channel; failures retried with back-off."""

    async def deliver() -> str:
        return report_line(await delivery.deliver_due())

    return Job("outbox", OUTBOX_EVERY, deliver)


def payment_job(payments: PaymentService) -> Job:
    """Pending payments asked about (querydr), settled or expired: a lost IPN still pays."""

    async def reconcile() -> str:
        return report_line(await payments.reconcile())

    return Job("payments", dt.timedelta(minutes=1), reconcile)


def reminder_jobs(reminders: ReminderService, clock: Clock) -> list[Job]:
    async def crossing() -> str:
        report = await reminders.crossing_80()
        return f"{report.messages} messages about {report.dossiers} dossiers"

    async def morning() -> str:
        if clock.now().astimezone(VIETNAM).time() < MORNING:
            return "not yet 07:00"
        report = await reminders.morning_digest()
        return f"{report.messages} messages to {report.units} units"

    every = dt.timedelta(minutes=15)
    return [Job("reminders-80", every, crossing), Job("morning-digest", every, morning)]


async def run_until_stopped(state: State, stop: asyncio.Event) -> None:
    await run_jobs(jobs_for(state), state.clock, stop)


def report_line(report: Any) -> str:
    """A dataclass report as `name=value` pairs, for the log."""
    fields = dataclasses.fields(report)
    return ", ".join(f"{f.name}={getattr(report, f.name)}" for f in fields)


async def run_jobs(jobs: Sequence[Job], clock: Clock, stop: asyncio.Event) -> None:
    """Run each job when due until `stop` is set; a failing job is logged and tried again at
    its next turn, never stopping the others."""
    due = {job.name: clock.now() for job in jobs}
    while not stop.is_set():
        for job in jobs:
            if stop.is_set() or clock.now() < due[job.name]:
                continue
            try:
                report = await job.run()
            except Exception:  # the worker outlives any one job's failure
                log.exception("job %s failed; next try in %s", job.name, job.every)
            else:
                log.info("job %s: %s", job.name, report)
            due[job.name] = clock.now() + job.every
        wait = min(due.values(), default=clock.now() + IDLE_CAP) - clock.now()
        seconds = max(0.05, min(wait, IDLE_CAP).total_seconds())
        with contextlib.suppress(TimeoutError):  # the turn of the next job
            await asyncio.wait_for(stop.wait(), timeout=seconds)
