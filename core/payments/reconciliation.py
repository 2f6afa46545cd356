"""Reconciling open payments with the gateways (the worker's periodic job).

An IPN can be lost: the gateway gave up, our server was down. Every attempt still open five
minutes after it was made is therefore asked about (VNPay querydr); an answer goes through the
same `settle` as an IPN, so a lost IPN still marks the payment paid, once. An attempt past its
expiry that the gateway knows nothing of is marked expired. A gateway that does not answer
leaves the attempt open for the next run. Every change is a conditional update, so two runs at
once, or a run racing an IPN, change each payment once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Literal

from core import database
from core.clock import Clock
from core.identity import audit
from core.payments import ledger
from core.payments.ledger import PaymentRecord
from core.payments.ports import (
    GatewayName,
    GatewayUnavailable,
    PaymentGateway,
    PaymentState,
    Settlement,
)
from core.payments.settlement import Settlements, gateway_context
from core.payments.tables import Payment

QUERY_AFTER = dt.timedelta(minutes=5)
Outcome = Literal["settled", "failed", "expired", "pending", "unavailable", "none"]


@dataclasses.dataclass(frozen=True, slots=True)
class ReconcileReport:
    """What one run did: paid now, expired, still open, not asked (gateway down), failed now."""

    settled: int = 0
    expired: int = 0
    pending: int = 0
    unavailable: int = 0
    failed: int = 0


class Reconciliation:
    def __init__(
        self,
        clock: Clock,
        gateways: Mapping[GatewayName, PaymentGateway],
        settlements: Settlements,
    ) -> None:
        self._clock = clock
        self._gateways = gateways
        self._settlements = settlements

    async def reconcile(self, now: dt.datetime | None = None) -> ReconcileReport:
        now = now or self._clock.now()
        counts = dict.fromkeys(("settled", "failed", "expired", "pending", "unavailable"), 0)
        for payment in await ledger.waiting(created_before=now - QUERY_AFTER):
            outcome = await self._one(payment, now)
            if outcome != "none":
                counts[outcome] += 1
        return ReconcileReport(**counts)

    async def _one(self, payment: PaymentRecord, now: dt.datetime) -> Outcome:
        port = self._gateways.get(payment.gateway)
        if port is None:  # configured off since: nobody to ask until it is back
            return "unavailable"
        try:
            notice = await port.query(payment.txn_ref, payment.created_at, now)
        except GatewayUnavailable:
            return "unavailable"
        if notice is None:
            if now < payment.expires_at:
                return "pending"
            return "expired" if await _expire(payment, now) else "none"
        settled = await self._settlements.settle(notice, "query")
        if settled is Settlement.CONFIRMED:
            return "settled" if notice.success else "failed"
        if settled is Settlement.ALREADY_CONFIRMED:
            return "none"  # an IPN or another run got there first
        return "pending"  # the gateway's answer did not match: a person should look


async def _expire(payment: PaymentRecord, now: dt.datetime) -> bool:
    """Close an attempt the gateway never saw paid; False when something else closed it."""
    async with database.write_transaction(Payment._meta.db):
        changed = (
            await Payment.update({Payment.state: PaymentState.EXPIRED.value})
            .where((Payment.id == payment.id) & Payment.state.is_in(list(ledger.OPEN_STATES)))
            .returning(Payment.id)
        )
        if not changed:
            return False
        await audit.record(
            gateway_context(payment.gateway, "query"),
            "payment.expired",
            object_type="payment",
            object_id=payment.id,
            before={"state": payment.state.value},
            after={"state": PaymentState.EXPIRED.value},
            detail=f"{payment.dossier_code} {payment.txn_ref}",
            unit_code=payment.holding_unit_code,
        )
    return True
