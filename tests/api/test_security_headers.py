"""Security headers on every kind of response, HSTS only in prod, and nothing inline in the
templates that the Content-Security-Policy would block."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

import web
from api.app import create_app
from api.security_headers import SecurityHeaders, content_security_policy, payment_page_origins
from core.catalog.service import CatalogService
from core.settings import Secret, Settings
from payments.config import GatewayConfig, MoMoConfig, ZaloPayConfig, gateway_config

Client = AsyncTestClient[Litestar]
TEMPLATES = Path(web.__file__).parent / "templates"
PAGE_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(self), geolocation=(), microphone=()",
}
VNPAY = {
    "vnpay_tmn_code": "MERCHANT",
    "vnpay_hash_secret": Secret("s" * 32),
    "vnpay_pay_url": "https://pay.vnpay.vn/vpcpay.html",
    "vnpay_api_url": "https://merchant.vnpay.vn/merchant_webapi/api/transaction",
}
# Inline code the policy blocks: <script> without src, <style>, style="", on…="" handlers,
# javascript: URLs, and htmx's hx-on (evaluated code, which needs 'unsafe-eval').
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+\s*=|javascript:|\bhx-on", re.I
)


def directives(response: httpx.Response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return dict(d.strip().partition(" ")[::2] for d in policy.split(";"))


def assert_secured(response: httpx.Response) -> None:
    for name, value in PAGE_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.headers.get(name))
    policy = directives(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'self'"
    assert "unsafe" not in response.headers["content-security-policy"]
    assert "strict-transport-security" not in response.headers  # test env: not prod


@pytest.mark.parametrize(
    "path",
    ["/", "/procedures?q=khai+sinh", "/api/v1/procedures", "/static/css/app.css", "/healthz"],
)
async def test_pages_json_and_static_files_carry_the_headers(client: Client, path: str) -> None:
    """An HTML page, a JSON route, a static file, a system route: all the headers."""
    response = await client.get(path)
    assert response.status_code == 200
    assert_secured(response)


@pytest.mark.parametrize("path", ["/no-such-page", "/api/v1/no-such-route", "/static/none.css"])
async def test_not_found_answers_carry_the_headers(client: Client, path: str) -> None:
    """404s of unknown paths never reach a route's middleware; they are covered all the same."""
    response = await client.get(path)
    assert response.status_code == 404
    assert_secured(response)


@pytest.mark.parametrize(("path", "method"), [("/", "fields"), ("/api/v1/procedures", "search")])
async def test_error_pages_carry_the_headers(
    client: Client, monkeypatch: pytest.MonkeyPatch, path: str, method: str
) -> None:
    """A crash (the HTML error page and the JSON problem) answers 500 with the headers."""

    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(CatalogService, method, broken)
    response = await client.get(path)
    assert response.status_code == 500
    assert_secured(response)


def policy_of(settings: Settings) -> str:
    """The policy of the pages of an app built with `settings`."""
    hook = SecurityHeaders(settings, gateway_config(settings))
    return dict(hook.for_pages)[b"content-security-policy"].decode()


async def test_hsts_only_in_prod(settings: Settings, catalog: CatalogService) -> None:
    """Strict-Transport-Security is sent by the prod app (over HTTPS there), never in test."""
    async with AsyncTestClient(app=create_app(replace(settings, env="prod", **VNPAY))) as client:
        response = await client.get("/")
    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


def test_the_pay_form_may_lead_to_the_gateway(settings: Settings) -> None:
    """Chrome checks form-action on the 303 that follows a form post: VNPay's page is allowed in
    prod, the sandbox's (on the base URL) in test."""
    prod = policy_of(replace(settings, env="prod", **VNPAY))
    assert prod.endswith("; form-action 'self' https://pay.vnpay.vn")
    assert policy_of(settings).endswith("; form-action 'self' http://testserver.local")


async def test_pdfs_may_be_framed_by_our_own_pages(settings: Settings) -> None:
    """The officer's <object> preview of a PDF is same-origin framing: SAMEORIGIN for PDFs only."""
    hook = SecurityHeaders(settings, gateway_config(settings))
    for content_type, frame in ((b"application/pdf", b"SAMEORIGIN"), (b"text/html", b"DENY")):
        message = {"type": "http.response.start", "status": 200, "headers": []}
        message["headers"] = [(b"content-type", content_type)]
        await hook(message, {})  # type: ignore[arg-type]
        assert dict(message["headers"])[b"x-frame-options"] == frame


async def test_headers_a_handler_chose_are_kept(settings: Settings) -> None:
    """The hook only adds what is missing: a header set on purpose is not doubled or replaced."""
    hook = SecurityHeaders(settings, gateway_config(settings))
    message = {"type": "http.response.start", "status": 200, "headers": []}
    message["headers"] = [(b"referrer-policy", b"no-referrer")]
    await hook(message, {})  # type: ignore[arg-type]
    names = [name for name, _ in message["headers"]]
    assert names.count(b"referrer-policy") == 1
    assert dict(message["headers"])[b"referrer-policy"] == b"no-referrer"


def test_the_policy_names_every_directive_once() -> None:
    """No directive is repeated (a browser would ignore the second one silently)."""
    names = [
        d.split()[0] for d in content_security_policy(["https://pay.example"], "'none'").split("; ")
    ]
    assert len(names) == len(set(names)) and "default-src" in names


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_no_template_has_inline_scripts_styles_or_handlers(template: Path) -> None:
    """script-src and style-src are 'self' only: inline code would be blocked, so there is none."""
    found = INLINE.findall(template.read_text(encoding="utf-8"))
    assert found == [], f"{template.relative_to(TEMPLATES)}: {found}"


def test_htmx_is_told_not_to_inject_its_indicator_style() -> None:
    """htmx 2 adds a <style> for .htmx-indicator on load unless its meta config says not to (our
    CSS styles the indicator itself), and without 'unsafe-eval' it must not try to eval either."""
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    meta = re.search(r"""<meta name="htmx-config" content='([^']+)'>""", base)
    assert meta, 'base.html has no <meta name="htmx-config">'
    config = json.loads(meta.group(1))
    assert config["includeIndicatorStyles"] is False and config["allowEval"] is False


def test_wallets_pages_are_guessed_from_their_create_urls() -> None:
    """MoMo and ZaloPay name their page only when a payment is created: their API's origin."""
    momo = MoMoConfig("P", "A", Secret("s"), "https://test-payment.momo.vn/v2/gateway/api/create")
    zalopay = ZaloPayConfig(
        "1", Secret("k1"), Secret("k2"), "https://sb-openapi.zalopay.vn/v2/create"
    )
    origins = payment_page_origins(GatewayConfig(vnpay=None, momo=momo, zalopay=zalopay))
    assert origins == ("https://test-payment.momo.vn", "https://sb-openapi.zalopay.vn")
