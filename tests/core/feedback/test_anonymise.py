"""Personal data out of published text (core.feedback.anonymise)."""

from __future__ import annotations

import pytest

from core.feedback.anonymise import anonymise


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("Gọi 0912345678 hoặc 0912 345 678", "0912", "Gọi"),
        ("Số +84 912 345 678 và 0237.3852.111", "852", "Số"),
        ("Email an.nguyen@gmail.com nhé", "gmail", "nhé"),
        ("CCCD 038090001234, CMND 172345678", "038090001234", "CCCD"),
        ("Cán bộ Trần Thị Bích ở xã Đông Sơn", "Bích", "ở xã Đông Sơn"),
        ("chị Lan nói hẹn 3 lần", "Lan", "nói hẹn 3 lần"),
        ("Hồ sơ 000.10.11.H56-260302-0001 chậm 10 ngày, phí 200000 đồng", "@@", "260302-0001"),
    ],
)
def test_personal_data_is_replaced_and_the_rest_kept(text: str, hidden: str, kept: str) -> None:
    result = anonymise(text)
    assert hidden not in result and kept in result


def test_known_names_go_even_without_a_title() -> None:
    """The citizen's own name, any case, wherever it appears."""
    result = anonymise("NGUYỄN VĂN AN và Nguyễn Văn An gửi", ["Nguyễn Văn An"])
    assert result == "[họ tên đã ẩn] và [họ tên đã ẩn] gửi"
