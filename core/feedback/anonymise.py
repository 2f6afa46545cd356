"""Taking personal data out of a complaint and its answer before they are published.

What goes: e-mail addresses, phone numbers (Vietnamese mobiles and landlines, with or without
+84, spaces, dots or dashes), identity numbers (9-digit CMND, 12-digit CCCD), the names the
system knows (the citizen's, the dossier's applicant), and any name after a form of address
("ông Nguyễn Văn An", "chị Lan"). Each is replaced by a marker saying what was there, so the
published text still reads. Dossier codes stay: they carry no personal data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HIDDEN_EMAIL = "[email đã ẩn]"
HIDDEN_PHONE = "[số điện thoại đã ẩn]"
HIDDEN_ID = "[số giấy tờ đã ẩn]"
HIDDEN_NAME = "[họ tên đã ẩn]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# +84 or 0, then 8–10 more digits, optionally grouped by spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\w.])(?:\+84|0084|0)(?:[\s.\-]?\d){8,10}(?![\w])")
_ID = re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)")
_TITLES = (
    "ông|bà|anh|chị|em|cô|chú|bác|cháu|cụ|ngài|đồng chí|cán bộ|công chức|"
    "Ông|Bà|Anh|Chị|Em|Cô|Chú|Bác|Cháu|Cụ|Ngài|Đồng chí|Cán bộ|Công chức"
)
# A form of address and up to five following words; `_hide_titled` keeps the capitalised ones.
_TITLED = re.compile(rf"(?<!\w)({_TITLES})((?:[ \t]+\w+){{1,5}})")
MAX_NAME_WORDS = 5


def anonymise(text: str, names: Iterable[str] = ()) -> str:
    """`text` with every piece of personal data above replaced by its marker."""
    result = _EMAIL.sub(HIDDEN_EMAIL, text)
    result = _PHONE.sub(HIDDEN_PHONE, result)
    result = _ID.sub(HIDDEN_ID, result)
    for name in sorted(
        {n.strip() for n in names if n and len(n.strip()) > 1}, key=len, reverse=True
    ):
        result = re.sub(re.escape(name), HIDDEN_NAME, result, flags=re.IGNORECASE)
    return _TITLED.sub(_hide_titled, result)


def _hide_titled(match: re.Match[str]) -> str:
    """ "chị Lan ở xã" → "chị [họ tên đã ẩn] ở xã": the capitalised words after a title go."""
    words = match.group(2).split()
    taken = 0
    while taken < min(len(words), MAX_NAME_WORDS) and words[taken][0].isupper():
        taken += 1
    if not taken:
        return match.group(0)
    rest = " ".join(words[taken:])
    return f"{match.group(1)} {HIDDEN_NAME}" + (f" {rest}" if rest else "")
