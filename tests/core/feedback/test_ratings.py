"""Rating a returned dossier (core.feedback.ratings): the owner only, after the return, once."""

from __future__ import annotations

import asyncio

import pytest

from core.errors import Conflict, InvalidInput, NotFound
from core.feedback.levels import RatingInput
from core.feedback.tables import FollowUp, Rating
from core.outbox.messages import pending_for_citizen
from core.outbox.tables import OutboxMessage
from core.stats.tables import StatDay
from tests.core.feedback.conftest import COMMUNE, Desk, head_account, staff


async def test_the_owner_rates_a_returned_dossier_with_criteria(desk: Desk) -> None:
    """Level, criteria and comment are kept, with the unit that returned the result."""
    citizen, code = await desk.returned()
    given = RatingInput(
        "hai_long",
        {"attitude": "tan_tinh", "visits": "1", "agencies": 1, "timeliness": "dung_hen"},
        " Nhanh gọn ",
    )
    rated = await desk.ratings.rate(citizen, code, given)
    assert rated.level == "hai_long" and rated.level_label == "Hài lòng"
    assert rated.criteria == {
        "attitude": "tan_tinh",
        "visits": 1,
        "agencies": 1,
        "timeliness": "dung_hen",
    }
    assert rated.comment == "Nhanh gọn" and rated.detailed and not rated.follow_up
    row = await Rating.select(Rating.unit_code).first()
    assert row == {"unit_code": COMMUNE}


async def test_the_return_notice_invites_to_the_rating_page(desk: Desk) -> None:
    """The citizen's result-returned message links to the three buttons."""
    citizen, code = await desk.returned()
    last = (await pending_for_citizen(citizen.actor.id or 0))[-1]
    assert last["topic"] == "dossier.return_result"
    assert last["link"] == f"/dossiers/{code}/danh-gia"
    assert "đánh giá" in last["body"]


async def test_strangers_officers_and_assistants_meet_not_found(desk: Desk) -> None:
    """Anyone but the owner is told the dossier does not exist."""
    _, code = await desk.returned()
    other = await desk.world.citizen(phone="+84987654321")
    for ctx in (other, await staff(COMMUNE, "officer"), await staff(COMMUNE, "head")):
        with pytest.raises(NotFound):
            await desk.ratings.rate(ctx, code, RatingInput("hai_long"))
    with pytest.raises(NotFound):
        await desk.ratings.rate(other, "000.10.11.H56-000000-9999", RatingInput("hai_long"))


async def test_rating_before_the_return_is_a_conflict_with_a_reason(desk: Desk) -> None:
    citizen, code = await desk.filed()
    await desk.act(code, "receive")
    with pytest.raises(Conflict, match="chưa trả kết quả"):
        await desk.ratings.rate(citizen, code, RatingInput("rat_hai_long"))
    assert await Rating.count() == 0


async def test_a_second_rating_is_a_conflict(desk: Desk) -> None:
    citizen, code = await desk.returned()
    await desk.ratings.rate(citizen, code, RatingInput("rat_hai_long"))
    with pytest.raises(Conflict, match="đã được đánh giá"):
        await desk.ratings.rate(citizen, code, RatingInput("khong_hai_long", {}, "Chậm"))
    assert await Rating.count() == 1


async def test_two_ratings_at_once_make_one(desk: Desk) -> None:
    """Two requests racing past the first check: the unique key keeps one, the other is 409."""
    citizen, code = await desk.returned()
    results = await asyncio.gather(
        desk.ratings.rate(citizen, code, RatingInput("hai_long")),
        desk.ratings.rate(citizen, code, RatingInput("khong_hai_long")),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Rated"]
    assert await Rating.count() == 1
    day = await StatDay.select().first()
    assert day is not None
    assert day["rating_hai_long"] + day["rating_khong_hai_long"] == 1


@pytest.mark.parametrize(
    ("given", "fields"),
    [
        (RatingInput("tot"), ["level"]),
        (RatingInput("hai_long", {"attitude": "rude"}), ["criteria.attitude"]),
        (
            RatingInput("hai_long", {"visits": 0, "speed": "x"}),
            ["criteria.visits", "criteria.speed"],
        ),
        (RatingInput("hai_long", {}, "x" * 2001), ["comment"]),
    ],
)
async def test_bad_levels_and_criteria_are_named(
    desk: Desk, given: RatingInput, fields: list[str]
) -> None:
    citizen, code = await desk.returned()
    with pytest.raises(InvalidInput) as refused:
        await desk.ratings.rate(citizen, code, given)
    assert [e.field for e in refused.value.errors] == fields
    assert await Rating.count() == 0


async def test_unhappy_with_a_comment_opens_a_task_for_the_head(desk: Desk) -> None:
    """The task lists the comment; the unit's head is notified; the head closes it with a note."""
    head = await head_account(desk.world)
    citizen, code = await desk.returned()
    rated = await desk.ratings.rate(
        citizen, code, RatingInput("khong_hai_long", {}, "Phải đi lại ba lần")
    )
    assert rated.follow_up
    tasks = await desk.follow_ups.tasks(head)
    assert [(t.dossier_code, t.comment, t.status) for t in tasks] == [
        (code, "Phải đi lại ba lần", "open")
    ]
    notices = await OutboxMessage.select().where(OutboxMessage.staff == head.actor.id)
    assert [n["topic"] for n in notices] == ["feedback.follow_up"]
    with pytest.raises(InvalidInput):
        await desk.follow_ups.close(head, tasks[0].id, " ")
    closed = await desk.follow_ups.close(head, tasks[0].id, "Đã nhắc nhở cán bộ")
    assert closed.status == "closed" and closed.note == "Đã nhắc nhở cán bộ"
    with pytest.raises(Conflict):
        await desk.follow_ups.close(head, tasks[0].id, "Lần nữa")


async def test_unhappy_without_a_comment_opens_no_task(desk: Desk) -> None:
    citizen, code = await desk.returned()
    rated = await desk.ratings.rate(citizen, code, RatingInput("khong_hai_long"))
    assert not rated.follow_up
    assert await FollowUp.count() == 0


async def test_the_comment_added_on_the_second_page_opens_the_task(desk: Desk) -> None:
    """Web flow: the level in one tap, then the comment; the details are taken once."""
    citizen, code = await desk.returned()
    await desk.ratings.rate(citizen, code, RatingInput("khong_hai_long"))
    rated = await desk.ratings.add_details(citizen, code, {"timeliness": "tre_hen"}, "Trễ hẹn")
    assert rated.follow_up and rated.criteria == {"timeliness": "tre_hen"}
    with pytest.raises(Conflict):
        await desk.ratings.add_details(citizen, code, {}, "Sửa lại")


async def test_officers_and_other_heads_see_no_tasks(desk: Desk) -> None:
    for ctx in (await staff(COMMUNE, "officer"), await desk.world.citizen("+84900000001")):
        with pytest.raises(NotFound):
            await desk.follow_ups.tasks(ctx)
    citizen, code = await desk.returned()
    await desk.ratings.rate(citizen, code, RatingInput("khong_hai_long", {}, "Chậm"))
    task = (await FollowUp.select(FollowUp.id).first()) or {}
    other_head = await staff("000.10.12.H56", "head", staff_id=99)
    assert await desk.follow_ups.tasks(other_head) == []
    with pytest.raises(NotFound):
        await desk.follow_ups.close(other_head, int(task["id"]), "Không phải đơn vị tôi")
