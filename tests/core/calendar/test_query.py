"""DueQuery.parse: a deadline request as text, every mistake named by its field."""

import datetime as dt

import pytest

from core.calendar.query import DueQuery
from core.clock import VIETNAM
from core.errors import InvalidInput


def fields_wrong(**kwargs: str | None) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        DueQuery.parse(**{"start": "2026-01-09T16:00+07:00", "hours": "4", **kwargs})
    return [e.field for e in caught.value.errors]


def test_parses_a_good_request() -> None:
    """Start with offset, whole hours, unit and HH:MM cut-off are parsed."""
    query = DueQuery.parse(start="2026-01-09T16:00:00+07:00", hours="4", unit="H56", cutoff="15:00")
    assert query == DueQuery(dt.datetime(2026, 1, 9, 16, tzinfo=VIETNAM), 4, "H56", dt.time(15))


def test_space_for_an_unencoded_plus_is_repaired() -> None:
    """ "…T16:00:00 07:00" (a raw + in a URL) means +07:00."""
    query = DueQuery.parse(start="2026-01-09T16:00:00 07:00", hours="4")
    assert query.start.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize("start", [None, "", "yesterday", "2026-01-09T16:00", "2026-13-01T00:00Z"])
def test_bad_start(start: str | None) -> None:
    """A missing, unparseable or naive start is wrong."""
    assert fields_wrong(start=start) == ["start"]


@pytest.mark.parametrize("hours", [None, "-1", "1.5", "four", "5841", "99999999"])
def test_bad_hours(hours: str | None) -> None:
    """Missing, negative, fractional, non-numeric or absurd hours are wrong."""
    assert fields_wrong(hours=hours) == ["hours"]


@pytest.mark.parametrize("cutoff", ["15", "15:00:00", "25:00", "15:60", "3pm"])
def test_bad_cutoff(cutoff: str) -> None:
    """A cut-off that is not HH:MM is wrong."""
    assert fields_wrong(cutoff=cutoff) == ["cutoff"]


def test_every_mistake_is_reported_at_once() -> None:
    """Start, hours and cut-off mistakes come back together."""
    assert fields_wrong(start="x", hours="-1", cutoff="x") == ["start", "hours", "cutoff"]
