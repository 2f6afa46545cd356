"""The admin life-event pages over HTTP: who gets in, CSRF, bad entries, add, edit, remove."""

from __future__ import annotations

import html

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.catalog.tables import LifeEventRecord
from core.clock import SystemClock
from core.identity.tables import AuditEntry, Citizen
from core.identity.tokens import TokenService
from tests.web.test_admin_pages import SESSION, csrf, sign_in

Client = AsyncTestClient[Litestar]
LIST = "/admin/life-events"
GOOD = {"name": "Nuôi gà thả vườn", "phrases": "nuôi gà\nchăn nuôi gà", "codes": "1.001612"}
POSTS = (
    (LIST, GOOD),
    (f"{LIST}/mo-quan", {**GOOD, "name": "Mở quán"}),
    (f"{LIST}/mo-quan/remove", {}),
)


async def post(client: Client, path: str, data: dict[str, str]) -> tuple[int, str, str]:
    """Post with the list page's CSRF token: status, body, Location (redirects not followed)."""
    response = await client.post(
        path, data={"_csrf_token": await csrf(client, LIST), **data}, follow_redirects=False
    )
    return response.status_code, response.text, response.headers.get("location", "")


async def first_result(client: Client, query: str) -> str:
    page = (await client.get("/procedures", params={"q": query})).text
    start = page.index('<ol class="results"')
    return page[page.index('href="/procedures/', start) + 18 :].split('"', 1)[0]


async def test_anonymous_users_are_sent_to_staff_sign_in(client: Client) -> None:
    """Without a session the list and an entry redirect to /staff/sign-in."""
    for path in (LIST, f"{LIST}/mo-quan"):
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/staff/sign-in?next=%2Fadmin%2Flife-events")


async def test_officers_get_404_and_change_nothing(client: Client) -> None:
    """A signed-in officer sees "not found" on every page and every form."""
    await sign_in(client, username="canbo", roles=("officer", "head"))
    for path in (LIST, f"{LIST}/mo-quan"):
        assert (await client.get(path)).status_code == 404, path
    token = await csrf(client, "/")
    for path, data in POSTS:
        response = await client.post(path, data={"_csrf_token": token, **data})
        assert response.status_code == 404, path
    assert await LifeEventRecord.count().where(LifeEventRecord.key == "nuoi-ga-tha-vuon") == 0


async def test_citizens_get_404(client: Client) -> None:
    """A signed-in citizen gets 404 on the admin page."""
    citizen = Citizen(phone="+84912345678", created_at=SystemClock().now())
    await Citizen.insert(citizen)
    token = await TokenService(SystemClock()).issue("session", citizen_id=citizen.id)
    client.cookies.set(SESSION, token)
    assert (await client.get(LIST)).status_code == 404


async def test_posts_without_the_csrf_token_are_refused(client: Client) -> None:
    """An admin's form posted without its token is a 403 and changes nothing."""
    await sign_in(client)
    before = await LifeEventRecord.count()
    for path, data in POSTS:
        assert (await client.post(path, data=data)).status_code == 403, path
    assert await LifeEventRecord.count() == before


async def test_the_list_shows_each_event_with_its_procedures(client: Client) -> None:
    """Bundled events are listed by name, each code linked with its procedure's name."""
    await sign_in(client)
    page = (await client.get(LIST)).text
    assert "<h2>Làm giấy khai sinh cho con</h2>" in page
    assert '<a href="/procedures/1.001193">1.001193</a> Đăng ký khai sinh' in page
    assert f'action="{LIST}/mo-quan/remove"' in page and f'href="{LIST}/mo-quan"' in page


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("codes", "1.999999", "Mã 1.999999 không có trong danh mục thủ tục"),
        ("phrases", "gà", "«gà» quá ngắn: mỗi cách nói cần ít nhất 2 từ"),
        ("phrases", "làm sổ đỏ", "đã thuộc mục «Làm sổ đỏ"),
    ],
)
async def test_a_bad_entry_is_a_400_saying_what_to_fix(
    client: Client, field: str, value: str, says: str
) -> None:
    """The form comes back with "Lỗi: " in the title, a summary linking the field, the message,
    and what was typed."""
    await sign_in(client)
    status, page, _ = await post(client, LIST, {**GOOD, field: value})
    text = html.unescape(page)
    assert status == 400
    assert "<title>Lỗi: " in text and f'<a href="#{field}">' in text
    assert says in text
    assert 'value="Nuôi gà thả vườn"' in text  # nothing typed is lost
    assert await LifeEventRecord.count().where(LifeEventRecord.key == "nuoi-ga-tha-vuon") == 0


async def test_adding_an_event_steers_search_and_is_audited(client: Client) -> None:
    """A new event redirects to the list with a message, and its phrase now finds its code."""
    await sign_in(client)
    status, _, location = await post(client, LIST, GOOD)
    assert status == 303 and location == f"{LIST}?done=added&key=nuoi-ga-tha-vuon#events"
    page = (await client.get(location)).text
    assert "Đã thêm «Nuôi gà thả vườn»." in html.unescape(page)
    assert await first_result(client, "chan nuoi ga") == "1.001612"
    actions = await AuditEntry.select(AuditEntry.action).where(
        AuditEntry.object_id == "nuoi-ga-tha-vuon"
    )
    assert [a["action"] for a in actions] == ["catalog.life_event_added"]


async def test_editing_an_event_changes_the_first_result(client: Client) -> None:
    """Putting 2.001610 first for "mở quán" makes it the first result at once."""
    await sign_in(client)
    assert await first_result(client, "mở quán") == "1.001612"
    page = (await client.get(f"{LIST}/mo-quan")).text
    assert "1.001612, 2.000720, 2.001610" in page  # the form shows the stored codes
    edited = {"name": "Mở quán", "phrases": "mở quán\nmở tiệm", "codes": "2.001610, 1.001612"}
    status, _, location = await post(client, f"{LIST}/mo-quan", edited)
    assert status == 303 and "done=changed" in location
    assert await first_result(client, "mở quán") == "2.001610"


async def test_a_bad_edit_keeps_what_was_typed(client: Client) -> None:
    """An edit with an unknown code re-renders the edit page with a 400."""
    await sign_in(client)
    status, page, _ = await post(client, f"{LIST}/mo-quan", {**GOOD, "codes": "9.999"})
    assert status == 400 and "mã có dạng 1.001193" in html.unescape(page)
    assert f'action="{LIST}/mo-quan"' in page


async def test_removing_an_event_and_removing_it_again(client: Client) -> None:
    """Removal redirects with a message; a second removal is a 404 on the list page."""
    await sign_in(client)
    status, _, location = await post(client, f"{LIST}/ban-dat/remove", {})
    assert status == 303 and "done=removed" in location
    assert "<h2>Bán đất, mua đất (sang tên)</h2>" not in (await client.get(LIST)).text
    status, page, _ = await post(client, f"{LIST}/ban-dat/remove", {})
    assert status == 404 and "Mục này không còn nữa" in page


async def test_an_unknown_event_is_a_404(client: Client) -> None:
    """An address naming no event is the site's 404 page."""
    await sign_in(client)
    assert (await client.get(f"{LIST}/khong-co")).status_code == 404
