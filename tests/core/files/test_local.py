"""The local file store: content-addressed, atomic, refusing anything but a SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from core.errors import NotFound
from core.files.local import LocalFileStore

DATA = b"giay to cong dan"
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> LocalFileStore:
    return LocalFileStore(tmp_path / "files")


def test_put_returns_the_sha256_and_stores_under_aa_bb(store: LocalFileStore) -> None:
    """The blob lands at root/aa/bb/<sha> and reads back the same."""
    assert store.put(DATA) == SHA
    assert (store.root / SHA[:2] / SHA[2:4] / SHA).read_bytes() == DATA
    assert store.get(SHA) == DATA and store.exists(SHA)


def test_putting_the_same_bytes_twice_keeps_one_blob(store: LocalFileStore) -> None:
    """Idempotent: one file, no temporary files left over."""
    store.put(DATA)
    store.put(DATA)
    assert [p.name for p in store.root.rglob("*") if p.is_file()] == [SHA]


@pytest.mark.parametrize(
    "sha", ["../../etc/passwd", SHA.upper(), SHA[:-1], SHA + "0", "/" + SHA[1:], ""]
)
def test_anything_but_64_lowercase_hex_is_not_found(store: LocalFileStore, sha: str) -> None:
    """Path tricks and malformed names never touch the disk: NotFound, exists() is False."""
    store.put(DATA)
    with pytest.raises(NotFound):
        store.get(sha)
    assert not store.exists(sha)


def test_get_of_a_missing_blob_is_not_found(store: LocalFileStore) -> None:
    """A well-formed but unknown SHA-256: NotFound."""
    with pytest.raises(NotFound):
        store.get("0" * 64)


def test_delete_removes_and_tolerates_missing(store: LocalFileStore) -> None:
    """delete() twice: the blob is gone, no error."""
    store.put(DATA)
    store.delete(SHA)
    store.delete(SHA)
    assert not store.exists(SHA)


def test_shas_lists_only_blobs_stored_before_the_cutoff(store: LocalFileStore) -> None:
    """Fresh blobs are left out of the sweep's listing; strangers in the tree are ignored."""
    store.put(DATA)
    (store.root / "notes.txt").write_text("x")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    assert list(store.shas(stored_before=later)) == [SHA]
    assert list(store.shas(stored_before=earlier)) == []
