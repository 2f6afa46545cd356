"""What the gateways and the payer's browser call: VNPay's IPN and return URL, MoMo's IPN and
ZaloPay's callback.

Each notice is verified here (signature, then our merchant code) and only then handed to core's
`Settler` (app state `payments`), which checks order, amount and state and records the result at
most once. Each gateway is answered in its own words, whatever happens: VNPay always gets HTTP 200
with `{"RspCode","Message"}`, never a 500. The return page only shows what core knows; it never
changes anything (the IPN is the only thing that marks a payment paid).

Gateway secrets come from app state `gateway_config` (a `payments.config.GatewayConfig`).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from litestar import MediaType, Request, Response, get, post
from litestar.exceptions import HTTPException
from litestar.response import Template

from core.payments.ports import PaymentState, PaymentView, Settlement, Settler
from payments import momo, vnpay, zalopay
from payments.config import VNPAY_IPN_PATH, VNPAY_RETURN_PATH, GatewayConfig

log = logging.getLogger("motcua.payments")
MAX_BODY = 8 * 1024  # a MoMo IPN or ZaloPay callback is well under 2 KB
NO_STORE = {"Cache-Control": "no-store"}
# POSTs from gateways carry no CSRF token: the composition root exempts these paths.
CSRF_EXEMPT = ["^/payments/momo/", "^/payments/zalopay/", "^/payments/sandbox/vnpay/api$"]

IpnAnswer = tuple[str, str]
INVALID_SIGNATURE: IpnAnswer = ("97", "Invalid signature")
ORDER_NOT_FOUND: IpnAnswer = ("01", "Order not found")
INVALID_AMOUNT: IpnAnswer = ("04", "Invalid amount")
UNKNOWN_ERROR: IpnAnswer = ("99", "Unknow error")  # sic: VNPay's own spelling (its IPN demo)
IPN_ANSWERS: dict[Settlement, IpnAnswer] = {
    Settlement.CONFIRMED: ("00", "Confirm Success"),
    Settlement.NOT_FOUND: ORDER_NOT_FOUND,
    Settlement.BAD_AMOUNT: INVALID_AMOUNT,
    Settlement.ALREADY_CONFIRMED: ("02", "Order already confirmed"),
}


def _settler(request: Request[Any, Any, Any]) -> Settler:
    settler: Settler = request.app.state.payments
    return settler


def _config(request: Request[Any, Any, Any]) -> GatewayConfig:
    config: GatewayConfig = request.app.state.gateway_config
    return config


@get(VNPAY_IPN_PATH, summary="VNPay IPN", tags=["payments"])
async def vnpay_ipn(request: Request[Any, Any, Any]) -> Response[dict[str, str]]:
    """VNPay's server confirms a payment (GET, vnp_* params); answered `{"RspCode","Message"}`."""
    try:
        code, message = await _vnpay_ipn(request)
    except Exception:  # VNPay must get its JSON (99) whatever broke, never a 500
        log.exception("VNPay IPN failed")
        code, message = UNKNOWN_ERROR
    return Response({"RspCode": code, "Message": message}, headers=NO_STORE)


async def _vnpay_ipn(request: Request[Any, Any, Any]) -> IpnAnswer:
    """Signature, then our terminal, then core: order, amount, state (DOMAIN.md's order)."""
    config = _config(request).vnpay
    if config is None:  # VNPay is off: nothing of ours can be signed
        return INVALID_SIGNATURE
    try:
        params = vnpay.parse_query(request.scope["query_string"])
    except vnpay.MalformedQuery as exc:
        log.warning("VNPay IPN refused: %s", exc)
        return UNKNOWN_ERROR
    if not vnpay.verify(params, str(config.hash_secret)):
        return INVALID_SIGNATURE
    if params.get("vnp_TmnCode") != config.tmn_code:
        return ORDER_NOT_FOUND
    try:
        notice = vnpay.notice(params)
    except vnpay.InvalidAmount:
        return INVALID_AMOUNT
    except vnpay.MalformedNotice as exc:
        log.warning("VNPay IPN unreadable: %s", exc)
        return UNKNOWN_ERROR
    settlement = await _settler(request).settle(notice)
    log.info("VNPay IPN %s: %s", notice.txn_ref, settlement)
    return IPN_ANSWERS[settlement]


@get(VNPAY_RETURN_PATH, include_in_schema=False)
async def vnpay_return(request: Request[Any, Any, Any]) -> Template:
    """The payer's browser comes back from VNPay: show what core knows, change nothing."""
    config = _config(request).vnpay
    if config is None:
        return _return_page("invalid", None, status_code=400)
    try:
        params = vnpay.parse_query(request.scope["query_string"])
    except vnpay.MalformedQuery:
        params = {}
    signed = vnpay.verify(params, str(config.hash_secret))
    if not signed or params.get("vnp_TmnCode") != config.tmn_code:
        return _return_page("invalid", None, status_code=400)
    view = await _settler(request).view(params.get("vnp_TxnRef", ""))
    if view is None:
        return _return_page("unknown", None, status_code=404)
    return _return_page(outcome(view, params.get("vnp_ResponseCode", "")), view)


@get("/payments/momo/return", include_in_schema=False)
async def momo_return(request: Request[Any, Any, Any]) -> Template:
    """The payer back from MoMo (`orderId` is our txn_ref): core's state only, nothing changes."""
    return await _wallet_return(request, request.query_params.get("orderId", ""))


@get("/payments/zalopay/return", include_in_schema=False)
async def zalopay_return(request: Request[Any, Any, Any]) -> Template:
    """The payer back from ZaloPay (`apptransid` = yyMMdd_<txn_ref>): core's state only."""
    app_trans_id = request.query_params.get("apptransid", "")
    return await _wallet_return(request, app_trans_id.partition("_")[2])


async def _wallet_return(request: Request[Any, Any, Any], txn_ref: str) -> Template:
    view = await _settler(request).view(txn_ref[:64]) if txn_ref else None
    if view is None:
        return _return_page("unknown", None, status_code=404)
    pending = view.state in (PaymentState.CREATED, PaymentState.PENDING)
    return _return_page("pending" if pending else outcome(view, vnpay.OK), view)


def outcome(view: PaymentView, response_code: str) -> str:
    """What the return page says: core's state first; the gateway's code only while pending."""
    if view.state is PaymentState.PAID:
        return "paid"
    if view.state in (PaymentState.PARTLY_REFUNDED, PaymentState.REFUNDED):
        return "refunded"
    if response_code == vnpay.CANCELLED_BY_PAYER:
        return "cancelled"
    if view.state in (PaymentState.FAILED, PaymentState.EXPIRED) or response_code != vnpay.OK:
        return "failed"
    return "pending"  # paid at the gateway, its IPN not here yet


def _return_page(result: str, view: PaymentView | None, status_code: int = 200) -> Template:
    return Template(
        "payments/return.html",
        context={"result": result, "payment": view},
        status_code=status_code,
        media_type=MediaType.HTML,
        headers=NO_STORE,
    )


@post("/payments/momo/ipn", status_code=204, request_max_body_size=MAX_BODY, tags=["payments"])
async def momo_ipn(request: Request[Any, Any, Any]) -> Response[None]:
    """MoMo's server reports a result (POST JSON): 204 taken, 400 refused, 503 try again."""
    config = _config(request).momo
    payload = await json_object(request)
    if config is None or payload is None or not momo.verify_ipn(payload, config):
        return Response(None, status_code=400)
    try:
        notice = momo.ipn_notice(payload)
    except ValueError:
        return Response(None, status_code=400)
    try:
        settlement = await _settler(request).settle(notice)
    except Exception:  # MoMo retries until it gets 204; settling again is harmless
        log.exception("MoMo IPN failed")
        return Response(None, status_code=503)
    log.info("MoMo IPN %s: %s", notice.txn_ref, settlement)
    return Response(None, status_code=204)


@post(
    "/payments/zalopay/callback", status_code=200, request_max_body_size=MAX_BODY, tags=["payments"]
)
async def zalopay_callback(request: Request[Any, Any, Any]) -> Response[dict[str, object]]:
    """ZaloPay's server reports a paid order: 1 taken, -1 refused for good, 0 try again."""
    try:
        code, message = await _zalopay_callback(request)
    except Exception:
        log.exception("ZaloPay callback failed")
        code, message = 0, "try again"
    return Response({"return_code": code, "return_message": message})


async def _zalopay_callback(request: Request[Any, Any, Any]) -> tuple[int, str]:
    config = _config(request).zalopay
    payload = await json_object(request)
    if config is None or payload is None:
        return -1, "invalid request"
    if not zalopay.verify_callback(payload, config):
        return -1, "mac not equal"
    try:
        notice = zalopay.callback_notice(payload, config)
    except ValueError:
        return -1, "invalid data"
    settlement = await _settler(request).settle(notice)
    log.info("ZaloPay callback %s: %s", notice.txn_ref, settlement)
    if settlement is Settlement.NOT_FOUND:
        return -1, "order not found"
    if settlement is Settlement.BAD_AMOUNT:
        return -1, "invalid amount"
    return 1, "success"


async def json_object(request: Request[Any, Any, Any]) -> dict[str, object] | None:
    """The request body as a JSON object, or None if too large, not JSON or not an object."""
    try:
        body = json.loads(await request.body())
    except (HTTPException, ValueError):
        return None
    return body if isinstance(body, dict) else None


ROUTES = [vnpay_ipn, vnpay_return, momo_ipn, momo_return, zalopay_callback, zalopay_return]
