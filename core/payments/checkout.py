"""Opening a payment: what the owner is asked to pay (`quote`) and the attempt itself (`start`).

The gateway is asked for its pay URL before anything is written, so a gateway that does not
answer leaves no half-made payment behind. An attempt stays open 15 minutes; while it is open,
starting again returns the same attempt and URL, so the back button or a double tap never makes
a second payment that could be paid twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Mapping

from core import database, rows
from core.clock import VIETNAM, Clock
from core.errors import Conflict, NotFound, Unavailable
from core.identity import audit
from core.identity.actor import Context
from core.payments import ledger
from core.payments.fees import FeeItem
from core.payments.ledger import DossierFacts, PaymentRecord
from core.payments.notices import GATEWAY_LABELS
from core.payments.ports import (
    GatewayName,
    GatewayUnavailable,
    Order,
    PaymentGateway,
    PaymentState,
)
from core.payments.receipts import Receipts
from core.payments.tables import Payment

PAY_WINDOW = dt.timedelta(minutes=15)
RETRY_AFTER_S = 60
IPN_PATHS = {  # where each gateway confirms a payment (payments/routes.py)
    GatewayName.VNPAY: "/payments/vnpay/ipn",
    GatewayName.MOMO: "/payments/momo/ipn",
    GatewayName.ZALOPAY: "/payments/zalopay/callback",
}
GATEWAY_DOWN = "Cổng thanh toán đang không phản hồi, vui lòng thử lại sau ít phút"


@dataclasses.dataclass(frozen=True, slots=True)
class Started:
    """Where to send the payer; `reused` when an attempt already open was returned."""

    payment_id: int
    amount_vnd: int
    pay_url: str
    reused: bool
    gateway: GatewayName
    expires_at: dt.datetime


@dataclasses.dataclass(frozen=True, slots=True)
class Quote:
    """What the owner sees before paying."""

    code: str
    procedure_name: str
    amount_vnd: int
    items: tuple[FeeItem, ...]
    paid: bool
    open_payment: Started | None  # an attempt still open: continue it rather than start anew
    receipt_token: str | None
    gateways: tuple[GatewayName, ...]

    @property
    def payable(self) -> bool:
        return not self.paid and self.amount_vnd > 0 and bool(self.gateways)


def new_txn_ref(now: dt.datetime) -> str:
    """Unique and unguessable, [0-9a-f] after the date: 28 characters, within every gateway's
    limit (VNPay 100, MoMo 50, ZaloPay 40 with its yyMMdd_ prefix)."""
    return now.astimezone(VIETNAM).strftime("%Y%m%d") + secrets.token_hex(10)


def order_info(code: str) -> str:
    """The order's description: ASCII without diacritics, as VNPay requires."""
    return f"Thanh toan phi ho so {code}"


class Checkout:
    def __init__(
        self,
        clock: Clock,
        gateways: Mapping[GatewayName, PaymentGateway],
        base_url: str,
        receipts: Receipts,
    ) -> None:
        self._clock = clock
        self._gateways = gateways
        self._base_url = base_url.rstrip("/")
        self._receipts = receipts

    async def quote(self, ctx: Context, code: str) -> Quote:
        dossier = await _owned(ctx, code)
        amount = dossier.fee_vnd or 0
        paid = await ledger.has_paid(dossier.id)
        current = None if paid else await ledger.open_for(dossier.id, self._clock.now())
        return Quote(
            code=dossier.code,
            procedure_name=dossier.procedure_name,
            amount_vnd=amount,
            items=dossier.items(amount),
            paid=paid,
            open_payment=_started(current, reused=True) if current else None,
            receipt_token=await self._receipts.token_for(dossier.id) if paid else None,
            gateways=tuple(name for name in GatewayName if name in self._gateways),
        )

    async def start(self, ctx: Context, code: str, gateway: GatewayName, client_ip: str) -> Started:
        """Open an attempt to pay the dossier's fee (or return the one still open)."""
        dossier = await _owned(ctx, code)
        if await ledger.has_paid(dossier.id):
            raise Conflict(f"Hồ sơ {dossier.code} đã được thanh toán")
        if not dossier.fee_vnd or dossier.fee_vnd <= 0:
            raise Conflict(f"Hồ sơ {dossier.code} không có khoản phí nào cần thanh toán")
        port = self._gateways.get(gateway)
        if port is None:
            label = GATEWAY_LABELS.get(gateway, str(gateway))
            raise Conflict(f"Cổng thanh toán {label} chưa được cấu hình")
        now = self._clock.now()
        current = await ledger.open_for(dossier.id, now)
        if current is not None:
            return _started(current, reused=True)
        order = self._order(dossier, dossier.fee_vnd, gateway, client_ip, now)
        try:
            pay_url = await port.pay_url(order)
        except GatewayUnavailable as error:
            raise Unavailable(GATEWAY_DOWN, RETRY_AFTER_S) from error
        return await self._open(ctx, dossier, gateway, order, pay_url)

    def _order(
        self,
        dossier: DossierFacts,
        amount_vnd: int,
        gateway: GatewayName,
        client_ip: str,
        now: dt.datetime,
    ) -> Order:
        return Order(
            txn_ref=new_txn_ref(now),
            amount_vnd=amount_vnd,
            order_info=order_info(dossier.code),
            created_at=now,
            expires_at=now + PAY_WINDOW,
            client_ip=client_ip,
            return_url=f"{self._base_url}/payments/{gateway.value}/return",
            ipn_url=f"{self._base_url}{IPN_PATHS[gateway]}",
        )

    async def _open(
        self,
        ctx: Context,
        dossier: DossierFacts,
        gateway: GatewayName,
        order: Order,
        pay_url: str,
    ) -> Started:
        async with database.write_transaction(Payment._meta.db):
            await ledger.lock_dossier(dossier.id)
            # A second tap may have opened one while the gateway answered: keep the first.
            current = await ledger.open_for(dossier.id, order.created_at)
            if current is not None:
                return _started(current, reused=True)
            if await ledger.has_paid(dossier.id):
                raise Conflict(f"Hồ sơ {dossier.code} đã được thanh toán")
            payment_id = await _payment_row(dossier, gateway, order, pay_url)
            await audit.record(
                ctx,
                "payment.started",
                object_type="payment",
                object_id=payment_id,
                after={"state": PaymentState.PENDING.value, "amount_vnd": order.amount_vnd},
                detail=f"{dossier.code} {order.txn_ref} {gateway.value}",
                unit_code=dossier.unit_code,
            )
        return Started(payment_id, order.amount_vnd, pay_url, False, gateway, order.expires_at)


async def _owned(ctx: Context, code: str) -> DossierFacts:
    """The dossier, if the caller owns it; for anyone else it does not exist."""
    dossier = await ledger.dossier(code.strip())
    if dossier is None or not (ctx.actor.is_citizen and ctx.actor.id == dossier.owner_id):
        raise NotFound(ledger.DOSSIER_NOT_FOUND)
    return dossier


async def _payment_row(
    dossier: DossierFacts, gateway: GatewayName, order: Order, pay_url: str
) -> int:
    inserted = await rows.insert(
        Payment,
        [
            {
                "dossier": dossier.id,
                "gateway": gateway.value,
                "txn_ref": order.txn_ref,
                "amount_vnd": order.amount_vnd,
                "state": PaymentState.PENDING.value,
                "pay_url": pay_url,
                "created_at": order.created_at,
                "expires_at": order.expires_at,
                "client_ip": order.client_ip[:64],
            }
        ],
        returning="id",
    )
    return int(inserted[0]["id"])


def _started(payment: PaymentRecord, *, reused: bool) -> Started:
    return Started(
        payment_id=payment.id,
        amount_vnd=payment.amount_vnd,
        pay_url=payment.pay_url,
        reused=reused,
        gateway=payment.gateway,
        expires_at=payment.expires_at,
    )
