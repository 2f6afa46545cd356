"""The fee frozen at filing (core.dossiers.submission with core.payments.fees): the total and its
items on the dossier, free procedures, and copies asked for past any real fee."""

from __future__ import annotations

from typing import Any

import pytest

from core.catalog.service import CatalogService
from core.dossiers import submission
from core.dossiers.requirements import DocumentChoice
from core.dossiers.submission import Submission
from core.dossiers.tables import Dossier
from core.errors import InvalidInput
from core.identity.actor import Context
from tests.core.dossiers.conftest import World

EXTRACT = "2.000635"  # Cấp bản sao trích lục hộ tịch: 8.000 đồng, a `copies` field
EXTRACT_REQUEST = 2  # the request form, the one paper it asks to submit
CERTIFIED_COPY = "2.000815"  # per-page scale, capped per copy


def extract_fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "applicant_name": "Trần Thị Cúc",
        "citizen_id": "038090001234",
        "phone": "0912345678",
        "address": {"province": "Thanh Hóa", "detail": "Thôn 3, xã Đông Sơn"},
        "copies": "3",
    }
    fields.update(changes)
    return fields


async def extract(world: World, ctx: Context) -> Submission:
    return Submission(
        EXTRACT, extract_fields(), [DocumentChoice(EXTRACT_REQUEST, await world.upload(ctx))]
    )


async def stored(code: str) -> dict[str, Any]:
    row = (
        await Dossier.select(Dossier.fee_vnd, Dossier.fee_items, Dossier.paid)
        .where(Dossier.code == code)
        .output(load_json=True)
        .first()
    )
    assert row is not None
    return row


async def test_a_fee_bearing_dossier_keeps_its_fee_and_items(world: World) -> None:
    """8.000 đồng published once, whatever the copies: fee_vnd 8.000, one item, unpaid."""
    ctx = await world.citizen()
    filed = await world.submissions.submit(ctx, await extract(world, ctx), "key-fee-0001")
    assert await stored(filed.code) == {
        "fee_vnd": 8_000,
        "fee_items": [
            {"label": "Phí, lệ phí", "quantity": 1, "unit_vnd": 8_000, "amount_vnd": 8_000}
        ],
        "paid": False,
    }


async def test_a_free_dossier_owes_nothing(world: World) -> None:
    """A birth registration is free: fee_vnd 0 ("Miễn phí") and no items."""
    ctx = await world.citizen()
    filed = await world.submissions.submit(ctx, await world.birth(ctx), "key-fee-0002")
    assert await stored(filed.code) == {"fee_vnd": 0, "fee_items": [], "paid": False}


async def test_copies_past_any_real_fee_are_refused(catalog: CatalogService) -> None:
    """10 000 capped copies would owe 2 tỷ đồng: the copies field is refused, nothing raised."""
    procedure = await catalog.get(CERTIFIED_COPY)
    with pytest.raises(InvalidInput) as refused:
        submission._fee_items(procedure, {"pages": 300, "copies": 10_000})
    assert refused.value.errors[0].field == "copies"
    assert submission._fee_items(procedure, {"pages": 300, "copies": 5_000})[0].amount_vnd == (
        1_000_000_000
    )
