"""Piccolo app for the catalog tables and their migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.catalog.tables import (
    CatalogRevision,
    LifeEventRecord,
    ProcedureRecord,
    ProcedureVersion,
)

APP_CONFIG = AppConfig(
    app_name="catalog",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[ProcedureRecord, ProcedureVersion, CatalogRevision, LifeEventRecord],
)
