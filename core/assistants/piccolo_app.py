"""Piccolo app for the assistant tables and their migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.assistants.tables import Assistant, Consent

APP_CONFIG = AppConfig(
    app_name="assistants",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Assistant, Consent],
)
