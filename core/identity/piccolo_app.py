"""Piccolo app for the identity tables and their migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.identity.tables import (
    AuditEntry,
    AuthToken,
    Citizen,
    OtpChallenge,
    RateEvent,
    StaffRole,
    StaffUser,
    Unit,
)

APP_CONFIG = AppConfig(
    app_name="identity",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        Unit,
        Citizen,
        StaffUser,
        StaffRole,
        OtpChallenge,
        AuthToken,
        RateEvent,
        AuditEntry,
    ],
)
