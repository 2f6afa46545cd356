"""Piccolo app for the process tables and their migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.process.tables import Process, ProcessStep

APP_CONFIG = AppConfig(
    app_name="process",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Process, ProcessStep],
)
