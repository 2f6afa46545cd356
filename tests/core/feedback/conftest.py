"""Factories for feedback tests: a returned dossier of the commune, its owner, the unit's staff."""

from __future__ import annotations

import dataclasses

import pytest

from core.calendar.service import CalendarService
from core.catalog.service import CatalogService
from core.dossiers.actions import ActionRequest
from core.feedback.complaints import ComplaintService
from core.feedback.follow_ups import FollowUpService
from core.feedback.ratings import RatingService
from core.identity.actor import Actor, Context
from core.identity.tables import StaffRole, StaffUser, Unit
from tests.core.dossiers.conftest import World
from tests.core.dossiers.conftest import world as world  # the fixture, re-exported

COMMUNE = "000.10.11.H56"  # UBND phường Hạc Thành (demo units)
OTHER_COMMUNE = "000.10.12.H56"


async def staff(unit_code: str, *roles: str, staff_id: int = 7) -> Context:
    unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
    assert unit is not None
    actor = Actor(
        "staff",
        id=staff_id,
        label=f"{roles[0]} {unit_code}",
        roles=frozenset(roles),
        unit_id=unit["id"],
        unit_code=unit_code,
    )
    return Context(actor, "10.0.0.2")


async def head_account(desk_world: World, unit_code: str = COMMUNE) -> Context:
    """A real head's account in `unit_code` (the follow-up notice goes to it)."""
    unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
    assert unit is not None
    row = await StaffUser.insert(
        StaffUser(
            username=f"head-{unit_code}",
            full_name="Lê Văn Trưởng",
            password_hash="x",
            totp_secret="x",
            unit=unit["id"],
            created_at=desk_world.clock.now(),
        )
    ).returning(StaffUser.id)
    await StaffRole.insert(StaffRole(staff=row[0]["id"], role="head"))
    return await staff(unit_code, "head", staff_id=row[0]["id"])


@dataclasses.dataclass
class Desk:
    world: World
    ratings: RatingService
    follow_ups: FollowUpService
    complaints: ComplaintService

    async def filed(self, key: str = "key-fb-000001") -> tuple[Context, str]:
        """A birth registration filed online at the commune by a new citizen."""
        await self.world.processes.load_bundled()
        citizen = await self.world.citizen(phone=f"+8491{abs(hash(key)) % 10**7:07d}")
        submission = await self.world.birth(citizen)
        submission = type(submission)(
            submission.procedure_code, submission.fields, submission.documents, COMMUNE
        )
        return citizen, (await self.world.submissions.submit(citizen, submission, key)).code

    async def act(self, code: str, action: str, **fields: object) -> None:
        roles = ("head",) if action == "approve" else ("officer",)
        ctx = await staff(COMMUNE, *roles, staff_id=8 if action == "approve" else 7)
        await self.world.workflow.act(ctx, code, ActionRequest(action, **fields))  # type: ignore[arg-type]

    async def returned(self, key: str = "key-fb-000001") -> tuple[Context, str]:
        """A dossier whose result was returned at the counter: ready to be rated."""
        citizen, code = await self.filed(key)
        for action in ("receive", "forward", "approve"):
            await self.act(code, action)
        await self.act(code, "return_result", via="counter")
        return citizen, code


@pytest.fixture
async def desk(world: World, catalog: CatalogService) -> Desk:
    complaints = ComplaintService(world.clock, CalendarService(world.clock), catalog)
    return Desk(world, RatingService(world.clock), FollowUpService(world.clock), complaints)
