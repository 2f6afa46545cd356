"""Settings, read once from the environment (names in CONTRACT.md) and passed around frozen."""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from core.errors import ConfigurationError

Environment = Literal["dev", "test", "prod"]
ENVIRONMENTS: tuple[Environment, ...] = ("dev", "test", "prod")
MOMO_KEYS = ("partner_code", "access_key", "secret_key", "create_url")
ZALOPAY_KEYS = ("app_id", "key1", "key2", "create_url")
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a secret


class Secret(str):
    """A string that does not show itself in `repr`, logs or tracebacks."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Secret('**********')" if self else "Secret('')"


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    env: Environment
    data_dir: Path
    database_url: str
    secret_key: Secret
    base_url: str
    smtp_url: Secret | None = None
    vnpay_tmn_code: str | None = None
    vnpay_hash_secret: Secret | None = None
    vnpay_pay_url: str | None = None
    vnpay_api_url: str | None = None
    momo: Mapping[str, str] | None = None  # partner_code, access_key, secret_key, create_url
    zalopay: Mapping[str, str] | None = None  # app_id, key1, key2, create_url

    @property
    def is_prod(self) -> bool:
        return self.env == "prod"

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every MOTCUA_* variable once; in dev/test, keep a generated key in the data dir."""
        env_vars = os.environ if environ is None else environ
        env = env_vars.get("MOTCUA_ENV", "dev")
        if env not in ENVIRONMENTS:
            raise ConfigurationError(f"MOTCUA_ENV must be one of dev, test, prod (got {env!r})")
        data_dir = Path(env_vars.get("MOTCUA_DATA_DIR", "./var")).resolve()
        database_url = env_vars.get(
            "MOTCUA_DATABASE_URL", f"sqlite:///{data_dir / 'motcua.sqlite3'}"
        )
        secret_key = env_vars.get("MOTCUA_SECRET_KEY", "")
        if not secret_key:
            if env == "prod":
                raise ConfigurationError("MOTCUA_SECRET_KEY is required when MOTCUA_ENV=prod")
            secret_key = _dev_secret_key(data_dir)
        smtp_url = env_vars.get("MOTCUA_SMTP_URL")
        hash_secret = env_vars.get("MOTCUA_VNPAY_HASH_SECRET")
        return cls(
            env=env,
            data_dir=data_dir,
            database_url=database_url,
            secret_key=Secret(secret_key),
            base_url=env_vars.get("MOTCUA_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            smtp_url=Secret(smtp_url) if smtp_url else None,
            vnpay_tmn_code=env_vars.get("MOTCUA_VNPAY_TMN_CODE") or None,
            vnpay_hash_secret=Secret(hash_secret) if hash_secret else None,
            vnpay_pay_url=env_vars.get("MOTCUA_VNPAY_PAY_URL") or None,
            vnpay_api_url=env_vars.get("MOTCUA_VNPAY_API_URL") or None,
            momo=_merchant(env_vars, "MOTCUA_MOMO_", MOMO_KEYS),
            zalopay=_merchant(env_vars, "MOTCUA_ZALOPAY_", ZALOPAY_KEYS),
        )


def _merchant(
    env_vars: Mapping[str, str], prefix: str, keys: tuple[str, ...]
) -> dict[str, Secret] | None:
    """A wallet's merchant settings: every one of `keys` under `prefix`, or none at all."""
    found = {key: Secret(env_vars.get(prefix + key.upper(), "")) for key in keys}  # never logged
    if not any(found.values()):
        return None
    missing = [prefix + key.upper() for key, value in found.items() if not value]
    if missing:
        raise ConfigurationError(f"also set {', '.join(missing)} (or none of {prefix}*)")
    return found


def _dev_secret_key(data_dir: Path) -> str:
    """A per-installation key kept in the data dir, so sessions survive a restart in dev."""
    path = data_dir / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return key
