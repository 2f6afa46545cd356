"""Piccolo app for the uploads table and its migrations (after identity: it names citizens)."""

import os

from piccolo.conf.apps import AppConfig

from core.files.tables import Upload

APP_CONFIG = AppConfig(
    app_name="files",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Upload],
    migration_dependencies=["core.identity.piccolo_app"],
)
