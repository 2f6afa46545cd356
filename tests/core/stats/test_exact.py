"""Statistics are exact: a known history (tests.core.stats.history) gives hand-computed figures,
and `stats rebuild` recomputes from the dossier tables exactly what the recorder counted."""

from __future__ import annotations

import datetime as dt

from core.calendar.service import CalendarService
from core.dossiers.tables import Dossier, DossierStep
from core.stats import periods, query, rebuild
from core.stats.tables import METRICS, StatDay
from tests.core.dossiers.conftest import World
from tests.core.stats.history import (
    APRIL_29,
    COMMUNE,
    JUSTICE,
    MARCH_2,
    MARCH_3,
    MAY_4,
    NOW,
    History,
    at,
)

# What each day's counters must be at the commune, worked out by hand (see history.py).
EXPECTED_COMMUNE = {
    MARCH_2: {
        "received": 8,
        "received_online": 8,
        "received_digitised": 8,
        "refused": 1,  # D5
        "withdrawn": 1,  # D4
        "stopped": 1,  # D6
        "paused_fee": 1,  # D1
        "paused_supplement": 2,  # D2, D9
        "paid_online": 1,  # D1
        "resolved_early": 2,  # D1, D2
        "resolved_minutes": 35 + 60,
        "returned": 2,  # D1, D2
        "returned_digitised": 1,  # D1
        "extended": 1,  # D3
    },
    MARCH_3: {"resolved_late": 1, "resolved_extended": 1, "resolved_minutes": 550},  # D3
    APRIL_29: {"received": 1, "received_online": 1, "received_digitised": 1},  # D7
    MAY_4: {
        "resolved_on_time": 1,  # D7, across the holidays
        "resolved_minutes": 160,
        "received": 1,  # D10
        "received_online": 1,
        "received_digitised": 1,
        "rating_rat_hai_long": 2,
        "rating_khong_hai_long": 1,
    },
}
DOSSIER_METRICS = {m for day in EXPECTED_COMMUNE.values() for m in day}


async def stored() -> dict[tuple[str, dt.date], dict[str, int]]:
    return await rebuild.snapshot()


async def test_every_counter_matches_the_hand_computed_history(world: World) -> None:
    history = History(world)
    await history.build()
    d7 = await Dossier.select(Dossier.due_at).where(Dossier.code == history.codes["D7"]).first()
    assert d7 is not None and d7["due_at"] == at(MAY_4, 17)  # the holidays and weekend skipped
    snapshot = await stored()
    commune = {
        day: {k: v for k, v in c.items() if not k.startswith("step_")}
        for (unit, day), c in snapshot.items()
        if unit == COMMUNE
    }
    assert commune == EXPECTED_COMMUNE
    # per step, on the unit that held it: the same verdicts as the control sheet's closed rows
    steps = await DossierStep.select(
        DossierStep.unit.code.as_alias("unit"), DossierStep.verdict, DossierStep.ended_at
    ).where(DossierStep.verdict != "")
    sheet: dict[tuple[str, dt.date], dict[str, int]] = {}
    for s in steps:
        day = s["ended_at"].astimezone(NOW.tzinfo).date()
        key = f"step_{s['verdict']}"
        counts = sheet.setdefault((s["unit"], day), {})
        counts[key] = counts.get(key, 0) + 1
    step_counters = {
        k: {m: n for m, n in c.items() if m.startswith("step_")} for k, c in snapshot.items()
    }
    assert {k: v for k, v in step_counters.items() if v} == sheet
    assert sum(sum(c.values()) for c in sheet.values()) >= 10  # every approval and hand-off
    assert {unit for unit, _ in sheet} == {COMMUNE, JUSTICE}
    # JUSTICE received nothing: it only held steps
    assert all(
        set(c) <= {"step_early", "step_on_time", "step_late"}
        for (unit, _), c in snapshot.items()
        if unit == JUSTICE
    )


async def test_rebuild_gives_the_same_counters_as_the_recorder(world: World) -> None:
    history = History(world)
    await history.build()
    incremental = await stored()
    await StatDay.raw("UPDATE stat_day SET received = received + 5, resolved_late = 0")
    written = await rebuild.rebuild(CalendarService(world.clock))
    assert written == len(incremental)
    assert await stored() == incremental  # ratings kept, everything else recomputed


async def test_the_report_for_the_year(world: World) -> None:
    history = History(world)
    await history.build()
    report = await query.report(periods.of_year(2026), None, NOW)
    f = report.figures
    assert (f.received, f["received_online"], f["received_counter"], f["received_post"]) == (
        10,
        10,
        0,
        0,
    )
    assert (f["resolved_early"], f["resolved_on_time"], f["resolved_late"]) == (2, 1, 1)
    assert (f["refused"], f["withdrawn"], f["stopped"]) == (1, 1, 1)
    assert f.open == query.OpenNow(in_time=1, overdue=1, paused=1)  # D10, D8, D9
    assert f.online_share == 1.0 and f.full_online_share == 0.0
    assert f.partial_online_share == 1.0
    assert f.online_payment_share is None  # no dossier owed a fee at filing
    assert f.components_digitised_share == 1.0
    assert f.results_digitised_share == 0.5
    assert f.ratings == {"rat_hai_long": 2, "hai_long": 0, "khong_hai_long": 1}
    assert f.satisfaction_share == round(2 / 3, 4)
    assert f.average_days == round((35 + 60 + 550 + 160) / 4 / 480, 2)
    scores = report.scorecard.by_key()
    assert scores["TDGQ"] == 6.0  # (2 early + 1 on time) / 10 received × 20
    assert scores["MDHL"] == 12.0  # 2/3 × 18
    assert scores["MDSH"] == 16.5  # 10/10 × 11 + 1/2 × 11
    assert scores["TTTT"] is None
    assert scores["DVCTT"] == 8.0  # 100 % online: 8; none "toàn trình": 0
    assert scores["CKMB"] == 18.0  # all published: 9; the one late dossier had form 04: 9
    assert report.scorecard.total == 18.0 + 6.0 + 8.0 + 12.0 + 16.5
    assert [r.unit.code for r in report.units] == [COMMUNE, JUSTICE]
    steps = {r.unit.code: r.figures for r in report.units}
    assert [(u.code, late, total) for u, late, total in report.step_delays] == sorted(
        (
            (code, f["step_late"], f["step_early"] + f["step_on_time"] + f["step_late"])
            for code, f in steps.items()
            if f["step_late"]
        ),
        key=lambda d: (-d[1], {COMMUNE: "UBND", JUSTICE: "Sở"}[d[0]]),
    )
    months = {b.label: fig for b, fig in report.trend}
    assert len(months) == 12
    assert months["03/2026"].received == 8 and months["03/2026"]["resolved_late"] == 1
    assert months["04/2026"].received == 1 and months["05/2026"].received == 1


async def test_a_unit_and_a_month(world: World) -> None:
    history = History(world)
    await history.build()
    march = await query.report(periods.of_month(2026, 3), COMMUNE, NOW)
    assert march.figures.received == 8
    assert march.figures.resolved == 3
    assert len(march.trend) == 31 and march.trend[2][1]["resolved_late"] == 1  # 03/03
    day = await query.report(periods.parse("2026-05-04", today=MAY_4), COMMUNE, NOW)
    assert day.figures.received == 1 and day.figures["resolved_on_time"] == 1
    justice = await query.report(periods.of_year(2026), JUSTICE, NOW)
    assert justice.figures.received == 0
    assert justice.figures.open == query.OpenNow()


async def test_months_are_kept_equal_to_the_sum_of_their_days(world: World) -> None:
    """The triggers: stat_month is the sum of stat_day per unit and month, after the recorder's
    upserts and after a rebuild; a period cut mid-month adds whole months and loose days."""
    history = History(world)
    await history.build()
    for _ in range(2):
        days = await rebuild.snapshot()
        months: dict[tuple[str, dt.date], dict[str, int]] = {}
        for (unit, day), counts in days.items():
            month = months.setdefault((unit, day.replace(day=1)), {})
            for name, n in counts.items():
                month[name] = month.get(name, 0) + n
        stored = await StatDay.raw("SELECT * FROM stat_month")
        as_stored = {
            (r["unit_code"], query._date(r["month"])): {
                m: int(r[m]) for m in months.get((r["unit_code"], query._date(r["month"])), {})
            }
            for r in stored
        }
        assert as_stored == months
        assert all(sum(int(r[m]) for m in METRICS) > 0 for r in stored)
        await rebuild.rebuild(CalendarService(world.clock))
    span = await query.totals(dt.date(2026, 3, 2), dt.date(2026, 5, 4), None)
    assert span[COMMUNE]["received"] == 10 and span[COMMUNE]["resolved_early"] == 2
    assert query._pieces(dt.date(2026, 3, 2), dt.date(2026, 5, 4)) == [
        ("stat_month", dt.date(2026, 4, 1), dt.date(2026, 4, 1)),
        ("stat_day", dt.date(2026, 3, 2), dt.date(2026, 3, 31)),
        ("stat_day", dt.date(2026, 5, 1), dt.date(2026, 5, 4)),
    ]
    assert query._pieces(dt.date(2026, 3, 3), dt.date(2026, 3, 30)) == [
        ("stat_day", dt.date(2026, 3, 3), dt.date(2026, 3, 30))
    ]
    quarter = await query.report(periods.parse("2026-Q1", today=MAY_4), COMMUNE, NOW)
    assert quarter.figures.received == 8 and len(quarter.trend) == 3
