"""The files a dossier carries: the citizen's own uploads, checked and copied onto the dossier.

A dossier keeps each file's metadata (sha256, size, type, name) rather than a link to the upload
row, so nothing the citizen later does to their personal store changes a filed dossier.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from core.catalog.model import Procedure
from core.dossiers.requirements import DocumentChoice, requirements
from core.errors import FieldError, NotFound


class UploadRecord(Protocol):
    id: Any
    sha256: Any
    size: Any
    content_type: Any
    filename: Any
    created_at: Any


class OwnedUploads(Protocol):
    async def owned_many(self, owner_id: int, ids: Sequence[str]) -> Sequence[Any]: ...


async def attach_documents(
    uploads: OwnedUploads,
    owner: int,
    procedure: Procedure,
    choices: Sequence[DocumentChoice],
    *,
    round_no: int,
) -> tuple[list[dict[str, Any]], list[FieldError]]:
    """Rows for the chosen uploads, or a problem per upload that is not the citizen's own."""
    names = {r.number: r.document.name for r in requirements(procedure)}
    wanted = [c for c in choices if c.requirement in names]
    if not wanted:
        return [], []
    try:
        found = await uploads.owned_many(owner, [c.upload_id for c in wanted])
    except NotFound:
        found = []
    by_id = {str(u.id): u for u in found}
    rows: list[dict[str, Any]] = []
    problems: list[FieldError] = []
    for index, choice in enumerate(choices):
        if choice.requirement not in names:
            continue
        upload = by_id.get(choice.upload_id)
        if upload is None:
            problems.append(
                FieldError(
                    f"documents[{index}].upload_id",
                    "Không tìm thấy tệp này trong giấy tờ của bạn; hãy tải lên lại",
                )
            )
            continue
        rows.append(_document_row(choice, names[choice.requirement], upload, round_no))
    return rows, problems


def _document_row(
    choice: DocumentChoice, name: str, upload: UploadRecord, round_no: int
) -> dict[str, Any]:
    return {
        "requirement": choice.requirement,
        "name": name,
        "upload_id": str(upload.id),
        "sha256": upload.sha256,
        "size": upload.size,
        "content_type": upload.content_type,
        "filename": upload.filename,
        "round": round_no,
        "added_at": upload.created_at,
    }
