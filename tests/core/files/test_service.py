"""The upload service: store once per content, rows per owner, no leaks, no orphan blobs."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from core import rows
from core.clock import VIETNAM, FixedClock
from core.errors import NotFound, UnsupportedType
from core.files.local import LocalFileStore
from core.files.service import UploadService
from core.files.tables import Upload
from core.identity.tables import Citizen
from tests.core.files import samples

NOW = dt.datetime.now(VIETNAM)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(tmp_path: Path) -> LocalFileStore:
    return LocalFileStore(tmp_path / "files")


@pytest.fixture
def service(db: None, store: LocalFileStore, clock: FixedClock) -> UploadService:
    return UploadService(store, clock)


async def make_citizen(*, phone: str = "+84912345678") -> int:
    rows = await Citizen.insert(Citizen(phone=phone, created_at=NOW)).returning(Citizen.id)
    return int(rows[0]["id"])


def blobs(store: LocalFileStore) -> list[str]:
    return sorted(p.name for p in store.root.rglob("*") if p.is_file())


async def test_accepting_a_pdf_stores_it_as_is_with_a_row(
    service: UploadService, store: LocalFileStore
) -> None:
    """A PDF: same bytes in the store, a row with owner, size, type and a clean name."""
    owner = await make_citizen()
    upload = await service.accept(owner, "to-khai.pdf", samples.PDF)
    assert upload.sha256 == hashlib.sha256(samples.PDF).hexdigest()
    assert (upload.size, upload.content_type) == (len(samples.PDF), "application/pdf")
    assert upload.filename == "to-khai.pdf" and len(upload.id) == 22
    assert store.get(upload.sha256) == samples.PDF
    assert await Upload.count().where(Upload.owner == owner) == 1


async def test_a_refused_file_leaves_neither_row_nor_blob(
    service: UploadService, store: LocalFileStore
) -> None:
    """A renamed program: UnsupportedType, nothing stored."""
    owner = await make_citizen()
    with pytest.raises(UnsupportedType):
        await service.accept(owner, "photo.jpg", samples.EXE)
    assert await Upload.count() == 0 and not store.root.exists()


async def test_the_same_bytes_twice_share_one_blob(
    service: UploadService, store: LocalFileStore
) -> None:
    """Two uploads of one photo: two rows (two ids), one sha256, one blob."""
    owner, photo = await make_citizen(), samples.jpeg()
    first = await service.accept(owner, "a.jpg", photo)
    second = await service.accept(owner, "b.jpg", photo)
    assert first.id != second.id and first.sha256 == second.sha256
    assert blobs(store) == [first.sha256]


async def test_another_citizens_upload_is_not_found(service: UploadService) -> None:
    """owned() and content() answer NotFound for a foreign id, as for an unknown one."""
    owner, stranger = await make_citizen(), await make_citizen(phone="+84987654321")
    upload = await service.accept(owner, "a.pdf", samples.PDF)
    for upload_id in (upload.id, "x" * 22, "", "y" * 500):
        with pytest.raises(NotFound):
            await service.owned(stranger, upload_id)
    with pytest.raises(NotFound):
        await service.content(stranger, upload.id)
    assert (await service.content(owner, upload.id))[1] == samples.PDF


async def test_owned_many_keeps_order_and_names_the_first_bad_id(service: UploadService) -> None:
    """Rows in the order asked; a foreign id among them is NotFound naming that id."""
    owner, stranger = await make_citizen(), await make_citizen(phone="+84987654321")
    a = await service.accept(owner, "a.pdf", samples.PDF)
    b = await service.accept(owner, "b.png", samples.png())
    theirs = await service.accept(stranger, "c.pdf", samples.PDF)
    assert [u.id for u in await service.owned_many(owner, [b.id, a.id])] == [b.id, a.id]
    assert await service.owned_many(owner, []) == []
    with pytest.raises(NotFound) as missing:
        await service.owned_many(owner, [a.id, theirs.id, "nope"])
    assert theirs.id in missing.value.message and "nope" not in missing.value.message


async def test_list_owned_is_newest_first_and_only_mine(
    service: UploadService, clock: FixedClock
) -> None:
    """The personal store lists the caller's uploads, newest first."""
    owner, stranger = await make_citizen(), await make_citizen(phone="+84987654321")
    old = await service.accept(owner, "old.pdf", samples.PDF)
    clock.advance(dt.timedelta(minutes=5))
    new = await service.accept(owner, "new.png", samples.png())
    await service.accept(stranger, "theirs.pdf", samples.PDF)
    assert [u.id for u in await service.list_owned(owner)] == [new.id, old.id]


async def test_a_failed_insert_leaves_no_blob_behind(
    service: UploadService, store: LocalFileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row insert raises: the error propagates and the new blob is removed."""
    owner = await make_citizen()

    async def broken_insert(*_: object, **__: object) -> object:
        raise RuntimeError("database went away")

    monkeypatch.setattr(rows, "insert", broken_insert)
    with pytest.raises(RuntimeError):
        await service.accept(owner, "a.pdf", samples.PDF)
    assert blobs(store) == []


async def test_a_failed_insert_keeps_a_blob_another_row_uses(
    service: UploadService, store: LocalFileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same bytes already uploaded: a failed second insert does not delete the shared blob."""
    owner = await make_citizen()
    first = await service.accept(owner, "a.pdf", samples.PDF)

    async def broken_insert(*_: object, **__: object) -> object:
        raise RuntimeError("database went away")

    monkeypatch.setattr(rows, "insert", broken_insert)
    with pytest.raises(RuntimeError):
        await service.accept(owner, "b.pdf", samples.PDF)
    assert blobs(store) == [first.sha256]


async def test_sweep_removes_only_old_blobs_without_a_row(
    service: UploadService, store: LocalFileStore, clock: FixedClock
) -> None:
    """Orphans past the grace period go; used blobs and fresh orphans stay."""
    owner = await make_citizen()
    kept = await service.accept(owner, "a.pdf", samples.PDF)
    orphan = store.put(samples.png())
    assert await service.sweep_orphans() == 0  # still within the grace period
    clock.advance(dt.timedelta(hours=2))
    assert await service.sweep_orphans() == 1
    assert blobs(store) == [kept.sha256] and not store.exists(orphan)
