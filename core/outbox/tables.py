"""The outbox: messages waiting to be delivered, and the dev channel's record of what was sent."""

from __future__ import annotations

from piccolo.columns import JSON, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class DevMessage(Table, tablename="dev_message"):
    """A message a channel adapter would have sent: SMS, email or push."""

    id = Serial(primary_key=True)
    channel = Varchar(length=16)
    recipient = Varchar(length=320)
    subject = Varchar(length=500, default="")
    body = Text()
    created_at = Timestamptz()


class OutboxMessage(Table, tablename="outbox_message"):
    """One notification to deliver, written in the transaction of the change that causes it.

    A worker (`motcua worker`, issue 7) claims pending rows, delivers them on the recipient's
    channels and records each attempt; until then a row only waits, and nothing is lost if the
    process dies after the commit.
    """

    id = Serial(primary_key=True)
    topic = Varchar(length=48, index=True)  # e.g. dossier.received, dossier.supplement_requested
    citizen = Integer(null=True, default=None, index=True)  # recipient: a citizen...
    staff = Integer(null=True, default=None, index=True)  # ...or a staff member
    subject = Varchar(length=200, default="")
    body = Text(default="")
    link = Varchar(length=300, default="")  # the page the message is about
    data = JSON(null=True, default=None)
    status = Varchar(length=16, default="pending", index=True)  # pending | sent | parked
    attempts = Integer(default=0)
    created_at = Timestamptz()
    due_at = Timestamptz(index=True)
