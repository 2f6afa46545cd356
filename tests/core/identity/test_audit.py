"""The audit log is append-only: the database refuses changes, and no code path tries any."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.clock import SystemClock
from core.database import write_transaction
from core.errors import InvalidInput, PermissionDenied
from core.identity import audit
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.audit_export import FilterForm, export, parse_filter
from core.identity.tables import AuditEntry, Unit
from core.identity.units import UnitService

REPO = Path(__file__).resolve().parents[3]
SCANNED = ("core", "api", "web", "payments")
ADMIN = Context(Actor("staff", 1, "quantri", frozenset({"admin"})), "10.0.0.1")
# A call that would change audit rows through the ORM, or SQL that would.
ORM_CHANGE = re.compile(r"AuditEntry\s*\.\s*(update|delete)\s*\(")
SQL_CHANGE = re.compile(
    r"(UPDATE\s+\"?audit_log\b|DELETE\s+FROM\s+\"?audit_log\b|TRUNCATE\b[^\n]*audit_log)",
    re.IGNORECASE,
)


async def one_row() -> dict[str, object]:
    await audit.record(ADMIN, "unit.created", object_type="unit", object_id="X", after={"a": 1})
    row = await AuditEntry.select().output(load_json=True).first()
    assert row is not None
    return row


async def test_database_refuses_orm_update(db: None) -> None:
    """AuditEntry.update(...) fails in the database and the row stays as written."""
    row = await one_row()
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.update({AuditEntry.action: "forged"}, force=True)
    assert await AuditEntry.select().output(load_json=True).first() == row


async def test_database_refuses_orm_delete(db: None) -> None:
    """AuditEntry.delete(...) fails in the database and the row is still there."""
    row = await one_row()
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.delete(force=True)
    assert await AuditEntry.select().output(load_json=True).first() == row


async def test_database_refuses_raw_sql_update_and_delete(db: None) -> None:
    """Raw UPDATE and DELETE statements fail too, on SQLite and on PostgreSQL."""
    row = await one_row()
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.raw("UPDATE audit_log SET action = 'forged'")
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.raw("DELETE FROM audit_log")
    assert await AuditEntry.select().output(load_json=True).first() == row


def test_no_code_path_updates_or_deletes_audit_rows() -> None:
    """No module under core/, api/, web/ or payments/ updates or deletes audit rows.

    The only place allowed to name such SQL is the guard that forbids it (its trigger bodies).
    """
    offenders: list[str] = []
    for top in SCANNED:
        for path in sorted((REPO / top).rglob("*.py")):
            if path.name == "audit_guard.py" or "piccolo_migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in (ORM_CHANGE, SQL_CHANGE):
                offenders += [
                    f"{path.relative_to(REPO)}: {m.group(0)}" for m in pattern.finditer(text)
                ]
    assert offenders == []


def test_the_scan_would_catch_an_offender() -> None:
    """The patterns match the ways a change would be written (so the scan is not vacuous)."""
    for line in (
        "await AuditEntry.update({AuditEntry.action: 'x'})",
        "AuditEntry .delete(force=True)",
        'await engine.run_ddl("update audit_log set detail = 1")',
        "DELETE FROM audit_log WHERE id = 1",
    ):
        assert ORM_CHANGE.search(line) or SQL_CHANGE.search(line), line


async def test_a_failed_change_leaves_no_audit_row(db: None) -> None:
    """The unit and its audit row share a transaction: a refused create writes neither."""
    service = UnitService(SystemClock())
    with pytest.raises(InvalidInput):
        await service.create(ADMIN, code="bad", name="", kind="province")
    assert await AuditEntry.count() == 0 and await Unit.count() == 0


async def test_a_rolled_back_transaction_takes_its_audit_row_with_it(db: None) -> None:
    """If the change fails after the audit row was written, both roll back."""

    async def change_that_fails() -> None:
        async with write_transaction(AuditEntry._meta.db):
            await audit.record(ADMIN, "unit.created", object_type="unit", object_id="Y")
            raise RuntimeError("the change failed half-way")

    with pytest.raises(RuntimeError):
        await change_that_fails()
    assert await AuditEntry.count() == 0


def test_filter_parses_both_date_formats_and_covers_the_whole_last_day() -> None:
    """31/12/2026 and 2026-12-31 are the same day; `to` includes that whole day."""
    a = parse_filter(FilterForm(date_from="01/12/2026", date_to="31/12/2026"))
    b = parse_filter(FilterForm(date_from="2026-12-01", date_to="2026-12-31"))
    assert a == b
    assert a.since is not None and a.until is not None
    assert (a.until - a.since).days == 31


def test_filter_reports_every_problem() -> None:
    """Bad dates, an unknown actor kind and an over-long action are reported together."""
    with pytest.raises(InvalidInput) as caught:
        parse_filter(FilterForm(action="x" * 65, actor_kind="robot", date_from="mai"))
    assert {e.field for e in caught.value.errors} == {"action", "actor_kind", "date_from"}
    with pytest.raises(InvalidInput) as caught:
        parse_filter(FilterForm(date_from="2026-12-31", date_to="2026-12-01"))
    assert caught.value.errors[0].field == "date_to"


async def test_only_an_admin_exports(db: None) -> None:
    """An export by anyone but an admin is refused and leaves no row."""
    officer = Context(Actor("staff", 2, "canbo", frozenset({"officer"})))
    for ctx in (officer, SYSTEM_CONTEXT):
        with pytest.raises(PermissionDenied):
            await export(ctx, FilterForm(), "json")
    assert await AuditEntry.count() == 0


async def test_export_is_itself_audited(db: None) -> None:
    """An export writes audit.exported with the format, filter and number of rows."""
    await one_row()
    await export(ADMIN, FilterForm(action="unit.created"), "csv")
    row = (
        await AuditEntry.select()
        .where(AuditEntry.action == "audit.exported")
        .output(load_json=True)
        .first()
    )
    assert row is not None
    assert row["after"] == {"format": "csv", "rows": 1, "filter": {"action": "unit.created"}}
    assert row["client_address"] == "10.0.0.1"
