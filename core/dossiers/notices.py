"""What the citizen is told after each action on their dossier, in plain Vietnamese."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.clock import VIETNAM
from core.dossiers.actions import RETURN_CHANNELS, Action
from core.outbox.messages import Notice
from core.payments.fees import in_dong

_SUBJECT = {
    Action.RECEIVE: "Hồ sơ {code} đã được tiếp nhận",
    Action.REQUEST_SUPPLEMENT: "Hồ sơ {code} cần bổ sung giấy tờ",
    Action.REQUEST_PAYMENT: "Hồ sơ {code} cần thực hiện nghĩa vụ tài chính",
    Action.REJECT: "Hồ sơ {code} không được tiếp nhận",
    Action.FORWARD: "Hồ sơ {code} đang được xử lý",
    Action.SEND_BACK: "Hồ sơ {code} đang được xử lý",
    Action.APPROVE: "Hồ sơ {code} đã có kết quả",
    Action.RECORD_RESULT: "Hồ sơ {code}: đã cập nhật kết quả",
    Action.RETURN_RESULT: "Hồ sơ {code} đã trả kết quả",
    Action.EXTEND: "Xin lỗi: hồ sơ {code} được gia hạn",
    Action.STOP: "Hồ sơ {code} đã dừng xử lý",
}


def notice_for(action: Action, code: str, note: str, detail: dict[str, Any]) -> Notice:
    subject = _SUBJECT[action].format(code=code)
    lines: list[str] = []
    if action is Action.REQUEST_SUPPLEMENT:
        lines.append("Giấy tờ cần bổ sung:")
        lines += [f"- {item}" for item in detail.get("missing", [])]
        lines.append("Thời hạn giải quyết tạm dừng cho đến khi ông/bà bổ sung đủ.")
    elif action is Action.REQUEST_PAYMENT:
        lines += _payment_lines(detail)
    elif action is Action.REJECT:
        lines.append("Lý do:")
        lines += [f"- {item}" for item in detail.get("reasons", [])]
    elif action is Action.EXTEND and detail.get("new_due"):
        when = dt.datetime.fromisoformat(detail["new_due"]).astimezone(VIETNAM)
        lines.append(f"Ngày hẹn trả kết quả mới: {when:%d/%m/%Y}.")
    elif action is Action.RETURN_RESULT:
        lines.append(f"Kết quả đã được trả {RETURN_CHANNELS.get(detail.get('via', ''), '')}.")
        lines.append("Mời ông/bà đánh giá mức độ hài lòng với việc giải quyết hồ sơ.")
    if note:
        lines.append(note)
    return Notice(
        topic=f"dossier.{action.value}",
        subject=subject,
        body="\n".join(lines),
        link=f"/dossiers/{code}",
        data={"code": code, "action": action.value},
    )


def _payment_lines(detail: dict[str, Any]) -> list[str]:
    if detail.get("added"):
        owed = f"Khoản phải nộp thêm: {in_dong(detail['added'])}."
    else:
        owed = f"Phí, lệ phí phải nộp: {in_dong(detail.get('owed') or 0)}."
    return [
        owed,
        "Mời ông/bà thanh toán trực tuyến tại trang hồ sơ hoặc nộp tại bộ phận một cửa.",
        "Thời hạn giải quyết tạm dừng cho đến khi ông/bà nộp xong.",
    ]
