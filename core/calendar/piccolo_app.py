"""Piccolo app for the calendar tables and their migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.calendar.tables import CalendarOverride, UnitWorkingHours

APP_CONFIG = AppConfig(
    app_name="calendar",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[CalendarOverride, UnitWorkingHours],
)
