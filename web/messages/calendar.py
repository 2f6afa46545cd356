"""Interface text of the calendar: admin pages, weekday names, the procedure page's estimate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    # admin layout and home
    "admin_nav_calendar": {"vi": "Lịch làm việc", "en": "Working calendar"},
    "admin_home_calendar": {
        "vi": "Ngày nghỉ lễ, ngày nghỉ bù, thứ Bảy làm bù và giờ làm việc của từng đơn vị.",
        "en": "Public holidays, swapped days off, make-up Saturdays and each unit's hours.",
    },
    # the year's days
    "calendar_title": {"vi": "Lịch làm việc năm {year}", "en": "Working calendar {year}"},
    "calendar_intro": {
        "vi": "Ngày nghỉ lễ, Tết theo quy định chung (Bộ luật Lao động, điều 112). Ngày nghỉ bù "
        "và ngày làm bù theo thông báo hằng năm được nhập ở đây và được ưu tiên áp dụng khi "
        "tính thời hạn hồ sơ.",
        "en": "Public holidays as the Labour Code (art. 112) sets them. Swapped days off and "
        "make-up days from the yearly notice are entered here and win when deadlines are counted.",
    },
    "calendar_years": {"vi": "Chọn năm", "en": "Choose a year"},
    "calendar_hours_link": {
        "vi": "Giờ làm việc của các đơn vị",
        "en": "Units' working hours",
    },
    "calendar_days_caption": {
        "vi": "Ngày khác với tuần làm việc thông thường (thứ Hai đến thứ Sáu)",
        "en": "Days that differ from an ordinary Monday–Friday week",
    },
    "calendar_date": {"vi": "Ngày", "en": "Date"},
    "calendar_kind": {"vi": "Loại ngày", "en": "Kind of day"},
    "calendar_name": {"vi": "Tên, ghi chú", "en": "Name, note"},
    "calendar_source": {"vi": "Nguồn", "en": "Source"},
    "calendar_kind_off": {"vi": "Ngày nghỉ", "en": "Day off"},
    "calendar_kind_working": {"vi": "Ngày làm việc bù", "en": "Make-up working day"},
    "calendar_source_national": {"vi": "Quy định chung", "en": "National rules"},
    "calendar_source_override": {"vi": "Điều chỉnh", "en": "Override"},
    "calendar_remove": {"vi": "Xóa điều chỉnh", "en": "Remove override"},
    "calendar_empty": {
        "vi": "Năm này không có ngày nghỉ lễ hay ngày làm bù nào.",
        "en": "This year has no holidays or make-up days.",
    },
    "calendar_add": {"vi": "Thêm hoặc sửa ngày điều chỉnh", "en": "Add or change an override"},
    "calendar_add_hint": {
        "vi": "Theo thông báo nghỉ lễ, Tết của Chính phủ hoặc Ủy ban nhân dân tỉnh. Nhập lại một "
        "ngày đã điều chỉnh để sửa.",
        "en": "As the Government's or the province's holiday notice says. Enter a day again to "
        "change it.",
    },
    "calendar_day": {"vi": "Ngày", "en": "Date"},
    "calendar_day_hint": {
        "vi": "Ngày/tháng/năm, ví dụ 07/03/2026",
        "en": "Day/month/year, e.g. 07/03/2026",
    },
    "calendar_kind_working_choice": {
        "vi": "Ngày làm việc bù (ví dụ thứ Bảy làm bù)",
        "en": "Make-up working day (e.g. a Saturday worked)",
    },
    "calendar_kind_off_choice": {
        "vi": "Ngày nghỉ (nghỉ bù, nghỉ hoán đổi)",
        "en": "Day off (swapped day off)",
    },
    "calendar_note": {"vi": "Ghi chú", "en": "Note"},
    "calendar_note_hint": {
        "vi": "Ví dụ: Làm bù cho thứ Hai 02/03/2026 (tối đa 200 ký tự)",
        "en": "E.g. Make-up day for Monday 02/03/2026 (at most 200 characters)",
    },
    "calendar_save": {"vi": "Lưu ngày điều chỉnh", "en": "Save the override"},
    "calendar_done_set": {
        "vi": "Đã lưu ngày điều chỉnh {day}.",
        "en": "Override of {day} saved.",
    },
    "calendar_done_removed": {
        "vi": "Đã xóa điều chỉnh: ngày {day} theo lại quy định chung.",
        "en": "Override removed: {day} follows the national rules again.",
    },
    "calendar_err_missing": {
        "vi": "Ngày {day} không có điều chỉnh nào để xóa; hãy tải lại trang",
        "en": "{day} has no override to remove; reload the page",
    },
    # units' working hours
    "hours_title": {"vi": "Giờ làm việc của các đơn vị", "en": "Units' working hours"},
    "hours_intro": {
        "vi": "Mặc định 07:30–11:30 và 13:00–17:00 (8 giờ). Đơn vị có thể đặt giờ riêng, tổng "
        "cộng vẫn 8 giờ một ngày; thời hạn hồ sơ của đơn vị được tính theo giờ này.",
        "en": "By default 07:30–11:30 and 13:00–17:00 (8 hours). A unit may set its own hours, "
        "still 8 a day; its dossiers' deadlines count on them.",
    },
    "hours_back": {"vi": "Quay lại lịch làm việc", "en": "Back to the working calendar"},
    "hours_caption": {"vi": "Giờ làm việc theo đơn vị", "en": "Working hours by unit"},
    "hours_unit": {"vi": "Đơn vị", "en": "Unit"},
    "hours_periods": {"vi": "Giờ làm việc", "en": "Working hours"},
    "hours_default": {"vi": "mặc định", "en": "default"},
    "hours_own": {"vi": "giờ riêng", "en": "own hours"},
    "hours_inactive": {"vi": "ngừng hoạt động", "en": "deactivated"},
    "hours_reset": {"vi": "Dùng giờ mặc định", "en": "Use the default hours"},
    "hours_none": {
        "vi": "Chưa có đơn vị nào. Hãy thêm đơn vị trước.",
        "en": "No units yet. Add the units first.",
    },
    "hours_set": {"vi": "Đặt giờ làm việc riêng", "en": "Set a unit's own hours"},
    "hours_periods_hint": {
        "vi": "Các khoảng giờ:phút-giờ:phút, cách nhau bằng dấu phẩy, ví dụ 07:00-11:00, "
        "13:30-17:30",
        "en": "Periods as hh:mm-hh:mm separated by commas, e.g. 07:00-11:00, 13:30-17:30",
    },
    "hours_save": {"vi": "Lưu giờ làm việc", "en": "Save the hours"},
    "hours_done_set": {
        "vi": "Đã lưu giờ làm việc của đơn vị {code}.",
        "en": "Working hours of {code} saved.",
    },
    "hours_done_reset": {
        "vi": "Đơn vị {code} đã trở lại giờ làm việc mặc định.",
        "en": "{code} keeps the default hours again.",
    },
    "hours_err_missing": {
        "vi": "Đơn vị này đang dùng giờ mặc định; không có giờ riêng để bỏ",
        "en": "This unit already keeps the default hours",
    },
    # weekdays, Monday first (date.weekday())
    "weekday_0": {"vi": "Thứ Hai", "en": "Monday"},
    "weekday_1": {"vi": "Thứ Ba", "en": "Tuesday"},
    "weekday_2": {"vi": "Thứ Tư", "en": "Wednesday"},
    "weekday_3": {"vi": "Thứ Năm", "en": "Thursday"},
    "weekday_4": {"vi": "Thứ Sáu", "en": "Friday"},
    "weekday_5": {"vi": "Thứ Bảy", "en": "Saturday"},
    "weekday_6": {"vi": "Chủ nhật", "en": "Sunday"},
    # the procedure page
    "due_if_now": {
        "vi": "Nếu nộp bây giờ, hạn trả kết quả dự kiến: {when}",
        "en": "If you submit now, the result is expected by: {when}",
    },
    "due_if_now_note": {
        "vi": "Tính theo ngày làm việc, trừ ngày nghỉ lễ; thời gian chờ bổ sung hồ sơ hoặc nộp "
        "phí không được tính.",
        "en": "Counted in working days, holidays excluded; time spent waiting for missing "
        "papers or fees does not count.",
    },
}
