"""Citizens' uploads over the JSON API: send a paper, list one's papers, read one back.

The bytes decide what a file is (core.files); the name and the declared type are ignored. The
request body may be a little over the 10 MB file limit (multipart framing), so the domain check
answers with its own message; anything beyond `UPLOAD_BODY_LIMIT` is cut off by Litestar while
streaming (or before reading, when Content-Length says so) with the same 413 message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.params import MultipartBody, PathParameter

from api.deps import Ctx
from api.errors import http_error_to_json, problem
from api.guards import only
from api.identity import SIGN_IN, citizen_id
from core.files.inspect import MAX_UPLOAD_BYTES, TOO_LARGE
from core.files.service import UploadService
from core.files.tables import Upload

UploadsDep = NamedDependency[UploadService]
UploadId = Annotated[str, PathParameter(max_length=64, description="the id POST /uploads gave")]
UPLOAD_BODY_LIMIT = 11 * 1024 * 1024  # the file limit plus room for the multipart framing
PRIVATE = {"Cache-Control": "no-store"}
MULTIPART_LIMIT = "Request Entity Too Large"
NAME_TOO_LONG = "Tên tệp quá dài: hãy đổi tên tệp cho ngắn hơn (dưới 200 ký tự) rồi nộp lại."
NOT_A_FILE = "Phần `file` phải là một tệp có tên tệp (multipart/form-data, filename=...)."


def provide_uploads(state: State) -> UploadService:
    service: UploadService = state.uploads
    return service


# 401 before the body is read: a stranger's 10 MB never reaches the parser.
citizen_only = only("citizen", SIGN_IN, hide_from_others=False)


async def release_cut_off_files(exc: Exception, _: Any) -> None:
    """Close the part a body cut off mid-stream left open (an `after_exception` hook).

    Litestar's multipart parser lets `RequestEntityTooLarge` from the body stream pass without
    closing the file it was writing; its frame, held by the traceback, still has it. Closing it
    here frees the descriptor and the temp file now rather than whenever the collector runs.
    """
    if not isinstance(exc, RequestEntityTooLarge):
        return
    tb = exc.__traceback__
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            if isinstance(value, UploadFile):
                await value.close()
        tb = tb.tb_next


def body_too_large(_: Request[Any, Any, Any], __: RequestEntityTooLarge) -> Response[Any]:
    return problem(413, TOO_LARGE)


def form_refused(request: Request[Any, Any, Any], exc: ClientException) -> Response[Any]:
    """Litestar's multipart parser says "Request Entity Too Large" (with a 400) when a part's
    headers pass 4 KB, in practice a file name thousands of characters long: say so."""
    if exc.detail == MULTIPART_LIMIT:
        return problem(400, NAME_TOO_LONG, [{"field": "file", "message": NAME_TOO_LONG}])
    return http_error_to_json(request, exc)


def not_a_file(_: Request[Any, Any, Any], __: UnicodeDecodeError) -> Response[Any]:
    """A part without a file name is read as text, and binary bytes then fail to decode in
    Litestar's parser (a 500 before this handler)."""
    return problem(400, NOT_A_FILE, [{"field": "file", "message": NOT_A_FILE}])


@dataclasses.dataclass
class FileForm:
    file: UploadFile


class UploadOut(msgspec.Struct, frozen=True):
    id: str
    sha256: str
    size: int
    content_type: str
    filename: str
    created_at: dt.datetime


class UploadController(Controller):
    path = "/uploads"
    tags = ["uploads"]
    guards = [citizen_only]

    @post(
        "/",
        status_code=201,
        summary="Upload a paper (JPEG, PNG, WebP or PDF, at most 10 MB)",
        description="Images come back upright, at most 2000 px, without EXIF/GPS; "
        "`size` and `content_type` describe the stored file. 413 too large, 415 other types.",
        request_max_body_size=UPLOAD_BODY_LIMIT,
        exception_handlers={
            RequestEntityTooLarge: body_too_large,
            ClientException: form_refused,
            UnicodeDecodeError: not_a_file,
        },
    )
    async def create(
        self,
        data: MultipartBody[FileForm],
        ctx: Ctx,
        uploads: UploadsDep,
    ) -> Response[UploadOut]:
        try:
            content = await data.file.read(MAX_UPLOAD_BYTES + 1)  # one byte over is enough
        finally:
            await data.file.close()
        upload = await uploads.accept(citizen_id(ctx), data.file.filename, content)
        return Response(_out(upload), status_code=201, headers=PRIVATE)

    @get("/", summary="My uploads, newest first")
    async def index(self, ctx: Ctx, uploads: UploadsDep) -> Response[list[UploadOut]]:
        rows = await uploads.list_owned(citizen_id(ctx))
        return Response([_out(row) for row in rows], headers=PRIVATE)

    @get("/{upload_id:str}", summary="One of my uploads (404 for anyone else's)")
    async def show(self, upload_id: UploadId, ctx: Ctx, uploads: UploadsDep) -> Response[UploadOut]:
        return Response(_out(await uploads.owned(citizen_id(ctx), upload_id)), headers=PRIVATE)

    @get("/{upload_id:str}/content", summary="The stored bytes of one of my uploads")
    async def content(self, upload_id: UploadId, ctx: Ctx, uploads: UploadsDep) -> Response[bytes]:
        upload, data = await uploads.content(citizen_id(ctx), upload_id)
        return Response(
            data,
            media_type=str(upload.content_type),
            headers={
                "Cache-Control": "private",
                "X-Content-Type-Options": "nosniff",
                "Content-Disposition": f"inline; filename*=UTF-8''{quote(upload.filename)}",
            },
        )


def _out(upload: Upload) -> UploadOut:
    return UploadOut(
        id=str(upload.id),
        sha256=str(upload.sha256),
        size=int(upload.size),
        content_type=str(upload.content_type),
        filename=str(upload.filename),
        created_at=upload.created_at,
    )


ROUTES: list[Any] = [UploadController]
