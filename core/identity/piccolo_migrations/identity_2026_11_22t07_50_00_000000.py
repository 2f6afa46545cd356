"""The audit log becomes append-only at the database level (core.identity.audit_guard)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

from core.identity import audit_guard
from core.identity.tables import AuditEntry

ID = "2026-11-22T07:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit log: refuse UPDATE and DELETE"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="identity", description=DESCRIPTION)

    async def run() -> None:
        engine = AuditEntry._meta.db
        statements = audit_guard.SQLITE if isinstance(engine, SQLiteEngine) else audit_guard.POSTGRES
        for sql in statements:
            await AuditEntry.raw(sql)

    manager.add_raw(run)
    return manager
