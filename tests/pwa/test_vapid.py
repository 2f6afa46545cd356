"""The VAPID key pair: made once in the data dir, private, reused; headers reused per origin."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.errors import ConfigurationError
from core.settings import Settings
from pwa.vapid import KEY_FILE, RENEW_BEFORE_S, TOKEN_LIFETIME_S, VapidKeys


def raw(key: str) -> bytes:
    return base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))


def claims_of(header: str) -> dict[str, object]:
    token = header.removeprefix("vapid t=").split(",")[0]
    payload = token.split(".")[1]
    decoded: dict[str, object] = json.loads(raw(payload))
    return decoded


async def test_the_key_is_made_on_first_start_and_reused_after_a_restart(
    settings: Settings, catalog: CatalogService
) -> None:
    """Two app lifetimes on one data dir serve the same public key; the file is mode 0600."""
    keys = []
    for _ in range(2):
        async with AsyncTestClient(app=create_app(settings)) as client:
            assert (settings.data_dir / KEY_FILE).exists()
            response = await client.get("/api/v1/push/vapid-public-key")
            assert response.status_code == 200
            keys.append(response.json()["key"])
    assert keys[0] == keys[1]
    assert (settings.data_dir / KEY_FILE).stat().st_mode & 0o777 == 0o600


async def test_the_public_key_is_an_uncompressed_p256_point_in_base64url(
    settings: Settings, catalog: CatalogService
) -> None:
    """{"key"}: 65 bytes starting 0x04, base64url without padding (applicationServerKey)."""
    async with AsyncTestClient(app=create_app(settings)) as client:
        key = (await client.get("/api/v1/push/vapid-public-key")).json()["key"]
    assert "=" not in key and "+" not in key and "/" not in key
    assert len(raw(key)) == 65 and raw(key)[0] == 0x04


def test_another_data_dir_gets_another_key(tmp_path: Path) -> None:
    """Keys are per installation, never a constant shipped with the code."""
    first = VapidKeys(tmp_path / "a", "https://dichvucong.example.vn").public_key
    second = VapidKeys(tmp_path / "b", "https://dichvucong.example.vn").public_key
    assert first != second


def test_the_authorization_header_is_reused_per_origin_until_near_expiry(tmp_path: Path) -> None:
    """One signature per push service origin, renewed when less than an hour is left."""
    vapid = VapidKeys(tmp_path, "https://dichvucong.example.vn")
    start = 1_800_000_000.0
    first = vapid.authorization("https://fcm.googleapis.com/fcm/send/a", now=start)
    same_origin = vapid.authorization("https://fcm.googleapis.com/fcm/send/b", now=start + 60)
    other = vapid.authorization("https://updates.push.services.mozilla.com/wpush/v2/x", now=start)
    assert same_origin == first and other != first
    assert claims_of(first) == {
        "aud": "https://fcm.googleapis.com",
        "sub": "https://dichvucong.example.vn",
        "exp": int(start) + TOKEN_LIFETIME_S,
    }
    late = start + TOKEN_LIFETIME_S - RENEW_BEFORE_S + 1
    renewed = vapid.authorization("https://fcm.googleapis.com/fcm/send/a", now=late)
    assert renewed != first and claims_of(renewed)["exp"] == int(late) + TOKEN_LIFETIME_S


def test_a_site_without_https_is_named_by_a_mailbox(tmp_path: Path) -> None:
    """Push services want a mailto: or https: contact in `sub`; a dev site gets a mailto:."""
    vapid = VapidKeys(tmp_path, "http://127.0.0.1:8000")
    header = vapid.authorization("http://127.0.0.1:9999/push/a", now=1_800_000_000.0)
    assert claims_of(header)["sub"] == "mailto:admin@127.0.0.1"


def test_a_damaged_key_file_is_a_configuration_error(tmp_path: Path) -> None:
    """The operator is told which file is wrong instead of a traceback from deep in py_vapid."""
    (tmp_path / KEY_FILE).write_text("not a key")
    with pytest.raises(ConfigurationError, match=KEY_FILE):
        VapidKeys(tmp_path, "https://dichvucong.example.vn").load()
