"""The officer's payment request (Yêu cầu thực hiện nghĩa vụ tài chính, status 6): from processing
only, the clock paused until the ledger reports the payment, which resumes the dossier with its
due date moved later by the time it waited."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from core import database
from core.calendar.service import CalendarService
from core.clock import VIETNAM
from core.dossiers import payment_request
from core.dossiers.office_view import OfficeViews
from core.dossiers.payment_hooks import PaymentHooks
from core.dossiers.queue import DossierQueue, QueueFilter
from core.dossiers.status import Status
from core.dossiers.tables import Dossier, DossierEvent, DossierPause
from core.errors import Conflict, InvalidInput, NotFound
from core.identity.actor import Context
from core.identity.tables import AuditEntry
from core.outbox.messages import pending_for_citizen
from tests.core.dossiers.conftest import World
from tests.core.dossiers.test_workflow import (
    COMMUNE,
    JUSTICE,
    OTHER_COMMUNE,
    act,
    file_at_commune,
    later,
    staff,
)

MONDAY_17 = dt.datetime(2026, 3, 2, 17, 0, tzinfo=VIETNAM)
TUESDAY_8_30 = dt.datetime(2026, 3, 3, 8, 30, tzinfo=VIETNAM)
ASK = "Lệ phí cấp thêm 2 bản sao"


async def processing(world: World, key: str = "key-pay-000001") -> tuple[Context, str, Context]:
    """A birth registration received at the commune (09:10) and forwarded to the department
    (09:20): processing there, due Monday 17:00. Returns the citizen, the code, an officer."""
    citizen, code = await file_at_commune(world, key)
    counter = await staff(COMMUNE, "officer")
    later(world, 10)
    await act(world, counter, code, "receive")
    later(world, 10)
    assert await act(world, counter, code, "forward", unit=JUSTICE) is Status.PROCESSING
    return citizen, code, await staff(JUSTICE, "officer", staff_id=9)


async def dossier(code: str) -> dict[str, Any]:
    row = await Dossier.select().where(Dossier.code == code).output(load_json=True).first()
    assert row is not None
    return row


async def last_event(dossier_id: int) -> dict[str, Any]:
    event = (
        await DossierEvent.select()
        .where(DossierEvent.dossier == dossier_id)
        .order_by(DossierEvent.id, ascending=False)
        .first()
    )
    assert event is not None
    return event


async def pay(world: World, code: str, amount: int) -> None:
    """The ledger's settle: mark_paid inside its own write transaction."""
    hooks = PaymentHooks(CalendarService(world.clock))
    async with database.write_transaction(Dossier._meta.db):
        await hooks.mark_paid((await dossier(code))["id"], 41, amount, world.clock.now())


async def test_request_with_an_amount_pauses_the_dossier_and_tells_the_citizen(
    world: World,
) -> None:
    """Status 6, the amount added to what is owed as an item, unpaid, a fee pause open, the
    timeline line, the audit row and the citizen's notice — together."""
    citizen, code, officer = await processing(world)
    later(world, 10)  # 09:30
    assert (
        await act(world, officer, code, "request_payment", note=ASK, amount="50.000")
        is Status.AWAITING_PAYMENT
    )
    row = await dossier(code)
    assert (row["status"], row["fee_vnd"], row["paid"]) == ("awaiting_payment", 50_000, False)
    assert row["fee_items"] == [
        {"label": ASK, "quantity": 1, "unit_vnd": 50_000, "amount_vnd": 50_000}
    ]
    pauses = await DossierPause.select().where(DossierPause.dossier == row["id"])
    assert [(p["kind"], p["ended_at"]) for p in pauses] == [("fee", None)]
    event = await last_event(row["id"])
    assert (event["from_status"], event["to_status"]) == ("processing", "awaiting_payment")
    assert event["note"] == f"{ASK} (50.000 đồng)"
    audit = await AuditEntry.select().where(AuditEntry.action == "dossier.request_payment").first()
    assert audit is not None and audit["object_id"] == code
    notice = (await pending_for_citizen(citizen.actor.id or 0))[-1]
    assert notice["subject"] == f"Hồ sơ {code} cần thực hiện nghĩa vụ tài chính"
    assert "Khoản phải nộp thêm: 50.000 đồng." in notice["body"]
    assert ASK in notice["body"]


async def test_without_an_amount_the_fee_owed_since_filing_is_asked(world: World) -> None:
    """A dossier still owing its 8.000 đồng: no amount needed, the fee stays as it was."""
    citizen, code, officer = await processing(world)
    await Dossier.update({Dossier.fee_vnd: 8_000}).where(Dossier.code == code)
    await act(world, officer, code, "request_payment", note="Lệ phí cấp bản sao")
    row = await dossier(code)
    assert (row["status"], row["fee_vnd"], row["paid"]) == ("awaiting_payment", 8_000, False)
    notice = (await pending_for_citizen(citizen.actor.id or 0))[-1]
    assert "Phí, lệ phí phải nộp: 8.000 đồng." in notice["body"]


async def test_an_obligation_joins_the_fee_still_owed(world: World) -> None:
    """8.000 owed since filing, 5.000 more asked: 13.000 in all, paid together, two items."""
    _, code, officer = await processing(world)
    items = [{"label": "Phí, lệ phí", "quantity": 1, "unit_vnd": 8_000, "amount_vnd": 8_000}]
    await Dossier.update({Dossier.fee_vnd: 8_000, Dossier.fee_items: items}).where(
        Dossier.code == code
    )
    await act(world, officer, code, "request_payment", note="Cấp thêm 1 bản", amount="5000")
    row = await dossier(code)
    assert (row["fee_vnd"], row["paid"]) == (13_000, False)
    assert [(i["label"], i["amount_vnd"]) for i in row["fee_items"]] == [
        ("Phí, lệ phí", 8_000),
        ("Cấp thêm 1 bản", 5_000),
    ]


async def test_a_dossier_filed_before_itemising_gets_a_line_for_its_fee(world: World) -> None:
    """No stored items but 8.000 owed: the items still add up to what is owed."""
    _, code, officer = await processing(world)
    await Dossier.update({Dossier.fee_vnd: 8_000, Dossier.fee_items: None}).where(
        Dossier.code == code
    )
    await act(world, officer, code, "request_payment", note="Cấp thêm 1 bản", amount="5000")
    row = await dossier(code)
    assert sum(i["amount_vnd"] for i in row["fee_items"]) == row["fee_vnd"] == 13_000


async def test_a_paid_dossier_cannot_be_asked_again(world: World) -> None:
    """The ledger takes one payment per dossier: once paid, a further request is a conflict and
    the officer page no longer offers it."""
    _, code, officer = await processing(world)
    await Dossier.update({Dossier.fee_vnd: 8_000, Dossier.paid: True}).where(Dossier.code == code)
    with pytest.raises(Conflict, match="bộ phận một cửa"):
        await act(world, officer, code, "request_payment", note=ASK, amount="5000")
    assert (await dossier(code))["status"] == "processing"
    views = OfficeViews(world.clock, world.workflow, world.uploads)
    assert not (await views.get(officer, code)).allows("request_payment")


@pytest.mark.parametrize("fee_vnd", [0, None], ids=["free", "none"])
async def test_nothing_to_pay_needs_an_amount(world: World, fee_vnd: int | None) -> None:
    """Free or no fee stated: without an amount the request is refused."""
    _, code, officer = await processing(world)
    await Dossier.update({Dossier.fee_vnd: fee_vnd}).where(Dossier.code == code)
    with pytest.raises(InvalidInput) as refused:
        await act(world, officer, code, "request_payment", note=ASK)
    assert refused.value.errors[0].field == "amount"
    assert (await dossier(code))["status"] == "processing"


@pytest.mark.parametrize("amount", ["năm mươi nghìn", "0", "-5000", "12,5", "2.000.000.000"])
async def test_an_amount_that_is_not_whole_dong_is_refused(world: World, amount: str) -> None:
    """Whole đồng from 1 to 1 tỷ, or the field is named."""
    _, code, officer = await processing(world)
    with pytest.raises(InvalidInput) as refused:
        await act(world, officer, code, "request_payment", note=ASK, amount=amount)
    assert refused.value.errors[0].field == "amount"


@pytest.mark.parametrize("amount", ["50000", "50.000", "50 000", "50.000 đồng", "50000đ"])
async def test_amounts_are_read_as_officers_type_them(world: World, amount: str) -> None:
    """Grouped by dots or spaces, with or without "đồng": fifty thousand each time."""
    _, code, officer = await processing(world)
    await act(world, officer, code, "request_payment", note=ASK, amount=amount)
    assert (await dossier(code))["fee_vnd"] == 50_000


async def test_the_note_saying_what_to_pay_is_required(world: World) -> None:
    """Without a note the citizen would not know what the money is for."""
    _, code, officer = await processing(world)
    with pytest.raises(InvalidInput) as refused:
        await act(world, officer, code, "request_payment", note="  ", amount="50.000")
    assert refused.value.errors[0].field == "note"


async def test_only_a_processing_dossier_can_be_asked_to_pay(world: World) -> None:
    """Submitted, received and already awaiting payment: a conflict saying why."""
    citizen, asked, officer = await processing(world)
    await act(world, officer, asked, "request_payment", note=ASK, amount="1000")
    with pytest.raises(Conflict, match="Yêu cầu thực hiện nghĩa vụ tài chính"):
        await act(world, officer, asked, "request_payment", note=ASK, amount="1000")
    filing = dataclasses.replace(await world.birth(citizen), unit_code=COMMUNE)
    code = (await world.submissions.submit(citizen, filing, "key-pay-000002")).code
    counter = await staff(COMMUNE, "officer")
    with pytest.raises(Conflict):  # submitted
        await act(world, counter, code, "request_payment", note=ASK, amount="1000")
    await act(world, counter, code, "receive")
    with pytest.raises(Conflict):  # received
        await act(world, counter, code, "request_payment", note=ASK, amount="1000")


async def test_another_unit_cannot_ask(world: World) -> None:
    """The dossier is at the department: for a commune officer it does not exist."""
    _, code, _ = await processing(world)
    stranger = await staff(OTHER_COMMUNE, "officer", staff_id=11)
    with pytest.raises(NotFound):
        await act(world, stranger, code, "request_payment", note=ASK, amount="1000")


async def test_payment_resumes_the_dossier_with_the_due_date_moved_by_the_wait(
    world: World,
) -> None:
    """Asked at 09:30, paid at 10:30: processing again, pause closed, and due 17:00 plus the
    hour waited, i.e. Tuesday 08:30."""
    _, code, officer = await processing(world)
    assert (await dossier(code))["due_at"] == MONDAY_17
    later(world, 10)  # 09:30
    await act(world, officer, code, "request_payment", note=ASK, amount="50.000")
    later(world, 60)  # 10:30
    await pay(world, code, 50_000)
    row = await dossier(code)
    assert (row["status"], row["paid"]) == ("processing", True)
    assert row["due_at"] == TUESDAY_8_30
    pauses = await DossierPause.select().where(DossierPause.dossier == row["id"])
    assert [p["ended_at"] for p in pauses] == [world.clock.now()]
    event = await last_event(row["id"])
    assert (event["from_status"], event["to_status"]) == ("awaiting_payment", "processing")
    assert event["note"] == "Đã thanh toán phí, lệ phí 50.000 đồng"
    assert await act(world, officer, code, "stop", note="Thử tiếp tục") is Status.STOPPED


async def test_while_awaiting_payment_the_queue_shows_it_paused(world: World) -> None:
    """In the "waiting for the citizen" tab, its clock paused; off the overdue tab even days on."""
    _, code, officer = await processing(world)
    await act(world, officer, code, "request_payment", note=ASK, amount="50.000")
    world.clock.advance(dt.timedelta(days=2))
    found = await DossierQueue(world.clock, CalendarService(world.clock)).for_actor(officer)
    (item,) = [i for i in found.items if i.code == code]
    assert QueueFilter.PAUSED in item.filters and QueueFilter.OVERDUE not in item.filters
    assert item.clock is not None and item.clock.state == "paused"


async def test_the_citizen_can_withdraw_while_awaiting_payment(world: World) -> None:
    """Withdrawal still works from status 6, and ends the pause."""
    citizen, code, officer = await processing(world)
    await act(world, officer, code, "request_payment", note=ASK, amount="50.000")
    later(world, 30)
    assert await world.transitions.withdraw(citizen, code, "Không nộp nữa") is Status.WITHDRAWN
    pauses = await DossierPause.select().where(DossierPause.dossier == (await dossier(code))["id"])
    assert pauses[0]["ended_at"] == world.clock.now()


async def test_an_officer_can_stop_while_awaiting_payment(world: World) -> None:
    """Stopping (form 05) still works from status 6, and ends the pause."""
    _, code, officer = await processing(world)
    await act(world, officer, code, "request_payment", note=ASK, amount="50.000")
    later(world, 30)
    assert await act(world, officer, code, "stop", note="Quá hạn nộp phí") is Status.STOPPED
    pauses = await DossierPause.select().where(DossierPause.dossier == (await dossier(code))["id"])
    assert pauses[0]["ended_at"] == world.clock.now()


async def test_the_officer_page_offers_it_and_asks_an_amount_only_when_nothing_is_owed(
    world: World,
) -> None:
    """Processing and free: amount and note required; owing its fee: the note only."""
    _, code, officer = await processing(world)
    views = OfficeViews(world.clock, world.workflow, world.uploads)

    async def offered() -> tuple[str, ...]:
        page = await views.get(officer, code)
        (choice,) = [c for c in page.actions if c.action.value == "request_payment"]
        assert choice.label == "Yêu cầu thực hiện nghĩa vụ tài chính"
        return choice.required

    assert await offered() == ("amount", "note")
    await Dossier.update({Dossier.fee_vnd: 8_000}).where(Dossier.code == code)
    assert await offered() == ("note",)
    await act(world, officer, code, "request_payment", note=ASK)
    page = await views.get(officer, code)
    assert not page.allows("request_payment") and page.allows("stop")


async def test_a_payment_settling_while_asking_wins(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fee is paid between the officer's check and the write: the request is refused rather
    than pausing a dossier that owes nothing."""
    _, code, officer = await processing(world)
    await Dossier.update({Dossier.fee_vnd: 8_000}).where(Dossier.code == code)
    decided = payment_request.payment_terms

    async def then_paid(dossier_id: int, note: str, amount: str) -> payment_request.PaymentTerms:
        terms = await decided(dossier_id, note, amount)
        await pay(world, code, 8_000)
        return terms

    monkeypatch.setattr(payment_request, "payment_terms", then_paid)
    with pytest.raises(Conflict):
        await act(world, officer, code, "request_payment", note=ASK)
    row = await dossier(code)
    assert (row["status"], row["paid"]) == ("processing", True)
    assert await DossierPause.count().where(DossierPause.dossier == row["id"]) == 0
