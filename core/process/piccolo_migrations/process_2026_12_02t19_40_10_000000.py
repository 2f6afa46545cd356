"""One row per (procedure code, version): two saves cannot both write the same version."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.process.tables import Process

ID = "2026-12-02T19:40:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "process: unique (procedure_code, version)"
# A unique index, not a table constraint: SQLite cannot add a constraint to an existing table.
SQL = 'CREATE UNIQUE INDEX process_code_version ON "process" ("procedure_code", "version")'


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="process", description=DESCRIPTION)

    async def run() -> None:
        await Process.raw(SQL)

    manager.add_raw(run)
    return manager
