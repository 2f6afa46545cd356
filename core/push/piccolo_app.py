"""Piccolo app for the push subscription table and its migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.push.tables import PushSubscription

APP_CONFIG = AppConfig(
    app_name="push",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[PushSubscription],
)
