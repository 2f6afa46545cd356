"""Interface text of the rating pages (đánh giá), complaints and suggestions (phản ánh, kiến nghị)
and their public list; the levels, criteria and kinds themselves are named by core.feedback."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    # rating a returned dossier
    "fb_link": {"vi": "Đánh giá mức độ hài lòng", "en": "Rate this service"},
    "fb_title": {"vi": "Ông/bà có hài lòng không?", "en": "Are you satisfied?"},
    "fb_lead": {
        "vi": "Chạm một nút để đánh giá việc giải quyết hồ sơ {code}.",
        "en": "Tap one button to rate how application {code} was handled.",
    },
    "fb_not_returned": {
        "vi": "Hồ sơ chưa trả kết quả. Ông/bà đánh giá được sau khi nhận kết quả.",
        "en": "The result has not been returned yet. You can rate once you have it.",
    },
    "fb_already": {
        "vi": "Ông/bà đã đánh giá hồ sơ này: {level}. Mỗi hồ sơ chỉ đánh giá một lần.",
        "en": "You already rated this application: {level}. Each application is rated once.",
    },
    "fb_back": {"vi": "Về trang hồ sơ", "en": "Back to the application"},
    "fb_details_title": {"vi": "Ông/bà muốn nói thêm?", "en": "Anything to add?"},
    "fb_details_lead": {
        "vi": "Đã ghi nhận: {level}. Các câu dưới đây không bắt buộc.",
        "en": "Recorded: {level}. The questions below are optional.",
    },
    "fb_unhappy_hint": {
        "vi": "Nếu ông/bà cho biết lý do, lãnh đạo đơn vị sẽ xem xét và xử lý.",
        "en": "If you tell us why, the head of the office will look into it.",
    },
    "fb_attitude": {"vi": "Thái độ của cán bộ", "en": "Staff attitude"},
    "fb_timeliness": {"vi": "Thời gian so với ngày hẹn", "en": "Time against the appointment"},
    "fb_visits": {"vi": "Số lần phải đến cơ quan", "en": "Visits to the office"},
    "fb_agencies": {"vi": "Số cơ quan phải liên hệ", "en": "Offices contacted"},
    "fb_times": {"vi": "{n} lần", "en": "{n} time(s)"},
    "fb_times_more": {"vi": "3 lần trở lên", "en": "3 or more"},
    "fb_agencies_n": {"vi": "{n} cơ quan", "en": "{n} office(s)"},
    "fb_agencies_more": {"vi": "3 cơ quan trở lên", "en": "3 or more"},
    "fb_comment": {"vi": "Ý kiến khác", "en": "Other comments"},
    "fb_comment_hint": {
        "vi": "Không bắt buộc, tối đa 2.000 ký tự.",
        "en": "Optional, up to 2,000 characters.",
    },
    "fb_send": {"vi": "Gửi đánh giá", "en": "Send"},
    "fb_skip": {"vi": "Bỏ qua", "en": "Skip"},
    "fb_thanks_title": {"vi": "Cảm ơn ông/bà đã đánh giá", "en": "Thank you for your rating"},
    "fb_thanks_lead": {
        "vi": "Đánh giá của ông/bà cho hồ sơ {code}: {level}.",
        "en": "Your rating of application {code}: {level}.",
    },
    "fb_thanks_follow_up": {
        "vi": "Lãnh đạo đơn vị đã nhận ý kiến của ông/bà và sẽ xem xét, xử lý.",
        "en": "The head of the office has your comment and will look into it.",
    },
    "fb_complain": {"vi": "Gửi phản ánh, kiến nghị", "en": "Send a complaint or suggestion"},
    # the head's follow-up tasks
    "fb_tasks_title": {"vi": "Công dân chưa hài lòng", "en": "Dissatisfied citizens"},
    "fb_tasks_lead": {
        "vi": "Các đánh giá “Không hài lòng” có ý kiến của công dân. "
        "Xem xét rồi ghi kết quả xử lý.",
        "en": "“Dissatisfied” ratings with a comment. Look into each, then note what was done.",
    },
    "fb_tasks_empty": {"vi": "Không có việc nào.", "en": "Nothing to follow up."},
    "fb_task_opened": {"vi": "Nhận lúc {time}", "en": "Received {time}"},
    "fb_task_open": {"vi": "Chưa xử lý", "en": "Open"},
    "fb_task_closed": {"vi": "Đã xử lý lúc {time}", "en": "Closed {time}"},
    "fb_task_note": {"vi": "Kết quả xem xét, xử lý", "en": "What was done"},
    "fb_task_close": {"vi": "Đóng việc", "en": "Close"},
    "fb_task_done": {"vi": "Đã đóng việc.", "en": "Closed."},
    # complaints and suggestions
    "pakn_mine_title": {"vi": "Phản ánh, kiến nghị của tôi", "en": "My complaints and suggestions"},
    "pakn_mine_empty": {
        "vi": "Ông/bà chưa gửi phản ánh, kiến nghị nào.",
        "en": "You have sent none yet.",
    },
    "pakn_new": {"vi": "Gửi phản ánh, kiến nghị mới", "en": "Send a new one"},
    "pakn_form_title": {"vi": "Gửi phản ánh, kiến nghị", "en": "Send a complaint or suggestion"},
    "pakn_form_lead": {
        "vi": "Cơ quan có trách nhiệm trả lời trong {days} ngày làm việc.",
        "en": "The responsible office answers within {days} working days.",
    },
    "pakn_kind": {"vi": "Ông/bà muốn gửi", "en": "You are sending"},
    "pakn_kind_phan_anh": {
        "vi": "Phản ánh (một việc chưa đúng)",
        "en": "A complaint (something went wrong)",
    },
    "pakn_kind_kien_nghi": {"vi": "Kiến nghị (đề xuất thay đổi)", "en": "A suggestion (a change)"},
    "pakn_subject_kind": {"vi": "Nội dung liên quan đến", "en": "It is about"},
    "pakn_subject_dossier": {"vi": "Một hồ sơ của tôi", "en": "One of my applications"},
    "pakn_subject_procedure": {"vi": "Một thủ tục hành chính", "en": "A procedure"},
    "pakn_subject_regulation": {"vi": "Một quy định hành chính", "en": "A regulation"},
    "pakn_subject": {
        "vi": "Mã hồ sơ, mã thủ tục hoặc tên quy định",
        "en": "Application number, procedure code or regulation",
    },
    "pakn_subject_hint": {
        "vi": "Ví dụ: mã hồ sơ 000.10.12.H56-260302-0001, mã thủ tục 1.001193.",
        "en": "E.g. application 000.10.12.H56-260302-0001, procedure 1.001193.",
    },
    "pakn_unit": {"vi": "Cơ quan nhận", "en": "Office"},
    "pakn_unit_hint": {
        "vi": "Với hồ sơ, phản ánh được chuyển đến cơ quan đang giải quyết hồ sơ.",
        "en": "For an application, it goes to the office handling it.",
    },
    "pakn_unit_choose": {"vi": "Chọn cơ quan", "en": "Choose an office"},
    "pakn_body": {"vi": "Nội dung", "en": "What happened, or what you suggest"},
    "pakn_body_hint": {"vi": "Từ 10 đến 5.000 ký tự.", "en": "10 to 5,000 characters."},
    "pakn_consent": {
        "vi": "Tôi đồng ý công khai câu hỏi và câu trả lời "
        "(đã ẩn họ tên, số điện thoại, số giấy tờ)",
        "en": "I agree to publish the question and answer (without names, numbers or IDs)",
    },
    "pakn_send": {"vi": "Gửi", "en": "Send"},
    "pakn_sent": {
        "vi": "Đã gửi. Mã theo dõi: {code}. Hạn trả lời: {due}.",
        "en": "Sent. Tracking code: {code}. Answer due: {due}.",
    },
    "pakn_code": {"vi": "Mã", "en": "Code"},
    "pakn_received": {"vi": "Ngày gửi", "en": "Sent"},
    "pakn_due": {"vi": "Hạn trả lời", "en": "Answer due"},
    "pakn_status": {"vi": "Trạng thái", "en": "Status"},
    "pakn_answer": {"vi": "Trả lời", "en": "Answer"},
    "pakn_answered_at": {"vi": "Trả lời lúc {time}", "en": "Answered {time}"},
    "pakn_no_answer": {"vi": "Chưa có trả lời.", "en": "No answer yet."},
    "pakn_published": {"vi": "Đã công khai (ẩn thông tin cá nhân)", "en": "Published (anonymised)"},
    # the unit head's list and answer page
    "pakn_staff_title": {
        "vi": "Phản ánh, kiến nghị gửi đơn vị",
        "en": "Complaints and suggestions",
    },
    "pakn_staff_empty": {"vi": "Chưa có phản ánh, kiến nghị nào.", "en": "None yet."},
    "pakn_answer_label": {"vi": "Nội dung trả lời", "en": "Answer"},
    "pakn_publish": {
        "vi": "Công khai câu hỏi và trả lời (người gửi đã đồng ý; thông tin cá nhân được ẩn)",
        "en": "Publish the question and answer (the sender agreed; personal data is removed)",
    },
    "pakn_no_consent": {
        "vi": "Người gửi không đồng ý công khai.",
        "en": "The sender did not agree to publication.",
    },
    "pakn_answer_send": {"vi": "Gửi trả lời", "en": "Send the answer"},
    "pakn_answer_done": {"vi": "Đã gửi trả lời cho công dân.", "en": "The answer was sent."},
    # the public list
    "pakn_public_title": {
        "vi": "Trả lời phản ánh, kiến nghị",
        "en": "Answers to complaints and suggestions",
    },
    "pakn_public_lead": {
        "vi": "Các câu trả lời được công khai với sự đồng ý của người gửi; "
        "họ tên, số điện thoại, số giấy tờ đã được ẩn.",
        "en": "Published with the sender's consent; names, phone and ID numbers are removed.",
    },
    "pakn_public_empty": {
        "vi": "Chưa có câu trả lời nào được công khai.",
        "en": "Nothing published yet.",
    },
    "pakn_question": {"vi": "Nội dung", "en": "Question"},
}
