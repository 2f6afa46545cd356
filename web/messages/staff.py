"""Interface text of the staff pages: {"key": {"vi": ..., "en": ...}}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    # sign-in and enrolment
    "staff_sign_in_title": {"vi": "Đăng nhập cán bộ", "en": "Staff sign-in"},
    "staff_sign_in_lead": {
        "vi": "Dành cho cán bộ, lãnh đạo đơn vị và quản trị viên. Người dân đăng nhập "
        "bằng số điện thoại.",
        "en": "For officers, unit heads and administrators. Citizens sign in with their phone.",
    },
    "staff_citizen_link": {"vi": "Đăng nhập cho người dân", "en": "Citizen sign-in"},
    "staff_username": {"vi": "Tên đăng nhập", "en": "Username"},
    "staff_password": {"vi": "Mật khẩu", "en": "Password"},
    "staff_code": {"vi": "Mã xác thực (6 chữ số)", "en": "Authentication code (6 digits)"},
    "staff_code_hint": {
        "vi": "Mở ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…) để xem mã. "
        "Lần đăng nhập đầu tiên: để trống, hệ thống sẽ hướng dẫn cài đặt.",
        "en": "Open your authenticator app (Google Authenticator, Microsoft Authenticator…) "
        "for the code. First sign-in: leave it empty and you will be guided through set-up.",
    },
    "staff_sign_in_button": {"vi": "Đăng nhập", "en": "Sign in"},
    "staff_need_username": {"vi": "Nhập tên đăng nhập", "en": "Enter your username"},
    "staff_need_password": {"vi": "Nhập mật khẩu", "en": "Enter your password"},
    "staff_need_code": {
        "vi": "Nhập mã 6 chữ số trong ứng dụng xác thực",
        "en": "Enter the 6-digit code from your authenticator app",
    },
    "staff_enrol_title": {"vi": "Cài đặt xác thực hai lớp", "en": "Set up two-step sign-in"},
    "staff_enrol_step1": {
        "vi": "Mở ứng dụng xác thực trên điện thoại và quét mã QR dưới đây.",
        "en": "Open an authenticator app on your phone and scan the QR code below.",
    },
    "staff_enrol_qr": {
        "vi": "Mã QR để cài đặt xác thực cho tài khoản {username}",
        "en": "QR code to set up authentication for account {username}",
    },
    "staff_enrol_manual": {
        "vi": "Không quét được? Nhập khoá này vào ứng dụng (loại: theo thời gian):",
        "en": "Cannot scan? Enter this key in the app (type: time-based):",
    },
    "staff_enrol_step2": {
        "vi": "Nhập mã 6 chữ số ứng dụng hiển thị để hoàn tất.",
        "en": "Enter the 6-digit code the app shows to finish.",
    },
    "staff_enrol_button": {"vi": "Xác nhận và đăng nhập", "en": "Confirm and sign in"},
    "staff_enrol_private": {
        "vi": "Không chia sẻ mã QR hay khoá này với ai: ai có nó đều tạo được mã xác thực của bạn.",
        "en": "Share neither the QR code nor this key: whoever has it can make your codes.",
    },
    # staff home
    "staff_home_title": {"vi": "Trang cán bộ", "en": "Staff home"},
    "staff_full_name": {"vi": "Họ và tên", "en": "Full name"},
    "staff_roles": {"vi": "Vai trò", "en": "Roles"},
    "staff_unit": {"vi": "Đơn vị", "en": "Unit"},
    "staff_no_unit": {"vi": "Không thuộc đơn vị nào", "en": "No unit"},
    "staff_role_officer": {"vi": "Cán bộ xử lý hồ sơ", "en": "Officer"},
    "staff_role_head": {"vi": "Lãnh đạo đơn vị", "en": "Unit head"},
    "staff_role_admin": {"vi": "Quản trị hệ thống", "en": "Administrator"},
    "staff_admin_link": {"vi": "Quản trị hệ thống", "en": "Administration"},
    "staff_manage_link": {"vi": "Quản lý tài khoản cán bộ", "en": "Manage staff accounts"},
    "staff_sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    # admin: staff accounts
    "staff_list_title": {"vi": "Tài khoản cán bộ", "en": "Staff accounts"},
    "staff_new_link": {"vi": "Thêm tài khoản cán bộ", "en": "Add a staff account"},
    "staff_new_title": {"vi": "Thêm tài khoản cán bộ", "en": "Add a staff account"},
    "staff_status": {"vi": "Trạng thái", "en": "Status"},
    "staff_active": {"vi": "Đang hoạt động", "en": "Active"},
    "staff_inactive": {"vi": "Đã khoá", "en": "Deactivated"},
    "staff_locked": {"vi": "Tạm khoá do đăng nhập sai", "en": "Locked after failed sign-ins"},
    "staff_not_enrolled": {"vi": "Chưa cài xác thực", "en": "Authenticator not set up"},
    "staff_username_hint": {
        "vi": "3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.",
        "en": "3–64 characters: lower-case a–z, digits, dot, underscore, hyphen.",
    },
    "staff_password_hint": {
        "vi": "Ít nhất 12 ký tự, không chứa tên đăng nhập, trộn ít nhất hai loại: chữ thường, "
        "chữ hoa, chữ số, ký hiệu.",
        "en": "At least 12 characters, without the username, mixing at least two kinds: "
        "lower case, upper case, digits, symbols.",
    },
    "staff_roles_hint": {
        "vi": "Cán bộ xử lý và lãnh đạo đơn vị phải thuộc một đơn vị.",
        "en": "Officers and unit heads must belong to a unit.",
    },
    "staff_unit_none": {"vi": "(không thuộc đơn vị)", "en": "(no unit)"},
    "staff_create_button": {"vi": "Tạo tài khoản", "en": "Create account"},
    "staff_created_title": {
        "vi": "Đã tạo tài khoản {username}",
        "en": "Account {username} created",
    },
    "staff_created_lead": {
        "vi": "Mã QR và khoá dưới đây chỉ hiện một lần. Cán bộ cũng sẽ thấy mã QR khi đăng nhập "
        "lần đầu bằng mật khẩu.",
        "en": "The QR code and key below are shown once. The person will also see the QR "
        "code at their first sign-in with the password.",
    },
    "staff_totp_reset_title": {
        "vi": "Đã cấp lại xác thực cho {username}",
        "en": "Authenticator reset for {username}",
    },
    "staff_edit_title": {"vi": "Tài khoản {username}", "en": "Account {username}"},
    "staff_save_roles": {"vi": "Lưu vai trò", "en": "Save roles"},
    "staff_save_unit": {"vi": "Lưu đơn vị", "en": "Save unit"},
    "staff_deactivate": {"vi": "Khoá tài khoản", "en": "Deactivate account"},
    "staff_activate": {"vi": "Mở lại tài khoản", "en": "Reactivate account"},
    "staff_deactivate_note": {
        "vi": "Khoá tài khoản sẽ đăng xuất người này trên mọi thiết bị.",
        "en": "Deactivating signs the person out on every device.",
    },
    "staff_reset_totp": {"vi": "Cấp lại mã xác thực", "en": "Reset authenticator"},
    "staff_reset_totp_note": {
        "vi": "Dùng khi cán bộ mất điện thoại: mã cũ hết hiệu lực, lần đăng nhập sau phải cài lại.",
        "en": "For a lost phone: old codes stop working; the next sign-in sets up a new one.",
    },
    "staff_done_roles": {"vi": "Đã lưu vai trò.", "en": "Roles saved."},
    "staff_done_unit": {"vi": "Đã lưu đơn vị.", "en": "Unit saved."},
    "staff_done_active": {"vi": "Đã lưu trạng thái.", "en": "Status saved."},
    "staff_unlock": {"vi": "Mở khoá đăng nhập", "en": "Lift the lock-out"},
    "staff_unlock_note": {
        "vi": "Tài khoản đang tạm khoá vì đăng nhập sai nhiều lần. Mở khoá để cán bộ đăng nhập "
        "lại ngay, vẫn bằng mật khẩu và mã xác thực.",
        "en": "The account is locked after repeated failed sign-ins. Lift the lock-out to let "
        "the person sign in again now, still with password and code.",
    },
    "staff_done_unlock": {"vi": "Đã mở khoá đăng nhập.", "en": "Lock-out lifted."},
    "staff_back_list": {"vi": "Quay lại danh sách cán bộ", "en": "Back to staff accounts"},
}
