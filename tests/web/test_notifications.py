"""The notification pages: the centre, its header count, the settings (devices, choices) and
the admin's /admin/outbox; CSRF enforced, other people's things are 404."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.clock import SystemClock
from core.identity.tables import AuditEntry
from core.identity.tokens import TokenService
from core.outbox import preferences
from core.outbox.channels import Delivery
from core.outbox.inbox import InAppChannel
from core.outbox.tables import Notification, OutboxMessage
from core.push.tables import PushSubscription
from tests.core.outbox.conftest import NOW, make_citizen, queue
from tests.web.test_admin_pages import sign_in as staff_sign_in

Client = AsyncTestClient[Litestar]
SESSION = "motcua_session"
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')
PUSH_BUTTON = '<button type="button" data-push-enable hidden>Bật thông báo</button>'


@pytest.fixture(autouse=True)
def no_redirects(client: Client) -> None:
    client.follow_redirects = False


async def as_citizen(client: Client, *, phone: str = "+84912345678") -> int:
    citizen = await make_citizen(phone=phone)
    token = await TokenService(SystemClock()).issue("session", citizen_id=citizen)
    client.cookies.set(SESSION, token)
    return citizen


async def notify(citizen: int, message_id: int, title: str, link: str = "/dossiers") -> None:
    delivery = Delivery(
        message_id, "dossier.receive", title, "Dòng một\nDòng hai", link, citizen, None
    )
    await InAppChannel(SystemClock()).deliver(delivery)


async def csrf(client: Client, path: str) -> str:
    found = CSRF.search((await client.get(path)).text)
    assert found, f"{path} has a form with a CSRF token"
    return found.group(1)


async def test_the_centre_lists_newest_first_and_the_header_counts_unread(client: Client) -> None:
    citizen = await as_citizen(client)
    await notify(citizen, 1, "Hồ sơ A đã được tiếp nhận")
    await notify(citizen, 2, "Hồ sơ B cần bổ sung giấy tờ")
    page = await client.get("/account/notifications")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    html = page.text
    assert html.index("Hồ sơ B cần bổ sung") < html.index("Hồ sơ A đã được tiếp nhận")
    assert html.count("Chưa đọc") == 2 and "Bạn có 2 thông báo chưa đọc." in html
    assert '<a href="/account/notifications">Thông báo<span>&nbsp;(2 chưa đọc)' in html
    home = (await client.get("/")).text
    assert "(2 chưa đọc)" in home


async def test_mark_all_read_needs_the_csrf_token(client: Client) -> None:
    citizen = await as_citizen(client)
    await notify(citizen, 1, "Hồ sơ A đã được tiếp nhận")
    refused = await client.post("/account/notifications/read-all", data={})
    assert refused.status_code == 403
    assert await Notification.count().where(Notification.read_at.is_null()) == 1
    token = await csrf(client, "/account/notifications")
    done = await client.post("/account/notifications/read-all", data={"_csrf_token": token})
    assert done.status_code == 303 and done.headers["location"] == "/account/notifications"
    assert await Notification.count().where(Notification.read_at.is_null()) == 0
    page = (await client.get("/account/notifications")).text
    assert "Bạn đã đọc hết thông báo." in page and "chưa đọc)" not in page


async def test_opening_marks_read_and_another_citizens_notification_is_404(client: Client) -> None:
    other = await make_citizen(phone="+84987654321")
    await notify(other, 9, "Của người khác")
    citizen = await as_citizen(client)
    await notify(citizen, 1, "Của tôi", link="/dossiers/H56-0001")
    mine = await Notification.select(Notification.id).where(Notification.citizen == citizen)
    theirs = await Notification.select(Notification.id).where(Notification.citizen == other)
    opened = await client.get(f"/account/notifications/{mine[0]['id']}")
    assert opened.status_code == 303 and opened.headers["location"] == "/dossiers/H56-0001"
    assert (await client.get(f"/account/notifications/{theirs[0]['id']}")).status_code == 404
    # an id no notification can have is simply not found, like any other made-up one
    assert (await client.get("/account/notifications/99999999999")).status_code == 404
    unread = await Notification.select(Notification.citizen).where(Notification.read_at.is_null())
    assert unread == [{"citizen": other}]


async def test_strangers_sign_in_and_staff_get_404(client: Client) -> None:
    page = await client.get("/account/notifications/settings")
    assert page.status_code in (302, 303) and page.headers["location"].startswith("/sign-in")
    await staff_sign_in(client, roles=("officer",))
    assert (await client.get("/account/notifications")).status_code == 404


async def test_the_settings_page_has_the_push_button_devices_and_choices(client: Client) -> None:
    citizen = await as_citizen(client)
    await PushSubscription.insert(
        PushSubscription(
            citizen=citizen,
            endpoint="https://push.example/1",
            p256dh="k",
            auth="a",
            label="Chrome trên Android",
            created_at=NOW,
        )
    )
    html = (await client.get("/account/notifications/settings")).text
    assert PUSH_BUTTON in html and "<noscript>" in html
    assert "Chrome trên Android" in html
    assert 'name="supplement.sms" value="1" checked' in html  # SMS on by default where offered
    assert 'name="status.sms"' not in html  # and not offered for plain status changes
    assert 'name="status.email" value="1" checked' in html


async def test_saving_choices_with_csrf_and_a_post_without_it_changes_nothing(
    client: Client,
) -> None:
    citizen = await as_citizen(client)
    assert (
        await client.post("/account/notifications/settings", data={"status.push": "1"})
    ).status_code == 403
    assert (await preferences.choices_of(citizen)).stored == {}
    token = await csrf(client, "/account/notifications/settings")
    form = {"_csrf_token": token, "status.push": "1", "payment.sms": "1", "status.sms": "1"}
    saved = await client.post("/account/notifications/settings", data=form)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=choices")
    choices = await preferences.choices_of(citizen)
    assert choices.allows("status", "push") and choices.allows("payment", "sms")
    assert not choices.allows("status", "email") and not choices.allows("status", "sms")
    html = (await client.get(saved.headers["location"])).text
    assert "Đã lưu cách nhận thông báo." in html
    assert 'name="status.email" value="1">' in html  # now unchecked


async def test_removing_a_device_only_ones_own(client: Client) -> None:
    other = await make_citizen(phone="+84987654321")
    citizen = await as_citizen(client)
    for owner, n in ((citizen, 1), (other, 2)):
        await PushSubscription.insert(
            PushSubscription(
                citizen=owner,
                endpoint=f"https://push.example/{n}",
                p256dh="k",
                auth="a",
                label=f"Máy {n}",
                created_at=NOW,
            )
        )
    rows = {r["citizen"]: r["id"] for r in await PushSubscription.select()}
    token = await csrf(client, "/account/notifications/settings")
    path = "/account/notifications/settings/devices/{}/remove"
    theirs = await client.post(path.format(rows[other]), data={"_csrf_token": token})
    assert theirs.status_code == 404
    mine = await client.post(path.format(rows[citizen]), data={"_csrf_token": token})
    assert mine.status_code == 303
    assert [r["citizen"] for r in await PushSubscription.select()] == [other]


async def test_the_admin_sees_parked_messages_and_retries_one(client: Client) -> None:
    """Listed with its attempts; "Gửi lại" (CSRF) requeues it and is audited; others get 404."""
    citizen = await make_citizen()
    [mid] = await queue(citizen_id=citizen)
    await OutboxMessage.update({OutboxMessage.status: "parked", OutboxMessage.attempts: 8}).where(
        OutboxMessage.id == mid
    )
    await staff_sign_in(client)
    html = (await client.get("/admin/outbox")).text
    assert "Hồ sơ H56-0000 cần bổ sung giấy tờ" in html and "Dừng sau 8 lượt lỗi" in html
    assert "Gửi lại" in html
    refused = await client.post(f"/admin/outbox/{mid}/retry", data={})
    assert refused.status_code == 403
    token = await csrf(client, "/admin/outbox")
    done = await client.post(f"/admin/outbox/{mid}/retry", data={"_csrf_token": token})
    assert done.status_code == 303 and done.headers["location"] == f"/admin/outbox?retried={mid}"
    row = await OutboxMessage.select(OutboxMessage.status).where(OutboxMessage.id == mid).first()
    assert row == {"status": "pending"}
    assert await AuditEntry.count().where(AuditEntry.action == "outbox.retry") == 1
    again = await client.post(f"/admin/outbox/{mid}/retry", data={"_csrf_token": token})
    assert again.status_code == 404  # no longer parked
    assert "Không có thông báo nào cần xử lý." in (await client.get("/admin/outbox")).text


async def test_the_admin_page_is_404_for_officers_and_citizens(client: Client) -> None:
    await staff_sign_in(client, username="canbo", roles=("officer",))
    assert (await client.get("/admin/outbox")).status_code == 404
    client.cookies.clear()
    await as_citizen(client)
    assert (await client.get("/admin/outbox")).status_code == 404
