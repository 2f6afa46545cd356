"""Calendar tables: the administrator's overrides of the national holidays, units' working hours."""

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


class UnitWorkingHours(Table, tablename="unit_working_hours"):
    """A unit's own working periods, when they differ from 07:30–11:30 and 13:00–17:00.

    Keyed by the unit's e-identifier (core.identity's `org_unit.code`, which never changes);
    `periods` holds them as the administrator's pages show them: "07:30-11:30, 13:00-17:00".
    """

    id = Serial(primary_key=True)
    unit_code = Varchar(length=32, unique=True, index=True)
    periods = Varchar(length=200)
    updated_at = Timestamptz()
