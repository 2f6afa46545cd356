"""Form 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) as an A4 PDF, built in memory with fpdf2.

The layout follows the official form: national motto on the right, receiving unit on the left,
title, dossier code, applicant, procedure, the table of papers received, times, fee, and a QR
code of the tracking URL. Text is NFC-normalised, so decomposed input still prints correctly.

Speed: DejaVu Sans (Debian package fonts-dejavu-core) has ~6,000 glyphs; fpdf2 parses and
subsets it again for every document, which cost ~220 ms per receipt. The first receipt of a
process therefore cuts each face down to the Vietnamese repertoire once (`_font_data`), and
each document parses that small font from memory. fpdf2's `add_font` takes only a path, so
this builds fpdf2's `TTFFont` directly, the one place tied to fpdf2's internals. Lines are
wrapped here word by word (`_wrap`): fpdf2's `multi_cell` re-measures the line at every
character, ~10 ms per long document name.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from fontTools import subset, ttLib
from fpdf import FPDF
from fpdf.enums import Align
from fpdf.fonts import TTFFont

from core.dossiers.receipt import Receipt
from web.qr import qr_png
from web.templating import vi_datetime, vi_fee

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT_PACKAGE = "fonts-dejavu-core"
FAMILY = "dejavu"
# Latin, Vietnamese letters (Ơ ơ Ư ư and U+1EA0-1EF9), the few combining marks Vietnamese uses,
# punctuation, ₫ €, №, arrows, minus, ≤ ≥. Anything else prints as fpdf2's missing-glyph box.
REPERTOIRE = (
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    0x1A0,
    0x1A1,
    0x1AF,
    0x1B0,
    *range(0x300, 0x30A),
    0x323,
    *range(0x1EA0, 0x1EFA),
    *range(0x2010, 0x2045),
    0x20AB,
    0x20AC,
    0x2116,
    *range(0x2190, 0x2194),
    0x2212,
    0x2264,
    0x2265,
)

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
NO_DEADLINE = "Chưa xác định thời hạn giải quyết"  # motcua's wording, not the circular's
SCAN_HINT = "Quét mã để tra cứu tình trạng hồ sơ"
CHANNELS = {"counter": "Trực tiếp", "online": "Trực tuyến", "post": "Dịch vụ bưu chính"}
HEADINGS = ("STT", "Tên giấy tờ", "Bản chính", "Bản sao")

LEFT, RIGHT, TOP, BOTTOM = 25.0, 15.0, 15.0, 20.0  # mm, close to Decree 30/2020's margins
WIDTH = 210.0 - LEFT - RIGHT
LABEL_WIDTH = 48.0
LINE = 6.0  # fields
ROW_LINE = 5.0  # table rows
PAD = 1.2
QR_SIZE = 32.0
COLUMNS = (12.0, WIDTH - 12.0 - 2 * 22.0, 22.0, 22.0)
ALIGNS = (Align.C, Align.L, Align.C, Align.C)


def masked_phone(tail: str) -> str:
    """The phone as a receipt shows it: ******1234 (never the whole number)."""
    return f"******{tail}" if tail else "Không có"


@functools.cache
def _font_data(style: str) -> bytes:
    """One DejaVu face cut down to the Vietnamese repertoire, as TrueType bytes (once a process)."""
    path = FONT_DIR / FONT_FILES[style]
    if not path.is_file():
        raise RuntimeError(
            f"font file {path} is missing: install the Debian package {FONT_PACKAGE} "
            f"(apt-get install {FONT_PACKAGE})"
        )
    font = ttLib.TTFont(path, recalcTimestamp=False)
    options = subset.Options(
        notdef_outline=True, recommended_glyphs=True, layout_features=[], hinting=False
    )
    options.drop_tables += ["FFTM", "GPOS", "GSUB", "GDEF", "kern"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=REPERTOIRE)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


class _Form(FPDF):
    """A4 pages with the dossier code and page number in the footer."""

    def __init__(self, code: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.code = code
        self.widths: dict[tuple[str, float, str], float] = {}
        for style in FONT_FILES:
            key = f"{FAMILY}{style}"  # the key `add_font(FAMILY, style, …)` would use
            font = TTFFont(self, io.BytesIO(_font_data(style)), key, style)  # type: ignore[arg-type]
            font.ttfont.recalcBBoxes = False  # already right; recomputing doubles output time
            self.fonts[key] = font
        self.set_margins(LEFT, TOP, RIGHT)
        self.set_auto_page_break(auto=True, margin=BOTTOM)
        self.set_title(f"{TITLE} {code}")
        self.set_lang("vi")
        self.set_creator("motcua")

    def width_of(self, text: str) -> float:
        """`get_string_width`, remembered: a receipt measures the same words many times."""
        key = (self.font_style, self.font_size_pt, text)
        if key not in self.widths:
            self.widths[key] = self.get_string_width(text)
        return self.widths[key]

    def footer(self) -> None:
        self.set_y(-BOTTOM + 6)
        self.set_font(FAMILY, "", 8)
        self.cell(0, 4, f"Mã hồ sơ: {self.code} · Trang {self.page_no()}/{{nb}}", align=Align.R)


def _wrap(pdf: _Form, text: str, width: float) -> list[str]:
    """Greedy word wrap in the current font; a word wider than the line is cut."""
    space = pdf.width_of(" ")
    lines: list[str] = []
    words: list[str] = []
    used = 0.0
    for word in unicodedata.normalize("NFC", text).split():
        size = pdf.width_of(word)
        if words and used + space + size > width:
            lines.append(" ".join(words))
            words, used = [], 0.0
        while size > width:  # a URL or a long code: cut it where it overflows
            cut = max(1, int(len(word) * width / size))
            while cut > 1 and pdf.width_of(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            size = pdf.width_of(word)
        used = used + space + size if words else size
        words.append(word)
    if words:
        lines.append(" ".join(words))
    return lines or [""]


def _write(
    pdf: _Form, x: float, width: float, lines: Sequence[str], height: float, align: Align
) -> None:
    for line in lines:
        pdf.set_x(x)
        pdf.cell(width, height, line, align=align)
        pdf.ln(height)


def _header(pdf: _Form, unit_name: str) -> None:
    top, left_width = pdf.get_y(), 68.0
    right_width = WIDTH - left_width
    pdf.set_font(FAMILY, "B", 10.5)
    _write(pdf, LEFT, left_width, _wrap(pdf, unit_name.upper(), left_width - 2), 5, Align.C)
    _rule(pdf, LEFT + left_width / 2, pdf.get_y() + 1, 24)
    left_bottom = pdf.get_y()
    pdf.set_y(top)
    motto = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    _write(pdf, LEFT + left_width, right_width, motto, 5, Align.C)
    _rule(pdf, LEFT + left_width + right_width / 2, pdf.get_y() + 1, 56)
    pdf.set_y(max(left_bottom, pdf.get_y()) + 8)


def _rule(pdf: _Form, centre: float, y: float, length: float) -> None:
    pdf.set_line_width(0.3)
    pdf.line(centre - length / 2, y, centre + length / 2, y)


def _title(pdf: _Form, code: str) -> None:
    pdf.set_font(FAMILY, "B", 13)
    _write(pdf, LEFT, WIDTH, _wrap(pdf, TITLE, WIDTH), 7, Align.C)
    pdf.set_font(FAMILY, "B", 11)
    _write(pdf, LEFT, WIDTH, _wrap(pdf, f"Mã hồ sơ: {code}", WIDTH), 7, Align.C)
    pdf.ln(4)


def _field(pdf: _Form, label: str, value: str) -> None:
    """A bold label and its value, the value wrapping in its own column."""
    pdf.set_font(FAMILY, "", 10.5)
    lines = _wrap(pdf, value, WIDTH - LABEL_WIDTH - 2)
    pdf.set_font(FAMILY, "B", 10.5)
    label_lines = _wrap(pdf, label, LABEL_WIDTH - 2)
    if pdf.will_page_break(LINE * max(len(lines), len(label_lines))):
        pdf.add_page()
    top = pdf.get_y()
    _write(pdf, LEFT, LABEL_WIDTH, label_lines, LINE, Align.L)
    bottom = pdf.get_y()
    pdf.set_y(top)
    pdf.set_font(FAMILY, "", 10.5)
    _write(pdf, LEFT + LABEL_WIDTH, WIDTH - LABEL_WIDTH, lines, LINE, Align.L)
    pdf.set_y(max(bottom, pdf.get_y()))


def _row(pdf: _Form, cells: Sequence[str], *, heading: bool = False) -> None:
    """One table row, moved whole to a new page (under the heading again) when it does not fit.

    Only a row taller than a whole page is split across pages.
    """
    style = "B" if heading else ""
    pdf.set_font(FAMILY, style, 10)
    columns = [
        _wrap(pdf, text, width - 2 * PAD) for text, width in zip(cells, COLUMNS, strict=True)
    ]
    fresh = False
    while any(columns):
        room = int((pdf.h - pdf.b_margin - pdf.get_y() - 2 * PAD) // ROW_LINE)
        needed = max(map(len, columns))
        if needed > room and not fresh:
            pdf.add_page()
            _row(pdf, HEADINGS, heading=True)
            pdf.set_font(FAMILY, style, 10)
            fresh = True
            continue
        take, fresh = max(1, min(room, needed)), False
        top, x, height = pdf.get_y(), LEFT, take * ROW_LINE + 2 * PAD
        for lines, width, align in zip(columns, COLUMNS, ALIGNS, strict=True):
            pdf.rect(x, top, width, height, style="DF" if heading else "D")
            pdf.set_y(top + PAD)
            _write(pdf, x + PAD, width - 2 * PAD, lines[:take], ROW_LINE, align)
            x += width
        pdf.set_y(top + height)
        columns = [lines[take:] for lines in columns]


def _documents(pdf: _Form, receipt: Receipt) -> None:
    pdf.ln(2)
    pdf.set_font(FAMILY, "B", 10.5)
    if pdf.will_page_break(LINE + 3 * ROW_LINE):
        pdf.add_page()
    _write(pdf, LEFT, WIDTH, ["Thành phần hồ sơ đã nhận:"], LINE, Align.L)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(235)
    _row(pdf, HEADINGS, heading=True)
    for number, document in enumerate(receipt.documents, start=1):
        _row(pdf, (str(number), document.name, str(document.originals), str(document.copies)))
    pdf.ln(3)


def _qr(pdf: _Form, url: str) -> None:
    """The QR code with what it is for and the URL it holds, kept together on one page."""
    if pdf.will_page_break(QR_SIZE + 4):
        pdf.add_page()
    top, text_x = pdf.get_y() + 2, LEFT + QR_SIZE + 4
    text_width = WIDTH - QR_SIZE - 4
    pdf.image(io.BytesIO(qr_png(url)), x=LEFT, y=top, w=QR_SIZE, h=QR_SIZE)
    pdf.set_y(top + 6)
    pdf.set_font(FAMILY, "B", 10.5)
    _write(pdf, text_x, text_width, _wrap(pdf, SCAN_HINT, text_width), LINE, Align.L)
    pdf.set_font(FAMILY, "", 9.5)
    for line in _wrap(pdf, url, text_width):
        pdf.set_x(text_x)
        pdf.cell(text_width, 5, line, link=url)
        pdf.ln(5)
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE) + 2)


def receipt_pdf(receipt: Receipt) -> bytes:
    """Form 01 for one dossier as PDF bytes (A4, Vietnamese, with a QR code to track it)."""
    pdf = _Form(receipt.code)
    pdf.add_page()
    _header(pdf, receipt.unit_name)
    _title(pdf, receipt.code)
    _field(pdf, "Người nộp hồ sơ:", receipt.applicant_name)
    _field(pdf, "Địa chỉ:", receipt.applicant_address)
    _field(pdf, "Số điện thoại:", masked_phone(receipt.applicant_phone_tail))
    _field(pdf, "Thủ tục:", f"{receipt.procedure_code} - {receipt.procedure_name}")
    _field(pdf, "Hình thức nộp:", CHANNELS.get(receipt.channel, receipt.channel))
    _documents(pdf, receipt)
    _field(pdf, "Thời gian nhận hồ sơ:", vi_datetime(receipt.submitted_at))
    due = vi_datetime(receipt.due_at) if receipt.due_at is not None else NO_DEADLINE
    _field(pdf, "Ngày hẹn trả kết quả:", due)
    _field(pdf, "Phí, lệ phí:", vi_fee(receipt.fee_vnd))
    _field(pdf, "Trạng thái hồ sơ:", receipt.status_label)
    _qr(pdf, receipt.tracking_url)
    return bytes(pdf.output())
