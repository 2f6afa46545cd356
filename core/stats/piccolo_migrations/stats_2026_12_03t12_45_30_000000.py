"""stat_month's unique index, and the triggers that keep it the sum of stat_day (issue 8)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

from core.stats import month_triggers
from core.stats.tables import StatMonth

ID = "2026-12-03T12:45:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "stats: unique (unit_code, month); triggers from stat_day to stat_month"
# The counters as they were at this migration: a later column needs its own trigger migration.
METRICS = (
    "received",
    "received_online",
    "received_counter",
    "received_post",
    "received_full_online",
    "received_with_fee",
    "received_digitised",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_minutes",
    "resolved_extended",
    "refused",
    "withdrawn",
    "stopped",
    "paused_supplement",
    "paused_fee",
    "extended",
    "returned",
    "returned_digitised",
    "paid_online",
    "step_early",
    "step_on_time",
    "step_late",
    "rating_rat_hai_long",
    "rating_hai_long",
    "rating_khong_hai_long",
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="stats", description=DESCRIPTION)

    async def run() -> None:
        await StatMonth.raw(
            'CREATE UNIQUE INDEX stat_month_unit_month ON "stat_month" ("unit_code", "month")'
        )
        await StatMonth.raw('CREATE INDEX stat_month_month ON "stat_month" ("month")')
        sqlite = isinstance(StatMonth._meta.db, SQLiteEngine)
        statements = month_triggers.sqlite if sqlite else month_triggers.postgres
        for sql in statements(METRICS):
            await StatMonth.raw(sql)

    manager.add_raw(run)
    return manager
