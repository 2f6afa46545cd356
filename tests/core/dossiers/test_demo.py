"""Demo dossiers: two birth registrations at the demo counter, filed once however often run."""

from __future__ import annotations

from core.catalog.service import CatalogService
from core.dossiers.demo import DEMO_UNIT, load_demo_dossiers
from core.dossiers.status import Status
from core.dossiers.tables import Dossier
from tests.core.dossiers.conftest import World


async def test_two_dossiers_at_the_demo_counter_once(world: World, catalog: CatalogService) -> None:
    calendar = world.submissions._calendar
    first = await load_demo_dossiers(world.clock, catalog, world.uploads, calendar)
    again = await load_demo_dossiers(world.clock, catalog, world.uploads, calendar)
    assert first == again and len(first) == 2
    assert all(code.startswith(DEMO_UNIT) for code in first)
    rows = await Dossier.select(Dossier.status)
    assert [r["status"] for r in rows] == [Status.SUBMITTED.value] * 2
