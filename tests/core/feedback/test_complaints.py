"""Complaints and suggestions (core.feedback.complaints): filed, routed, due, answered."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from core.clock import VIETNAM
from core.errors import Conflict, InvalidInput, NotFound
from core.feedback.complaints import ComplaintInput
from core.feedback.tables import Complaint
from core.outbox.messages import pending_for_citizen
from tests.core.feedback.conftest import COMMUNE, OTHER_COMMUNE, Desk, head_account, staff

BODY = "Tôi là Nguyễn Văn An, gọi 0912 345 678 không ai nghe; đề nghị xem lại giờ làm việc."


def about_dossier(code: str, **changes: object) -> ComplaintInput:
    values: dict[str, object] = {
        "kind": "phan_anh",
        "subject_kind": "dossier",
        "subject": code,
        "body": BODY,
        "publish_consent": True,
    }
    values.update(changes)
    return ComplaintInput(**values)  # type: ignore[arg-type]


async def test_a_complaint_about_my_dossier_goes_to_its_unit(desk: Desk) -> None:
    """Coded PAKN-<unit>-<yymmdd>-<seq>, routed to the unit holding the dossier, due in 10
    working days (Monday 2 March 2026 09:00 → Monday 16 March 09:00)."""
    citizen, code = await desk.filed()
    filed = await desk.complaints.file(citizen, about_dossier(code))
    assert filed.code == f"PAKN-{COMMUNE}-260302-0001"
    assert filed.unit_code == COMMUNE and filed.status == "received"
    assert filed.due_at == dt.datetime(2026, 3, 16, 9, 0, tzinfo=VIETNAM)
    assert [c.code for c in await desk.complaints.mine(citizen)] == [filed.code]


async def test_the_deadline_skips_tet_2027(desk: Desk) -> None:
    """Filed Wednesday 3 Feb 2027 10:00, before Tết (4–10 Feb off): due Wednesday 24 Feb 10:00,
    a week later than without the holiday."""
    citizen = await desk.world.citizen()
    wednesday = dt.datetime(2027, 2, 3, 10, 0, tzinfo=VIETNAM)
    desk.world.clock.advance(wednesday - desk.world.clock.now())
    filed = await desk.complaints.file(
        citizen,
        ComplaintInput("kien_nghi", "procedure", "1.001193", BODY, unit=OTHER_COMMUNE),
    )
    assert filed.due_at == dt.datetime(2027, 2, 24, 10, 0, tzinfo=VIETNAM)
    assert filed.code == f"PAKN-{OTHER_COMMUNE}-270203-0001"


async def test_codes_stay_unique_when_filed_at_once(desk: Desk) -> None:
    citizen = await desk.world.citizen()
    given = ComplaintInput("kien_nghi", "regulation", "Quy định về giờ tiếp dân", BODY, COMMUNE)
    filed = await asyncio.gather(*(desk.complaints.file(citizen, given) for _ in range(8)))
    codes = sorted(f.code for f in filed)
    assert codes == [f"PAKN-{COMMUNE}-260302-{n:04d}" for n in range(1, 9)]


async def test_every_wrong_field_is_named(desk: Desk) -> None:
    citizen = await desk.world.citizen()
    given = ComplaintInput("khieu_nai", "procedure", "9.999999", "ngắn", "000.99.99.H56")
    with pytest.raises(InvalidInput) as refused:
        await desk.complaints.file(citizen, given)
    assert [e.field for e in refused.value.errors] == ["kind", "body", "subject", "unit"]
    assert await Complaint.count() == 0


async def test_a_dossier_of_someone_else_is_not_a_subject(desk: Desk) -> None:
    _, code = await desk.filed()
    stranger = await desk.world.citizen(phone="+84987654321")
    with pytest.raises(InvalidInput) as refused:
        await desk.complaints.file(stranger, about_dossier(code))
    assert [e.field for e in refused.value.errors] == ["subject"]


async def test_the_answer_reaches_the_citizen_and_is_published_anonymised(desk: Desk) -> None:
    head = await head_account(desk.world)
    citizen, code = await desk.filed()
    filed = await desk.complaints.file(citizen, about_dossier(code))
    assert [c.code for c in await desk.complaints.for_unit(head)] == [filed.code]
    answer = "Cảm ơn ông Nguyễn Văn An. Cán bộ Trần Thị Bích (0237 3852 111) sẽ liên hệ lại."
    answered = await desk.complaints.answer(head, filed.code, answer, publish=True)
    assert answered.status == "answered" and answered.published
    notice = (await pending_for_citizen(citizen.actor.id or 0))[-1]
    assert notice["topic"] == "complaint.answer" and answer in notice["body"]
    public = await desk.complaints.published()
    assert len(public) == 1
    text = public[0].question + public[0].answer
    for personal in ("Nguyễn Văn An", "0912 345 678", "Trần Thị Bích", "0237 3852 111"):
        assert personal not in text
    assert "[họ tên đã ẩn]" in public[0].question and "giờ làm việc" in public[0].question
    with pytest.raises(Conflict):
        await desk.complaints.answer(head, filed.code, "Lần hai", publish=False)


async def test_no_consent_no_publication(desk: Desk) -> None:
    head = await head_account(desk.world)
    citizen, code = await desk.filed()
    filed = await desk.complaints.file(citizen, about_dossier(code, publish_consent=False))
    with pytest.raises(Conflict, match="không đồng ý công khai"):
        await desk.complaints.answer(head, filed.code, "Đã xử lý", publish=True)
    answered = await desk.complaints.answer(head, filed.code, "Đã xử lý", publish=False)
    assert answered.status == "answered" and not answered.published
    assert await desk.complaints.published() == []


async def test_only_the_routed_units_head_answers(desk: Desk) -> None:
    citizen, code = await desk.filed()
    filed = await desk.complaints.file(citizen, about_dossier(code))
    for ctx in (
        await staff(COMMUNE, "officer"),
        await staff(OTHER_COMMUNE, "head"),
        await desk.world.citizen(phone="+84987654321"),
    ):
        with pytest.raises(NotFound):
            await desk.complaints.answer(ctx, filed.code, "Trả lời", publish=False)
    with pytest.raises(NotFound):
        await desk.complaints.mine_one(await desk.world.citizen("+84900000002"), filed.code)
