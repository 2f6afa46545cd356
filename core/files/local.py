"""A file store in a local directory: `root/aa/bb/<sha256>`, written atomically.

A blob appears whole or not at all: bytes go to a temporary file in the target directory, are
flushed to disk, then renamed over the final name (a rename within one directory is atomic).
Two writers of the same bytes race harmlessly: both renames put identical content in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from core.errors import NotFound
from core.files.ports import SHA256_HEX, check_sha

TEMP_PREFIX = ".incoming-"


class LocalFileStore:
    """The default `FileStore`: one directory (`settings.data_dir / "files"`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha: str) -> Path:
        sha = check_sha(sha)
        return self.root / sha[:2] / sha[2:4] / sha

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_of(sha)
        if path.exists():
            os.utime(path)  # fresh again: the orphan sweep's grace period starts over
            return sha
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
        _fsync_dir(path.parent)
        return sha

    def get(self, sha: str) -> bytes:
        try:
            return self.path_of(sha).read_bytes()
        except FileNotFoundError:
            raise NotFound("Không tìm thấy tệp") from None

    def exists(self, sha: str) -> bool:
        return SHA256_HEX.fullmatch(sha) is not None and self.path_of(sha).is_file()

    def delete(self, sha: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_of(sha).unlink()

    def shas(self, *, stored_before: dt.datetime) -> Iterator[str]:
        cutoff = stored_before.timestamp()
        for path in self.root.glob("??/??/*"):
            name = path.name
            if (
                SHA256_HEX.fullmatch(name)
                and path.parent.parent.name == name[:2]
                and path.parent.name == name[2:4]
                and path.stat().st_mtime < cutoff
            ):
                yield name


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
