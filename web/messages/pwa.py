"""Interface text of the installable app (pwa/static/pwa.js): {"key": {"vi": ..., "en": ...}}.

base.html hands these to the script as data-* attributes of #pwa-notes, since `pwa` may not
import `web` and a script must not carry one language only. The offline page (pwa/static/
offline.html), a static file, repeats the Vietnamese.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "pwa_offline": {"vi": "Đang ngoại tuyến.", "en": "You are offline."},
    "pwa_offline_since": {
        "vi": "Đang ngoại tuyến — cập nhật lần cuối lúc {time}.",
        "en": "You are offline — last updated at {time}.",
    },
    "pwa_pending": {
        "vi": "Đang chờ gửi — hồ sơ sẽ tự gửi khi có mạng trở lại:",
        "en": "Waiting to send — it will be sent when the network is back:",
    },
    "pwa_pending_unnamed": {"vi": "Hồ sơ", "en": "Application"},
    "pwa_sent": {"vi": "Đã gửi hồ sơ — xem giấy biên nhận", "en": "Sent — see the receipt"},
    "pwa_saved": {
        "vi": "Đã lưu hồ sơ nháp — mở lại để kiểm tra và nộp",
        "en": "Draft saved — open it to check and submit",
    },
    "pwa_failed": {
        "vi": "Chưa gửi được — mở hồ sơ để sửa",
        "en": "Not sent — open the application to correct it",
    },
    "pwa_install": {"vi": "Cài ứng dụng lên điện thoại", "en": "Install the app on your phone"},
    "pwa_install_lead": {
        "vi": "Cài ứng dụng để tra cứu và theo dõi hồ sơ nhanh hơn, cả khi mất mạng.",
        "en": "Install the app to look up procedures and follow your applications, even offline.",
    },
    "pwa_later": {"vi": "Để sau", "en": "Not now"},
    "pwa_push_on": {"vi": "Đã bật thông báo", "en": "Notifications are on"},
    "pwa_push_denied": {
        "vi": "Trình duyệt đang chặn thông báo của trang này.",
        "en": "Your browser blocks notifications from this site.",
    },
    "pwa_push_failed": {
        "vi": "Chưa bật được thông báo. Hãy thử lại.",
        "en": "Notifications could not be turned on. Please try again.",
    },
}
