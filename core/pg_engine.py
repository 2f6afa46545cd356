"""Piccolo's PostgreSQL engine with one connection pool per event loop.

An asyncpg pool belongs to the event loop that made it. A server process has one loop, so there
this changes nothing; but a process that drives the app from another loop (the tests, with
Litestar's test client) would otherwise either share one pool across loops (an error) or open
a connection for every query. Here `pool` is looked up by the running loop.

`fetch` runs a statement already in asyncpg's own terms (`$1`, `$2`...: `core.rows.fetch`
turns Piccolo's `{}` marks into them) where `Table.raw` would, inside the running transaction if
there is one, without building Piccolo's query objects, which on the hot paths cost more CPU than
asyncpg's own round trip.

Its pools also skip asyncpg's session reset on every release (`SELECT pg_advisory_unlock_all();
CLOSE ALL; UNLISTEN *; RESET ALL;`, one more round trip and four statements for the server after
every query outside a transaction). motcua never leaves session state behind: no SET outside a
transaction, no LISTEN, advisory locks only `pg_advisory_xact_lock`, cursors only inside
transactions. asyncpg still rolls back a transaction left open before a connection goes back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from piccolo.engine.postgres import PostgresEngine


def _loop_key() -> int | None:
    try:
        return id(asyncio.get_running_loop())
    except RuntimeError:
        return None


async def _keep_session(_: Any) -> None:
    """The pool's `reset`: nothing to undo (see the module's docstring)."""


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

    async def start_connection_pool(self, **kwargs: Any) -> None:
        kwargs.setdefault("reset", _keep_session)
        # asyncpg would arm a timer on every release to close a connection idle for 5 minutes;
        # a server's pool of ten is cheaper kept open than re-armed a thousand times a second.
        kwargs.setdefault("max_inactive_connection_lifetime", 0)
        await super().start_connection_pool(**kwargs)

    async def fetch(self, query: str, args: Sequence[Any]) -> list[dict[str, Any]]:
        """`query` (`$n` for the nth of `args`) as rows of dicts, in the current transaction if
        there is one."""
        transaction = self.current_transaction.get()
        if transaction is not None:
            records = await transaction.connection.fetch(query, *args)
        elif self.pool is not None:
            async with self.pool.acquire() as connection:
                records = await connection.fetch(query, *args)
        else:
            connection = await self.get_new_connection()
            try:
                records = await connection.fetch(query, *args)
            finally:
                await connection.close()
        return [dict(record) for record in records]
