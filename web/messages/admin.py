"""Interface text of the admin pages: {"key": {"vi": ..., "en": ...}}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    # layout and home
    "admin_area": {"vi": "Quản trị hệ thống", "en": "Administration"},
    "admin_nav": {"vi": "Mục quản trị", "en": "Administration sections"},
    "admin_nav_units": {"vi": "Đơn vị", "en": "Units"},
    "admin_nav_staff": {"vi": "Cán bộ", "en": "Staff"},
    "admin_nav_audit": {"vi": "Nhật ký", "en": "Audit log"},
    "admin_home_units": {
        "vi": "Cây tổ chức: tỉnh, sở, ban, ngành và xã, phường, với mã định danh điện tử.",
        "en": "The organisation tree: province, departments, agencies and communes, "
        "with their e-identifiers.",
    },
    "admin_home_staff": {
        "vi": "Tài khoản cán bộ, vai trò và đơn vị công tác.",
        "en": "Staff accounts, roles and units.",
    },
    "admin_home_audit": {
        "vi": "Ai đã làm gì, khi nào, từ đâu: lọc và xuất nhật ký.",
        "en": "Who did what, when and from where: filter and export the log.",
    },
    "admin_save": {"vi": "Lưu", "en": "Save"},
    "admin_back_units": {"vi": "Quay lại danh sách đơn vị", "en": "Back to the units"},
    # units
    "units_title": {"vi": "Đơn vị", "en": "Organisation units"},
    "units_empty": {
        "vi": "Chưa có đơn vị nào. Hãy thêm tỉnh trước (đơn vị gốc).",
        "en": "No units yet. Add the province (the root) first.",
    },
    "units_inactive": {"vi": "ngừng hoạt động", "en": "deactivated"},
    "units_edit": {"vi": "Sửa", "en": "Edit"},
    "units_add": {"vi": "Thêm đơn vị", "en": "Add a unit"},
    "units_add_button": {"vi": "Thêm đơn vị", "en": "Add unit"},
    "units_created": {"vi": "Đã thêm đơn vị {code}.", "en": "Unit {code} added."},
    "units_saved": {"vi": "Đã lưu thay đổi.", "en": "Changes saved."},
    "units_edit_title": {"vi": "Sửa đơn vị {code}", "en": "Edit unit {code}"},
    "units_code": {"vi": "Mã định danh điện tử", "en": "E-identifier"},
    "units_code_hint": {
        "vi": "Theo QCVN 102:2016, ví dụ 000.00.12.H56",
        "en": "As in QCVN 102:2016, e.g. 000.00.12.H56",
    },
    "units_name": {"vi": "Tên đơn vị", "en": "Unit name"},
    "units_kind": {"vi": "Loại đơn vị", "en": "Kind of unit"},
    "units_parent": {"vi": "Đơn vị cấp trên", "en": "Parent unit"},
    "units_no_parent": {"vi": "Không có (tỉnh)", "en": "None (province)"},
    "units_kind_province": {"vi": "Tỉnh", "en": "Province"},
    "units_kind_department": {"vi": "Sở, ban, ngành", "en": "Department"},
    "units_kind_agency": {"vi": "Cơ quan, phòng trực thuộc", "en": "Agency"},
    "units_kind_commune": {"vi": "Xã, phường, thị trấn", "en": "Commune"},
    "units_status": {"vi": "Trạng thái", "en": "Status"},
    "units_active": {"vi": "Đang hoạt động", "en": "Active"},
    "units_deactivate": {"vi": "Ngừng hoạt động đơn vị", "en": "Deactivate unit"},
    "units_reactivate": {"vi": "Cho hoạt động trở lại", "en": "Reactivate unit"},
    "units_deactivate_hint": {
        "vi": "Đơn vị ngừng hoạt động không nhận hồ sơ mới. Nhật ký vẫn giữ nguyên.",
        "en": "A deactivated unit receives no new dossiers. Its history stays.",
    },
    "units_err_code_shape": {
        "vi": "Nhập mã định danh dạng 000.00.12.H56: 3 chữ số, 2 chữ số, 2 chữ số, "
        "một chữ cái và 2 chữ số",
        "en": "Enter an e-identifier like 000.00.12.H56: 3 digits, 2 digits, 2 digits, "
        "a letter and 2 digits",
    },
    "units_err_code_taken": {
        "vi": "Đã có đơn vị khác dùng mã định danh này",
        "en": "Another unit already has this e-identifier",
    },
    "units_err_name": {
        "vi": "Nhập tên đơn vị (tối đa 300 ký tự)",
        "en": "Enter the unit's name (at most 300 characters)",
    },
    "units_err_kind": {"vi": "Chọn loại đơn vị", "en": "Choose the kind of unit"},
    "units_err_province_parent": {
        "vi": "Tỉnh là đơn vị gốc, không có đơn vị cấp trên",
        "en": "The province is the root: it has no parent unit",
    },
    "units_err_parent_needed": {
        "vi": "Chọn đơn vị cấp trên (mọi đơn vị trừ tỉnh đều có)",
        "en": "Choose the parent unit (every unit but the province has one)",
    },
    "units_err_parent_unknown": {
        "vi": "Không có đơn vị nào có mã này",
        "en": "No unit has this e-identifier",
    },
    "units_err_parent_inactive": {
        "vi": "Đơn vị cấp trên đã ngừng hoạt động",
        "en": "The parent unit is deactivated",
    },
    "units_err_cycle": {
        "vi": "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó",
        "en": "A unit cannot be moved under itself or one of its sub-units",
    },
    "units_err_children": {
        "vi": "Hãy cho các đơn vị cấp dưới ngừng hoạt động trước",
        "en": "Deactivate its sub-units first",
    },
    # audit
    "audit_title": {"vi": "Nhật ký hệ thống", "en": "Audit log"},
    "audit_filters": {"vi": "Lọc nhật ký", "en": "Filter the log"},
    "audit_action": {"vi": "Hành động", "en": "Action"},
    "audit_action_hint": {"vi": "Ví dụ: unit.created", "en": "e.g. unit.created"},
    "audit_actor_kind": {"vi": "Loại người thực hiện", "en": "Kind of actor"},
    "audit_kind_citizen": {"vi": "Công dân", "en": "Citizen"},
    "audit_kind_staff": {"vi": "Cán bộ", "en": "Staff"},
    "audit_kind_system": {"vi": "Hệ thống", "en": "System"},
    "audit_kind_anonymous": {"vi": "Chưa đăng nhập", "en": "Not signed in"},
    "audit_unit_code": {"vi": "Mã đơn vị", "en": "Unit e-identifier"},
    "audit_object_type": {"vi": "Loại đối tượng", "en": "Object type"},
    "audit_object_id": {"vi": "Mã đối tượng", "en": "Object id"},
    "audit_from": {"vi": "Từ ngày", "en": "From"},
    "audit_to": {"vi": "Đến ngày", "en": "To"},
    "audit_date_hint": {"vi": "dd/mm/yyyy hoặc yyyy-mm-dd", "en": "dd/mm/yyyy or yyyy-mm-dd"},
    "audit_apply": {"vi": "Lọc", "en": "Filter"},
    "audit_count": {"vi": "{n} dòng nhật ký", "en": "{n} log entries"},
    "audit_empty": {"vi": "Không có dòng nhật ký nào khớp.", "en": "No entry matches."},
    "audit_when": {"vi": "Thời điểm", "en": "When"},
    "audit_who": {"vi": "Người thực hiện", "en": "Who"},
    "audit_what": {"vi": "Việc", "en": "What"},
    "audit_client": {"vi": "Địa chỉ máy", "en": "Client address"},
    "audit_detail": {"vi": "Ghi chú", "en": "Note"},
    "audit_before": {"vi": "Trước", "en": "Before"},
    "audit_after": {"vi": "Sau", "en": "After"},
    "audit_export": {"vi": "Xuất nhật ký (theo bộ lọc)", "en": "Export (with this filter)"},
    "audit_export_note": {
        "vi": "Mỗi lần xuất cũng được ghi vào nhật ký.",
        "en": "Every export is itself written to the log.",
    },
    "audit_export_csv": {"vi": "Tải CSV (Excel)", "en": "Download CSV (Excel)"},
    "audit_export_json": {"vi": "Tải JSON", "en": "Download JSON"},
    "audit_err_date": {
        "vi": "Nhập ngày dạng 31/12/2026 hoặc 2026-12-31",
        "en": "Enter a date like 31/12/2026 or 2026-12-31",
    },
    "audit_err_kind": {"vi": "Chọn một loại trong danh sách", "en": "Choose a kind from the list"},
    "audit_err_long": {"vi": "Tối đa 64 ký tự", "en": "At most 64 characters"},
    "audit_err_range": {
        "vi": "Ngày kết thúc đang trước ngày bắt đầu",
        "en": "The end date is before the start date",
    },
}
