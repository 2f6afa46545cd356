"""Folding Vietnamese text for search."""

import pytest

from core.text import fold, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("  ĐĂNG   KÝ\tKẾT HÔN ", "dang ky ket hon"),
        ("Chứng thực bản sao; từ bản chính!", "chung thuc ban sao tu ban chinh"),
        ("Thủ tục 1.001193", "thu tuc 1 001193"),
        ("\x00\x1f\x7f", ""),
    ],
)
def test_fold_strips_diacritics_case_and_punctuation(text: str, expected: str) -> None:
    """Folded text has no diacritics, one case and single spaces."""
    assert fold(text) == expected


def test_fold_handles_decomposed_unicode() -> None:
    """NFD input (as some keyboards send) folds like NFC input."""
    assert fold("Hộ tịch") == fold("Ho\u0323\u0302 ti\u0323ch") == "ho tich"


def test_words_of_empty_text() -> None:
    """Blank text has no words."""
    assert words("   ") == []
