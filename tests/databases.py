"""Throwaway databases for a test run: a SQLite file, or a new database on a PostgreSQL server."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table

from core import database
from core.catalog.tables import (
    CatalogRevision,
    LifeEventRecord,
    ProcedureRecord,
    ProcedureVersion,
)
from core.identity import audit_guard
from core.identity.tables import AuditEntry


@contextlib.contextmanager
def fresh_database(choice: str, directory: Path) -> Iterator[str]:
    """Yield the URL of an empty database; `choice` is "sqlite" or a postgresql:// server URL."""
    if choice == "sqlite":
        yield f"sqlite:///{directory / 'motcua.sqlite3'}"
        return
    name = f"motcua_test_{secrets.token_hex(4)}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(choice)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    # a throwaway database need not wait for the disk at each commit (a crash loses it anyway)
    asyncio.run(admin(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    try:
        yield urlunsplit(urlsplit(choice)._replace(path=f"/{name}"))
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def empty_tables(engine: Engine) -> None:  # type: ignore[type-arg]
    """Every table emptied, migrations kept; the audit log's guard is lifted only for this."""
    tables = [t for t in database.TABLES if t is not database.Migration]
    if not isinstance(engine, SQLiteEngine):
        await _empty_postgresql(engine.config["dsn"], [t._meta.tablename for t in tables])
        return
    for sql in audit_guard.SQLITE_DROP:
        await AuditEntry.raw(sql)
    for table in reversed(tables):  # children before parents
        await table.delete(force=True)
    for sql in audit_guard.SQLITE:
        await AuditEntry.raw(sql)


_cleaners: dict[tuple[str, int], asyncpg.Connection] = {}


async def _empty_postgresql(dsn: str, tables: list[str]) -> None:
    """DELETE every row and restart the sequences, in one transaction on a kept connection.

    As TRUNCATE ... RESTART IDENTITY would, but about ten times faster on the few rows a test
    leaves (TRUNCATE makes new files for every table and index, ~0.4 s for 46 tables; this
    ~0.04 s), which is minutes over the suite. `session_replication_role = replica` keeps the
    audit log's guard and the statistics triggers from firing, as TRUNCATE did.
    """
    key = (dsn, id(asyncio.get_running_loop()))
    connection = _cleaners.get(key)
    if connection is None or connection.is_closed():
        connection = _cleaners[key] = await asyncpg.connect(dsn)
    sequences = await connection.fetch(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
    )
    statements = [
        "SET LOCAL session_replication_role = replica",
        *(f"DELETE FROM {table}" for table in tables),
        *(f'ALTER SEQUENCE "{row["sequencename"]}" RESTART' for row in sequences),
    ]
    await connection.execute("BEGIN; " + "; ".join(statements) + "; COMMIT")


async def close_cleaners() -> None:
    """Close the kept cleaning connections (end of the session)."""
    while _cleaners:
        _, connection = _cleaners.popitem()
        if not connection.is_closed():
            await connection.close()


# What `CatalogService.load_bundled` writes: the catalog fixture copies these rows back per test.
CATALOG_TABLES: tuple[type[Table], ...] = (
    ProcedureRecord,
    ProcedureVersion,
    CatalogRevision,
    LifeEventRecord,
)
Snapshot = tuple[type[Table], ...]
SNAPSHOT_PREFIX = "snapshot_"  # not in database.TABLES: emptying the tables leaves these alone


async def take_snapshot(tables: tuple[type[Table], ...]) -> Snapshot:
    """Copy the rows of `tables` into snapshot tables in the same database, then empty them."""
    for table in tables:
        name = table._meta.tablename
        await table.raw(f"DROP TABLE IF EXISTS {SNAPSHOT_PREFIX}{name}")
        await table.raw(f"CREATE TABLE {SNAPSHOT_PREFIX}{name} AS SELECT * FROM {name}")
    for table in reversed(tables):
        await table.delete(force=True)
    return tables


async def restore_snapshot(engine: Engine, snapshot: Snapshot) -> None:  # type: ignore[type-arg]
    """Copy the rows back inside the database (ids kept); on PostgreSQL the sequences follow."""
    for table in snapshot:
        name = table._meta.tablename
        await table.raw(f"INSERT INTO {name} SELECT * FROM {SNAPSHOT_PREFIX}{name}")
        if not isinstance(engine, SQLiteEngine):
            await table.raw(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {name}))"
            )
