"""The unit's per-step page over HTTP: the head sees it, an officer gets 404."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.clock import SystemClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.tables import StaffUser, Unit
from core.identity.units import UnitService
from tests.web.test_admin_pages import PROVINCE, make_province, sign_in

Client = AsyncTestClient[Litestar]


async def signed_in_at_province(client: Client, *roles: str) -> None:
    staff_id = await sign_in(client, username="lanhdao", roles=roles)
    unit = await Unit.select(Unit.id).where(Unit.code == PROVINCE).first()
    assert unit is not None
    await StaffUser.update({StaffUser.unit: unit["id"]}).where(StaffUser.id == staff_id)


async def test_the_head_sees_the_page_and_an_officer_does_not(client: Client) -> None:
    await make_province()
    await signed_in_at_province(client, "head")
    page = await client.get("/staff/unit-steps")
    assert page.status_code == 200 and "Tiến độ từng bước" in page.text
    assert "chưa xử lý bước nào" in page.text
    assert "/staff/unit-steps" in (await client.get("/staff")).text


async def test_an_officer_gets_404(client: Client) -> None:
    await make_province()
    await UnitService(SystemClock()).create(
        SYSTEM_CONTEXT,
        code="000.00.01.H56",
        name="Sở Tư pháp",
        kind="department",
        parent_code=PROVINCE,
    )
    await signed_in_at_province(client, "officer")
    assert (await client.get("/staff/unit-steps")).status_code == 404
    assert (await client.get("/staff/unit-steps?unit=000.00.01.H56")).status_code == 404
