"""Factories for assistant tests: the dossier services, an SMS inbox, commune staff, citizens,
an approved assistant, and a confirmed consent."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest

from core.assistants.consents import ConsentRequest
from core.assistants.service import AssistantService
from core.catalog.service import CatalogService
from core.dossiers.actions import ActionRequest
from core.dossiers.drafts import DraftService
from core.dossiers.status import Status
from core.identity.actor import Actor, Context
from core.identity.tables import Citizen, StaffRole, StaffUser, Unit
from tests.core.dossiers.conftest import BIRTH, World
from tests.core.dossiers.conftest import world as world  # the dossier services, reused

COMMUNE = "000.10.11.H56"  # UBND phường Hạc Thành (demo units)
OTHER_COMMUNE = "000.10.12.H56"  # UBND xã Đông Sơn
HELPER_PHONE = "+84900000002"
FARMER_PHONE = "+84912345678"
_staff_numbers = itertools.count(1)


class Inbox:
    """The SMS port in memory: what was sent to whom."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))

    def last_code(self) -> str:
        found = re.search(r"mã (\d{6})", self.sent[-1][1])
        assert found
        return found.group(1)


@dataclasses.dataclass
class Desk:
    world: World
    inbox: Inbox
    drafts: DraftService
    assistants: AssistantService

    async def staff(self, unit_code: str = COMMUNE, role: str = "officer") -> Context:
        """A real staff account of the unit (decisions name them by foreign key)."""
        unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
        assert unit is not None
        row = StaffUser(
            username=f"{role}.{next(_staff_numbers)}",
            full_name=f"Cán bộ {unit_code}",
            password_hash="not-a-real-hash",
            totp_secret="JBSWY3DPEHPK3PXP",
            unit=unit["id"],
            created_at=self.world.clock.now(),
        )
        await StaffUser.insert(row)
        await StaffRole.insert(StaffRole(staff=row.id, role=role))
        actor = Actor("staff", row.id, row.username, frozenset({role}), unit["id"], unit_code)
        return Context(actor, "10.0.0.2")

    async def citizen(self, phone: str, name: str = "Lò Văn Nông") -> Context:
        made = await Citizen.insert(
            Citizen(phone=phone, full_name=name, created_at=self.world.clock.now())
        ).returning(Citizen.id)
        return Context(Actor("citizen", made[0]["id"], name), "203.0.113.9")

    async def helper(self, phone: str = HELPER_PHONE, unit_code: str = COMMUNE) -> Context:
        """An assistant the commune's officer approved."""
        ctx = await self.citizen(phone, "Hà Thị Hỗ Trợ")
        view = await self.assistants.apply(ctx, unit_code, "Đoàn viên thanh niên")
        await self.assistants.decide(await self.staff(unit_code), view.id, "approve", "")
        return ctx

    async def ask(
        self, helper: Context, phone: str = FARMER_PHONE, procedure: str = BIRTH
    ) -> tuple[ConsentRequest, str]:
        """A consent request and the code the citizen received."""
        asked = await self.assistants.ask_consent(helper, phone, procedure)
        return asked, self.inbox.last_code()

    async def consented(self, helper: Context, phone: str = FARMER_PHONE) -> int:
        """A confirmed consent for a birth registration; its id."""
        asked, code = await self.ask(helper, phone)
        await self.assistants.confirm(helper, asked.id, code)
        return asked.id

    async def act(self, ctx: Context, code: str, action: str, **fields: object) -> Status:
        done = await self.world.workflow.act(ctx, code, ActionRequest(action, **fields))  # type: ignore[arg-type]
        return Status(done.status)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
async def desk(world: World, catalog: CatalogService) -> Desk:
    inbox = Inbox()
    drafts = DraftService(world.clock, catalog)
    service = AssistantService(
        world.clock,
        inbox,
        "test-secret-for-consent-codes",
        world.submissions,
        world.transitions,
        world.uploads,
        drafts,
    )
    return Desk(world, inbox, drafts, service)
