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

from core import database
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
    try:
        yield urlunsplit(urlsplit(choice)._replace(path=f"/{name}"))
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def empty_tables(engine: Engine) -> None:  # type: ignore[type-arg]
    """Every table emptied, migrations kept; the audit log's guard is lifted only for this."""
    tables = [t for t in database.TABLES if t is not database.Migration]
    if not isinstance(engine, SQLiteEngine):
        names = ", ".join(t._meta.tablename for t in tables)
        await engine.run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")  # fires no triggers
        return
    for sql in audit_guard.SQLITE_DROP:
        await AuditEntry.raw(sql)
    for table in reversed(tables):  # children before parents
        await table.delete(force=True)
    for sql in audit_guard.SQLITE:
        await AuditEntry.raw(sql)
