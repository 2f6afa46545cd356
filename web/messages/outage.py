"""Interface text of the outage pages: the database is down (503) or the disk is full (507)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "database_down_title": {
        "vi": "Hệ thống tạm thời gián đoạn",
        "en": "The service is briefly unavailable",
    },
    "database_down": {
        "vi": "Cơ sở dữ liệu tạm thời không trả lời nên chưa có gì được lưu. "
        "Vui lòng thử lại sau khoảng 10 giây; hồ sơ đã nộp trước đó vẫn được giữ nguyên.",
        "en": "The database is not answering for the moment, so nothing was saved. "
        "Please try again in about 10 seconds; applications already submitted are kept.",
    },
    "storage_full_title": {
        "vi": "Chưa lưu được tệp",
        "en": "The file could not be stored",
    },
    "storage_full": {
        "vi": "Máy chủ đã hết chỗ lưu tệp nên tệp của ông/bà chưa được lưu. "
        "Vui lòng thử lại sau ít phút; cán bộ quản trị đã được báo.",
        "en": "The server has run out of space for files, so your file was not stored. "
        "Please try again in a few minutes; the administrators have been alerted.",
    },
}
