"""The sandbox gateway's rules: VNPay 2.1.0 from the gateway's side, for dev and tests.

It checks a pay request as VNPay would (signature, terminal, version, amount, expiry, a
transaction paid only once), settles it the way the tester chooses, signs the IPN and the
browser's return exactly as VNPay does, and answers querydr and refund from its ledger with
VNPay's codes: 00 ok, 02 unknown terminal, 03 malformed, 91 unknown transaction, 94 repeated
request id, 95 refund of a payment that did not succeed, 97 bad checksum, 99 anything else
(here: refunding more than is left).
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Mapping

from core.clock import Clock
from payments import vnpay
from payments.config import VNPayConfig
from payments.sandbox_ledger import SandboxLedger, SandboxTransaction

SANDBOX_BANK = "NCB"


@dataclasses.dataclass(frozen=True, slots=True)
class Choice:
    """One outcome the tester may pick, as VNPay would report it."""

    response_code: str
    transaction_status: str
    send_ipn: bool


CHOICES: dict[str, Choice] = {
    "success": Choice("00", "00", send_ipn=True),
    "failure": Choice("51", "02", send_ipn=True),  # 51: not enough money in the account
    "cancel": Choice(vnpay.CANCELLED_BY_PAYER, "02", send_ipn=True),
    "lost_ipn": Choice("00", "00", send_ipn=False),  # paid, but the IPN never arrives
}


class SandboxRefusal(Exception):
    """A pay request the sandbox will not take; `key` names the message the page shows."""

    def __init__(self, key: str, status_code: int = 400) -> None:
        super().__init__(key)
        self.key = key
        self.status_code = status_code


@dataclasses.dataclass(frozen=True, slots=True)
class PayRequest:
    """A pay request whose signature and fields checked out."""

    params: dict[str, str]  # as received, vnp_SecureHash included (the page posts them back)
    txn_ref: str
    amount_vnd: int
    order_info: str
    return_url: str


@dataclasses.dataclass(frozen=True, slots=True)
class Settled:
    """Where the IPN goes (None when it is lost) and where the payer's browser goes."""

    ipn_url: str | None
    return_url: str


class VNPaySandbox:
    """One sandbox terminal: its config (as VNPay's merchant admin would hold it) and ledger."""

    def __init__(
        self, config: VNPayConfig, ledger: SandboxLedger, ipn_url: str, clock: Clock
    ) -> None:
        self.config = config
        self._secret = str(config.hash_secret)
        self._ledger = ledger
        self._ipn_url = ipn_url  # VNPay keeps each merchant's IPN URL in its own records
        self._clock = clock

    def pay_request(self, params: Mapping[str, str]) -> PayRequest:
        """The request behind the pay page, checked; SandboxRefusal says why not."""
        if not vnpay.verify(params, self._secret):
            raise SandboxRefusal("sandbox_invalid")
        expected = {"vnp_TmnCode": self.config.tmn_code, "vnp_Version": vnpay.VERSION}
        expected |= {"vnp_Command": "pay", "vnp_CurrCode": "VND"}
        if any(params.get(name) != value for name, value in expected.items()):
            raise SandboxRefusal("sandbox_invalid")
        return_url, txn_ref = params.get("vnp_ReturnUrl", ""), params.get("vnp_TxnRef", "")
        expires = vnpay.parse_vnp_date(params.get("vnp_ExpireDate", ""))
        if not return_url.startswith(("http://", "https://")) or not txn_ref or expires is None:
            raise SandboxRefusal("sandbox_invalid")
        try:
            amount = vnpay.amount_vnd(params.get("vnp_Amount", ""))
        except vnpay.InvalidAmount:
            raise SandboxRefusal("sandbox_invalid") from None
        if vnpay.parse_vnp_date(params.get("vnp_CreateDate", "")) is None:
            raise SandboxRefusal("sandbox_invalid")
        if self._ledger.get(txn_ref) is not None:
            raise SandboxRefusal("sandbox_done", status_code=409)
        if expires < self._clock.now():
            raise SandboxRefusal("sandbox_expired")
        order_info = params.get("vnp_OrderInfo", "")
        return PayRequest(dict(params), txn_ref, amount, order_info, return_url)

    def settle(self, request: PayRequest, choice_name: str) -> Settled:
        """Record the tester's choice and sign what VNPay would send (IPN and return)."""
        choice = CHOICES.get(choice_name)
        if choice is None:
            raise SandboxRefusal("sandbox_invalid")
        paid = choice.response_code == vnpay.OK
        cancelled = choice.response_code == vnpay.CANCELLED_BY_PAYER
        transaction = SandboxTransaction(
            txn_ref=request.txn_ref,
            amount=request.amount_vnd * 100,
            order_info=request.order_info,
            create_date=request.params["vnp_CreateDate"],
            pay_date=vnpay.vnp_date(self._clock.now()),
            transaction_no="0" if cancelled else self._ledger.next_transaction_no(),
            bank_code="VNPAY" if cancelled else SANDBOX_BANK,
            response_code=choice.response_code,
            transaction_status=choice.transaction_status,
        )
        if not self._ledger.add(transaction):
            raise SandboxRefusal("sandbox_done", status_code=409)
        result = {
            "vnp_TmnCode": self.config.tmn_code,
            "vnp_Amount": str(transaction.amount),
            "vnp_BankCode": transaction.bank_code,
            "vnp_BankTranNo": f"VNP{transaction.transaction_no}" if paid else "",
            "vnp_CardType": "" if cancelled else "ATM",
            "vnp_OrderInfo": transaction.order_info,
            "vnp_PayDate": transaction.pay_date,
            "vnp_ResponseCode": transaction.response_code,
            "vnp_TransactionNo": transaction.transaction_no,
            "vnp_TransactionStatus": transaction.transaction_status,
            "vnp_TxnRef": transaction.txn_ref,
        }
        query = vnpay.signed_query(result, self._secret)
        separator = "&" if "?" in request.return_url else "?"
        return Settled(
            ipn_url=f"{self._ipn_url}?{query}" if choice.send_ipn else None,
            return_url=f"{request.return_url}{separator}{query}",
        )

    def answer(self, body: Mapping[str, str]) -> dict[str, str]:
        """The merchant API (querydr, refund), answered and signed as VNPay does."""
        command = body.get("vnp_Command", "")
        fields = vnpay.REFUND_FIELDS if command == "refund" else vnpay.QUERYDR_FIELDS
        refusal = self._refuse(body, fields)
        if refusal is not None:
            return self._signed(body, refusal)
        transaction = self._ledger.get(body.get("vnp_TxnRef", ""))
        if transaction is None or transaction.create_date != body.get("vnp_TransactionDate"):
            return self._signed(body, ("91", "Transaction not found"))
        if command == "querydr":
            return self._signed(body, ("00", "QueryDR Success"), transaction)
        return self._refund(body, transaction)

    def malformed(self) -> dict[str, str]:
        """The answer to a body that is not a JSON object of text fields."""
        return self._signed({}, ("03", "Invalid request format"))

    def _refuse(self, body: Mapping[str, str], fields: tuple[str, ...]) -> tuple[str, str] | None:
        """Terminal, checksum, format and request id, in that order; None when all is well."""
        if body.get("vnp_Command") not in ("querydr", "refund"):
            return "03", "Invalid command"
        if body.get("vnp_TmnCode") != self.config.tmn_code:
            return "02", "Invalid TmnCode"
        if not vnpay.verify_body(body, fields, self._secret):
            return "97", "Invalid Checksum"
        if any(not body.get(name) for name in fields if name != "vnp_TransactionNo"):
            return "03", "Missing field"
        if not self._ledger.first_use(body["vnp_RequestId"]):
            return "94", "Duplicate request"
        return None

    def _refund(self, body: Mapping[str, str], paid: SandboxTransaction) -> dict[str, str]:
        if body.get("vnp_TransactionNo") not in ("", paid.transaction_no):
            return self._signed(body, ("91", "Transaction not found"))
        kind, raw_amount = body.get("vnp_TransactionType", ""), body.get("vnp_Amount", "")
        if kind not in (vnpay.FULL_REFUND, vnpay.PARTIAL_REFUND) or not raw_amount.isdigit():
            return self._signed(body, ("03", "Invalid refund request"), paid)
        if not paid.paid:
            return self._signed(body, ("95", "Transaction was not successful"), paid)
        amount, left = int(raw_amount), paid.amount - paid.refunded
        full_ok = kind == vnpay.PARTIAL_REFUND or (amount == paid.amount and paid.refunded == 0)
        if not 0 < amount <= left or not full_ok:
            return self._signed(body, ("99", "Refund amount exceeds what is refundable"), paid)
        self._ledger.add_refund(paid.txn_ref, amount)
        refund = dataclasses.replace(
            paid, amount=amount, transaction_no=self._ledger.next_transaction_no()
        )
        return self._signed(body, ("00", "Refund success"), refund, kind=kind, status="05")

    def _signed(
        self,
        body: Mapping[str, str],
        result: tuple[str, str],
        transaction: SandboxTransaction | None = None,
        *,
        kind: str = vnpay.PAYMENT,
        status: str = "",
    ) -> dict[str, str]:
        command = body.get("vnp_Command", "")
        answer = {
            "vnp_ResponseId": secrets.token_hex(16),
            "vnp_Command": command,
            "vnp_ResponseCode": result[0],
            "vnp_Message": result[1],
            "vnp_TmnCode": self.config.tmn_code,
            "vnp_TxnRef": body.get("vnp_TxnRef", ""),
        }
        if transaction is not None:
            answer |= {
                "vnp_Amount": str(transaction.amount),
                "vnp_BankCode": transaction.bank_code,
                "vnp_PayDate": transaction.pay_date,
                "vnp_TransactionNo": transaction.transaction_no,
                "vnp_TransactionType": kind,
                "vnp_TransactionStatus": status or transaction.transaction_status,
                "vnp_OrderInfo": transaction.order_info,
            }
        fields = vnpay.REFUND_ANSWER_FIELDS if command == "refund" else vnpay.QUERYDR_ANSWER_FIELDS
        return vnpay.signed_body(answer, fields, self._secret)
