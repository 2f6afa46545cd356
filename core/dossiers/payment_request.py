"""What an officer's payment request asks for (yêu cầu thực hiện nghĩa vụ tài chính, status 6).

The officer says in the note what the citizen has to pay, and either
- gives no amount: the citizen is asked for the fee the dossier owes since filing (frozen by
  `core.payments.fees`, not paid yet), e.g. a partly-online procedure paid before the result; or
- gives an amount in đồng: an obligation known only now (extra copies, a charge set after
  appraisal). It becomes one more fee item and `fee_vnd` grows by it, so the citizen pays the
  fee and the obligation in one payment (the ledger charges `fee_vnd` whole).

Refused: a request with nothing to pay (the clock would stay paused waiting for nothing), and
any request once the dossier is paid: the ledger takes one payment per dossier, so a further
obligation is collected at the counter until it can charge what is still owed.
`core.dossiers.workflow` writes the status, the pause, the event and the notice around it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from core.dossiers.tables import Dossier
from core.errors import Conflict, InvalidInput
from core.payments.fees import TITLE, FeeItem, as_json, from_json, in_dong

MAX_AMOUNT_VND = 1_000_000_000  # the catalog's bound on any one amount
_AMOUNT = re.compile(r"([0-9]{1,3}(?:[., ][0-9]{3})+|[0-9]+)\s*(?:đồng|đ|vnđ|vnd)?", re.IGNORECASE)


@dataclasses.dataclass(frozen=True, slots=True)
class PaymentTerms:
    """What the request writes on the dossier beside its status, and what the citizen is told."""

    note: str  # the officer's note, with the amount added if any: the timeline's line
    updates: dict[str, Any]  # the fee columns (empty when asking for the fee already owed)
    detail: dict[str, Any]  # for the notice: "added" (đồng) or "owed" (đồng)


async def payment_terms(dossier_id: int, note: str, amount_text: str) -> PaymentTerms:
    """The request's terms; `InvalidInput` on the note or amount when there is nothing to pay."""
    if not note:
        raise InvalidInput.one("note", "Ghi rõ khoản công dân phải nộp: phí, lệ phí, thuế...")
    added = parse_amount(amount_text)
    row = (
        await Dossier.select(Dossier.fee_vnd, Dossier.fee_items, Dossier.paid)
        .where(Dossier.id == dossier_id)
        .output(load_json=True)
        .first()
    )
    assert row is not None  # the workflow just loaded it
    fee = row["fee_vnd"]
    if row["paid"]:
        raise Conflict(
            "Hồ sơ đã thanh toán phí, lệ phí; hãy hướng dẫn công dân nộp khoản thu thêm tại "
            "bộ phận một cửa"
        )
    if added is None:
        if not fee:
            raise InvalidInput.one(
                "amount", "Hồ sơ không có khoản phí, lệ phí nào chưa nộp; nhập số tiền phải nộp"
            )
        return PaymentTerms(note, {}, {"owed": fee})
    items = [*_items_owed(row["fee_items"], fee), FeeItem(note[:200], 1, added, added)]
    updates = {"fee_vnd": (fee or 0) + added, "fee_items": as_json(items)}
    return PaymentTerms(f"{note} ({in_dong(added)})", updates, {"added": added})


def _items_owed(stored: object, fee: int | None) -> list[FeeItem]:
    """The items so far; a dossier filed before itemising gets one line for its fee, so the
    items always add up to `fee_vnd` (the receipt prints them only when they do)."""
    items = list(from_json(stored))
    if not items and fee:
        items.append(FeeItem(TITLE, 1, fee, fee))
    return items


def parse_amount(text: str) -> int | None:
    """Whole đồng as an officer types them ("50.000", "50 000", "50000 đ"); None when blank."""
    text = (text or "").strip()
    if not text:
        return None
    found = _AMOUNT.fullmatch(text)
    amount = int(re.sub(r"[^0-9]", "", found.group(1))) if found else 0
    if not 0 < amount <= MAX_AMOUNT_VND:
        raise InvalidInput.one(
            "amount",
            f"Số tiền là số đồng nguyên, từ 1 đến {in_dong(MAX_AMOUNT_VND)}, ví dụ 50.000",
        )
    return amount
