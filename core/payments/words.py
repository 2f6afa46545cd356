"""Amounts in Vietnamese words, as a receipt writes them ("Số tiền bằng chữ").

The reading follows the usual accounting conventions: "linh" for a zero tens digit (105 → "một
trăm linh năm"), "mười" for the tens digit one, "mốt" / "tư" / "lăm" for a units digit 1, 4, 5
after "mươi" (21, 24, 25), "lăm" after "mười" (15), and "không trăm" when a group inside the
number has no hundreds ("một triệu không trăm năm mươi nghìn"). Groups of three digits are read
with nghìn, triệu and tỷ; past a thousand tỷ the scale words repeat ("một nghìn tỷ").
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")
BILLION = 10**9


def amount_in_words(amount_vnd: int) -> str:
    """ "Ba mươi nghìn đồng": the amount read out, capitalised, with the currency."""
    text = number_in_words(amount_vnd)
    return f"{text[0].upper()}{text[1:]} đồng"


def number_in_words(number: int) -> str:
    """A whole number ≥ 0 read out in lower case: 1250000 → "một triệu hai trăm năm mươi nghìn"."""
    if number < 0:
        raise ValueError("only amounts of zero or more are read out")
    if number == 0:
        return DIGITS[0]
    return " ".join(_read(number, leading=True))


def _read(number: int, *, leading: bool) -> list[str]:
    """The words of `number` > 0; `leading` when nothing is read before it."""
    if number >= BILLION:
        billions, rest = divmod(number, BILLION)
        head = [*_read(billions, leading=leading), "tỷ"]
        return head + (_read(rest, leading=False) if rest else [])
    words: list[str] = []
    groups = (number // 1_000_000, number // 1_000 % 1_000, number % 1_000)
    for scale, group in zip(reversed(SCALES), groups, strict=True):
        if group == 0:
            continue
        words += _group(group, full=not (leading and not words))
        if scale:
            words.append(scale)
    return words


def _group(group: int, *, full: bool) -> list[str]:
    """Three digits (1–999). `full` inside a number: "không trăm" and "linh" are then said."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += ["linh", DIGITS[units]] if words else [DIGITS[units]]
        return words
    if tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
        return words
    words += [DIGITS[tens], "mươi"]
    if units:
        words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words
