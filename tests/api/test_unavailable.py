"""Outages: the database gone is a 503, the upload directory full a 507; nothing half-written."""

from __future__ import annotations

import dataclasses
import errno
import os
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest
from asyncpg.exceptions import CannotConnectNowError
from litestar import Litestar
from litestar.testing import AsyncTestClient
from piccolo.engine.postgres import PostgresEngine

from api.app import create_app
from core import database, outage
from core.files import local
from core.files.tables import Upload
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.bench import cluster
from tests.core.files import samples
from web.errors import outage_page
from web.i18n import translate

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def api(settings: Settings, db: None) -> AsyncIterator[Client]:
    """An app without a pool: each query opens a connection, so refusing new connections takes
    the database away (a real server stopped under a pooled app is the test further down)."""
    async with AsyncTestClient(app=create_app(settings, pool_size=None)) as client:
        yield client


def database_goes_down(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, error: Exception
) -> None:
    """Every new connection of the app's engine now fails with `error`, as when the server is
    stopped after the app started (the lifespan read the catalog while it was up)."""
    engine = database.engine_for(settings.database_url)

    async def refuse(*_: Any, **__: Any) -> Any:
        raise error

    connect = "get_new_connection" if isinstance(engine, PostgresEngine) else "_borrow"
    monkeypatch.setattr(type(engine), connect, refuse)  # PostgresEngine has slots


class FullDisk:
    """`os` as core/files/local.py sees it, on a disk that fills up while a blob is written."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    @staticmethod
    def fsync(_: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def stored_files(settings: Settings) -> list[str]:
    return [p.name for p in (settings.data_dir / "files").rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)"),
        CannotConnectNowError("the database system is starting up"),
    ],
    ids=["refused", "starting-up"],
)
async def test_api_answers_503_with_retry_after_while_the_database_is_down(
    api: Client, settings: Settings, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """A refused or not-yet-ready database is a JSON 503 saying to retry, not a 500."""
    database_goes_down(monkeypatch, settings, error)
    response = await api.post("/api/v1/auth/otp", json={"phone": "0912345678"})
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(outage.DATABASE_RETRY_AFTER_S)
    body = response.json()
    assert body["status"] == 503
    assert "database is unavailable" in body["detail"]


async def test_page_answers_a_vietnamese_503_page_while_the_database_is_down(
    api: Client, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page reading the database says, in Vietnamese, that nothing was saved and when to retry."""
    database_goes_down(monkeypatch, settings, ConnectionRefusedError(111, "refused"))
    response = await api.get("/track/H56.01-261203-0001")
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(outage.DATABASE_RETRY_AFTER_S)
    assert "text/html" in response.headers["content-type"]
    assert "Hệ thống tạm thời gián đoạn" in response.text
    assert "thử lại sau khoảng 10 giây" in response.text


async def test_other_os_errors_stay_500(
    api: Client, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only outages become 503/507: a permission error is still a bug to be logged as a 500."""
    database_goes_down(monkeypatch, settings, PermissionError(errno.EACCES, "denied"))
    response = await api.post("/api/v1/auth/otp", json={"phone": "0912345678"})
    assert response.status_code == 500


async def test_upload_on_a_full_disk_is_507_and_leaves_no_file_nor_row(
    api: Client, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC while the blob is written: 507, the temporary file removed, no upload row."""
    citizen = await sign_in(api)
    monkeypatch.setattr(local, "os", FullDisk())
    response = await api.post(
        "/api/v1/uploads",
        headers=citizen,
        files={"file": ("giay-chung-sinh.jpg", samples.jpeg(), "image/jpeg")},
    )
    assert response.status_code == 507
    assert response.headers["retry-after"] == str(outage.STORAGE_RETRY_AFTER_S)
    assert "no space left" in response.json()["detail"]
    assert stored_files(settings) == []
    assert await Upload.count() == 0
    monkeypatch.undo()  # space freed: the same upload now succeeds
    again = await api.post(
        "/api/v1/uploads",
        headers=citizen,
        files={"file": ("giay-chung-sinh.jpg", samples.jpeg(), "image/jpeg")},
    )
    assert again.status_code == 201
    assert len(stored_files(settings)) == 1


def test_pages_answer_507_with_a_vietnamese_message_when_the_disk_is_full() -> None:
    """The page version of a full disk: 507, Retry-After, the storage-full title and text."""
    request: Any = SimpleNamespace(method="POST", url=SimpleNamespace(path="/dossiers/new"))
    page = outage_page(request, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert page.status_code == 507
    assert page.headers["Retry-After"] == str(outage.STORAGE_RETRY_AFTER_S)
    assert page.context["title_key"] == "storage_full_title"
    assert translate("vi", page.context["message_key"]).startswith("Máy chủ đã hết chỗ lưu tệp")


def test_an_error_raised_from_a_driver_error_is_recognised() -> None:
    """Wrapped driver errors (raise ... from) count as the outage they come from."""
    wrapped = RuntimeError("could not store")
    wrapped.__cause__ = OSError(errno.EDQUOT, "Disk quota exceeded")
    assert outage.kind_of(wrapped) == "storage_full"
    assert outage.kind_of(ValueError("x")) is None


async def test_postgresql_stopped_then_started_again_recovers_by_itself(
    settings: Settings, db: None
) -> None:
    """A real cluster stopped under a pooled app: 503s while down, 202s once it is back, with
    no restart of the app (asyncpg's pool reconnects)."""
    with cluster.throwaway() as pg:
        engine = database.engine_for(pg.url)
        database.bind(engine)
        await database.migrate(engine)
        own = dataclasses.replace(settings, database_url=pg.url)
        async with AsyncTestClient(app=create_app(own, pool_size=2)) as api:
            assert (
                await api.post("/api/v1/auth/otp", json={"phone": "0912345678"})
            ).status_code == 202
            pg.stop()
            down = [
                (await api.post("/api/v1/auth/otp", json={"phone": f"091234567{n}"})).status_code
                for n in range(3)
            ]
            health = (await api.get("/healthz")).status_code
            pg.start()
            back = [
                (await api.post("/api/v1/auth/otp", json={"phone": f"098765432{n}"})).status_code
                for n in range(3)
            ]
        database.bind(database.engine_for(settings.database_url))
    assert down == [503, 503, 503]
    assert health == 503
    assert back[-1] == 202
