"""GET /api/v1/calendar/due and /api/v1/calendar/{year}, per CONTRACT.md."""

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]
DUE = "/api/v1/calendar/due"
GOOD = {"start": "2026-01-09T16:00:00+07:00", "hours": "4"}


async def test_due_answers_with_an_offset(client: Client) -> None:
    """Friday 16:00 + 4 h is Monday 10:30, with +07:00."""
    response = await client.get(DUE, params=GOOD)
    assert response.status_code == 200
    assert response.json() == {"due_at": "2026-01-12T10:30:00+07:00"}


async def test_due_with_cutoff_and_unit(client: Client) -> None:
    """Tuesday 15:30 with cutoff 15:00 and 0 h is Wednesday 07:30; the unit is accepted."""
    params = {"start": "2026-01-06T15:30:00+07:00", "hours": "0", "cutoff": "15:00", "unit": "H56"}
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
