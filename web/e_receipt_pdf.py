"""The e-receipt (biên lai điện tử) of a paid fee as an A4 PDF, with the same fonts, header and
QR block as the dossier forms (web/pdf.py). Its QR code opens the public check,
/e-receipts/{token}, which confirms the receipt without showing who paid."""

from __future__ import annotations

from fpdf.enums import Align

from core.payments.receipts import EReceiptView
from web.i18n import money
from web.pdf import LEFT, RIGHT, Document, Table, field, header, qr_block, title
from web.templating import vi_datetime

TITLE = "BIÊN LAI THU PHÍ, LỆ PHÍ"
SCAN_HINT = "Quét mã để kiểm tra biên lai trên cổng dịch vụ công"
WIDTH = 210.0 - LEFT - RIGHT
ITEMS = Table(
    widths=(12.0, WIDTH - 12.0 - 20.0 - 2 * 30.0, 20.0, 30.0, 30.0),
    aligns=(Align.C, Align.L, Align.C, Align.R, Align.R),
    headings=("STT", "Nội dung thu", "Số lượng", "Đơn giá (đồng)", "Thành tiền (đồng)"),
)
GATEWAYS = {"vnpay": "VNPay", "momo": "Ví MoMo", "zalopay": "ZaloPay"}


def e_receipt_pdf(receipt: EReceiptView) -> bytes:
    pdf = Document(receipt.dossier_code, TITLE)
    pdf.add_page()
    header(pdf, receipt.unit_name)
    title(pdf, TITLE, receipt.dossier_code)
    field(pdf, "Số biên lai:", receipt.number)
    field(pdf, "Ngày lập:", vi_datetime(receipt.issued_at))
    field(pdf, "Người nộp:", receipt.payer_name)
    field(pdf, "Thủ tục:", f"{receipt.procedure_code} - {receipt.procedure_name}")
    pdf.ln(2)
    ITEMS.start(pdf)
    for number, item in enumerate(receipt.items, start=1):
        cells = (str(number), item.label, str(item.quantity), money(item.unit_vnd))
        ITEMS.row(pdf, (*cells, money(item.amount_vnd)))
    ITEMS.row(pdf, ("", "Tổng cộng", "", "", money(receipt.amount_vnd)), heading=True)
    pdf.ln(3)
    field(pdf, "Bằng chữ:", receipt.amount_words)
    gateway = GATEWAYS.get(receipt.gateway, receipt.gateway)
    field(pdf, "Hình thức thanh toán:", f"Trực tuyến qua {gateway}")
    field(pdf, "Mã giao dịch:", receipt.transaction_no or "—")
    if receipt.refunded_vnd:
        field(pdf, "Đã hoàn trả:", f"{money(receipt.refunded_vnd)} đồng")
    pdf.ln(2)
    qr_block(pdf, receipt.verify_url, SCAN_HINT)
    return bytes(pdf.output())
