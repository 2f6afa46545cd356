"""The file store port: blobs addressed by the SHA-256 of their bytes.

The database keeps what a blob is (owner, name, type); the store keeps only the bytes. A local
directory is the default adapter (`core.files.local`); S3-compatible storage fits the same shape.
Every method is blocking: services call them through a worker thread.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Protocol

from core.errors import NotFound

SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def check_sha(sha: str) -> str:
    """`sha` if it is 64 lowercase hex digits (so it can never name a path); else NotFound."""
    if not SHA256_HEX.fullmatch(sha):
        raise NotFound("Không tìm thấy tệp")
    return sha


class FileStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store `data`; returns its SHA-256 hex. Storing the same bytes again changes nothing
        but marks the blob as fresh (see `shas`)."""
        ...

    def get(self, sha: str) -> bytes:
        """The bytes stored under `sha`; NotFound if there are none."""
        ...

    def exists(self, sha: str) -> bool: ...

    def delete(self, sha: str) -> None:
        """Remove the blob; removing a missing blob is not an error."""
        ...

    def shas(self, *, stored_before: dt.datetime) -> Iterator[str]:
        """Every stored SHA-256 last put before `stored_before` (for the orphan sweep)."""
        ...
