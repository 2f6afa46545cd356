"""Piccolo's SQLite engine with kept connections: the embedded default, made cheap per query.

Piccolo opens a new connection (an aiosqlite thread, plus a PRAGMA) for every query outside a
transaction and for every transaction, about 4 ms of CPU each time; it also repeats the PRAGMA
before every statement inside a transaction. This engine keeps a few open connections and lends
them to both, which makes a simple query about six times cheaper; a query is one trip to the
connection's thread (execute, fetch and, after a write, commit together). No
asyncio primitive is held, so one engine may serve several event loops (the tests do).

`run_sync` runs a whole write on the connection's thread in one trip, for a hot path whose
statements must not wait for the event loop between them while they hold the write lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

import aiosqlite
from piccolo.engine.sqlite import SQLiteEngine, dict_factory
from piccolo.table import Table

KEPT_CONNECTIONS = 8
T = TypeVar("T")


class ReusingSQLiteEngine(SQLiteEngine):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._idle: list[aiosqlite.Connection] = []

    async def get_connection(self) -> Any:
        """A connection for a transaction; closing it (as Piccolo does at the end) gives it back."""
        return _Lent(self, await self._borrow())

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> list[dict[str, Any]]:
        connection = await self._borrow()
        try:
            # One trip: a write's implicit transaction commits before control comes back, so
            # the database's write lock is never held while this waits for the event loop.
            rows: list[dict[str, Any]] = await connection._execute(  # type: ignore[no-untyped-call]
                _fetch_committed, connection._conn, query, args or []
            )
        except BaseException:
            await connection.close()  # a connection in an unknown state is not kept
            raise
        await self.give_back(connection)
        return rows

    async def _run_in_existing_connection(
        self,
        connection: Any,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> list[dict[str, Any]]:
        # Inside a transaction: the connection was set up once when opened (no PRAGMA each time).
        return await _fetch_all(connection, query, args)

    async def run_sync(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work(connection)` on the connection's own thread, in one trip from the event loop.

        Inside the caller's transaction when one is open (Piccolo's `transaction()`), else in a
        write transaction of its own (BEGIN IMMEDIATE, then COMMIT, or ROLLBACK if `work` raises).
        Uses aiosqlite's `_execute`, the call its own methods make, to reach the thread.
        """
        transaction = self.current_transaction.get()
        if transaction is not None:
            lent = transaction.connection
            connection = lent._connection if isinstance(lent, _Lent) else lent
            result: T = await connection._execute(work, connection._conn)
            return result
        connection = await self._borrow()
        try:
            result = await connection._execute(_immediately, work, connection._conn)  # type: ignore[no-untyped-call]
        except BaseException:
            await connection.close()  # as in _run_in_new_connection: not kept in doubt
            raise
        await self.give_back(connection)
        return result

    async def give_back(self, connection: aiosqlite.Connection) -> None:
        if connection.in_transaction or len(self._idle) >= KEPT_CONNECTIONS:
            await connection.close()
        else:
            self._idle.append(connection)

    async def close_idle(self) -> None:
        while self._idle:
            await self._idle.pop().close()

    async def _borrow(self) -> aiosqlite.Connection:
        if self._idle:
            return self._idle.pop()
        pending = aiosqlite.connect(**self.connection_kwargs)
        # A kept connection is a thread; it must not hold the process open when it exits.
        pending._thread.daemon = True
        connection = await pending
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute("PRAGMA foreign_keys = 1")
        return connection


def _fetch_committed(connection: sqlite3.Connection, query: str, args: list[Any]) -> list[Any]:
    rows = connection.execute(query, args).fetchall()
    if connection.in_transaction:  # a write opened one implicitly; a read did not
        connection.commit()
    return rows


def _immediately(work: Callable[[sqlite3.Connection], T], connection: sqlite3.Connection) -> T:
    connection.execute("BEGIN IMMEDIATE")
    try:
        result = work(connection)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return result


async def _fetch_all(
    connection: aiosqlite.Connection, query: str, args: list[Any] | None
) -> list[dict[str, Any]]:
    """Run and fetch in one trip to the connection's thread (a cursor costs three more)."""
    rows = await connection.execute_fetchall(query, args or [])
    return rows if isinstance(rows, list) else list(rows)  # type: ignore[arg-type]


class _Lent:
    """A kept connection lent to one transaction; `close()` returns it to the engine."""

    def __init__(self, engine: ReusingSQLiteEngine, connection: aiosqlite.Connection) -> None:
        self._engine = engine
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._connection, name, value)

    async def close(self) -> None:
        await self._engine.give_back(self._connection)
