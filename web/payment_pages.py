"""Paying a dossier's fee from its page, the e-receipt (biên lai điện tử), and the public check
behind the receipt's QR code.

The citizen's dossier page shows the fee items and a pay button (`dossiers/_fee.html`); the
button posts here and the browser goes on to the gateway's page (the sandbox in dev/test). The
gateway's return page (payments/routes.py) only shows the result; the IPN marks a payment paid.
The receipt page and PDF are for the owner and the holding unit's staff, and the unit's head (or
an admin) refunds all or part of the fee from it; `/e-receipts/{token}` is public and shows no
personal data. Personal pages are no-store.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, PathParameter
from litestar.response import Redirect, Template

from core.errors import InvalidInput
from core.identity.actor import Context
from core.payments.ports import GatewayName
from core.payments.service import PaymentService
from web.deps import Ctx
from web.e_receipt_pdf import e_receipt_pdf
from web.guards import require_citizen, require_someone, require_staff
from web.qr import qr_svg

Payments = NamedDependency[PaymentService]
Code = Annotated[str, PathParameter(max_length=64)]
Token = Annotated[str, PathParameter(max_length=64)]
Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
PRIVATE = {"Cache-Control": "no-store"}
FIELDS = {"amount_vnd": "amount"}  # core's field names → the refund form's inputs


def provide_payments(state: State) -> PaymentService:
    service: PaymentService = state.payments
    return service


@post("/dossiers/{code:str}/pay", include_in_schema=False)
async def pay(
    request: Request[Any, Any, Any], ctx: Ctx, payments: Payments, code: Code, data: Form
) -> Redirect:
    """Open (or continue) the attempt to pay and send the browser to the gateway."""
    require_citizen(request)
    choice = (data.get("gateway") or GatewayName.VNPAY.value).strip()
    if choice not in {g.value for g in GatewayName}:
        raise InvalidInput.one("gateway", "Chọn một cổng thanh toán trong danh sách")
    started = await payments.start(ctx, code, GatewayName(choice), ctx.client)
    return Redirect(started.pay_url, status_code=303)


@get("/dossiers/{code:str}/e-receipt", include_in_schema=False)
async def e_receipt(
    request: Request[Any, Any, Any], ctx: Ctx, payments: Payments, code: Code
) -> Template:
    require_someone(request)
    return await _receipt_page(request, payments, ctx, code)


@post("/staff/dossiers/{code:str}/refund", include_in_schema=False)
async def refund(
    request: Request[Any, Any, Any], ctx: Ctx, payments: Payments, code: Code, data: Form
) -> Response[Any]:
    """A head of the holding unit or an admin gives back all or part of the fee."""
    require_staff(request, "head", "admin")
    found = await payments.receipt(ctx, code)
    typed = (data.get("amount") or "").strip()
    reason = (data.get("reason") or "").strip()
    try:
        amount = _amount(typed)
        await payments.refund(ctx, found.payment_id, amount, reason)
    except InvalidInput as exc:
        return await _receipt_page(request, payments, ctx, code, exc, typed, reason)
    url = f"/dossiers/{quote(found.dossier_code)}/e-receipt?refunded={amount}"
    return Redirect(url, status_code=303)


@get("/dossiers/{code:str}/e-receipt.pdf", include_in_schema=False)
async def e_receipt_file(
    request: Request[Any, Any, Any], ctx: Ctx, payments: Payments, code: Code
) -> Response[bytes]:
    require_someone(request)
    found = await payments.receipt(ctx, code)
    disposition = f'inline; filename="bien-lai-{found.number}.pdf"'
    return Response(
        await asyncio.to_thread(e_receipt_pdf, found),
        media_type="application/pdf",
        headers={**PRIVATE, "Content-Disposition": disposition},
    )


async def _receipt_page(
    request: Request[Any, Any, Any],
    payments: PaymentService,
    ctx: Context,
    code: str,
    error: InvalidInput | None = None,
    amount: str = "",
    reason: str = "",
) -> Template:
    found = await payments.receipt(ctx, code)
    actor = ctx.actor
    refunded = request.query_params.get("refunded", "")
    return Template(
        "payments/e_receipt.html",
        context={
            "receipt": found,
            "qr": qr_svg(found.verify_url),
            "pdf_url": f"/dossiers/{quote(found.dossier_code)}/e-receipt.pdf",
            "can_refund": actor.is_staff and (actor.has_role("head") or actor.has_role("admin")),
            "refunded": int(refunded) if refunded.isdigit() else None,
            "errors": [
                {"field": f"refund-{FIELDS.get(e.field, e.field)}", "key": "", "message": e.message}
                for e in (error.errors if error else ())
            ],
            "typed": {"amount": amount, "reason": reason},
        },
        status_code=400 if error else 200,
        headers=PRIVATE,
    )


def _amount(typed: str) -> int:
    """Đồng as typed: digits, with or without thousands dots (16.000) or spaces."""
    digits = typed.replace(".", "").replace(" ", "").replace(",", "")
    if not digits.isdigit() or len(digits) > 12:
        raise InvalidInput.one("amount", "Nhập số tiền hoàn bằng số, ví dụ 16.000")
    return int(digits)


@get("/e-receipts/{token:str}", include_in_schema=False)
async def verify(payments: Payments, token: Token) -> Template:
    """Anyone who scans the QR code: is this receipt genuine, for what sum, from which office."""
    found = await payments.verify(token.strip())
    return Template(
        "payments/verify.html",
        context={"receipt": found},
        status_code=200 if found is not None else 404,
    )


ROUTES = [pay, e_receipt, e_receipt_file, refund, verify]
