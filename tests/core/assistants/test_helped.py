"""After filing: the assistant follows the dossier while it is under way, never after the result
is returned or the owner revoked them; officers see who helped; the citizen is notified."""

from __future__ import annotations

import dataclasses

import pytest

from core.dossiers.office_view import OfficeViews
from core.dossiers.status import Status
from core.errors import Conflict, NotFound
from core.identity.actor import Context
from core.outbox.messages import pending_for_citizen
from tests.core.assistants.conftest import COMMUNE, FARMER_PHONE, Desk


async def filed_at_commune(desk: Desk, helper: Context) -> str:
    """A birth registration the assistant filed at the commune for the farmer; its code."""
    await desk.world.processes.load_bundled()
    submission = dataclasses.replace(await desk.world.birth(helper), unit_code=COMMUNE)
    consent = await desk.consented(helper)
    return (await desk.assistants.submit(helper, consent, submission, "k-helped-0001")).code


async def returned(desk: Desk, code: str) -> None:
    officer, head = await desk.staff(COMMUNE), await desk.staff(COMMUNE, "head")
    await desk.act(officer, code, "receive")
    await desk.act(officer, code, "forward")
    await desk.act(head, code, "approve")
    assert await desk.act(officer, code, "return_result", via="counter") is Status.RETURNED


async def test_the_assistant_follows_the_dossier_under_way(desk: Desk) -> None:
    """The assistant reads it whole (papers too) and finds it in their list, in full."""
    helper = await desk.helper()
    farmer = await desk.citizen(FARMER_PHONE)
    code = await filed_at_commune(desk, helper)
    view = await desk.world.views.get(helper, code)
    assert view.owner_id == farmer.actor.id and len(view.documents) == 1
    helped = await desk.assistants.helped(helper)
    assert [(h.code, h.citizen_name, h.full, h.revoked) for h in helped] == [
        (code, "Lò Văn Nông", True, False)
    ]
    with pytest.raises(NotFound):  # another volunteer does not
        await desk.world.views.get(await desk.helper("+84900000009"), code)


async def test_after_the_return_only_a_summary(desk: Desk) -> None:
    """Once the result is returned the dossier is NotFound for the assistant; the list keeps a
    summary line without papers; the owner still sees everything."""
    helper = await desk.helper()
    farmer = await desk.citizen(FARMER_PHONE)
    code = await filed_at_commune(desk, helper)
    await returned(desk, code)
    with pytest.raises(NotFound):
        await desk.world.views.get(helper, code)
    helped = await desk.assistants.helped(helper)
    assert [(h.status, h.full) for h in helped] == [(Status.RETURNED, False)]
    assert (await desk.world.views.get(farmer, code)).summary.status is Status.RETURNED


async def test_the_owner_revokes_the_assistant(desk: Desk) -> None:
    """After the owner revokes, the dossier is NotFound for the assistant, for good."""
    helper = await desk.helper()
    farmer = await desk.citizen(FARMER_PHONE)
    code = await filed_at_commune(desk, helper)
    with pytest.raises(NotFound):  # only the owner may revoke
        await desk.assistants.revoke(helper, code)
    await desk.assistants.revoke(farmer, code)
    await desk.assistants.revoke(farmer, code)  # again: nothing more happens
    with pytest.raises(NotFound):
        await desk.world.views.get(helper, code)
    assert [(h.full, h.revoked) for h in await desk.assistants.helped(helper)] == [(False, True)]
    assert (await desk.world.views.get(farmer, code)).summary.code == code


async def test_nothing_to_revoke_on_a_dossier_filed_by_its_owner(desk: Desk) -> None:
    """A dossier without an assistant: Conflict; someone else's dossier: NotFound."""
    farmer = await desk.citizen(FARMER_PHONE)
    code = (
        await desk.world.submissions.submit(farmer, await desk.world.birth(farmer), "k-own-0001")
    ).code
    with pytest.raises(Conflict):
        await desk.assistants.revoke(farmer, code)
    with pytest.raises(NotFound):
        await desk.assistants.revoke(await desk.citizen("+84987654321"), code)


async def test_suspension_ends_access_to_every_dossier(desk: Desk) -> None:
    """A suspended assistant no longer sees the dossiers they filed, even when reinstated."""
    helper = await desk.helper()
    code = await filed_at_commune(desk, helper)
    officer = await desk.staff(COMMUNE)
    me = await desk.assistants.mine(helper)
    assert me is not None
    await desk.assistants.decide(officer, me.id, "suspend", "")
    await desk.assistants.decide(officer, me.id, "approve", "")
    with pytest.raises(NotFound):
        await desk.world.views.get(helper, code)


async def test_officers_see_who_helped_and_the_citizen_is_told(desk: Desk) -> None:
    """The office view names the assistant; the officers' notices go to the owner."""
    helper = await desk.helper()
    farmer = await desk.citizen(FARMER_PHONE)
    code = await filed_at_commune(desk, helper)
    officer = await desk.staff(COMMUNE)
    await desk.act(officer, code, "receive")
    office = OfficeViews(desk.world.clock, desk.world.workflow, desk.world.uploads)
    assert (await office.get(officer, code)).assistant_name == "Hà Thị Hỗ Trợ"
    notices = await pending_for_citizen(farmer.actor.id or 0)
    assert [n["topic"] for n in notices] == ["dossier.receive"]
    helper_notices = await pending_for_citizen(helper.actor.id or 0)
    assert all(n["topic"] != "dossier.receive" for n in helper_notices)
