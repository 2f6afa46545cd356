"""Bad input gets a 4xx with a message that says what to fix, never a 500."""

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "99999999999999999999999999"}, "page"),
        ({"page": "-5"}, "page"),
        ({"page": "abc"}, "page"),
        ({"size": "0"}, "size"),
        ({"size": "100000"}, "size"),
        ({"q": "x" * 10_240}, "q"),
        ({"level": "planet"}, "level"),
        ({"online": "sometimes"}, "online"),
    ],
)
async def test_bad_search_parameters_are_4xx_naming_the_field(
    client: Client, params: dict[str, str], field: str
) -> None:
    """Absurd pages, sizes, 10 KB queries and unknown filters are refused, naming the field."""
    response = await client.get("/api/v1/procedures", params=params)
    assert 400 <= response.status_code < 500
    body = response.json()
    assert body["status"] == response.status_code and body["detail"]
    assert field in [e["field"] for e in body["errors"]]


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE procedure; --",
        "\x00\x01\x1b[31m",
        "%' OR '1'='1",
        "😀😀",
        "<script>alert(1)</script>",
    ],
)
async def test_hostile_queries_are_harmless(client: Client, query: str) -> None:
    """SQL-looking, control-character and markup queries give 200 with some or no results."""
    response = await client.get("/api/v1/procedures", params={"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["total"], int)
    assert (await client.get("/api/v1/procedures/1.001193")).status_code == 200


@pytest.mark.parametrize("code", ["x" * 41, "1.001193' OR 1=1", "%00", "..%2F..%2Fetc"])
async def test_odd_codes_are_4xx(client: Client, code: str) -> None:
    """Odd or over-long codes give 400 or 404, with the error shape."""
    response = await client.get(f"/api/v1/procedures/{code}")
    assert response.status_code in (400, 404)
    assert response.json()["status"] == response.status_code


async def test_unknown_api_path_is_json_404(client: Client) -> None:
    """An unknown API path answers JSON, not a page."""
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json()["status"] == 404
