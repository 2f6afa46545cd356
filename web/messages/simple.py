"""Interface text for people with little digital experience: {"key": {"vi": ..., "en": ...}}.

The checklist of papers on a procedure page, the one sentence saying what to do next on a dossier's
status pages, the read-aloud button, and the text-size and contrast switches. Short words, the
polite "ông/bà" a commune officer would use at the counter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    # the checklist at the top of a procedure page
    "bring_lead": {
        "vi": "Ông/bà chuẩn bị các giấy tờ dưới đây rồi mới đi nộp.",
        "en": "Get these papers ready before you apply.",
    },
    "bring_always": {"vi": "Ai cũng phải có", "en": "Everyone needs"},
    "bring_by_case": {"vi": "Chỉ khi thuộc trường hợp", "en": "Only in some cases"},
    "bring_submit": {"vi": "Nộp", "en": "Hand in"},
    "bring_present": {"vi": "Mang bản chính để cán bộ xem", "en": "Show the original"},
    "bring_none": {
        "vi": "Cổng dịch vụ công chưa công bố giấy tờ cho thủ tục này. Ông/bà hỏi Bộ phận Một cửa.",
        "en": "The portal lists no papers for this procedure. Ask at the one-stop desk.",
    },
    "life_event_lead": {
        "vi": "Thủ tục thường cần khi: {name}",
        "en": "Procedures usually needed for: {name}",
    },
    # one sentence at the top of a dossier's status pages
    "next_submitted": {
        "vi": "Hồ sơ đã gửi, ông/bà chỉ cần chờ cán bộ tiếp nhận.",
        "en": "Your dossier was sent; just wait for an officer to receive it.",
    },
    "next_waiting": {
        "vi": "Ông/bà chỉ cần chờ kết quả, chưa phải làm gì thêm.",
        "en": "Just wait for the result; there is nothing more to do yet.",
    },
    "next_waiting_until": {
        "vi": "Ông/bà chỉ cần chờ kết quả, hẹn trả ngày {day}.",
        "en": "Just wait for the result, due on {day}.",
    },
    "next_supplement_items": {
        "vi": "Ông/bà cần bổ sung giấy tờ: {items}.",
        "en": "You need to add these papers: {items}.",
    },
    "next_supplement": {
        "vi": "Ông/bà cần bổ sung giấy tờ theo yêu cầu của cán bộ.",
        "en": "You need to add the papers the officer asked for.",
    },
    "next_supplement_track": {
        "vi": "Ông/bà cần bổ sung giấy tờ; nhập 4 số cuối số điện thoại bên dưới để xem cần gì.",
        "en": "You need to add papers; enter the last 4 digits of your phone below to see which.",
    },
    "next_submitted_fee": {
        "vi": "Hồ sơ đã gửi. Ông/bà nộp phí {amount} đồng bằng nút Thanh toán bên dưới, "
        "rồi chờ cán bộ tiếp nhận.",
        "en": "Your dossier was sent. Pay the {amount} đồng fee with the Pay button below, "
        "then wait for an officer to receive it.",
    },
    "next_payment_amount": {
        "vi": "Ông/bà cần nộp phí {amount} đồng để hồ sơ được giải quyết tiếp.",
        "en": "You need to pay {amount} đồng for your dossier to go on.",
    },
    "next_payment": {
        "vi": "Ông/bà cần nộp phí, lệ phí để hồ sơ được giải quyết tiếp.",
        "en": "You need to pay the fee for your dossier to go on.",
    },
    "next_done": {
        "vi": "Đã có kết quả; nếu nhận tại bộ phận một cửa, ông/bà mang theo giấy hẹn và giấy tờ "
        "tùy thân.",
        "en": "The result is ready; if you collect it at the counter, bring the receipt and "
        "your ID.",
    },
    "next_returned": {
        "vi": "Ông/bà đã nhận kết quả, không cần làm gì thêm.",
        "en": "You have received the result; there is nothing more to do.",
    },
    "next_rejected": {
        "vi": "Hồ sơ không được tiếp nhận, ông/bà hỏi Bộ phận Một cửa để biết lý do "
        "và cách nộp lại.",
        "en": "The dossier was not accepted; ask the one-stop desk why and how to apply again.",
    },
    "next_withdrawn": {
        "vi": "Ông/bà đã rút hồ sơ này, không cần làm gì thêm.",
        "en": "You withdrew this dossier; there is nothing more to do.",
    },
    "next_stopped": {
        "vi": "Hồ sơ đã dừng xử lý, ông/bà hỏi Bộ phận Một cửa để biết lý do.",
        "en": "Processing was stopped; ask the one-stop desk why.",
    },
    "next_step_label": {"vi": "Việc cần làm tiếp", "en": "What to do next"},
    # read aloud (web/static/js/read-aloud.js builds the button from these labels)
    "read_aloud": {"vi": "Nghe đọc trang này", "en": "Read this page aloud"},
    "read_aloud_stop": {"vi": "Dừng đọc", "en": "Stop reading"},
    # text size and contrast (web/display.py)
    "display_nav": {"vi": "Cách hiển thị", "en": "Display"},
    "text_large": {"vi": "Chữ to", "en": "Larger text"},
    "text_normal": {"vi": "Chữ thường", "en": "Normal text"},
    "contrast_high": {"vi": "Tương phản cao", "en": "High contrast"},
    "contrast_normal": {"vi": "Màu thường", "en": "Normal colours"},
}
