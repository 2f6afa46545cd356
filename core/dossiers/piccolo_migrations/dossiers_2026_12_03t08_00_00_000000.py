from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-03T08:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "dossiers: fee_items, the fee frozen item by item at filing"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="dossiers", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Dossier",
        tablename="dossier",
        column_name="fee_items",
        db_column_name="fee_items",
        column_class_name="JSON",
        column_class=JSON,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
