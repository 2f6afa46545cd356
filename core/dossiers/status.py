"""A dossier's status, its national portal code (1–10) and the one state machine of transitions.

The national portal sync speaks codes 1–10 (DOMAIN.md); motcua's statuses map onto them one to one.
An illegal transition is a `Conflict`, never a silent no-op.
"""

from __future__ import annotations

import enum

from core.errors import Conflict


class Status(enum.StrEnum):
    SUBMITTED = "submitted"
    RECEIVED = "received"
    REJECTED = "rejected"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    AWAITING_PAYMENT = "awaiting_payment"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    DONE = "done"
    RETURNED = "returned"

    @property
    def national_code(self) -> int:
        return _NATIONAL_CODE[self]

    @property
    def label(self) -> str:
        """The national portal's name for the status, as citizens see it."""
        return _LABEL[self]

    @property
    def decided(self) -> bool:
        """Whether the dossier has an outcome; a citizen can no longer withdraw it."""
        return self in _DECIDED

    @property
    def waiting_for_citizen(self) -> bool:
        """Whether the deadline clock is paused because the citizen has to act."""
        return self in (Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT)


def event_headline(before: Status | None, after: Status | None, actor_kind: str) -> str:
    """What a timeline line says happened: the new status's name, except that a citizen's own
    supplement (status back to received) reads as what they did, not "Được tiếp nhận"."""
    if before is Status.SUPPLEMENT_REQUESTED and actor_kind == "citizen":
        return "Đã bổ sung giấy tờ"
    return after.label if after is not None else ""


_NATIONAL_CODE = {status: number for number, status in enumerate(Status, start=1)}
_LABEL = {
    Status.SUBMITTED: "Mới đăng ký",
    Status.RECEIVED: "Được tiếp nhận",
    Status.REJECTED: "Không được tiếp nhận",
    Status.PROCESSING: "Đang xử lý",
    Status.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung giấy tờ",
    Status.AWAITING_PAYMENT: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.DONE: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}
_DECIDED = frozenset(
    {Status.REJECTED, Status.WITHDRAWN, Status.STOPPED, Status.DONE, Status.RETURNED}
)

# Where each status may go next. A supplement returns the dossier to the status it was paused
# from (the dossier remembers it), so SUPPLEMENT_REQUESTED lists every status it can resume to.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.SUBMITTED: frozenset(
        {Status.RECEIVED, Status.REJECTED, Status.SUPPLEMENT_REQUESTED, Status.WITHDRAWN}
    ),
    Status.RECEIVED: frozenset(
        {Status.PROCESSING, Status.SUPPLEMENT_REQUESTED, Status.WITHDRAWN, Status.STOPPED}
    ),
    Status.PROCESSING: frozenset(
        {
            Status.SUPPLEMENT_REQUESTED,
            Status.AWAITING_PAYMENT,
            Status.DONE,
            Status.STOPPED,
            Status.WITHDRAWN,
        }
    ),
    Status.SUPPLEMENT_REQUESTED: frozenset(
        {Status.SUBMITTED, Status.RECEIVED, Status.PROCESSING, Status.WITHDRAWN, Status.STOPPED}
    ),
    Status.AWAITING_PAYMENT: frozenset({Status.PROCESSING, Status.WITHDRAWN, Status.STOPPED}),
    Status.DONE: frozenset({Status.RETURNED}),
    Status.REJECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.STOPPED: frozenset(),
    Status.RETURNED: frozenset(),
}


def check_transition(current: Status, target: Status) -> None:
    """Refuse a move the state machine does not allow, naming both ends."""
    if target not in TRANSITIONS[current]:
        raise Conflict(
            f"Hồ sơ đang ở trạng thái “{current.label}”, không thể chuyển sang “{target.label}”"
        )
