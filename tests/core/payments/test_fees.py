"""The fee a dossier owes (core.payments.fees), hand-computed for every fee-bearing procedure of
the bundled catalog: fixed fees, the per-page scale with its cap, a published fee with copies."""

from __future__ import annotations

from importlib import resources

import msgspec
import pytest

from core.catalog import transfer
from core.catalog.model import FeeRule, Procedure
from core.payments.fees import (
    FeeItem,
    as_json,
    dossier_fee,
    fee_items,
    from_json,
    in_dong,
    total,
)

BUNDLED = {
    p.code: p
    for p in transfer.decode(
        resources.files("core.catalog.data").joinpath("procedures.json").read_bytes(), "json"
    ).procedures
}
FIXED = {  # code: the fee as the catalog publishes it, per case, transaction or document
    "2.000884": 10_000,
    "2.000913": 30_000,
    "2.000927": 25_000,
    "2.000992": 10_000,
    "2.001008": 10_000,
    "2.001016": 50_000,
    "2.001019": 50_000,
    "2.001035": 50_000,
    "2.001263": 400_000,
    "2.001406": 50_000,
    "2.002516": 8_000,
}
PER_PAGE = ("2.000815", "2.000942")  # certified copies: 2.000 đ/page, 1.000 đ from page 3, cap
PUBLISHED = "2.000635"  # copies of civil-status extracts: 8.000 đ, no rules


def with_rules(
    *rules: FeeRule, fee_vnd: int | None = None, fee_text: str | None = None
) -> Procedure:
    """A bundled procedure with other fee facts, for the shapes the catalog does not hold yet."""
    return msgspec.structs.replace(
        BUNDLED[PUBLISHED], fee_rules=list(rules), fee_vnd=fee_vnd, fee_text=fee_text
    )


def test_every_fee_bearing_procedure_is_covered_here() -> None:
    """A procedure that starts charging shows up here, so its fee gets a hand-computed test."""
    charging = {c for c, p in BUNDLED.items() if p.fee_rules or p.fee_vnd}
    assert charging == {*FIXED, *PER_PAGE, PUBLISHED}


@pytest.mark.parametrize(("code", "fee"), sorted(FIXED.items()))
def test_a_fixed_fee_is_one_item_whatever_the_copies(code: str, fee: int) -> None:
    """One item of the published amount, labelled with the rule; copies change nothing."""
    items = fee_items(BUNDLED[code], {"copies": 4})
    rule = BUNDLED[code].fee_rules[0]
    assert items == (FeeItem(f"Phí, lệ phí ({rule.label})", 1, fee, fee),)
    assert dossier_fee(BUNDLED[code], items) == fee


@pytest.mark.parametrize("code", PER_PAGE)
@pytest.mark.parametrize(
    ("pages", "copies", "one_copy"),
    [
        (1, 1, 2_000),
        (2, 1, 4_000),
        (3, 1, 5_000),  # 2 × 2.000 + 1 × 1.000
        (5, 1, 7_000),  # 2 × 2.000 + 3 × 1.000
        (5, 2, 7_000),
        (197, 1, 199_000),  # 4.000 + 195 × 1.000, just under the cap
        (198, 1, 200_000),  # exactly the cap
        (300, 1, 200_000),  # 302.000 capped at 200.000 per copy
        (300, 3, 200_000),
    ],
)
def test_pages_are_charged_by_tier_capped_per_copy(
    code: str, pages: int, copies: int, one_copy: int
) -> None:
    """Pages 1–2 at 2.000 đ, from page 3 at 1.000 đ, at most 200.000 đ a copy, times copies."""
    (item,) = fee_items(BUNDLED[code], {"pages": pages, "copies": copies})
    assert (item.quantity, item.unit_vnd, item.amount_vnd) == (copies, one_copy, one_copy * copies)
    assert item.label.startswith(f"Phí, lệ phí: {pages} trang × {copies} bản")


def test_the_label_says_when_the_cap_applied() -> None:
    """A capped copy says so; an uncapped one does not."""
    (capped,) = fee_items(BUNDLED["2.000815"], {"pages": 300, "copies": 2})
    (plain,) = fee_items(BUNDLED["2.000815"], {"pages": 5, "copies": 2})
    assert capped.label == "Phí, lệ phí: 300 trang × 2 bản (tối đa 200.000 đồng/bản)"
    assert plain.label == "Phí, lệ phí: 5 trang × 2 bản"


def test_a_published_fee_without_per_copy_wording_is_charged_once() -> None:
    """2.000635 publishes "8,000 VNĐ" with no "/bản": one item of 8.000 đ for three copies."""
    items = fee_items(BUNDLED[PUBLISHED], {"copies": 3})
    assert items == (FeeItem("Phí, lệ phí", 1, 8_000, 8_000),)
    assert dossier_fee(BUNDLED[PUBLISHED], items) == 8_000


def test_a_published_fee_per_copy_is_multiplied() -> None:
    """A fee text saying "/bản" charges each copy."""
    procedure = with_rules(fee_vnd=8_000, fee_text="8.000 đồng/bản")
    assert fee_items(procedure, {"copies": 3}) == (FeeItem("Phí, lệ phí: 3 bản", 3, 8_000, 24_000),)


def test_per_original_wording_is_not_per_copy() -> None:
    """ "/bản chính" names the original, not a copy: charged once."""
    procedure = with_rules(fee_vnd=8_000, fee_text="8.000 đồng/bản chính")
    assert total(fee_items(procedure, {"copies": 3})) == 8_000


def test_a_per_copy_rule_charges_each_copy_up_to_its_cap() -> None:
    """5.000 đ a copy: three copies 15.000 đ; with a 12.000 đ cap, 12.000 đ."""
    rule = FeeRule("per_copy", 5_000, "5.000 đồng/bản")
    assert fee_items(with_rules(rule), {"copies": "3"}) == (
        FeeItem("Phí, lệ phí (5.000 đồng/bản): 3 bản", 3, 5_000, 15_000),
    )
    capped = msgspec.structs.replace(rule, cap_vnd=12_000)
    assert total(fee_items(with_rules(capped), {"copies": 3})) == 12_000


def test_a_per_copy_rule_from_the_second_copy_leaves_the_first_free() -> None:
    """`from_unit` 2: three copies pay for two."""
    rule = FeeRule("per_copy", 5_000, "từ bản thứ hai 5.000 đồng/bản", from_unit=2)
    assert total(fee_items(with_rules(rule), {"copies": 3})) == 10_000


def test_rules_of_different_kinds_add_up_in_order() -> None:
    """A fixed fee and a per-copy one are two items; the total is their sum."""
    rules = (FeeRule("fixed", 30_000, "30.000 đồng/hồ sơ"), FeeRule("per_copy", 2_000, "2.000 đ"))
    items = fee_items(with_rules(*rules), {"copies": 2})
    assert [i.amount_vnd for i in items] == [30_000, 4_000]
    assert total(items) == 34_000


def test_a_free_procedure_owes_nothing_and_says_free() -> None:
    """Published free (0): no items, and the dossier's fee is 0, "Miễn phí"."""
    birth = BUNDLED["1.001193"]
    assert birth.fee_vnd == 0
    assert fee_items(birth, {}) == ()
    assert dossier_fee(birth, ()) == 0


def test_no_fee_stated_owes_nothing_and_stays_unknown() -> None:
    """No fee published and no rules: no items, and the dossier's fee stays None."""
    procedure = with_rules(fee_vnd=None)
    assert fee_items(procedure, {"copies": 2}) == ()
    assert dossier_fee(procedure, ()) is None


@pytest.mark.parametrize(
    ("value", "counted"),
    [
        ("5", 5),
        (" 12 ", 12),
        ("1.000", 1_000),
        (7, 7),
        (7.0, 7),
        (0, 1),
        ("0", 1),
        (-3, 1),
        ("-3", 1),
        ("2,5", 1),
        ("năm", 1),
        ("", 1),
        (None, 1),
        (True, 1),
        ([3], 1),
    ],
)
def test_numbers_are_read_defensively(value: object, counted: int) -> None:
    """Strings or ints from the form; anything that is not a whole number ≥ 1 counts as 1."""
    (item,) = fee_items(BUNDLED["2.000815"], {"pages": 1, "copies": value})
    assert item.quantity == counted


def test_missing_fields_count_as_one() -> None:
    """No pages and no copies: one page, one copy."""
    assert total(fee_items(BUNDLED["2.000815"], {})) == 2_000


def test_items_round_trip_through_the_json_column() -> None:
    """What the dossier stores reads back the same; None (filed before itemising) reads as none."""
    items = fee_items(BUNDLED["2.000942"], {"pages": 5, "copies": 2})
    assert from_json(as_json(items)) == items
    assert from_json(None) == ()


def test_money_is_written_the_vietnamese_way() -> None:
    """Dots group the thousands."""
    assert in_dong(200_000) == "200.000 đồng"
    assert in_dong(0) == "0 đồng"
