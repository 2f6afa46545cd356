"""MoMo v2 (captureWallet): creating a payment and checking its IPN.

Signatures are HMAC-SHA256 in hex over `name=value` pairs joined with `&`, in the fixed orders
DOMAIN.md gives (alphabetical, with our accessKey first). MoMo has no pay URL to build: the
create call answers one (`payUrl`). The IPN is a JSON POST; `resultCode` 0 means paid.

Not implemented: MoMo's query and refund APIs. `MoMoGateway.query` answers None (core then
waits for the IPN or lets the payment expire) and `refund` answers "unsupported".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence

import httpx

from core.payments.ports import (
    GatewayName,
    GatewayNotice,
    GatewayUnavailable,
    Order,
    RefundOutcome,
    RefundRequest,
)
from payments import client
from payments.config import MoMoConfig

CREATE_FIELDS = (
    "accessKey", "amount", "extraData", "ipnUrl", "orderId", "orderInfo", "partnerCode",
    "redirectUrl", "requestId", "requestType",
)  # fmt: skip
IPN_FIELDS = (
    "accessKey", "amount", "extraData", "message", "orderId", "orderInfo", "orderType",
    "partnerCode", "payType", "requestId", "responseTime", "resultCode", "transId",
)  # fmt: skip
REQUEST_TYPE = "captureWallet"
UNSUPPORTED = "unsupported"


def signature(values: Mapping[str, object], fields: Sequence[str], secret_key: str) -> str:
    """HMAC-SHA256 hex over `field=value&...` in the order given (absent values count as "")."""
    raw = "&".join(f"{name}={client.text(values.get(name))}" for name in fields)
    return hmac.new(secret_key.encode(), raw.encode(), hashlib.sha256).hexdigest()


def create_body(order: Order, config: MoMoConfig, request_id: str) -> dict[str, object]:
    """The signed body of a create call for `order` (MoMo's orderId is our txn_ref)."""
    body: dict[str, object] = {
        "partnerCode": config.partner_code,
        "requestId": request_id,
        "amount": order.amount_vnd,
        "orderId": order.txn_ref,
        "orderInfo": order.order_info,
        "redirectUrl": order.return_url,
        "ipnUrl": order.ipn_url,
        "requestType": REQUEST_TYPE,
        "extraData": "",
        "lang": "en" if order.locale == "en" else "vi",
    }
    values = {**body, "accessKey": config.access_key}
    body["signature"] = signature(values, CREATE_FIELDS, str(config.secret_key))
    return body


def verify_ipn(payload: Mapping[str, object], config: MoMoConfig) -> bool:
    """True when the IPN's signature matches its fields and our access key, for our partner."""
    given = payload.get("signature")
    if not isinstance(given, str) or payload.get("partnerCode") != config.partner_code:
        return False
    try:
        expected = signature(
            {**payload, "accessKey": config.access_key}, IPN_FIELDS, str(config.secret_key)
        )
    except ValueError:
        return False
    return hmac.compare_digest(expected.encode(), given.lower().encode())


def ipn_notice(payload: Mapping[str, object]) -> GatewayNotice:
    """What a verified IPN says. Raises ValueError when a field has the wrong type."""
    order_id = payload.get("orderId")
    amount, result = client.whole(payload.get("amount")), client.whole(payload.get("resultCode"))
    if not isinstance(order_id, str) or not order_id:
        raise ValueError("orderId is missing")
    if amount is None or result is None:
        raise ValueError("amount and resultCode must be whole numbers")
    response_time = client.whole(payload.get("responseTime"))
    return GatewayNotice(
        gateway=GatewayName.MOMO,
        txn_ref=order_id,
        amount_vnd=amount,
        success=result == 0,
        transaction_no=client.text(payload.get("transId")),
        bank_code=client.text(payload.get("payType")),
        response_code=str(result),
        paid_at=client.instant_from_ms(response_time),
    )


class MoMoGateway:
    """MoMo's captureWallet flow for one partner code (PaymentGateway)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        config: MoMoConfig,
        *,
        timeout: float = client.DEFAULT_TIMEOUT_S,
    ) -> None:
        self._http = http
        self._config = config
        self._timeout = timeout

    @property
    def name(self) -> GatewayName:
        return GatewayName.MOMO

    async def pay_url(self, order: Order) -> str:
        """Ask MoMo to create the payment; its payUrl is where the payer goes."""
        body = create_body(order, self._config, secrets.token_hex(16))
        answer = await client.post(
            self._http,
            GatewayName.MOMO,
            self._config.create_url,
            json=body,
            timeout_s=self._timeout,
        )
        pay_url = answer.get("payUrl")
        if answer.get("resultCode") != 0 or not isinstance(pay_url, str) or not pay_url:
            raise GatewayUnavailable(
                f"MoMo refused to create the payment: {answer.get('resultCode')} "
                f"{answer.get('message')}"
            )
        return pay_url

    async def query(
        self, txn_ref: str, created_at: dt.datetime, now: dt.datetime
    ) -> GatewayNotice | None:
        return None  # not implemented: the IPN is the only news from MoMo for now

    async def refund(self, request: RefundRequest, now: dt.datetime) -> RefundOutcome:
        return RefundOutcome(ok=False, response_code=UNSUPPORTED, message="MoMo refunds: not yet")
