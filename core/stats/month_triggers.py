"""The triggers that keep `stat_month` equal to the sum of `stat_day` per unit and month.

Every change of a day row (the recorder's upsert, a rebuild's insert) adds the difference to its
month row in the same statement, so the application still writes one statement per event and
both tables always commit together. Deleting day rows does not touch the months: a rebuild
empties both tables itself. The SQL is generated from a list of counters for SQLite and
PostgreSQL; a migration passes the list as it was then.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.stats.tables import METRICS


def _upsert(metrics: Sequence[str], month: str, value: str) -> str:
    columns = ", ".join(metrics)
    values = ", ".join(value.format(m=m) for m in metrics)
    adds = ", ".join(f"{m} = stat_month.{m} + excluded.{m}" for m in metrics)
    return (
        f"INSERT INTO stat_month (unit_code, month, {columns}) "  # noqa: S608 - names from METRICS
        f"VALUES (NEW.unit_code, {month}, {values}) "
        f"ON CONFLICT (unit_code, month) DO UPDATE SET {adds}"
    )


def sqlite(metrics: Sequence[str] = METRICS) -> Sequence[str]:
    month = "substr(NEW.day, 1, 7) || '-01'"
    return (
        "DROP TRIGGER IF EXISTS stat_day_month_insert",
        "DROP TRIGGER IF EXISTS stat_day_month_update",
        "CREATE TRIGGER stat_day_month_insert AFTER INSERT ON stat_day BEGIN "
        + _upsert(metrics, month, "NEW.{m}")
        + "; END",
        "CREATE TRIGGER stat_day_month_update AFTER UPDATE ON stat_day BEGIN "
        + _upsert(metrics, month, "NEW.{m} - OLD.{m}")
        + "; END",
    )


def postgres(metrics: Sequence[str] = METRICS) -> Sequence[str]:
    month = "date_trunc('month', NEW.day)::date"
    return (
        "CREATE OR REPLACE FUNCTION stat_day_month_insert() RETURNS trigger AS $$ BEGIN "
        + _upsert(metrics, month, "NEW.{m}")
        + "; RETURN NULL; END $$ LANGUAGE plpgsql",
        "CREATE OR REPLACE FUNCTION stat_day_month_update() RETURNS trigger AS $$ BEGIN "
        + _upsert(metrics, month, "NEW.{m} - OLD.{m}")
        + "; RETURN NULL; END $$ LANGUAGE plpgsql",
        "DROP TRIGGER IF EXISTS stat_day_month_insert ON stat_day",
        "DROP TRIGGER IF EXISTS stat_day_month_update ON stat_day",
        "CREATE TRIGGER stat_day_month_insert AFTER INSERT ON stat_day "
        "FOR EACH ROW EXECUTE FUNCTION stat_day_month_insert()",
        "CREATE TRIGGER stat_day_month_update AFTER UPDATE ON stat_day "
        "FOR EACH ROW EXECUTE FUNCTION stat_day_month_update()",
    )
