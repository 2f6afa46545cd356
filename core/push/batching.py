"""Concurrent deliveries sharing their database round trips (a group commit, a data loader).

A worker delivers many messages at once. Each needs the recipient's subscriptions (a read) and,
after sending, marks them sent (a write). One query per message costs a connection each (SQLite
keeps only a few: more means opening and closing connections, ~4 ms of CPU each) and one commit
per message, and a commit waits for the disk (~3.6 ms on SQLite with `synchronous=FULL`): alone
that caps a worker near 275 messages a second. `Batched` lets the first caller run one query for
every key waiting at that moment while later callers queue for the next query. Each caller still
gets its own answer, and only once its query has run, so nothing is deferred past its `await`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
MAX_KEYS = 200  # per query: well under any database's parameter limit


class Batched(Generic[K, V]):
    """`await batched(key)` runs `query(keys)` for the keys of every concurrent caller at once."""

    def __init__(self, query: Callable[[list[K]], Awaitable[dict[K, V]]], missing: V) -> None:
        self._query = query
        self._missing = missing  # the answer for a key the query did not return
        self._waiting: list[tuple[K, asyncio.Future[V]]] = []
        self._running = False

    async def __call__(self, key: K) -> V:
        answer: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._waiting.append((key, answer))
        if not self._running:
            self._running = True
            try:
                await self._run_all()
            finally:
                self._running = False
        return await answer

    async def _run_all(self) -> None:
        batch: list[tuple[K, asyncio.Future[V]]] = []
        try:
            while self._waiting:
                batch = self._waiting[:MAX_KEYS]
                del self._waiting[:MAX_KEYS]
                try:
                    found = await self._query(list(dict.fromkeys(key for key, _ in batch)))
                except Exception as error:
                    _fail(batch, error)
                else:
                    for key, answer in batch:
                        if not answer.done():
                            answer.set_result(found.get(key, self._missing))
        except BaseException:  # cancelled mid-query: nobody is left to query for the others
            for _, answer in [*batch, *self._waiting]:
                answer.cancel()
            self._waiting = []
            raise


def _fail(batch: list[tuple[K, asyncio.Future[V]]], error: Exception) -> None:
    for _, answer in batch:
        if not answer.done():
            answer.set_exception(error)
