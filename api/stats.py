"""GET /api/v1/stats: the public statistics of a unit (or the province) over a span of days.

Public and aggregate only: counts and shares, never a dossier or a person. Dates are ISO
(`2026-03-31`); a bad date, a reversed span, one over five years or an unknown unit is a 422
naming the parameter to fix.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import get
from litestar.datastructures import State
from litestar.params import QueryParameter

from core.clock import Clock, today_in_vietnam
from core.errors import InvalidInput, NotFound
from core.stats import periods, query

Text = Annotated[str | None, QueryParameter(description="see the endpoint description")]
From = Annotated[
    str | None, QueryParameter(name="from", description="first day, ISO (default 1 January)")
]
To = Annotated[str | None, QueryParameter(name="to", description="last day, ISO (default today)")]


class Channels(msgspec.Struct, frozen=True):
    online: int
    counter: int
    post: int


class Satisfaction(msgspec.Struct, frozen=True):
    rat_hai_long: int
    hai_long: int
    khong_hai_long: int
    satisfied_share: float | None


class GroupScore(msgspec.Struct, frozen=True):
    key: str
    name: str
    max: float
    score: float | None
    confirmed: bool  # False: the formula is motcua's provisional reading (scorecard-766.json)
    explanation: list[str]


class Stats(msgspec.Struct, frozen=True):
    unit: str | None
    unit_name: str
    from_: str = msgspec.field(name="from")
    to: str = ""
    as_of: str = ""
    received: int = 0
    received_by_channel: Channels = Channels(0, 0, 0)
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    in_progress_on_time: int = 0
    overdue_in_progress: int = 0
    paused: int = 0
    withdrawn: int = 0
    refused: int = 0
    stopped: int = 0
    supplement_requests: int = 0  # the clock paused for papers (status 5), in the period
    fee_requests: int = 0  # the clock paused for a fee (status 6), in the period
    extended: int = 0  # form 04 written in the period
    online_share: float | None = None
    full_online_share: float | None = None
    partial_online_share: float | None = None
    online_payment_share: float | None = None
    digitisation_share: float | None = None
    results_digitisation_share: float | None = None
    average_processing_days: float | None = None
    satisfaction: Satisfaction = Satisfaction(0, 0, 0, None)
    scores: dict[str, float | None] = msgspec.field(default_factory=dict)
    total_score: float = 0.0
    scorecard: list[GroupScore] = msgspec.field(default_factory=list)


@get("/stats", tags=["stats"], summary="Statistics and the Decision 766 scores of a unit")
async def stats(state: State, unit: Text = None, start: From = None, end: To = None) -> Stats:
    """Received (by channel), resolved early / on time / late, in progress on time / overdue
    and paused *now*, withdrawn, refused, stopped, online, online-payment and digitisation
    shares, satisfaction, average working days and the six 766 group scores with their
    explanation. `unit` (e-identifier) includes its sub-units; absent: the whole province.
    `on_time` excludes `early`; the national "đúng hạn" figure is their sum."""
    clock: Clock = state.clock
    period = periods.parse("", start or "", end or "", today=today_in_vietnam(clock))
    try:
        code = (unit or "").strip() or None
        report = await query.report(period, code, clock.now(), ranking=False)
    except NotFound as missing:
        raise InvalidInput.one("unit", f"{missing}; xem danh sách đơn vị ở /thong-ke") from None
    return as_json(report, clock.now().isoformat())


def as_json(report: query.Report, as_of: str) -> Stats:
    f = report.figures
    r = f.ratings
    return Stats(
        unit=report.unit.code if report.unit else None,
        unit_name=report.unit.name if report.unit else "Toàn tỉnh",
        from_=report.period.start.isoformat(),
        to=report.period.end.isoformat(),
        as_of=as_of,
        received=f.received,
        received_by_channel=Channels(
            f["received_online"], f["received_counter"], f["received_post"]
        ),
        resolved=f.resolved,
        early=f["resolved_early"],
        on_time=f["resolved_on_time"],
        late=f["resolved_late"],
        in_progress_on_time=f.open.in_time,
        overdue_in_progress=f.open.overdue,
        paused=f.open.paused,
        withdrawn=f["withdrawn"],
        refused=f["refused"],
        stopped=f["stopped"],
        supplement_requests=f["paused_supplement"],
        fee_requests=f["paused_fee"],
        extended=f["extended"],
        online_share=f.online_share,
        full_online_share=f.full_online_share,
        partial_online_share=f.partial_online_share,
        online_payment_share=f.online_payment_share,
        digitisation_share=f.components_digitised_share,
        results_digitisation_share=f.results_digitised_share,
        average_processing_days=f.average_days,
        satisfaction=Satisfaction(
            r["rat_hai_long"], r["hai_long"], r["khong_hai_long"], f.satisfaction_share
        ),
        scores=report.scorecard.by_key(),
        total_score=report.scorecard.total,
        scorecard=[
            GroupScore(
                g.group.key,
                g.group.name,
                g.group.max,
                g.score,
                g.confirmed,
                [f"{i.indicator.name}: {i.explanation}" for i in g.indicators],
            )
            for g in report.scorecard.groups
        ],
    )


ROUTES: list[Any] = [stats]
