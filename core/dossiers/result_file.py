"""The result document (tệp kết quả) an officer attached with `record_result`.

The file is an upload of the dossier's owner (`core.files`), named by `Dossier.result_upload`;
its bytes come through the same file-store port as the dossier's papers. Two people may open it:
an officer or head of the holding unit (`core.dossiers.office_view`), and the owner once the
result is returned (`for_owner`). A volunteer assistant never sees papers, this one included.
Whoever may not open it, or asks for one that does not exist, gets `NotFound`.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from core.dossiers.status import Status
from core.dossiers.tables import Dossier
from core.errors import NotFound
from core.files.tables import Upload
from core.identity import access
from core.identity.actor import Context

NO_DOSSIER = "Không tìm thấy hồ sơ"
NO_FILE = "Hồ sơ chưa có tệp kết quả"


class Blobs(Protocol):
    async def blob(self, sha256: str) -> bytes: ...


@dataclasses.dataclass(frozen=True, slots=True)
class ResultFile:
    upload_id: str
    filename: str
    content_type: str
    size: int
    sha256: str


async def find(upload_id: str, owner_id: int | None) -> ResultFile | None:
    """The result file named on a dossier, if it is still among its owner's uploads."""
    if not upload_id or owner_id is None:
        return None
    row = (
        await Upload.select(
            Upload.id, Upload.filename, Upload.content_type, Upload.size, Upload.sha256
        )
        .where((Upload.id == upload_id) & (Upload.owner == owner_id))
        .first()
    )
    if row is None:
        return None
    return ResultFile(
        upload_id=row["id"],
        filename=row["filename"],
        content_type=row["content_type"],
        size=row["size"],
        sha256=row["sha256"],
    )


async def read(blobs: Blobs, found: ResultFile | None) -> tuple[ResultFile, bytes]:
    """The file and its bytes; NotFound when the dossier has none. The caller checked access."""
    if found is None:
        raise NotFound(NO_FILE)
    return found, await blobs.blob(found.sha256)


async def for_owner(ctx: Context, code: str, blobs: Blobs) -> tuple[ResultFile, bytes]:
    """The owner's copy of the result, once it is returned; for anyone else (the assistant who
    filed it too) the dossier does not exist, and before the return neither does the file."""
    row = (
        await Dossier.select(Dossier.owner, Dossier.status, Dossier.result_upload)
        .where(Dossier.code == code.strip())
        .first()
    )
    access.ensure(
        row is not None and ctx.actor.is_citizen and ctx.actor.id == row["owner"], NO_DOSSIER
    )
    assert row is not None
    returned = row["status"] == Status.RETURNED.value
    found = await find(row["result_upload"], row["owner"]) if returned else None
    return await read(blobs, found)
