"""Forms 02–06 as pages and PDFs, and the register (form 07) as page, CSV and XLSX, over HTTP."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import AsyncIterator, Awaitable, Callable

import openpyxl
import pypdf
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.dossiers.forms import TITLES
from core.dossiers.register import Period, Register, RegisterLine
from core.identity.actor import Actor, Context
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.core.dossiers.conftest import MONDAY_9, World
from tests.core.dossiers.test_forms import COMMUNE_NAME, PROVINCE, Office, make_office, staff
from tests.core.dossiers.test_register import MARCH, known_dossiers, local
from web.register_files import register_csv, register_xlsx

Client = AsyncTestClient[Litestar]
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclasses.dataclass
class Site:
    client: Client
    office: Office
    clock: FixedClock

    async def as_(self, ctx: Context) -> None:
        """Sign the client in as this citizen or staff member (a session cookie)."""
        tokens = TokenService(self.clock)
        actor = ctx.actor
        if actor.is_citizen:
            token = await tokens.issue("session", citizen_id=actor.id)
        else:
            token = await tokens.issue("session", staff_id=actor.id)
        self.client.cookies.set("motcua_session", token)


@pytest.fixture
async def site(settings: Settings, catalog: CatalogService) -> AsyncIterator[Site]:
    await load_demo_units(Context(Actor("system", label="test")))
    clock = FixedClock(MONDAY_9)
    app = create_app(settings, clock=clock)
    state = app.state
    world = World(
        clock=clock,
        uploads=state.uploads,
        submissions=state.submissions,
        views=state.dossier_views,
        transitions=state.transitions,
        workflow=state.workflow,
        processes=state.processes,
    )
    async with AsyncTestClient(app=app) as client:
        client.follow_redirects = False
        yield Site(client, await make_office(world), clock)


async def supplement(office: Office) -> str:
    code = await office.file()
    await office.act(code, "request_supplement", items=("Giấy chứng sinh bản chính",))
    return code


async def refusal(office: Office) -> str:
    code = await office.file()
    await office.act(code, "reject", items=("Sai thẩm quyền",))
    return code


async def apology(office: Office) -> str:
    code = await office.file()
    await office.act(code, "receive")
    await office.act(code, "extend", note="Chờ xác minh", new_due="03/03/2026")
    return code


async def stop(office: Office) -> str:
    code = await office.file()
    await office.act(code, "receive")
    await office.act(code, "stop", note="Người nộp đề nghị dừng")
    return code


async def sheet(office: Office) -> str:
    code = await office.file()
    await office.act(code, "receive")
    return code


MAKERS: dict[str, Callable[[Office], Awaitable[str]]] = {
    "02": supplement,
    "03": refusal,
    "04": apology,
    "05": stop,
    "06": sheet,
}


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("number", list(MAKERS))
async def test_officer_opens_each_form_as_a_page(site: Site, number: str) -> None:
    """The holding unit's officer sees the paper: unit, motto, the Vietnamese title, the code."""
    code = await MAKERS[number](site.office)
    await site.as_(site.office.officer)
    response = await site.client.get(f"/staff/dossiers/{code}/forms/{number}")
    assert response.status_code == 200, response.text
    html = response.text
    assert re.search(rf'<h1 id="printform-title" [^>]*>{TITLES[number]}</h1>', html)
    assert code in html and MOTTO in html and COMMUNE_NAME in html
    assert response.headers["cache-control"] == "no-store"
    assert f'href="/staff/dossiers/{code}/forms/{number}.pdf"' in html


@pytest.mark.parametrize("number", list(MAKERS))
async def test_officer_downloads_each_form_as_a_pdf(site: Site, number: str) -> None:
    """A valid PDF whose text has the title in capitals, the code and the motto."""
    code = await MAKERS[number](site.office)
    await site.as_(site.office.officer)
    response = await site.client.get(f"/staff/dossiers/{code}/forms/{number}.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert TITLES[number].upper() in text and code in text and MOTTO in text


async def test_form_pages_print_what_the_form_says(site: Site) -> None:
    """Form 02 lists what is missing; form 06 has its rows with their verdicts."""
    office = site.office
    code = await supplement(office)
    await site.as_(office.officer)
    html = (await site.client.get(f"/staff/dossiers/{code}/forms/02")).text
    assert "<li>Giấy chứng sinh bản chính</li>" in html and "Trần Thị Bình" in html
    code = await sheet(office)
    html = (await site.client.get(f"/staff/dossiers/{code}/forms/06")).text
    assert "Tiếp nhận hồ sơ" in html and "Đúng hạn" in html and "Đang xử lý" in html


async def test_officer_of_another_unit_gets_404(site: Site) -> None:
    """The province's officer cannot open the commune's dossier forms, page or PDF."""
    code = await refusal(site.office)
    await site.as_(await staff(site.office.world, "officer.tinh", ("officer",), PROVINCE))
    for suffix in ("", ".pdf"):
        response = await site.client.get(f"/staff/dossiers/{code}/forms/03{suffix}")
        assert response.status_code == 404


EXPECTED_LINKS = {
    "02": ("02",),
    "03": ("03", "06"),
    "04": ("04", "06"),
    "05": ("05", "06"),
    "06": ("06",),
}


@pytest.mark.parametrize("number", list(MAKERS))
async def test_dossier_pages_link_the_forms_the_dossier_has(site: Site, number: str) -> None:
    """The officer's dossier page links each form the dossier has (page and PDF) and no other;
    the citizen's links only those addressed to them."""
    code = await MAKERS[number](site.office)
    linked = re.compile(r'href="/(?:staff/)?dossiers/[^/"]+/forms/(\d\d)"')
    await site.as_(site.office.officer)
    office = await site.client.get(f"/staff/dossiers/{code}")
    assert office.status_code == 200
    assert tuple(linked.findall(office.text)) == EXPECTED_LINKS[number]
    for n in EXPECTED_LINKS[number]:
        assert f'href="/staff/dossiers/{code}/forms/{n}.pdf"' in office.text
        assert TITLES[n] in office.text
        assert (await site.client.get(f"/staff/dossiers/{code}/forms/{n}")).status_code == 200
    await site.as_(site.office.citizen)
    mine = await site.client.get(f"/dossiers/{code}")
    assert mine.status_code == 200
    assert tuple(linked.findall(mine.text)) == tuple(n for n in EXPECTED_LINKS[number] if n != "06")
    for n in linked.findall(mine.text):
        assert (await site.client.get(f"/dossiers/{code}/forms/{n}")).status_code == 200


@pytest.mark.parametrize("number", ["02", "03", "04", "05"])
async def test_owner_opens_the_forms_addressed_to_them(site: Site, number: str) -> None:
    """The citizen opens 02–05 of their own dossier, page and PDF."""
    code = await MAKERS[number](site.office)
    await site.as_(site.office.citizen)
    page = await site.client.get(f"/dossiers/{code}/forms/{number}")
    assert page.status_code == 200 and TITLES[number] in page.text
    assert f'href="/dossiers/{code}/forms/{number}.pdf"' in page.text
    pdf = await site.client.get(f"/dossiers/{code}/forms/{number}.pdf")
    assert pdf.status_code == 200 and code in pdf_text(pdf.content)


async def test_owner_cannot_open_the_control_sheet(site: Site) -> None:
    """Form 06 is the office's: 404 for the citizen, on their route and on the staff route."""
    code = await sheet(site.office)
    await site.as_(site.office.citizen)
    for path in (f"/dossiers/{code}/forms/06", f"/staff/dossiers/{code}/forms/03"):
        assert (await site.client.get(path)).status_code == 404


async def test_another_citizen_gets_404(site: Site) -> None:
    """A citizen who does not own the dossier is told nothing."""
    code = await refusal(site.office)
    await site.as_(await site.office.world.citizen("+84987654321"))
    assert (await site.client.get(f"/dossiers/{code}/forms/03")).status_code == 404


@pytest.mark.parametrize("name", ["04", "01", "07", "3", "03.txt", "03.pdf.pdf"])
async def test_forms_that_do_not_apply_or_exist_are_404(site: Site, name: str) -> None:
    """A refused dossier has no form 04; numbers outside 02–06 and odd suffixes do not exist."""
    code = await refusal(site.office)
    await site.as_(site.office.officer)
    assert (await site.client.get(f"/staff/dossiers/{code}/forms/{name}")).status_code == 404


async def test_strangers_are_sent_to_sign_in(site: Site) -> None:
    """Without a session, the staff forms and the register redirect to the staff sign-in."""
    code = await refusal(site.office)
    for path in (f"/staff/dossiers/{code}/forms/03", "/staff/register"):
        response = await site.client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/staff/sign-in?next=")


# --- the register ---------------------------------------------------------------------------


def march_query() -> dict[str, str]:
    return {"from": MARCH[0], "to": MARCH[1]}


async def test_register_page_lists_the_dossiers_in_code_order(site: Site) -> None:
    """The page has the title, the period, each March dossier in order, their verdicts."""
    known = await known_dossiers(site.office)
    await site.as_(site.office.officer)
    response = await site.client.get("/staff/register", params=march_query())
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    html = response.text
    assert "Sổ theo dõi hồ sơ" in html and "Từ ngày 01/03/2026 đến ngày 31/03/2026" in html
    codes = [known.returned, known.refused, known.waiting, known.extended]
    assert [html.index(code) for code in codes] == sorted(html.index(code) for code in codes)
    assert known.february not in html and known.elsewhere not in html
    assert "Quá hạn" in html and "Trong hạn" in html and "Đã trả kết quả" in html
    assert 'href="/staff/register.csv?from=01%2F03%2F2026&amp;to=31%2F03%2F2026"' in html


async def test_register_page_defaults_to_this_month(site: Site) -> None:
    """Without dates the page shows the 1st of the month to today."""
    await site.as_(site.office.officer)
    html = (await site.client.get("/staff/register")).text
    assert 'value="01/03/2026"' in html and 'value="02/03/2026"' in html


async def test_register_csv_is_utf8_with_bom_in_code_order(site: Site) -> None:
    """Excel-friendly CSV: BOM, Vietnamese headings, one row per dossier, dates dd/mm/yyyy."""
    known = await known_dossiers(site.office)
    await site.as_(site.office.officer)
    response = await site.client.get("/staff/register.csv", params=march_query())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["STT", "Mã hồ sơ", "Ngày nhận"]
    assert [row[1] for row in rows[1:]] == [
        known.returned,
        known.refused,
        known.waiting,
        known.extended,
    ]
    first = rows[1]
    assert first[2] == "02/03/2026 09:00" and first[3] == "Nguyễn Văn An"
    assert first[7:10] == ["Đã trả kết quả", "03/03/2026 16:45", "Quá hạn"]


async def test_register_xlsx_opens_with_the_same_rows(site: Site) -> None:
    """The XLSX opens in openpyxl: unit and period on top, headings, real dates, the rows."""
    known = await known_dossiers(site.office)
    await site.as_(site.office.officer)
    response = await site.client.get("/staff/register.xlsx", params=march_query())
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = list(book.active.iter_rows(values_only=True))
    assert str(values[0][0]).startswith("SỔ THEO DÕI HỒ SƠ - UBND xã Đông Sơn")
    assert values[1][0] == "Từ ngày 01/03/2026 đến ngày 31/03/2026"
    assert values[2][1] == "Mã hồ sơ"
    lines = values[3:]
    assert [line[1] for line in lines] == [
        known.returned,
        known.refused,
        known.waiting,
        known.extended,
    ]
    assert lines[0][2].strftime("%d/%m/%Y %H:%M") == "02/03/2026 09:00"
    assert lines[0][9] == "Quá hạn" and lines[3][10] == "Đã gia hạn (mẫu 04) đến 05/03/2026"


@pytest.mark.parametrize("path", ["/staff/register", "/staff/register.csv", "/staff/register.xlsx"])
@pytest.mark.parametrize(
    ("first", "last", "says"),
    [
        ("2026-03-01", "31/03/2026", "Nhập ngày dạng dd/mm/yyyy"),
        ("01/01/2026", "31/03/2027", "tối đa 366 ngày"),
        ("31/03/2026", "01/03/2026", "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu"),
    ],
)
async def test_register_with_bad_dates_is_400_saying_what_to_fix(
    site: Site, path: str, first: str, last: str, says: str
) -> None:
    """Unreadable dates, a period over 366 days or backwards: the page, status 400, the fix."""
    await site.as_(site.office.officer)
    response = await site.client.get(path, params={"from": first, "to": last})
    assert response.status_code == 400
    assert says in response.text and 'class="error-summary"' in response.text


async def test_register_is_not_for_citizens(site: Site) -> None:
    """A citizen gets the 404 page."""
    await site.as_(site.office.citizen)
    assert (await site.client.get("/staff/register")).status_code == 404


def test_register_files_keep_formulas_as_text() -> None:
    """A name typed as a formula stays text in the CSV and in the XLSX."""
    line = RegisterLine(
        number=1,
        code="000.10.12.H56-260302-0001",
        received_at=local(2, 9),
        applicant_name='=HYPERLINK("http://evil.example","x")',
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        due_at=None,
        status="Mới đăng ký",
        returned_at=None,
        verdict="",
        note="",
    )
    register = Register(
        "UBND", "000.10.12.H56", Period(local(1, 0).date(), local(31, 0).date()), (line,)
    )
    assert "'=HYPERLINK" in register_csv(register).decode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(register_xlsx(register)))
    cell = book.active["D4"]
    assert cell.data_type == "s" and cell.value == line.applicant_name
