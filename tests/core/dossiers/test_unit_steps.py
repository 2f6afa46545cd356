"""A unit's per-step figures: each held step counted once as early, on time or late."""

from __future__ import annotations

import pytest

from core.dossiers import unit_steps
from core.errors import NotFound
from tests.core.dossiers.conftest import World
from tests.core.dossiers.test_workflow import COMMUNE, JUSTICE, act, file_at_commune, later, staff


async def test_the_commune_sees_its_receipt_on_time_and_its_late_appraisal(world: World) -> None:
    """Receipt in 10 minutes (allowed 1 h), appraisal 09:10–15:00 = 4 h 20 (allowed 4 h), then the
    dossier held by the department: one early-or-on-time, one late, one held elsewhere."""
    _, code = await file_at_commune(world)
    counter = await staff(COMMUNE, "officer")
    later(world, 10)
    await act(world, counter, code, "receive")
    later(world, 6 * 60 - 10)  # 15:00
    await act(world, counter, code, "forward", unit=JUSTICE)
    figures = await unit_steps.figures(await staff(COMMUNE, "head", staff_id=8), COMMUNE)
    by_position = {s.position: s for s in figures.steps}
    assert by_position[1].closed == 1 and by_position[1].late == 0
    assert by_position[2].late == 1 and by_position[2].average_minutes == 260  # 140 + 120
    assert figures.late == 1
    justice = await unit_steps.figures(await staff(JUSTICE, "admin", staff_id=9), JUSTICE)
    assert [(s.position, s.held_now, s.closed) for s in justice.steps] == [(3, 1, 0)]


@pytest.mark.parametrize("roles", [("officer",), ("head",)])
async def test_only_the_units_head_or_an_admin_sees_them(world: World, roles: tuple[str]) -> None:
    """An officer of the unit, or the head of another unit: not found."""
    unit = COMMUNE if roles == ("officer",) else JUSTICE
    with pytest.raises(NotFound):
        await unit_steps.figures(await staff(unit, *roles), COMMUNE)
