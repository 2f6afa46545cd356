"""Factories for ledger tests: an in-memory gateway, the dossier's side of a payment, staff, and
a fee-bearing dossier filed by a citizen."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import itertools

import pytest

from core.dossiers.tables import Dossier
from core.identity.actor import Actor, Context
from core.identity.tables import Unit
from core.payments.checkout import Started
from core.payments.ports import (
    GatewayName,
    GatewayNotice,
    GatewayUnavailable,
    Order,
    RefundOutcome,
    RefundRequest,
)
from core.payments.service import PaymentService
from core.payments.tables import Payment
from tests.core.dossiers.conftest import World
from tests.core.dossiers.conftest import world as world  # the dossier services, reused

COMMUNE = "000.10.11.H56"  # UBND phường Hạc Thành (demo units): receives the birth registrations
OTHER_COMMUNE = "000.10.12.H56"
BASE_URL = "https://motcua.example.vn"
FEE = 30_000
_keys = itertools.count(1)


class FakeGateway:
    """A gateway in memory: records what it is asked; `down` makes every call time out."""

    def __init__(self, name: GatewayName = GatewayName.VNPAY) -> None:
        self._name = name
        self.down = False
        self.orders: list[Order] = []
        self.queries: list[str] = []
        self.answers: dict[str, GatewayNotice | None] = {}
        self.refunds: list[RefundRequest] = []
        self.refund_outcome = RefundOutcome(ok=True, response_code="00", transaction_no="RF-1")
        self.pause = 0.0  # seconds each call takes, to let concurrent callers overlap

    @property
    def name(self) -> GatewayName:
        return self._name

    async def pay_url(self, order: Order) -> str:
        await self._call()
        self.orders.append(order)
        return f"https://sandbox.example/pay?ref={order.txn_ref}"

    async def query(
        self, txn_ref: str, created_at: dt.datetime, now: dt.datetime
    ) -> GatewayNotice | None:
        await self._call()
        self.queries.append(txn_ref)
        return self.answers.get(txn_ref)

    async def refund(self, request: RefundRequest, now: dt.datetime) -> RefundOutcome:
        await self._call()
        self.refunds.append(request)
        return self.refund_outcome

    async def _call(self) -> None:
        await asyncio.sleep(self.pause)
        if self.down:
            raise GatewayUnavailable("timed out")


@dataclasses.dataclass
class DossierSide:
    """Stands in for core.dossiers.payment_hooks: marks the dossier paid, counts its calls."""

    calls: list[tuple[int, int, int]] = dataclasses.field(default_factory=list)
    fail: bool = False

    async def __call__(
        self, dossier_id: int, payment_id: int, amount_vnd: int, now: dt.datetime
    ) -> None:
        await Dossier.update({Dossier.paid: True}).where(Dossier.id == dossier_id)
        if self.fail:
            raise RuntimeError("the dossier side failed")
        self.calls.append((dossier_id, payment_id, amount_vnd))


@dataclasses.dataclass
class Ledger:
    world: World
    gateway: FakeGateway
    side: DossierSide
    service: PaymentService

    async def dossier(self, *, fee_vnd: int | None = FEE, phone: str = "") -> tuple[Context, str]:
        """A birth registration filed at the commune by a new citizen, charging `fee_vnd`."""
        await self.world.processes.load_bundled()
        number = next(_keys)
        citizen = await self.world.citizen(phone or f"+849{number:08d}")
        submission = await self.world.birth(citizen)
        submission = dataclasses.replace(submission, unit_code=COMMUNE)
        filed = await self.world.submissions.submit(citizen, submission, f"key-pay-{number:06d}")
        await Dossier.update({Dossier.fee_vnd: fee_vnd}).where(Dossier.code == filed.code)
        return citizen, filed.code

    async def started(self, *, fee_vnd: int = FEE) -> tuple[Context, str, Started]:
        """A dossier with a payment opened on the fake gateway."""
        citizen, code = await self.dossier(fee_vnd=fee_vnd)
        started = await self.service.start(citizen, code, GatewayName.VNPAY, "203.0.113.9")
        return citizen, code, started

    async def paid(self, *, fee_vnd: int = FEE) -> tuple[Context, str, Started]:
        citizen, code, started = await self.started(fee_vnd=fee_vnd)
        await self.service.settle(await notice(started))
        return citizen, code, started

    def later(self, minutes: int) -> None:
        self.world.clock.advance(dt.timedelta(minutes=minutes))


async def notice(
    started: Started,
    *,
    success: bool = True,
    amount_vnd: int | None = None,
    gateway: GatewayName = GatewayName.VNPAY,
) -> GatewayNotice:
    """What the gateway would say about a started payment."""
    row = await Payment.select(Payment.txn_ref).where(Payment.id == started.payment_id).first()
    assert row is not None
    return GatewayNotice(
        gateway=gateway,
        txn_ref=row["txn_ref"],
        amount_vnd=started.amount_vnd if amount_vnd is None else amount_vnd,
        success=success,
        transaction_no="14226112" if success else "0",
        bank_code="NCB",
        response_code="00" if success else "24",
    )


async def staff(unit_code: str, *roles: str, staff_id: int = 7) -> Context:
    unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
    assert unit is not None
    actor = Actor(
        "staff",
        id=staff_id,
        label=f"{roles[0]} {unit_code}",
        roles=frozenset(roles),
        unit_id=unit["id"],
        unit_code=unit_code,
    )
    return Context(actor, "10.0.0.2")


@pytest.fixture
def gateway() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def ledger(world: World, gateway: FakeGateway) -> Ledger:
    """The payment service over the dossier services, the fake VNPay and a counting dossier
    side, on the world's clock (Monday 2 March 2026, 09:00)."""
    side = DossierSide()
    service = PaymentService(world.clock, {GatewayName.VNPAY: gateway}, BASE_URL, side)
    return Ledger(world, gateway, side, service)
