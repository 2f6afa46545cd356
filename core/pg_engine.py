"""Piccolo's PostgreSQL engine with one connection pool per event loop.

An asyncpg pool belongs to the event loop that made it. A server process has one loop, so there
this changes nothing; but a process that drives the app from another loop (the tests, with
Litestar's test client) would otherwise either share one pool across loops (an error) or open
a connection for every query. Here `pool` is looked up by the running loop.
"""

from __future__ import annotations

import asyncio
from typing import Any

from piccolo.engine.postgres import PostgresEngine


def _loop_key() -> int | None:
    try:
        return id(asyncio.get_running_loop())
    except RuntimeError:
        return None


class LoopPoolPostgresEngine(PostgresEngine):
    """`PostgresEngine` whose `pool` is the pool opened on the running event loop, if any."""

    def __init__(self, config: dict[str, Any]) -> None:
        self._pools: dict[int | None, Any] = {}
        super().__init__(config=config, extensions=())

    @property
    def pool(self) -> Any:
        return self._pools.get(_loop_key())

    @pool.setter
    def pool(self, value: Any) -> None:
        if value is None:
            self._pools.pop(_loop_key(), None)
        else:
            self._pools[_loop_key()] = value
