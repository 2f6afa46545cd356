"""Interface text around the printed forms 02–06 and the register (form 07).

The forms' own words are the official papers' and stay Vietnamese in both languages (templates
in web/templates/forms/); these are the buttons, links and the register's search form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "forms_print": {"vi": "In", "en": "Print"},
    "forms_pdf": {"vi": "Tải bản PDF", "en": "Download the PDF"},
    "forms_back": {"vi": "Quay lại hồ sơ", "en": "Back to the dossier"},
    "forms_list_title": {"vi": "Biểu mẫu của hồ sơ", "en": "The dossier's forms"},
    "forms_number": {"vi": "Mẫu {n}", "en": "Form {n}"},
    "forms_pdf_short": {"vi": "Tải PDF", "en": "PDF"},
    "register_link": {"vi": "Sổ theo dõi hồ sơ (mẫu 07)", "en": "Dossier register (form 07)"},
    "register_title": {"vi": "Sổ theo dõi hồ sơ", "en": "Dossier register"},
    "register_lead": {
        "vi": "Mọi hồ sơ đơn vị tiếp nhận trong khoảng thời gian đã chọn (mẫu 07), theo mã hồ sơ.",
        "en": "Every dossier your unit received in the chosen period (form 07), by code.",
    },
    "register_period": {"vi": "Khoảng thời gian", "en": "Period"},
    "register_from": {"vi": "Từ ngày", "en": "From"},
    "register_to": {"vi": "Đến ngày", "en": "To"},
    "register_date_hint": {
        "vi": "Dạng dd/mm/yyyy, ví dụ 31/12/2026. Tối đa 366 ngày.",
        "en": "As dd/mm/yyyy, e.g. 31/12/2026. At most 366 days.",
    },
    "register_show": {"vi": "Xem sổ", "en": "Show the register"},
    "register_count": {"vi": "{n} hồ sơ", "en": "{n} dossiers"},
    "register_empty": {
        "vi": "Đơn vị không tiếp nhận hồ sơ nào trong khoảng thời gian này.",
        "en": "Your unit received no dossier in this period.",
    },
    "register_downloads": {"vi": "Tải sổ về máy", "en": "Download the register"},
    "register_csv": {"vi": "Tải CSV (Excel)", "en": "Download CSV (Excel)"},
    "register_xlsx": {"vi": "Tải tệp Excel (XLSX)", "en": "Download an Excel file (XLSX)"},
    "register_err_date": {
        "vi": "Nhập ngày dạng dd/mm/yyyy, ví dụ 31/12/2026",
        "en": "Enter the date as dd/mm/yyyy, e.g. 31/12/2026",
    },
    "register_err_backwards": {
        "vi": "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu",
        "en": "The end date must be on or after the start date",
    },
    "register_err_long": {
        "vi": "Mỗi lần xem tối đa 366 ngày; hãy chọn khoảng ngắn hơn",
        "en": "At most 366 days at a time: choose a shorter period",
    },
}
