"""The statistics pages over HTTP: the public page with its SVG charts and tables, the downloads,
and the manager dashboard for heads (their unit) and admins (any unit, the province)."""

from __future__ import annotations

import csv
import io

from litestar import Litestar
from litestar.testing import AsyncTestClient
from openpyxl import load_workbook

from core.identity.tables import StaffUser, Unit
from tests.core.stats.seed import COMMUNE, JUSTICE, seed
from tests.web.test_admin_pages import sign_in

Client = AsyncTestClient[Litestar]


async def signed_in_at(client: Client, unit_code: str, *roles: str) -> None:
    staff_id = await sign_in(client, username="lanhdao", roles=roles)
    unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
    assert unit is not None
    await StaffUser.update({StaffUser.unit: unit["id"]}).where(StaffUser.id == staff_id)


async def test_the_public_page_shows_charts_tables_and_ranking(client: Client) -> None:
    await seed()
    page = await client.get("/thong-ke?period=2026")
    assert page.status_code == 200
    text = page.text
    assert "Thống kê giải quyết thủ tục hành chính" in text and "Năm 2026" in text
    assert text.count('role="img"') == 2 and '<title id="trend-title">' in text
    assert '<th scope="row">03/2026</th>' in text  # the trend's data table, month by month
    assert "Bộ chỉ số 766" in text and "tạm tính" in text
    ranking = text[text.index('id="stats-ranking"') :]
    assert ranking.index("UBND xã Đông Sơn") < ranking.index("Sở Tư pháp")
    assert "Đơn vị để chậm" not in text  # per-step delays are for managers
    quarter = await client.get(f"/thong-ke?period=2026-Q2&unit={COMMUNE}")
    assert quarter.status_code == 200 and "Quý 2/2026" in quarter.text


async def test_a_bad_period_says_what_to_write(client: Client) -> None:
    await seed()
    page = await client.get("/thong-ke?period=2026-13")
    assert page.status_code == 400
    assert "Lỗi: " in page.text and "2026-Q1, 2026-03" in page.text
    reversed_span = await client.get("/thong-ke?from=2026-05-01&to=2026-04-01")
    assert reversed_span.status_code == 400 and "phải bằng hoặc sau" in reversed_span.text
    unknown = await client.get("/thong-ke?period=2026&unit=000.99.99.H56")
    assert unknown.status_code == 404


async def test_downloads_as_csv_and_xlsx(client: Client) -> None:
    await seed()
    response = await client.get(f"/thong-ke/xuat.csv?period=2026&unit={JUSTICE}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, scope = rows[0], rows[1]
    assert scope[0] == JUSTICE and scope[header.index("received")] == "15"
    assert {r[0] for r in rows[2:]} == {JUSTICE, "000.01.01.H56"}
    book = await client.get("/thong-ke/xuat.xlsx?period=2026")
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][1] == "Toàn tỉnh" and values[1][values[0].index("received")] == 35
    bad = await client.get("/thong-ke/xuat.csv?from=hôm-qua")
    assert bad.status_code == 400


async def test_a_head_sees_their_unit_and_nothing_else(client: Client) -> None:
    await seed()
    await signed_in_at(client, JUSTICE, "head")
    page = await client.get("/staff/stats?period=2026")
    assert page.status_code == 200
    assert "Bảng điều hành: Sở Tư pháp" in page.text and "Đơn vị để chậm" in page.text
    assert 'id="stats-unit"' not in page.text  # nothing to choose
    assert (await client.get(f"/staff/stats?unit={COMMUNE}")).status_code == 404
    assert (await client.get(f"/staff/stats/xuat.csv?unit={COMMUNE}")).status_code == 404
    mine = await client.get("/staff/stats/xuat.xlsx?period=2026")
    assert mine.status_code == 200


async def test_an_admin_sees_the_province_and_an_officer_nothing(client: Client) -> None:
    await seed()
    anonymous = await client.get("/staff/stats", follow_redirects=False)
    assert anonymous.status_code == 303
    await signed_in_at(client, COMMUNE, "officer")
    assert (await client.get("/staff/stats")).status_code == 404
    client.cookies.clear()
    await sign_in(client, username="quantri", roles=("admin",))
    page = await client.get("/staff/stats?period=2026")
    assert page.status_code == 200 and "Bảng điều hành: Toàn tỉnh" in page.text
    assert 'id="stats-unit"' in page.text
