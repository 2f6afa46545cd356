"""Uploads: a citizen's personal store of papers (giấy tờ), reusable across dossiers.

An upload is accepted only after its bytes prove its type (`core.files.inspect`) and, for an
image, after it is decoded, turned upright, shrunk and stripped of metadata
(`core.files.images`). The cleaned bytes go to the file store under their SHA-256; the row names
the owner. Nobody but the owner sees an upload through this service: anyone else's id is
NotFound, exactly like an unknown one.

No blob is left without a row: a failed insert removes the blob it just stored unless another
row uses the same bytes, and `sweep_orphans` clears whatever a crash left behind.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from typing import Any

from core import rows
from core.clock import Clock
from core.errors import NotFound
from core.files import images, inspect
from core.files.filenames import clean_filename
from core.files.ports import FileStore
from core.files.tables import Upload

log = logging.getLogger("motcua.files")

ORPHAN_GRACE = dt.timedelta(hours=1)  # a blob younger than this may be waiting for its row
MAX_ID_LENGTH = 64
SWEEP_BATCH = 500
NOT_FOUND = "Không tìm thấy tệp này trong giấy tờ của bạn"


@dataclasses.dataclass(frozen=True, slots=True)
class Cleaned:
    data: bytes
    content_type: str


def clean(data: bytes) -> Cleaned:
    """Check and normalise the bytes of an upload (CPU-bound: run it in a thread)."""
    inspect.check_size(data)
    content_type = inspect.content_type_of(data)
    if content_type == inspect.PDF:
        inspect.check_pdf(data)
        return Cleaned(data, content_type)
    image = images.normalise_image(data, content_type)
    return Cleaned(image.data, image.content_type)


@dataclasses.dataclass(frozen=True, slots=True)
class UploadInfo:
    """An upload's row as filing reads it."""

    id: str
    owner: int
    sha256: str
    size: int
    content_type: str
    filename: str
    created_at: dt.datetime


UPLOAD_INFO = ", ".join(field.name for field in dataclasses.fields(UploadInfo))


class UploadService:
    """Accept, find and serve citizens' uploads; sweep blobs no row names."""

    def __init__(self, store: FileStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def accept(self, owner_id: int, filename: str, data: bytes) -> Upload:
        """Check, clean and store one file for `owner_id`.

        InvalidInput (empty, broken), TooLarge (over 10 MB or 40 megapixels), UnsupportedType.
        """
        cleaned, sha = await asyncio.to_thread(self._clean_and_put, data)
        values: dict[str, Any] = {
            "id": secrets.token_urlsafe(16),
            "owner": owner_id,
            "sha256": sha,
            "size": len(cleaned.data),
            "content_type": cleaned.content_type,
            "filename": clean_filename(filename, cleaned.content_type),
            "created_at": self._clock.now(),
        }
        try:
            await rows.insert(Upload, [values])
        except BaseException:
            await self._drop_unless_used(sha)
            raise
        if not await asyncio.to_thread(self._store.exists, sha):
            # a failed twin upload removed the blob between our put and our insert
            await asyncio.to_thread(self._store.put, cleaned.data)
        return Upload(**values)

    def _clean_and_put(self, data: bytes) -> tuple[Cleaned, str]:
        """In a worker thread: decode, clean and store in one trip (image work holds no lock)."""
        cleaned = clean(data)
        return cleaned, self._store.put(cleaned.data)

    async def owned(self, owner_id: int, upload_id: str) -> Upload:
        """The upload if it is `owner_id`'s; NotFound otherwise (unknown and foreign alike)."""
        if 0 < len(upload_id) <= MAX_ID_LENGTH:
            row = (
                await Upload.objects()
                .where((Upload.id == upload_id) & (Upload.owner == owner_id))
                .first()
            )
            if row is not None:
                return row
        raise NotFound(NOT_FOUND)

    async def owned_many(self, owner_id: int, ids: Sequence[str]) -> list[UploadInfo]:
        """The uploads in the order asked; NotFound naming the first id that is not theirs."""
        wanted = sorted({i for i in ids if 0 < len(i) <= MAX_ID_LENGTH})
        found: dict[str, UploadInfo] = {}
        if wanted:
            # Filing reads its papers here: one hand-written query, plain records, no Table objects.
            marks = ", ".join("{}" for _ in wanted)
            found_rows = await rows.fetch(
                Upload,
                f"SELECT {UPLOAD_INFO} FROM upload WHERE owner = {{}} AND id IN ({marks})",  # noqa: S608
                owner_id,
                *wanted,
            )
            found = {str(row["id"]): UploadInfo(**row) for row in found_rows}
        for upload_id in ids:
            if upload_id not in found:
                raise NotFound(f"{NOT_FOUND}: {upload_id[:MAX_ID_LENGTH]}")
        return [found[i] for i in ids]

    async def hand_over(self, from_owner: int, to_owner: int, ids: Sequence[str]) -> int:
        """Give `from_owner`'s uploads among `ids` to `to_owner`; how many changed hands.

        A volunteer assistant photographs a citizen's papers with their own account; once the
        dossier is filed the photos are the citizen's personal papers, not the volunteer's. One
        UPDATE; an id `from_owner` does not own is left as it is. Call it inside the filing's
        transaction.
        """
        wanted = sorted({i for i in ids if 0 < len(i) <= MAX_ID_LENGTH})
        if not wanted or from_owner == to_owner:
            return 0
        moved = (
            await Upload.update({Upload.owner: to_owner})
            .where((Upload.owner == from_owner) & Upload.id.is_in(wanted))
            .returning(Upload.id)
        )
        return len(moved)

    async def list_owned(self, owner_id: int) -> list[Upload]:
        """Every upload of `owner_id`, newest first: their papers, ready to reuse."""
        return await (
            Upload.objects()
            .where(Upload.owner == owner_id)
            .order_by(Upload.created_at, ascending=False)
        )

    async def content(self, owner_id: int, upload_id: str) -> tuple[Upload, bytes]:
        """The upload and its bytes, for its owner only."""
        row = await self.owned(owner_id, upload_id)
        return row, await asyncio.to_thread(self._store.get, str(row.sha256))

    async def blob(self, sha256: str) -> bytes:
        """The bytes stored under `sha256`: a filed dossier's paper, which keeps its own copy of
        the file's metadata. Whoever calls this has checked that the caller may see it."""
        return await asyncio.to_thread(self._store.get, sha256)

    async def sweep_orphans(self, *, grace: dt.timedelta = ORPHAN_GRACE) -> int:
        """Delete blobs no upload row names and older than `grace`; returns how many."""
        cutoff = self._clock.now() - grace
        stored = await asyncio.to_thread(lambda: list(self._store.shas(stored_before=cutoff)))
        removed = 0
        for start in range(0, len(stored), SWEEP_BATCH):
            batch = stored[start : start + SWEEP_BATCH]
            used = await Upload.select(Upload.sha256).where(Upload.sha256.is_in(batch))
            for sha in set(batch) - {row["sha256"] for row in used}:
                await asyncio.to_thread(self._store.delete, sha)
                removed += 1
        if removed:
            log.info("removed %d orphan file(s) from the file store", removed)
        return removed

    async def _drop_unless_used(self, sha: str) -> None:
        try:
            if not await Upload.exists().where(Upload.sha256 == sha):
                await asyncio.to_thread(self._store.delete, sha)
        except Exception:
            log.exception("could not clean up blob %s; sweep_orphans will", sha)
