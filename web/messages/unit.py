"""Interface text of a unit's per-step figures (who held dossiers how long)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "unit_steps_title": {"vi": "Tiến độ từng bước: {unit}", "en": "Step by step: {unit}"},
    "unit_steps_intro": {
        "vi": "Mỗi lần đơn vị nhận hồ sơ để thực hiện một bước của quy trình được tính một lần: "
        "thời gian làm việc đã dùng so với thời gian cho phép của bước đó (không tính thời gian "
        "chờ công dân bổ sung).",
        "en": "Each time the unit held a dossier for one step of its process counts once: the "
        "working time used against the step's allowance (time waiting for the citizen excluded).",
    },
    "unit_steps_step": {"vi": "Bước", "en": "Step"},
    "unit_steps_early": {"vi": "Trước hạn", "en": "Early"},
    "unit_steps_on_time": {"vi": "Đúng hạn", "en": "On time"},
    "unit_steps_late": {"vi": "Quá hạn", "en": "Late"},
    "unit_steps_unjudged": {"vi": "Không quy định thời hạn", "en": "No time limit"},
    "unit_steps_held": {"vi": "Đang giữ", "en": "Held now"},
    "unit_steps_average": {"vi": "Trung bình (phút làm việc)", "en": "Average (working minutes)"},
    "unit_steps_none": {
        "vi": "Đơn vị chưa xử lý bước nào của hồ sơ.",
        "en": "The unit has not handled any step yet.",
    },
    "unit_steps_link": {"vi": "Tiến độ từng bước của đơn vị", "en": "The unit's step figures"},
}
