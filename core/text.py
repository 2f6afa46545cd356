"""Vietnamese text folding for search: no diacritics, one case, single spaces.

"Đăng ký  KHAI SINH" and "dang ky khai sinh" fold to the same key, so a citizen typing on a
phone keyboard without Vietnamese input still finds what they mean.
"""

from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile(r"[\u0300-\u036f]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def slug(text: str) -> str:
    """The folded words joined by hyphens: "Hộ tịch" → "ho-tich" (for links and filters)."""
    return "-".join(words(text))


def fold(text: str) -> str:
    """Lowercase, strip diacritics (đ → d), keep letters and digits, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL).lower())
    plain = _COMBINING.sub("", decomposed)
    return _NOT_WORD.sub(" ", plain).strip()


def words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    folded = fold(text)
    return folded.split() if folded else []
