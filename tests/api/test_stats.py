"""GET /api/v1/stats: sums of the daily counters for a unit (with its sub-units) or the province,
and a 422 naming the parameter for every bad input."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.core.stats.seed import COMMUNE, JUDICIAL_RECORDS, JUSTICE, seed

Client = AsyncTestClient[Litestar]
YEAR = "from=2026-01-01&to=2026-12-31"


async def test_the_province_adds_up_every_unit(client: Client) -> None:
    await seed()
    body = (await client.get(f"/api/v1/stats?{YEAR}")).json()
    assert body["unit"] is None and body["unit_name"] == "Toàn tỉnh"
    assert (body["from"], body["to"]) == ("2026-01-01", "2026-12-31")
    assert body["received"] == 35
    assert body["received_by_channel"] == {"online": 33, "counter": 2, "post": 0}
    assert (body["early"], body["on_time"], body["late"], body["resolved"]) == (24, 6, 2, 32)
    assert body["online_share"] == round(33 / 35, 4)
    assert body["satisfaction"] == {
        "rat_hai_long": 0,
        "hai_long": 1,
        "khong_hai_long": 0,
        "satisfied_share": 1.0,
    }
    assert body["scores"]["TDGQ"] == round(30 / 35 * 20, 2)
    assert set(body["scores"]) == {"CKMB", "TDGQ", "DVCTT", "TTTT", "MDHL", "MDSH"}
    tdgq = next(g for g in body["scorecard"] if g["key"] == "TDGQ")
    assert tdgq["confirmed"] is True and tdgq["max"] == 20
    assert "30/35" in tdgq["explanation"][0]


async def test_a_department_includes_its_agencies(client: Client) -> None:
    await seed()
    body = (await client.get(f"/api/v1/stats?unit={JUSTICE}&{YEAR}")).json()
    assert body["unit"] == JUSTICE and body["received"] == 15
    assert (body["early"], body["on_time"], body["late"]) == (4, 6, 2)
    assert body["average_processing_days"] == round(3840 / 12 / 480, 2)
    agency = (await client.get(f"/api/v1/stats?unit={JUDICIAL_RECORDS}&{YEAR}")).json()
    assert agency["received"] == 5
    march = await client.get(f"/api/v1/stats?unit={COMMUNE}&from=2026-03-01&to=2026-03-31")
    assert march.json()["received"] == 0 and march.json()["online_share"] is None


async def test_bad_input_is_a_422_naming_the_parameter(client: Client) -> None:
    await seed()
    cases = {
        "from=2026-02-30": "from",
        "to=31/12/2026": "to",
        "from=2026-05-01&to=2026-04-01": "to",
        "from=2016-01-01&to=2026-12-31": "to",
        "unit=000.99.99.H56": "unit",
    }
    for query, field in cases.items():
        response = await client.get(f"/api/v1/stats?{query}")
        assert response.status_code == 422, query
        body = response.json()
        assert body["status"] == 422 and body["detail"]
        assert [e["field"] for e in body["errors"]] == [field], query


async def test_it_is_in_the_openapi_document(client: Client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    parameters = schema["paths"]["/api/v1/stats"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"unit", "from", "to"}
