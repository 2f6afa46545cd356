"""The demo assistant: approved at the demo commune, made once however often run."""

from __future__ import annotations

from core.assistants.demo import DEMO_NAME, DEMO_PHONE, DEMO_UNIT, load_demo_assistant
from core.identity.actor import Actor, Context
from core.identity.tables import Citizen
from tests.core.assistants.conftest import Desk


async def test_the_demo_assistant_is_made_once_and_approved(desk: Desk) -> None:
    """Twice run, one approved assistant at Hạc Thành with the demo number and name."""
    assert await load_demo_assistant(desk.world.clock) is True
    assert await load_demo_assistant(desk.world.clock) is False
    people = await Citizen.select(Citizen.id, Citizen.full_name).where(Citizen.phone == DEMO_PHONE)
    assert len(people) == 1 and people[0]["full_name"] == DEMO_NAME
    ctx = Context(Actor("citizen", people[0]["id"], DEMO_NAME))
    me = await desk.assistants.mine(ctx)
    assert me is not None and (me.status, me.unit_code) == ("approved", DEMO_UNIT)
