"""The server's VAPID key pair (RFC 8292): who the push services see sending our pushes.

The key is generated into the data dir on first start (`vapid_private.pem`, mode 0600) and loaded
after, so browsers' subscriptions, which are bound to the public key, survive restarts and are
shared by every server and worker process. Browsers get the public key as the base64url of the
uncompressed P-256 point (`applicationServerKey`).

Signing a JWT per message costs an ECDSA signature; the `Authorization` header for one push
service origin is kept and reused until shortly before its `exp` instead.
"""

from __future__ import annotations

import base64
import contextlib
import os
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid02, VapidException

from core.errors import ConfigurationError

KEY_FILE = "vapid_private.pem"
TOKEN_LIFETIME_S = 12 * 3600  # push services refuse an `exp` more than 24 h ahead
RENEW_BEFORE_S = 3600  # sign a new one when less than this is left


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _load_or_create(path: Path) -> Vapid02:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = Vapid02()
        fresh.generate_keys()
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")  # 0600
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(fresh.private_pem())
            # A hard link never replaces: when two processes start at once, the first key wins.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return Vapid02.from_file(str(path))


class VapidKeys:
    """The VAPID key pair of this installation, loaded (or made) on first use."""

    def __init__(self, data_dir: Path, base_url: str) -> None:
        self._path = data_dir / KEY_FILE
        self._subject = _subject(base_url)
        self._vapid: Vapid02 | None = None
        self._headers: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def _key(self) -> Vapid02:
        if self._vapid is None:
            with self._lock:
                if self._vapid is None:
                    try:
                        self._vapid = _load_or_create(self._path)
                    except (OSError, ValueError, VapidException) as error:  # a damaged file
                        raise ConfigurationError(f"VAPID key {self._path}: {error}") from error
        return self._vapid

    def load(self) -> None:
        """Make sure the key exists (called at start-up, so the first start creates it)."""
        self._key()

    @property
    def public_key(self) -> str:
        """base64url of the uncompressed public point, for `pushManager.subscribe()`."""
        raw = self._key().public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return _b64url(raw)

    def authorization(self, endpoint: str, *, now: float | None = None) -> str:
        """The `Authorization: vapid t=…, k=…` header for the endpoint's push service."""
        parts = urlsplit(endpoint)
        origin = f"{parts.scheme}://{parts.netloc}"
        moment = time.time() if now is None else now
        cached = self._headers.get(origin)
        if cached is not None and cached[1] - moment > RENEW_BEFORE_S:
            return cached[0]
        return self.sign(origin, now=moment)

    def sign(self, origin: str, *, now: float | None = None) -> str:
        """A freshly signed header for `origin` (kept for `authorization` to reuse)."""
        expires = int(time.time() if now is None else now) + TOKEN_LIFETIME_S
        claims = {"aud": origin, "sub": self._subject, "exp": expires}
        header: str = self._key().sign(claims)["Authorization"]
        self._headers[origin] = (header, float(expires))
        return header


def _subject(base_url: str) -> str:
    """Whom a push service may contact about our traffic: the site, or a mailbox at its host."""
    parts = urlsplit(base_url)
    if parts.scheme == "https":
        return f"https://{parts.hostname}"
    return f"mailto:admin@{parts.hostname or 'localhost'}"
