"""The push subscription API called the way the settings page's script calls it: from a signed-in
page in chromium, with the session cookie and the page's CSRF token (pwa/static/pwa.js)."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.browser.conftest import NewPage
from tests.browser.test_assist import run_in_live_database

SET_UP = """
import asyncio, json, os, sys
from core import database
from core.clock import SystemClock
from core.identity.tables import Citizen
from core.identity.tokens import TokenService

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    row = Citizen(phone=sys.argv[1], full_name="Đỗ Minh Châu", created_at=SystemClock().now())
    await Citizen.insert(row)
    token = await TokenService(SystemClock()).issue("session", citizen_id=row.id)
    print(json.dumps({"session": token}))

asyncio.run(main())
"""
COUNT = """
import asyncio, os, sys
from core import database
from core.push.tables import PushSubscription

async def main() -> None:
    database.bind(database.engine_for(os.environ["MOTCUA_DATABASE_URL"]))
    print(await PushSubscription.count().where(PushSubscription.endpoint == sys.argv[1]))

asyncio.run(main())
"""
# What the page's script does: read the token htmx sends, post the subscription, same origin.
CALL = """async ([method, body, withToken]) => {
  const token = JSON.parse(document.body.getAttribute("hx-headers"))["x-csrftoken"];
  const headers = { "content-type": "application/json" };
  if (withToken) headers["x-csrftoken"] = token;
  const response = await fetch("/api/v1/push/subscriptions", {
    method, headers, body: JSON.stringify(body), credentials: "same-origin" });
  return { status: response.status, body: await response.text() };
}"""
# A subscription as pushManager.subscribe() would give it (a valid P-256 point and auth secret).
P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
AUTH = "tBHItJI5svbpez7KI4CCXg"


def run_in_live(live_database: tuple[Path, str], script: str, *args: str) -> str:
    return run_in_live_database(
        live_database, f"import sys; sys.argv[1:] = {list(args)!r}\n" + script
    )


def call(page: Page, method: str, body: dict[str, Any], *, with_token: bool) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(CALL, [method, body, with_token])
    return result


def test_the_signed_in_page_subscribes_and_unsubscribes_with_cookie_and_csrf_token(
    new_page: NewPage, live_server: str, live_database: tuple[Path, str]
) -> None:
    """201 then 204 with the token; 403 and nothing stored without it (another site's POST)."""
    phone = f"+8498{secrets.randbelow(10**7):07d}"
    session = json.loads(run_in_live(live_database, SET_UP, phone))["session"]
    page = new_page()
    page.context.add_cookies([{"name": "motcua_session", "value": session, "url": live_server}])
    page.goto("/")
    endpoint = f"https://fcm.googleapis.com/fcm/send/{secrets.token_urlsafe(12)}"
    subscription = {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": P256DH, "auth": AUTH},
    }

    refused = call(page, "POST", subscription, with_token=False)
    assert refused["status"] == 403 and "X-CSRFToken" in refused["body"]
    assert run_in_live(live_database, COUNT, endpoint).strip() == "0"

    made = call(page, "POST", subscription, with_token=True)
    assert made["status"] == 201, made["body"]
    assert json.loads(made["body"])["label"] == "Chrome trên Linux"
    assert run_in_live(live_database, COUNT, endpoint).strip() == "1"

    removed = call(page, "DELETE", {"endpoint": endpoint}, with_token=True)
    assert removed["status"] == 204
    assert run_in_live(live_database, COUNT, endpoint).strip() == "0"
