"""Form 07 (Sổ theo dõi hồ sơ) as files: CSV (UTF-8 with BOM, so Excel shows Vietnamese) and XLSX.

Both have the same columns as the page, in Vietnamese. A cell that would start like a formula is
kept as text in both (a name typed as "=HYPERLINK(...)" must not run in the officer's
spreadsheet). The XLSX has real dates, a frozen heading row and the unit and period on top.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.clock import VIETNAM
from core.dossiers.register import Register, RegisterLine

COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Ngày nhận",
    "Người nộp",
    "Mã thủ tục",
    "Tên thủ tục",
    "Hạn trả kết quả",
    "Trạng thái",
    "Ngày trả kết quả",
    "Đúng hạn / quá hạn",
    "Ghi chú",
)
WIDTHS = (6, 28, 17, 24, 11, 40, 17, 22, 17, 20, 40)
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_TIME = "DD/MM/YYYY HH:MM"


def file_name(register: Register, extension: str) -> str:
    """so-theo-doi-<unit>-<first>-<last>.<extension>, ASCII only."""
    span = register.period
    return f"so-theo-doi-{register.unit_code}-{span.first:%Y%m%d}-{span.last:%Y%m%d}.{extension}"


def register_csv(register: Register) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for line in register.lines:
        writer.writerow([_text(value) for value in _values(line)])
    return (BOM + out.getvalue()).encode()


def register_xlsx(register: Register) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "So theo doi"
    span = register.period
    sheet.append([f"{register.title.upper()} - {register.unit_name}"])
    sheet.append([f"Từ ngày {span.first:%d/%m/%Y} đến ngày {span.last:%d/%m/%Y}"])
    sheet.append(list(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for line in register.lines:
        sheet.append([_cell(value) for value in _values(line)])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = DATE_TIME
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _values(line: RegisterLine) -> list[Any]:
    return [
        line.number,
        line.code,
        line.received_at,
        line.applicant_name,
        line.procedure_code,
        line.procedure_name,
        line.due_at,
        line.status,
        line.returned_at,
        line.verdict,
        line.note,
    ]


def _local(value: dt.datetime) -> dt.datetime:
    """Việt Nam wall time without a zone: spreadsheets have no time zones."""
    return value.astimezone(VIETNAM).replace(tzinfo=None)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _local(value)
    return "" if value is None else value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{_local(value):%d/%m/%Y %H:%M}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
