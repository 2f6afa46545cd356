"""The commune's register of assistants: applying, and its officers' decisions (audited)."""

from __future__ import annotations

import pytest

from core.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from core.identity.tables import AuditEntry
from core.outbox.messages import pending_for_citizen
from tests.core.assistants.conftest import COMMUNE, HELPER_PHONE, OTHER_COMMUNE, Desk


async def test_an_application_waits_for_the_commune(desk: Desk) -> None:
    """A citizen applies to a commune; it is listed for that commune's officers, waiting."""
    ctx = await desk.citizen(HELPER_PHONE, "Hà Thị Hỗ Trợ")
    view = await desk.assistants.apply(ctx, COMMUNE, "Đoàn viên thanh niên")
    assert (view.status, view.status_label, view.unit_code) == (
        "applied",
        "Chờ UBND xã duyệt",
        COMMUNE,
    )
    assert (await desk.assistants.mine(ctx)) == view
    listed = await desk.assistants.of_unit(await desk.staff(COMMUNE))
    assert [(a.name, a.phone) for a in listed] == [("Hà Thị Hỗ Trợ", "0900000002")]
    assert await desk.assistants.of_unit(await desk.staff(OTHER_COMMUNE)) == []


async def test_an_officer_approves_and_it_is_audited(desk: Desk) -> None:
    """approve → approved, with an audit row naming the change and a notice to the assistant."""
    ctx = await desk.citizen(HELPER_PHONE, "Hà Thị Hỗ Trợ")
    view = await desk.assistants.apply(ctx, COMMUNE, "")
    decided = await desk.assistants.decide(
        await desk.staff(COMMUNE, "head"), view.id, "approve", "Chào mừng"
    )
    assert decided.status == "approved" and decided.decision_note == "Chào mừng"
    rows = (
        await AuditEntry.select()
        .where(AuditEntry.action == "assistant.approve")
        .output(load_json=True)
    )
    assert [(r["before"], r["after"], r["unit_code"]) for r in rows] == [
        ({"status": "applied"}, {"status": "approved"}, COMMUNE)
    ]
    notices = await pending_for_citizen(ctx.actor.id or 0)
    assert notices[0]["subject"].startswith("Bạn đã được duyệt làm người hỗ trợ")


async def test_another_communes_officer_finds_nobody(desk: Desk) -> None:
    """Approve or suspend by an officer of another commune: NotFound, nothing changes."""
    ctx = await desk.citizen(HELPER_PHONE)
    view = await desk.assistants.apply(ctx, COMMUNE, "")
    stranger = await desk.staff(OTHER_COMMUNE)
    for decision in ("approve", "suspend", "remove"):
        with pytest.raises(NotFound):
            await desk.assistants.decide(stranger, view.id, decision, "")
    with pytest.raises(NotFound):
        await desk.assistants.decide(ctx, view.id, "approve", "")  # the applicant themselves
    assert (await desk.assistants.mine(ctx)) == view


async def test_suspend_then_approve_again(desk: Desk) -> None:
    """A suspended assistant may not ask for consent; approval reinstates them."""
    helper = await desk.helper()
    officer = await desk.staff(COMMUNE)
    view = await desk.assistants.mine(helper)
    assert view is not None
    await desk.assistants.decide(officer, view.id, "suspend", "Kiểm tra phản ánh")
    with pytest.raises(Conflict, match="tạm đình chỉ"):
        await desk.assistants.ask_consent(helper, "0912345678", "1.001193")
    assert (await desk.assistants.decide(officer, view.id, "approve", "")).status == "approved"


async def test_a_decision_the_status_does_not_allow_is_a_conflict(desk: Desk) -> None:
    """Suspending an application not yet approved is refused, saying the current status."""
    view = await desk.assistants.apply(await desk.citizen(HELPER_PHONE), COMMUNE, "")
    with pytest.raises(Conflict, match="Chờ UBND xã duyệt"):
        await desk.assistants.decide(await desk.staff(COMMUNE), view.id, "suspend", "")
    with pytest.raises(InvalidInput):
        await desk.assistants.decide(await desk.staff(COMMUNE), view.id, "promote", "")


async def test_one_application_per_person(desk: Desk) -> None:
    """A second application is a conflict; after removal the person may apply again."""
    ctx = await desk.citizen(HELPER_PHONE)
    view = await desk.assistants.apply(ctx, COMMUNE, "")
    with pytest.raises(Conflict):
        await desk.assistants.apply(ctx, OTHER_COMMUNE, "")
    await desk.assistants.decide(await desk.staff(COMMUNE), view.id, "remove", "")
    again = await desk.assistants.apply(ctx, OTHER_COMMUNE, "Chuyển nơi ở")
    assert (again.id, again.status, again.unit_code) == (view.id, "applied", OTHER_COMMUNE)


async def test_only_a_commune_with_a_named_applicant(desk: Desk) -> None:
    """A department is not a commune; a nameless account must give its name first."""
    with pytest.raises(InvalidInput) as wrong_unit:
        await desk.assistants.apply(await desk.citizen(HELPER_PHONE), "000.00.01.H56", "")
    assert wrong_unit.value.errors[0].field == "unit"
    with pytest.raises(InvalidInput) as nameless:
        await desk.assistants.apply(await desk.citizen("+84900000003", ""), COMMUNE, "")
    assert nameless.value.errors[0].field == "full_name"


async def test_staff_and_anonymous_cannot_apply(desk: Desk) -> None:
    """Applying needs a citizen's sign-in."""
    with pytest.raises(Unauthenticated):
        await desk.assistants.apply(await desk.staff(COMMUNE), COMMUNE, "")
