"""The officers' pages: the queue with its counts, the dossier page with only the actions allowed
now, an action through its form (CSRF enforced), refusals re-rendered, and private papers."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.dossiers.tables import Dossier
from core.files.tables import Upload
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.tables import Citizen, Unit
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.api.test_staff_dossiers import COMMUNE, JUSTICE, file, make_staff
from tests.core.dossiers.conftest import MONDAY_9, jpeg

Client = AsyncTestClient[Litestar]
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
SESSION = "motcua_session"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_9)


@pytest.fixture
async def web(
    settings: Settings, catalog: CatalogService, clock: FixedClock
) -> AsyncIterator[Client]:
    await load_demo_units(SYSTEM_CONTEXT)
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


async def as_staff(web: Client, clock: FixedClock, unit: str | None, *roles: str) -> None:
    """A session cookie on `web` for a new staff member (the bearer one is discarded)."""
    staff_id = await make_staff(clock, unit, *roles)
    web.cookies.set(SESSION, await TokenService(clock).issue("session", staff_id=staff_id))


async def csrf(web: Client, path: str) -> str:
    found = CSRF.search((await web.get(path)).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


async def new_dossier(web: Client) -> str:
    return await file(web, await sign_in(web))


async def test_the_queue_shows_counts_and_links_each_dossier(
    web: Client, clock: FixedClock
) -> None:
    """Tabs with counts on top; each row links to its dossier page; the staff home links here."""
    code = await new_dossier(web)
    await as_staff(web, clock, COMMUNE, "officer")
    page = await web.get("/staff/dossiers")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    html = page.text
    assert re.search(r'aria-current="page">Tất cả <span class="tab-count">1</span>', html)
    assert 'Mới nộp <span class="tab-count">1</span>' in html
    assert 'Quá hạn <span class="tab-count">0</span>' in html
    assert f'href="/staff/dossiers/{code}"' in html and "Còn 6 giờ 30 phút làm việc" in html
    assert "Nguyễn Văn An" in html and "Chờ tiếp nhận" in html
    overdue = (await web.get("/staff/dossiers?filter=overdue")).text
    assert code not in overdue and "Không có hồ sơ nào trong mục này." in overdue
    assert 'href="/staff/dossiers"' in (await web.get("/staff")).text


async def test_the_dossier_page_offers_only_the_allowed_actions(
    web: Client, clock: FixedClock
) -> None:
    """A new dossier: receive, request papers, refuse; never approve or return; the paper is
    previewed inline, the clock says when it is due."""
    code = await new_dossier(web)
    await as_staff(web, clock, COMMUNE, "officer")
    html = (await web.get(f"/staff/dossiers/{code}")).text
    offered = re.findall(rf'action="/staff/dossiers/{re.escape(code)}/actions/(\w+)"', html)
    assert offered == ["receive", "request_supplement", "reject"]
    assert "Hạn: Thứ Hai 02/03/2026 17:00, còn 6 giờ 30 phút làm việc." in html
    assert re.search(
        rf'<img class="paper-image" src="/staff/dossiers/{re.escape(code)}/documents/\d+"', html
    )
    assert "Nguyễn Thị Bình" in html and "25/02/2026" in html
    assert 'name="unit"' in html and f'value="{JUSTICE}"' in html


async def test_an_action_through_its_form_and_csrf(web: Client, clock: FixedClock) -> None:
    """Without the CSRF token nothing happens (403); with it the dossier is received (303 back
    with a note), and the control sheet shows the counter's row."""
    code = await new_dossier(web)
    await as_staff(web, clock, COMMUNE, "officer")
    url = f"/staff/dossiers/{code}/actions/receive"
    refused = await web.post(url, data={"note": "Đủ giấy tờ"}, follow_redirects=False)
    assert refused.status_code == 403
    token = await csrf(web, f"/staff/dossiers/{code}")
    done = await web.post(
        url, data={"_csrf_token": token, "note": "Đủ giấy tờ"}, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/staff/dossiers/{code}?done=receive"
    html = (await web.get(done.headers["location"])).text
    assert "Đã thực hiện: Tiếp nhận hồ sơ." in html and "Được tiếp nhận" in html
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 06)" in html
    offered = re.findall(r'/actions/(\w+)"', html)
    assert "receive" not in offered and "forward" in offered and "extend" in offered


async def test_refusals_rerender_with_the_error_summary(web: Client, clock: FixedClock) -> None:
    """Missing papers list: 400, summary linking the textarea; approving as an officer: 409,
    summary linking the action; what was typed is kept."""
    code = await new_dossier(web)
    await as_staff(web, clock, COMMUNE, "officer")
    token = await csrf(web, f"/staff/dossiers/{code}")
    base = f"/staff/dossiers/{code}/actions"
    empty = await web.post(
        f"{base}/request_supplement",
        data={"_csrf_token": token, "items": " \n ", "note": "Ghi chú giữ lại"},
    )
    assert empty.status_code == 400
    assert '<a href="#request_supplement-items">Liệt kê giấy tờ còn thiếu</a>' in empty.text
    assert "<title>Lỗi: " in empty.text and "Ghi chú giữ lại</textarea>" in empty.text
    assert '<details class="action" id="action-request_supplement" open>' in empty.text
    conflict = await web.post(f"{base}/approve", data={"_csrf_token": token})
    assert conflict.status_code == 409
    assert '<a href="#action-approve">Chỉ lãnh đạo đơn vị được phê duyệt hồ sơ</a>' in conflict.text
    assert (await web.post(f"{base}/fly", data={"_csrf_token": token})).status_code == 404


async def test_forwarding_away_returns_to_the_queue(web: Client, clock: FixedClock) -> None:
    """A dossier sent to another unit is no longer ours: back to the queue with a note."""
    code = await new_dossier(web)
    await as_staff(web, clock, COMMUNE, "officer")
    token = await csrf(web, f"/staff/dossiers/{code}")
    base = f"/staff/dossiers/{code}/actions"
    assert (await web.post(f"{base}/receive", data={"_csrf_token": token})).status_code == 200
    moved = await web.post(
        f"{base}/forward", data={"_csrf_token": token, "unit": JUSTICE}, follow_redirects=False
    )
    assert moved.status_code == 303 and moved.headers["location"].startswith(
        "/staff/dossiers?moved="
    )
    html = (await web.get(moved.headers["location"])).text
    [justice] = await Unit.select(Unit.name).where(Unit.code == JUSTICE)
    assert (
        f"Đã thực hiện “Chuyển xử lý” với hồ sơ {code}. Hồ sơ đã chuyển đến {justice['name']}."
        in html
    )
    assert (await web.get(f"/staff/dossiers/{code}")).status_code == 404
    # the unit is named from the server's list: a crafted link names no unit and shows nothing
    crafted = f"/staff/dossiers?moved={code}&action=forward&unit=B%E1%BB%99+C%C3%B4ng+an"
    assert "Hồ sơ đã chuyển đến" not in (await web.get(crafted)).text


async def test_papers_are_private_to_the_holding_unit(web: Client, clock: FixedClock) -> None:
    """The holding unit's officer gets the image (private, nosniff); another unit gets 404."""
    code = await new_dossier(web)
    await as_staff(web, clock, COMMUNE, "officer")
    src = re.search(
        r'src="(/staff/dossiers/[^"]+/documents/\d+)"',
        (await web.get(f"/staff/dossiers/{code}")).text,
    )
    assert src
    paper = await web.get(src.group(1))
    assert paper.status_code == 200 and paper.headers["content-type"] == "image/jpeg"
    assert paper.headers["cache-control"] == "private"
    assert paper.headers["x-content-type-options"] == "nosniff"
    await as_staff(web, clock, JUSTICE, "officer")
    assert (await web.get(src.group(1))).status_code == 404
    assert (await web.get(f"/staff/dossiers/{code}")).status_code == 404


async def test_strangers_are_sent_away(web: Client, clock: FixedClock) -> None:
    """Anonymous: to the staff sign-in; a citizen or an admin without a unit: 404."""
    code = await new_dossier(web)
    for path in ("/staff/dossiers", f"/staff/dossiers/{code}"):
        response = await web.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith(
            "/staff/sign-in"
        )
    citizen = Citizen(phone="+84900000001", created_at=clock.now())
    await Citizen.insert(citizen)
    web.cookies.set(SESSION, await TokenService(clock).issue("session", citizen_id=citizen.id))
    assert (await web.get("/staff/dossiers")).status_code == 404
    await as_staff(web, clock, None, "admin")
    assert (await web.get("/staff/dossiers")).status_code == 404
    assert (await web.get(f"/staff/dossiers/{code}")).status_code == 404


async def test_the_result_file_goes_to_the_citizens_papers(web: Client, clock: FixedClock) -> None:
    """ "Cập nhật kết quả" with a scan: stored for the dossier's owner and named on the dossier;
    a renamed executable is refused with the form re-rendered (400), nothing recorded."""
    code = await new_dossier(web)
    await as_staff(web, clock, COMMUNE, "officer")
    token = await csrf(web, f"/staff/dossiers/{code}")
    base = f"/staff/dossiers/{code}"
    await web.post(f"{base}/actions/receive", data={"_csrf_token": token})
    await web.post(f"{base}/actions/forward", data={"_csrf_token": token})  # to the approval
    html = (await web.get(base)).text
    assert f'action="{base}/result" method="post" enctype="multipart/form-data"' in html
    bad = await web.post(
        f"{base}/result",
        data={"_csrf_token": token},
        files={"result": ("ket-qua.pdf", b"MZ\x90\x00not a pdf", "application/pdf")},
    )
    assert bad.status_code == 400 and 'class="error-summary"' in bad.text
    assert (await Dossier.select(Dossier.result_upload).where(Dossier.code == code))[0][
        "result_upload"
    ] == ""
    good = await web.post(
        f"{base}/result",
        data={"_csrf_token": token, "digitised": "1", "note": "Bản chụp giấy khai sinh"},
        files={"result": ("ket-qua.jpg", jpeg(), "image/jpeg")},
        follow_redirects=False,
    )
    assert good.status_code == 303
    row = (await Dossier.select(Dossier.result_upload, Dossier.digitised, Dossier.owner))[0]
    assert row["digitised"] and row["result_upload"]
    owned = await Upload.select(Upload.owner).where(Upload.id == row["result_upload"]).first()
    assert owned is not None and owned["owner"] == row["owner"]


async def test_after_the_due_days_close_the_pages_say_overdue(
    web: Client, clock: FixedClock
) -> None:
    """Filed Monday 09:00, same-day procedure, due 17:00; at 17:30 no working time is over yet,
    but the queue and the clock panel say overdue in plain words, not "0 minutes"."""
    code = await new_dossier(web)
    clock.advance(MONDAY_9.replace(hour=17, minute=30) - clock.now())
    await as_staff(web, clock, COMMUNE, "officer")
    queue = (await web.get("/staff/dossiers?filter=overdue")).text
    assert code in queue and "Quá hạn (hết giờ làm việc ngày hẹn)" in queue
    page = (await web.get(f"/staff/dossiers/{code}")).text
    assert "Đã quá hạn: hết giờ làm việc của ngày hẹn" in page
