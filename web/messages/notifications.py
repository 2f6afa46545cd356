"""Interface text of the notification pages (centre, settings, admin outbox):
{"key": {"vi": ..., "en": ...}}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    # the site header
    "notif_nav": {"vi": "Thông báo", "en": "Notifications"},
    "notif_nav_unread": {"vi": "{n} chưa đọc", "en": "{n} unread"},
    # the notification centre
    "notif_title": {"vi": "Thông báo", "en": "Notifications"},
    "notif_unread_count": {"vi": "Bạn có {n} thông báo chưa đọc.", "en": "You have {n} unread."},
    "notif_all_read": {"vi": "Bạn đã đọc hết thông báo.", "en": "You have read everything."},
    "notif_mark_all": {"vi": "Đánh dấu tất cả là đã đọc", "en": "Mark all as read"},
    "notif_unread": {"vi": "Chưa đọc", "en": "Unread"},
    "notif_empty": {
        "vi": "Chưa có thông báo nào. Khi hồ sơ của bạn có thay đổi, thông báo sẽ hiện ở đây.",
        "en": "No notifications yet. When your dossiers change, you will see it here.",
    },
    "notif_settings_link": {"vi": "Cài đặt thông báo", "en": "Notification settings"},
    "notif_back": {"vi": "Quay lại Thông báo", "en": "Back to Notifications"},
    # the settings page
    "notif_settings_title": {"vi": "Cài đặt thông báo", "en": "Notification settings"},
    "notif_saved": {"vi": "Đã lưu cách nhận thông báo.", "en": "Your choices are saved."},
    "notif_device_removed": {
        "vi": "Đã gỡ thiết bị. Thiết bị đó sẽ không nhận thông báo nữa.",
        "en": "Device removed. It will not receive notifications any more.",
    },
    "notif_in_app_always": {
        "vi": "Mọi thông báo luôn có trong mục Thông báo của tài khoản. Bạn chọn thêm cách nhận "
        "khác ở dưới.",
        "en": "Every notification is always in your Notifications. Choose other ways below.",
    },
    "notif_push_title": {"vi": "Thông báo trên thiết bị này", "en": "Notifications on this device"},
    "notif_push_hint": {
        "vi": "Bật để điện thoại hoặc máy tính báo ngay khi hồ sơ có thay đổi, kể cả khi bạn "
        "không mở trang. Trình duyệt sẽ hỏi bạn cho phép.",
        "en": "Turn on to be told at once when a dossier changes, even with the page closed. "
        "The browser will ask for your permission.",
    },
    "notif_push_noscript": {
        "vi": "Thông báo trên thiết bị cần JavaScript và trình duyệt hỗ trợ. Không bật được thì "
        "bạn vẫn nhận thông báo trong tài khoản, qua thư điện tử và tin nhắn SMS như chọn ở dưới.",
        "en": "Notifications on the device need JavaScript and a browser that supports them. "
        "Without them you still get notifications in your account, by email and by SMS below.",
    },
    "notif_devices_title": {"vi": "Thiết bị đang nhận thông báo", "en": "Devices receiving"},
    "notif_devices_none": {"vi": "Chưa có thiết bị nào.", "en": "No device yet."},
    "notif_device_unnamed": {"vi": "Thiết bị không rõ tên", "en": "Unnamed device"},
    "notif_device_added": {"vi": "Thêm lúc", "en": "Added"},
    "notif_device_remove": {"vi": "Gỡ thiết bị", "en": "Remove device"},
    "notif_choices_title": {"vi": "Nhận thông báo qua", "en": "Receive notifications by"},
    "notif_choices_hint": {
        "vi": "Thư điện tử gửi đến địa chỉ trong Tài khoản của tôi. Tin nhắn SMS chỉ dùng cho "
        "việc bạn cần làm hoặc cần biết ngay.",
        "en": "Email goes to the address in My account. SMS is only for what you must do or "
        "know at once.",
    },
    "notif_group_status": {"vi": "Trạng thái hồ sơ", "en": "Dossier status"},
    "notif_group_supplement": {"vi": "Yêu cầu bổ sung giấy tờ", "en": "Requests for papers"},
    "notif_group_result": {"vi": "Có kết quả, trả kết quả", "en": "Results"},
    "notif_group_payment": {"vi": "Phí, lệ phí và thanh toán", "en": "Fees and payments"},
    "notif_group_assistant": {"vi": "Người hỗ trợ (tình nguyện viên)", "en": "Volunteer helpers"},
    "notif_channel_push": {"vi": "Thông báo trên thiết bị", "en": "Device notification"},
    "notif_channel_email": {"vi": "Thư điện tử (email)", "en": "Email"},
    "notif_channel_sms": {"vi": "Tin nhắn SMS", "en": "SMS"},
    "notif_channel_in_app": {"vi": "Trong tài khoản", "en": "In the account"},
    "notif_save": {"vi": "Lưu lựa chọn", "en": "Save choices"},
    # the admin page
    "admin_nav_outbox": {"vi": "Thông báo chưa gửi được", "en": "Undelivered notifications"},
    "admin_home_outbox": {
        "vi": "Thông báo gửi mãi không được hoặc chưa rõ đã gửi chưa; gửi lại từng thông báo",
        "en": "Notifications that kept failing or whose delivery is unknown; send one again",
    },
    "outbox_title": {"vi": "Thông báo chưa gửi được", "en": "Notifications not delivered"},
    "outbox_hint": {
        "vi": "Thông báo bị dừng sau nhiều lần gửi lỗi, hoặc không rõ đã gửi chưa vì tiến trình "
        "gửi bị dừng giữa chừng. Bấm Gửi lại sau khi đã khắc phục; kênh đã gửi thành công sẽ "
        "không gửi lại.",
        "en": "Notifications stopped after repeated failures, or whose delivery is unknown "
        "because the worker stopped mid-call. Press Send again once fixed; channels that "
        "succeeded are never repeated.",
    },
    "outbox_retry": {"vi": "Gửi lại", "en": "Send again"},
    "outbox_retried": {
        "vi": "Đã xếp thông báo #{id} để gửi lại.",
        "en": "Notification #{id} is queued again.",
    },
    "outbox_parked": {"vi": "Dừng sau {n} lượt lỗi", "en": "Stopped after {n} failed rounds"},
    "outbox_unknown": {"vi": "Không rõ đã gửi chưa", "en": "Outcome unknown"},
    "outbox_empty": {
        "vi": "Không có thông báo nào cần xử lý.",
        "en": "No notification needs attention.",
    },
    "outbox_outcome_started": {"vi": "đang gửi", "en": "in progress"},
    "outbox_outcome_sent": {"vi": "đã gửi", "en": "sent"},
    "outbox_outcome_failed": {"vi": "lỗi, sẽ thử lại", "en": "failed, retried"},
    "outbox_outcome_gone": {"vi": "không gửi được", "en": "undeliverable"},
    "outbox_outcome_skipped": {"vi": "bỏ qua", "en": "skipped"},
    "outbox_outcome_unknown": {"vi": "không rõ kết quả", "en": "outcome unknown"},
    "outbox_outcome_released": {"vi": "không rõ, đã cho gửi lại", "en": "unknown, released"},
}
