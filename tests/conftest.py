"""Fixtures shared by the suite: one database per run (SQLite or PostgreSQL), clean per test."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core import database
from core.catalog.service import CatalogService
from core.clock import SystemClock
from core.settings import Secret, Settings
from tests.databases import (
    CATALOG_TABLES,
    Snapshot,
    close_cleaners,
    empty_tables,
    fresh_database,
    restore_snapshot,
    take_snapshot,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        default="sqlite",
        help="'sqlite' (default) or a postgresql:// URL of a server to create a test database on",
    )


TEST_POOL_SIZE = 40  # concurrency tests run dozens of requests at once; each may hold one
DATABASE_FIXTURES = frozenset({"database_url", "live_database"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, run only the tests that reach a database; the rest ran on SQLite.

    A test that uses neither the suite's database nor the browser tests' live server gives
    the same answer whatever `--database` says, so `make test` runs it once (SQLite half).
    """
    if (config.getoption("--database") or "sqlite") == "sqlite":
        return
    kept, dropped = [], []
    for item in items:
        uses_database = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        (kept if uses_database else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh database per run: a SQLite file, or a new PostgreSQL database (dropped after)."""
    choice = request.config.getoption("--database") or "sqlite"
    with fresh_database(choice, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
async def migrated(database_url: str) -> AsyncIterator[str]:
    engine = database.engine_for(database_url)
    database.bind(engine)
    await database.migrate(engine)
    # One pool for the whole run: without it every query on PostgreSQL opens a connection (the
    # apps under test get no pool of their own), which cost more than the queries themselves.
    async with database.connected(engine, pool_size=TEST_POOL_SIZE):
        yield database_url
    await close_cleaners()


@pytest.fixture
async def db(migrated: str) -> None:
    """A clean database for one test: every table emptied (migrations stay applied)."""
    engine = database.engine_for(migrated)
    database.bind(engine)
    await empty_tables(engine)


@pytest.fixture
def settings(migrated: str, tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        data_dir=tmp_path,
        database_url=migrated,
        secret_key=Secret(secrets.token_urlsafe(32)),
        base_url="http://testserver.local",
    )


@pytest.fixture(scope="session")
async def bundled_catalog(migrated: str) -> Snapshot:
    """The bundled catalog's rows as the import service writes them, made once per run."""
    engine = database.engine_for(migrated)
    database.bind(engine)
    await CatalogService(SystemClock(), refresh_seconds=0).load_bundled()
    return await take_snapshot(CATALOG_TABLES)


@pytest.fixture
async def catalog(db: None, bundled_catalog: Snapshot, migrated: str) -> CatalogService:
    """A catalog service over the bundled catalog (120 real procedures).

    The rows are copied back from a snapshot of the first import (0.18 s a test, minutes over
    the suite); tests/catalog checks the import itself.
    """
    await restore_snapshot(database.engine_for(migrated), bundled_catalog)
    return CatalogService(SystemClock(), refresh_seconds=0)


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(
    app: Litestar, catalog: CatalogService
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client
