"""What core needs from a payment gateway, and what a gateway tells core, protocol-neutral.

Adapters in `payments/` speak VNPay 2.1.0, MoMo v2 and ZaloPay v2 (and the sandbox) behind
`PaymentGateway`. They verify signatures themselves: a `GatewayNotice` reaching core has already
been checked, so core only compares it with its own records (order, amount, state).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Protocol


class GatewayName(enum.StrEnum):
    VNPAY = "vnpay"
    MOMO = "momo"
    ZALOPAY = "zalopay"


class PaymentState(enum.StrEnum):
    """created → pending → paid | failed | expired; paid → partly_refunded → refunded."""

    CREATED = "created"
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    PARTLY_REFUNDED = "partly_refunded"
    REFUNDED = "refunded"


class Settlement(enum.StrEnum):
    """What core made of a verified notice; each gateway answers it in its own words."""

    CONFIRMED = "confirmed"  # recorded now, paid or failed (VNPay 00)
    NOT_FOUND = "not_found"  # no such order (VNPay 01)
    BAD_AMOUNT = "bad_amount"  # the amount differs from the order's (VNPay 04)
    ALREADY_CONFIRMED = "already_confirmed"  # no longer pending: nothing changed (VNPay 02)


class GatewayUnavailable(Exception):
    """The gateway timed out, answered 5xx or answered something unreadable: try again later."""


@dataclasses.dataclass(frozen=True, slots=True)
class Order:
    """One attempt to pay, as the gateway must see it."""

    txn_ref: str  # unique across all payments (VNPay vnp_TxnRef, MoMo orderId, ZaloPay suffix)
    amount_vnd: int  # whole đồng, > 0
    order_info: str  # ASCII, no diacritics (VNPay refuses them), at most 255 characters
    created_at: dt.datetime  # aware
    expires_at: dt.datetime  # aware
    client_ip: str
    return_url: str  # where the payer's browser comes back (display only)
    ipn_url: str  # where the gateway confirms (the only thing that marks paid)
    locale: str = "vn"  # "vn" or "en"


@dataclasses.dataclass(frozen=True, slots=True)
class GatewayNotice:
    """A verified statement from the gateway about one payment (IPN, callback or query)."""

    gateway: GatewayName
    txn_ref: str
    amount_vnd: int
    success: bool  # VNPay: ResponseCode == "00" and TransactionStatus == "00"; MoMo resultCode 0
    transaction_no: str = ""  # the gateway's own transaction number ("" if none)
    bank_code: str = ""
    response_code: str = ""  # the gateway's code as sent, for the record
    paid_at: dt.datetime | None = None  # when the gateway says it was paid (aware)


@dataclasses.dataclass(frozen=True, slots=True)
class RefundRequest:
    txn_ref: str
    amount_vnd: int  # > 0, at most what is still refundable
    full: bool  # VNPay TransactionType 02 (full) or 03 (partial)
    transaction_no: str
    ordered_at: dt.datetime  # when the payment was asked for (VNPay TransactionDate = CreateDate)
    created_by: str  # who asks, for the gateway's record
    client_ip: str
    reason: str  # ASCII, no diacritics


@dataclasses.dataclass(frozen=True, slots=True)
class RefundOutcome:
    ok: bool
    response_code: str  # the gateway's code (VNPay 00, 91, 94, 95, 97, 99)
    transaction_no: str = ""
    message: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class PaymentView:
    """One payment as the payer's return page shows it: no personal data."""

    txn_ref: str
    gateway: GatewayName
    dossier_code: str
    amount_vnd: int
    state: PaymentState


class Settler(Protocol):
    """Core's side of an incoming notice (implemented by core.payments.service.PaymentService)."""

    async def settle(self, notice: GatewayNotice) -> Settlement:
        """Order, then amount, then state; marks paid or failed at most once, atomically."""
        ...

    async def view(self, txn_ref: str) -> PaymentView | None: ...


class PaymentGateway(Protocol):
    """One gateway's outgoing calls. Every method raises GatewayUnavailable on a timeout, a 5xx
    or an answer whose signature does not check out; nothing else escapes."""

    @property
    def name(self) -> GatewayName: ...

    async def pay_url(self, order: Order) -> str:
        """Where to send the payer's browser (VNPay builds it; MoMo/ZaloPay ask their API)."""
        ...

    async def query(
        self, txn_ref: str, created_at: dt.datetime, now: dt.datetime
    ) -> GatewayNotice | None:
        """What the gateway knows of the payment now; None when it has no such transaction
        (VNPay querydr 91) or the payer has not finished yet."""
        ...

    async def refund(self, request: RefundRequest, now: dt.datetime) -> RefundOutcome: ...
