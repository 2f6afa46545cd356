"""Batched: concurrent callers share one query, each still gets its own answer or error."""

from __future__ import annotations

import asyncio

import pytest

from core.push.batching import Batched


class Recorder:
    """A query that records the keys it was asked for and lets the test hold it open."""

    def __init__(self) -> None:
        self.calls: list[list[int]] = []
        self.gate = asyncio.Event()
        self.fail = False

    async def __call__(self, keys: list[int]) -> dict[int, str]:
        self.calls.append(keys)
        await self.gate.wait()
        if self.fail:
            raise RuntimeError("database down")
        return {key: f"row {key}" for key in keys if key != 404}


async def test_callers_waiting_together_share_the_next_query() -> None:
    """The first caller queries alone; the ones arriving meanwhile share one query after it."""
    query = Recorder()
    batched: Batched[int, str] = Batched(query, missing="none")
    first = asyncio.create_task(batched(1))
    await asyncio.sleep(0)
    later = [asyncio.create_task(batched(key)) for key in (2, 3, 3, 404)]
    await asyncio.sleep(0)
    query.gate.set()
    answers = await asyncio.gather(first, *later)
    assert answers == ["row 1", "row 2", "row 3", "row 3", "none"]
    assert query.calls == [[1], [2, 3, 404]]


async def test_a_failed_query_fails_its_callers_and_the_next_one_runs() -> None:
    """Every caller of the failed query sees the error; a later call queries afresh."""
    query = Recorder()
    batched: Batched[int, str] = Batched(query, missing="none")
    query.fail = True
    query.gate.set()
    results = await asyncio.gather(batched(1), batched(2), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results)
    query.fail = False
    assert await batched(5) == "row 5"


async def test_cancelling_the_caller_running_the_query_releases_the_others() -> None:
    """No caller is left waiting forever when the one running the query is cancelled."""
    query = Recorder()
    batched: Batched[int, str] = Batched(query, missing="none")
    runner = asyncio.create_task(batched(1))
    await asyncio.sleep(0)
    waiter = asyncio.create_task(batched(2))
    await asyncio.sleep(0)
    runner.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    query.gate.set()
    assert await batched(3) == "row 3"
