"""What the receipt (form 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả) says, built from a dossier.

The edges render it: a printable page and a PDF, each with a QR code of `tracking_url`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt


@dataclasses.dataclass(frozen=True, slots=True)
class ReceivedDocument:
    """One paper received: its requirement name, how many originals and copies, the file's name."""

    name: str
    originals: int = 0
    copies: int = 0
    filename: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class Receipt:
    code: str  # e.g. 000.00.12.H56-261201-0001
    procedure_code: str
    procedure_name: str
    unit_name: str  # the receiving unit
    unit_code: str
    applicant_name: str
    applicant_address: str
    applicant_phone_tail: str  # last 4 digits only; a receipt never shows the whole number
    channel: str  # "online" | "counter" | "post"
    submitted_at: dt.datetime  # aware, Asia/Ho_Chi_Minh
    due_at: dt.datetime | None  # None when the procedure publishes no allowance
    documents: tuple[ReceivedDocument, ...]
    fee_vnd: int | None
    tracking_url: str  # absolute; the QR code encodes this
    status_label: str  # Vietnamese status name, e.g. "Mới đăng ký"
