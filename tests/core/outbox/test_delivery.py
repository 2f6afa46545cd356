"""The delivery engine: channels per recipient and choice, retries with back-off, parking,
no double sends across crashes and concurrent workers."""

from __future__ import annotations

import asyncio
import datetime as dt
import random

import pytest

from core.clock import FixedClock
from core.identity.actor import Actor, Context
from core.identity.tables import AuditEntry
from core.outbox import preferences
from core.outbox.channels import Delivery, TryLater, Undeliverable
from core.outbox.delivery import MAX_ROUNDS, OutboxDelivery, backoff
from core.outbox.inbox import InAppChannel
from core.outbox.parked import ParkedOutbox
from core.outbox.tables import Notification, OutboxAttempt, OutboxMessage
from tests.core.outbox.conftest import NOW, FakeChannel, make_citizen, queue

pytestmark = pytest.mark.usefixtures("db")
ADMIN = Context(Actor("staff", 1, "admin", frozenset({"admin"})), "127.0.0.1")


class Highest(random.Random):
    def uniform(self, a: float, b: float) -> float:
        return b


def channels() -> dict[str, FakeChannel]:
    return {name: FakeChannel(name) for name in ("in_app", "push", "email", "sms")}  # type: ignore[arg-type]


async def message(message_id: int) -> dict[str, object]:
    row = await OutboxMessage.select().where(OutboxMessage.id == message_id).first()
    assert row is not None
    return row


async def outcomes(message_id: int) -> list[tuple[str, str]]:
    rows = (
        await OutboxAttempt.select(OutboxAttempt.channel, OutboxAttempt.outcome)
        .where(OutboxAttempt.message == message_id)
        .order_by(OutboxAttempt.id)
    )
    return [(r["channel"], r["outcome"]) for r in rows]


def test_backoff_doubles_from_30_seconds_up_to_an_hour_with_full_jitter() -> None:
    """The ceiling is 30 s·2^(n-1) capped at 1 h; every draw lies in [0, ceiling]."""
    ceilings = [backoff(n, Highest()).total_seconds() for n in range(1, 12)]
    assert ceilings == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]
    rng = random.Random(7)
    for n in range(1, 12):
        draws = [backoff(n, rng).total_seconds() for _ in range(200)]
        assert min(draws) >= 0 and max(draws) <= ceilings[n - 1]
        assert max(draws) - min(draws) > ceilings[n - 1] / 2  # spread out, not a fixed delay


async def test_a_citizen_gets_in_app_push_email_and_sms_for_a_supplement_request() -> None:
    """Defaults: every channel for a supplement request; the message is sent, each attempt kept."""
    citizen = await make_citizen(email="an@example.vn")
    [mid] = await queue(citizen_id=citizen)
    fakes = channels()
    report = await OutboxDelivery(FixedClock(NOW), list(fakes.values())).deliver_due()
    assert report.messages == 1 and report.sent == 1
    assert {name: f.calls for name, f in fakes.items()} == {
        "in_app": [mid],
        "push": [mid],
        "email": [mid],
        "sms": [mid],
    }
    assert (await message(mid))["status"] == "sent"
    assert await outcomes(mid) == [
        ("in_app", "sent"),
        ("push", "sent"),
        ("email", "sent"),
        ("sms", "sent"),
    ]


async def test_sms_only_for_what_matters_offline_and_choices_are_respected() -> None:
    """A status change never goes by SMS; a citizen who turned email off gets none."""
    citizen = await make_citizen(email="an@example.vn")
    chosen = {("supplement", "push"), ("supplement", "sms"), ("status", "email"), ("status", "sms")}
    await preferences.save_choices(citizen, chosen)
    [status] = await queue(citizen_id=citizen, topic="dossier.receive")
    [supplement] = await queue(citizen_id=citizen, topic="dossier.request_supplement")
    fakes = channels()
    await OutboxDelivery(FixedClock(NOW), list(fakes.values())).deliver_due()
    assert fakes["sms"].calls == [supplement]  # on by choice; never for a status change
    assert fakes["email"].calls == [status]  # off for supplements, on for status
    assert fakes["in_app"].calls == [status, supplement]  # always


async def test_staff_get_in_app_and_email_only() -> None:
    [mid] = await queue(staff_id=5, topic="reminder.crossing_80")
    fakes = channels()
    await OutboxDelivery(FixedClock(NOW), list(fakes.values())).deliver_due()
    assert [n for n, f in fakes.items() if f.calls] == ["in_app", "email"]
    assert (await message(mid))["status"] == "sent"


async def test_only_the_failed_channel_is_retried_after_its_backoff() -> None:
    """Email fails once: the message waits ≤ 30 s, then only email is called again."""
    citizen = await make_citizen(email="an@example.vn")
    [mid] = await queue(citizen_id=citizen)
    clock = FixedClock(NOW)
    fakes = channels()
    fakes["email"] = FakeChannel("email", TryLater("421 busy"))
    delivery = OutboxDelivery(clock, list(fakes.values()), rng=Highest())
    first = await delivery.deliver_due()
    row = await message(mid)
    assert first.retrying == 1 and row["status"] == "pending" and row["attempts"] == 1
    assert row["due_at"] == NOW + dt.timedelta(seconds=30)
    assert (await delivery.deliver_due()).messages == 0  # not due yet
    clock.advance(dt.timedelta(seconds=30))
    fakes["email"]._answer = None  # the server is back
    await delivery.deliver_due()
    assert fakes["email"].calls == [mid, mid]
    assert fakes["sms"].calls == fakes["push"].calls == fakes["in_app"].calls == [mid]
    assert (await message(mid))["status"] == "sent"


async def test_undeliverable_is_recorded_and_not_retried() -> None:
    citizen = await make_citizen(email="not-an-address")
    [mid] = await queue(citizen_id=citizen)
    fakes = channels()
    fakes["email"] = FakeChannel("email", Undeliverable("550 no such mailbox"))
    await OutboxDelivery(FixedClock(NOW), list(fakes.values())).deliver_due()
    assert (await message(mid))["status"] == "sent"
    assert ("email", "gone") in await outcomes(mid)


async def test_parked_after_eight_failed_rounds_and_the_admin_retry_requeues_it() -> None:
    """Eight failed rounds park the message; "Gửi lại" queues it now and is audited; channels
    already sent are not called again."""
    citizen = await make_citizen()
    [mid] = await queue(citizen_id=citizen)
    clock = FixedClock(NOW)
    fakes = channels()
    fakes["sms"] = FakeChannel("sms", TryLater("gateway down"))
    delivery = OutboxDelivery(clock, list(fakes.values()))
    for _ in range(MAX_ROUNDS):
        await delivery.deliver_due()
        clock.advance(dt.timedelta(hours=1))
    row = await message(mid)
    assert row["status"] == "parked" and row["attempts"] == MAX_ROUNDS
    assert len(fakes["sms"].calls) == MAX_ROUNDS and fakes["in_app"].calls == [mid]
    assert (await delivery.deliver_due()).messages == 0  # parked: left alone
    parked = ParkedOutbox(clock)
    [shown] = await parked.troubled()
    assert shown.id == mid and len(shown.attempts) == 3 + MAX_ROUNDS  # in_app, push, email, 8 × sms
    await parked.retry(ADMIN, mid)
    row = await message(mid)
    assert row["status"] == "pending" and row["attempts"] == 0 and row["due_at"] == clock.now()
    assert await AuditEntry.count().where(AuditEntry.action == "outbox.retry") == 1
    fakes["sms"]._answer = None
    await delivery.deliver_due()
    assert (await message(mid))["status"] == "sent"
    assert fakes["in_app"].calls == [mid] and len(fakes["sms"].calls) == MAX_ROUNDS + 1
    assert await parked.troubled() == []


async def test_the_in_app_channel_is_idempotent() -> None:
    """Delivering one message twice leaves one notification (the first)."""
    citizen = await make_citizen()
    [mid] = await queue(citizen_id=citizen)
    await OutboxDelivery(FixedClock(NOW), [InAppChannel(FixedClock(NOW))]).deliver_due()
    again = await InAppChannel(FixedClock(NOW)).deliver(
        Delivery(mid, "dossier.request_supplement", "Lại", "", "/", citizen, None)
    )
    assert again is not None and "already" in again
    assert await Notification.count() == 1


async def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice() -> None:
    """Kill a worker while email hangs on the 3rd of 5 messages; after its lease a second
    worker delivers the rest: every channel once per message, the hung email flagged unknown."""
    citizen = await make_citizen(email="an@example.vn")
    ids = await queue(citizen_id=citizen, count=5)
    clock = FixedClock(NOW)
    in_app = InAppChannel(clock)
    email, sms = FakeChannel("email"), FakeChannel("sms")
    email.block_on = ids[2]
    # One message per batch: the two before the hung one are finished before it is claimed.
    killed = OutboxDelivery(clock, [in_app, email, sms], batch=1)
    first = asyncio.create_task(killed.deliver_due())
    await asyncio.wait_for(email.blocked.wait(), timeout=10)
    first.cancel()  # the process dies: nothing after this line of the worker runs
    with pytest.raises(asyncio.CancelledError):
        await first
    assert (await message(ids[3]))["status"] == "pending"
    second = OutboxDelivery(clock, [in_app, email, sms])
    # The two it never claimed go out; the hung one is still leased to the dead worker.
    assert (await second.deliver_due()).messages == 2
    clock.advance(dt.timedelta(minutes=6))
    report = await second.deliver_due()
    assert report.messages == 1 and report.unknown == 1
    assert sorted(email.calls) == ids  # each once: the hung one is not called again
    assert sorted(sms.calls) == ids
    assert await Notification.count() == 5
    assert [(await message(m))["status"] for m in ids] == ["sent"] * 5
    assert ("email", "unknown") in await outcomes(ids[2])
    [flagged] = await ParkedOutbox(clock).troubled()
    assert flagged.id == ids[2] and flagged.flagged


async def test_a_worker_killed_inside_a_batch_calls_nothing_twice() -> None:
    """A batch's calls are all on record before the first is made, and each message's outcomes
    are committed as soon as it is done: killed while one email hangs, only that message is
    left "unknown" (flagged, not called again; in-app redone), the others are already sent."""
    citizen = await make_citizen(email="an@example.vn")
    ids = await queue(citizen_id=citizen, count=6)
    clock = FixedClock(NOW)
    in_app = InAppChannel(clock)
    email, sms = FakeChannel("email"), FakeChannel("sms")
    email.block_on = ids[3]
    first = asyncio.create_task(OutboxDelivery(clock, [in_app, email, sms]).deliver_due())
    await asyncio.wait_for(email.blocked.wait(), timeout=10)
    assert await OutboxAttempt.count().where(OutboxAttempt.message == ids[3]) == 4
    for _ in range(500):  # the five others finish while the hung call waits
        if await OutboxMessage.count().where(OutboxMessage.status == "sent") == 5:
            break
        await asyncio.sleep(0.01)
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    assert [(await message(m))["status"] for m in ids].count("sent") == 5
    second = OutboxDelivery(clock, [in_app, email, sms])
    assert (await second.deliver_due()).messages == 0  # the hung one is still leased
    clock.advance(dt.timedelta(minutes=6))
    report = await second.deliver_due()
    assert report.messages == 1 and report.sent == 1 and report.unknown == 1
    assert sorted(email.calls) == ids and sorted(sms.calls) == ids  # once each, never again
    assert await Notification.count() == 6
    assert [(await message(m))["status"] for m in ids] == ["sent"] * 6
    assert await outcomes(ids[3]) == [
        ("in_app", "unknown"),
        ("push", "unknown"),  # no adapter: skipped, but recorded with its message only
        ("email", "unknown"),
        ("sms", "unknown"),
        ("in_app", "sent"),  # idempotent: simply redone
    ]
    assert await outcomes(ids[0]) == [
        ("in_app", "sent"),
        ("push", "skipped"),
        ("email", "sent"),
        ("sms", "sent"),
    ]
    assert [m.id for m in await ParkedOutbox(clock).troubled()] == [ids[3]]


async def test_a_batch_is_delivered_concurrently_with_grouped_bookkeeping() -> None:
    """A batch's calls overlap (bounded by `concurrency`), and the outcomes, per message and
    channel, are each written to the right attempt: a mix of sent, failed, gone and skipped."""
    citizen = await make_citizen(email="an@example.vn")
    ids = await queue(citizen_id=citizen, count=30)
    in_flight = peak = 0

    class Slow(FakeChannel):
        async def deliver(self, delivery: Delivery) -> str | None:
            nonlocal in_flight, peak
            in_flight += 1
            peak = max(peak, in_flight)
            try:
                await asyncio.sleep(0.01)
                return await super().deliver(delivery)
            finally:
                in_flight -= 1

    def email_answer(d: Delivery) -> str | None:
        if d.message_id % 3 == 0:
            raise TryLater(f"busy {d.message_id}")
        if d.message_id % 3 == 1:
            raise Undeliverable(f"bad {d.message_id}")
        return None

    push = Slow("push")
    email = Slow("email", email_answer)
    delivery = OutboxDelivery(FixedClock(NOW), [push, email], rng=Highest(), concurrency=8)
    report = await delivery.deliver_due()
    assert peak == 8  # concurrent, and never more than allowed
    assert report.messages == 30 and report.retrying == 10 and report.sent == 20
    for mid in ids:
        email_outcome = {0: "failed", 1: "gone", 2: "skipped"}[mid % 3]
        assert await outcomes(mid) == [
            ("in_app", "skipped"),  # no adapter given
            ("push", "sent"),
            ("email", email_outcome),
            ("sms", "skipped"),
        ]
        row = await message(mid)
        assert row["status"] == "pending" if mid % 3 == 0 else row["status"] == "sent"
        assert row["attempts"] == (1 if mid % 3 == 0 else 0)
        assert row["claimed_by"] == "" and row["claimed_until"] is None
    details = await OutboxAttempt.select(OutboxAttempt.message, OutboxAttempt.detail).where(
        OutboxAttempt.channel == "email"
    )
    for d in details:
        expected = {0: f"busy {d['message']}", 1: f"bad {d['message']}"}
        if d["message"] % 3 in expected:
            assert d["detail"] == expected[d["message"] % 3]


async def test_two_workers_at_once_never_deliver_a_message_twice() -> None:
    """Two claimers draining 40 messages concurrently: each message to each channel once."""
    citizen = await make_citizen()
    ids = await queue(citizen_id=citizen, topic="dossier.receive", count=40)
    clock = FixedClock(NOW)
    in_app = FakeChannel("in_app")
    workers = [OutboxDelivery(clock, [in_app], batch=5) for _ in range(2)]
    reports = await asyncio.gather(*(w.deliver_due() for w in workers))
    assert sorted(in_app.calls) == ids
    assert sum(r.messages for r in reports) == 40
    assert all(r.messages > 0 for r in reports)  # both took part
