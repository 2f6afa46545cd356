"""Where a dossier goes next: the steps of its process and the unit that performs each.

The process comes from `core.process` (the version in force when the dossier was filed); a
procedure without one follows a plain receive → appraise → approve → return.
"""

from __future__ import annotations

import datetime as dt

from core.dossiers.control_sheet import Opening
from core.errors import Conflict, InvalidInput
from core.identity.tables import Unit
from core.process.model import Performer, ProcessVersion, Step, StepKind, StepRole


def step_at(process: ProcessVersion, position: int) -> Step:
    if not 1 <= position <= len(process.steps):
        raise Conflict("Quy trình của hồ sơ không có bước này")
    return process.steps[position - 1]


def opening(step: Step, unit_id: int) -> Opening:
    return Opening(
        step.position, step.name, step.kind.value, step.role.value, step.allowance_hours, unit_id
    )


async def unit_for(receiving_unit: int, receiving_kind: str, step: Step, requested: str) -> int:
    """The unit that performs `step`: the one asked for, else the process's performer."""
    if requested.strip():
        found = await Unit.raw(
            "SELECT id FROM org_unit WHERE code = {} AND active = {}", requested.strip(), True
        )
        if not found:
            raise InvalidInput.one("unit", "Không có đơn vị đang hoạt động với mã định danh này")
        return int(found[0]["id"])
    if step.performer is Performer.RECEIVING_UNIT:
        return receiving_unit
    if step.performer is Performer.FIELD_UNIT and receiving_kind == "commune":
        return receiving_unit  # a commune handles its own fields (its civil servants)
    if step.performer is Performer.UNIT and step.performer_ref:
        found = await Unit.raw(
            "SELECT id FROM org_unit WHERE code = {} AND active = {}", step.performer_ref, True
        )
        if found:
            return int(found[0]["id"])
    raise InvalidInput.one("unit", f"Chọn đơn vị thực hiện bước “{step.name}”")


def fallback(code: str) -> ProcessVersion:
    """A procedure without a process of its own: receive, appraise, approve, return."""
    steps = (
        Step(
            1,
            "Tiếp nhận hồ sơ",
            StepKind.RECEIVE,
            Performer.RECEIVING_UNIT,
            "",
            StepRole.OFFICER,
            None,
        ),
        Step(
            2,
            "Thẩm định hồ sơ",
            StepKind.APPRAISE,
            Performer.RECEIVING_UNIT,
            "",
            StepRole.OFFICER,
            None,
        ),
        Step(3, "Phê duyệt", StepKind.APPROVE, Performer.RECEIVING_UNIT, "", StepRole.HEAD, None),
        Step(
            4, "Trả kết quả", StepKind.RETURN, Performer.RECEIVING_UNIT, "", StepRole.OFFICER, None
        ),
    )
    return ProcessVersion(code, 0, dt.datetime(2000, 1, 1, tzinfo=dt.UTC), True, steps)
