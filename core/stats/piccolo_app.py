"""Piccolo app for the statistics counters and their migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.stats.tables import StatDay, StatMonth

APP_CONFIG = AppConfig(
    app_name="stats",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[StatDay, StatMonth],
)
