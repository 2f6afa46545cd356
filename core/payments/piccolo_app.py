"""Piccolo app for the payment tables and their migrations."""

import os

from piccolo.conf.apps import AppConfig

from core.payments.tables import EReceipt, EReceiptSequence, Payment, PaymentNotice, PaymentRefund

APP_CONFIG = AppConfig(
    app_name="payments",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Payment, PaymentRefund, PaymentNotice, EReceipt, EReceiptSequence],
    # A payment references a dossier: the dossier tables must exist first.
    migration_dependencies=["core.dossiers.piccolo_app"],
)
