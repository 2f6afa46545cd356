"""A small app holding the payment routes and the sandbox, with an in-memory `Settler`.

No database: core's payment service is replaced by `FakeSettler`, which applies the same rules
in memory (order, then amount, then state) and records every notice it is given, so that a test
can say whether an IPN arrived and that the return page never settles anything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

import web
from core.clock import VIETNAM, Clock
from core.payments.ports import (
    GatewayName,
    GatewayNotice,
    Order,
    PaymentState,
    PaymentView,
    Settlement,
)
from core.settings import Environment, Secret, Settings
from payments.config import (
    GatewayConfig,
    MoMoConfig,
    VNPayConfig,
    ZaloPayConfig,
    gateway_config,
)
from payments.routes import CSRF_EXEMPT, ROUTES
from payments.sandbox import sandbox_routes
from payments.vnpay_gateway import VNPayGateway
from web import templating

BASE_URL = "http://testserver.local"
DOSSIER = "H12.34-240101-0001"
MOMO = MoMoConfig("MOMOTEST", "ACCESSKEY1", Secret("MOMOSECRET"), "https://momo.example/create")
ZALO = ZaloPayConfig("2553", Secret("KEY1"), Secret("KEY2"), "https://zalo.example/v2/create")
CSRF_COOKIE = "motcua_csrf"


@dataclasses.dataclass
class FakePayment:
    dossier_code: str
    amount_vnd: int
    state: PaymentState = PaymentState.PENDING
    gateway: GatewayName = GatewayName.VNPAY


@dataclasses.dataclass
class FakeSettler:
    """Core's side of a notice, in memory: order, amount, then state; each payment settled once."""

    payments: dict[str, FakePayment] = dataclasses.field(default_factory=dict)
    notices: list[GatewayNotice] = dataclasses.field(default_factory=list)
    broken: bool = False

    async def settle(self, notice: GatewayNotice) -> Settlement:
        self.notices.append(notice)
        if self.broken:
            raise RuntimeError("database went away")
        payment = self.payments.get(notice.txn_ref)
        if payment is None:
            return Settlement.NOT_FOUND
        if payment.amount_vnd != notice.amount_vnd:
            return Settlement.BAD_AMOUNT
        if payment.state is not PaymentState.PENDING:
            return Settlement.ALREADY_CONFIRMED
        payment.state = PaymentState.PAID if notice.success else PaymentState.FAILED
        return Settlement.CONFIRMED

    async def view(self, txn_ref: str) -> PaymentView | None:
        payment = self.payments.get(txn_ref)
        if payment is None:
            return None
        return PaymentView(
            txn_ref, payment.gateway, payment.dossier_code, payment.amount_vnd, payment.state
        )


def make_settings(data_dir: Path, *, env: Environment = "test") -> Settings:
    return Settings(
        env=env,
        data_dir=data_dir,
        database_url="sqlite:///:memory:",
        secret_key=Secret(secrets.token_urlsafe(32)),
        base_url=BASE_URL,
    )


def make_order(
    *,
    txn_ref: str = "P20240101A1",
    amount_vnd: int = 8_000,
    order_info: str = "Lệ phí hồ sơ H12.34-240101-0001",
    created_at: dt.datetime | None = None,
    minutes: int = 15,
) -> Order:
    created = created_at or dt.datetime.now(VIETNAM).replace(microsecond=0)
    return Order(
        txn_ref=txn_ref,
        amount_vnd=amount_vnd,
        order_info=order_info,
        created_at=created,
        expires_at=created + dt.timedelta(minutes=minutes),
        client_ip="203.0.113.9",
        return_url=f"{BASE_URL}/payments/vnpay/return",
        ipn_url=f"{BASE_URL}/payments/vnpay/ipn",
    )


def make_app(
    settings: Settings,
    settler: FakeSettler,
    *,
    config: GatewayConfig | None = None,
    clock: Clock | None = None,
) -> Litestar:
    """The payment routes and the sandbox as the composition root would mount them."""
    app = Litestar(
        route_handlers=[*ROUTES, *sandbox_routes(settings, clock)],
        state=State({"payments": settler, "gateway_config": config or gateway_config(settings)}),
        template_config=TemplateConfig(
            directory=Path(web.__file__).parent / "templates",
            engine=JinjaTemplateEngine,
            engine_callback=templating.configure,
        ),
        csrf_config=CSRFConfig(
            secret=str(settings.secret_key), cookie_name=CSRF_COOKIE, exclude=CSRF_EXEMPT
        ),
        debug=False,
        logging_config=None,
    )
    # The server's own client reaches the app in-process, as the composition root mounts it.
    app.state.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)
    return app


def browser(app: Litestar) -> httpx.AsyncClient:
    """A payer's browser: its own cookies, redirects not followed."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)


def hidden_fields(page: str) -> dict[str, str]:
    """The hidden inputs of a page's form, unescaped as a browser would post them."""
    pattern = r'<input type="hidden" name="([^"]+)" value="([^"]*)">'
    return {name: html.unescape(value) for name, value in re.findall(pattern, page)}


def gateway_for(app: Litestar) -> VNPayGateway:
    """The merchant adapter as the app would build it, on the app's own client."""
    vnpay: VNPayConfig = app.state.gateway_config.vnpay
    return VNPayGateway(
        app.state.http, vnpay.tmn_code, vnpay.hash_secret, vnpay.pay_url, vnpay.api_url
    )


async def pay_page(app: Litestar, client: httpx.AsyncClient, order: Order) -> httpx.Response:
    """Open the sandbox page the way a citizen's browser follows the pay URL."""
    settler: FakeSettler = app.state.payments
    settler.payments[order.txn_ref] = FakePayment(DOSSIER, order.amount_vnd)
    return await client.get(await gateway_for(app).pay_url(order))


async def choose(
    app: Litestar, client: httpx.AsyncClient, choice: str, order: Order | None = None
) -> httpx.Response:
    """Open the page and press one of its buttons (with the page's CSRF token)."""
    order = order or make_order()
    page = await pay_page(app, client, order)
    assert page.status_code == 200
    form = hidden_fields(page.text) | {"choice": choice}
    return await client.post("/payments/sandbox/vnpay/pay", data=form)


def now() -> dt.datetime:
    return dt.datetime.now(VIETNAM)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings of a test install (no database needed: the settler is faked)."""
    return make_settings(tmp_path)


@pytest.fixture
def settler() -> FakeSettler:
    return FakeSettler()


@pytest.fixture
async def app(settings: Settings, settler: FakeSettler) -> AsyncIterator[Litestar]:
    app = make_app(settings, settler)
    yield app
    await app.state.http.aclose()


@pytest.fixture
def config(app: Litestar) -> GatewayConfig:
    gateways: GatewayConfig = app.state.gateway_config
    return gateways


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(app) as http:
        yield http
