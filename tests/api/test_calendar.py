"""GET /api/v1/calendar/due and /api/v1/calendar/{year}, per CONTRACT.md."""

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.clock import SystemClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import UnitService

Client = AsyncTestClient[Litestar]
DUE = "/api/v1/calendar/due"
GOOD = {"start": "2026-01-09T16:00:00+07:00", "hours": "4"}
PROVINCE = "000.00.00.H56"
COMMUNE = "000.10.11.H56"


async def make_unit(code: str, *, parent: str | None = None) -> None:
    await UnitService(SystemClock()).create(
        SYSTEM_CONTEXT,
        code=code,
        name="Xã Quảng Phú" if parent else "Tỉnh Thanh Hóa",
        kind="commune" if parent else "province",
        parent_code=parent,
    )


async def test_due_answers_with_an_offset(client: Client) -> None:
    """Friday 16:00 + 4 h is Monday 10:30, with +07:00."""
    response = await client.get(DUE, params=GOOD)
    assert response.status_code == 200
    assert response.json() == {"due_at": "2026-01-12T10:30:00+07:00"}


async def test_due_with_cutoff_and_unit(client: Client) -> None:
    """Tuesday 15:30 with cutoff 15:00 and 0 h is Wednesday 07:30; the unit is accepted."""
    await make_unit(PROVINCE)
    params = {
        "start": "2026-01-06T15:30:00+07:00",
        "hours": "0",
        "cutoff": "15:00",
        "unit": PROVINCE,
    }
    response = await client.get(DUE, params=params)
    assert response.json() == {"due_at": "2026-01-07T07:30:00+07:00"}


async def test_due_skips_tet(client: Client) -> None:
    """Friday 13 Feb 2026 16:00 + 2 h lands after Tết, Monday 23 Feb 08:30."""
    params = {"start": "2026-02-13T16:00:00+07:00", "hours": "2"}
    assert (await client.get(DUE, params=params)).json()["due_at"] == "2026-02-23T08:30:00+07:00"


async def test_due_is_anonymous(client: Client) -> None:
    """No credentials are needed."""
    assert (await client.get(DUE, params=GOOD)).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"hours": "4"}, "start"),
        ({"start": "2026-01-09T16:00:00", "hours": "4"}, "start"),
        ({"start": "not a date", "hours": "4"}, "start"),
        ({**GOOD, "hours": "-1"}, "hours"),
        ({**GOOD, "hours": "1.5"}, "hours"),
        ({**GOOD, "hours": "5841"}, "hours"),
        ({"start": GOOD["start"]}, "hours"),
        ({**GOOD, "cutoff": "3pm"}, "cutoff"),
        ({**GOOD, "cutoff": "24:00"}, "cutoff"),
    ],
)
async def test_bad_due_request_is_422_naming_the_parameter(
    client: Client, params: dict[str, str], field: str
) -> None:
    """Each bad parameter is a 422 whose errors name it."""
    response = await client.get(DUE, params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422 and [e["field"] for e in body["errors"]] == [field]


async def test_year_lists_days_with_names(client: Client) -> None:
    """2026 lists Tết, the swapped 31 Aug and the make-up Saturday 22 Aug, by date."""
    response = await client.get("/api/v1/calendar/2026")
    assert response.status_code == 200
    days = {d["date"]: d for d in response.json()}
    assert days["2026-02-17"] == {
        "date": "2026-02-17",
        "kind": "off",
        "name": "Tết Nguyên Đán",
        "source": "national",
    }
    assert days["2026-08-31"]["kind"] == "off" and days["2026-08-22"]["kind"] == "working"
    assert list(days) == sorted(days)


@pytest.mark.parametrize("year", [1999, 2101])
async def test_year_outside_range_is_422(client: Client, year: int) -> None:
    """Years outside 2000–2100 are a 422 naming `year`."""
    response = await client.get(f"/api/v1/calendar/{year}")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["year"]


async def test_due_counts_on_the_units_own_hours(client: Client) -> None:
    """A commune open 07:00–11:00 and 13:30–17:30 counts on its hours, the province on 8–5."""
    await make_unit(PROVINCE)
    await make_unit(COMMUNE, parent=PROVINCE)
    await client.app.state.calendar.set_unit_hours(COMMUNE, "07:00-11:00, 13:30-17:30")
    # Friday 16:00–17:30 is 1.5 h there; 2.5 h more from Monday 07:00 → 09:30.
    commune = await client.get(DUE, params={**GOOD, "unit": COMMUNE.lower()})
    assert commune.json() == {"due_at": "2026-01-12T09:30:00+07:00"}
    # The province keeps 07:30–11:30, 13:00–17:00: 1 h on Friday, 3 h on Monday → 10:30.
    province = await client.get(DUE, params={**GOOD, "unit": PROVINCE})
    assert province.json() == {"due_at": "2026-01-12T10:30:00+07:00"}
    # 17:15 is still working time there: 15 min on Friday, 3 h 45 from Monday 07:00 → 10:45.
    late = {**GOOD, "start": "2026-01-09T17:15:00+07:00", "unit": COMMUNE}
    assert (await client.get(DUE, params=late)).json() == {"due_at": "2026-01-12T10:45:00+07:00"}


async def test_unknown_unit_is_422_naming_it(client: Client) -> None:
    """A unit code that no unit has is a 422 whose error names `unit` and says why."""
    response = await client.get(DUE, params={**GOOD, "unit": "000.99.99.H56"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "unit", "message": "no unit has the e-identifier '000.99.99.H56'"}
    ]
