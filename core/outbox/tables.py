"""The dev outbox table (dev and test only; never read in prod)."""

from __future__ import annotations

from piccolo.columns import Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class DevMessage(Table, tablename="dev_message"):
    """A message a channel adapter would have sent: SMS, email or push."""

    id = Serial(primary_key=True)
    channel = Varchar(length=16)
    recipient = Varchar(length=320)
    subject = Varchar(length=500, default="")
    body = Text()
    created_at = Timestamptz()
