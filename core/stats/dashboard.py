"""Who sees which statistics: the public page shows everything aggregate; the manager dashboard
(/staff/stats) opens on the head's own unit, and an admin may look at any unit or the province.

Figures are counts and shares only, so the public page and the exports carry no personal data.
"""

from __future__ import annotations

import datetime as dt

from core.errors import NotFound
from core.identity import access
from core.identity.actor import Context
from core.identity.tables import Unit
from core.stats import query
from core.stats.periods import Period

NO_FIGURES = "Không tìm thấy số liệu của đơn vị"


async def public_report(period: Period, unit_code: str, now: dt.datetime) -> query.Report:
    """The public page's figures: a unit (with its sub-units) or, without one, the province."""
    return await query.report(period, unit_code.strip() or None, now)


async def staff_report(
    ctx: Context, period: Period, unit_code: str, now: dt.datetime
) -> query.Report:
    """A head's unit by default; another unit, or the province (`unit_code` empty for an
    admin), only for whom core.identity.access allows it. Others meet "not found"."""
    actor = ctx.actor
    code = unit_code.strip() or ("" if access.can_administer(actor) else actor.unit_code or "")
    if not code:
        access.ensure(access.can_administer(actor), NO_FIGURES)
        return await query.report(period, None, now)
    unit = await Unit.select(Unit.id).where(Unit.code == code).first()
    access.ensure(unit is not None and access.can_view_unit_figures(actor, unit["id"]), NO_FIGURES)
    try:
        return await query.report(period, code, now)
    except NotFound:
        raise NotFound(NO_FIGURES) from None
