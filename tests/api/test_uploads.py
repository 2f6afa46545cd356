"""Uploads over HTTP: accepted types, refusals and their status, each citizen's files private."""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.datastructures import UploadFile
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.files.inspect import MAX_UPLOAD_BYTES
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.core.files import samples

Client = AsyncTestClient[Litestar]
URL = "/api/v1/uploads"
MiB = 1024 * 1024


@pytest.fixture
async def api(settings: Settings, db: None) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield client


@pytest.fixture
async def citizen(api: Client) -> dict[str, str]:
    """Authorization headers of a signed-in citizen."""
    return await sign_in(api)


async def upload(
    api: Client, headers: dict[str, str], data: bytes, name: str = "giay-to.jpg"
) -> Any:
    return await api.post(URL, headers=headers, files={"file": (name, data, "image/jpeg")})


def blobs(settings: Settings) -> list[str]:
    return [p.name for p in (settings.data_dir / "files").rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (samples.jpeg(), "image/jpeg"),
        (samples.png(), "image/png"),
        (samples.webp(), "image/png"),
        (samples.PDF, "application/pdf"),
    ],
)
async def test_jpeg_png_webp_and_pdf_are_accepted(
    api: Client, citizen: dict[str, str], data: bytes, content_type: str
) -> None:
    """201 with id, sha256, size and content type of the stored (cleaned) file."""
    response = await upload(api, citizen, data, "Ảnh CCCD.bin")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["content_type"] == content_type and len(body["id"]) == 22
    assert {"id", "sha256", "size", "content_type", "filename"} <= body.keys()
    stored = (await api.get(f"{URL}/{body['id']}/content", headers=citizen)).content
    assert hashlib.sha256(stored).hexdigest() == body["sha256"] and len(stored) == body["size"]
    assert body["filename"].startswith("Ảnh CCCD.")


async def test_a_renamed_program_is_415(api: Client, citizen: dict[str, str]) -> None:
    """An .exe named photo.jpg (declared image/jpeg) is refused by its content."""
    response = await upload(api, citizen, samples.EXE, "photo.jpg")
    assert response.status_code == 415
    assert response.json()["detail"] == "Chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF."


@pytest.mark.parametrize(("data", "name"), [(samples.HTML, "a.html"), (samples.SVG, "a.svg")])
async def test_html_and_svg_are_415(
    api: Client, citizen: dict[str, str], data: bytes, name: str
) -> None:
    """Active content that could run scripts from our origin is never stored."""
    response = await upload(api, citizen, data, name)
    assert response.status_code == 415 and blobs(api.app.state.settings) == []


async def test_an_empty_file_is_422_on_the_file_field(api: Client, citizen: dict[str, str]) -> None:
    """Zero bytes: 422 naming "file"."""
    response = await upload(api, citizen, b"")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"


async def test_a_truncated_jpeg_is_422(api: Client, citizen: dict[str, str]) -> None:
    """Half a JPEG: 422 saying the image is broken."""
    data = samples.jpeg(width=400, height=300)
    response = await upload(api, citizen, data[: len(data) // 2])
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Ảnh bị hỏng")


async def test_a_request_without_the_file_field_is_400(
    api: Client, citizen: dict[str, str]
) -> None:
    """A form with another field: a 4xx validation error, not a 500."""
    response = await api.post(URL, headers=citizen, files={"other": ("a.pdf", samples.PDF)})
    assert response.status_code == 400


@pytest.mark.parametrize("size", [MAX_UPLOAD_BYTES + 1, 11 * 1000 * 1000, 11 * MiB])
async def test_over_10_mb_is_413_saying_10_mb(
    api: Client, citizen: dict[str, str], size: int
) -> None:
    """Just over, 11 MB and 11 MiB: 413 with the limit stated, whichever layer refuses."""
    data = b"%PDF-1.4\n" + bytes(size - 15) + b"%%EOF\n"
    response = await upload(api, citizen, data, "big.pdf")
    assert response.status_code == 413
    assert "tối đa 10 MB" in response.json()["detail"]


async def test_a_30_mb_body_with_content_length_is_413_before_any_read(
    api: Client, citizen: dict[str, str]
) -> None:
    """Content-Length over the route's 11 MiB: 413 (our message) and not one chunk read."""
    status, detail, chunks_read = await raw_upload(api.app, citizen, total=30 * MiB, announce=True)
    assert (status, chunks_read) == (413, 0) and "tối đa 10 MB" in detail


async def test_a_30_mb_streamed_body_is_cut_off_after_11_mib(
    api: Client, citizen: dict[str, str]
) -> None:
    """No Content-Length (chunked): reading stops at the limit, 413, not 30 MiB in memory."""
    status, detail, chunks_read = await raw_upload(api.app, citizen, total=30 * MiB, announce=False)
    assert status == 413 and chunks_read <= 12 and "tối đa 10 MB" in detail


async def test_the_part_cut_off_is_closed_at_once(
    api: Client, citizen: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temp file of the cut-off part is closed by the app, not left to the collector."""
    opened: list[UploadFile] = []
    real_init = UploadFile.__init__

    def tracked_init(self: UploadFile, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(UploadFile, "__init__", tracked_init)
    gc.disable()
    try:
        status, _, _ = await raw_upload(api.app, citizen, total=30 * MiB, announce=False)
        assert status == 413 and len(opened) == 1
        assert opened[0].rolled_to_disk and opened[0].file.closed
    finally:
        gc.enable()


async def test_a_big_photo_comes_back_at_most_2000_px_and_much_smaller(
    api: Client, citizen: dict[str, str]
) -> None:
    """A 4000×3000 photo is stored at 2000×1500, a fraction of its size."""
    data = samples.jpeg(width=4000, height=3000, quality=95)
    body = (await upload(api, citizen, data)).json()
    stored = await api.get(f"{URL}/{body['id']}/content", headers=citizen)
    assert samples.opened(stored.content).size == (2000, 1500)
    assert body["size"] < len(data) / 3


async def test_gps_is_removed_from_photos(api: Client, citizen: dict[str, str]) -> None:
    """The bytes served back carry no EXIF, so no GPS position."""
    body = (await upload(api, citizen, samples.jpeg(gps=True))).json()
    stored = (await api.get(f"{URL}/{body['id']}/content", headers=citizen)).content
    assert not samples.opened(stored).getexif() and b"Exif" not in stored


async def test_the_same_bytes_twice_give_one_sha_and_one_blob(
    api: Client, citizen: dict[str, str]
) -> None:
    """Two uploads of one photo: two ids, one sha256, one file on disk."""
    photo = samples.jpeg()
    first = (await upload(api, citizen, photo)).json()
    second = (await upload(api, citizen, photo)).json()
    assert first["id"] != second["id"] and first["sha256"] == second["sha256"]
    assert blobs(api.app.state.settings) == [first["sha256"]]


async def test_another_citizens_upload_is_404(api: Client, citizen: dict[str, str]) -> None:
    """Metadata and content of someone else's upload: 404, like an unknown id."""
    mine = (await upload(api, citizen, samples.PDF, "a.pdf")).json()["id"]
    stranger = await sign_in(api, "0987654321")
    for path in (f"{URL}/{mine}", f"{URL}/{mine}/content", f"{URL}/unknown-id"):
        response = await api.get(path, headers=stranger)
        assert response.status_code == 404 and response.json()["status"] == 404
    assert (await api.get(URL, headers=stranger)).json() == []


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", URL), ("GET", URL), ("GET", f"{URL}/x"), ("GET", f"{URL}/x/content")],
)
async def test_anonymous_is_401(api: Client, method: str, path: str) -> None:
    """No token or a made-up one: 401 with the JSON error shape."""
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        files = {"file": ("a.pdf", samples.PDF)} if method == "POST" else None
        response = await api.request(method, path, headers=headers, files=files)
        assert response.status_code == 401 and response.json()["status"] == 401


async def test_content_is_served_privately_with_its_type_and_name(
    api: Client, citizen: dict[str, str]
) -> None:
    """Stored type, private caching, nosniff, inline with the UTF-8 file name."""
    body = (await upload(api, citizen, samples.PDF, "Tờ khai.pdf")).json()
    response = await api.get(f"{URL}/{body['id']}/content", headers=citizen)
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "private"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"] == (
        "inline; filename*=UTF-8''T%E1%BB%9D%20khai.pdf"
    )


async def test_my_uploads_are_listed_newest_first(api: Client, citizen: dict[str, str]) -> None:
    """GET /uploads: my papers, the last one first, with their metadata."""
    first = (await upload(api, citizen, samples.PDF, "a.pdf")).json()
    second = (await upload(api, citizen, samples.png(), "b.png")).json()
    listed = (await api.get(URL, headers=citizen)).json()
    assert [u["id"] for u in listed] == [second["id"], first["id"]]
    one = (await api.get(f"{URL}/{first['id']}", headers=citizen)).json()
    assert one == listed[1]


async def raw_upload(
    app: Litestar, headers: dict[str, str], *, total: int, announce: bool
) -> tuple[int, str, int]:
    """POST `total` bytes through ASGI in 1 MiB chunks: (status, detail, chunks the app read)."""
    boundary = "motcua-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    chunks = [head + b"%PDF-1.4\n"] + [bytes(MiB)] * (total // MiB)
    chunks.append(f"\r\n--{boundary}--\r\n".encode())
    raw_headers = [
        (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
        *((k.lower().encode(), v.encode()) for k, v in headers.items()),
    ]
    if announce:
        raw_headers.append((b"content-length", str(sum(map(len, chunks))).encode()))
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": URL,
        "raw_path": URL.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": raw_headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        if read < len(chunks):
            read += 1
            return {
                "type": "http.request",
                "body": chunks[read - 1],
                "more_body": read < len(chunks),
            }
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)  # type: ignore[arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body)["detail"], read
