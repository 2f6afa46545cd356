"""The payment ledger's one entry point for the edges: `PaymentService`.

It owns the money side of a dossier's fee: opening an attempt with a gateway, settling what the
gateway says (the IPN and the reconciliation job), refunds, and the e-receipt. The work is done
by one module per concern (`checkout`, `settlement`, `reconciliation`, `refunds`, `receipts`);
this class wires them to the clock, the configured gateways, the public base URL and the
dossier's side of a payment (`on_paid`), so that `api/app.py` builds one object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from core.clock import Clock
from core.identity.actor import Context
from core.payments import ledger
from core.payments.checkout import Checkout, Quote, Started
from core.payments.ports import GatewayName, GatewayNotice, PaymentGateway, PaymentView, Settlement
from core.payments.receipts import EReceiptView, PublicReceipt, Receipts
from core.payments.reconciliation import ReconcileReport, Reconciliation
from core.payments.refunds import RefundResult, Refunds
from core.payments.settlement import OnPaid, Settlements

__all__ = [
    "EReceiptView",
    "OnPaid",
    "PaymentService",
    "PublicReceipt",
    "Quote",
    "ReconcileReport",
    "RefundResult",
    "Started",
]


class PaymentService:
    """Payments of dossier fees (thanh toán phí, lệ phí); implements `ports.Settler`."""

    def __init__(
        self,
        clock: Clock,
        gateways: Mapping[GatewayName, PaymentGateway],
        base_url: str,
        on_paid: OnPaid,
    ) -> None:
        self._clock = clock
        self._receipts = Receipts(base_url)
        self._checkout = Checkout(clock, gateways, base_url, self._receipts)
        self._settlements = Settlements(clock, on_paid, self._receipts)
        self._reconciliation = Reconciliation(clock, gateways, self._settlements)
        self._refunds = Refunds(clock, gateways)

    async def quote(self, ctx: Context, code: str) -> Quote:
        """What the owner is asked to pay, and whether it is paid or an attempt is open."""
        return await self._checkout.quote(ctx, code)

    async def start(self, ctx: Context, code: str, gateway: GatewayName, client_ip: str) -> Started:
        """Open an attempt (or return the one still open); raises `Unavailable` when the
        gateway does not answer, `Conflict` when there is nothing to pay."""
        return await self._checkout.start(ctx, code, gateway, client_ip)

    async def settle(self, notice: GatewayNotice) -> Settlement:
        """A verified IPN or callback: order, then amount, then state; paid or failed once."""
        return await self._settlements.settle(notice, "ipn")

    async def view(self, txn_ref: str) -> PaymentView | None:
        """The payment as the payer's return page shows it (no personal data)."""
        payment = await ledger.by_ref(txn_ref)
        if payment is None:
            return None
        return PaymentView(
            txn_ref=payment.txn_ref,
            gateway=payment.gateway,
            dossier_code=payment.dossier_code,
            amount_vnd=payment.amount_vnd,
            state=payment.state,
        )

    async def record_return(self, notice: GatewayNotice) -> PaymentView | None:
        """Log what the payer's browser brought back (it never changes a payment), then view."""
        payment = await ledger.by_ref(notice.txn_ref)
        matches = payment is not None and payment.gateway is notice.gateway
        await ledger.note(
            notice,
            source="return",
            settlement=None,
            payment_id=payment.id if payment and matches else None,
            at=self._clock.now(),
        )
        return await self.view(notice.txn_ref) if matches else None

    async def reconcile(self, now: dt.datetime | None = None) -> ReconcileReport:
        """Ask the gateways about attempts still open; settle, expire or leave them."""
        return await self._reconciliation.reconcile(now)

    async def refund(
        self, ctx: Context, payment_id: int, amount_vnd: int, reason: str
    ) -> RefundResult:
        """Give back all or part of a paid fee (an admin or the holding unit's head)."""
        return await self._refunds.refund(ctx, payment_id, amount_vnd, reason)

    async def receipt(self, ctx: Context, code: str) -> EReceiptView:
        """The dossier's e-receipt, for its owner and the staff of the unit holding it."""
        return await self._receipts.receipt(ctx, code)

    async def verify(self, token: str) -> PublicReceipt | None:
        """The public check behind a receipt's QR code: no payer, no personal data."""
        return await self._receipts.verify(token)
