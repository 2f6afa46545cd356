"""Form 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) as an A4 PDF, built in memory with fpdf2.

The layout follows the official form: national motto on the right, receiving unit on the left,
title, dossier code, applicant, procedure, the table of papers received, times, fee, and a QR
code of the tracking URL. The document, font and layout helpers are shared with forms 02–06
(web/pdf.py).
"""

from __future__ import annotations

from fpdf.enums import Align

from core.dossiers.receipt import Receipt
from web.pdf import (
    FAMILY,
    LEFT,
    LINE,
    RIGHT,
    ROW_LINE,
    Document,
    Table,
    field,
    header,
    qr_block,
    title,
    write,
)
from web.templating import vi_datetime, vi_fee

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
NO_DEADLINE = "Chưa xác định thời hạn giải quyết"  # motcua's wording, not the circular's
SCAN_HINT = "Quét mã để tra cứu tình trạng hồ sơ"
CHANNELS = {"counter": "Trực tiếp", "online": "Trực tuyến", "post": "Dịch vụ bưu chính"}
HEADINGS = ("STT", "Tên giấy tờ", "Bản chính", "Bản sao")
WIDTH = 210.0 - LEFT - RIGHT
DOCUMENTS = Table(
    widths=(12.0, WIDTH - 12.0 - 2 * 22.0, 22.0, 22.0),
    aligns=(Align.C, Align.L, Align.C, Align.C),
    headings=HEADINGS,
)


def masked_phone(tail: str) -> str:
    """The phone as a receipt shows it: ******1234 (never the whole number)."""
    return f"******{tail}" if tail else "Không có"


def _documents(pdf: Document, receipt: Receipt) -> None:
    pdf.ln(2)
    pdf.set_font(FAMILY, "B", 10.5)
    if pdf.will_page_break(LINE + 3 * ROW_LINE):
        pdf.add_page()
    write(pdf, LEFT, pdf.width, ["Thành phần hồ sơ đã nhận:"], LINE, Align.L)
    DOCUMENTS.start(pdf)
    for number, document in enumerate(receipt.documents, start=1):
        DOCUMENTS.row(
            pdf, (str(number), document.name, str(document.originals), str(document.copies))
        )
    pdf.ln(3)


def receipt_pdf(receipt: Receipt) -> bytes:
    """Form 01 for one dossier as PDF bytes (A4, Vietnamese, with a QR code to track it)."""
    pdf = Document(receipt.code, TITLE)
    pdf.add_page()
    header(pdf, receipt.unit_name)
    title(pdf, TITLE, receipt.code)
    field(pdf, "Người nộp hồ sơ:", receipt.applicant_name)
    field(pdf, "Địa chỉ:", receipt.applicant_address)
    field(pdf, "Số điện thoại:", masked_phone(receipt.applicant_phone_tail))
    field(pdf, "Thủ tục:", f"{receipt.procedure_code} - {receipt.procedure_name}")
    field(pdf, "Hình thức nộp:", CHANNELS.get(receipt.channel, receipt.channel))
    _documents(pdf, receipt)
    field(pdf, "Thời gian nhận hồ sơ:", vi_datetime(receipt.submitted_at))
    due = vi_datetime(receipt.due_at) if receipt.due_at is not None else NO_DEADLINE
    field(pdf, "Ngày hẹn trả kết quả:", due)
    field(pdf, "Phí, lệ phí:", vi_fee(receipt.fee_vnd))
    field(pdf, "Trạng thái hồ sơ:", receipt.status_label)
    qr_block(pdf, receipt.tracking_url, SCAN_HINT)
    return bytes(pdf.output())
