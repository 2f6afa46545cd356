"""Web Push fan-out: one worker process delivering N messages to 10,000 subscribed browsers.

Two processes, one core each (TESTING.md, "Load generation"):
- the local push service of the tests (tests/pwa/push_service.py), pinned to core 0: it checks
  every request's VAPID JWT, decrypts every payload with the browser's keys and counts them;
- this process, pinned to core 1, as `motcua worker` would be: a fresh database (SQLite, or a
  throwaway PostgreSQL database) with 10,000 citizens, each with one subscription with its own
  client key pair; then N outbox deliveries, one citizen after another, through the real
  `PushChannel` and the pywebpush adapter (`pwa.webpush.WebPushSender`, prod mode: no dev outbox),
  `--concurrency` at a time.

The client keys derive from a seed (both processes compute them; the public halves are cached in
the work dir, `keys-<seed>.json`). Reported: messages delivered per second (wall time of the N
deliveries), and lost: deliveries that did not come back with a receipt plus the difference
between the receipts and what the push service decrypted. `--sign-each` turns off the reuse of
the VAPID header (a JWT signed per message) to measure what that reuse is worth.

Target: >= 500 messages/s with one worker process on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

from core import database, rows
from core.clock import SystemClock
from core.identity.tables import Citizen
from core.outbox.channels import ChannelName, Delivery
from core.outbox.delivery import OutboxDelivery
from core.outbox.tables import OutboxMessage
from core.push.channel import PushChannel
from core.push.tables import PushSubscription
from pwa.vapid import VapidKeys
from pwa.webpush import WebPushSender
from tests.bench import servers
from tests.databases import fresh_database
from tests.pwa.push_service import b64url, derived_keys

TARGET_PER_S = 500
SEED = "motcua-push-bench-1"
PUSH_SERVICE_CPU = "0"
WORKER_CPU = 1
INSERT_BATCH = 500


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    subscriptions: int = 10_000
    messages: int = 10_000
    concurrency: int = 64
    database: str = "sqlite"  # or a postgresql:// server URL to make a throwaway database on
    sign_each: bool = False
    through_outbox: bool = False  # the outbox worker's engine (OutboxDelivery) drives the channel


@dataclasses.dataclass(frozen=True, slots=True)
class FanoutResult:
    settings: Settings
    seconds: float
    receipts: int
    decrypted: int
    rejected: int
    worker_cpu_s: float
    service_cpu_s: float

    @property
    def per_second(self) -> float:
        return self.receipts / self.seconds

    @property
    def lost(self) -> int:
        return (self.settings.messages - self.receipts) + abs(self.receipts - self.decrypted)

    def printable(self) -> str:
        verdict = "met" if self.per_second >= TARGET_PER_S and not self.lost else "MISSED"
        database_name = "sqlite" if self.settings.database == "sqlite" else "postgresql"
        return (
            f"push fan-out ({database_name}, {self.settings.subscriptions} subscriptions, "
            f"concurrency {self.settings.concurrency}"
            f"{', JWT signed per message' if self.settings.sign_each else ''}"
            f"{', through OutboxDelivery.deliver_due' if self.settings.through_outbox else ''}): "
            f"{self.settings.messages} messages in {self.seconds:.1f} s = "
            f"{self.per_second:.0f}/s, lost {self.lost}, rejected by the push service "
            f"{self.rejected}; CPU: worker {self.worker_cpu_s / self.seconds:.0%}, "
            f"push service {self.service_cpu_s / self.seconds:.0%}; "
            f"{self.receipts / max(self.worker_cpu_s, 1e-3):.0f} messages per worker CPU-second "
            f"(target >= {TARGET_PER_S}/s, lost 0: {verdict})"
        )


class _SignEach(VapidKeys):
    """A JWT signed for every message: what the per-origin header reuse saves."""

    def authorization(self, endpoint: str, *, now: float | None = None) -> str:
        origin = endpoint.split("/push/")[0]
        return self.sign(origin, now=now)


def public_keys(work: Path, count: int) -> list[tuple[str, str]]:
    """(p256dh, auth) of subscriptions 0..count-1, derived from the seed, cached in `work`."""
    cache = work / f"keys-{SEED}.json"
    known: list[list[str]] = json.loads(cache.read_text()) if cache.exists() else []
    for i in range(len(known), count):
        keys = derived_keys(SEED, str(i))
        known.append([keys.p256dh, b64url(keys.auth)])
    cache.write_text(json.dumps(known))
    return [(p256dh, auth) for p256dh, auth in known[:count]]


async def populate(origin: str, keys: Sequence[tuple[str, str]]) -> list[int]:
    """One citizen per subscription; their ids, in subscription order."""
    now = dt.datetime.now(dt.UTC)
    ids: list[int] = []
    for start in range(0, len(keys), INSERT_BATCH):
        batch = range(start, min(start + INSERT_BATCH, len(keys)))
        rows = await Citizen.insert(
            *(
                Citizen(phone=f"+8490{i:07d}", full_name=f"Công dân {i}", created_at=now)
                for i in batch
            )
        ).returning(Citizen.id)
        citizen_ids = [row["id"] for row in rows]
        await PushSubscription.insert(
            *(
                PushSubscription(
                    citizen=citizen_id,
                    endpoint=f"{origin}/push/{i}",
                    p256dh=keys[i][0],
                    auth=keys[i][1],
                    label="Chrome trên Android",
                    created_at=now,
                )
                for i, citizen_id in zip(batch, citizen_ids, strict=True)
            )
        )
        ids += citizen_ids
    return ids


async def deliver_all(channel: PushChannel, citizens: Sequence[int], settings: Settings) -> int:
    """N deliveries, `concurrency` at a time, round-robin over the citizens; the receipts."""
    pending = iter(range(settings.messages))
    receipts = 0

    async def lane() -> None:
        nonlocal receipts
        for n in pending:
            citizen = citizens[n % len(citizens)]
            delivery = Delivery(
                message_id=n,
                topic="dossier.receive",
                subject="Hồ sơ đã được tiếp nhận",
                body=f"Hồ sơ H56.10.12-261203-{n:04d} đã được tiếp nhận; hẹn trả ngày 10/12/2026.",
                link=f"/dossiers/H56.10.12-261203-{n:04d}",
                citizen_id=citizen,
                staff_id=None,
            )
            with contextlib.suppress(Exception):  # a failed delivery is counted as lost
                if await channel.deliver(delivery):
                    receipts += 1

    await asyncio.gather(*(lane() for _ in range(settings.concurrency)))
    return receipts


@dataclasses.dataclass(frozen=True, slots=True)
class PushServiceProcess:
    origin: str
    pid: int

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def deliver_through_outbox(
    channel: PushChannel, citizens: Sequence[int], settings: Settings
) -> int:
    """The N messages enqueued as the app does, then `deliver_due` runs until none is left (as
    `motcua worker` does, one run after another); the deliveries that went out."""
    now = SystemClock().now()
    for start in range(0, settings.messages, INSERT_BATCH):
        await rows.insert(
            OutboxMessage,
            [
                {
                    "topic": "dossier.receive",
                    "citizen": citizens[n % len(citizens)],
                    "staff": None,
                    "subject": "Hồ sơ đã được tiếp nhận",
                    "body": f"Hồ sơ H56.10.12-261203-{n:04d} đã được tiếp nhận.",
                    "link": f"/dossiers/H56.10.12-261203-{n:04d}",
                    "data": None,
                    "status": "pending",
                    "attempts": 0,
                    "created_at": now,
                    "due_at": now,
                }
                for n in range(start, min(start + INSERT_BATCH, settings.messages))
            ],
        )

    async def push_only(_: Delivery) -> list[ChannelName]:
        return ["push"]

    engine = OutboxDelivery(SystemClock(), [channel], router=push_only)
    sent = 0
    while (report := await engine.deliver_due()).messages:
        sent += report.sent
    return sent


@contextlib.contextmanager
def push_service(work: Path) -> Iterator[PushServiceProcess]:
    """The local push service in its own process on core 0."""
    port = servers._free_port()
    log = (work / "push-service.log").open("wb")
    process = subprocess.Popen(
        [
            *("taskset", "-c", PUSH_SERVICE_CPU, sys.executable),
            *("-m", "tests.pwa.push_service", "--port", str(port), "--seed", SEED),
        ],
        cwd=servers.REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    origin = f"http://{servers.HOST}:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(OSError):
                stats(origin)
                break
            if process.poll() is not None:
                raise servers.ServerError("the push service exited; see push-service.log")
            time.sleep(0.05)
        yield PushServiceProcess(origin, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def stats(origin: str) -> dict[str, int]:
    with urllib.request.urlopen(f"{origin}/stats", timeout=5) as response:
        found: dict[str, int] = json.loads(response.read())
        return found


async def _measure(
    work: Path, url: str, service: PushServiceProcess, settings: Settings
) -> FanoutResult:
    origin = service.origin
    engine = database.engine_for(url)
    database.bind(engine)
    async with database.connected(engine, pool_size=settings.concurrency):
        await database.migrate(engine)
        keys = public_keys(work, settings.subscriptions)
        citizens = await populate(origin, keys)
        vapid_class = _SignEach if settings.sign_each else VapidKeys
        sender = WebPushSender(vapid_class(work / "vapid", "https://dichvucong.example.vn"))
        channel = PushChannel(sender, SystemClock())
        before, service_cpu = stats(origin), service.cpu_seconds()
        cpu, start = time.process_time(), time.perf_counter()
        drive = deliver_through_outbox if settings.through_outbox else deliver_all
        receipts = await drive(channel, citizens, settings)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        service_cpu = service.cpu_seconds() - service_cpu
        await sender.aclose()
    after = stats(origin)
    return FanoutResult(
        settings,
        seconds,
        receipts,
        after["received"] - before["received"],
        after["rejected"] - before["rejected"],
        cpu,
        service_cpu,
    )


def run(work: Path, settings: Settings) -> FanoutResult:
    """Start the push service, measure one fan-out on a fresh database, stop it."""
    os.sched_setaffinity(0, {WORKER_CPU})
    scratch = Path(tempfile.mkdtemp(prefix="db-", dir=work))  # a fresh SQLite file per run
    with push_service(work) as service, fresh_database(settings.database, scratch) as url:
        return asyncio.run(_measure(work, url, service, settings))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.push_fanout",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// server")
    parser.add_argument("--sign-each", action="store_true", help="sign a VAPID JWT per message")
    parser.add_argument(
        "--through-outbox",
        action="store_true",
        help="enqueue the messages and let the outbox worker's engine deliver them",
    )
    parser.add_argument("--work", type=Path, default=None, help="keep keys and logs here")
    args = parser.parse_args(argv)
    settings = Settings(
        args.subscriptions,
        args.messages,
        args.concurrency,
        args.database,
        args.sign_each,
        args.through_outbox,
    )
    with contextlib.ExitStack() as stack:
        work = args.work or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="motcua-push-"))
        )
        work.mkdir(parents=True, exist_ok=True)
        result = run(work, settings)
    print(result.printable())
    return 1 if result.lost else 0


if __name__ == "__main__":
    sys.exit(main())


def run_from_bench(work: Path) -> None:
    """For `python -m tests.bench.run`: a process of its own (it pins itself to one core), its
    line printed; `CalledProcessError` (the bench's failure) when a message was lost."""
    print("push fan-out: 10,000 subscriptions, one worker process", flush=True)
    subprocess.run(
        [sys.executable, "-m", "tests.bench.push_fanout", "--work", str(work / "push")],
        cwd=servers.REPO,
        check=True,
    )
