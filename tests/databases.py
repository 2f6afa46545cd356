"""Throwaway databases for a test run: a SQLite file, or a new database on a PostgreSQL server."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg


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
