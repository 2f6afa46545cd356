"""The sandbox gateway's routes: a VNPay look-alike served by motcua itself in dev and test.

`GET  /payments/sandbox/vnpay/pay`  the payment page (phone-sized, four big buttons);
`POST /payments/sandbox/vnpay/pay`  the tester's choice: record it, send the signed IPN (unless
                                    "lose the IPN" was chosen), 303 to the signed return URL;
`POST /payments/sandbox/vnpay/api`  querydr and refund, answered like VNPay's merchant API.

The page's form carries the app's CSRF token like every form; the API is called by servers and
is exempt (routes.CSRF_EXEMPT). The IPN goes out through the shared httpx client in app state
`http`, so that in tests (and offline) it reaches this same app without a network. None of these
routes exist in prod: `sandbox_routes` answers [] there.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

import httpx
from litestar import MediaType, Request, Response, Router, get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from core.clock import Clock, SystemClock
from core.settings import Settings
from payments import client, vnpay
from payments.config import SANDBOX_API_PATH, SANDBOX_PAY_PATH, VNPAY_IPN_PATH, sandbox_config
from payments.routes import MAX_BODY, NO_STORE, json_object
from payments.sandbox_bank import CHOICES, PayRequest, SandboxRefusal, VNPaySandbox
from payments.sandbox_ledger import LEDGER_FILE, SandboxLedger

log = logging.getLogger("motcua.payments.sandbox")
IPN_TIMEOUT_S = 10.0
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
Sandbox = NamedDependency[VNPaySandbox]


def sandbox_routes(settings: Settings, clock: Clock | None = None) -> list[Router]:
    """The sandbox's routes with their own terminal and ledger; none at all in prod."""
    if settings.is_prod:
        return []
    merchant = sandbox_config(settings).vnpay
    assert merchant is not None  # the sandbox is a VNPay terminal
    sandbox = VNPaySandbox(
        merchant,
        SandboxLedger(settings.data_dir / LEDGER_FILE),
        ipn_url=settings.base_url + VNPAY_IPN_PATH,
        clock=clock or SystemClock(),
    )
    return [
        Router(
            path="/",
            route_handlers=[pay_page, pay_choice, merchant_api],
            dependencies={"sandbox": Provide(lambda: sandbox, sync_to_thread=False)},
            include_in_schema=False,
        )
    ]


@get(SANDBOX_PAY_PATH)
async def pay_page(request: Request[Any, Any, Any], sandbox: Sandbox) -> Template:
    """What VNPay's page would show: amount, order, and the outcomes a tester may pick."""
    try:
        pay = sandbox.pay_request(vnpay.parse_query(request.scope["query_string"]))
    except vnpay.MalformedQuery:
        return _page(None, "sandbox_invalid", 400)
    except SandboxRefusal as refusal:
        return _page(None, refusal.key, refusal.status_code)
    return _page(pay)


@post(SANDBOX_PAY_PATH)
async def pay_choice(
    request: Request[Any, Any, Any], sandbox: Sandbox, data: Form
) -> Response[Any]:
    """Settle as chosen, tell the merchant's IPN (unless lost), send the browser back."""
    params = {key: value for key, value in data.items() if key.startswith("vnp_")}
    try:
        settled = sandbox.settle(sandbox.pay_request(params), data.get("choice", ""))
    except SandboxRefusal as refusal:
        return _page(None, refusal.key, refusal.status_code)
    if settled.ipn_url is not None:
        await _send_ipn(request.app.state.http, settled.ipn_url)
    return Redirect(settled.return_url, status_code=303, headers=NO_STORE)


@post(SANDBOX_API_PATH, request_max_body_size=MAX_BODY, status_code=200)
async def merchant_api(
    request: Request[Any, Any, Any], sandbox: Sandbox
) -> Response[dict[str, str]]:
    """querydr and refund, JSON in and out, always HTTP 200 like VNPay's merchant_webapi."""
    payload = await json_object(request)
    try:
        body = {key: client.text(value) for key, value in (payload or {}).items()}
    except ValueError:
        payload = None
    answer = sandbox.malformed() if payload is None else sandbox.answer(body)
    return Response(answer, headers=NO_STORE)


async def _send_ipn(http: httpx.AsyncClient, url: str) -> None:
    """One GET to the merchant's IPN URL, as VNPay makes; its answer is only logged."""
    try:
        response = await http.get(url, timeout=IPN_TIMEOUT_S)
    except httpx.HTTPError as exc:
        log.warning("sandbox IPN not delivered: %s", type(exc).__name__)
        return
    log.info("sandbox IPN answered %d %s", response.status_code, response.text[:200])


def _page(pay: PayRequest | None, error: str | None = None, status_code: int = 200) -> Template:
    return Template(
        "payments/sandbox_pay.html",
        context={"pay": pay, "error": error, "choices": list(CHOICES)},
        status_code=status_code,
        media_type=MediaType.HTML,
        headers=NO_STORE,
    )
