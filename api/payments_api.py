"""Paying a dossier's fee over the JSON API (CONTRACT.md): open an attempt, get the pay URL;
and, for the holding unit's head or an admin, refunds.

The gateway's IPN (payments/routes.py) is the only thing that marks the payment paid; the
dossier's `paid` flag and timeline show it (GET /api/v1/dossiers/{code}).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter

from api.deps import Ctx
from api.guards import only
from core.payments.ports import GatewayName
from core.payments.service import PaymentService

Code = Annotated[str, PathParameter(max_length=64)]
PaymentsDep = NamedDependency[PaymentService]
PaymentId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]


class PaymentIn(msgspec.Struct, forbid_unknown_fields=True):
    gateway: Literal["vnpay", "momo", "zalopay"] = "vnpay"


class PaymentOut(msgspec.Struct):
    payment_id: int
    amount_vnd: int
    pay_url: str
    expires_at: str
    reused: bool


class PaymentController(Controller):
    path = "/dossiers/{code:str}/payments"
    tags = ["payments"]

    @post(
        "/",
        status_code=201,
        summary="Pay the dossier's fee: where to send the payer",
        guards=[only("citizen", "Cần đăng nhập để thanh toán")],
    )
    async def start(
        self, ctx: Ctx, payments: PaymentsDep, code: Code, data: JSONBody[PaymentIn]
    ) -> PaymentOut:
        """The owner only (404 for anyone else). The same open attempt is returned until it
        expires (`reused`), so a retry never opens a second payment. 409 when already paid or
        nothing is owed; 503 with Retry-After when the gateway does not answer."""
        started = await payments.start(ctx, code, GatewayName(data.gateway), ctx.client)
        return PaymentOut(
            payment_id=started.payment_id,
            amount_vnd=started.amount_vnd,
            pay_url=started.pay_url,
            expires_at=started.expires_at.isoformat(),
            reused=started.reused,
        )


class RefundIn(msgspec.Struct, forbid_unknown_fields=True):
    amount_vnd: Annotated[int, msgspec.Meta(gt=0, le=10**12)]
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]


class RefundOut(msgspec.Struct):
    refund_id: int
    payment_id: int
    amount_vnd: int
    refunded_vnd: int
    state: str


@post(
    "/payments/{payment_id:int}/refunds",
    status_code=201,
    tags=["payments"],
    summary="Refund all or part of a paid fee (the holding unit's head, or an admin)",
    guards=[only("staff", "Cần đăng nhập bằng tài khoản cán bộ", hide_from_others=False)],
)
async def refund(
    ctx: Ctx, payments: PaymentsDep, payment_id: PaymentId, data: JSONBody[RefundIn]
) -> RefundOut:
    """Never more than is still refundable (422 naming the most); 404 for anyone but the head
    of the unit holding the dossier or an admin; 409 when the gateway refuses, 503 when it does
    not answer (nothing is recorded)."""
    done = await payments.refund(ctx, payment_id, data.amount_vnd, data.reason)
    return RefundOut(
        refund_id=done.refund_id,
        payment_id=done.payment_id,
        amount_vnd=done.amount_vnd,
        refunded_vnd=done.refunded_vnd,
        state=done.state.value,
    )


ROUTES: list[Any] = [PaymentController, refund]
