"""The VNPay merchant adapter: core's `PaymentGateway` spoken as VNPay 2.1.0 over httpx.

The pay URL is built locally (VNPay has no "create" call); querydr and refund are JSON POSTs to
the merchant API. An answer is believed only when its checksum verifies: VNPay signs every
answer, so an unsigned or wrongly signed one is treated like no answer at all.
"""

from __future__ import annotations

import datetime as dt
import secrets

import httpx

from core.payments.ports import (
    GatewayName,
    GatewayNotice,
    GatewayUnavailable,
    Order,
    RefundOutcome,
    RefundRequest,
)
from payments import client, vnpay


class VNPayGateway:
    """VNPay for one merchant terminal (vnp_TmnCode); also talks to the built-in sandbox."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        tmn_code: str,
        hash_secret: str,
        pay_url: str,
        api_url: str,
        *,
        server_ip: str = "127.0.0.1",
        timeout: float = client.DEFAULT_TIMEOUT_S,
    ) -> None:
        self._http = http
        self._tmn_code = tmn_code
        self._secret = str(hash_secret)
        self._pay_url = pay_url
        self._api_url = api_url
        self._server_ip = server_ip  # vnp_IpAddr of our own API calls
        self._timeout = timeout

    @property
    def name(self) -> GatewayName:
        return GatewayName.VNPAY

    async def pay_url(self, order: Order) -> str:
        return vnpay.pay_url(self._pay_url, order, self._tmn_code, self._secret)

    async def query(
        self, txn_ref: str, created_at: dt.datetime, now: dt.datetime
    ) -> GatewayNotice | None:
        """querydr: None for 91 (unknown) or a payer who has not finished (status 01)."""
        body = vnpay.querydr_body(
            tmn_code=self._tmn_code,
            txn_ref=txn_ref,
            created_at=created_at,
            now=now,
            request_id=_request_id(),
            server_ip=self._server_ip,
            secret=self._secret,
        )
        answer = await self._call(body, vnpay.QUERYDR_ANSWER_FIELDS)
        code = answer.get("vnp_ResponseCode", "")
        if code == vnpay.NOT_FOUND:
            return None
        if code != vnpay.OK:
            raise GatewayUnavailable(f"VNPay querydr answered {code}: {answer.get('vnp_Message')}")
        if answer.get("vnp_TxnRef") != txn_ref:
            raise GatewayUnavailable("VNPay querydr answered about another transaction")
        status = answer.get("vnp_TransactionStatus", "")
        if status == vnpay.NOT_COMPLETED:
            return None
        try:
            amount = vnpay.amount_vnd(answer.get("vnp_Amount", ""))
        except vnpay.InvalidAmount as exc:
            raise GatewayUnavailable("VNPay querydr answered an unreadable amount") from exc
        return GatewayNotice(
            gateway=GatewayName.VNPAY,
            txn_ref=txn_ref,
            amount_vnd=amount,
            success=status == vnpay.OK,
            transaction_no=answer.get("vnp_TransactionNo", ""),
            bank_code=answer.get("vnp_BankCode", ""),
            response_code=status,
            paid_at=vnpay.parse_vnp_date(answer.get("vnp_PayDate", "")),
        )

    async def refund(self, request: RefundRequest, now: dt.datetime) -> RefundOutcome:
        """VNPay's answer as an outcome: ok only for 00; its code says why not otherwise."""
        body = vnpay.refund_body(
            request,
            tmn_code=self._tmn_code,
            now=now,
            request_id=_request_id(),
            secret=self._secret,
        )
        answer = await self._call(body, vnpay.REFUND_ANSWER_FIELDS)
        code = answer.get("vnp_ResponseCode", "")
        return RefundOutcome(
            ok=code == vnpay.OK,
            response_code=code,
            transaction_no=answer.get("vnp_TransactionNo", "") if code == vnpay.OK else "",
            message=answer.get("vnp_Message", ""),
        )

    async def _call(self, body: dict[str, str], answer_fields: tuple[str, ...]) -> dict[str, str]:
        """POST `body` to the merchant API; the answer as text fields, its checksum verified."""
        raw = await client.post(
            self._http, GatewayName.VNPAY, self._api_url, json=body, timeout_s=self._timeout
        )
        try:
            answer = {key: client.text(value) for key, value in raw.items()}
        except ValueError as exc:
            raise GatewayUnavailable("VNPay answered a field that is not text") from exc
        if not answer.get("vnp_ResponseCode"):
            raise GatewayUnavailable("VNPay answered without vnp_ResponseCode")
        if not vnpay.verify_body(answer, answer_fields, self._secret):
            raise GatewayUnavailable("VNPay's answer failed its checksum")
        return answer


def _request_id() -> str:
    """vnp_RequestId: alphanumeric, at most 32 characters, never reused in a day."""
    return secrets.token_hex(16)
