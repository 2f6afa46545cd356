"""Open redirects: no route that takes a `next` target ever sends the browser to another site.

The routes are found by reading the handlers (a `next` parameter or form field, or `safe_next`),
so a new one fails `test_every_route_taking_a_target_is_covered` until a case is added here.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import AsyncIterator
from urllib.parse import urljoin, urlsplit

import httpx
import pyotp
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.clock import FixedClock, SystemClock
from core.identity.staff import StaffService
from core.identity.tables import Citizen
from core.outbox.channels import Delivery
from core.outbox.inbox import InAppChannel
from core.outbox.tables import Notification
from core.settings import Settings
from tests.core.identity.test_staff import NOW, PASSWORD, make_staff, secret_of
from tests.web.test_account import ask_for_code, csrf_of, sign_in
from web.guards import safe_next

Client = AsyncTestClient[Litestar]
SITE = "http://testserver.local"
TAKES_A_TARGET = re.compile(r"""safe_next|["']next["']|\bnext\s*:""")
HOSTILE = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/\t/evil.example",
    " //evil.example",
    "https:evil.example",
    "http://testserver.local@evil.example/",
    "/%2F/evil.example",
    "data:text/html,<script>alert(1)</script>",
]
COVERED = {
    ("GET", "/lang/{lang:str}"),
    ("GET", "/sign-in"),
    ("POST", "/sign-in"),
    ("GET", "/sign-in/code"),
    ("POST", "/sign-in/code"),
    ("GET", "/staff/sign-in"),
    ("POST", "/staff/sign-in"),
    ("GET", "/account/notifications/{notification_id:int}"),  # the link stored with it
}
CONTROLS = "".join(chr(c) for c in range(0x21))  # what a browser strips around a URL


def stays_on_site(location: str) -> bool:
    """Read a Location as a browser does (tabs and newlines dropped, backslashes as slashes,
    controls and spaces trimmed), resolved against one of our pages: still our origin?"""
    cleaned = re.sub(r"[\t\n\r]", "", location).strip(CONTROLS).replace("\\", "/")
    resolved = urlsplit(urljoin(f"{SITE}/somewhere/page", cleaned))
    return (resolved.scheme, resolved.netloc) == ("http", "testserver.local")


def assert_local(response: httpx.Response) -> None:
    location = response.headers.get("location")
    assert location is None or stays_on_site(location), location


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def web(settings: Settings, clock: FixedClock, db: None) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        client.follow_redirects = False
        yield client


def test_the_reading_of_a_location_catches_the_tricks() -> None:
    """The check itself: local paths pass; every hostile target, taken as is, fails (a %2F only
    leaves the site if something decodes it twice)."""
    assert stays_on_site("/account") and stays_on_site("/procedures?q=khai+sinh")
    assert not any(stays_on_site(target) for target in HOSTILE if "%" not in target)


async def test_every_route_taking_a_target_is_covered(web: Client) -> None:
    """Each handler that reads a `next` target has a case below."""
    app = web.app
    found = {
        (method, route.path)
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
        if TAKES_A_TARGET.search(inspect.getsource(handler.fn))
        for method in handler.http_methods
    }
    assert found == COVERED


@pytest.mark.parametrize("target", HOSTILE)
async def test_switching_language(web: Client, target: str) -> None:
    """GET /lang/en?next=… returns to a page of ours."""
    response = await web.get("/lang/en", params={"next": target})
    assert response.status_code in (302, 303)
    assert_local(response)


@pytest.mark.parametrize("target", HOSTILE)
async def test_citizen_sign_in(web: Client, target: str) -> None:
    """Asking for a code, the code page, signing in, and the sign-in page once signed in."""
    assert_local(await ask_for_code(web, next_url=target))
    page = await web.get("/sign-in/code", params={"next": target})
    assert page.status_code == 200
    assert_local(page)
    signed_in = await sign_in(web, next_url=target)
    assert signed_in.status_code == 303
    assert_local(signed_in)
    again = await web.get("/sign-in", params={"next": target})
    assert again.status_code == 303
    assert_local(again)


@pytest.mark.parametrize("target", HOSTILE)
async def test_staff_sign_in(web: Client, clock: FixedClock, target: str) -> None:
    """Signing in with password and TOTP code, and the sign-in page once signed in."""
    created = await make_staff(StaffService(clock, "unused"))
    token = csrf_of((await web.get("/staff/sign-in")).text)
    code = pyotp.TOTP(secret_of(created)).at(clock.now())
    data = {"username": "officer.an", "password": PASSWORD, "totp": code, "next": target}
    response = await web.post("/staff/sign-in", data={**data, "_csrf_token": token})
    assert response.status_code == 303
    assert_local(response)
    assert "motcua_session=" in response.headers["set-cookie"]  # signed in, so the client is too
    again = await web.get("/staff/sign-in", params={"next": target})
    assert again.status_code == 303
    assert_local(again)


@pytest.mark.parametrize("target", HOSTILE)
async def test_opening_a_notification(web: Client, target: str) -> None:
    """A notification whose stored link is hostile still opens a page of ours."""
    assert (await sign_in(web)).status_code == 303
    citizen = (await Citizen.select(Citizen.id).first() or {})["id"]
    await InAppChannel(SystemClock()).deliver(
        Delivery(1, "dossier.receive", "T", "", target, citizen, None)
    )
    [row] = await Notification.select(Notification.id)
    response = await web.get(f"/account/notifications/{row['id']}")
    assert response.status_code == 303
    assert_local(response)


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\n/evil.example", "/\x7f/evil.example"])
def test_safe_next_refuses_what_browsers_would_strip(target: str) -> None:
    """A tab or newline is dropped by the browser ("/<tab>/evil" is "//evil"): refused outright,
    so the guard does not depend on the redirect quoting them."""
    assert safe_next(target, "/home") == "/home"
