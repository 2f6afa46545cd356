"""The statistics as a table: the province (or chosen unit) first, then each unit, as CSV or XLSX.

One row per unit with every counter and share of the period, plus the 766 group scores and the
total; counts and shares only, no dossier and no person. CSV is UTF-8 with a BOM so that Excel
opens Vietnamese text correctly; XLSX is written with openpyxl.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from core.stats import query, scorecard
from core.stats.tables import METRICS

HEADER = (
    "Mã đơn vị",
    "Đơn vị",
    "Từ ngày",
    "Đến ngày",
    *METRICS,
    "online_share",
    "online_payment_share",
    "components_digitised_share",
    "results_digitised_share",
    "satisfaction_share",
    "average_processing_days",
    "in_progress_on_time_now",
    "overdue_in_progress_now",
    "paused_now",
    *(f"score_{key}" for key in scorecard.GROUP_KEYS),
    "score_total",
)
Cell = str | int | float | None


def table(report: query.Report) -> list[list[Cell]]:
    """The header, the scope's row, then each unit's row in ranking order."""
    scope_code = report.unit.code if report.unit else ""
    scope_name = report.unit.name if report.unit else "Toàn tỉnh"
    rows: list[list[Cell]] = [list(HEADER)]
    rows.append(_row(report, scope_code, scope_name, report.figures, report.scorecard))
    for r in report.units:
        rows.append(_row(report, r.unit.code, r.unit.name, r.figures, r.scorecard))
    return rows


def as_csv(report: query.Report) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([[_inert(c) for c in row] for row in table(report)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(report: query.Report) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Thống kê"
    for row in table(report):
        sheet.append([_inert(c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _inert(cell: Cell) -> Cell:
    """A unit name an admin typed as "=..." stays text in a spreadsheet, never a formula."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def _row(
    report: query.Report,
    code: str,
    name: str,
    f: query.Figures,
    card: scorecard.Scorecard,
) -> list[Cell]:
    scores = card.by_key()
    return [
        code,
        name,
        report.period.start.isoformat(),
        report.period.end.isoformat(),
        *(f[m] for m in METRICS),
        f.online_share,
        f.online_payment_share,
        f.components_digitised_share,
        f.results_digitised_share,
        f.satisfaction_share,
        f.average_days,
        f.open.in_time,
        f.open.overdue,
        f.open.paused,
        *(scores[key] for key in scorecard.GROUP_KEYS),
        card.total,
    ]
