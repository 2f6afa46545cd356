"""E-receipts (core.payments.receipts): numbered per year without gaps or twins, shown to the
owner and the holding unit, verified publicly without any personal data."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import pytest

from core.clock import VIETNAM
from core.errors import NotFound
from core.payments.tables import EReceipt
from tests.core.payments.conftest import (
    BASE_URL,
    COMMUNE,
    FEE,
    OTHER_COMMUNE,
    Ledger,
    notice,
    staff,
)


async def numbers() -> list[str]:
    rows = await EReceipt.select(EReceipt.number).order_by(EReceipt.id)
    return [r["number"] for r in rows]


async def test_receipts_are_numbered_in_order_within_the_year(ledger: Ledger) -> None:
    await ledger.paid()
    await ledger.paid()
    assert await numbers() == ["BL-2026-000001", "BL-2026-000002"]


async def test_numbering_starts_again_each_year_in_vietnam_time(ledger: Ledger) -> None:
    """00:30 on 1 January in Việt Nam is still 31 December in UTC: the new year's first."""
    await ledger.paid()
    new_year = dt.datetime(2027, 1, 1, 0, 30, tzinfo=VIETNAM)
    ledger.world.clock.advance(new_year - ledger.world.clock.now())
    await ledger.paid()
    assert await numbers() == ["BL-2026-000001", "BL-2027-000001"]


async def test_payments_settled_at_once_get_distinct_numbers(ledger: Ledger) -> None:
    """Five different payments settled concurrently: five receipts, numbers 1 to 5."""
    opened = [await ledger.started() for _ in range(5)]
    notices = [await notice(started) for _, _, started in opened]
    await asyncio.gather(*(ledger.service.settle(n) for n in notices))
    assert sorted(await numbers()) == [f"BL-2026-{n:06d}" for n in range(1, 6)]


async def test_the_owner_reads_the_whole_receipt(ledger: Ledger) -> None:
    """Payer, lines, amount in figures and words, the gateway's number, unit, procedure, link."""
    citizen, code, _ = await ledger.paid()
    receipt = await ledger.service.receipt(citizen, code)
    assert receipt.number == "BL-2026-000001"
    assert receipt.dossier_code == code
    assert receipt.payer_name == "Nguyễn Văn An"
    assert [(i.label, i.amount_vnd) for i in receipt.items] == [("Phí, lệ phí", FEE)]
    assert (receipt.amount_vnd, receipt.amount_words) == (FEE, "Ba mươi nghìn đồng")
    assert receipt.transaction_no == "14226112"
    assert receipt.unit_code == COMMUNE and receipt.unit_name
    assert receipt.procedure_code == "1.001193" and receipt.procedure_name
    assert receipt.verify_url == f"{BASE_URL}/e-receipts/{receipt.token}"
    assert receipt.issued_at == ledger.world.clock.now()


async def test_the_holding_units_staff_read_it_and_nobody_else(ledger: Ledger) -> None:
    """An officer of the unit may; another citizen, another unit and an admin meet not found."""
    _, code, _ = await ledger.paid()
    officer = await staff(COMMUNE, "officer")
    assert (await ledger.service.receipt(officer, code)).number == "BL-2026-000001"
    stranger, _ = await ledger.dossier()
    for ctx in (stranger, await staff(OTHER_COMMUNE, "officer"), await staff(COMMUNE, "admin")):
        with pytest.raises(NotFound):
            await ledger.service.receipt(ctx, code)


async def test_an_unpaid_dossier_has_no_receipt(ledger: Ledger) -> None:
    citizen, code, _ = await ledger.started()
    with pytest.raises(NotFound, match="biên lai"):
        await ledger.service.receipt(citizen, code)


async def test_verification_shows_no_personal_data(ledger: Ledger) -> None:
    """Number, date, amount in words, unit, procedure, genuine; no name, phone or dossier."""
    citizen, code, _ = await ledger.paid()
    token = (await ledger.service.receipt(citizen, code)).token
    public = await ledger.service.verify(token)
    assert public is not None and public.genuine
    assert (public.number, public.amount_vnd) == ("BL-2026-000001", FEE)
    assert public.amount_words == "Ba mươi nghìn đồng"
    assert public.unit_code == COMMUNE
    shown = dataclasses.asdict(public)
    assert not {"payer_name", "phone", "dossier_code", "transaction_no"} & set(shown)
    assert "Nguyễn" not in repr(public)
    assert citizen.actor.label not in repr(public)
    assert code not in repr(public)


async def test_an_unknown_token_verifies_nothing(ledger: Ledger) -> None:
    await ledger.paid()
    assert await ledger.service.verify("not-a-receipt") is None


async def test_verification_shows_a_refund(ledger: Ledger) -> None:
    """A receipt whose fee was given back says so."""
    citizen, code, started = await ledger.paid()
    head = await staff(COMMUNE, "head")
    await ledger.service.refund(head, started.payment_id, FEE, "Hoàn phí")
    token = (await ledger.service.receipt(citizen, code)).token
    public = await ledger.service.verify(token)
    assert public is not None and public.refunded_vnd == FEE
