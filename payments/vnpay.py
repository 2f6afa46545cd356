"""VNPay 2.1.0 as both sides speak it: signing, the pay URL, notices, querydr and refund bodies.

These are pure functions of their inputs and the hash secret, shared by the adapter
(payments/vnpay_gateway.py), the IPN and return routes, and the sandbox gateway, so that the
merchant side and the sandbox can never drift apart. DOMAIN.md ("VNPay 2.1.0") is the spec:

- query strings (pay URL, IPN, return): the non-empty `vnp_*` parameters except the hash itself,
  sorted by name, joined as `key=quote_plus(value)` with `&`, HMAC-SHA512 in lowercase hex;
- JSON API bodies (querydr, refund) and their answers: the values of a fixed list of fields
  joined with `|`, HMAC-SHA512 as well. The answers' field lists are VNPay's (merchant_webapi
  "querydr & refund" page).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, quote_plus

from core.clock import VIETNAM
from core.payments.ports import GatewayName, GatewayNotice, Order, RefundRequest

VERSION = "2.1.0"
DATE_FORMAT = "%Y%m%d%H%M%S"  # yyyyMMddHHmmss, always in GMT+7
HASH = "vnp_SecureHash"
HASH_TYPE = "vnp_SecureHashType"
MAX_QUERY_BYTES = 4096  # a real IPN is about 600 bytes; refuse anything far larger unparsed
MAX_FIELDS = 40
ORDER_INFO_MAX = 255
_SAFE = " .,:;_-/#()"

QUERYDR_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
REFUND_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType",
    "vnp_TxnRef", "vnp_Amount", "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy",
    "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
_ANSWER_COMMON = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
    "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo",
    "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo",
)  # fmt: skip
QUERYDR_ANSWER_FIELDS = (*_ANSWER_COMMON, "vnp_PromotionCode", "vnp_PromotionAmount")
REFUND_ANSWER_FIELDS = _ANSWER_COMMON

# Codes this package acts on (VNPay's tables; DOMAIN.md lists the API ones).
OK = "00"
CANCELLED_BY_PAYER = "24"  # vnp_ResponseCode: "Khách hàng hủy giao dịch"
NOT_FOUND = "91"  # querydr/refund: no such transaction
PAYMENT = "01"  # vnp_TransactionType of a payment
FULL_REFUND = "02"
PARTIAL_REFUND = "03"
NOT_COMPLETED = "01"  # vnp_TransactionStatus: the payer has not finished


class MalformedQuery(ValueError):
    """A query string too long, undecodable, with too many fields or a repeated key."""


class MalformedNotice(ValueError):
    """A correctly signed notice that lacks a field or carries one we cannot read."""


class InvalidAmount(MalformedNotice):
    """vnp_Amount is not a positive whole number of đồng × 100."""


def vnp_date(instant: dt.datetime) -> str:
    """An aware instant as VNPay writes dates: yyyyMMddHHmmss in GMT+7."""
    return instant.astimezone(VIETNAM).strftime(DATE_FORMAT)


def parse_vnp_date(value: str) -> dt.datetime | None:
    """A VNPay date read as GMT+7; None when absent or unreadable (it is informative only)."""
    if len(value) != len("20240101000000") or not value.isdigit():
        return None
    try:
        return dt.datetime.strptime(value, DATE_FORMAT).replace(tzinfo=VIETNAM)
    except ValueError:
        return None


def ascii_text(value: str, limit: int = ORDER_INFO_MAX) -> str:
    """Vietnamese without diacritics or special characters, as VNPay asks for vnp_OrderInfo.

    "Lệ phí đăng ký: hồ sơ #12" → "Le phi dang ky: ho so #12". Only letters, digits, spaces and
    `.,:;_-/#()` are kept: characters such as `~` and `*` are escaped differently by different
    URL encoders, and a gateway encoding them its own way would compute another signature.
    """
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    plain = (c for c in decomposed if not unicodedata.combining(c))
    kept = "".join(c if c.isascii() and (c.isalnum() or c in _SAFE) else " " for c in plain)
    return " ".join(kept.split())[:limit]


def canonical(params: Mapping[str, str]) -> str:
    """The text VNPay signs: sorted non-empty vnp_* params, `key=quote_plus(value)`, `&`."""
    kept = sorted(
        (key, value)
        for key, value in params.items()
        if key.startswith("vnp_") and key not in (HASH, HASH_TYPE) and value != ""
    )
    return "&".join(f"{key}={quote_plus(value)}" for key, value in kept)


def hmac_sha512(secret: str, message: str) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha512).hexdigest()


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac_sha512(secret, canonical(params))


def verify(params: Mapping[str, str], secret: str) -> bool:
    """True when vnp_SecureHash matches the other params; compared in constant time."""
    given = params.get(HASH, "")
    if not given:
        return False
    return _same(sign(params, secret), given)


def signed_query(params: Mapping[str, str], secret: str) -> str:
    """The params as a query string with vnp_SecureHash appended last."""
    return f"{canonical(params)}&{HASH}={sign(params, secret)}"


def parse_query(raw: bytes) -> dict[str, str]:
    """A raw query string as a dict, refusing what no gateway sends (see MalformedQuery)."""
    if len(raw) > MAX_QUERY_BYTES:
        raise MalformedQuery(f"query string over {MAX_QUERY_BYTES} bytes")
    try:
        pairs = parse_qsl(
            raw.decode("ascii"), keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict"
        )
    except ValueError as exc:  # UnicodeDecodeError included
        raise MalformedQuery(str(exc)) from exc
    params = dict(pairs)
    if len(params) != len(pairs):
        raise MalformedQuery("a parameter is repeated")
    return params


def pay_params(order: Order, tmn_code: str) -> dict[str, str]:
    """The unsigned parameters of a pay URL for `order`."""
    return {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": tmn_code,
        "vnp_Amount": str(order.amount_vnd * 100),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": order.txn_ref,
        "vnp_OrderInfo": ascii_text(order.order_info),
        "vnp_OrderType": "other",
        "vnp_Locale": "en" if order.locale == "en" else "vn",
        "vnp_ReturnUrl": order.return_url,
        "vnp_IpAddr": order.client_ip,
        "vnp_CreateDate": vnp_date(order.created_at),
        "vnp_ExpireDate": vnp_date(order.expires_at),
    }


def pay_url(base: str, order: Order, tmn_code: str, secret: str) -> str:
    """Where to send the payer's browser: VNPay's (or the sandbox's) page with signed params."""
    separator = "&" if "?" in base else "?"
    return base + separator + signed_query(pay_params(order, tmn_code), secret)


def amount_vnd(vnp_amount: str) -> int:
    """vnp_Amount (đồng × 100) as whole đồng."""
    if not vnp_amount.isdigit() or int(vnp_amount) <= 0 or int(vnp_amount) % 100:
        raise InvalidAmount(f"vnp_Amount {vnp_amount[:20]!r} is not đồng × 100")
    return int(vnp_amount) // 100


def notice(params: Mapping[str, str]) -> GatewayNotice:
    """What a verified IPN (or return) says; success only for ResponseCode and Status 00."""
    txn_ref = params.get("vnp_TxnRef", "")
    if not txn_ref:
        raise MalformedNotice("vnp_TxnRef is missing")
    response_code = params.get("vnp_ResponseCode", "")
    return GatewayNotice(
        gateway=GatewayName.VNPAY,
        txn_ref=txn_ref,
        amount_vnd=amount_vnd(params.get("vnp_Amount", "")),
        success=response_code == OK and params.get("vnp_TransactionStatus") == OK,
        transaction_no=params.get("vnp_TransactionNo", ""),
        bank_code=params.get("vnp_BankCode", ""),
        response_code=response_code,
        paid_at=parse_vnp_date(params.get("vnp_PayDate", "")),
    )


def checksum(values: Iterable[str], secret: str) -> str:
    """The API checksum: the values in their fixed order, joined with `|`, HMAC-SHA512."""
    return hmac_sha512(secret, "|".join(values))


def signed_body(body: Mapping[str, str], fields: tuple[str, ...], secret: str) -> dict[str, str]:
    """`body` with vnp_SecureHash over `fields` (absent fields count as "")."""
    return {**body, HASH: checksum((body.get(name, "") for name in fields), secret)}


def verify_body(body: Mapping[str, str], fields: tuple[str, ...], secret: str) -> bool:
    given = body.get(HASH, "")
    expected = checksum((body.get(name, "") for name in fields), secret)
    return bool(given) and _same(expected, given)


def _same(expected: str, given: str) -> bool:
    """Constant-time comparison that also survives non-ASCII garbage in `given`."""
    return hmac.compare_digest(expected.encode(), given.lower().encode())


def querydr_body(
    *,
    tmn_code: str,
    txn_ref: str,
    created_at: dt.datetime,
    now: dt.datetime,
    request_id: str,
    server_ip: str,
    secret: str,
) -> dict[str, str]:
    """A signed querydr request; TransactionDate is the pay request's vnp_CreateDate."""
    body = {
        "vnp_RequestId": request_id,
        "vnp_Version": VERSION,
        "vnp_Command": "querydr",
        "vnp_TmnCode": tmn_code,
        "vnp_TxnRef": txn_ref,
        "vnp_TransactionDate": vnp_date(created_at),
        "vnp_CreateDate": vnp_date(now),
        "vnp_IpAddr": server_ip,
        "vnp_OrderInfo": ascii_text(f"Truy van giao dich {txn_ref}"),
    }
    return signed_body(body, QUERYDR_FIELDS, secret)


def refund_body(
    request: RefundRequest, *, tmn_code: str, now: dt.datetime, request_id: str, secret: str
) -> dict[str, str]:
    """A signed refund request: type 02 (full) or 03 (partial), amount in đồng × 100."""
    body = {
        "vnp_RequestId": request_id,
        "vnp_Version": VERSION,
        "vnp_Command": "refund",
        "vnp_TmnCode": tmn_code,
        "vnp_TransactionType": FULL_REFUND if request.full else PARTIAL_REFUND,
        "vnp_TxnRef": request.txn_ref,
        "vnp_Amount": str(request.amount_vnd * 100),
        "vnp_TransactionNo": request.transaction_no,
        "vnp_TransactionDate": vnp_date(request.ordered_at),
        "vnp_CreateBy": ascii_text(request.created_by),
        "vnp_CreateDate": vnp_date(now),
        "vnp_IpAddr": request.client_ip,
        "vnp_OrderInfo": ascii_text(request.reason),
    }
    return signed_body(body, REFUND_FIELDS, secret)
