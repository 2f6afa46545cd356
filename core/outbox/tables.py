"""The outbox: messages waiting to be delivered, every delivery attempt, the in-app notifications
and each citizen's channel choices, and the dev channel's record of what was sent."""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, Integer, Serial, Text, Timestamptz, Varchar
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

    A worker (`motcua worker`, core.outbox.delivery) claims due pending rows for a lease,
    delivers them on the recipient's channels and records each attempt; until then a row only
    waits, and nothing is lost if the process dies after the commit. `attempts` counts the rounds
    that ended with a failed channel; after too many the row is parked for an admin.
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
    claimed_until = Timestamptz(null=True, default=None)  # a worker's lease; expired = free
    claimed_by = Varchar(length=32, default="")  # that worker's claim token
    flagged = Boolean(default=False, index=True)  # an attempt's outcome is unknown: admin decides


class OutboxAttempt(Table, tablename="outbox_attempt"):
    """One call of one channel for one message: written as "started" before the call, finished
    after it. A started row that outlives its worker's lease becomes "unknown" (never resent
    blindly on a channel that is not idempotent)."""

    id = Serial(primary_key=True)
    message = Integer(index=True)
    channel = Varchar(length=16)  # push | email | sms | in_app
    round = Integer(default=0)
    started_at = Timestamptz()
    finished_at = Timestamptz(null=True, default=None)
    outcome = Varchar(length=16, default="started")  # sent|failed|gone|skipped|unknown|released
    detail = Varchar(length=500, default="")  # the receipt, or the error


class Notification(Table, tablename="notification"):
    """An in-app notification: the in-app channel's delivery, one per outbox message at most."""

    id = Serial(primary_key=True)
    citizen = Integer(null=True, default=None, index=True)
    staff = Integer(null=True, default=None, index=True)
    message = Integer(unique=True)  # the outbox message: delivering it twice finds this row
    topic = Varchar(length=48, default="")
    title = Varchar(length=200, default="")
    body = Text(default="")
    link = Varchar(length=300, default="")
    created_at = Timestamptz()
    read_at = Timestamptz(null=True, default=None)


class NotificationChoice(Table, tablename="notification_choice"):
    """A citizen's choice for one group of events on one channel; absent rows take the default."""

    id = Serial(primary_key=True)
    citizen = Integer(index=True)
    topic_group = Varchar(length=24)
    channel = Varchar(length=16)
    enabled = Boolean(default=True)
