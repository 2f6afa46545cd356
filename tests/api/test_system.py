"""/healthz, /dev/outbox and the OpenAPI document."""

from dataclasses import replace
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.errors import ConfigurationError
from core.outbox.service import DevOutboxService
from core.settings import Settings

Client = AsyncTestClient[Litestar]


async def test_healthz_says_ok_when_the_database_answers(client: Client) -> None:
    """GET /healthz is 200 {"status": "ok"}."""
    response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_dev_outbox_lists_messages_newest_first(client: Client) -> None:
    """What dev channels sent is listed with the contract's keys, newest first."""
    outbox = DevOutboxService()
    await outbox.record("sms", "+84912345678", "Mã xác thực: 123456")
    await outbox.record("email", "a@example.vn", "Xin chào", subject="Chào mừng")
    messages = (await client.get("/dev/outbox")).json()
    assert [m["channel"] for m in messages] == ["email", "sms"]
    assert set(messages[0]) == {"channel", "to", "subject", "body", "created_at"}


async def test_dev_outbox_is_404_in_prod(settings: Settings, db: None) -> None:
    """In prod the dev outbox does not exist."""
    app = create_app(replace(settings, env="prod"))
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/dev/outbox")).status_code == 404


async def test_openapi_documents_the_catalog(client: Client) -> None:
    """/schema/openapi.json lists the catalog routes."""
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert "/api/v1/procedures" in paths and "/api/v1/procedures/{code}" in paths


@pytest.mark.parametrize("env", [{"MOTCUA_ENV": "prod"}, {"MOTCUA_ENV": "staging"}])
def test_settings_refuse_unsafe_environments(env: dict[str, str], tmp_path: Path) -> None:
    """prod without a secret key, or an unknown environment, is refused at start-up."""
    with pytest.raises(ConfigurationError):
        Settings.from_env({**env, "MOTCUA_DATA_DIR": str(tmp_path)})
