"""Piccolo app for the outbox tables and their migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.outbox.tables import (
    DevMessage,
    Notification,
    NotificationChoice,
    OutboxAttempt,
    OutboxMessage,
)

APP_CONFIG = AppConfig(
    app_name="outbox",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[DevMessage, OutboxMessage, OutboxAttempt, Notification, NotificationChoice],
)
