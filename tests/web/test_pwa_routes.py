"""The installable shell's URLs: manifest fields, the worker's headers and scope, the offline
page, the icons, and the page hooks base.html gives pwa.js."""

from __future__ import annotations

import io
import re

from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image

from pwa.routes import SHELL_FILES
from tests.web.test_dossier_pages import Site, site  # noqa: F401 (fixture)

Client = AsyncTestClient[Litestar]


async def test_the_manifest_names_the_app_in_vietnamese_and_opens_standalone(
    client: Client,
) -> None:
    """Name, start URL, scope, display, colours, from a manifest media type."""
    response = await client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["name"] == "Một cửa — Dịch vụ công trực tuyến"
    assert manifest["short_name"] == "Một cửa"
    assert manifest["lang"] == "vi"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#a50e0e"


async def test_the_manifest_icons_exist_at_the_sizes_they_claim(client: Client) -> None:
    """192 and 512 "any", a maskable 512: each is a PNG of exactly that size."""
    icons = (await client.get("/manifest.webmanifest")).json()["icons"]
    assert {(i["sizes"], i["purpose"]) for i in icons} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    for icon in icons:
        response = await client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        assert response.headers["content-type"] == "image/png"
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert Image.open(io.BytesIO(response.content)).size == (width, height)


async def test_the_manifest_has_shortcuts_to_search_and_my_dossiers(client: Client) -> None:
    """Two shortcuts: "Tìm thủ tục" → /procedures, "Hồ sơ của tôi" → /dossiers."""
    shortcuts = (await client.get("/manifest.webmanifest")).json()["shortcuts"]
    assert [(s["name"], s["url"]) for s in shortcuts] == [
        ("Tìm thủ tục", "/procedures"),
        ("Hồ sơ của tôi", "/dossiers"),
    ]


async def test_the_service_worker_is_served_for_the_root_scope_and_never_cached(
    client: Client,
) -> None:
    """/sw.js: JavaScript, Service-Worker-Allowed: /, Cache-Control: no-cache."""
    response = await client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["service-worker-allowed"] == "/"
    assert response.headers["cache-control"] == "no-cache"


async def test_the_service_worker_is_versioned_and_precaches_only_the_small_shell(
    client: Client,
) -> None:
    """Its version is written in; the shell list holds the offline page and small files."""
    source = (await client.get("/sw.js")).text
    assert "__VERSION__" not in source
    assert "__SHELL__" not in source
    assert re.search(r'const VERSION = "[0-9a-f]{12}";', source)
    assert "/offline" in SHELL_FILES
    for path in SHELL_FILES:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert len(response.content) < 30_000, path  # never htmx or a photo


async def test_the_offline_page_is_a_vietnamese_page_without_inline_code(client: Client) -> None:
    """/offline: HTML in Vietnamese, the site's stylesheet, no inline script or style."""
    response = await client.get("/offline")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert '<html lang="vi">' in html
    assert "<h1>Đang ngoại tuyến</h1>" in html
    assert '<link rel="stylesheet" href="/static/css/app.css">' in html
    assert "<script>" not in html
    assert "<style" not in html
    assert " style=" not in html


async def test_the_favicon_and_the_apple_and_badge_icons_are_served(client: Client) -> None:
    """favicon.ico at the root, the 180 apple-touch icon and the 96 monochrome badge."""
    assert (await client.get("/favicon.ico")).headers["content-type"] == "image/x-icon"
    apple = await client.get("/pwa/icons/apple-touch-icon-180.png")
    assert Image.open(io.BytesIO(apple.content)).size == (180, 180)
    badge = Image.open(io.BytesIO((await client.get("/pwa/icons/badge-96.png")).content))
    assert badge.size == (96, 96)
    assert badge.mode == "RGBA"
    pixels = badge.getcolors(maxcolors=96 * 96) or []
    colours = {rgba[:3] for _, rgba in pixels if rgba[3] > 0}
    assert colours <= {(255, 255, 255)}, "a badge is one colour: only its alpha counts"


async def test_every_page_links_the_manifest_and_the_client_script(client: Client) -> None:
    """base.html: manifest link, apple-touch icon, pwa.js deferred, the notes container."""
    html = (await client.get("/")).text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<link rel="apple-touch-icon" href="/pwa/icons/apple-touch-icon-180.png">' in html
    assert '<script src="/pwa/pwa.js" defer></script>' in html
    assert 'data-install="Cài ứng dụng lên điện thoại"' in html
    assert 'name="motcua-user"' not in html  # nobody signed in: nothing personal to store


async def test_a_citizens_pages_name_the_user_their_offline_copies_belong_to(
    site: Site,  # noqa: F811 (fixture)
) -> None:
    """Signed in, pages carry <meta name="motcua-user"> with the citizen's key."""
    citizen = await site.sign_in()
    html = (await site.client.get("/dossiers")).text
    assert f'<meta name="motcua-user" content="c{citizen.actor.id}">' in html
