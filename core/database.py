"""The database engine: built from the settings, bound to every table, migrated by Piccolo.

Piccolo looks its engine up through `piccolo_conf.DB`; that name resolves to the engine bound here,
so the app, the CLI, the tests and Piccolo's own migration commands all use one engine per process.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

from asyncpg.exceptions import UniqueViolationError
from piccolo.apps.migrations.commands.check import CheckMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

from core.assistants import piccolo_app as assistants_app
from core.calendar import piccolo_app as calendar_app
from core.catalog import piccolo_app as catalog_app
from core.dossiers import piccolo_app as dossiers_app
from core.errors import ConfigurationError
from core.feedback import piccolo_app as feedback_app
from core.files import piccolo_app as files_app
from core.identity import piccolo_app as identity_app
from core.outbox import piccolo_app as outbox_app
from core.payments import piccolo_app as payments_app
from core.pg_engine import LoopPoolPostgresEngine
from core.process import piccolo_app as process_app
from core.push import piccolo_app as push_app
from core.sqlite_engine import ReusingSQLiteEngine
from core.stats import piccolo_app as stats_app

# One entry per Piccolo app; its tables are bound to the engine and its migrations run in order.
APP_CONFIGS = (
    catalog_app.APP_CONFIG,
    calendar_app.APP_CONFIG,
    outbox_app.APP_CONFIG,
    identity_app.APP_CONFIG,
    files_app.APP_CONFIG,
    dossiers_app.APP_CONFIG,
    process_app.APP_CONFIG,
    payments_app.APP_CONFIG,
    assistants_app.APP_CONFIG,
    feedback_app.APP_CONFIG,
    stats_app.APP_CONFIG,
    push_app.APP_CONFIG,
)
APPS: tuple[str, ...] = (
    "core.catalog.piccolo_app",
    "core.calendar.piccolo_app",
    "core.outbox.piccolo_app",
    "core.identity.piccolo_app",
    "core.files.piccolo_app",
    "core.dossiers.piccolo_app",
    "core.process.piccolo_app",
    "core.payments.piccolo_app",
    "core.assistants.piccolo_app",
    "core.feedback.piccolo_app",
    "core.stats.piccolo_app",
    "core.push.piccolo_app",
)
TABLES: tuple[type[Table], ...] = (
    *(table for config in APP_CONFIGS for table in config.table_classes),
    Migration,
)
SQLITE_BUSY_TIMEOUT_S = 15

_bound: Engine | None = None  # type: ignore[type-arg]
_sqlite_engines: dict[str, ReusingSQLiteEngine] = {}
_postgres_engines: dict[str, LoopPoolPostgresEngine] = {}


def engine_for(database_url: str) -> Engine:  # type: ignore[type-arg]
    """An engine for `sqlite:///path` or `postgresql://user@host:port/db`."""
    scheme = urlsplit(database_url).scheme
    if scheme == "sqlite":
        # As in SQLAlchemy: sqlite:///relative/path, sqlite:////absolute/path.
        path = Path(database_url.removeprefix("sqlite:///"))
        if not database_url.startswith("sqlite:///") or not path.name:
            raise ConfigurationError("a SQLite URL looks like sqlite:///path/to/motcua.sqlite3")
        path.parent.mkdir(parents=True, exist_ok=True)
        # One engine per file and process, so its kept connections are shared, never orphaned.
        engine = _sqlite_engines.get(str(path))
        if engine is None:
            engine = ReusingSQLiteEngine(path=str(path), timeout=SQLITE_BUSY_TIMEOUT_S)
            _sqlite_engines[str(path)] = engine
        return engine
    if scheme in ("postgresql", "postgres"):
        # One engine per URL and process too, so a pool opened on it serves every caller.
        postgres = _postgres_engines.get(database_url)
        if postgres is None:
            postgres = LoopPoolPostgresEngine(config={"dsn": database_url})
            _postgres_engines[database_url] = postgres
        return postgres
    raise ConfigurationError(
        f"MOTCUA_DATABASE_URL must start with sqlite:/// or postgresql:// (got {scheme!r})"
    )


def bind(engine: Engine) -> None:  # type: ignore[type-arg]
    """Make `engine` the one every table (and Piccolo's migration machinery) uses."""
    global _bound
    _bound = engine
    for table in TABLES:
        table._meta.db = engine


def bound_engine() -> Engine | None:  # type: ignore[type-arg]
    return _bound


def is_sqlite(engine: Engine) -> bool:  # type: ignore[type-arg]
    return engine.engine_type == "sqlite"


def write_transaction(engine: Engine) -> contextlib.AbstractAsyncContextManager[object]:  # type: ignore[type-arg]
    """A write transaction; on SQLite an immediate one, so writers queue instead of failing."""
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    transaction: contextlib.AbstractAsyncContextManager[object] = engine.transaction()
    return transaction


async def migrate(engine: Engine) -> str:  # type: ignore[type-arg]
    """Apply every migration not yet applied; returns Piccolo's report."""
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL")
    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        result = await run_forwards(app_name="all")
    if not result.success:
        raise ConfigurationError(f"migrations failed: {result.message}\n{report.getvalue()}")
    return report.getvalue()


async def pending_migrations() -> int:
    """How many migrations of the bound database are not applied yet (0: ready to serve)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return await CheckMigrationManager("all").havent_ran_count()


async def ping(engine: Engine) -> bool:  # type: ignore[type-arg]
    """Whether the database answers a trivial query."""
    try:
        rows = await engine.run_ddl("SELECT 1 AS ok")
    except Exception:
        return False
    return bool(rows)


@contextlib.asynccontextmanager
async def connected(engine: Engine, *, pool_size: int | None) -> AsyncIterator[None]:  # type: ignore[type-arg]
    """Open a PostgreSQL pool for the block when asked (SQLite needs none); a pool already
    open on the engine is used as it is and left open for whoever opened it."""
    if isinstance(engine, PostgresEngine) and pool_size and engine.pool is None:
        await engine.start_connection_pool(min_size=1, max_size=pool_size)
        try:
            yield
        finally:
            await engine.close_connection_pool()
    else:
        try:
            yield
        finally:
            if isinstance(engine, ReusingSQLiteEngine):
                await engine.close_idle()


def is_unique_violation(error: BaseException) -> bool:
    """Whether `error` is the database refusing a duplicate under a unique constraint."""
    if isinstance(error, UniqueViolationError):
        return True
    return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)


BUSY_RETRY_AFTER_S = 2


def is_busy(error: BaseException) -> bool:
    """Whether `error` is SQLite giving up on its write lock: try again shortly, not a bug."""
    return isinstance(error, sqlite3.OperationalError) and "locked" in str(error)
