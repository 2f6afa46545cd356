"""Interface text of the citizen's dossier pages and the public tracking pages (tra cứu hồ sơ)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    # the list: Hồ sơ của tôi
    "mine_title": {"vi": "Hồ sơ của tôi", "en": "My applications"},
    "mine_drafts": {"vi": "Hồ sơ đang soạn", "en": "Applications in progress"},
    "mine_saved_at": {"vi": "Lưu lần cuối: {time}", "en": "Last saved: {time}"},
    "mine_continue": {"vi": "Tiếp tục", "en": "Continue"},
    "mine_delete": {"vi": "Xóa bản nháp", "en": "Delete draft"},
    "mine_deleted": {"vi": "Đã xóa hồ sơ đang soạn.", "en": "The draft was deleted."},
    "mine_filed": {"vi": "Hồ sơ đã nộp", "en": "Submitted applications"},
    "mine_empty": {
        "vi": "Bạn chưa nộp hồ sơ nào trực tuyến.",
        "en": "You have not submitted any application online yet.",
    },
    "mine_find": {"vi": "Tìm thủ tục để nộp hồ sơ", "en": "Find a procedure to apply for"},
    "mine_open": {"vi": "Xem hồ sơ {code}", "en": "View application {code}"},
    # one dossier
    "detail_code": {"vi": "Mã hồ sơ", "en": "Application number"},
    "detail_procedure": {"vi": "Thủ tục", "en": "Procedure"},
    "detail_status": {"vi": "Trạng thái", "en": "Status"},
    "detail_unit": {"vi": "Cơ quan giải quyết", "en": "Handling office"},
    "detail_receiving_unit": {"vi": "Nơi tiếp nhận", "en": "Received by"},
    "detail_submitted": {"vi": "Ngày nộp", "en": "Submitted"},
    "detail_due": {"vi": "Hẹn trả kết quả", "en": "Result due"},
    "detail_due_unknown": {"vi": "Chưa xác định", "en": "Not set"},
    "detail_due_paused": {
        "vi": "Tạm dừng tính thời hạn trong lúc chờ ông/bà bổ sung; hẹn mới được tính khi nhận đủ",
        "en": "The clock is paused while we wait for you; a new date is set when it restarts",
    },
    "detail_missing_title": {"vi": "Cần bổ sung giấy tờ", "en": "Documents needed"},
    "detail_missing_lead": {
        "vi": "Cơ quan giải quyết yêu cầu bạn bổ sung tất cả các giấy tờ sau:",
        "en": "The handling office asks you for all of these documents:",
    },
    "detail_supplement_link": {"vi": "Bổ sung giấy tờ", "en": "Send the documents"},
    "detail_timeline": {"vi": "Quá trình xử lý", "en": "Progress"},
    "detail_documents": {"vi": "Giấy tờ đã nộp", "en": "Documents sent"},
    "detail_no_documents": {"vi": "Chưa có giấy tờ nào.", "en": "No documents yet."},
    "detail_file": {"vi": "Tệp: {name}", "en": "File: {name}"},
    "detail_round_first": {"vi": "Nộp lần đầu", "en": "First submission"},
    "detail_round": {"vi": "Bổ sung lần {n}", "en": "Supplement {n}"},
    "detail_result_title": {"vi": "Kết quả giải quyết", "en": "Result"},
    "detail_result_file": {"vi": "Tải tệp kết quả", "en": "Download the result file"},
    "detail_receipt": {"vi": "Giấy tiếp nhận hồ sơ", "en": "Receipt"},
    "detail_track": {"vi": "Trang tra cứu công khai", "en": "Public tracking page"},
    "detail_withdraw": {"vi": "Rút hồ sơ", "en": "Withdraw the application"},
    "detail_withdrawn": {
        "vi": "Đã rút hồ sơ. Cơ quan giải quyết sẽ không xử lý tiếp hồ sơ này.",
        "en": "The application was withdrawn. The office will not process it further.",
    },
    "detail_supplemented": {
        "vi": "Đã gửi giấy tờ bổ sung. Hồ sơ được chuyển lại cho cơ quan giải quyết.",
        "en": "Documents sent. The application is back with the handling office.",
    },
    # withdraw
    "withdraw_title": {"vi": "Rút hồ sơ {code}?", "en": "Withdraw application {code}?"},
    "withdraw_lead": {
        "vi": "Sau khi rút, cơ quan giải quyết sẽ dừng xử lý hồ sơ. Bạn không thể hoàn tác; "
        "nếu cần, bạn phải nộp hồ sơ mới.",
        "en": "Once withdrawn, the office stops processing it. This cannot be undone; "
        "you would have to apply again.",
    },
    "withdraw_reason": {"vi": "Lý do rút hồ sơ (không bắt buộc)", "en": "Reason (optional)"},
    "withdraw_reason_hint": {"vi": "Tối đa 2000 ký tự.", "en": "Up to 2000 characters."},
    "withdraw_confirm": {"vi": "Xác nhận rút hồ sơ", "en": "Withdraw the application"},
    "withdraw_cancel": {"vi": "Không rút, quay lại hồ sơ", "en": "Keep it and go back"},
    # supplement
    "supplement_title": {"vi": "Bổ sung giấy tờ", "en": "Send more documents"},
    "supplement_asked": {
        "vi": "Cơ quan giải quyết yêu cầu bổ sung:",
        "en": "The handling office asks for:",
    },
    "supplement_lead": {
        "vi": "Với mỗi giấy tờ cần gửi, hãy chọn tệp, chụp ảnh mới, hoặc chọn giấy tờ bạn đã "
        "tải lên trước đây. Không cần gửi lại giấy tờ cơ quan không yêu cầu.",
        "en": "For each document asked for, choose a file, take a photo, or pick one you "
        "uploaded before. There is no need to send documents not asked for.",
    },
    "supplement_types": {
        "vi": "Nhận ảnh JPEG, PNG, WebP hoặc tệp PDF, tối đa 10 MB mỗi tệp.",
        "en": "JPEG, PNG or WebP photos, or PDF files, up to 10 MB each.",
    },
    "supplement_file": {"vi": "Chọn tệp ảnh hoặc PDF", "en": "Choose a photo or PDF"},
    "supplement_photo": {"vi": "Chụp ảnh", "en": "Take a photo"},
    "supplement_reuse": {
        "vi": "Hoặc chọn từ giấy tờ đã tải lên ({n})",
        "en": "Or pick from documents you uploaded ({n})",
    },
    "supplement_note": {
        "vi": "Ghi chú cho cán bộ (không bắt buộc)",
        "en": "Note for the officer (optional)",
    },
    "supplement_send": {"vi": "Gửi giấy tờ bổ sung", "en": "Send the documents"},
    # public tracking
    "track_nav": {"vi": "Tra cứu hồ sơ", "en": "Track an application"},
    "track_title": {"vi": "Tra cứu hồ sơ", "en": "Track an application"},
    "track_result_title": {"vi": "Hồ sơ {code}", "en": "Application {code}"},
    "track_lead": {
        "vi": "Nhập mã hồ sơ in trên giấy tiếp nhận để xem tình trạng giải quyết.",
        "en": "Enter the application number printed on the receipt to see its status.",
    },
    "track_code": {"vi": "Mã hồ sơ", "en": "Application number"},
    "track_code_hint": {
        "vi": "Ví dụ: 000.00.12.H56-260302-0001",
        "en": "For example: 000.00.12.H56-260302-0001",
    },
    "track_phone": {
        "vi": "4 số cuối điện thoại (không bắt buộc)",
        "en": "Last 4 digits of the phone number (optional)",
    },
    "track_phone_hint": {
        "vi": "Số điện thoại đã dùng khi nộp hồ sơ. Nhập để xem thêm quá trình xử lý.",
        "en": "The phone number used to apply. Enter it to see the progress too.",
    },
    "track_button": {"vi": "Tra cứu", "en": "Look up"},
    "track_more_title": {"vi": "Xem quá trình xử lý", "en": "See the progress"},
    "track_public_note": {
        "vi": "Trang này công khai: không hiển thị họ tên, địa chỉ, số điện thoại hay giấy tờ "
        "của người nộp.",
        "en": "This page is public: it shows no name, address, phone number or documents.",
    },
    "track_not_found": {"vi": "Không tìm thấy hồ sơ có mã này", "en": "No application found"},
    "track_not_found_hint": {
        "vi": "Hãy kiểm tra lại mã hồ sơ trên giấy tiếp nhận và 4 số cuối số điện thoại đã "
        "dùng khi nộp.",
        "en": "Check the number on the receipt and the last 4 digits of the phone used to apply.",
    },
    "track_error_code": {"vi": "Nhập mã hồ sơ", "en": "Enter the application number"},
    "track_error_phone": {
        "vi": "Nhập đúng 4 chữ số cuối của số điện thoại, ví dụ 5678",
        "en": "Enter exactly the last 4 digits, like 5678",
    },
    "track_error_wait": {
        "vi": "Bạn đã nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.",
        "en": "Too many wrong tries. Try again in {minutes} minutes.",
    },
}
