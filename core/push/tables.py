"""The push subscription table: one browser (device) a citizen allowed to show notifications.

A subscription is what `PushManager.subscribe()` gives the browser: the push service's endpoint
URL and the two client keys the payload is encrypted for (RFC 8291). The endpoint names exactly
one browser profile, so it is unique: subscribing it again, under another account, moves it.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from core.identity.tables import Citizen

ENDPOINT_MAX = 1000


class PushSubscription(Table, tablename="push_subscription"):
    """A device that receives Web Push for one citizen."""

    id = Serial(primary_key=True)
    citizen = ForeignKey(references=Citizen, index=True)
    endpoint = Varchar(length=ENDPOINT_MAX, unique=True)
    p256dh = Varchar(length=100)  # the client's P-256 public key, base64url (65 bytes)
    auth = Varchar(length=40)  # the client's auth secret, base64url (16 bytes)
    label = Varchar(length=100, default="")  # from the User-Agent, e.g. "Chrome trên Android"
    created_at = Timestamptz()
    last_sent_at = Timestamptz(null=True, default=None)
    failures = Integer(default=0)  # temporary failures since the last success
