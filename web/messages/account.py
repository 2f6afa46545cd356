"""Interface text of the account pages: {"key": {"vi": ..., "en": ...}}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "account_back": {"vi": "Quay lại", "en": "Back"},
    # sign-in: the number
    "signin_title": {"vi": "Đăng nhập bằng số điện thoại", "en": "Sign in with your phone number"},
    "signin_phone_label": {"vi": "Số điện thoại di động", "en": "Mobile phone number"},
    "signin_phone_hint": {
        "vi": "Chúng tôi sẽ gửi mã xác thực gồm 6 chữ số qua tin nhắn SMS. Ví dụ: 0912 345 678",
        "en": "We will text you a 6-digit code. For example: 0912 345 678",
    },
    "signin_send": {"vi": "Gửi mã xác thực", "en": "Send the code"},
    "signin_new_account": {
        "vi": "Chưa có tài khoản? Bạn chỉ cần nhập số điện thoại, tài khoản được tạo khi đăng "
        "nhập lần đầu.",
        "en": "No account yet? Just enter your number: the account is made the first time "
        "you sign in.",
    },
    "signin_staff": {"vi": "Cán bộ đăng nhập tại đây", "en": "Staff sign in here"},
    # sign-in: the code
    "signin_code_title": {"vi": "Nhập mã xác thực", "en": "Enter the code"},
    "signin_code_sent": {
        "vi": "Chúng tôi đã gửi mã gồm 6 chữ số đến số {phone}. Mã có hiệu lực trong 5 phút.",
        "en": "We sent a 6-digit code to {phone}. It works for 5 minutes.",
    },
    "signin_code_label": {"vi": "Mã xác thực", "en": "Code"},
    "signin_code_button": {"vi": "Đăng nhập", "en": "Sign in"},
    "signin_code_again": {
        "vi": "Chưa nhận được mã? Gửi lại mã hoặc dùng số khác",
        "en": "No code? Send it again or use another number",
    },
    # errors on the sign-in pages
    "account_error_phone": {
        "vi": "Nhập số điện thoại di động Việt Nam gồm 10 chữ số, ví dụ 0912 345 678",
        "en": "Enter a Vietnamese mobile number of 10 digits, like 0912 345 678",
    },
    "account_error_code": {
        "vi": "Nhập mã gồm 6 chữ số trong tin nhắn SMS",
        "en": "Enter the 6 digits from the text message",
    },
    "account_error_code_wrong": {
        "vi": "Mã xác thực không đúng. Hãy kiểm tra tin nhắn và nhập lại 6 chữ số",
        "en": "The code is not right. Check the text message and type the 6 digits again",
    },
    "account_error_code_used": {
        "vi": "Mã này đã được dùng. Hãy yêu cầu gửi mã mới",
        "en": "This code has already been used. Ask for a new code",
    },
    "account_error_code_expired": {
        "vi": "Mã này đã hết hạn hoặc đã có mã mới hơn. Hãy dùng mã mới nhất hoặc yêu cầu gửi "
        "mã mới",
        "en": "This code has expired or a newer one was sent. Use the newest code or ask for "
        "a new one",
    },
    "account_error_code_none": {
        "vi": "Không có mã nào đang chờ cho số này (chưa yêu cầu hoặc đã hết hạn). Hãy yêu cầu "
        "gửi mã mới",
        "en": "No code is waiting for this number (none was asked for, or it expired). "
        "Ask for a new code",
    },
    "account_error_wait": {
        "vi": "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {minutes} phút",
        "en": "Too many tries. Please try again in {minutes} minutes",
    },
    # the account page
    "account_title": {"vi": "Tài khoản của bạn", "en": "Your account"},
    "account_saved": {"vi": "Đã lưu thông tin của bạn.", "en": "Your details were saved."},
    "account_phone": {"vi": "Số điện thoại", "en": "Phone number"},
    "account_details": {"vi": "Thông tin cá nhân", "en": "Your details"},
    "account_details_hint": {
        "vi": "Thông tin này được dùng để điền sẵn vào hồ sơ bạn nộp.",
        "en": "These details fill in the dossiers you submit.",
    },
    "account_full_name": {"vi": "Họ và tên", "en": "Full name"},
    "account_national_id": {
        "vi": "Số định danh cá nhân (không bắt buộc)",
        "en": "Citizen ID number (optional)",
    },
    "account_national_id_hint": {
        "vi": "12 chữ số trên thẻ căn cước hoặc căn cước công dân",
        "en": "The 12 digits on your citizen ID card",
    },
    "account_address": {"vi": "Địa chỉ (không bắt buộc)", "en": "Address (optional)"},
    "account_email": {"vi": "Email (không bắt buộc)", "en": "Email (optional)"},
    "account_email_hint": {
        "vi": "Để nhận thông báo về hồ sơ của bạn",
        "en": "To get news about your dossiers",
    },
    "account_save": {"vi": "Lưu thông tin", "en": "Save"},
    "account_error_full_name": {
        "vi": "Nhập họ và tên của bạn (tối đa 200 ký tự)",
        "en": "Enter your full name (at most 200 characters)",
    },
    "account_error_national_id": {
        "vi": "Số định danh cá nhân phải gồm đúng 12 chữ số",
        "en": "The citizen ID number must be exactly 12 digits",
    },
    "account_error_address": {
        "vi": "Địa chỉ tối đa 500 ký tự",
        "en": "The address can be at most 500 characters",
    },
    "account_error_email": {
        "vi": "Nhập địa chỉ email đúng dạng, ví dụ ten@example.vn",
        "en": "Enter an email address like ten@example.vn",
    },
    "account_your_data": {"vi": "Dữ liệu của bạn", "en": "Your data"},
    "account_your_data_hint": {
        "vi": "Theo Nghị định 13/2023/NĐ-CP, bạn có quyền tải về dữ liệu cá nhân và yêu cầu xoá "
        "tài khoản.",
        "en": "Under Decree 13/2023/NĐ-CP you may download your personal data and ask for your "
        "account to be deleted.",
    },
    "account_export": {
        "vi": "Tải về toàn bộ dữ liệu (JSON)",
        "en": "Download all your data (JSON)",
    },
    "account_delete_link": {"vi": "Xoá tài khoản", "en": "Delete your account"},
    # deletion
    "account_delete_title": {"vi": "Xoá tài khoản?", "en": "Delete your account?"},
    "account_delete_what": {
        "vi": "Số điện thoại, họ tên, số định danh, địa chỉ và email sẽ bị xoá. Bạn sẽ bị đăng "
        "xuất trên mọi thiết bị.",
        "en": "Your phone number, name, ID number, address and email will be erased. You will "
        "be signed out on every device.",
    },
    "account_delete_kept": {
        "vi": "Hồ sơ đã nộp được lưu trữ theo quy định của pháp luật, ở mức tối thiểu cần thiết.",
        "en": "Dossiers already filed are kept as the law requires, with as little personal "
        "data as needed.",
    },
    "account_delete_confirm": {"vi": "Xoá tài khoản của tôi", "en": "Delete my account"},
    "account_delete_cancel": {"vi": "Không, quay lại tài khoản", "en": "No, back to my account"},
    "account_deleted_title": {"vi": "Đã xoá tài khoản", "en": "Your account was deleted"},
    "account_deleted_body": {
        "vi": "Thông tin cá nhân của bạn đã được xoá. Bạn có thể đăng nhập lại bằng số điện "
        "thoại bất cứ lúc nào để tạo tài khoản mới.",
        "en": "Your personal details were erased. You can sign in with your phone number at "
        "any time to start a new account.",
    },
}
