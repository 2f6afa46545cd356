"""Which VNPay the app talks to: the operator's merchant, or the sandbox (never in prod)."""

from __future__ import annotations

import dataclasses
import stat
from pathlib import Path

import httpx
import pytest

from core.errors import ConfigurationError
from core.payments.ports import GatewayName
from core.settings import Secret, Settings
from payments.config import SANDBOX_SECRET_FILE, gateway_config, sandbox_config
from payments.gateways import build_gateways
from tests.payments.conftest import MOMO, ZALO, FakeSettler, browser, make_app, make_settings

MERCHANT = {
    "vnpay_tmn_code": "ABCD1234",
    "vnpay_hash_secret": Secret("merchant-secret"),
    "vnpay_pay_url": "https://pay.vnpay.vn/vpcpay.html",
    "vnpay_api_url": "https://merchant.vnpay.vn/merchant_webapi/api/transaction",
}


def test_dev_and_test_default_to_the_sandbox(tmp_path: Path) -> None:
    """No MOTCUA_VNPAY_*: the sandbox on this app's base URL, its secret in the data dir."""
    config = gateway_config(make_settings(tmp_path))
    assert config.sandbox
    assert config.vnpay.tmn_code == "MOTCUA01"
    assert config.vnpay.pay_url == "http://testserver.local/payments/sandbox/vnpay/pay"
    assert config.vnpay.api_url == "http://testserver.local/payments/sandbox/vnpay/api"
    secret_file = tmp_path / SANDBOX_SECRET_FILE
    assert secret_file.read_text().strip() == str(config.vnpay.hash_secret)
    assert len(str(config.vnpay.hash_secret)) >= 32
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert str(config.vnpay.hash_secret) not in repr(config)


def test_the_sandbox_secret_is_kept_across_restarts(tmp_path: Path) -> None:
    """The same data dir gives the same secret (a restart must still verify old links)."""
    first = sandbox_config(make_settings(tmp_path))
    again = sandbox_config(make_settings(tmp_path))
    assert first.vnpay.hash_secret == again.vnpay.hash_secret


def test_operator_settings_win(tmp_path: Path) -> None:
    """MOTCUA_VNPAY_* set: that merchant, in any environment, and no secret file written."""
    for env in ("dev", "prod"):
        settings = dataclasses.replace(make_settings(tmp_path, env=env), **MERCHANT)
        config = gateway_config(settings)
        assert not config.sandbox
        assert (config.vnpay.tmn_code, config.vnpay.pay_url) == (
            "ABCD1234",
            "https://pay.vnpay.vn/vpcpay.html",
        )
    assert not (tmp_path / SANDBOX_SECRET_FILE).exists()


def test_prod_never_uses_the_sandbox(tmp_path: Path) -> None:
    """CONTRACT: prod refuses to start with the sandbox gateway. Without merchant settings
    online payment is off (no gateway at all), never the sandbox."""
    prod = make_settings(tmp_path, env="prod")
    assert gateway_config(prod).vnpay is None
    assert not (tmp_path / SANDBOX_SECRET_FILE).exists()
    with pytest.raises(ConfigurationError):
        sandbox_config(prod)
    pointing_home = dataclasses.replace(
        prod, **MERCHANT | {"vnpay_pay_url": "https://x.vn/payments/sandbox/vnpay/pay"}
    )
    with pytest.raises(ConfigurationError, match="sandbox"):
        gateway_config(pointing_home)


def test_half_a_merchant_is_an_error(tmp_path: Path) -> None:
    """Setting some MOTCUA_VNPAY_* but not all names the missing ones, even in dev."""
    settings = dataclasses.replace(make_settings(tmp_path), vnpay_tmn_code="ABCD1234")
    with pytest.raises(ConfigurationError, match="MOTCUA_VNPAY_HASH_SECRET"):
        gateway_config(settings)


async def test_sandbox_paths_do_not_exist_in_prod(tmp_path: Path) -> None:
    """An app built from prod settings answers 404 on the sandbox's pages and API."""
    prod = dataclasses.replace(make_settings(tmp_path, env="prod"), **MERCHANT)
    app = make_app(prod, FakeSettler())
    async with browser(app) as client:
        page = await client.get("/payments/sandbox/vnpay/pay?vnp_TxnRef=1")
        api = await client.post("/payments/sandbox/vnpay/api", json={})
    await app.state.http.aclose()
    assert (page.status_code, api.status_code) == (404, 404)


async def test_build_gateways_offers_what_is_configured(tmp_path: Path) -> None:
    """VNPay always; MoMo and ZaloPay only with their configs."""
    config = gateway_config(make_settings(tmp_path))
    async with httpx.AsyncClient() as http:
        assert set(build_gateways(http, config)) == {GatewayName.VNPAY}
        everything = dataclasses.replace(config, momo=MOMO, zalopay=ZALO)
        gateways = build_gateways(http, everything)
    assert {name: gateway.name for name, gateway in gateways.items()} == {
        GatewayName.VNPAY: GatewayName.VNPAY,
        GatewayName.MOMO: GatewayName.MOMO,
        GatewayName.ZALOPAY: GatewayName.ZALOPAY,
    }


def test_wallets_are_on_only_with_all_their_settings(tmp_path: Path) -> None:
    """MoMo and ZaloPay are read from MOTCUA_MOMO_* / MOTCUA_ZALOPAY_*: all four or none; their
    secrets never show in the settings' repr."""
    env = {
        "MOTCUA_ENV": "test",
        "MOTCUA_DATA_DIR": str(tmp_path),
        "MOTCUA_MOMO_PARTNER_CODE": "MOMOTEST",
        "MOTCUA_MOMO_ACCESS_KEY": "access",
        "MOTCUA_MOMO_SECRET_KEY": "very-secret-momo",
        "MOTCUA_MOMO_CREATE_URL": "https://test-payment.momo.vn/v2/gateway/api/create",
    }
    settings = Settings.from_env(env)
    config = gateway_config(settings)
    assert config.momo is not None and config.momo.partner_code == "MOMOTEST"
    assert config.zalopay is None and config.vnpay is not None  # VNPay: the sandbox in test
    assert "very-secret-momo" not in repr(settings)
    with pytest.raises(ConfigurationError, match="MOTCUA_ZALOPAY_KEY2"):
        Settings.from_env({**env, "MOTCUA_ZALOPAY_APP_ID": "2553", "MOTCUA_ZALOPAY_KEY1": "k1"})
