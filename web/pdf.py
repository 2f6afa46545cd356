"""What every printed form shares: an A4 document in DejaVu Sans, the form's head, fields, tables.

Forms 01–06 are built in memory with fpdf2 (web/receipt_pdf.py, web/forms_pdf.py). Text is
NFC-normalised, so decomposed input still prints correctly.

Speed: DejaVu Sans (Debian package fonts-dejavu-core) has ~6,000 glyphs; fpdf2 parses and
subsets it again for every document, which cost ~220 ms per receipt. The first document of a
process therefore cuts each face down to the Vietnamese repertoire once (`_font_data`), and
each document parses that small font from memory. fpdf2's `add_font` takes only a path, so
this builds fpdf2's `TTFFont` directly, the one place tied to fpdf2's internals. Lines are
wrapped here word by word (`wrap`): fpdf2's `multi_cell` re-measures the line at every
character, ~10 ms per long document name.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from fontTools import subset, ttLib
from fpdf import FPDF
from fpdf.enums import Align
from fpdf.fonts import TTFFont

from web.qr import qr_png

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
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

LEFT, RIGHT, TOP, BOTTOM = 25.0, 15.0, 15.0, 20.0  # mm, close to Decree 30/2020's margins
LABEL_WIDTH = 48.0
LINE = 6.0  # fields
ROW_LINE = 5.0  # table rows
PAD = 1.2
QR_SIZE = 32.0  # mm: scans from a phone held over the paper


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


class Document(FPDF):
    """A4 pages (portrait, or landscape for wide tables) with the dossier code and page number
    in the footer."""

    def __init__(self, code: str, title: str, *, landscape: bool = False) -> None:
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.code = code
        self.widths: dict[tuple[str, float, str], float] = {}
        for style in FONT_FILES:
            key = f"{FAMILY}{style}"  # the key `add_font(FAMILY, style, …)` would use
            font = TTFFont(self, io.BytesIO(_font_data(style)), key, style)  # type: ignore[arg-type]
            font.ttfont.recalcBBoxes = False  # already right; recomputing doubles output time
            self.fonts[key] = font
        self.set_margins(LEFT, TOP, RIGHT)
        self.set_auto_page_break(auto=True, margin=BOTTOM)
        self.set_title(f"{title} {code}".strip())
        self.set_lang("vi")
        self.set_creator("motcua")

    @property
    def width(self) -> float:
        """The width between the margins."""
        return float(self.w) - LEFT - RIGHT

    def width_of(self, text: str) -> float:
        """`get_string_width`, remembered: a form measures the same words many times."""
        key = (self.font_style, self.font_size_pt, text)
        if key not in self.widths:
            self.widths[key] = self.get_string_width(text)
        return self.widths[key]

    def footer(self) -> None:
        self.set_y(-BOTTOM + 6)
        self.set_font(FAMILY, "", 8)
        self.cell(0, 4, f"Mã hồ sơ: {self.code} · Trang {self.page_no()}/{{nb}}", align=Align.R)


def wrap(pdf: Document, text: str, width: float) -> list[str]:
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


def write(
    pdf: Document, x: float, width: float, lines: Sequence[str], height: float, align: Align
) -> None:
    for line in lines:
        pdf.set_x(x)
        pdf.cell(width, height, line, align=align)
        pdf.ln(height)


def header(pdf: Document, unit_name: str) -> None:
    """The issuing body on the left, the national motto on the right, each underlined."""
    top, left_width = pdf.get_y(), 68.0
    right_width = pdf.width - left_width
    pdf.set_font(FAMILY, "B", 10.5)
    write(pdf, LEFT, left_width, wrap(pdf, unit_name.upper(), left_width - 2), 5, Align.C)
    rule(pdf, LEFT + left_width / 2, pdf.get_y() + 1, 24)
    left_bottom = pdf.get_y()
    pdf.set_y(top)
    write(pdf, LEFT + left_width, right_width, MOTTO, 5, Align.C)
    rule(pdf, LEFT + left_width + right_width / 2, pdf.get_y() + 1, 56)
    pdf.set_y(max(left_bottom, pdf.get_y()) + 8)


def rule(pdf: Document, centre: float, y: float, length: float) -> None:
    pdf.set_line_width(0.3)
    pdf.line(centre - length / 2, y, centre + length / 2, y)


def title(pdf: Document, text: str, code: str) -> None:
    """The form's title in capitals, then the dossier code."""
    pdf.set_font(FAMILY, "B", 13)
    write(pdf, LEFT, pdf.width, wrap(pdf, text.upper(), pdf.width), 7, Align.C)
    pdf.set_font(FAMILY, "B", 11)
    write(pdf, LEFT, pdf.width, wrap(pdf, f"Mã hồ sơ: {code}", pdf.width), 7, Align.C)
    pdf.ln(4)


def field(pdf: Document, label: str, value: str) -> None:
    """A bold label and its value, the value wrapping in its own column."""
    pdf.set_font(FAMILY, "", 10.5)
    lines = wrap(pdf, value, pdf.width - LABEL_WIDTH - 2)
    pdf.set_font(FAMILY, "B", 10.5)
    label_lines = wrap(pdf, label, LABEL_WIDTH - 2)
    if pdf.will_page_break(LINE * max(len(lines), len(label_lines))):
        pdf.add_page()
    top = pdf.get_y()
    write(pdf, LEFT, LABEL_WIDTH, label_lines, LINE, Align.L)
    bottom = pdf.get_y()
    pdf.set_y(top)
    pdf.set_font(FAMILY, "", 10.5)
    write(pdf, LEFT + LABEL_WIDTH, pdf.width - LABEL_WIDTH, lines, LINE, Align.L)
    pdf.set_y(max(bottom, pdf.get_y()))


def paragraph(pdf: Document, text: str, *, bold: bool = False, size: float = 10.5) -> None:
    """Running text across the page."""
    pdf.set_font(FAMILY, "B" if bold else "", size)
    lines = wrap(pdf, text, pdf.width)
    if pdf.will_page_break(LINE * min(len(lines), 3)):
        pdf.add_page()
    write(pdf, LEFT, pdf.width, lines, LINE, Align.L)


@dataclasses.dataclass(frozen=True, slots=True)
class Table:
    """Column widths (mm), alignments and the heading row repeated on each new page."""

    widths: tuple[float, ...]
    aligns: tuple[Align, ...]
    headings: tuple[str, ...]
    size: float = 10.0

    def row(self, pdf: Document, cells: Sequence[str], *, heading: bool = False) -> None:
        """One row, moved whole to a new page (under the heading again) when it does not fit.

        Only a row taller than a whole page is split across pages.
        """
        style = "B" if heading else ""
        pdf.set_font(FAMILY, style, self.size)
        columns = [
            wrap(pdf, text, width - 2 * PAD) for text, width in zip(cells, self.widths, strict=True)
        ]
        fresh = False
        while any(columns):
            room = int((pdf.h - pdf.b_margin - pdf.get_y() - 2 * PAD) // ROW_LINE)
            needed = max(map(len, columns))
            if needed > room and not fresh:
                pdf.add_page()
                self.row(pdf, self.headings, heading=True)
                pdf.set_font(FAMILY, style, self.size)
                fresh = True
                continue
            take, fresh = max(1, min(room, needed)), False
            top, x, height = pdf.get_y(), LEFT, take * ROW_LINE + 2 * PAD
            for lines, width, align in zip(columns, self.widths, self.aligns, strict=True):
                pdf.rect(x, top, width, height, style="DF" if heading else "D")
                pdf.set_y(top + PAD)
                write(pdf, x + PAD, width - 2 * PAD, lines[:take], ROW_LINE, align)
                x += width
            pdf.set_y(top + height)
            columns = [lines[take:] for lines in columns]

    def start(self, pdf: Document) -> None:
        """The heading row, kept on the page of the first rows."""
        pdf.set_line_width(0.2)
        pdf.set_fill_color(235)
        if pdf.will_page_break(3 * ROW_LINE + 4 * PAD):
            pdf.add_page()
        self.row(pdf, self.headings, heading=True)


def qr_block(pdf: Document, url: str, hint: str) -> None:
    """The QR code with what it is for and the URL it holds, kept together on one page."""
    if pdf.will_page_break(QR_SIZE + 4):
        pdf.add_page()
    top, text_x = pdf.get_y() + 2, LEFT + QR_SIZE + 4
    text_width = pdf.width - QR_SIZE - 4
    pdf.image(io.BytesIO(qr_png(url)), x=LEFT, y=top, w=QR_SIZE, h=QR_SIZE)
    pdf.set_y(top + 6)
    pdf.set_font(FAMILY, "B", 10.5)
    write(pdf, text_x, text_width, wrap(pdf, hint, text_width), LINE, Align.L)
    pdf.set_font(FAMILY, "", 9.5)
    for line in wrap(pdf, url, text_width):
        pdf.set_x(text_x)
        pdf.cell(text_width, 5, line, link=url)
        pdf.ln(5)
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE) + 2)
