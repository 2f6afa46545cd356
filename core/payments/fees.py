"""What a dossier owes (phí, lệ phí), item by item, from its procedure's fee rules and its form.

Pure arithmetic, no database: submission calls it once on its hot path and freezes the items on
the dossier, so a later change of the rules never changes what was owed at filing.

- `fixed`: one item of the rule's amount;
- `per_copy`: the amount for each copy (form field `copies`, at least 1), capped if the rule is;
- `per_page`: the procedure's per-page rules are tiers of one scale: each page from a tier's
  `from_unit` up to the next tier's start is charged at that tier's rate (2.000 đồng/trang, from
  page 3 on 1.000 đồng/trang), the sum for one copy is capped (200.000 đồng/bản), times `copies`;
- no rules but a published `fee_vnd`: one item of it, times `copies` only when the procedure's
  fee text says the fee is per copy ("/bản");
- nothing published, or published free (0): no items.

Numbers come from the cleaned form (ints) or straight from a form (strings); anything that is not
a whole number counts as the minimum, 1, since the form's own validation has already spoken.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from core.catalog.model import FeeRule, Procedure

COPIES = "copies"
PAGES = "pages"
TITLE = "Phí, lệ phí"
# "8.000 đồng/bản", "10 USD(/bản)", "mỗi bản": per copy; "/bản chính" names the original instead.
_PER_COPY_TEXT = re.compile(r"(/\s*bản|mỗi bản)(?!\s*chính)", re.IGNORECASE)
_WHOLE = re.compile(r"[0-9]{1,3}(?:[. ]?[0-9]{3})*|[0-9]+")


@dataclasses.dataclass(frozen=True, slots=True)
class FeeItem:
    """One line of what is owed: `quantity` × `unit_vnd`, and `amount_vnd` after any cap.

    The amount is the product unless a cap cut it (a per-copy fee capped for the whole dossier);
    a per-page scale is one item of copies × the capped fee for one copy, so it stays exact.
    """

    label: str
    quantity: int
    unit_vnd: int
    amount_vnd: int


def fee_items(procedure: Procedure, fields: Mapping[str, object]) -> tuple[FeeItem, ...]:
    """The items a dossier of `procedure` filed with `fields` owes, in the rules' order."""
    copies = _count(fields.get(COPIES))
    items: list[FeeItem] = []
    per_page = [r for r in procedure.fee_rules if r.kind == "per_page"]
    for rule in procedure.fee_rules:
        if rule.kind == "fixed":
            amount = _capped(rule.amount_vnd, rule.cap_vnd)
            items.append(FeeItem(f"{TITLE} ({rule.label})", 1, amount, amount))
        elif rule.kind == "per_copy":
            charged = max(0, copies - rule.from_unit + 1)  # from_unit 2: the first copy is free
            amount = _capped(charged * rule.amount_vnd, rule.cap_vnd)
            label = f"{TITLE} ({rule.label}): {copies} bản"
            items.append(FeeItem(label, charged, rule.amount_vnd, amount))
        elif rule is per_page[0]:  # the tiers make one item, at the first one's place
            items.append(_pages_item(per_page, _count(fields.get(PAGES)), copies))
    if not procedure.fee_rules and procedure.fee_vnd:
        items.append(_published(procedure, procedure.fee_vnd, copies))
    return tuple(items)


def total(items: Iterable[FeeItem]) -> int:
    return sum(item.amount_vnd for item in items)


def dossier_fee(procedure: Procedure, items: Sequence[FeeItem]) -> int | None:
    """The dossier's `fee_vnd`: the items' total; with no items, what the procedure publishes
    (0 "Miễn phí", or None when it states no fee, shown as "Chưa xác định")."""
    return total(items) if items else procedure.fee_vnd


def in_dong(amount: int) -> str:
    """8000 → "8.000 đồng", the way Vietnamese writes money."""
    return f"{amount:,} đồng".replace(",", ".")


def as_json(items: Iterable[FeeItem]) -> list[dict[str, Any]]:
    """The items as stored in the dossier's JSON column."""
    return [
        {
            "label": i.label,
            "quantity": i.quantity,
            "unit_vnd": i.unit_vnd,
            "amount_vnd": i.amount_vnd,
        }
        for i in items
    ]


def from_json(rows: object) -> tuple[FeeItem, ...]:
    """The items read back from the JSON column; None (filed before itemising) reads as none."""
    if not isinstance(rows, list):
        return ()
    return tuple(
        FeeItem(str(r["label"]), int(r["quantity"]), int(r["unit_vnd"]), int(r["amount_vnd"]))
        for r in rows
        if isinstance(r, dict)
    )


def _pages_item(tiers: list[FeeRule], pages: int, copies: int) -> FeeItem:
    caps = [r.cap_vnd for r in tiers if r.cap_vnd is not None]
    cap = min(caps) if caps else None
    one_copy = _capped(_tiered(tiers, pages), cap)
    label = f"{TITLE}: {pages} trang × {copies} bản"
    if cap is not None and one_copy == cap:
        label += f" (tối đa {in_dong(cap)}/bản)"
    return FeeItem(label, copies, one_copy, one_copy * copies)


def _tiered(tiers: Sequence[FeeRule], units: int) -> int:
    """Each unit at the rate of the last tier starting at or before it; none before the first."""
    ordered = sorted(tiers, key=lambda r: r.from_unit)
    amount = 0
    for rule, after in zip(ordered, [*ordered[1:], None], strict=True):
        last = units if after is None else min(units, after.from_unit - 1)
        amount += max(0, last - rule.from_unit + 1) * rule.amount_vnd
    return amount


def _published(procedure: Procedure, fee_vnd: int, copies: int) -> FeeItem:
    if procedure.fee_text and _PER_COPY_TEXT.search(procedure.fee_text):
        return FeeItem(f"{TITLE}: {copies} bản", copies, fee_vnd, fee_vnd * copies)
    return FeeItem(TITLE, 1, fee_vnd, fee_vnd)


def _capped(amount: int, cap: int | None) -> int:
    return amount if cap is None else min(amount, cap)


def _count(value: object) -> int:
    """A whole number of copies or pages, at least 1; what is not one counts as 1."""
    if isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return max(1, value)
    if isinstance(value, float) and value.is_integer():
        return max(1, int(value))
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return max(1, int(re.sub(r"[^0-9]", "", value)))
    return 1
