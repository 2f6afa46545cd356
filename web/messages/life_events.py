"""Interface text of the admin life-event pages: {"key": {"vi": ..., "en": ...}}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "admin_nav_life_events": {"vi": "Việc cần làm", "en": "Life events"},
    "admin_home_life_events": {
        "vi": "Cách người dân thường nói (làm sổ đỏ, mở quán…) và thủ tục mà tìm kiếm đưa lên đầu.",
        "en": "Everyday words people use (làm sổ đỏ, mở quán…) and the procedures search "
        "puts first.",
    },
    "life_title": {"vi": "Việc cần làm", "en": "Life events"},
    "life_intro": {
        "vi": "Khi câu tìm kiếm có một cách nói dưới đây, các thủ tục của mục đó hiện lên đầu, "
        "theo đúng thứ tự đã nhập. Thay đổi có hiệu lực trong vài giây.",
        "en": "When a search contains one of these phrases, that entry's procedures come first, "
        "in the order given. Changes apply within seconds.",
    },
    "life_count": {"vi": "{n} mục", "en": "{n} entries"},
    "life_empty": {"vi": "Chưa có mục nào.", "en": "No entries yet."},
    "life_col_name": {"vi": "Việc cần làm", "en": "Life event"},
    "life_col_phrases": {"vi": "Cách nói", "en": "Phrases"},
    "life_col_codes": {"vi": "Thủ tục, theo thứ tự", "en": "Procedures, in order"},
    "life_edit": {"vi": "Sửa", "en": "Edit"},
    "life_remove": {"vi": "Xóa", "en": "Remove"},
    "life_add": {"vi": "Thêm việc cần làm", "en": "Add a life event"},
    "life_edit_title": {"vi": "Sửa «{name}»", "en": "Edit “{name}”"},
    "life_back": {"vi": "Quay lại danh sách việc cần làm", "en": "Back to the life events"},
    "life_name": {"vi": "Tên việc cần làm", "en": "Name"},
    "life_name_hint": {
        "vi": "Viết như người dân nói, ví dụ: Làm giấy khai sinh cho con",
        "en": "As people say it, e.g. Làm giấy khai sinh cho con",
    },
    "life_phrases": {"vi": "Các cách nói khác", "en": "Other phrases"},
    "life_phrases_hint": {
        "vi": "Mỗi dòng một cách nói, ít nhất 2 từ, ví dụ: sinh con. Gõ có dấu hay không đều được.",
        "en": "One per line, at least 2 words, e.g. sinh con. Accents do not matter.",
    },
    "life_codes": {"vi": "Mã thủ tục", "en": "Procedure codes"},
    "life_codes_hint": {
        "vi": "Theo thứ tự nên làm, cách nhau bởi dấu phẩy hoặc xuống dòng, "
        "ví dụ: 1.001193, 2.001023",
        "en": "In the order to do them, separated by commas or new lines, e.g. 1.001193, 2.001023",
    },
    "life_note": {
        "vi": "Ghi chú cho người dân (không bắt buộc)",
        "en": "Note for citizens (optional)",
    },
    "life_note_hint": {
        "vi": "Hiện phía trên kết quả tìm kiếm, ví dụ khi thủ tục do cơ quan khác giải quyết.",
        "en": "Shown above the search results, e.g. when another agency handles it.",
    },
    "life_save": {"vi": "Lưu", "en": "Save"},
    "life_done_added": {"vi": "Đã thêm «{name}».", "en": "“{name}” added."},
    "life_done_changed": {"vi": "Đã lưu «{name}».", "en": "“{name}” saved."},
    "life_done_removed": {"vi": "Đã xóa «{name}».", "en": "“{name}” removed."},
    "life_err_missing": {
        "vi": "Mục này không còn nữa: có thể người khác vừa xóa. Hãy tải lại danh sách.",
        "en": "This entry is gone: someone may have just removed it. Reload the list.",
    },
}
