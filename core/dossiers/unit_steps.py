"""Per-step accountability of a unit: how its hand-offs went against their allowances.

Every closed control-sheet row (form 06) a unit held counts once, by the step it performed:
early, on time or late, the working time used on average, and how many are held right now.
A unit head sees their unit's figures, an admin any unit's (core.identity.access).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from core.dossiers.tables import DossierStep
from core.identity import access
from core.identity.actor import Context
from core.identity.tables import Unit

NO_UNIT = "Không tìm thấy số liệu của đơn vị"


@dataclasses.dataclass(frozen=True, slots=True)
class StepFigures:
    position: int
    name: str
    early: int
    on_time: int
    late: int
    unjudged: int  # steps without a numeric allowance
    held_now: int
    average_minutes: int | None

    @property
    def closed(self) -> int:
        return self.early + self.on_time + self.late + self.unjudged


@dataclasses.dataclass(frozen=True, slots=True)
class UnitFigures:
    unit_code: str
    unit_name: str
    since: dt.datetime | None
    steps: tuple[StepFigures, ...]

    @property
    def late(self) -> int:
        return sum(s.late for s in self.steps)


async def figures(ctx: Context, unit_code: str, since: dt.datetime | None = None) -> UnitFigures:
    unit = await Unit.select(Unit.id, Unit.code, Unit.name).where(Unit.code == unit_code).first()
    access.ensure(unit is not None and access.can_view_unit_figures(ctx.actor, unit["id"]), NO_UNIT)
    assert unit is not None
    query = DossierStep.select(
        DossierStep.position,
        DossierStep.name,
        DossierStep.ended_at,
        DossierStep.verdict,
        DossierStep.used_minutes,
    ).where(DossierStep.unit == unit["id"])
    if since is not None:
        query = query.where(DossierStep.started_at >= since)
    counts: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    minutes: dict[tuple[int, str], list[int]] = defaultdict(list)
    for row in await query:
        key = (row["position"], row["name"])
        if row["ended_at"] is None:
            counts[key]["held_now"] += 1
            continue
        counts[key][row["verdict"] or "unjudged"] += 1
        if row["used_minutes"] is not None:
            minutes[key].append(row["used_minutes"])
    steps = tuple(
        StepFigures(
            position=position,
            name=name,
            early=counts[(position, name)]["early"],
            on_time=counts[(position, name)]["on_time"],
            late=counts[(position, name)]["late"],
            unjudged=counts[(position, name)]["unjudged"],
            held_now=counts[(position, name)]["held_now"],
            average_minutes=(
                round(sum(minutes[(position, name)]) / len(minutes[(position, name)]))
                if minutes[(position, name)]
                else None
            ),
        )
        for position, name in sorted(counts)
    )
    return UnitFigures(unit["code"], unit["name"], since, steps)
