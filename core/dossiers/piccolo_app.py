"""Piccolo app for the dossier tables and their migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.dossiers.tables import (
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierPause,
    DossierSequence,
    DossierStep,
    Draft,
    FrozenProcedure,
    ReminderSent,
)

APP_CONFIG = AppConfig(
    app_name="dossiers",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        FrozenProcedure,
        Dossier,
        DossierDocument,
        DossierEvent,
        DossierSequence,
        Draft,
        DossierStep,
        DossierPause,
        ReminderSent,
    ],
)
