"""Piccolo app for the feedback tables (ratings, follow-ups, complaints) and their migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.feedback.tables import Complaint, ComplaintSequence, FollowUp, Rating

APP_CONFIG = AppConfig(
    app_name="feedback",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Rating, FollowUp, Complaint, ComplaintSequence],
)
