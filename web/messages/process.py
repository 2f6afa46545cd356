"""Interface text of the admin process pages: {"key": {"vi": ..., "en": ...}}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "admin_nav_processes": {"vi": "Quy trình", "en": "Processes"},
    "admin_home_processes": {
        "vi": "Quy trình nội bộ giải quyết từng thủ tục: các bước, nơi thực hiện, thời gian.",
        "en": "The internal process of each procedure: steps, who performs them, allowances.",
    },
    "process_title": {"vi": "Quy trình giải quyết thủ tục", "en": "Procedure processes"},
    "process_intro": {
        "vi": "Mỗi thủ tục có một quy trình: tiếp nhận, thẩm định, phê duyệt, liên thông (nếu có) "
        "và trả kết quả. Sửa quy trình sẽ tạo phiên bản mới; hồ sơ đã nhận giữ phiên bản cũ.",
        "en": "Each procedure has a process: receive, appraise, approve, other agencies (if any) "
        "and return. Editing creates a new version; dossiers already received keep theirs.",
    },
    "process_filter_field": {"vi": "Lĩnh vực", "en": "Field"},
    "process_filter_apply": {"vi": "Lọc", "en": "Filter"},
    "process_count": {"vi": "{n} thủ tục", "en": "{n} procedures"},
    "process_col_code": {"vi": "Mã", "en": "Code"},
    "process_col_name": {"vi": "Thủ tục", "en": "Procedure"},
    "process_col_steps": {"vi": "Số bước", "en": "Steps"},
    "process_col_total": {"vi": "Tổng / thời hạn", "en": "Total / legal time"},
    "process_col_version": {"vi": "Phiên bản", "en": "Version"},
    "process_none": {"vi": "Chưa có quy trình", "en": "No process yet"},
    "process_hours": {"vi": "{n} giờ", "en": "{n} h"},
    "process_open": {"vi": "để mở", "en": "open"},
    "process_not_numeric": {"vi": "không quy đổi được", "en": "not numeric"},
    "process_over": {"vi": "vượt thời hạn", "en": "over the legal time"},
    "process_inter_agency": {"vi": "liên thông", "en": "inter-agency"},
    "process_edit": {"vi": "Sửa", "en": "Edit"},
    "process_edit_title": {"vi": "Quy trình thủ tục {code}", "en": "Process of {code}"},
    "process_back": {"vi": "Quay lại danh sách quy trình", "en": "Back to the processes"},
    "process_legal": {"vi": "Thời hạn theo quy định", "en": "Legal time"},
    "process_legal_hours": {
        "vi": "{hours} giờ làm việc ({days} ngày)",
        "en": "{hours} working hours ({days} days)",
    },
    "process_legal_same_day": {
        "vi": "Trong ngày (8 giờ làm việc)",
        "en": "Same day (8 working hours)",
    },
    "process_legal_open": {
        "vi": "Không quy đổi được thành giờ làm việc ({text}): thời gian từng bước có thể để trống",
        "en": "Not a number of working hours ({text}): step allowances may be left empty",
    },
    "process_legal_none": {
        "vi": "Không công bố: thời gian từng bước có thể để trống",
        "en": "Not published: step allowances may be left empty",
    },
    "process_current": {"vi": "Phiên bản đang sửa", "en": "Editing from version"},
    "process_new": {"vi": "Chưa có quy trình: bắt đầu từ khung mẫu", "en": "No process yet"},
    "process_total_now": {"vi": "Tổng thời gian các bước", "en": "Total of the steps"},
    "process_saved": {
        "vi": "Đã lưu phiên bản {version}.",
        "en": "Version {version} saved.",
    },
    "process_steps": {"vi": "Các bước", "en": "Steps"},
    "process_step": {"vi": "Bước {n}", "en": "Step {n}"},
    "process_position": {"vi": "Thứ tự", "en": "Order"},
    "process_name": {"vi": "Tên bước", "en": "Step name"},
    "process_kind": {"vi": "Loại bước", "en": "Kind of step"},
    "process_performer": {"vi": "Nơi thực hiện", "en": "Performed by"},
    "process_performer_ref": {
        "vi": "Mã đơn vị hoặc tên cơ quan phối hợp",
        "en": "Unit code or agency name",
    },
    "process_performer_ref_hint": {
        "vi": "Chỉ cần khi chọn “một đơn vị cụ thể” (mã định danh, ví dụ 000.00.12.H56) "
        "hoặc “cơ quan phối hợp” (tên cơ quan)",
        "en": "Only for “a given unit” (its e-identifier, e.g. 000.00.12.H56) "
        "or “another agency” (its name)",
    },
    "process_role": {"vi": "Người thực hiện", "en": "Role"},
    "process_allowance": {"vi": "Thời gian (giờ làm việc)", "en": "Allowance (working hours)"},
    "process_allowance_hint": {
        "vi": "8 giờ là một ngày làm việc",
        "en": "8 hours make one working day",
    },
    "process_kind_receive": {"vi": "Tiếp nhận hồ sơ", "en": "Receive"},
    "process_kind_appraise": {"vi": "Thẩm định, xử lý", "en": "Appraise"},
    "process_kind_approve": {"vi": "Phê duyệt", "en": "Approve"},
    "process_kind_inter_agency": {"vi": "Liên thông", "en": "Inter-agency"},
    "process_kind_return": {"vi": "Trả kết quả", "en": "Return the result"},
    "process_performer_receiving_unit": {
        "vi": "Đơn vị tiếp nhận hồ sơ",
        "en": "The receiving unit",
    },
    "process_performer_field_unit": {
        "vi": "Cơ quan chuyên môn phụ trách lĩnh vực",
        "en": "The department in charge of the field",
    },
    "process_performer_unit": {"vi": "Một đơn vị cụ thể", "en": "A given unit"},
    "process_performer_agency": {"vi": "Cơ quan phối hợp (liên thông)", "en": "Another agency"},
    "process_role_officer": {"vi": "Cán bộ, công chức", "en": "Officer"},
    "process_role_head": {"vi": "Lãnh đạo", "en": "Head"},
    "process_up": {"vi": "Lên", "en": "Up"},
    "process_down": {"vi": "Xuống", "en": "Down"},
    "process_remove": {"vi": "Xóa bước", "en": "Remove step"},
    "process_add": {"vi": "Thêm bước", "en": "Add a step"},
    "process_effective_from": {"vi": "Áp dụng từ ngày", "en": "In force from"},
    "process_effective_from_hint": {
        "vi": "Ngày/tháng/năm; để trống để áp dụng ngay",
        "en": "Day/month/year; leave empty for now",
    },
    "process_note": {"vi": "Ghi chú (không bắt buộc)", "en": "Note (optional)"},
    "process_save": {"vi": "Lưu phiên bản mới", "en": "Save as a new version"},
    "process_history": {"vi": "Các phiên bản", "en": "Versions"},
    "process_history_item": {
        "vi": "Phiên bản {version}: áp dụng từ {start}, {steps} bước",
        "en": "Version {version}: from {start}, {steps} steps",
    },
    "process_by": {"vi": "người lưu: {who}", "en": "saved by {who}"},
    "process_state_in_force": {"vi": "đang áp dụng", "en": "in force"},
    "process_state_scheduled": {"vi": "sắp áp dụng", "en": "scheduled"},
    "process_state_replaced": {"vi": "đã được thay thế", "en": "replaced"},
    "process_state_cancelled": {"vi": "đã hủy trước khi áp dụng", "en": "cancelled"},
}
