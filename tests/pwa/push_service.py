"""A local Web Push service: the other end of RFC 8030 for tests and the fan-out benchmark.

It is a real protocol peer, an HTTP/1.1 server on asyncio streams (keep-alive, Content-Length)
that accepts `POST /push/<name>` like FCM or Mozilla's autopush would, and checks what they check:
- `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292): ES256 signature over header.payload with the
  key in `k`, `aud` = this service's origin, `exp` in the future and at most 24 h ahead, `sub`;
- `Content-Encoding: aes128gcm` and a `TTL` header;
- the body decrypts (RFC 8291, `http_ece`) with the subscription's private key and auth secret.
Then it answers 201 and keeps the plaintext; 400/401/403 say what was wrong. `answer(endpoint,
status)` makes an endpoint answer 404, 410, 429 or 500 instead (before any check).

`python -m tests.pwa.push_service --port P --seed S` runs it alone (the benchmark's own
process), with subscriptions `/push/<i>` whose keys are derived from the seed (`derived_keys`);
`GET /stats` answers `{"received": n, "rejected": n}`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import dataclasses
import hashlib
import json
import os
import time
from collections.abc import Callable
from typing import Any

import http_ece
import uvloop
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

MAX_BODY = 4096 + 100  # RFC 8030 services accept at least 4096 bytes
MAX_EXP_AHEAD_S = 24 * 3600
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
REASONS = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    411: "Length Required",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclasses.dataclass(frozen=True)
class ClientKeys:
    """What a browser keeps of its subscription: its P-256 private key and auth secret."""

    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    @property
    def p256dh(self) -> str:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(raw)

    @classmethod
    def generate(cls) -> ClientKeys:
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))


def derived_keys(seed: str, name: str) -> ClientKeys:
    """Deterministic client keys for subscription `name`: the benchmark's two processes agree
    on 10,000 key pairs without passing them around."""
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    scalar = int.from_bytes(digest, "big") % P256_ORDER or 1
    private_key = ec.derive_private_key(scalar, ec.SECP256R1())
    return ClientKeys(private_key, hashlib.sha256(digest).digest()[:16])


@dataclasses.dataclass(frozen=True)
class Received:
    path: str
    plaintext: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.plaintext)


class Rejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class PushService:
    """The server; subscriptions come from `subscribe()` or from a `keys_for(path)` function."""

    def __init__(self, keys_for: Callable[[str], ClientKeys | None] | None = None) -> None:
        self._clients: dict[str, ClientKeys] = {}
        self._keys_for = keys_for
        self._answers: dict[str, int] = {}
        self._verified: dict[tuple[str, str], float] = {}  # (token, key) -> exp, once checked
        self._server: asyncio.Server | None = None
        self.received: list[Received] = []
        self.rejected: list[tuple[str, int, str]] = []
        self.origin = ""

    # -- set-up, for tests --

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> PushService:
        self._server = await asyncio.start_server(self._connection, host, port, backlog=1024)
        bound = self._server.sockets[0].getsockname()
        self.origin = f"http://{host}:{bound[1]}"
        return self

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 1)

    def subscribe(self, name: str | None = None) -> dict[str, Any]:
        """A new browser subscription on this service (fresh client keys), as `toJSON()`."""
        path = f"/push/{name or b64url(os.urandom(12))}"
        keys = ClientKeys.generate()
        self._clients[path] = keys
        return {
            "endpoint": self.origin + path,
            "keys": {"p256dh": keys.p256dh, "auth": b64url(keys.auth)},
        }

    def answer(self, endpoint: str, status: int) -> None:
        """Make `endpoint` answer `status` (404, 410, 429, 500...) to every push from now on."""
        self._answers[endpoint.removeprefix(self.origin)] = status

    def messages_for(self, endpoint: str) -> list[Received]:
        path = endpoint.removeprefix(self.origin)
        return [r for r in self.received if r.path == path]

    # -- the protocol --

    def _handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> int:
        if method == "GET" and path == "/stats":
            raise _Stats
        if method != "POST" or not path.startswith("/push/"):
            raise Rejected(404, "no such push resource")
        if path in self._answers:
            raise Rejected(self._answers[path], "told to answer so")
        keys = self._clients.get(path) or (self._keys_for(path) if self._keys_for else None)
        if keys is None:
            raise Rejected(404, "no such subscription")
        self._check_vapid(headers.get("authorization", ""))
        if headers.get("content-encoding", "").lower() != "aes128gcm":
            raise Rejected(400, "Content-Encoding must be aes128gcm")
        if not headers.get("ttl", "").isdigit():
            raise Rejected(400, "TTL header missing or not a number")
        try:
            plaintext = http_ece.decrypt(
                body, private_key=keys.private_key, auth_secret=keys.auth, version="aes128gcm"
            )
        except Exception as error:  # http_ece raises several kinds for a bad message
            raise Rejected(400, f"payload does not decrypt: {error}") from error
        self.received.append(Received(path, plaintext, headers))
        return 201

    def _check_vapid(self, authorization: str) -> None:
        scheme, _, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            raise Rejected(401, "Authorization must be 'vapid t=..., k=...'")
        fields = dict(p.strip().partition("=")[::2] for p in params.split(","))
        token, key = fields.get("t", ""), fields.get("k", "")
        now = time.time()
        known = self._verified.get((token, key))
        if known is not None and known > now:
            return
        try:
            header_b64, payload_b64, signature_b64 = token.split(".")
            header = json.loads(unb64url(header_b64))
            claims = json.loads(unb64url(payload_b64))
            signature = unb64url(signature_b64)
            public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
        except ValueError as error:
            raise Rejected(401, f"malformed VAPID token or key: {error}") from error
        if header.get("alg") != "ES256" or len(signature) != 64:
            raise Rejected(401, "the VAPID JWT must be ES256")
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        try:
            public_key.verify(
                der, f"{header_b64}.{payload_b64}".encode(), ec.ECDSA(hashes.SHA256())
            )
        except InvalidSignature as error:
            raise Rejected(403, "the VAPID signature does not verify with k") from error
        if claims.get("aud") != self.origin:
            raise Rejected(403, f"aud must be {self.origin}")
        exp = claims.get("exp")
        if not isinstance(exp, int) or not now < exp <= now + MAX_EXP_AHEAD_S:
            raise Rejected(403, "exp must be in the future and at most 24 h ahead")
        if not claims.get("sub"):
            raise Rejected(403, "sub (a mailto: or https: contact) is missing")
        self._verified[(token, key)] = float(exp)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                method, path, _ = request_line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0") or 0)
                if length > MAX_BODY:
                    self._respond(writer, 413, b"")
                    return
                body = await reader.readexactly(length) if length else b""
                status, reply = self._answer(method, path, headers, body)
                self._respond(writer, status, reply)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            return
        finally:
            writer.close()

    def _answer(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, bytes]:
        try:
            return self._handle(method, path, headers, body), b""
        except _Stats:
            stats = {"received": len(self.received), "rejected": len(self.rejected)}
            return 200, json.dumps(stats).encode()
        except Rejected as rejection:
            self.rejected.append((path, rejection.status, str(rejection)))
            return rejection.status, str(rejection).encode()

    def _respond(self, writer: asyncio.StreamWriter, status: int, body: bytes) -> None:
        head = (
            f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\n"
            f"Content-Length: {len(body)}\r\nContent-Type: text/plain\r\n"
            + (f"Location: {self.origin}/message/{len(self.received)}\r\n" if status == 201 else "")
            + ("Retry-After: 30\r\n" if status == 429 else "")
            + "\r\n"
        )
        writer.write(head.encode("latin-1") + body)


class _Stats(Exception):
    """GET /stats: answered by the connection loop, not the push handler."""


def _main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seed", required=True, help="client keys of /push/<i> derive from it")
    args = parser.parse_args()
    cache: dict[str, ClientKeys] = {}

    def keys_for(path: str) -> ClientKeys:
        if path not in cache:
            cache[path] = derived_keys(args.seed, path.removeprefix("/push/"))
        return cache[path]

    async def serve() -> None:
        service = await PushService(keys_for).start(port=args.port)
        print(f"push service on {service.origin}", flush=True)
        await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        uvloop.run(serve())


if __name__ == "__main__":
    _main()
