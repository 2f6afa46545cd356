"""`motcua worker` started while its database is down: it waits and tries again (backing off up
to 10 s) instead of exiting, starts working once the database answers, and still stops on a
stop request while it waits."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
from collections.abc import Iterator

import pytest
from piccolo.engine.base import Engine

from api import cli
from core import database
from core.settings import Settings
from tests.core.outbox.test_email import free_port


@pytest.fixture(autouse=True)
def keep_binding() -> Iterator[None]:
    """The worker binds its own engine; the tests after this one keep theirs."""
    bound = database.bound_engine()
    yield
    if bound is not None:
        database.bind(bound)


def worker_args(*, once: bool) -> argparse.Namespace:
    return argparse.Namespace(once=once)


# Piccolo's PostgresEngine asks the server's version when it is built, and warns when none answers.
@pytest.mark.filterwarnings("ignore:.*Unable to (connect|fetch server version)")
async def test_a_worker_waits_for_a_database_that_is_down_and_stops_when_asked(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing listens on the port: the worker logs and keeps trying; a stop ends it cleanly."""
    down = dataclasses.replace(
        settings, database_url=f"postgresql://postgres@127.0.0.1:{free_port()}/test"
    )
    stop = asyncio.Event()
    caplog.set_level(logging.WARNING, logger="motcua.worker")
    task = asyncio.create_task(cli.run_worker(down, worker_args(once=False), stop))
    await asyncio.sleep(2)
    assert not task.done()  # still waiting, not exited
    tries = [r for r in caplog.records if "does not answer" in r.getMessage()]
    assert len(tries) >= 2  # tried again, after 0.5 s then 1 s
    assert "0.5 s" in tries[0].getMessage() and "1.0 s" in tries[1].getMessage()
    stop.set()
    assert await asyncio.wait_for(task, timeout=3) == 0


async def test_the_worker_starts_once_the_database_answers(
    settings: Settings,
    db: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The database does not answer the first three tries, then does: the worker runs its jobs."""
    real_ping = database.ping
    tries: list[bool] = []

    async def ping(engine: Engine) -> bool:  # type: ignore[type-arg]
        tries.append(len(tries) >= 3 and await real_ping(engine))
        return tries[-1]

    monkeypatch.setattr(database, "ping", ping)
    monkeypatch.setattr(cli, "DATABASE_RETRY_CAP_S", 0.2)
    result = await asyncio.wait_for(
        cli.run_worker(settings, worker_args(once=True), asyncio.Event()), timeout=60
    )
    assert result == 0
    assert tries == [False, False, False, True]
    out = capsys.readouterr().out
    assert "outbox: messages=0" in out and "payments:" in out
