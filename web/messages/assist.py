"""Interface text of the assistants' pages (người hỗ trợ), the citizen's side of it, and the
commune's list of assistants. Short sentences that say what to do next: many readers are
farmers who rarely use a phone for paperwork, and the consent page is read aloud to them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "assist_title": {"vi": "Hỗ trợ người dân nộp hồ sơ", "en": "Help citizens apply"},
    # not an assistant yet: the application
    "assist_apply_lead": {
        "vi": "Bạn có thể giúp bà con trong xã nộp hồ sơ trên điện thoại. Mỗi lần nộp hộ, "
        "người dân đọc cho bạn một mã gửi về điện thoại của họ để đồng ý. Xã sẽ duyệt đăng ký "
        "của bạn.",
        "en": "You can help people in your commune file their dossiers on a phone. Each time, "
        "the citizen reads you a code sent to their phone to agree. The commune approves your "
        "application.",
    },
    "assist_apply_commune": {"vi": "Xã, phường nơi bạn hỗ trợ", "en": "Commune where you help"},
    "assist_apply_commune_hint": {
        "vi": "Cán bộ xã này sẽ xem và duyệt đăng ký của bạn.",
        "en": "This commune's officers will review your application.",
    },
    "assist_apply_choose": {"vi": "— Chọn xã, phường —", "en": "— Choose a commune —"},
    "assist_apply_note": {
        "vi": "Giới thiệu ngắn về bạn (không bắt buộc)",
        "en": "About you (optional)",
    },
    "assist_apply_note_hint": {
        "vi": "Ví dụ: Đoàn viên thôn 3, tổ công nghệ số cộng đồng.",
        "en": "For example: youth union member, community digital team.",
    },
    "assist_apply_button": {"vi": "Gửi đăng ký", "en": "Send the application"},
    # applied, suspended, removed
    "assist_status_applied": {
        "vi": "Đăng ký của bạn đang chờ xã duyệt.",
        "en": "Your application is waiting for the commune's approval.",
    },
    "assist_status_applied_next": {
        "vi": "Khi xã duyệt, trang này sẽ có nút để bắt đầu giúp người dân.",
        "en": "Once approved, this page will have a button to start helping.",
    },
    "assist_status_suspended": {
        "vi": "Xã đã tạm đình chỉ quyền hỗ trợ của bạn. Hãy liên hệ bộ phận một cửa của xã.",
        "en": "The commune has suspended your helper role. Contact the commune's one-stop desk.",
    },
    "assist_status_removed": {
        "vi": "Bạn không còn là người hỗ trợ. Hãy liên hệ bộ phận một cửa của xã nếu cần.",
        "en": "You are no longer a helper. Contact the commune's one-stop desk if needed.",
    },
    "assist_commune": {"vi": "Xã, phường", "en": "Commune"},
    "assist_decision_note": {"vi": "Ghi chú của xã", "en": "Note from the commune"},
    "assist_update_name": {
        "vi": "Cập nhật họ và tên ở trang Tài khoản",
        "en": "Add your full name on the Account page",
    },
    "assist_account_link": {
        "vi": "Đăng ký làm người hỗ trợ, giúp bà con nộp hồ sơ",
        "en": "Become a helper and file dossiers for others",
    },
    "assist_applied_done": {
        "vi": "Đã gửi đăng ký. Xã sẽ duyệt trong vài ngày làm việc.",
        "en": "Application sent. The commune will review it within a few working days.",
    },
    # approved
    "assist_start": {"vi": "Giúp người dân nộp hồ sơ", "en": "Help a citizen apply"},
    "assist_helped_title": {"vi": "Hồ sơ bạn đã nộp hộ", "en": "Dossiers you filed"},
    "assist_helped_empty": {
        "vi": "Bạn chưa nộp hộ hồ sơ nào.",
        "en": "You have not filed any dossier yet.",
    },
    "assist_helped_for": {"vi": "Nộp hộ cho", "en": "Filed for"},
    "assist_helped_closed": {
        "vi": "Hồ sơ đã xong: bạn chỉ còn xem được dòng tóm tắt này.",
        "en": "The dossier is closed: this summary is all you can see.",
    },
    "assist_helped_revoked": {
        "vi": "Người dân đã thu hồi quyền của bạn với hồ sơ này.",
        "en": "The citizen revoked your access to this dossier.",
    },
    "assist_supplemented": {
        "vi": "Đã gửi giấy tờ bổ sung cho hồ sơ {code}.",
        "en": "The extra papers for dossier {code} were sent.",
    },
    "assist_help_supplement": {"vi": "Giúp bổ sung", "en": "Help supplement"},
    "assist_open_receipt": {"vi": "Giấy tiếp nhận", "en": "Receipt"},
    # asking for consent
    "assist_new_title": {"vi": "Nộp hồ sơ giúp người dân", "en": "File a dossier for a citizen"},
    "assist_new_lead": {
        "vi": "Hỏi số điện thoại của người dân và chọn thủ tục. Hệ thống sẽ gửi mã đồng ý về "
        "điện thoại của họ.",
        "en": "Ask for the citizen's phone number and choose the procedure. We will text a "
        "consent code to their phone.",
    },
    "assist_phone": {"vi": "Số điện thoại của người dân", "en": "The citizen's phone number"},
    "assist_phone_hint": {
        "vi": "Số người dân đang mang theo, để họ nhận mã. Ví dụ: 0912 345 678",
        "en": "A mobile the citizen has with them, to receive the code. E.g. 0912 345 678",
    },
    "assist_procedure": {"vi": "Thủ tục cần làm", "en": "Procedure"},
    "assist_search_label": {"vi": "Tìm thủ tục", "en": "Find the procedure"},
    "assist_search_hint": {
        "vi": "Gõ vài chữ, có dấu hoặc không dấu, ví dụ: khai sinh",
        "en": "Type a few words, e.g. khai sinh",
    },
    "assist_search_button": {"vi": "Tìm", "en": "Search"},
    "assist_search_none": {
        "vi": "Không thấy thủ tục nộp trực tuyến nào. Hãy thử từ khác ngắn hơn.",
        "en": "No online procedure found. Try fewer or other words.",
    },
    "assist_search_type": {
        "vi": "Gõ tên thủ tục rồi bấm Tìm.",
        "en": "Type the procedure's name, then press Search.",
    },
    "assist_send_code": {"vi": "Gửi mã đồng ý", "en": "Send the consent code"},
    "assist_error_procedure": {
        "vi": "Chọn thủ tục cần làm trong danh sách",
        "en": "Choose the procedure from the list",
    },
    # the consent page, read aloud
    "assist_consent_title": {"vi": "Đọc cho người dân nghe", "en": "Read this to the citizen"},
    "assist_consent_for": {"vi": "Thủ tục", "en": "Procedure"},
    "assist_consent_dossier": {"vi": "Hồ sơ", "en": "Dossier"},
    "assist_consent_sent": {
        "vi": "Một mã gồm 6 chữ số vừa được gửi tới số {phone}. Xin ông/bà đọc mã cho người "
        "hỗ trợ.",
        "en": "A 6-digit code was just sent to {phone}. Please read the code to the helper.",
    },
    "assist_consent_expires": {"vi": "Mã có hiệu lực đến {time}.", "en": "Valid until {time}."},
    "assist_code_label": {"vi": "Mã 6 số người dân đọc cho bạn", "en": "Code the citizen reads"},
    "assist_confirm": {"vi": "Xác nhận và bắt đầu", "en": "Confirm and start"},
    "assist_consent_again": {
        "vi": "Người dân chưa nhận được mã? Gửi lại mã",
        "en": "No code arrived? Send it again",
    },
    # the draft form banner
    "assist_banner": {"vi": "Đang nộp hộ cho {name}", "en": "Filing for {name}"},
    # supplement for the citizen
    "assist_supplement_title": {"vi": "Giúp bổ sung hồ sơ", "en": "Help supplement"},
    "assist_supplement_lead": {
        "vi": "Người dân cần đọc mã đồng ý mới cho lần bổ sung này. Nhập số điện thoại của "
        "người dân.",
        "en": "The citizen reads you a new consent code for this supplement. Enter their phone "
        "number.",
    },
    "assist_supplement_for": {"vi": "Bổ sung hộ cho {name}", "en": "Supplementing for {name}"},
    # the citizen's side
    "assist_filed_by": {"vi": "Nộp qua người hỗ trợ", "en": "Filed through a helper"},
    "assist_revoke": {"vi": "Thu hồi quyền của người hỗ trợ", "en": "Revoke the helper's access"},
    "assist_revoke_title": {
        "vi": "Thu hồi quyền của người hỗ trợ?",
        "en": "Revoke the helper's access?",
    },
    "assist_revoke_lead": {
        "vi": "{name} sẽ không xem được hồ sơ {code} nữa và không bổ sung hộ được. Hồ sơ vẫn "
        "là của ông/bà và vẫn được giải quyết bình thường.",
        "en": "{name} will no longer see dossier {code} or supplement it. The dossier stays "
        "yours and is handled as usual.",
    },
    "assist_revoke_confirm": {"vi": "Thu hồi quyền", "en": "Revoke access"},
    "assist_revoke_cancel": {"vi": "Không, quay lại hồ sơ", "en": "No, back to the dossier"},
    "assist_revoked": {
        "vi": "Đã thu hồi quyền của người hỗ trợ với hồ sơ này.",
        "en": "The helper no longer has access to this dossier.",
    },
    # staff: the commune's assistants
    "assist_staff_title": {"vi": "Người hỗ trợ của xã", "en": "The commune's helpers"},
    "assist_staff_link": {"vi": "Người hỗ trợ của xã", "en": "The commune's helpers"},
    "assist_staff_lead": {
        "vi": "Duyệt người đăng ký, tạm đình chỉ hoặc cho thôi hỗ trợ. Mỗi quyết định đều "
        "được ghi lại.",
        "en": "Approve applicants, suspend or remove helpers. Each decision is recorded.",
    },
    "assist_staff_applications": {"vi": "Đăng ký chờ duyệt", "en": "Waiting for approval"},
    "assist_staff_active": {"vi": "Đang hỗ trợ", "en": "Helping"},
    "assist_staff_inactive": {
        "vi": "Đã tạm đình chỉ hoặc thôi hỗ trợ",
        "en": "Suspended or removed",
    },
    "assist_staff_none": {"vi": "Không có ai.", "en": "Nobody."},
    "assist_staff_applied_at": {"vi": "Đăng ký lúc", "en": "Applied"},
    "assist_staff_phone": {"vi": "Điện thoại", "en": "Phone"},
    "assist_staff_their_note": {"vi": "Người đăng ký giới thiệu", "en": "In their words"},
    "assist_staff_note": {"vi": "Ghi chú (không bắt buộc)", "en": "Note (optional)"},
    "assist_staff_done": {"vi": "Đã lưu quyết định.", "en": "Decision saved."},
    "assist_decide_approve": {"vi": "Duyệt", "en": "Approve"},
    "assist_decide_suspend": {"vi": "Tạm đình chỉ", "en": "Suspend"},
    "assist_decide_remove": {"vi": "Cho thôi hỗ trợ", "en": "Remove"},
    "assist_state_applied": {"vi": "Chờ xã duyệt", "en": "Waiting for approval"},
    "assist_state_approved": {"vi": "Đang hỗ trợ", "en": "Helping"},
    "assist_state_suspended": {"vi": "Tạm đình chỉ", "en": "Suspended"},
    "assist_state_removed": {"vi": "Đã thôi hỗ trợ", "en": "Removed"},
}
