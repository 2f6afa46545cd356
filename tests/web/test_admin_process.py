"""Admin process pages over HTTP: who gets in, the list, the editor, saving a new version."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.catalog.service import CatalogService
from core.clock import SystemClock
from core.process.service import ProcessService
from core.process.tables import Process
from tests.web.test_admin_pages import csrf, sign_in

Client = AsyncTestClient[Litestar]
RESIDENCE = "1.004194"  # Đăng ký tạm trú: 3 working days = 24 h
PAGE = f"/admin/processes/{RESIDENCE}"
PATHS = ("/admin/processes", PAGE)


@pytest.fixture
async def processes(catalog: CatalogService) -> ProcessService:
    service = ProcessService(SystemClock(), catalog)
    await service.load_bundled()
    return service


async def form_of(client: Client) -> dict[str, str]:
    """The edit form as the browser would send it (inputs and selected options)."""
    html = (await client.get(PAGE)).text
    form = dict(
        re.findall(r'<input type="(?:hidden|text)"[^>]* name="([^"]+)" value="([^"]*)"', html)
    )
    for name, options in re.findall(
        r'<select id="[^"]+" name="([^"]+)">(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]+)" selected>', options)
        form[name] = chosen.group(1) if chosen else ""
    return form


async def test_anonymous_users_are_sent_to_staff_sign_in(
    client: Client, processes: ProcessService
) -> None:
    """Without a session the process pages redirect to /staff/sign-in."""
    for path in PATHS:
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/staff/sign-in?next=%2Fadmin")


async def test_officers_and_heads_get_404(client: Client, processes: ProcessService) -> None:
    """Staff without the admin role see "not found" and cannot post a new version."""
    await sign_in(client, username="canbo", roles=("officer", "head"))
    for path in PATHS:
        assert (await client.get(path)).status_code == 404, path
    response = await client.post(PAGE, data={"_csrf_token": await csrf(client, "/")})
    assert response.status_code == 404
    assert await Process.count().where(Process.procedure_code == RESIDENCE) == 1


async def test_the_list_shows_each_procedure_with_its_total(
    client: Client, processes: ProcessService
) -> None:
    """Each procedure is listed with its steps, total against legal time, and version."""
    await sign_in(client)
    html = (await client.get("/admin/processes")).text
    assert f'href="/admin/processes/{RESIDENCE}"' in html and "Đăng ký tạm trú" in html
    assert "24 giờ" in html and "liên thông" in html
    assert "không quy đổi được" in html  # procedures whose time is not numeric
    filtered = (await client.get("/admin/processes", params={"field": "dat-dai"})).text
    assert "Đăng ký tạm trú" not in filtered and "Tách thửa" in filtered


async def test_admin_home_links_the_processes(client: Client) -> None:
    """The admin home and the admin menu link the process list."""
    await sign_in(client)
    assert (await client.get("/admin")).text.count('href="/admin/processes"') == 2


async def test_admin_saves_a_new_version(client: Client, processes: ProcessService) -> None:
    """Changing a step and saving: 303 to the page, version 2 in force, version 1 kept."""
    await sign_in(client)
    form = await form_of(client)
    assert form["step_count"] == "4" and form["step_2_allowance_hours"] == "12"
    form |= {"step_2_allowance_hours": "14", "step_3_allowance_hours": "4", "action": "save"}
    form["step_2_name"] = "Công an cấp xã thẩm định hồ sơ"
    response = await client.post(PAGE, data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"{PAGE}?saved=2"
    html = (await client.get(response.headers["location"])).text
    assert "Đã lưu phiên bản 2." in html and "đang áp dụng" in html and "đã được thay thế" in html
    current = await processes.current(RESIDENCE)
    assert current.version == 2 and current.steps[1].name == "Công an cấp xã thẩm định hồ sơ"
    assert [s.allowance_hours for s in current.steps] == [3, 14, 4, 3]


async def test_bad_input_is_a_400_page_naming_the_field(
    client: Client, processes: ProcessService
) -> None:
    """Too many hours: 400, "Lỗi: " title, summary links to the fields, typed values kept."""
    await sign_in(client)
    form = await form_of(client) | {"step_2_allowance_hours": "-2", "action": "save"}
    form["step_3_name"] = ""
    response = await client.post(PAGE, data=form)
    assert response.status_code == 400
    html = response.text
    assert "<title>Lỗi: " in html and 'class="error-summary"' in html
    assert 'href="#step_2_allowance_hours">Thời gian của bước là số giờ làm việc' in html
    assert 'href="#step_3_name">Nhập tên bước' in html
    assert 'id="step_2_allowance_hours" name="step_2_allowance_hours" value="-2"' in html
    assert (await processes.current(RESIDENCE)).version == 1


async def test_over_the_legal_time_names_the_total(
    client: Client, processes: ProcessService
) -> None:
    """30 h for a 24 h procedure: 400 with the total linked and explained."""
    await sign_in(client)
    form = await form_of(client) | {"step_2_allowance_hours": "18", "action": "save"}
    response = await client.post(PAGE, data=form)
    assert response.status_code == 400
    assert 'href="#total">Tổng thời gian các bước là 30 giờ' in response.text


async def test_post_without_csrf_token_is_403(client: Client, processes: ProcessService) -> None:
    """A forged form (no CSRF token) is refused before any change."""
    await sign_in(client)
    form = await form_of(client)
    del form["_csrf_token"]
    assert (await client.post(PAGE, data=form | {"action": "save"})).status_code == 403
    assert (await processes.current(RESIDENCE)).version == 1


async def test_steps_are_added_moved_and_removed_without_saving(
    client: Client, processes: ProcessService
) -> None:
    """The add, up and remove buttons re-render the form changed; nothing is saved."""
    await sign_in(client)
    form = await form_of(client)
    added = await client.post(PAGE, data=form | {"action": "add"})
    assert added.status_code == 200 and 'name="step_count" value="5"' in added.text
    assert 'id="step_4_kind" name="step_4_kind">' in added.text  # the new step, before return
    moved = await client.post(PAGE, data=form | {"action": "up-3"})
    assert re.search(r'name="step_2_name" value="Trưởng Công an', moved.text)
    removed = await client.post(PAGE, data=form | {"action": "remove-2"})
    assert 'name="step_count" value="3"' in removed.text
    assert await Process.count().where(Process.procedure_code == RESIDENCE) == 1


async def test_a_stale_form_is_a_409(client: Client, processes: ProcessService) -> None:
    """A form opened before someone else's save is refused with the reason, not applied."""
    await sign_in(client)
    form = await form_of(client) | {"action": "save"}
    assert (await client.post(PAGE, data=form, follow_redirects=False)).status_code == 303
    response = await client.post(PAGE, data=form)
    assert response.status_code == 409 and "phiên bản 2 do người khác lưu" in response.text
    assert (await processes.current(RESIDENCE)).version == 2


async def test_an_unknown_procedure_is_404(client: Client, processes: ProcessService) -> None:
    """The editor of a code outside the catalog is a 404 page."""
    await sign_in(client)
    assert (await client.get("/admin/processes/1.999999")).status_code == 404
