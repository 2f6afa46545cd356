"""Piccolo app for the dev outbox table and its migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.outbox.tables import DevMessage

APP_CONFIG = AppConfig(
    app_name="outbox",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[DevMessage],
)
