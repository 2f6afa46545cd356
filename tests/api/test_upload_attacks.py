"""Hostile uploads: polyglots, payloads hidden after an image, renamed markup, decompression
bombs, hostile PDFs and hostile file names. Each is refused with a 4xx saying what to fix, or
stored re-encoded so that whatever it smuggled is gone; nothing is ever written outside the file
store, and a refusal leaves neither row, blob nor temp file.

PDFs are stored as sent (decision): the server never parses or renders them, they are served
back only to their owner and the officers of the handling unit, as `application/pdf` with
`nosniff`; JavaScript in a PDF runs, if at all, inside the viewer's sandbox, never with our
origin. Refusing every PDF that has an /OpenAction or a large /Count would refuse real scans.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import tempfile
import zipfile
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import SystemClock
from core.files.tables import Upload
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.api.test_idor import CSRF_COOKIE, citizen_id, draft_of
from tests.core.files import samples

Client = AsyncTestClient[Litestar]
URL = "/api/v1/uploads"
BOUNDARY = "motcua-attack"
TOO_MANY_PIXELS = "Ảnh quá lớn: tối đa 40 megapixel. Hãy chụp lại với độ phân giải thấp hơn."
UNSUPPORTED = "Chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF."


@pytest.fixture
async def api(settings: Settings, db: None) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield client


@pytest.fixture
async def citizen(api: Client) -> dict[str, str]:
    return await sign_in(api)


@pytest.fixture
def spool(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory multipart parts spill to (Python's temp dir), empty and ours alone."""
    directory = tmp_path_factory.mktemp("spool")
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


def multipart(filename: bytes, data: bytes) -> bytes:
    """A multipart body with the file name as raw bytes, exactly as a hostile client sends it."""
    return (
        f"--{BOUNDARY}\r\n".encode()
        + b'Content-Disposition: form-data; name="file"; filename="'
        + filename
        + b'"\r\nContent-Type: image/jpeg\r\n\r\n'
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


async def send(api: Client, auth: dict[str, str], data: bytes, name: bytes = b"a.jpg") -> Any:
    headers = {**auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    return await api.post(URL, headers=headers, content=multipart(name, data))


async def stored(api: Client, auth: dict[str, str], upload_id: str) -> bytes:
    response = await api.get(f"{URL}/{upload_id}/content", headers=auth)
    assert response.status_code == 200
    return response.content


def tree(root: Path) -> list[str]:
    """Every file under `root`, relative to it."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def png_bomb(width: int, height: int) -> bytes:
    """A one-colour PNG of width×height (1 bit per pixel), a few hundred KB on disk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    row = b"\x00" + bytes((width + 7) // 8)  # filter byte, then all-black pixels
    packer = zlib.compressobj(9)
    rows_per_block = 1000
    idat = b"".join(packer.compress(row * rows_per_block) for _ in range(height // 1000))
    idat += packer.compress(row * (height % rows_per_block)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF) claims width×height."""
    data = bytearray(samples.jpeg())
    at = next(data.find(marker) for marker in (b"\xff\xc0", b"\xff\xc2") if marker in data)
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def zip_payload() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", samples.HTML.decode())
    return out.getvalue()


PDF_TAIL = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript "
    b"/JS (app.alert\\(1\\)) >> >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
    b"endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


@pytest.mark.parametrize(
    ("name", "data", "payload"),
    [
        ("JPEG/PDF polyglot", samples.jpeg() + PDF_TAIL, b"%PDF"),
        ("PNG + ZIP", samples.png() + zip_payload(), b"PK\x03\x04"),
        ("PNG + HTML", samples.png() + samples.HTML, b"<script"),
        ("JPEG + HTML", samples.jpeg() + samples.HTML, b"<script"),
    ],
)
async def test_a_payload_after_an_image_is_not_stored(
    api: Client, citizen: dict[str, str], name: str, data: bytes, payload: bytes
) -> None:
    """The image is decoded and encoded again: what followed its end is gone from the blob."""
    response = await send(api, citizen, data)
    assert response.status_code == 201, name
    body = response.json()
    blob = await stored(api, citizen, body["id"])
    assert payload not in blob and b"JavaScript" not in blob and b"PK\x05\x06" not in blob
    assert body["content_type"] in ("image/jpeg", "image/png")
    assert hashlib.sha256(blob).hexdigest() == body["sha256"]


@pytest.mark.parametrize(
    "data",
    [
        samples.HTML,
        samples.SVG,
        b"<?php system($_GET['c']); ?>",
        b"#!/bin/sh\nrm -rf /\n",
        b"<script>fetch('/api/v1/me')</script>",
        b"\xef\xbb\xbf<html><body onload=alert(1)>",
        b"GIF89a<script>alert(1)</script>",
        zip_payload(),
    ],
)
async def test_markup_scripts_and_archives_named_jpg_are_415(
    api: Client, citizen: dict[str, str], settings: Settings, spool: Path, data: bytes
) -> None:
    """Anything whose bytes are not JPEG, PNG, WebP or PDF is 415 with the accepted list, and
    leaves neither row, blob nor spooled temp file."""
    response = await send(api, citizen, data, b"anh-cccd.jpg")
    assert response.status_code == 415 and response.json()["detail"] == UNSUPPORTED
    assert await Upload.count() == 0 and tree(settings.data_dir / "files") == []
    assert tree(spool) == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("30000×30000 PNG", png_bomb(30_000, 30_000)),
        ("PNG just over 40 MP", png_bomb(8_000, 5_001)),
        ("JPEG claiming 65000×65000", jpeg_claiming(65_000, 65_000)),
    ],
)
async def test_a_decompression_bomb_is_413_before_decoding(
    api: Client, citizen: dict[str, str], settings: Settings, spool: Path, name: str, data: bytes
) -> None:
    """Refused by its declared pixel count with the limit stated; nothing stored or left."""
    assert len(data) < 2 * 1024 * 1024, name  # tiny on disk: the bomb is in the decoding
    response = await send(api, citizen, data, b"bomb.png")
    assert response.status_code == 413, name
    assert response.json() == {"status": 413, "detail": TOO_MANY_PIXELS}
    assert await Upload.count() == 0 and tree(settings.data_dir / "files") == []
    assert tree(spool) == []


@pytest.mark.parametrize(
    "pdf",
    [
        PDF_TAIL,
        b"%PDF-1.7\n1 0 obj\n<< /Type /Pages /Kids [] /Count 2147483647 >>\nendobj\n"
        b"xref\n0 999999999\ntrailer\n<< /Size 999999999 /Root 1 0 R >>\n%%EOF\n",
    ],
)
async def test_a_pdf_with_javascript_or_absurd_counts_is_stored_as_is_and_served_inert(
    api: Client, citizen: dict[str, str], pdf: bytes
) -> None:
    """Stored unparsed (the module docstring says why), served only as a PDF with nosniff."""
    body = (await send(api, citizen, pdf, b"to-khai.pdf")).json()
    response = await api.get(f"{URL}/{body['id']}/content", headers=citizen)
    assert response.content == pdf and body["content_type"] == "application/pdf"
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "name",
    [
        b"../../etc/passwd.jpg",
        b"..\\..\\x.jpg",
        b"/etc/cron.d/x.jpg",
        b"C:\\Windows\\System32\\x.jpg",
        b"a\x00.php.jpg",
        b"\x1b[31mred\x07.jpg",
        b"x" * 3000 + b".jpg",
        "hoa-don\u202egpj.exe".encode(),
        "\u200b\ufeff.jpg".encode(),
        b"..",
    ],
)
async def test_a_hostile_file_name_is_shown_sanitised_and_stored_by_hash_only(
    api: Client, citizen: dict[str, str], settings: Settings, name: bytes
) -> None:
    """Traversal, control characters, NUL, bidi overrides and huge names: the blob lands at
    files/aa/bb/<sha256> and nowhere else; the name shown keeps no separator, no control or
    invisible character, at most 200 characters, and the stored type's extension."""
    before = set(tree(settings.data_dir.parent))  # the data dir and its neighbours
    response = await send(api, citizen, samples.jpeg(), name)
    assert response.status_code == 201, response.text
    body = response.json()
    shown = body["filename"]
    assert len(shown) <= 200 and shown.endswith(".jpg") and not shown.startswith(".")
    assert not re.search(r"[/\\\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", shown)
    sha = body["sha256"]
    written = set(tree(settings.data_dir.parent)) - before
    assert written == {f"{settings.data_dir.name}/files/{sha[:2]}/{sha[2:4]}/{sha}"}
    listed = (await api.get(f"{URL}/{body['id']}", headers=citizen)).json()
    assert listed["filename"] == shown


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (b"x" * 5000 + b".jpg", samples.jpeg(), "Tên tệp quá dài"),
        (b"", samples.jpeg(), "phải là một tệp có tên tệp"),
    ],
)
async def test_a_file_name_too_long_to_parse_or_missing_is_400_saying_so(
    api: Client, citizen: dict[str, str], settings: Settings, name: bytes, data: bytes, message: str
) -> None:
    """Over the parser's 4 KB part header, or no file name (the part is then text and binary
    bytes used to crash the parser: a 500): 400 on the field "file", nothing stored."""
    response = await send(api, citizen, data, name)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "file"
    assert await Upload.count() == 0 and tree(settings.data_dir / "files") == []


async def test_a_nameless_binary_part_on_a_page_form_is_400_not_500(
    settings: Settings, catalog: CatalogService
) -> None:
    """The same parser crash on the pages' multipart forms (a draft's photos): a 400 page that
    says to choose the file again, nothing stored."""
    await load_demo_units(SYSTEM_CONTEXT)
    async with AsyncTestClient(app=create_app(settings)) as web:
        web.follow_redirects = False
        await sign_in(web)
        draft = await draft_of(web, TokenService(SystemClock()), await citizen_id("+84912345678"))
        body = (
            f"--{BOUNDARY}\r\n".encode()
            + b'Content-Disposition: form-data; name="photo"; filename=""\r\n\r\n'
            + samples.jpeg()
            + f"\r\n--{BOUNDARY}--\r\n".encode()
        )
        headers = {
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "x-csrftoken": web.cookies[CSRF_COOKIE],
        }
        page = await web.post(f"/dossiers/drafts/{draft}", content=body, headers=headers)
    assert page.status_code == 400 and "phải có tên tệp" in page.text
    assert await Upload.count() == 0 and tree(settings.data_dir / "files") == []
