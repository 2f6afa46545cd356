"""The daily counters: one row per receiving unit and Việt Nam calendar day.

Every figure of the dashboard, the public page and `GET /api/v1/stats` is a sum of these rows over
a period, so a year's statistics read a few tens of thousands of short rows, never the dossiers.
Each dossier event adds to the row of its unit and day with one upsert, in the event's own
transaction (core.stats.recorder); `motcua stats rebuild` recomputes them from the dossier tables.

A dossier's figures belong to the unit that received it (the one-stop unit answering for it);
per-step figures (`step_*`) belong to the unit that held that step, so a head sees which unit
made a dossier late. A new counter is a new column (in both tables) with a migration, a line in
`METRICS` and the triggers re-created (core/stats/month_triggers.py).
"""

from __future__ import annotations

from piccolo.columns import Date, Integer, Serial, Varchar
from piccolo.table import Table

# Every counter column, in the order the exports list them.
METRICS: tuple[str, ...] = (
    "received",  # filed (status 1) on that day
    "received_online",  # by channel: online, counter, post
    "received_counter",
    "received_post",
    "received_full_online",  # online and the procedure is "toàn trình" (Decree 42/2022)
    "received_with_fee",  # a fee is owed: the denominator of the online-payment share
    "received_digitised",  # its components (papers) arrived as files
    "resolved_early",  # result ready (status 9) on that day, by verdict of the dossier clock
    "resolved_on_time",
    "resolved_late",
    "resolved_minutes",  # working minutes used by those dossiers, for the average
    "resolved_extended",  # late dossiers carrying form 04 (apology and new date)
    "refused",  # status 3
    "withdrawn",  # status 7
    "stopped",  # status 8
    "paused_supplement",  # supplement requests (status 5)
    "paused_fee",  # fee requests (status 6)
    "extended",  # form 04 written
    "returned",  # status 10
    "returned_digitised",  # result returned with its digitised copy
    "paid_online",  # a payment settled through a gateway
    "step_early",  # per step, on the unit that held it
    "step_on_time",
    "step_late",
    "rating_rat_hai_long",  # citizen evaluations (core.feedback)
    "rating_hai_long",
    "rating_khong_hai_long",
)


class Counters:
    """The counters a unit has per day and per month (Piccolo copies mixin columns per table)."""

    received = Integer(default=0)
    received_online = Integer(default=0)
    received_counter = Integer(default=0)
    received_post = Integer(default=0)
    received_full_online = Integer(default=0)
    received_with_fee = Integer(default=0)
    received_digitised = Integer(default=0)
    resolved_early = Integer(default=0)
    resolved_on_time = Integer(default=0)
    resolved_late = Integer(default=0)
    resolved_minutes = Integer(default=0)
    resolved_extended = Integer(default=0)
    refused = Integer(default=0)
    withdrawn = Integer(default=0)
    stopped = Integer(default=0)
    paused_supplement = Integer(default=0)
    paused_fee = Integer(default=0)
    extended = Integer(default=0)
    returned = Integer(default=0)
    returned_digitised = Integer(default=0)
    paid_online = Integer(default=0)
    step_early = Integer(default=0)
    step_on_time = Integer(default=0)
    step_late = Integer(default=0)
    rating_rat_hai_long = Integer(default=0)
    rating_hai_long = Integer(default=0)
    rating_khong_hai_long = Integer(default=0)


class StatDay(Counters, Table, tablename="stat_day"):
    """The counters of one unit on one day; unique on (unit_code, day) (see the migration)."""

    id = Serial(primary_key=True)
    unit_code = Varchar(length=32)
    day = Date()


class StatMonth(Counters, Table, tablename="stat_month"):
    """The same counters summed per unit and month (`month` is its first day).

    Kept by database triggers on `stat_day` (see the migration), so it moves in the very
    statement, and transaction, that bumps the day; the application never writes it. A year's
    figures read 12 rows per unit instead of 365.
    """

    id = Serial(primary_key=True)
    unit_code = Varchar(length=32)
    month = Date()
