"""What a rating may say: three levels and four optional criteria (DOMAIN.md, "Citizen evaluation").

The level keys are shared with the statistics (core.stats): `rat_hai_long`, `hai_long`,
`khong_hai_long`. The criteria follow the national satisfaction survey: the officer's attitude,
how many times the citizen had to come, how many agencies they had to contact, and the time taken
against the appointment. Anything else is refused field by field, never stored half-checked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from core.errors import FieldError, InvalidInput

VERY_SATISFIED = "rat_hai_long"
SATISFIED = "hai_long"
DISSATISFIED = "khong_hai_long"
LEVELS: dict[str, str] = {
    VERY_SATISFIED: "Rất hài lòng",
    SATISFIED: "Hài lòng",
    DISSATISFIED: "Không hài lòng",
}
MAX_COMMENT = 2_000
MAX_COUNT = 20  # visits or agencies: beyond this a number is a typing slip, not an answer

# Criteria with named answers; `visits` and `agencies` are whole numbers from 1 to MAX_COUNT.
CHOICES: dict[str, dict[str, str]] = {
    "attitude": {
        "tan_tinh": "Lịch sự, tận tình",
        "binh_thuong": "Bình thường",
        "chua_tot": "Chưa lịch sự, gây phiền hà",
    },
    "timeliness": {
        "som_hen": "Sớm hơn ngày hẹn",
        "dung_hen": "Đúng ngày hẹn",
        "tre_hen": "Trễ hơn ngày hẹn",
    },
}
COUNTS: dict[str, str] = {
    "visits": "Số lần phải đến cơ quan",
    "agencies": "Số cơ quan phải liên hệ",
}
CRITERIA = (*CHOICES, *COUNTS)


@dataclasses.dataclass(frozen=True, slots=True)
class RatingInput:
    """A rating as a citizen gives it: the level, and optionally criteria and a comment."""

    level: str
    criteria: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    comment: str = ""


def checked_level(level: str) -> str:
    key = (level or "").strip()
    if key not in LEVELS:
        raise InvalidInput.one("level", "Chọn mức: rat_hai_long, hai_long hoặc khong_hai_long")
    return key


def checked_details(criteria: Mapping[str, Any], comment: str) -> tuple[dict[str, Any], str]:
    """The criteria kept (answers left empty dropped) and the comment, or every problem at once."""
    errors: list[FieldError] = []
    kept: dict[str, Any] = {}
    for name, value in criteria.items():
        if name not in CRITERIA:
            errors.append(FieldError(f"criteria.{name}", f"Không có tiêu chí “{name}”"))
        elif value in (None, ""):
            continue
        elif name in CHOICES:
            if value not in CHOICES[name]:
                allowed = ", ".join(CHOICES[name])
                errors.append(FieldError(f"criteria.{name}", f"Chọn một trong: {allowed}"))
            else:
                kept[name] = value
        else:
            number = _count(value)
            if number is None:
                errors.append(FieldError(f"criteria.{name}", f"Ghi một số từ 1 đến {MAX_COUNT}"))
            else:
                kept[name] = number
    text = (comment or "").strip()
    if len(text) > MAX_COMMENT:
        errors.append(FieldError("comment", f"Ý kiến dài tối đa {MAX_COMMENT} ký tự"))
    if errors:
        raise InvalidInput("Đánh giá chưa hợp lệ", errors)
    return kept, text


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 1 <= value <= MAX_COUNT:
        return value
    return None
