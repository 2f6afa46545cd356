"""The admin's view of the audit log: filters from a form, pages, and CSV/JSON exports.

An export hands personal data out of the system, so it is itself a state change: it writes an
`audit.exported` row (format, filter, row count) in the transaction that reads the rows.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from typing import Any, Literal

from core.clock import VIETNAM
from core.database import write_transaction
from core.errors import FieldError, InvalidInput, PermissionDenied
from core.identity import audit
from core.identity.access import can_administer
from core.identity.actor import Context
from core.identity.audit import AuditFilter, AuditRow
from core.identity.tables import AuditEntry

ExportFormat = Literal["csv", "json"]
ACTOR_KINDS = ("citizen", "staff", "system", "anonymous")
MAX_TEXT = 64
PAGE_SIZE = 50
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
COLUMNS = tuple(f.name for f in dataclasses.fields(AuditRow))
BOM = "\ufeff"  # lets Excel read the CSV as UTF-8, so Vietnamese shows right
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

DATE_SHAPE = "a date like 31/12/2026 or 2026-12-31"
KIND_UNKNOWN = "one of citizen, staff, system, anonymous"
TOO_LONG = f"at most {MAX_TEXT} characters"
RANGE_BACKWARDS = "the end date is before the start date"


@dataclasses.dataclass(frozen=True, slots=True)
class FilterForm:
    """The filter as typed (echoed back in the form and in export links)."""

    action: str = ""
    actor_kind: str = ""
    unit_code: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: str = ""
    date_to: str = ""

    def items(self) -> dict[str, str]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v}


def parse_filter(form: FilterForm) -> AuditFilter:
    """The search filter a form asks for; every problem reported at once."""
    errors: list[FieldError] = []
    for name in ("action", "unit_code", "object_type", "object_id"):
        if len(getattr(form, name)) > MAX_TEXT:
            errors.append(FieldError(name, TOO_LONG))
    if form.actor_kind and form.actor_kind not in ACTOR_KINDS:
        errors.append(FieldError("actor_kind", KIND_UNKNOWN))
    since = _day(form.date_from, "date_from", errors)
    until = _day(form.date_to, "date_to", errors)
    if since and until and until < since:
        errors.append(FieldError("date_to", RANGE_BACKWARDS))
    if errors:
        raise InvalidInput("the audit filter is not valid", errors)
    return AuditFilter(
        action=form.action.strip() or None,
        actor_kind=form.actor_kind or None,
        unit_code=form.unit_code.strip().upper() or None,
        object_type=form.object_type.strip() or None,
        object_id=form.object_id.strip() or None,
        since=_start_of(since) if since else None,
        until=_start_of(until + dt.timedelta(days=1)) if until else None,  # the whole last day
    )


async def browse(ctx: Context, where: AuditFilter, *, page: int = 1) -> tuple[list[AuditRow], int]:
    """One page of matching rows, newest first, and the total; admins only."""
    _require_admin(ctx)
    return await audit.search(where, limit=PAGE_SIZE, offset=(max(page, 1) - 1) * PAGE_SIZE)


async def export(ctx: Context, form: FilterForm, fmt: ExportFormat) -> bytes:
    """Every matching row as CSV (UTF-8 with BOM, header row) or JSON; the export is audited."""
    _require_admin(ctx)
    where = parse_filter(form)
    async with write_transaction(AuditEntry._meta.db):
        rows = await audit.every(where)
        await audit.record(
            ctx,
            "audit.exported",
            object_type="audit_log",
            after={"format": fmt, "rows": len(rows), "filter": form.items()},
        )
    return _csv(rows) if fmt == "csv" else _json(rows, form)


def _require_admin(ctx: Context) -> None:
    if not can_administer(ctx.actor):
        raise PermissionDenied("only an admin reads the audit log")


def _day(text: str, field: str, errors: list[FieldError]) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(FieldError(field, DATE_SHAPE))
    return None


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight in Việt Nam: admins mean their own calendar days."""
    return dt.datetime.combine(day, dt.time(), tzinfo=VIETNAM)


def _plain(row: AuditRow) -> dict[str, Any]:
    data = dataclasses.asdict(row)
    data["at"] = row.at.isoformat()
    return data


def _json(rows: list[AuditRow], form: FilterForm) -> bytes:
    body = {"filter": form.items(), "count": len(rows), "items": [_plain(r) for r in rows]}
    return json.dumps(body, ensure_ascii=False, indent=1).encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    # A cell starting like a formula would run in a spreadsheet: keep it text.
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv(rows: list[AuditRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        data = _plain(row)
        writer.writerow(
            [_cell(data[c]) if c not in ("id", "actor_id") else data[c] for c in COLUMNS]
        )
    return (BOM + out.getvalue()).encode()
