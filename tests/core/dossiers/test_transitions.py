"""The citizen's moves on a dossier (withdraw, supplement) and the officer's supplement request."""

from __future__ import annotations

import pytest

from core.dossiers.actions import ActionRequest
from core.dossiers.requirements import DocumentChoice
from core.dossiers.status import TRANSITIONS, Status
from core.dossiers.tables import Dossier, DossierDocument
from core.errors import Conflict, InvalidInput, NotFound
from core.identity.actor import Actor, Context
from core.identity.tables import Unit
from tests.core.dossiers.conftest import BIRTH_CERTIFICATE, World

KEY = "key-0001-abcdef"


async def filed(world: World) -> tuple[Context, str]:
    ctx = await world.citizen()
    return ctx, (await world.submissions.submit(ctx, await world.birth(ctx), KEY)).code


async def officer_of(code: str) -> Context:
    row = await Dossier.select(Dossier.holding_unit).where(Dossier.code == code).first()
    assert row is not None
    unit = await Unit.select(Unit.code).where(Unit.id == row["holding_unit"]).first()
    assert unit is not None
    actor = Actor("staff", id=7, roles=frozenset({"officer"}), unit_id=row["holding_unit"])
    return Context(actor, "10.0.0.1")


def test_national_codes_are_one_to_ten() -> None:
    """Every status maps onto its own national code 1–10, in the portal's order."""
    assert [s.national_code for s in Status] == list(range(1, 11))
    assert Status.WITHDRAWN.national_code == 7 and Status.RETURNED.label == "Đã trả kết quả"


def test_decided_statuses_lead_nowhere_but_return() -> None:
    """Rejected, withdrawn and stopped dossiers are final; done can only be returned."""
    assert not TRANSITIONS[Status.WITHDRAWN] and not TRANSITIONS[Status.REJECTED]
    assert TRANSITIONS[Status.DONE] == {Status.RETURNED}


async def test_owner_withdraws_once(world: World) -> None:
    """A withdrawal is status 7 with a timeline line; a second one is a conflict."""
    ctx, code = await filed(world)
    assert await world.transitions.withdraw(ctx, code, "Nộp nhầm thủ tục") is Status.WITHDRAWN
    view = await world.views.get(ctx, code)
    assert view.summary.status is Status.WITHDRAWN and view.timeline[-1].note == "Nộp nhầm thủ tục"
    with pytest.raises(Conflict):
        await world.transitions.withdraw(ctx, code)


async def test_others_cannot_withdraw(world: World) -> None:
    """Another citizen is told the dossier does not exist."""
    _, code = await filed(world)
    other = await world.citizen("+84987654321")
    with pytest.raises(NotFound):
        await world.transitions.withdraw(other, code)


async def test_supplement_round_trip(world: World) -> None:
    """The officer lists what is missing; the citizen sends it; the dossier returns to 1."""
    ctx, code = await filed(world)
    officer = await officer_of(code)
    missing = ["Giấy chứng sinh bản rõ nét", "Văn bản ủy quyền"]
    await world.workflow.act(
        officer, code, ActionRequest("request_supplement", "Ảnh bị mờ", tuple(missing))
    )
    assert (await world.views.get(ctx, code)).missing == tuple(missing)
    upload_id = await world.upload(ctx)
    status = await world.transitions.supplement(ctx, code, [DocumentChoice(2, upload_id)])
    assert status is Status.SUBMITTED
    rounds = await DossierDocument.select(DossierDocument.round).order_by(DossierDocument.id)
    assert [r["round"] for r in rounds] == [0, 1]
    assert (await world.views.get(ctx, code)).missing == ()


async def test_supplement_needs_a_request(world: World) -> None:
    """Sending papers to a dossier nobody asked papers for is refused."""
    ctx, code = await filed(world)
    upload_id = await world.upload(ctx)
    with pytest.raises(InvalidInput):
        await world.transitions.supplement(
            ctx, code, [DocumentChoice(BIRTH_CERTIFICATE, upload_id)]
        )


async def test_supplement_request_lists_something(world: World) -> None:
    """An empty list of missing papers is refused: form 02 lists everything at once."""
    _, code = await filed(world)
    with pytest.raises(InvalidInput):
        await world.workflow.act(
            await officer_of(code), code, ActionRequest("request_supplement", items=("  ",))
        )


async def test_only_the_holding_unit_requests(world: World) -> None:
    """An officer of another unit cannot ask for papers (and cannot see the dossier)."""
    _, code = await filed(world)
    stranger = Context(Actor("staff", id=8, roles=frozenset({"officer"}), unit_id=999_999))
    with pytest.raises(NotFound):
        await world.workflow.act(
            stranger, code, ActionRequest("request_supplement", items=("Giấy chứng sinh",))
        )
