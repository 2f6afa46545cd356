"""CSRF on every state-changing route, found by walking the app's routes rather than a hand list:
a new POST/PUT/PATCH/DELETE page route that does not refuse a forged request fails here."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from api.app import CSRF_EXEMPT, create_app
from core import database
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.tables import Citizen
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.api.test_auth import sign_in
from tests.api.test_staff_dossiers import COMMUNE, file, make_staff
from tests.core.dossiers.conftest import MONDAY_9

Client = AsyncTestClient[Litestar]
SESSION = "motcua_session"
CSRF_COOKIE = "motcua_csrf"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
EXEMPT = re.compile("|".join(CSRF_EXEMPT))
PARAMETER = re.compile(r"\{(\w+):(\w+)\}")
# Whatever a handler might read, so that a route that forgot CSRF would act on it.
FORM = {"next": "/", "gateway": "vnpay", "note": "x", "reason": "x", "amount": "1000", "code": "1"}
FORGERIES = {"no token": {}, "forged token": {"x-csrftoken": "forged"}}


@dataclass(frozen=True, slots=True)
class World:
    """Sessions and real identifiers, so that a forged request would find something to change."""

    citizen: str
    staff: str
    values: dict[str, str]


def state_changing_routes(app: Litestar) -> list[tuple[str, str]]:
    """(method, path template) of every POST/PUT/PATCH/DELETE handler the app serves."""
    return sorted(
        (method, route.path)
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
        for method in handler.http_methods & UNSAFE
    )


def page_routes(app: Litestar) -> list[tuple[str, str]]:
    """The state-changing routes the CSRF middleware must guard (outside CSRF_EXEMPT)."""
    return [(method, path) for method, path in state_changing_routes(app) if not exempt(path)]


# Exempt from the middleware but accept the session cookie, then only with the page's CSRF token
# in X-CSRFToken, checked by the route's own guard (api/push.py: the settings page subscribes the
# browser with its cookie).
CHECKS_ITS_OWN_TOKEN = {"/api/v1/push/subscriptions"}


def exempt(path: str) -> bool:
    return EXEMPT.match(path) is not None


def concrete(path: str, values: dict[str, str]) -> str:
    """The path template with its parameters filled: a seeded value by name, else a dummy."""

    def fill(match: re.Match[str]) -> str:
        name, kind = match.groups()
        return values.get(name, "1" if kind == "int" else "x")

    return PARAMETER.sub(fill, path)


async def snapshot(data_dir: Path) -> dict[str, object]:
    """Every row of every table, and every file of the data dir with its size and time."""
    state: dict[str, object] = {
        table._meta.tablename: sorted(map(repr, await table.select())) for table in database.TABLES
    }
    state["files"] = files_in(data_dir)
    return state


def files_in(data_dir: Path) -> list[tuple[str, int, int]]:
    found = (p for p in data_dir.rglob("*") if p.is_file())
    return sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in found)


@pytest.fixture
async def web(
    settings: Settings, catalog: CatalogService
) -> AsyncIterator[tuple[Client, Litestar]]:
    app = create_app(settings, clock=FixedClock(MONDAY_9))
    async with AsyncTestClient(app=app) as client:
        client.follow_redirects = False
        yield client, app


@pytest.fixture
async def world(web: tuple[Client, Litestar]) -> World:
    """A citizen with a filed dossier, a staff member holding every role at its unit, and the
    CSRF cookie a browser would carry after any page."""
    client, _ = web
    clock = FixedClock(MONDAY_9)
    await load_demo_units(SYSTEM_CONTEXT)
    code = await file(client, await sign_in(client))
    citizen = await Citizen.select(Citizen.id).first()
    assert citizen is not None
    staff_id = await make_staff(clock, COMMUNE, "officer", "head", "admin")
    tokens = TokenService(clock)
    assert (await client.get("/sign-in")).status_code == 200  # sets the CSRF cookie
    assert client.cookies.get(CSRF_COOKIE)
    return World(
        citizen=await tokens.issue("session", citizen_id=citizen["id"]),
        staff=await tokens.issue("session", staff_id=staff_id),
        values={"code": code, "staff_id": str(staff_id), "action": "receive", "lang": "en"},
    )


def test_the_exemptions_are_deliberate() -> None:
    """Only bearer-token, system, static and signed-callback paths skip CSRF; a new exemption is
    a decision to record here with its reason."""
    assert CSRF_EXEMPT == [
        "^/api/",  # bearer tokens only: the actor middleware ignores cookies there
        "^/schema",
        "^/healthz",
        "^/dev/",
        "^/static/",
        "^/payments/momo/",  # the gateways' server-to-server callbacks, signed instead
        "^/payments/zalopay/",
        "^/payments/sandbox/vnpay/api$",
    ]


async def test_the_walk_finds_the_state_changing_pages(web: tuple[Client, Litestar]) -> None:
    """The enumeration is not vacuous: it sees the sign-in, account, office and admin forms."""
    _, app = web
    found = page_routes(app)
    for expected in [
        ("POST", "/sign-in"),
        ("POST", "/account/delete"),
        ("POST", "/dossiers/{code:str}/pay"),
        ("POST", "/staff/dossiers/{code:str}/actions/{action:str}"),
        ("POST", "/admin/units"),
    ]:
        assert expected in found
    assert len(found) >= 30


@pytest.mark.parametrize("who", ["citizen", "staff"])
async def test_every_state_changing_page_refuses_a_forged_request(
    web: tuple[Client, Litestar], world: World, settings: Settings, who: str
) -> None:
    """With a live session and the CSRF cookie but no (or a forged) token: 403, and nothing in
    the database or the file store changes, no session cookie is set or cleared."""
    client, app = web
    client.cookies.set(SESSION, getattr(world, who))
    before = await snapshot(settings.data_dir)
    accepted = []
    for method, template in page_routes(app):
        path = concrete(template, world.values)
        for forgery, headers in FORGERIES.items():
            response = await client.request(method, path, data=FORM, headers=headers)
            set_cookies = " ".join(response.headers.get_list("set-cookie"))
            if response.status_code != 403 or f"{SESSION}=" in set_cookies:
                accepted.append(f"{method} {path} ({forgery}): {response.status_code}")
            elif await snapshot(settings.data_dir) != before:
                accepted.append(f"{method} {path} ({forgery}): changed the data")
    assert accepted == [], "state-changing routes that took a forged request:\n" + "\n".join(
        accepted
    )


async def test_the_same_requests_with_the_token_get_past_csrf(
    web: tuple[Client, Litestar], world: World
) -> None:
    """The control: with the cookie's token in x-csrftoken no route answers 403, so the refusals
    above come from the CSRF check and not from the handlers."""
    client, app = web
    client.cookies.set(SESSION, world.staff)
    token = {"x-csrftoken": client.cookies[CSRF_COOKIE]}
    refused = []
    for method, template in page_routes(app):
        path = concrete(template, world.values)
        response = await client.request(method, path, data=FORM, headers=token)
        if response.status_code == 403:
            refused.append(f"{method} {path}")
    assert refused == []


async def test_exempt_routes_take_no_authority_from_cookies(
    web: tuple[Client, Litestar], world: World
) -> None:
    """Where CSRF is not checked, a session cookie changes nothing: every exempt state-changing
    route answers a cookie-only request exactly as an anonymous one."""
    client, app = web
    exempted = [(m, p) for m, p in state_changing_routes(app) if exempt(p)]
    assert ("POST", "/api/v1/dossiers") in exempted
    differ = []
    for method, template in exempted:
        path = concrete(template, world.values)
        if template in CHECKS_ITS_OWN_TOKEN:
            continue  # see test_push_routes_refuse_a_cookie_without_the_token
        answers = []
        for cookie in ("", world.citizen, world.staff):
            client.cookies.set(SESSION, cookie)
            response = await client.request(method, path, json={})
            answers.append(response.status_code)
        if len(set(answers)) != 1:
            differ.append(f"{method} {path}: anonymous, citizen, staff = {answers}")
    assert differ == []


async def test_push_routes_refuse_a_cookie_without_the_token(
    web: tuple[Client, Litestar], world: World
) -> None:
    """The routes that check the CSRF token themselves: anonymous 401, a cookie alone 403."""
    client, app = web
    found = {p for _, p in state_changing_routes(app) if p in CHECKS_ITS_OWN_TOKEN}
    assert found == CHECKS_ITS_OWN_TOKEN
    for method in ("POST", "DELETE"):
        for cookie, expected in (("", 401), (world.citizen, 403)):
            client.cookies.set(SESSION, cookie)
            response = await client.request(method, "/api/v1/push/subscriptions", json={})
            assert response.status_code == expected, (method, cookie, response.text)
