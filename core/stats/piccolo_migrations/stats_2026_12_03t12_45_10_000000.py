"""One row per (unit, day): the upsert's conflict target and the index every period query walks."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from core.stats.tables import StatDay

ID = "2026-12-03T12:45:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "stats: unique (unit_code, day), index on day"
# Indexes, not a table constraint: SQLite cannot add a constraint to an existing table.
SQL = (
    'CREATE UNIQUE INDEX stat_day_unit_day ON "stat_day" ("unit_code", "day")',
    'CREATE INDEX stat_day_day ON "stat_day" ("day")',
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="stats", description=DESCRIPTION)

    async def run() -> None:
        for sql in SQL:
            await StatDay.raw(sql)

    manager.add_raw(run)
    return manager
