"""One dossier for the officers holding it (core.dossiers.office_view): form data, papers, clock,
and exactly the actions the workflow would accept now."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from core.dossiers import procedures
from core.dossiers.actions import ActionRequest
from core.dossiers.office_view import OfficeViews
from core.dossiers.procedures import FrozenProcedures
from core.dossiers.status import Status
from core.dossiers.tables import Dossier
from core.errors import Conflict, NotFound
from core.identity.actor import Actor, Context
from tests.core.dossiers.conftest import MONDAY_9, World
from tests.core.dossiers.test_queue import COMMUNE, JUSTICE, file_birth, staff_at


def views_of(world: World) -> OfficeViews:
    return OfficeViews(world.clock, world.workflow, world.uploads)


def actions(view: object) -> list[str]:
    return [c.action.value for c in view.actions]  # type: ignore[attr-defined]


async def act(world: World, ctx: Context, code: str, action: str, **fields: object) -> None:
    await world.workflow.act(ctx, code, ActionRequest(action, **fields))  # type: ignore[arg-type]


async def test_a_new_dossier_shows_its_form_papers_and_clock(world: World) -> None:
    """Answers as filed (dates dd/mm/yyyy), the photo, the clock due today at 17:00; the counter
    may receive, ask for papers or refuse."""
    code = await file_birth(world)
    view = await views_of(world).get(await staff_at(COMMUNE), code)
    answers = {a.name: a.value for a in view.answers}
    assert answers["child_name"] == "Nguyễn Thị Bình"
    assert answers["child_birth_date"] == "25/02/2026"
    assert [d.preview for d in view.documents] == ["image"]
    assert view.clock is not None
    assert view.clock.reading.due == MONDAY_9.replace(hour=17)
    assert view.clock.reading.left_text == "6 giờ 30 phút làm việc"
    assert view.clock.lines[0].startswith("Tiếp nhận hồ sơ lúc Thứ Hai 02/03/2026 09:00")
    assert actions(view) == ["receive", "request_supplement", "reject"]
    assert view.actions[0].next_step == "Thẩm định hồ sơ"  # the fallback process: none loaded
    assert view.timeline[0].status is Status.SUBMITTED and view.sheet == ()


async def test_approval_is_offered_to_the_head_at_the_approval_step_only(world: World) -> None:
    """At the head's step an officer can send back, ask for papers or stop, not approve or
    forward; the head can approve. Each offer is one the workflow accepts."""
    await world.processes.load_bundled()
    code = await file_birth(world)
    officer, head = await staff_at(COMMUNE), await staff_at(COMMUNE, "head", staff_id=9)
    await act(world, officer, code, "receive")
    assert "forward" in actions(await views_of(world).get(officer, code))
    await act(world, officer, code, "forward")
    seen_by_officer = await views_of(world).get(officer, code)
    assert seen_by_officer.step == 3 and seen_by_officer.status is Status.PROCESSING
    assert "approve" not in actions(seen_by_officer) and "forward" not in actions(seen_by_officer)
    assert {"send_back", "request_supplement", "stop"} <= set(actions(seen_by_officer))
    with pytest.raises(Conflict):
        await act(world, officer, code, "approve")
    assert "approve" in actions(await views_of(world).get(head, code))
    await act(world, head, code, "approve")
    done = await views_of(world).get(officer, code)
    assert actions(done) == ["record_result", "return_result"]
    assert [r.verdict for r in done.sheet if not r.open] == ["on_time"] * 3


async def test_extension_is_offered_once_near_the_due_date(world: World) -> None:
    """With five working days left there is nothing to extend; with under a day, once."""
    slow, quick = await file_birth(world), await file_birth(world)
    row = await Dossier.select(Dossier.procedure).where(Dossier.code == slow).first()
    assert row is not None
    five_days = msgspec.structs.replace(
        await procedures.frozen(row["procedure"]), same_day=False, cutoff=None, processing_hours=40
    )
    await Dossier.update(
        {Dossier.procedure: await FrozenProcedures().id_for(five_days, world.clock.now())}
    ).where(Dossier.code == slow)
    officer = await staff_at(COMMUNE)
    for code in (slow, quick):
        await act(world, officer, code, "receive")
    views = views_of(world)
    assert "extend" not in actions(await views.get(officer, slow))
    assert "extend" in actions(await views.get(officer, quick))
    await act(world, officer, quick, "extend", note="Xin lỗi vì chậm", new_due="04/03/2026")
    extended = await views.get(officer, quick)
    assert "extend" not in actions(extended)
    assert extended.clock is not None and extended.clock.reading.extended
    assert extended.clock.reading.due == dt.datetime(2026, 3, 4, 17, 0, tzinfo=MONDAY_9.tzinfo)


FILLS = {
    "items": ("Giấy tờ",),
    "note": "Ghi chú",
    "new_due": "04/03/2026",
    "via": "counter",
    "amount": "50.000",
}
ROUTES: dict[Status, list[str]] = {
    Status.SUBMITTED: [],
    Status.RECEIVED: ["receive"],
    Status.SUPPLEMENT_REQUESTED: ["receive", "request_supplement"],
    Status.PROCESSING: ["receive", "forward"],
    Status.DONE: ["receive", "forward", "approve"],
}


async def test_every_offered_action_is_accepted_by_the_workflow(world: World) -> None:
    """In each status, each action offered to a head-and-officer goes through with only what its
    form requires."""
    boss = await staff_at(COMMUNE, "officer", "head")
    views = views_of(world)

    async def dossier_in(status: Status) -> str:
        code = await file_birth(world)
        for action in ROUTES[status]:
            await act(world, boss, code, action, items=FILLS["items"])
        return code

    for status in ROUTES:
        offered = (await views.get(boss, await dossier_in(status))).actions
        assert offered, status
        for choice in offered:
            needs = {field: FILLS[field] for field in choice.required}
            await act(world, boss, await dossier_in(status), choice.action.value, **needs)


async def test_papers_are_served_to_the_holding_unit_only(world: World) -> None:
    """The holding unit gets the bytes; another unit, an admin and a wrong id get NotFound."""
    code = await file_birth(world)
    other = await file_birth(world)
    views = views_of(world)
    officer = await staff_at(COMMUNE)
    paper = (await views.get(officer, code)).documents[0]
    found, data = await views.document(officer, code, paper.id)
    assert found.content_type == "image/jpeg" and data[:2] == b"\xff\xd8"
    other_paper = (await views.get(officer, other)).documents[0]
    admin = Context(Actor("staff", 1, "quantri", frozenset({"admin"})))
    strangers = [(await staff_at(JUSTICE), code, paper.id), (admin, code, paper.id)]
    strangers += [(officer, code, other_paper.id), (officer, code, 2**40), (officer, "nope", 1)]
    for ctx, which, paper_id in strangers:
        with pytest.raises(NotFound):
            await views.document(ctx, which, paper_id)
    with pytest.raises(NotFound):
        await views.get(await staff_at(JUSTICE), code)
