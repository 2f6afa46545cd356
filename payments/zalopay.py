"""ZaloPay v2: creating an order and checking its callback.

Our order id at ZaloPay is `app_trans_id = yyMMdd_<txn_ref>` (the date in GMT+7, which ZaloPay
requires). What we send is signed with key1 over
`app_id|app_trans_id|app_user|amount|app_time|embed_data|item`; what ZaloPay calls back with is
signed with key2 over the `data` string exactly as received. ZaloPay calls back only for paid
orders.

Not implemented: ZaloPay's query and refund APIs. `ZaloPayGateway.query` answers None and
`refund` answers "unsupported".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Mapping

import httpx

from core.clock import VIETNAM
from core.payments.ports import (
    GatewayName,
    GatewayNotice,
    GatewayUnavailable,
    Order,
    RefundOutcome,
    RefundRequest,
)
from payments import client
from payments.config import ZaloPayConfig

APP_USER = "motcua"
CREATE_MAC_FIELDS = (
    "app_id", "app_trans_id", "app_user", "amount", "app_time", "embed_data", "item",
)  # fmt: skip
UNSUPPORTED = "unsupported"
_APP_TRANS_ID = re.compile(r"^[0-9]{6}_(?P<txn_ref>.+)$")


def mac(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def app_trans_id(order: Order) -> str:
    """yyMMdd (GMT+7, the day the order was made) + "_" + our txn_ref."""
    return f"{order.created_at.astimezone(VIETNAM):%y%m%d}_{order.txn_ref}"


def create_form(order: Order, config: ZaloPayConfig) -> dict[str, str]:
    """The signed fields of a create call for `order`."""
    form = {
        "app_id": config.app_id,
        "app_user": APP_USER,
        "app_trans_id": app_trans_id(order),
        "app_time": str(int(order.created_at.timestamp() * 1000)),
        "amount": str(order.amount_vnd),
        "item": "[]",
        "embed_data": json.dumps({"redirecturl": order.return_url}, separators=(",", ":")),
        "description": order.order_info,
        "bank_code": "",
        "callback_url": order.ipn_url,
    }
    form["mac"] = mac(str(config.key1), "|".join(form[name] for name in CREATE_MAC_FIELDS))
    return form


def verify_callback(payload: Mapping[str, object], config: ZaloPayConfig) -> bool:
    """True when `mac` is HMAC-SHA256(key2, data) over the data string as received."""
    data, given = payload.get("data"), payload.get("mac")
    if not isinstance(data, str) or not isinstance(given, str):
        return False
    expected = mac(str(config.key2), data)
    return hmac.compare_digest(expected.encode(), given.lower().encode())


def callback_notice(payload: Mapping[str, object], config: ZaloPayConfig) -> GatewayNotice:
    """What a verified callback says (always a payment made). Raises ValueError if unreadable."""
    data = json.loads(str(payload["data"]))
    if not isinstance(data, dict) or client.text(data.get("app_id")) != config.app_id:
        raise ValueError("the callback is not for our app_id")
    match = _APP_TRANS_ID.match(client.text(data.get("app_trans_id")))
    amount = client.whole(data.get("amount"))
    if match is None or amount is None:
        raise ValueError("app_trans_id or amount is unreadable")
    return GatewayNotice(
        gateway=GatewayName.ZALOPAY,
        txn_ref=match["txn_ref"],
        amount_vnd=amount,
        success=True,
        transaction_no=client.text(data.get("zp_trans_id")),
        bank_code=client.text(data.get("channel")),
        response_code="1",
        paid_at=client.instant_from_ms(client.whole(data.get("server_time"))),
    )


class ZaloPayGateway:
    """ZaloPay's order flow for one app id (PaymentGateway)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        config: ZaloPayConfig,
        *,
        timeout: float = client.DEFAULT_TIMEOUT_S,
    ) -> None:
        self._http = http
        self._config = config
        self._timeout = timeout

    @property
    def name(self) -> GatewayName:
        return GatewayName.ZALOPAY

    async def pay_url(self, order: Order) -> str:
        """Ask ZaloPay to create the order; its order_url is where the payer goes."""
        answer = await client.post(
            self._http,
            GatewayName.ZALOPAY,
            self._config.create_url,
            form=create_form(order, self._config),
            timeout_s=self._timeout,
        )
        order_url = answer.get("order_url")
        if answer.get("return_code") != 1 or not isinstance(order_url, str) or not order_url:
            raise GatewayUnavailable(
                f"ZaloPay refused to create the order: {answer.get('return_code')} "
                f"{answer.get('return_message')}"
            )
        return order_url

    async def query(
        self, txn_ref: str, created_at: dt.datetime, now: dt.datetime
    ) -> GatewayNotice | None:
        return None  # not implemented: the callback is the only news from ZaloPay for now

    async def refund(self, request: RefundRequest, now: dt.datetime) -> RefundOutcome:
        return RefundOutcome(
            ok=False, response_code=UNSUPPORTED, message="ZaloPay refunds: not yet"
        )
