"""Forms 02–06 (Circular 03/2025, Annex I) as A4 PDFs, with the words of the printable pages.

Each form has the issuing unit and the national motto on top, its title and the dossier code,
the applicant and procedure, what the form says, and who issued it. Form 06's table is wide, so
it prints in landscape. The words are the official papers' and stay Vietnamese in every
interface language (templates/forms/ print the same).
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf.enums import Align

from core.clock import VIETNAM
from core.dossiers.forms import (
    Apology,
    ControlSheet,
    Form,
    Heading,
    Refusal,
    StopNotice,
    SupplementRequest,
)
from web.dossier_pages import when
from web.pdf import FAMILY, LEFT, LINE, Document, Table, field, header, paragraph, title, write
from web.templating import vi_datetime

UNKNOWN_DUE = "Không xác định"
SHEET = Table(
    widths=(9.0, 44.0, 36.0, 24.0, 24.0, 24.0, 24.0, 30.0, 24.0, 18.0),
    aligns=(Align.C, *([Align.L] * 8), Align.C),
    headings=(
        "STT",
        "Bước xử lý",
        "Đơn vị nhận",
        "Người giao",
        "Thời gian nhận",
        "Thời gian giao tiếp",
        "Kết quả xử lý",
        "Ghi chú",
        "Thời gian đã dùng / cho phép",
        "Đánh giá",
    ),
    size=8.5,
)


def form_pdf(form: Form) -> bytes:
    """One form as PDF bytes."""
    pdf = Document(form.heading.code, form.heading.title, landscape=isinstance(form, ControlSheet))
    pdf.add_page()
    _top(pdf, form.heading)
    if isinstance(form, SupplementRequest):
        _supplement(pdf, form)
    elif isinstance(form, Refusal):
        _refusal(pdf, form)
    elif isinstance(form, Apology):
        _apology(pdf, form)
    elif isinstance(form, StopNotice):
        _stop(pdf, form)
    else:
        _sheet(pdf, form)
    return bytes(pdf.output())


def _top(pdf: Document, heading: Heading) -> None:
    header(pdf, heading.unit_name)
    pdf.set_font(FAMILY, "", 10.5)
    pdf.set_y(pdf.get_y() - 6)
    day = heading.issued_at.astimezone(VIETNAM)
    write(pdf, LEFT, pdf.width, [f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}"], LINE, Align.R)
    pdf.ln(2)
    title(pdf, heading.title, heading.code)
    field(pdf, "Người nộp hồ sơ:", heading.applicant_name)
    if heading.applicant_address:
        field(pdf, "Địa chỉ:", heading.applicant_address)
    field(pdf, "Thủ tục:", f"{heading.procedure_code} - {heading.procedure_name}")
    field(pdf, "Thời gian nhận hồ sơ:", vi_datetime(heading.submitted_at))
    pdf.ln(2)


def _items(pdf: Document, lead: str, items: Sequence[str]) -> None:
    paragraph(pdf, lead, bold=True)
    for number, item in enumerate(items, start=1):
        paragraph(pdf, f"{number}. {item}")
    pdf.ln(2)


def _signature(pdf: Document, role: str, name: str) -> None:
    pdf.ln(6)
    if pdf.will_page_break(4 * LINE):
        pdf.add_page()
    x, width = LEFT + pdf.width / 2, pdf.width / 2
    pdf.set_font(FAMILY, "B", 10.5)
    write(pdf, x, width, [role], LINE, Align.C)
    pdf.set_font(FAMILY, "", 9.5)
    write(pdf, x, width, ["(Ký, ghi rõ họ tên)"], LINE, Align.C)
    pdf.ln(LINE * 2)
    pdf.set_font(FAMILY, "B", 10.5)
    write(pdf, x, width, [name], LINE, Align.C)


def _supplement(pdf: Document, form: SupplementRequest) -> None:
    _items(pdf, "Hồ sơ cần bổ sung, hoàn thiện những nội dung sau:", form.missing)
    if form.note:
        field(pdf, "Ghi chú:", form.note)
    pdf.ln(2)
    paragraph(
        pdf,
        "Đề nghị ông/bà bổ sung, hoàn thiện đầy đủ các nội dung trên trong một lần. Thời gian "
        "chờ bổ sung không tính vào thời hạn giải quyết hồ sơ.",
    )
    _signature(pdf, "Người hướng dẫn", form.heading.officer)


def _refusal(pdf: Document, form: Refusal) -> None:
    _items(pdf, "Hồ sơ không đủ điều kiện tiếp nhận, giải quyết vì những lý do sau:", form.reasons)
    if form.note:
        field(pdf, "Ghi chú:", form.note)
    pdf.ln(2)
    paragraph(pdf, "Xin thông báo để ông/bà biết và thực hiện./.")
    _signature(pdf, "Người tiếp nhận hồ sơ", form.heading.officer)


def _apology(pdf: Document, form: Apology) -> None:
    due = vi_datetime(form.due_at) if form.due_at is not None else UNKNOWN_DUE
    field(pdf, "Hạn trả kết quả theo quy định:", due)
    field(pdf, "Lý do chậm trễ:", form.reason)
    pdf.ln(2)
    paragraph(
        pdf,
        f"{form.heading.unit_name} xin lỗi ông/bà vì sự chậm trễ này và đề nghị gia hạn thời "
        f"gian giải quyết hồ sơ; kết quả sẽ được trả vào {vi_datetime(form.new_due_at)}.",
    )
    pdf.ln(2)
    field(pdf, "Ngày hẹn trả kết quả mới:", vi_datetime(form.new_due_at))
    _signature(pdf, "Người lập văn bản", form.heading.officer)


def _stop(pdf: Document, form: StopNotice) -> None:
    field(pdf, "Lý do dừng giải quyết:", form.reason)
    pdf.ln(2)
    paragraph(pdf, "Xin thông báo để ông/bà biết./.")
    _signature(pdf, "Người lập thông báo", form.heading.officer)


def _sheet(pdf: Document, form: ControlSheet) -> None:
    due = vi_datetime(form.due_at) if form.due_at is not None else UNKNOWN_DUE
    field(pdf, "Hạn giải quyết:", due)
    if form.extended_due_at is not None:
        field(pdf, "Gia hạn đến:", vi_datetime(form.extended_due_at))
    pdf.ln(2)
    SHEET.start(pdf)
    for number, line in enumerate(form.lines, start=1):
        ended = f"{when(line.ended_at)} ({line.ended_by})" if line.ended_at else ""
        spent = f"{line.used} / {line.allowed}" if line.used and line.allowed else line.allowed
        SHEET.row(
            pdf,
            (
                str(number),
                f"Bước {line.position}: {line.step}",
                line.unit_name,
                line.sent_by,
                when(line.started_at),
                ended,
                line.outcome,
                line.note,
                spent or line.used,
                line.verdict,
            ),
        )
