"""The officers' actions on a dossier: their names, what each asks for, and how each is told.

One request shape for the API and the pages: `ActionRequest`. What each action does is in
`core.dossiers.workflow`; the allowed status moves are the one state machine of
`core.dossiers.status`.
"""

from __future__ import annotations

import dataclasses
import enum


class Action(enum.StrEnum):
    RECEIVE = "receive"  # accept an online dossier at the counter (form 01 stands)
    REQUEST_SUPPLEMENT = "request_supplement"  # form 02: everything missing, at once
    REQUEST_PAYMENT = "request_payment"  # the fee or another financial obligation, clock paused
    REJECT = "reject"  # form 03: refuse, with reasons
    FORWARD = "forward"  # hand on to the next step, or to another unit or agency
    SEND_BACK = "send_back"  # return to the previous step with a note
    APPROVE = "approve"  # the head signs: the result is ready
    RECORD_RESULT = "record_result"  # note the result document, digitised or not
    RETURN_RESULT = "return_result"  # hand the result over: counter, post or online
    EXTEND = "extend"  # form 04: apology and a new date, once, when late
    STOP = "stop"  # form 05: stop processing, with the reason

    @property
    def label(self) -> str:
        return _LABEL[self]


_LABEL = {
    Action.RECEIVE: "Tiếp nhận hồ sơ",
    Action.REQUEST_SUPPLEMENT: "Yêu cầu bổ sung",
    Action.REQUEST_PAYMENT: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Action.REJECT: "Từ chối tiếp nhận",
    Action.FORWARD: "Chuyển xử lý",
    Action.SEND_BACK: "Trả lại bước trước",
    Action.APPROVE: "Phê duyệt",
    Action.RECORD_RESULT: "Cập nhật kết quả",
    Action.RETURN_RESULT: "Trả kết quả",
    Action.EXTEND: "Gia hạn (xin lỗi)",
    Action.STOP: "Dừng xử lý",
}

RETURN_CHANNELS = {
    "counter": "tại bộ phận một cửa",
    "post": "qua bưu chính",
    "online": "trực tuyến",
}


@dataclasses.dataclass(frozen=True, slots=True)
class ActionRequest:
    """An officer's action with what it needs; unused fields are ignored by other actions."""

    action: str
    note: str = ""  # the reason, the note for the next holder, the apology...
    items: tuple[str, ...] = ()  # request_supplement: what is missing; reject: the reasons
    unit: str = ""  # forward/receive/approve: the unit (e-identifier) taking the next step
    new_due: str = ""  # extend: the new date, dd/mm/yyyy
    via: str = ""  # return_result: counter | post | online
    digitised: bool = False  # record_result
    result_upload: str = ""  # record_result: an upload of the dossier's owner
    amount: str = ""  # request_payment: đồng to add, "50.000" or "50000"; "" asks the fee owed


@dataclasses.dataclass(frozen=True, slots=True)
class ActionDone:
    code: str
    action: Action
    status: str
    status_code: int
    unit: str  # the unit holding it now
    step: int  # the process step it is at now
