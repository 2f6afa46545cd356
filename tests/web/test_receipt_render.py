"""Form 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả): the PDF and the printable page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from litestar import Litestar, get
from litestar.response import Template
from litestar.testing import AsyncTestClient
from PIL import Image

from api.app import create_app
from core.clock import VIETNAM
from core.dossiers.receipt import Receipt, ReceivedDocument
from core.settings import Settings
from web import pdf as pdf_module
from web.qr import qr_png, qr_svg
from web.receipt_pdf import receipt_pdf

CODE = "000.00.12.H56-261201-0001"
URL = f"https://motcua.example.vn/tra-cuu/{CODE}?k=Zx81"
PDF_URL = f"/staff/dossiers/{CODE}/receipt.pdf"
FULL_PHONE = "0912345678"
LONG_NAMES = (
    "Tờ khai đăng ký khai sinh theo mẫu quy định, có chữ ký của người đi đăng ký khai sinh "
    "và xác nhận của người làm chứng trong trường hợp không có giấy chứng sinh",
    "Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh nơi trẻ em được sinh ra cấp; trường hợp "
    "không có thì văn bản của người làm chứng xác nhận về việc sinh",
    "Giấy tờ chứng minh nơi cư trú của cha, mẹ hoặc người đi đăng ký khai sinh trong trường "
    "hợp cơ quan đăng ký hộ tịch không khai thác được thông tin về cư trú",
)


def make_receipt(
    *, documents: int = 12, due: bool = True, fee_vnd: int | None = 0, phone_tail: str = "5678"
) -> Receipt:
    return Receipt(
        code=CODE,
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        unit_name="Ủy ban nhân dân phường Hạc Thành",
        unit_code="000.00.12.H56",
        applicant_name="Nguyễn Thị Hồng Nhung",
        applicant_address="Số 12 Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa",
        applicant_phone_tail=phone_tail,
        channel="counter",
        submitted_at=dt.datetime(2026, 12, 1, 14, 5, tzinfo=VIETNAM),
        due_at=dt.datetime(2026, 12, 1, 17, 0, tzinfo=VIETNAM) if due else None,
        documents=tuple(
            ReceivedDocument(
                name=f"{LONG_NAMES[i % 3]} (giấy số {i + 1})", originals=1, copies=i % 2
            )
            for i in range(documents)
        ),
        fee_vnd=fee_vnd,
        tracking_url=URL,
        status_label="Mới đăng ký",
    )


def pdf_text(receipt: Receipt) -> str:
    """All the PDF's text, whitespace folded so wrapped lines read as one."""
    reader = pypdf.PdfReader(io.BytesIO(receipt_pdf(receipt)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_pdf_text_keeps_vietnamese_diacritics() -> None:
    """The code, title, procedure and applicant come out of the PDF with their diacritics."""
    text = pdf_text(make_receipt())
    for expected in (
        CODE,
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "1.001193 - Đăng ký khai sinh",
        "Nguyễn Thị Hồng Nhung",
        "ỦY BAN NHÂN DÂN PHƯỜNG HẠC THÀNH",
    ):
        assert expected in text


def test_pdf_shows_times_in_the_forms_wording() -> None:
    """Receipt time and appointment read '14 giờ 05 phút, ngày 01/12/2026'."""
    text = pdf_text(make_receipt())
    assert "Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 01/12/2026" in text
    assert "Ngày hẹn trả kết quả: 17 giờ 00 phút, ngày 01/12/2026" in text


def test_pdf_without_deadline_says_so() -> None:
    """A receipt with no due date says that no processing time is set."""
    assert "Chưa xác định thời hạn giải quyết" in pdf_text(make_receipt(due=False))


@pytest.mark.parametrize(
    ("fee_vnd", "shown"), [(0, "Miễn phí"), (None, "Chưa xác định"), (8000, "8.000 đồng")]
)
def test_pdf_fee_wording(fee_vnd: int | None, shown: str) -> None:
    """Free, unknown and paid fees each have their wording, with Vietnamese thousand dots."""
    assert f"Phí, lệ phí: {shown}" in pdf_text(make_receipt(fee_vnd=fee_vnd))


def test_pdf_masks_the_phone() -> None:
    """The phone shows as ******5678 and no whole phone number appears."""
    text = pdf_text(make_receipt())
    assert "******5678" in text
    assert FULL_PHONE not in text
    assert not re.search(r"\b0\d{9}\b", text)


def test_many_long_documents_flow_onto_a_second_page() -> None:
    """Twelve long names wrap and go on under a repeated heading on page 2, each printed whole."""
    data = receipt_pdf(make_receipt(documents=12))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for number in range(12):
        assert f"{LONG_NAMES[number % 3]} (giấy số {number + 1})" in text
    assert "Tên giấy tờ" in reader.pages[1].extract_text()


def test_pdf_embeds_the_qr_of_the_tracking_url() -> None:
    """The PDF holds one image, and it decodes to the tracking URL."""
    reader = pypdf.PdfReader(io.BytesIO(receipt_pdf(make_receipt(documents=2))))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    decoded = zxingcpp.read_barcodes(images[0].image)
    assert [result.text for result in decoded] == [URL]


def test_qr_png_decodes_to_its_text() -> None:
    """qr_png makes a PNG whose QR code reads back as the given text."""
    image = Image.open(io.BytesIO(qr_png(URL)))
    assert image.format == "PNG"
    assert [result.text for result in zxingcpp.read_barcodes(image)] == [URL]


def test_pdf_tolerates_decomposed_unicode() -> None:
    """Names typed in decomposed form (NFD) print as the composed letters."""
    receipt = dataclasses.replace(
        make_receipt(documents=1), applicant_name=unicodedata.normalize("NFD", "Trần Thị Ánh")
    )
    assert "Trần Thị Ánh" in pdf_text(receipt)


def test_missing_font_names_the_file_and_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without DejaVu the error says which file is missing and which Debian package has it."""
    monkeypatch.setattr(pdf_module, "FONT_DIR", tmp_path)
    with pytest.raises(RuntimeError, match=r"DejaVuSans\.ttf.*fonts-dejavu-core"):
        pdf_module._font_data.__wrapped__("")


@get("/test/receipt", include_in_schema=False, sync_to_thread=False)
def receipt_page() -> Template:
    receipt = make_receipt()
    context = {"receipt": receipt, "qr": qr_svg(receipt.tracking_url), "pdf_url": PDF_URL}
    return Template("dossiers/receipt.html", context=context)


@pytest.fixture
async def page_html(settings: Settings, db: None) -> AsyncIterator[str]:
    """The receipt page rendered by the app's own Jinja engine, through a route of this test."""
    app: Litestar = create_app(settings)
    app.register(receipt_page)
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/test/receipt")
        assert response.status_code == 200
        yield response.text


async def test_page_shows_code_and_title(page_html: str) -> None:
    """The page has the form's title as h1 and the dossier code."""
    assert re.search(r"<h1[^>]*>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</h1>", page_html)
    assert CODE in page_html


async def test_page_has_inline_qr_and_links(page_html: str) -> None:
    """The QR is inline SVG with a text alternative; the tracking URL and PDF are links."""
    assert re.search(r'role="img" aria-label="[^"]+"><svg', page_html)
    assert f'href="{URL}"' in page_html
    assert f'href="{PDF_URL}"' in page_html
    assert "Tải bản PDF" in page_html
    assert "In giấy tiếp nhận" in page_html


async def test_page_table_has_caption_and_scoped_headers(page_html: str) -> None:
    """The documents table has a caption, column headers and one row header per document."""
    assert "<caption>" in page_html
    assert page_html.count('scope="col"') == 4
    assert page_html.count('scope="row"') == 12


async def test_page_masks_the_phone(page_html: str) -> None:
    """The page shows ******5678 and never a whole phone number."""
    assert "******5678" in page_html
    assert not re.search(r"\b0\d{9}\b", page_html)


async def test_page_shows_vietnamese_times_and_fee(page_html: str) -> None:
    """Times and fee use the form's Vietnamese wording."""
    assert "14 giờ 05 phút, ngày 01/12/2026" in page_html
    assert "17 giờ 00 phút, ngày 01/12/2026" in page_html
    assert "Miễn phí" in page_html
