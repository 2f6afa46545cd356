"""GET /api/v1/procedures: the catalog as JSON, per CONTRACT.md."""

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]
SUMMARY_KEYS = {"code", "name", "field", "level", "online", "processing_days", "fee_vnd"}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("dang ky khai sinh", "1.001193"),
        ("KHAI SINH", "1.001193"),
        ("chung thuc ban sao", "2.000815"),
        ("ho kinh doanh", "1.001612"),
        ("khai sjnh", "1.001193"),
        ("  dang   ky   ket hon ", "1.000894"),
    ],
)
async def test_search_finds_without_diacritics(client: Client, query: str, code: str) -> None:
    """Queries without diacritics, in any case, with extra spaces or a typo find the procedure."""
    response = await client.get("/api/v1/procedures", params={"q": query})
    assert response.status_code == 200
    codes = [item["code"] for item in response.json()["items"]]
    assert code in codes[:3], codes


async def test_search_items_have_the_contract_shape(client: Client) -> None:
    """Each item carries the keys CONTRACT.md lists, and total counts every match."""
    body = (await client.get("/api/v1/procedures", params={"q": "khai sinh", "size": 3})).json()
    assert len(body["items"]) == 3 and body["total"] > 3
    assert set(body["items"][0]) >= SUMMARY_KEYS


async def test_filters_narrow_results(client: Client) -> None:
    """field, level and online filters apply."""
    body = (
        await client.get("/api/v1/procedures", params={"field": "chung-thuc", "size": 50})
    ).json()
    assert body["total"] >= 10 and {i["field"] for i in body["items"]} == {"Chứng thực"}
    body = (await client.get("/api/v1/procedures", params={"level": "ministry", "size": 50})).json()
    assert body["total"] > 0
    body = (await client.get("/api/v1/procedures", params={"online": "none", "size": 50})).json()
    assert all(not i["online"] for i in body["items"])


async def test_detail_is_the_whole_procedure(client: Client) -> None:
    """The detail has documents, form fields, steps, fees, deadline and legal basis."""
    response = await client.get("/api/v1/procedures/1.001193")
    assert response.status_code == 200
    p = response.json()
    assert p["name"] == "Đăng ký khai sinh"
    for key in ("documents", "form_fields", "steps", "fee_text", "legal_basis", "channels"):
        assert p[key], key
    assert p["same_day"] is True and p["cutoff"] == "15:00" and p["processing_days"] == 0


async def test_unknown_code_is_a_json_404(client: Client) -> None:
    """An unknown code is 404 in the error shape."""
    response = await client.get("/api/v1/procedures/1.999999")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "detail": "no procedure has the code '1.999999'"}


async def test_fields_are_listed(client: Client) -> None:
    """GET /api/v1/fields lists each field with a slug and a count."""
    fields = (await client.get("/api/v1/fields")).json()
    assert {"name": "Hộ tịch", "slug": "ho-tich", "count": 41} in fields
