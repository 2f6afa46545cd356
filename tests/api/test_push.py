"""The push API: the VAPID key, subscribing a browser and unsubscribing it, over HTTP."""

from __future__ import annotations

import base64
import os
import re

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.clock import SystemClock
from core.identity.tables import Citizen
from core.identity.tokens import TokenService
from core.push.devices import devices_of
from core.push.tables import PushSubscription

Client = AsyncTestClient[Litestar]
PATH = "/api/v1/push/subscriptions"
ANDROID = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def a_point() -> str:
    """A client public key, as the browser's `keys.p256dh`."""
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    return b64url(
        public.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


def browser(endpoint: str = "https://fcm.googleapis.com/fcm/send/abc") -> dict[str, object]:
    """What `PushSubscription.toJSON()` gives in a browser."""
    keys = {"p256dh": a_point(), "auth": b64url(os.urandom(16))}
    return {"endpoint": endpoint, "expirationTime": None, "keys": keys}


async def citizen(phone: str) -> tuple[int, TokenService]:
    row = Citizen(phone=phone, full_name="Phạm Thu Hà", created_at=SystemClock().now())
    await Citizen.insert(row)
    return int(row.id), TokenService(SystemClock())


async def bearer(phone: str = "+84912345678") -> tuple[int, dict[str, str]]:
    citizen_id, tokens = await citizen(phone)
    token = await tokens.issue("bearer", citizen_id=citizen_id)
    return citizen_id, {"Authorization": f"Bearer {token}", "User-Agent": ANDROID}


async def test_the_vapid_key_is_public(client: Client) -> None:
    """Anyone may read {"key"}; it is what pushManager.subscribe() needs."""
    response = await client.get("/api/v1/push/vapid-public-key")
    assert response.status_code == 200 and set(response.json()) == {"key"}


async def test_subscribing_is_201_and_lists_the_device(client: Client) -> None:
    """201 {"id", "label"}; the device shows in the citizen's list."""
    owner, headers = await bearer()
    response = await client.post(PATH, json=browser(), headers=headers)
    assert response.status_code == 201
    assert response.json()["label"] == "Chrome trên Android"
    assert [d.id for d in await devices_of(owner)] == [response.json()["id"]]


async def test_subscribing_without_signing_in_is_401(client: Client) -> None:
    """No token, no cookie: 401 saying how to sign in; nothing stored."""
    response = await client.post(PATH, json=browser())
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]
    assert (
        await client.request("DELETE", PATH, json={"endpoint": "https://x.example/a"})
    ).status_code == 401
    assert await PushSubscription.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": "http://fcm.googleapis.com/fcm/send/abc"}, "endpoint"),
        ({"endpoint": "javascript:alert(1)"}, "endpoint"),
        (
            {"keys": {"p256dh": b64url(b"\x04" + b"x" * 40), "auth": b64url(os.urandom(16))}},
            "keys.p256dh",
        ),
        (
            {"keys": {"p256dh": b64url(b"\x04" + b"\x01" * 64), "auth": b64url(os.urandom(16))}},
            "keys.p256dh",
        ),
        (
            {"keys": {"p256dh": a_point(), "auth": b64url(os.urandom(8))}},
            "keys.auth",
        ),
    ],
)
async def test_a_bad_endpoint_or_key_is_422_naming_it(
    client: Client, change: dict[str, object], field: str
) -> None:
    """422 with the field and what it must be."""
    _, headers = await bearer()
    response = await client.post(PATH, json={**browser(), **change}, headers=headers)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field] and errors[0]["message"]
    assert await PushSubscription.count() == 0


@pytest.mark.parametrize(
    "body",
    [{}, {"endpoint": "https://x.example/a"}, {"endpoint": 5, "keys": {}}, {"keys": "x"}],
)
async def test_a_malformed_body_is_a_4xx(client: Client, body: dict[str, object]) -> None:
    """Missing or mistyped members: a 4xx in the JSON error shape, never a 500."""
    _, headers = await bearer()
    response = await client.post(PATH, json=body, headers=headers)
    assert response.status_code in (400, 422) and response.json()["detail"]


async def test_another_citizens_endpoint_moves_to_the_new_owner(client: Client) -> None:
    """The same browser, now signed in as someone else: the subscription is theirs."""
    first, first_headers = await bearer("+84912345678")
    second, second_headers = await bearer("+84987654321")
    shared = browser()
    assert (await client.post(PATH, json=shared, headers=first_headers)).status_code == 201
    assert (await client.post(PATH, json=shared, headers=second_headers)).status_code == 201
    assert await devices_of(first) == [] and len(await devices_of(second)) == 1


async def test_delete_removes_the_subscription(client: Client) -> None:
    """DELETE {"endpoint"}: 204 and the device is gone."""
    owner, headers = await bearer()
    subscription = browser()
    await client.post(PATH, json=subscription, headers=headers)
    response = await client.request(
        "DELETE", PATH, json={"endpoint": subscription["endpoint"]}, headers=headers
    )
    assert response.status_code == 204 and await devices_of(owner) == []


async def test_delete_of_an_unknown_or_foreign_endpoint_is_harmless(client: Client) -> None:
    """204 either way; another citizen's subscription stays."""
    owner, headers = await bearer("+84912345678")
    _, stranger = await bearer("+84987654321")
    subscription = browser()
    await client.post(PATH, json=subscription, headers=headers)
    unknown = {"endpoint": "https://fcm.googleapis.com/fcm/send/nobody"}
    assert (await client.request("DELETE", PATH, json=unknown, headers=headers)).status_code == 204
    foreign = {"endpoint": subscription["endpoint"]}
    assert (await client.request("DELETE", PATH, json=foreign, headers=stranger)).status_code == 204
    assert len(await devices_of(owner)) == 1


async def session_and_csrf(client: Client) -> tuple[int, str]:
    """A citizen signed in by session cookie, and the CSRF token a page of theirs carries."""
    citizen_id, tokens = await citizen("+84912345678")
    client.cookies.set("motcua_session", await tokens.issue("session", citizen_id=citizen_id))
    page = await client.get("/")
    found = re.search(r'"x-csrftoken": "([^"]+)"', page.text)
    assert page.status_code == 200 and found
    return citizen_id, found.group(1)


async def test_the_settings_page_subscribes_with_its_cookie_and_csrf_token(client: Client) -> None:
    """Session cookie plus X-CSRFToken (as htmx sends it): 201 for the signed-in citizen."""
    owner, csrf = await session_and_csrf(client)
    response = await client.post(PATH, json=browser(), headers={"X-CSRFToken": csrf})
    assert response.status_code == 201 and len(await devices_of(owner)) == 1


@pytest.mark.parametrize("csrf", [None, "forged", "0" * 64 + "f" * 64])
async def test_a_cookie_without_a_valid_csrf_token_is_403(client: Client, csrf: str | None) -> None:
    """Another site cannot subscribe (or unsubscribe) a signed-in citizen's browser."""
    await session_and_csrf(client)
    headers = {"X-CSRFToken": csrf} if csrf else {}
    response = await client.post(PATH, json=browser(), headers=headers)
    assert response.status_code == 403 and "X-CSRFToken" in response.json()["detail"]
    removal = await client.request(
        "DELETE", PATH, json={"endpoint": "https://a.example/x"}, headers=headers
    )
    assert removal.status_code == 403
    assert await PushSubscription.count() == 0


async def test_a_non_ascii_csrf_header_is_403_not_500(client: Client) -> None:
    """Any bytes in X-CSRFToken are just a wrong token."""
    await session_and_csrf(client)
    headers = {b"X-CSRFToken": "é".encode() * 40}
    response = await client.post(PATH, json=browser(), headers=headers)
    assert response.status_code == 403
