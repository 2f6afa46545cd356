"""Which gateways motcua talks to, with what codes and secrets: one frozen `GatewayConfig`.

`gateway_config(settings)` is read once by the composition root. In prod it insists on the
operator's MOTCUA_VNPAY_* settings; in dev and test, when those are unset, it points VNPay at the
built-in sandbox gateway (payments/sandbox.py), whose secret is generated into the data dir so
that no secret ever sits in the repository. MoMo and ZaloPay have no settings yet (CONTRACT.md
names none), so they stay switched off unless a caller builds their configs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import tempfile
from pathlib import Path

from core.errors import ConfigurationError
from core.settings import Secret, Settings

SANDBOX_TMN_CODE = "MOTCUA01"  # eight characters, like the codes VNPay issues
SANDBOX_SECRET_FILE = "sandbox-vnpay-secret"  # noqa: S105 - a file name, not a secret
SANDBOX_PAY_PATH = "/payments/sandbox/vnpay/pay"
SANDBOX_API_PATH = "/payments/sandbox/vnpay/api"
VNPAY_IPN_PATH = "/payments/vnpay/ipn"
VNPAY_RETURN_PATH = "/payments/vnpay/return"


@dataclasses.dataclass(frozen=True, slots=True)
class VNPayConfig:
    tmn_code: str
    hash_secret: Secret
    pay_url: str  # where the payer's browser goes (vpcpay.html, or the sandbox's page)
    api_url: str  # querydr and refund (merchant_webapi/api/transaction, or the sandbox's)


@dataclasses.dataclass(frozen=True, slots=True)
class MoMoConfig:
    partner_code: str
    access_key: str
    secret_key: Secret
    create_url: str  # .../v2/gateway/api/create


@dataclasses.dataclass(frozen=True, slots=True)
class ZaloPayConfig:
    app_id: str
    key1: Secret  # signs what we send
    key2: Secret  # checks what ZaloPay sends back (callbacks)
    create_url: str  # .../v2/create


@dataclasses.dataclass(frozen=True, slots=True)
class GatewayConfig:
    """Every gateway's codes, secrets and addresses; None for a gateway that is switched off."""

    vnpay: VNPayConfig | None  # None in prod without merchant settings: online payment off
    momo: MoMoConfig | None = None
    zalopay: ZaloPayConfig | None = None
    sandbox: bool = False  # VNPay is the built-in sandbox (dev and test only)


def gateway_config(settings: Settings) -> GatewayConfig:
    """The operator's VNPay merchant when MOTCUA_VNPAY_* are set, else the sandbox in dev and
    test; in prod without them, VNPay is off (`motcua serve` says so at start)."""
    vnpay = _vnpay_from(settings)
    if vnpay is not None:
        if settings.is_prod and SANDBOX_PAY_PATH in vnpay.pay_url:
            raise ConfigurationError("MOTCUA_VNPAY_PAY_URL points at the sandbox gateway in prod")
        return GatewayConfig(vnpay=vnpay, momo=_momo(settings), zalopay=_zalopay(settings))
    if settings.is_prod:  # never the sandbox in prod: no merchant, no online payment
        return GatewayConfig(vnpay=None, momo=_momo(settings), zalopay=_zalopay(settings))
    sandbox = sandbox_config(settings)
    return dataclasses.replace(sandbox, momo=_momo(settings), zalopay=_zalopay(settings))


def _momo(settings: Settings) -> MoMoConfig | None:
    """MOTCUA_MOMO_PARTNER_CODE, _ACCESS_KEY, _SECRET_KEY, _CREATE_URL (all or none)."""
    m = settings.momo
    if m is None:
        return None
    return MoMoConfig(m["partner_code"], m["access_key"], Secret(m["secret_key"]), m["create_url"])


def _zalopay(settings: Settings) -> ZaloPayConfig | None:
    """MOTCUA_ZALOPAY_APP_ID, _KEY1, _KEY2, _CREATE_URL (all or none)."""
    z = settings.zalopay
    if z is None:
        return None
    return ZaloPayConfig(z["app_id"], Secret(z["key1"]), Secret(z["key2"]), z["create_url"])


def _vnpay_from(settings: Settings) -> VNPayConfig | None:
    """The operator's merchant settings: all four, or none (then None), never half of them."""
    tmn_code, secret = settings.vnpay_tmn_code, settings.vnpay_hash_secret
    pay_url, api_url = settings.vnpay_pay_url, settings.vnpay_api_url
    if tmn_code and secret and pay_url and api_url:
        return VNPayConfig(tmn_code=tmn_code, hash_secret=secret, pay_url=pay_url, api_url=api_url)
    given = {
        "MOTCUA_VNPAY_TMN_CODE": tmn_code,
        "MOTCUA_VNPAY_HASH_SECRET": secret,
        "MOTCUA_VNPAY_PAY_URL": pay_url,
        "MOTCUA_VNPAY_API_URL": api_url,
    }
    missing = sorted(name for name, value in given.items() if not value)
    if len(missing) < len(given):
        raise ConfigurationError(f"VNPay is half configured: also set {', '.join(missing)}")
    return None


def sandbox_config(settings: Settings) -> GatewayConfig:
    """The built-in sandbox as VNPay merchant: its pages and API are served by this same app."""
    if settings.is_prod:
        raise ConfigurationError("the sandbox gateway does not run when MOTCUA_ENV=prod")
    vnpay = VNPayConfig(
        tmn_code=SANDBOX_TMN_CODE,
        hash_secret=Secret(_sandbox_secret(settings.data_dir)),
        pay_url=settings.base_url + SANDBOX_PAY_PATH,
        api_url=settings.base_url + SANDBOX_API_PATH,
    )
    return GatewayConfig(vnpay=vnpay, sandbox=True)


def _sandbox_secret(data_dir: Path) -> str:
    """A per-installation secret kept in the data dir.

    Written to a temporary file and then linked into place, so that several workers starting
    at once agree on one secret and none of them ever reads a half-written file.
    """
    path = data_dir / SANDBOX_SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=data_dir, prefix=".sandbox-secret-")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(secrets.token_hex(32) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
        os.unlink(temporary)
    secret = path.read_text(encoding="utf-8").strip()
    if not secret:
        raise ConfigurationError(f"{path} is empty: delete it to generate a new secret")
    return secret
