"""What an upload is, judged by its bytes (magic numbers), never by its name or declared type.

A renamed program (`photo.jpg` starting with "MZ"), an HTML page or an SVG drawing is refused
with 415 however it is named: only the four types below are ever stored or served back.
"""

from __future__ import annotations

from core.errors import InvalidInput, TooLarge, UnsupportedType

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
PDF = "application/pdf"
IMAGE_TYPES = frozenset({JPEG, PNG, WEBP})
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", WEBP: ".webp", PDF: ".pdf"}
PDF_EOF_WINDOW = 1024  # %%EOF must be this close to the end (trailing whitespace is common)

TOO_LARGE = (
    "Tệp quá lớn: tối đa 10 MB. Hãy chụp lại với độ phân giải thấp hơn hoặc chia nhỏ tệp PDF."
)
UNSUPPORTED = "Chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF."
EMPTY = "Tệp rỗng: hãy chọn lại tệp cần nộp."
BROKEN_PDF = "Tệp PDF bị hỏng hoặc chưa tải lên hết; hãy xuất lại tệp rồi nộp lại."


def check_size(data: bytes) -> None:
    """Empty → InvalidInput on the field "file"; over 10 MB → TooLarge (413)."""
    if not data:
        raise InvalidInput.one("file", EMPTY)
    if len(data) > MAX_UPLOAD_BYTES:
        raise TooLarge(TOO_LARGE)


def content_type_of(data: bytes) -> str:
    """The MIME type the first bytes prove; UnsupportedType (415) for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"%PDF-"):
        return PDF
    raise UnsupportedType(UNSUPPORTED)


def check_pdf(data: bytes) -> None:
    """A minimal sanity check: a PDF header and an end-of-file marker near the end.

    Catches the common failure (an upload cut short); it does not prove the PDF renders.
    """
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        raise InvalidInput.one("file", BROKEN_PDF)
