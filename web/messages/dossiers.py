"""Interface text of the online form: start, fill in, papers, check your answers, submit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "form_start_title": {"vi": "Nộp hồ sơ trực tuyến", "en": "Apply online"},
    "form_start_lead": {
        "vi": "Bạn điền tờ khai, chụp ảnh hoặc tải lên giấy tờ, xem lại rồi nộp. "
        "Hồ sơ được lưu tự động; bạn có thể dừng và làm tiếp ở mục Hồ sơ của tôi.",
        "en": "Fill in the form, photograph or upload your papers, check and submit. "
        "Your answers are saved as you go; continue any time from My dossiers.",
    },
    "form_start_button": {"vi": "Bắt đầu", "en": "Start now"},
    "form_not_online": {
        "vi": "Thủ tục này chưa nộp trực tuyến được. Hãy chuẩn bị giấy tờ dưới đây và nộp tại "
        "bộ phận một cửa.",
        "en": "This procedure cannot be submitted online yet. Prepare the papers below and "
        "submit them at the one-stop desk.",
    },
    "form_sign_in_first": {
        "vi": "Bạn cần đăng nhập bằng số điện thoại trước khi nộp.",
        "en": "Sign in with your phone number before you apply.",
    },
    "form_title": {"vi": "Tờ khai", "en": "Application form"},
    "form_saved_at": {"vi": "Đã lưu lúc {time}", "en": "Saved at {time}"},
    "form_autosave": {
        "vi": "Câu trả lời được lưu tự động.",
        "en": "Your answers are saved automatically.",
    },
    "form_unit": {"vi": "Nơi nộp hồ sơ", "en": "Where to submit"},
    "form_unit_hint": {
        "vi": "Cơ quan tiếp nhận và trả kết quả.",
        "en": "The office that receives the dossier and returns the result.",
    },
    "form_documents": {"vi": "Giấy tờ kèm theo", "en": "Supporting papers"},
    "form_documents_hint": {
        "vi": "Chụp ảnh rõ nét từng trang, hoặc tải lên ảnh hay tệp PDF (tối đa 10 MB mỗi tệp). "
        "Đính kèm ít nhất một giấy tờ.",
        "en": "Take a sharp photo of each page, or upload an image or PDF (up to 10 MB each). "
        "Attach at least one paper.",
    },
    "form_camera": {"vi": "Chụp ảnh bằng máy ảnh", "en": "Take a photo with the camera"},
    "form_photo": {"vi": "Hoặc chọn ảnh, tệp PDF có sẵn", "en": "Or choose an image or PDF"},
    "form_reuse": {"vi": "Hoặc dùng giấy tờ đã nộp trước", "en": "Or reuse a paper sent before"},
    "form_reuse_none": {"vi": "— Không chọn —", "en": "— None —"},
    "form_attached": {"vi": "Đã đính kèm", "en": "Attached"},
    "form_remove": {"vi": "Bỏ tệp này", "en": "Remove this file"},
    "form_continue": {"vi": "Lưu và tiếp tục", "en": "Save and continue"},
    "form_save_only": {"vi": "Lưu nháp", "en": "Save draft"},
    "check_title": {"vi": "Kiểm tra lại trước khi nộp", "en": "Check your answers"},
    "check_change": {"vi": "Sửa", "en": "Change"},
    "check_answers": {"vi": "Tờ khai", "en": "Your answers"},
    "check_declaration": {
        "vi": "Bằng việc nộp hồ sơ, tôi cam đoan những thông tin trên là đúng sự thật.",
        "en": "By submitting, I declare that the information above is true.",
    },
    "check_submit": {"vi": "Nộp hồ sơ", "en": "Submit"},
    "check_empty": {"vi": "Không điền", "en": "Not given"},
    "check_fee": {"vi": "Phí, lệ phí", "en": "Fees"},
    "my_dossiers": {"vi": "Hồ sơ của tôi", "en": "My dossiers"},
}
