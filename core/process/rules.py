"""The rules a process must follow, checked before any version is written.

- at least two steps (at most MAX_STEPS); positions 1, 2, … n, each once;
- the first step receives the dossier and the last returns the result, and only they do;
- each step has a name, a known kind, performer and role; a step performed by "a given unit"
  names an active unit, one performed by an agency names the agency; a liên thông step is
  performed by another agency or a given unit, not by the receiving unit or its department;
- allowances are whole, non-negative working hours, required on every step when the procedure's
  legal time is numeric, and then adding up to no more than that time.

Every problem is reported at once, one per field. Fields are named `step_<i>_<attribute>` (i
counts from 1 in the order given), `steps` for the list as a whole and `total` for the sum, so a
form can use the same names for its inputs.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TypeVar

from core.errors import FieldError, InvalidInput
from core.identity.units import CODE_PATTERN, normalise_code
from core.process.model import HOURS_PER_DAY, Performer, Step, StepInput, StepKind, StepRole

_E = TypeVar("_E", StepKind, Performer, StepRole)
MAX_STEPS = 30
MAX_NAME = 300
MAX_REF = 300
MAX_HOURS = HOURS_PER_DAY * 365

NEED_TWO = "Quy trình cần ít nhất hai bước: tiếp nhận hồ sơ và trả kết quả"
TOO_MANY = f"Quy trình có tối đa {MAX_STEPS} bước"
NAME_NEEDED = f"Nhập tên bước (tối đa {MAX_NAME} ký tự)"
KIND_UNKNOWN = "Chọn loại bước: tiếp nhận, thẩm định, phê duyệt, liên thông hoặc trả kết quả"
PERFORMER_UNKNOWN = "Chọn nơi thực hiện bước"
ROLE_UNKNOWN = "Chọn người thực hiện: cán bộ hoặc lãnh đạo"
UNIT_SHAPE = "Nhập mã định danh của đơn vị thực hiện, ví dụ 000.00.12.H56"
UNIT_UNKNOWN = "Không có đơn vị đang hoạt động nào có mã định danh này"
AGENCY_NEEDED = f"Nhập tên cơ quan phối hợp (tối đa {MAX_REF} ký tự)"
INTER_AGENCY_ELSEWHERE = (
    "Bước liên thông do cơ quan khác thực hiện: chọn cơ quan phối hợp hoặc một đơn vị cụ thể"
)
POSITION_NUMBER = "Nhập số thứ tự là số nguyên dương"
POSITIONS_CONTIGUOUS = "Số thứ tự các bước phải liền nhau từ 1 đến {n}, mỗi số một lần"
FIRST_RECEIVE = "Bước đầu tiên phải là bước tiếp nhận hồ sơ"
LAST_RETURN = "Bước cuối cùng phải là bước trả kết quả"
RECEIVE_FIRST_ONLY = "Chỉ bước đầu tiên là bước tiếp nhận hồ sơ"
RETURN_LAST_ONLY = "Chỉ bước cuối cùng là bước trả kết quả"
HOURS_SHAPE = (
    f"Thời gian của bước là số giờ làm việc, số nguyên từ 0 đến {MAX_HOURS} (8 giờ là một ngày)"
)
HOURS_NEEDED = "Nhập thời gian của bước (giờ làm việc): thủ tục có thời hạn {legal} giờ làm việc"
OVER_LEGAL = (
    "Tổng thời gian các bước là {total} giờ, vượt thời hạn giải quyết theo quy định: "
    "{legal} giờ làm việc ({days} ngày)"
)


class _Problems:
    """Field → message; the first problem found for a field is the one reported."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.found.setdefault(field, message)

    def has(self, field: str) -> bool:
        return field in self.found


def check(
    inputs: Sequence[StepInput], *, legal_hours: int | None, unit_codes: Collection[str]
) -> list[Step]:
    """The steps in order, or InvalidInput listing every problem (one per field)."""
    problems = _Problems()
    if len(inputs) < 2:
        problems.add("steps", NEED_TWO)
    elif len(inputs) > MAX_STEPS:
        problems.add("steps", TOO_MANY)
    steps = [_step(i, s, legal_hours, unit_codes, problems) for i, s in enumerate(inputs, 1)]
    if not problems.has("steps"):
        _check_order(steps, problems)
    if legal_hours is not None and not problems.found:
        total = sum(s.allowance_hours or 0 for s in steps)
        if total > legal_hours:
            days = _days(legal_hours)
            problems.add("total", OVER_LEGAL.format(total=total, legal=legal_hours, days=days))
    if problems.found:
        errors = [FieldError(field, message) for field, message in problems.found.items()]
        raise InvalidInput("the process is not valid", errors)
    return sorted(steps, key=lambda s: s.position)


def _step(
    i: int,
    given: StepInput,
    legal_hours: int | None,
    unit_codes: Collection[str],
    problems: _Problems,
) -> Step:
    """One step parsed; problems are recorded and placeholders returned where a value is bad."""
    field = f"step_{i}_"
    position = _whole(given.position) if given.position not in (None, "") else i
    if position is None or position < 1:
        problems.add(field + "position", POSITION_NUMBER)
    name = " ".join((given.name or "").split())
    if not 1 <= len(name) <= MAX_NAME:
        problems.add(field + "name", NAME_NEEDED)
    kind = _member(StepKind, given.kind)
    if kind is None:
        problems.add(field + "kind", KIND_UNKNOWN)
    performer = _member(Performer, given.performer)
    if performer is None:
        problems.add(field + "performer", PERFORMER_UNKNOWN)
    ref = _performer_ref(field, performer, given.performer_ref, unit_codes, problems)
    if kind == StepKind.INTER_AGENCY and performer in (
        Performer.RECEIVING_UNIT,
        Performer.FIELD_UNIT,
    ):
        problems.add(field + "performer", INTER_AGENCY_ELSEWHERE)
    role = _member(StepRole, given.role)
    if role is None:
        problems.add(field + "role", ROLE_UNKNOWN)
    hours = _allowance(field, given.allowance_hours, legal_hours, problems)
    return Step(
        position=position or 0,
        name=name,
        kind=kind or StepKind.APPRAISE,
        performer=performer or Performer.RECEIVING_UNIT,
        performer_ref=ref,
        role=role or StepRole.OFFICER,
        allowance_hours=hours,
    )


def _performer_ref(
    field: str,
    performer: Performer | None,
    raw: str | None,
    unit_codes: Collection[str],
    problems: _Problems,
) -> str:
    text = " ".join((raw or "").split())
    if performer == Performer.UNIT:
        code = normalise_code(text)
        if not CODE_PATTERN.match(code):
            problems.add(field + "performer_ref", UNIT_SHAPE)
        elif code not in unit_codes:
            problems.add(field + "performer_ref", UNIT_UNKNOWN)
        return code
    if performer == Performer.AGENCY:
        if not 1 <= len(text) <= MAX_REF:
            problems.add(field + "performer_ref", AGENCY_NEEDED)
        return text
    return ""  # the receiving unit and its department need no name


def _allowance(
    field: str, raw: str | int | None, legal_hours: int | None, problems: _Problems
) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if legal_hours is not None:
            problems.add(field + "allowance_hours", HOURS_NEEDED.format(legal=legal_hours))
        return None
    hours = _whole(raw)
    if hours is None or not 0 <= hours <= MAX_HOURS:
        problems.add(field + "allowance_hours", HOURS_SHAPE)
        return None
    return hours


def _check_order(steps: list[Step], problems: _Problems) -> None:
    """Positions 1..n each once; receive first and only first, return last and only last."""
    n = len(steps)
    positions = [s.position for s in steps]
    if any(problems.has(f"step_{i}_position") for i in range(1, n + 1)):
        return
    if sorted(positions) != list(range(1, n + 1)):
        seen: set[int] = set()
        for i, position in enumerate(positions, 1):
            if position > n or position in seen:
                problems.add(f"step_{i}_position", POSITIONS_CONTIGUOUS.format(n=n))
                return
            seen.add(position)
        return
    for i, step in enumerate(steps, 1):
        if problems.has(f"step_{i}_kind"):
            continue
        first, last = step.position == 1, step.position == n
        if first and step.kind != StepKind.RECEIVE:
            problems.add(f"step_{i}_kind", FIRST_RECEIVE)
        elif last and step.kind != StepKind.RETURN:
            problems.add(f"step_{i}_kind", LAST_RETURN)
        elif not first and step.kind == StepKind.RECEIVE:
            problems.add(f"step_{i}_kind", RECEIVE_FIRST_ONLY)
        elif not last and step.kind == StepKind.RETURN:
            problems.add(f"step_{i}_kind", RETURN_LAST_ONLY)


def _whole(raw: str | int | None) -> int | None:
    """A whole number from an int or a string of digits; None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    text = (raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None


def _member(kind: type[_E], raw: str | None) -> _E | None:
    try:
        return kind((raw or "").strip())
    except ValueError:
        return None


def _days(hours: int) -> str:
    days = hours / HOURS_PER_DAY
    return str(int(days)) if days.is_integer() else f"{days:g}".replace(".", ",")
