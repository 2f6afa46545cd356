"""The outbox job end to end: an officer's action becomes an in-app notification and dev-outbox
entries after `motcua worker --once`; the in-process dev worker delivers within seconds."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from api.worker import OUTBOX_EVERY, jobs_for
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units
from core.outbox.messages import Notice, enqueue
from core.outbox.service import DevOutboxService
from core.outbox.tables import Notification, OutboxAttempt, OutboxMessage
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.api.test_staff_dossiers import COMMUNE, act, file, staff
from tests.core.dossiers.conftest import MONDAY_9
from tests.core.outbox.conftest import make_citizen
from tests.core.outbox.test_email import free_port

Client = AsyncTestClient[Litestar]
MOTCUA = Path(sys.executable).with_name("motcua")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_9)


@pytest.fixture
async def api(
    settings: Settings, catalog: CatalogService, clock: FixedClock
) -> AsyncIterator[Client]:
    await load_demo_units(SYSTEM_CONTEXT)
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


def worker_env(settings: Settings, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "MOTCUA_ENV": "test",
        "MOTCUA_DATA_DIR": str(settings.data_dir),
        "MOTCUA_DATABASE_URL": settings.database_url,
        "MOTCUA_SECRET_KEY": str(settings.secret_key),
        **extra,
    }


async def worker_once(settings: Settings, **extra: str) -> str:
    """Run `motcua worker --once` against the test database; its output."""
    process = await asyncio.create_subprocess_exec(
        str(MOTCUA),
        "worker",
        "--once",
        env=worker_env(settings, **extra),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, output.decode()
    return output.decode()


async def test_a_supplement_request_reaches_the_citizen_after_worker_once(
    api: Client,
    clock: FixedClock,
    settings: Settings,
) -> None:
    """request_supplement → `motcua worker --once` → an in-app notification, SMS and in-app
    entries in the dev outbox, and the message marked sent."""
    citizen = await sign_in(api)
    officer = await staff(clock, COMMUNE, "officer")
    code = await file(api, citizen)
    items = ["Giấy chứng sinh bản rõ nét"]
    assert (await act(api, officer, code, "request_supplement", items=items)).status_code == 200
    output = await worker_once(settings)
    assert "outbox: messages=1, sent=1" in output
    [note] = await Notification.select().where(Notification.topic == "dossier.request_supplement")
    assert note["title"] == f"Hồ sơ {code} cần bổ sung giấy tờ"
    assert note["link"] == f"/dossiers/{code}" and note["read_at"] is None
    outbox = (await api.get("/dev/outbox")).json()
    sent = {(m["channel"], m["subject"] or m["body"][:60]) for m in outbox}
    assert ("in_app", note["title"]) in sent
    sms = [m for m in outbox if m["channel"] == "sms" and code in m["body"]]
    assert sms and sms[0]["to"] == "+84912345678" and "cần bổ sung" in sms[0]["body"]
    statuses = await OutboxMessage.select(OutboxMessage.status)
    assert {s["status"] for s in statuses} == {"sent"}


async def test_the_dev_worker_inside_the_server_delivers_within_five_seconds(
    settings: Settings, catalog: CatalogService
) -> None:
    """`motcua serve` in dev runs the outbox job every 2 s: a new message is in-app in < 5 s."""
    assert dt.timedelta(seconds=2) >= OUTBOX_EVERY
    app = create_app(settings, run_worker=True)
    assert "outbox" in [job.name for job in jobs_for(app.state)]
    citizen = await make_citizen()
    async with AsyncTestClient(app=app):
        await asyncio.sleep(0.2)  # the worker's first turn passes with nothing to do
        notice = Notice("dossier.receive", "Hồ sơ đã được tiếp nhận", "", "/dossiers")
        await enqueue(notice, now=dt.datetime.now(dt.UTC), citizen_id=citizen)
        started = time.monotonic()
        while await Notification.count() == 0:
            assert time.monotonic() - started < 5, "not delivered within 5 s"
            await asyncio.sleep(0.1)


class HangingSmtp:
    """A local SMTP server that keeps every mail, except that it never answers the DATA of a
    mail to hang@…: the worker sending it waits there until it is killed."""

    def __init__(self) -> None:
        self.received: list[str] = []
        self.hung = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if any(to.startswith("hang@") for to in envelope.rcpt_tos):
            self.hung.set()
            await asyncio.sleep(30)  # longer than the test waits; the worker dies meanwhile
        self.received += envelope.rcpt_tos
        return "250 OK"


async def test_a_killed_worker_loses_nothing_and_sends_nothing_twice(
    settings: Settings, db: None
) -> None:
    """`motcua worker` is killed (SIGKILL) while SMTP hangs on the 3rd of 5 mails (the other
    four delivered and recorded meanwhile); once its lease is over, `motcua worker --once`
    delivers the rest: each mail, SMS and in-app notification exactly once, and the hung mail
    flagged "outcome unknown", not resent."""
    people = ["an", "binh", "hang", "dung", "giang"]
    citizens = [
        await make_citizen(phone=f"+8491200000{n}", email=f"{name}@example.vn")
        for n, name in enumerate(people)
    ]
    now = dt.datetime.now(dt.UTC)
    for citizen in citizens:
        notice = Notice("dossier.approve", "Hồ sơ đã có kết quả", "Mời nhận kết quả.", "/dossiers")
        await enqueue(notice, now=now, citizen_id=citizen)
    smtp = HangingSmtp()
    port = free_port()
    controller = Controller(smtp, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = worker_env(settings, MOTCUA_SMTP_URL=f"smtp://127.0.0.1:{port}")
        worker = await asyncio.create_subprocess_exec(
            str(MOTCUA),
            "worker",
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert await asyncio.to_thread(smtp.hung.wait, 60), "the worker never reached the mail"
        # The batch goes out at once: the four others are recorded while the hung mail waits.
        for _ in range(300):
            if await OutboxMessage.count().where(OutboxMessage.status == "sent") == 4:
                break
            await asyncio.sleep(0.1)
        worker.kill()
        await worker.wait()
        assert sorted(smtp.received) == sorted(f"{p}@example.vn" for p in people if p != "hang")
        # The dead worker's lease runs out (five minutes, skipped here).
        await OutboxMessage.update({OutboxMessage.claimed_until: now}, force=True)
        await worker_once(settings, MOTCUA_SMTP_URL=f"smtp://127.0.0.1:{port}")
    finally:
        controller.stop()
    assert sorted(smtp.received) == sorted(f"{p}@example.vn" for p in people if p != "hang")
    notes = await Notification.select(Notification.citizen)
    assert sorted(n["citizen"] for n in notes) == sorted(citizens)
    texts = [m for m in await DevOutboxService().recent() if m.channel == "sms"]
    assert sorted(m.to for m in texts) == sorted(f"+8491200000{n}" for n in range(5))
    rows = await OutboxMessage.select(
        OutboxMessage.id, OutboxMessage.status, OutboxMessage.flagged
    ).order_by(OutboxMessage.id)
    assert [r["status"] for r in rows] == ["sent"] * 5
    assert [bool(r["flagged"]) for r in rows] == [False, False, True, False, False]
    hung = await OutboxAttempt.select(OutboxAttempt.outcome).where(
        (OutboxAttempt.message == rows[2]["id"]) & (OutboxAttempt.channel == "email")
    )
    assert hung == [{"outcome": "unknown"}]
