"""The delivery engine: due outbox messages claimed, delivered on each channel, every attempt kept.

Guarantees ("nothing lost, nothing sent twice"):
- A message stays `pending` until every channel it needs has succeeded or been skipped, so a
  crash anywhere after the commit of the change loses nothing: the next run picks it up.
- A claim is a lease (`claimed_until`): a worker that dies frees its rows when the lease ends.
  On PostgreSQL claimers lock with `FOR UPDATE SKIP LOCKED`, so several `motcua worker`
  processes never take the same row; on SQLite the claim is one immediate write transaction,
  which makes claiming single-file.
- Each channel call is written as a "started" attempt (and committed) before the call and
  finished after it. A channel with a "sent" attempt is never called again for that message.
- A started attempt found unfinished after its lease is recorded as "unknown" and the message is
  flagged for an admin (/admin/outbox): a non-idempotent channel (push, email, SMS) is not called
  again on a guess. The in-app channel is idempotent (keyed by message id) and is simply redone.
- Failed channels are retried, only they, after an exponential back-off with full jitter
  (30 s · 2^(n-1), at most 1 h, uniformly drawn below that); after `max_rounds` failed rounds
  the message is parked for an admin, who may send it again.

Attempt outcomes: sent (receipt kept), skipped (nothing to deliver to, or no adapter), failed
(worth retrying), gone (Undeliverable: not retried), unknown (see above), released (an unknown
outcome an admin chose to resend).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import logging
import random
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from core import database
from core.clock import Clock
from core.outbox import bookkeeping
from core.outbox.channels import Channel, ChannelName, Delivery, TryLater, Undeliverable
from core.outbox.recipients import channels_for
from core.outbox.tables import OutboxMessage

log = logging.getLogger("motcua.outbox")

BATCH = 200
CONCURRENCY = 100  # channel calls in flight at once (a push service takes many; SMTP a few)
LEASE = dt.timedelta(minutes=5)  # far longer than a batch takes: channel calls time out sooner
MAX_ROUNDS = 8
BACKOFF_BASE = dt.timedelta(seconds=30)
BACKOFF_CAP = dt.timedelta(hours=1)
IDEMPOTENT: frozenset[ChannelName] = frozenset({"in_app"})
FINAL = frozenset({"sent", "skipped", "gone"})  # the channel is never called again for the message
MAX_DETAIL = 500
MAX_BATCHES = 50  # per run, so one run ends even while messages keep arriving

Router = Callable[[Delivery], Awaitable[list[ChannelName]]]
_T = TypeVar("_T")


def backoff(round_: int, rng: random.Random) -> dt.timedelta:
    """The wait after failed round `round_` (1, 2, …): uniform in [0, min(1 h, 30 s·2^(n-1))]."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** min(max(round_ - 1, 0), 20))
    return dt.timedelta(seconds=rng.uniform(0, ceiling.total_seconds()))


@dataclasses.dataclass(slots=True)
class DeliveryReport:
    messages: int = 0
    sent: int = 0
    retrying: int = 0
    parked: int = 0
    unknown: int = 0


_CLAIM = (
    "UPDATE outbox_message SET claimed_until = {}, claimed_by = {} "
    "WHERE id IN (SELECT id FROM outbox_message WHERE status = 'pending' AND due_at <= {} "
    "AND (claimed_until IS NULL OR claimed_until < {}) ORDER BY due_at, id LIMIT {}%s) "
    "RETURNING id, topic, citizen, staff, subject, body, link, data, attempts, flagged"
)


@dataclasses.dataclass(slots=True)
class _Planned:
    """One claimed message in a batch: what it needs, and what its round came to."""

    row: dict[str, Any]
    delivery: Delivery
    calls: list[ChannelName]  # the channels to call this round, in the router's order
    lost: bool  # a non-idempotent call of a dead worker ended unknown
    attempt_ids: list[int] = dataclasses.field(default_factory=list)
    outcomes: list[tuple[str, str]] = dataclasses.field(default_factory=list)


class OutboxDelivery:
    """Delivers due messages through `channels` (each a core.outbox.channels.Channel).

    A claimed batch goes out at once, at most `concurrency` channel calls at a time, with its
    bookkeeping grouped (core.outbox.bookkeeping): the started attempts of the whole batch are
    committed in one transaction before the first call; as messages finish, their outcomes and
    new states are committed together with those of every other message finished meanwhile (a
    group commit: a few transactions per batch, not a dozen statements per message). A crash
    leaves only the calls then in flight or not yet recorded "started": after the lease they
    become "unknown" as above and are never called again blindly.
    """

    def __init__(
        self,
        clock: Clock,
        channels: Sequence[Channel],
        *,
        router: Router = channels_for,
        rng: random.Random | None = None,
        batch: int = BATCH,
        lease: dt.timedelta = LEASE,
        max_rounds: int = MAX_ROUNDS,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self._clock = clock
        self._channels = {channel.name: channel for channel in channels}
        self._router = router
        self._rng = rng or random.SystemRandom()
        self._batch = batch
        self._lease = lease
        self._max_rounds = max_rounds
        self._concurrency = concurrency

    async def deliver_due(self) -> DeliveryReport:
        """Deliver every message due when the run starts, batch by batch."""
        report = DeliveryReport()
        started = self._clock.now()
        for _ in range(MAX_BATCHES):
            token = secrets.token_hex(8)
            claimed = await self._claim(started, token)
            if not claimed:
                break
            await self._deliver(claimed, token, report)
        return report

    async def _claim(self, due_by: dt.datetime, token: str) -> list[dict[str, Any]]:
        engine = OutboxMessage._meta.db
        now = self._clock.now()
        sql = _CLAIM % ("" if database.is_sqlite(engine) else " FOR UPDATE SKIP LOCKED")
        async with database.write_transaction(engine):
            rows: list[dict[str, Any]] = await OutboxMessage.raw(
                sql, now + self._lease, token, due_by, now, self._batch
            )
        return sorted(rows, key=lambda r: r["id"])

    async def _deliver(
        self, claimed: list[dict[str, Any]], token: str, report: DeliveryReport
    ) -> None:
        engine = OutboxMessage._meta.db
        gate = asyncio.Semaphore(self._concurrency)  # per batch: a run may be on another loop
        plans, stale = await self._plan(claimed, gate)
        started = [
            bookkeeping.Started(plan.delivery.message_id, name, int(plan.row["attempts"]))
            for plan in plans
            for name in plan.calls
        ]
        # The crash guarantee: every call of the batch is on record before the first is made.
        async with database.write_transaction(engine):
            await bookkeeping.mark_unknown(stale, self._clock.now())
            ids = iter(await bookkeeping.start(started, self._clock.now()))
        for plan in plans:
            plan.attempt_ids = [next(ids) for _ in plan.calls]
        # Outcomes are committed as messages finish, grouped: all those done while the previous
        # group was being written go in the next transaction (a group commit).
        pending = {asyncio.ensure_future(self._call_message(plan, gate)) for plan in plans}
        try:
            while pending:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                await self._record([task.result() for task in done], token, report)
        finally:
            for task in pending:  # only when this run is cancelled or a write failed
                task.cancel()

    async def _record(self, plans: list[_Planned], token: str, report: DeliveryReport) -> None:
        """Write the outcomes of finished messages and their new states, in one transaction."""
        finished: list[bookkeeping.Finished] = []
        settled: list[bookkeeping.Settled] = []
        for plan in sorted(plans, key=lambda p: p.delivery.message_id):
            for attempt, (outcome, detail) in zip(plan.attempt_ids, plan.outcomes, strict=True):
                finished.append(bookkeeping.Finished(attempt, outcome, detail[:MAX_DETAIL]))
            failed = any(outcome == "failed" for outcome, _ in plan.outcomes)
            settled.append(self._settled(plan, failed=failed, report=report))
        async with database.write_transaction(OutboxMessage._meta.db):
            await bookkeeping.finish(finished, self._clock.now())
            await bookkeeping.settle(settled, token)

    async def _plan(
        self, claimed: list[dict[str, Any]], gate: asyncio.Semaphore
    ) -> tuple[list[_Planned], list[int]]:
        """Each message's channels still to call, given the attempts already recorded; and the
        attempts a dead worker left started (to become "unknown")."""
        recorded = await bookkeeping.attempts_of([int(r["id"]) for r in claimed])
        by_message: dict[int, list[dict[str, Any]]] = {}
        for attempt in recorded:
            by_message.setdefault(int(attempt["message"]), []).append(attempt)
        deliveries = [_delivery(row) for row in claimed]
        routes = await asyncio.gather(*(_gated(gate, self._router(d)) for d in deliveries))
        plans: list[_Planned] = []
        stale: list[int] = []
        for row, delivery, route in zip(claimed, deliveries, routes, strict=True):
            found = by_message.get(delivery.message_id, [])
            done, lost, left = _settle_crashed(found)
            stale += left
            calls = [name for name in route if name not in done]
            plans.append(_Planned(row, delivery, calls, lost=bool(lost)))
        return plans, stale

    async def _call_message(self, plan: _Planned, gate: asyncio.Semaphore) -> _Planned:
        """The message's channels called at once (each waiting for one of the batch's
        `concurrency` slots); the outcomes kept on the plan, in its order."""
        plan.outcomes = await asyncio.gather(
            *(_gated(gate, self._call_one(name, plan.delivery)) for name in plan.calls)
        )
        return plan

    async def _call_one(self, name: ChannelName, delivery: Delivery) -> tuple[str, str]:
        channel = self._channels.get(name)
        if channel is None:
            return "skipped", "no adapter for this channel"
        return await _call(channel, delivery)

    def _settled(
        self, plan: _Planned, *, failed: bool, report: DeliveryReport
    ) -> bookkeeping.Settled:
        row = plan.row
        report.messages += 1
        report.unknown += plan.lost
        flagged = bool(row["flagged"]) or plan.lost
        if not failed:
            report.sent += 1
            return bookkeeping.Settled(row["id"], "sent", int(row["attempts"]), None, flagged)
        rounds = int(row["attempts"]) + 1
        if rounds >= self._max_rounds:
            report.parked += 1
            log.warning("outbox message %s parked after %s rounds", row["id"], rounds)
            return bookkeeping.Settled(row["id"], "parked", rounds, None, flagged)
        report.retrying += 1
        due = self._clock.now() + backoff(rounds, self._rng)
        return bookkeeping.Settled(row["id"], "pending", rounds, due, flagged)


async def _gated(gate: asyncio.Semaphore, work: Awaitable[_T]) -> _T:
    """`work` awaited once `gate` lets it (at most the batch's `concurrency` at a time)."""
    async with gate:
        return await work


def _settle_crashed(found: list[dict[str, Any]]) -> tuple[set[str], set[str], list[int]]:
    """From a message's recorded attempts: the channels that are done, those whose outcome a
    dead worker lost (not to be called again blindly), and the ids of its attempts left
    "started" (to be recorded as "unknown")."""
    stale = [a for a in found if a["outcome"] == "started"]
    lost = {a["channel"] for a in stale if a["channel"] not in IDEMPOTENT}
    done = {
        a["channel"]
        for a in found
        if a["outcome"] in FINAL
        or (a["outcome"] in ("unknown", "started") and a["channel"] not in IDEMPOTENT)
    }
    return done, lost, [int(a["id"]) for a in stale]


async def _call(channel: Channel, delivery: Delivery) -> tuple[str, str]:
    try:
        receipt = await channel.deliver(delivery)
    except TryLater as exc:
        return "failed", str(exc) or "try later"
    except Undeliverable as exc:
        return "gone", str(exc) or "undeliverable"
    except Exception as exc:  # an adapter's bug must not stop the batch: retried, then parked
        log.exception("channel %s failed on message %s", channel.name, delivery.message_id)
        return "failed", f"{type(exc).__name__}: {exc}"
    if receipt is None:
        return "skipped", "nothing to deliver to on this channel"
    return "sent", receipt


def _delivery(row: dict[str, Any]) -> Delivery:
    data = row["data"]
    if isinstance(data, str):
        data = json.loads(data)
    return Delivery(
        message_id=int(row["id"]),
        topic=row["topic"],
        subject=row["subject"],
        body=row["body"],
        link=row["link"],
        citizen_id=row["citizen"],
        staff_id=row["staff"],
        data=data,
    )
