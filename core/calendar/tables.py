"""Calendar tables: the administrator's overrides of the national holiday rules."""

from __future__ import annotations

from piccolo.columns import Date, Serial, Timestamptz, Varchar
from piccolo.table import Table


class CalendarOverride(Table, tablename="calendar_override"):
    """One date the province declares a day off ("off") or a working day ("working").

    The yearly official notice adds swapped days off and make-up Saturdays that no rule can
    predict; an override records one of them and wins over the `holidays` package. The column
    is `day`, not `date`, to stay clear of a SQL keyword.
    """

    id = Serial(primary_key=True)
    day = Date(unique=True, index=True)
    kind = Varchar(length=8)
    note = Varchar(length=200, default="")
    created_at = Timestamptz()
