"""Amounts in Vietnamese words (core.payments.words), checked against hand-written readings."""

from __future__ import annotations

import pytest

from core.payments.words import amount_in_words, number_in_words

READINGS = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (19, "mười chín"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (91, "chín mươi mốt"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (999, "chín trăm chín mươi chín"),
    (1_000, "một nghìn"),
    (1_001, "một nghìn không trăm linh một"),
    (1_010, "một nghìn không trăm mười"),
    (1_015, "một nghìn không trăm mười lăm"),
    (1_100, "một nghìn một trăm"),
    (2_000, "hai nghìn"),
    (8_000, "tám nghìn"),
    (15_000, "mười lăm nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (30_000, "ba mươi nghìn"),
    (105_000, "một trăm linh năm nghìn"),
    (200_000, "hai trăm nghìn"),
    (1_000_000, "một triệu"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_050_000, "một triệu không trăm năm mươi nghìn"),
    (1_250_000, "một triệu hai trăm năm mươi nghìn"),
    (2_024_000, "hai triệu không trăm hai mươi tư nghìn"),
    (10_000_000, "mười triệu"),
    (25_500_000, "hai mươi lăm triệu năm trăm nghìn"),
    (1_000_000_000, "một tỷ"),
    (2_000_000_001, "hai tỷ không trăm linh một"),
    (1_000_050_000, "một tỷ không trăm năm mươi nghìn"),
    (
        1_234_567_891,
        "một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt",
    ),
    (1_000_000_000_000, "một nghìn tỷ"),
    (
        5_021_000_000_000,
        "năm nghìn không trăm hai mươi mốt tỷ",
    ),
]


@pytest.mark.parametrize(("number", "words"), READINGS)
def test_number_in_words(number: int, words: str) -> None:
    assert number_in_words(number) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (30_000, "Ba mươi nghìn đồng"),
        (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
        (105, "Một trăm linh năm đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
        (0, "Không đồng"),
    ],
)
def test_amount_in_words_is_capitalised_with_the_currency(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        number_in_words(-1)
