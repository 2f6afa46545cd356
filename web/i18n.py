"""Interface text in Vietnamese (first) and English. Procedure content stays as the law wrote it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from web.messages import (
    account,
    admin,
    assist,
    calendar,
    dossiers,
    feedback,
    fees,
    forms,
    life_events,
    notifications,
    office,
    outage,
    payments,
    process,
    pwa,
    simple,
    staff,
    stats,  # -- stats (messages) --
    tracking,
    unit,
)

Language = Literal["vi", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "en")
COOKIE = "lang"

Messages = Mapping[str, Mapping[Language, str]]

_CATALOG: Messages = {
    "site_name": {"vi": "Một cửa", "en": "One-stop shop"},
    "tagline": {
        "vi": "Tra cứu thủ tục hành chính và nộp hồ sơ trực tuyến",
        "en": "Look up administrative procedures and apply online",
    },
    "skip": {"vi": "Bỏ qua, đến nội dung chính", "en": "Skip to main content"},
    "other_language": {"vi": "English", "en": "Tiếng Việt"},
    "search_label": {"vi": "Bạn cần làm thủ tục gì?", "en": "Which procedure do you need?"},
    "search_hint": {
        "vi": "Gõ có dấu hoặc không dấu, ví dụ: dang ky khai sinh",
        "en": "Type with or without Vietnamese accents, e.g. dang ky khai sinh",
    },
    "search_button": {"vi": "Tìm kiếm", "en": "Search"},
    "browse_fields": {"vi": "Tra cứu theo lĩnh vực", "en": "Browse by field"},
    "procedures_count": {"vi": "thủ tục", "en": "procedures"},
    "results_for": {"vi": "Kết quả cho", "en": "Results for"},
    "all_procedures": {"vi": "Tất cả thủ tục", "en": "All procedures"},
    "found": {"vi": "Tìm thấy {n} thủ tục", "en": "{n} procedures found"},
    "no_results": {
        "vi": "Không tìm thấy thủ tục nào. Hãy thử từ khác ngắn hơn, ví dụ: khai sinh, kết hôn.",
        "en": "No procedure found. Try fewer or other words, e.g. khai sinh, kết hôn.",
    },
    "filters": {"vi": "Lọc kết quả", "en": "Filter results"},
    "field": {"vi": "Lĩnh vực", "en": "Field"},
    "level": {"vi": "Cấp thực hiện", "en": "Level"},
    "online": {"vi": "Dịch vụ công trực tuyến", "en": "Online service"},
    "any": {"vi": "Tất cả", "en": "Any"},
    "apply": {"vi": "Áp dụng", "en": "Apply"},
    "level_commune": {"vi": "Cấp xã", "en": "Commune"},
    "level_province": {"vi": "Cấp tỉnh", "en": "Province"},
    "level_ministry": {"vi": "Cấp bộ", "en": "Ministry"},
    "level_other": {"vi": "Cơ quan khác", "en": "Other agency"},
    "online_full": {"vi": "Toàn trình", "en": "Fully online"},
    "online_partial": {"vi": "Một phần", "en": "Partly online"},
    "online_none": {"vi": "Không trực tuyến", "en": "Not online"},
    "previous": {"vi": "Trang trước", "en": "Previous page"},
    "next": {"vi": "Trang sau", "en": "Next page"},
    "page_of": {"vi": "Trang {page}/{pages}", "en": "Page {page} of {pages}"},
    "code": {"vi": "Mã thủ tục", "en": "Procedure code"},
    "time": {"vi": "Thời hạn giải quyết", "en": "Processing time"},
    "same_day": {"vi": "Trong ngày", "en": "Same day"},
    "cutoff": {
        "vi": "Nhận sau {cutoff} thì trả kết quả ngày làm việc tiếp theo",
        "en": "Received after {cutoff}: result on the next working day",
    },
    "working_days": {"vi": "{n} ngày làm việc", "en": "{n} working days"},
    "as_published": {"vi": "Theo công bố", "en": "As published"},
    "no_unit": {
        "vi": "{time} (cổng dịch vụ công quốc gia không ghi đơn vị)",
        "en": "{time} (the national portal gives no unit)",
    },
    "fee": {"vi": "Phí, lệ phí", "en": "Fees"},
    "free": {"vi": "Miễn phí", "en": "Free"},
    "vnd": {"vi": "{amount} đồng", "en": "{amount} đồng"},
    "see_fee_text": {"vi": "Xem chi tiết bên dưới", "en": "See details below"},
    "what_to_bring": {"vi": "Cần chuẩn bị gì", "en": "What to bring"},
    "submit_docs": {"vi": "Giấy tờ phải nộp", "en": "Documents to submit"},
    "present_docs": {"vi": "Giấy tờ phải xuất trình", "en": "Documents to show"},
    "notes": {"vi": "Lưu ý", "en": "Notes"},
    "only_if": {"vi": "Chỉ khi thuộc trường hợp sau:", "en": "Only in these cases:"},
    "originals": {"vi": "{n} bản chính", "en": "{n} original(s)"},
    "copies": {"vi": "{n} bản sao", "en": "{n} copy(ies)"},
    "form_template": {"vi": "Mẫu", "en": "Form"},
    "steps": {"vi": "Trình tự thực hiện", "en": "Steps"},
    "channels": {"vi": "Cách thức thực hiện", "en": "How to submit"},
    "channel_counter": {"vi": "Trực tiếp", "en": "In person"},
    "channel_online": {"vi": "Trực tuyến", "en": "Online"},
    "channel_post": {"vi": "Dịch vụ bưu chính", "en": "By post"},
    "agency": {"vi": "Cơ quan thực hiện", "en": "Handling agency"},
    "result": {"vi": "Kết quả", "en": "Result"},
    "legal_basis": {"vi": "Căn cứ pháp lý", "en": "Legal basis"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "effective": {"vi": "Áp dụng từ {date}", "en": "In force from {date}"},
    "apply_online": {"vi": "Nộp hồ sơ trực tuyến", "en": "Apply online"},
    "not_online": {
        "vi": "Thủ tục này chưa nộp trực tuyến được. Hãy mang giấy tờ đến Bộ phận Một cửa.",
        "en": "This procedure cannot be submitted online yet. "
        "Bring your papers to the one-stop desk.",
    },
    "back_to_procedure": {"vi": "Quay lại thủ tục", "en": "Back to the procedure"},
    "home": {"vi": "Trang chủ", "en": "Home"},
    "not_found_title": {"vi": "Không tìm thấy trang", "en": "Page not found"},
    "not_found": {
        "vi": "Địa chỉ này không có trên hệ thống. Hãy kiểm tra lại hoặc tìm thủ tục từ trang chủ.",
        "en": "This address does not exist. Check it, or search from the home page.",
    },
    "bad_request_title": {"vi": "Yêu cầu chưa đúng", "en": "Request not valid"},
    "error_title": {"vi": "Đã có lỗi xảy ra", "en": "Something went wrong"},
    "error": {
        "vi": "Hệ thống gặp lỗi và đã ghi lại. Vui lòng thử lại sau ít phút.",
        "en": "The system hit an error and logged it. Please try again in a few minutes.",
    },
    "stale_form": {
        "vi": "Trang này đã cũ hoặc phiên làm việc đã thay đổi: hãy tải lại trang rồi thử lại.",
        "en": "This page is out of date or your session changed: reload the page and try again.",
    },
    "busy": {
        "vi": "Hệ thống đang bận. Vui lòng thử lại sau vài giây; những gì bạn đã lưu vẫn còn.",
        "en": "The system is busy. Please try again in a few seconds; what you saved is kept.",
    },
    "foot_nav": {"vi": "Công khai, minh bạch", "en": "Transparency"},
    "foot_stats": {"vi": "Thống kê giải quyết hồ sơ", "en": "Dossier statistics"},
    "foot_answers": {"vi": "Trả lời phản ánh, kiến nghị", "en": "Answers to feedback"},
    "foot_complain": {"vi": "Gửi phản ánh, kiến nghị", "en": "Send feedback or a complaint"},
    "footer": {
        "vi": "Thông tin thủ tục theo Cổng Dịch vụ công quốc gia. Phần mềm nguồn mở motcua.",
        "en": "Procedure facts as published by the National Public Service Portal. "
        "Open-source software motcua.",
    },
    "loading": {"vi": "Đang tìm…", "en": "Searching…"},
    "sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
    "error_summary": {"vi": "Có lỗi cần sửa", "en": "There is a problem"},
    "error_prefix": {"vi": "Lỗi: ", "en": "Error: "},
    "sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "my_account": {"vi": "Tài khoản", "en": "Account"},
    "staff_area": {"vi": "Cán bộ", "en": "Staff"},
}


def _merged(*parts: Messages) -> Messages:
    merged: dict[str, Mapping[Language, str]] = {}
    for part in parts:
        clash = merged.keys() & part.keys()
        assert not clash, f"message keys defined twice: {sorted(clash)}"
        merged.update(part)
    return merged


MESSAGES: Messages = _merged(
    _CATALOG,
    account.MESSAGES,
    staff.MESSAGES,
    admin.MESSAGES,
    dossiers.MESSAGES,
    tracking.MESSAGES,
    calendar.MESSAGES,
    process.MESSAGES,
    unit.MESSAGES,
    office.MESSAGES,
    forms.MESSAGES,
    fees.MESSAGES,
    payments.MESSAGES,
    life_events.MESSAGES,
    simple.MESSAGES,
    assist.MESSAGES,
    feedback.MESSAGES,  # -- feedback (messages) --
    outage.MESSAGES,  # -- outages (messages) --
    pwa.MESSAGES,  # -- pwa (messages) --
    notifications.MESSAGES,  # -- notifications (messages) --
    stats.MESSAGES,  # -- stats (messages) --
)


def language_of(value: str | None) -> Language:
    return "en" if value == "en" else "vi"


def translate(lang: Language, key: str, **values: object) -> str:
    text = MESSAGES[key][lang]
    return text.format(**values) if values else text


def money(amount: int) -> str:
    """Vietnamese grouping: 200.000"""
    return f"{amount:,}".replace(",", ".")
