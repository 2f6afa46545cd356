"""The installable app in a real chromium: installable, offline catalog and dossier list, the
offline page, sign-out forgetting personal pages, the push handler, and a dossier submitted
offline that is filed exactly once when the network returns."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, TIMEOUT_MS, screenshot
from tests.browser.test_account import assert_fits_and_accessible
from tests.browser.test_assist import run_in_live_database
from tests.browser.test_dossier_journey import paper_photo, units  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

# A citizen with a name and a session token, made in the live server's database by another
# process (Playwright's sync API holds this one's event loop).
CITIZEN = """
import asyncio, json, os, secrets
from core import database
from core.clock import SystemClock
from core.identity.tables import Citizen
from core.identity.tokens import TokenService

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    clock = SystemClock()
    row = await Citizen.insert(Citizen(
        phone=f"+8496{secrets.randbelow(10**7):07d}", full_name="Hà Thị Ngoại Tuyến",
        created_at=clock.now())).returning(Citizen.id)
    token = await TokenService(clock).issue("session", citizen_id=row[0]["id"])
    print(json.dumps({"id": row[0]["id"], "token": token}))

asyncio.run(main())
"""
COUNT_DOSSIERS = """
import asyncio, os, sys
from core import database
from core.dossiers.tables import Dossier

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    print(await Dossier.count().where(Dossier.owner == int(sys.argv[1])))

asyncio.run(main())
"""
READY = "() => navigator.serviceWorker.ready.then(r => r.active.scriptURL)"
CONTROLLED = "() => !!navigator.serviceWorker.controller"
CACHE_NAMES = "() => caches.keys()"
STORED_PATHS = """async () => {
  const paths = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) {
      paths.push(new URL(request.url).pathname);
    }
  }
  return paths;
}"""
STORED_PAGES = """async () => {
  const texts = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const type = (await cache.match(request)).headers.get("content-type") || "";
      if (type.startsWith("text/html")) texts.push(await (await cache.match(request)).text());
    }
  }
  return texts.join("\\n");
}"""
OFFLINE_NOTE = re.compile(r"Đang ngoại tuyến — cập nhật lần cuối lúc \d\d:\d\d \d\d/\d\d/\d{4}")
PROCEDURE = "/procedures/1.001193"  # Đăng ký khai sinh


def citizen(live_database: tuple[Path, str]) -> dict[str, Any]:
    made: dict[str, Any] = json.loads(run_in_live_database(live_database, CITIZEN))
    return made


def dossiers_of(live_database: tuple[Path, str], citizen_id: int) -> int:
    script = COUNT_DOSSIERS.replace("sys.argv[1]", str(citizen_id))
    return int(run_in_live_database(live_database, script).strip())


def signed_in(context: BrowserContext, live_server: str, token: str) -> BrowserContext:
    context.add_cookies([{"name": "motcua_session", "value": token, "url": live_server}])
    return context


def stored(page: Page, path: str) -> None:
    """Wait until the worker has written its copy of `path` (beside the answer, not before)."""
    page.wait_for_function("path => caches.match(path).then(Boolean)", arg=path)


def controlled(page: Page, path: str = "/") -> Page:
    """Open `path`, wait for the worker, and open it again: now the worker serves the page."""
    page.goto(path)
    assert page.evaluate(READY).endswith("/sw.js")
    page.reload()
    assert page.evaluate(CONTROLLED)
    stored(page, path)
    return page


@pytest.fixture
def persistent(
    playwright: Playwright, live_server: str, tmp_path: Path
) -> Iterator[Callable[[], BrowserContext]]:
    """A profile on disk: Chromium reports installability only outside incognito contexts."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = playwright.chromium.launch_persistent_context(
            tmp_path / "profile",
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            base_url=live_server,
            **PHONE,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def test_chromium_finds_the_app_installable(persistent: Callable[[], BrowserContext]) -> None:
    """CDP: the manifest parses without errors and there is no installability error."""
    page = persistent().new_page()
    page.goto("/")
    page.evaluate(READY)
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert manifest["errors"] == []
    parsed = json.loads(manifest["data"])
    assert parsed["name"] == "Một cửa — Dịch vụ công trực tuyến"
    assert parsed["display"] == "standalone"
    errors: list[Any] = []
    for _ in range(20):  # Chromium fetches the icons and checks the worker in the background
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        if not errors:
            break
        page.wait_for_timeout(250)
    assert errors == []


def test_the_catalog_is_served_offline_with_the_time_of_its_copy(page: Page) -> None:
    """After one online visit, the home page and a procedure open offline from the worker, with
    the "Đang ngoại tuyến — cập nhật lần cuối lúc ..." note; screenshot, no axe violation."""
    controlled(page, "/")
    page.goto(PROCEDURE)
    stored(page, PROCEDURE)
    page.context.set_offline(True)
    response = page.goto(PROCEDURE)
    assert response is not None and response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    expect(page.locator("#pwa-notes")).to_contain_text(OFFLINE_NOTE)
    assert_fits_and_accessible(page, "pwa-procedure-offline")
    screenshot(page, "pwa-procedure-offline-phone")
    home = page.goto("/")
    assert home is not None and home.from_service_worker
    expect(page.get_by_label("Bạn cần làm thủ tục gì?")).to_be_visible()
    expect(page.locator("#pwa-notes")).to_contain_text(OFFLINE_NOTE)


def test_a_page_never_visited_opens_the_offline_page(page: Page) -> None:
    """Offline, a procedure not seen before and the tracking page answer with the offline page."""
    controlled(page, "/")
    page.context.set_offline(True)
    for path in ("/procedures/1.000080", "/track"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text("Đang ngoại tuyến")
    expect(page.locator("#pwa-notes")).to_contain_text("Đang ngoại tuyến.")
    assert_fits_and_accessible(page, "pwa-offline-page")
    screenshot(page, "pwa-offline-page-phone")


def test_staff_admin_api_and_payment_pages_are_never_stored(page: Page) -> None:
    """What the worker stored after visiting them: only the shell, assets and catalog pages."""
    controlled(page, "/")
    for path in ("/staff", "/admin", "/api/v1/procedures?q=khai", "/dev/outbox"):
        page.goto(path)
    stored = page.evaluate(STORED_PATHS)
    assert stored, "the worker stored nothing at all"
    assert not [p for p in stored if re.match(r"/(staff|admin|api|payments|dev)(/|$)", p)]


def test_signing_out_forgets_the_stored_dossier_list(
    new_context: Callable[..., BrowserContext], live_server: str, live_database: tuple[Path, str]
) -> None:
    """The list opens offline while signed in; after "Đăng xuất" it is gone from the caches."""
    person = citizen(live_database)
    page = signed_in(new_context(), live_server, person["token"]).new_page()
    controlled(page, "/dossiers")
    assert f"personal-c{person['id']}" in page.evaluate(CACHE_NAMES)
    page.context.set_offline(True)
    response = page.goto("/dossiers")
    assert response is not None and response.from_service_worker
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")
    expect(page.locator("#pwa-notes")).to_contain_text(OFFLINE_NOTE)
    screenshot(page, "pwa-dossiers-offline-phone")
    page.context.set_offline(False)
    page.goto("/account")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/$"))
    assert not [n for n in page.evaluate(CACHE_NAMES) if n.startswith("personal-")]
    assert "motcua-user" not in page.evaluate(STORED_PAGES)  # "/" again, signed out
    page.context.set_offline(True)
    page.goto("/dossiers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đang ngoại tuyến")
    assert "Hồ sơ của tôi" not in page.title()


def test_a_push_shows_the_notification_that_opens_the_dossier(page: Page, live_server: str) -> None:
    """CDP delivers {"title","body","url","tag"}: one notification with that title, body, tag,
    our icon and badge, and the dossier's URL to open on click."""
    page.context.grant_permissions(["notifications"], origin=live_server)
    controlled(page, "/")
    cdp = page.context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    scoped: list[dict[str, Any]] = []
    for _ in range(50):  # the registrations arrive as events, soon after enabling
        scoped = [r for r in registrations if r["scopeURL"] == f"{live_server}/"]
        if scoped:
            break
        page.wait_for_timeout(100)
    assert scoped, registrations
    registration = scoped[0]
    payload = {
        "title": "Hồ sơ đã có kết quả",
        "body": "Hồ sơ 000.00.00.H56-261203-0001 đã có kết quả. Mời ông/bà đến nhận.",
        "url": "/dossiers/000.00.00.H56-261203-0001",
        "tag": "dossier-000.00.00.H56-261203-0001",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server,
            "registrationId": registration["registrationId"],
            "data": json.dumps(payload, ensure_ascii=False),
        },
    )
    shown: list[dict[str, Any]] = []
    for _ in range(100):
        shown = page.evaluate(
            """async () => (await (await navigator.serviceWorker.ready).getNotifications())
                 .map(n => ({title: n.title, body: n.body, tag: n.tag, icon: n.icon,
                             badge: n.badge, url: n.data && n.data.url}))"""
        )
        if shown:
            break
        page.wait_for_timeout(100)
    assert shown == [
        {
            "title": payload["title"],
            "body": payload["body"],
            "tag": payload["tag"],
            "icon": f"{live_server}/pwa/icons/icon-192.png",
            "badge": f"{live_server}/pwa/icons/badge-96.png",
            "url": payload["url"],
        }
    ]


def start_a_birth_registration(page: Page) -> str:
    """The draft's URL, from the procedure's "Bắt đầu"."""
    page.goto(f"{PROCEDURE}/submit")
    page.get_by_role("button", name="Bắt đầu").click()
    expect(page).to_have_url(re.compile(r"/dossiers/drafts/[\w-]+$"))
    return page.url


def answer_a_birth_registration(page: Page, photo: Path) -> None:
    """Type the answers and attach the paper's photo on the draft's page."""
    page.locator("#f-applicant_name").fill("Hà Thị Ngoại Tuyến")
    page.locator("#f-citizen_id").fill("038090004321")
    page.locator("#f-address\\.province").select_option("Thanh Hóa")
    page.locator("#f-address\\.detail").fill("Bản Pù Nhi, xã Mường Lát")
    page.locator("#f-child_name").fill("Hà Văn Mạng")
    page.locator("#f-child_birth_date").fill("01/03/2026")
    page.get_by_label("Nam", exact=True).check()
    page.locator("#f-birth_place").fill("Trạm y tế xã Mường Lát")
    page.locator("#cam-5").set_input_files(photo)


def test_a_dossier_submitted_offline_is_filed_once_when_the_network_returns(
    new_context: Callable[..., BrowserContext],
    live_server: str,
    live_database: tuple[Path, str],
    units: None,  # noqa: F811 (fixture)
    tmp_path: Path,
) -> None:
    """Offline, "Nộp hồ sơ" is queued and shown as "Đang chờ gửi"; back online it is sent by
    itself, exactly one dossier exists, and asking to send again files nothing more."""
    person = citizen(live_database)
    page = signed_in(new_context(), live_server, person["token"]).new_page()
    controlled(page, "/dossiers")
    start_a_birth_registration(page)
    answer_a_birth_registration(page, paper_photo(tmp_path / "giay-chung-sinh.jpg"))
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra lại trước khi nộp")
    page.context.set_offline(True)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/dossiers#pwa-notes$"))
    notes = page.locator("#pwa-notes")
    expect(notes).to_contain_text("Đang chờ gửi — hồ sơ sẽ tự gửi khi có mạng trở lại:")
    expect(notes.get_by_role("listitem")).to_contain_text("Đăng ký khai sinh")
    assert_fits_and_accessible(page, "pwa-pending")
    screenshot(page, "pwa-pending-phone")
    assert dossiers_of(live_database, person["id"]) == 0

    page.context.set_offline(False)
    sent = notes.get_by_role("link", name="Đã gửi hồ sơ — xem giấy biên nhận")
    expect(sent).to_be_visible()
    expect(notes).not_to_contain_text("Đang chờ gửi")
    screenshot(page, "pwa-sent-phone")
    assert dossiers_of(live_database, person["id"]) == 1
    page.evaluate(
        """() => navigator.serviceWorker.ready.then(r => new Promise(done => {
             const channel = new MessageChannel();
             channel.port1.onmessage = e => done(e.data);
             r.active.postMessage({type: "replay"}, [channel.port2]);
           }))"""
    )
    sent.click()
    expect(page).to_have_url(re.compile(r"/dossiers/000\.00\.00\.H56-\d{6}-\d{4}/receipt$"))
    assert dossiers_of(live_database, person["id"]) == 1


def test_answers_and_a_photo_saved_offline_reach_the_draft_when_the_network_returns(
    new_context: Callable[..., BrowserContext],
    live_server: str,
    live_database: tuple[Path, str],
    units: None,  # noqa: F811 (fixture)
    tmp_path: Path,
) -> None:
    """Offline, "Lưu và tiếp tục" with a photo is queued; back online the draft is saved with the
    answers and the photo, and the citizen checks and files it: one dossier."""
    person = citizen(live_database)
    page = signed_in(new_context(), live_server, person["token"]).new_page()
    controlled(page, "/dossiers")
    start_a_birth_registration(page)
    page.context.set_offline(True)
    answer_a_birth_registration(page, paper_photo(tmp_path / "giay-khai-sinh-ngoai-tuyen.jpg"))
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    notes = page.locator("#pwa-notes")
    expect(notes.get_by_role("listitem")).to_contain_text("Đăng ký khai sinh")

    page.context.set_offline(False)
    saved = notes.get_by_role("link", name="Đã lưu hồ sơ nháp — mở lại để kiểm tra và nộp")
    saved.click()
    expect(page).to_have_url(re.compile(r"/dossiers/drafts/[\w-]+$"))
    expect(page.locator(".attached")).to_contain_text("giay-khai-sinh-ngoai-tuyen.jpg")
    expect(page.locator("#f-child_name")).to_have_value("Hà Văn Mạng")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra lại trước khi nộp")
    expect(page.get_by_text("giay-khai-sinh-ngoai-tuyen.jpg")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page).to_have_url(re.compile(r"/dossiers/000\.00\.00\.H56-\d{6}-\d{4}/receipt$"))
    assert dossiers_of(live_database, person["id"]) == 1


def test_the_install_offer_waits_for_the_second_visit_and_can_be_put_off(
    persistent: Callable[[], BrowserContext],
) -> None:
    """First visit: no offer. Second visit: "Cài ứng dụng lên điện thoại" once Chromium allows
    installing; "Để sau" hides it, and it stays hidden on the next visit."""
    context = persistent()
    first = context.new_page()
    first.goto("/")
    first.evaluate(READY)
    first.reload()  # controlled, installable: Chromium may offer now, but it is the first visit
    first.wait_for_timeout(1500)
    expect(first.get_by_role("button", name="Cài ứng dụng lên điện thoại")).to_have_count(0)
    first.close()
    second = context.new_page()  # a new tab is a new visit
    second.goto("/procedures")
    offer = second.get_by_role("button", name="Cài ứng dụng lên điện thoại")
    expect(offer).to_be_visible()
    expect(second.locator("#pwa-notes")).to_contain_text("cả khi mất mạng")
    assert_fits_and_accessible(second, "pwa-install-offer")
    screenshot(second, "pwa-install-offer-phone")
    second.get_by_role("button", name="Để sau").click()
    expect(offer).to_have_count(0)
    second.close()
    third = context.new_page()
    third.goto("/")
    third.wait_for_timeout(1500)
    expect(third.get_by_role("button", name="Cài ứng dụng lên điện thoại")).to_have_count(0)


def test_the_push_button_appears_and_says_when_the_browser_blocks_notifications(
    new_context: Callable[..., BrowserContext], live_server: str, live_database: tuple[Path, str]
) -> None:
    """ "Bật thông báo" is shown where push works; refused permission is said, not swallowed."""
    person = citizen(live_database)
    page = signed_in(new_context(), live_server, person["token"]).new_page()
    page.goto("/account/notifications/settings")
    button = page.get_by_role("button", name="Bật thông báo")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#pwa-notes")).to_contain_text(
        "Trình duyệt đang chặn thông báo của trang này."
    )
    expect(button).to_be_enabled()
