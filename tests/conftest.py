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
from tests.databases import close_cleaners, empty_tables, fresh_database


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database",
        default="sqlite",
        help="'sqlite' (default) or a postgresql:// URL of a server to create a test database on",
    )


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


@pytest.fixture
async def catalog(db: None) -> CatalogService:
    """A catalog service over the bundled catalog (120 real procedures)."""
    service = CatalogService(SystemClock(), refresh_seconds=0)
    await service.load_bundled()
    return service


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(
    app: Litestar, catalog: CatalogService
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client
