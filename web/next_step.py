"""The one sentence at the top of a dossier's status pages: what the citizen does next.

A status label ("Yêu cầu thực hiện nghĩa vụ tài chính") says where the dossier is, in the law's
words; people with little practice of paperwork need to be told what that means for them
("Ông/bà cần nộp phí 8.000 đồng…"). Each status (core.dossiers.status) maps to one message of
web/messages/simple.py, filled with what the page knows: the papers asked for, the fee, the day due.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from core.clock import VIETNAM
from core.dossiers.status import Status
from web.i18n import money

_FIXED = {
    Status.SUBMITTED: "next_submitted",
    Status.DONE: "next_done",
    Status.RETURNED: "next_returned",
    Status.REJECTED: "next_rejected",
    Status.WITHDRAWN: "next_withdrawn",
    Status.STOPPED: "next_stopped",
}


@dataclasses.dataclass(frozen=True, slots=True)
class NextStep:
    key: str
    values: Mapping[str, str] = dataclasses.field(default_factory=dict)


def next_step(
    status: Status,
    *,
    missing: Sequence[str] = (),
    due_at: dt.datetime | None = None,
    fee_vnd: int | None = None,
    fee_due_vnd: int = 0,
    public: bool = False,
) -> NextStep:
    """The message for `status`; `public` on the tracking page seen without the phone digits.
    `fee_due_vnd`: a fee the citizen can pay now (the owner's page), said before "just wait"."""
    if status is Status.SUBMITTED and fee_due_vnd:
        return NextStep("next_submitted_fee", {"amount": money(fee_due_vnd)})
    if status in _FIXED:
        return NextStep(_FIXED[status])
    if status is Status.SUPPLEMENT_REQUESTED:
        if missing:
            return NextStep("next_supplement_items", {"items": "; ".join(missing)})
        return NextStep("next_supplement_track" if public else "next_supplement")
    if status is Status.AWAITING_PAYMENT:
        if fee_vnd:
            return NextStep("next_payment_amount", {"amount": money(fee_vnd)})
        return NextStep("next_payment")
    if due_at is not None:
        return NextStep("next_waiting_until", {"day": f"{due_at.astimezone(VIETNAM):%d/%m/%Y}"})
    return NextStep("next_waiting")
