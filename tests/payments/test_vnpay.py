"""VNPay 2.1.0 signing, pay URL, notices and API bodies, checked against hand-built vectors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
from urllib.parse import parse_qsl, quote_plus, urlsplit

import pytest

from core.clock import VIETNAM
from core.payments.ports import GatewayName, RefundRequest
from payments import vnpay
from tests.payments.conftest import make_order

SECRET = "TESTSECRETTESTSECRETTESTSECRET12"


def hmac512(message: str, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), message.encode(), hashlib.sha512).hexdigest()


def signed(params: dict[str, str]) -> dict[str, str]:
    """params plus vnp_SecureHash computed here, independently of the code under test."""
    canonical = "&".join(
        f"{key}={quote_plus(value)}"
        for key, value in sorted(params.items())
        if key.startswith("vnp_") and value
    )
    return {**params, "vnp_SecureHash": hmac512(canonical)}


def test_sign_matches_a_hand_built_canonical_string() -> None:
    """Sorted non-empty vnp_* params, quote_plus values, hash keys left out, HMAC-SHA512 hex."""
    params = {
        "vnp_TxnRef": "T1",
        "vnp_Amount": "800000",
        "vnp_OrderInfo": "Le phi ho so: 1.001193",
        "vnp_ReturnUrl": "https://motcua.example/payments/vnpay/return?x=1",
        "vnp_BankCode": "",
        "vnp_SecureHashType": "HmacSHA512",
        "vnp_SecureHash": "ignored",
        "other": "not signed",
    }
    by_hand = (
        "vnp_Amount=800000"
        "&vnp_OrderInfo=Le+phi+ho+so%3A+1.001193"
        "&vnp_ReturnUrl=https%3A%2F%2Fmotcua.example%2Fpayments%2Fvnpay%2Freturn%3Fx%3D1"
        "&vnp_TxnRef=T1"
    )
    assert vnpay.canonical(params) == by_hand
    assert vnpay.sign(params, SECRET) == hmac512(by_hand)


def test_verify_accepts_the_signed_params() -> None:
    """A correctly signed query verifies, whatever the case of the hex digest."""
    params = signed({"vnp_Amount": "800000", "vnp_TxnRef": "T1", "vnp_ResponseCode": "00"})
    assert vnpay.verify(params, SECRET)
    assert vnpay.verify({**params, "vnp_SecureHash": params["vnp_SecureHash"].upper()}, SECRET)


@pytest.mark.parametrize(
    "change",
    [
        {"vnp_Amount": "80000000"},
        {"vnp_SecureHash": "0" * 128},
        {"vnp_SecureHash": ""},
        {"vnp_SecureHash": "é" * 128},
        {"vnp_ResponseCode": "24"},
    ],
)
def test_verify_refuses_tampering(change: dict[str, str]) -> None:
    """A changed amount, code or hash (even garbage) does not verify."""
    params = signed({"vnp_Amount": "800000", "vnp_TxnRef": "T1", "vnp_ResponseCode": "00"})
    assert not vnpay.verify({**params, **change}, SECRET)


def test_verify_refuses_a_missing_hash() -> None:
    """No vnp_SecureHash, no trust."""
    assert not vnpay.verify({"vnp_Amount": "800000", "vnp_TxnRef": "T1"}, SECRET)


def test_pay_url_carries_the_order_as_vnpay_expects() -> None:
    """Amount × 100, GMT+7 dates, ASCII order info, the hash last and valid."""
    created = dt.datetime(2024, 1, 1, 17, 30, 5, tzinfo=dt.UTC)  # 00:30:05 on 2 Jan in Hà Nội
    order = make_order(txn_ref="T42", amount_vnd=8_000, created_at=created, minutes=15)
    url = vnpay.pay_url("https://pay.example/vpcpay.html", order, "MOTCUA01", SECRET)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://pay.example/vpcpay.html"
    params = dict(parse_qsl(parts.query))
    assert params["vnp_Version"] == "2.1.0"
    assert params["vnp_Command"] == "pay"
    assert params["vnp_TmnCode"] == "MOTCUA01"
    assert params["vnp_Amount"] == "800000"
    assert params["vnp_CurrCode"] == "VND"
    assert params["vnp_TxnRef"] == "T42"
    assert params["vnp_OrderInfo"] == "Le phi ho so H12.34-240101-0001"
    assert params["vnp_OrderType"] == "other"
    assert params["vnp_Locale"] == "vn"
    assert params["vnp_ReturnUrl"] == order.return_url
    assert params["vnp_IpAddr"] == "203.0.113.9"
    assert params["vnp_CreateDate"] == "20240102003005"
    assert params["vnp_ExpireDate"] == "20240102004505"
    unsigned, _, digest = parts.query.rpartition("&vnp_SecureHash=")
    assert list(params)[-1] == "vnp_SecureHash"
    assert digest == hmac512(unsigned)


def test_ascii_text_strips_vietnamese_diacritics_and_special_characters() -> None:
    """VNPay refuses diacritics (đ becomes d, tones and hats go) and special characters."""
    assert vnpay.ascii_text("Đăng ký khai sinh – lệ phí") == "Dang ky khai sinh le phi"
    assert vnpay.ascii_text("Hồ sơ: #12 ~*Ưu tiên*") == "Ho so: #12 Uu tien"
    assert len(vnpay.ascii_text("a" * 300)) == 255


def test_parse_query_refuses_what_no_gateway_sends() -> None:
    """Too long, undecodable, repeated keys or too many fields: MalformedQuery."""
    assert vnpay.parse_query(b"vnp_A=1&vnp_B=x+y") == {"vnp_A": "1", "vnp_B": "x y"}
    for raw in (
        b"vnp_A=" + b"1" * 5000,
        b"vnp_A=%ff",
        b"vnp_A=\xc3\xa9",
        b"vnp_A=1&vnp_A=2",
        b"&".join(b"f%d=1" % i for i in range(60)),
    ):
        with pytest.raises(vnpay.MalformedQuery):
            vnpay.parse_query(raw)


def test_notice_reads_an_ipn() -> None:
    """Amount / 100, success only for 00 and 00, pay date in GMT+7."""
    params = {
        "vnp_TxnRef": "T1",
        "vnp_Amount": "800000",
        "vnp_ResponseCode": "00",
        "vnp_TransactionStatus": "00",
        "vnp_TransactionNo": "14000001",
        "vnp_BankCode": "NCB",
        "vnp_PayDate": "20240102003005",
    }
    notice = vnpay.notice(params)
    assert notice.gateway is GatewayName.VNPAY
    assert (notice.txn_ref, notice.amount_vnd, notice.success) == ("T1", 8_000, True)
    assert (notice.transaction_no, notice.bank_code, notice.response_code) == (
        "14000001",
        "NCB",
        "00",
    )
    assert notice.paid_at == dt.datetime(2024, 1, 1, 17, 30, 5, tzinfo=dt.UTC)
    assert not vnpay.notice({**params, "vnp_TransactionStatus": "02"}).success
    assert not vnpay.notice({**params, "vnp_ResponseCode": "24"}).success


@pytest.mark.parametrize("amount", ["", "abc", "800001", "0", "-800000"])
def test_notice_refuses_an_amount_that_is_not_dong_times_100(amount: str) -> None:
    """vnp_Amount must be a positive multiple of 100."""
    with pytest.raises(vnpay.InvalidAmount):
        vnpay.notice({"vnp_TxnRef": "T1", "vnp_Amount": amount})


def test_querydr_body_is_signed_over_domain_field_order() -> None:
    """RequestId|Version|Command|TmnCode|TxnRef|TransactionDate|CreateDate|IpAddr|OrderInfo."""
    created = dt.datetime(2024, 1, 2, 0, 30, 5, tzinfo=VIETNAM)
    now = dt.datetime(2024, 1, 2, 1, 0, 0, tzinfo=VIETNAM)
    body = vnpay.querydr_body(
        tmn_code="MOTCUA01",
        txn_ref="T1",
        created_at=created,
        now=now,
        request_id="R1",
        server_ip="10.0.0.1",
        secret=SECRET,
    )
    by_hand = "R1|2.1.0|querydr|MOTCUA01|T1|20240102003005|20240102010000|10.0.0.1|"
    by_hand += "Truy van giao dich T1"
    assert body["vnp_SecureHash"] == hmac512(by_hand)
    assert body["vnp_TransactionDate"] == "20240102003005"
    assert vnpay.verify_body(body, vnpay.QUERYDR_FIELDS, SECRET)


def test_refund_body_is_signed_over_domain_field_order() -> None:
    """RequestId|Version|Command|TmnCode|TransactionType|TxnRef|Amount|TransactionNo|..."""
    request = RefundRequest(
        txn_ref="T1",
        amount_vnd=3_000,
        full=False,
        transaction_no="14000001",
        ordered_at=dt.datetime(2024, 1, 2, 0, 30, 5, tzinfo=VIETNAM),
        created_by="can bo 7",
        client_ip="10.0.0.1",
        reason="Hoàn một phần lệ phí",
    )
    now = dt.datetime(2024, 1, 3, 9, 0, 0, tzinfo=VIETNAM)
    body = vnpay.refund_body(request, tmn_code="MOTCUA01", now=now, request_id="R2", secret=SECRET)
    by_hand = (
        "R2|2.1.0|refund|MOTCUA01|03|T1|300000|14000001|20240102003005|can bo 7|"
        "20240103090000|10.0.0.1|Hoan mot phan le phi"
    )
    assert body["vnp_SecureHash"] == hmac512(by_hand)
    full = dataclasses.replace(request, full=True)
    body = vnpay.refund_body(full, tmn_code="MOTCUA01", now=now, request_id="R3", secret=SECRET)
    assert body["vnp_TransactionType"] == "02"


def test_verify_body_refuses_a_changed_answer() -> None:
    """An API answer is believed only with its checksum over VNPay's answer field order."""
    answer = {
        "vnp_ResponseId": "A1",
        "vnp_Command": "querydr",
        "vnp_ResponseCode": "00",
        "vnp_Message": "QueryDR Success",
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TxnRef": "T1",
        "vnp_Amount": "800000",
        "vnp_BankCode": "NCB",
        "vnp_PayDate": "20240102003005",
        "vnp_TransactionNo": "14000001",
        "vnp_TransactionType": "01",
        "vnp_TransactionStatus": "00",
        "vnp_OrderInfo": "Le phi",
    }
    by_hand = (
        "A1|querydr|00|QueryDR Success|MOTCUA01|T1|800000|NCB|20240102003005|14000001|01|00|"
        "Le phi||"  # vnp_PromotionCode and vnp_PromotionAmount, absent, count as ""
    )
    answer["vnp_SecureHash"] = hmac512(by_hand)
    assert vnpay.verify_body(answer, vnpay.QUERYDR_ANSWER_FIELDS, SECRET)
    assert not vnpay.verify_body(
        {**answer, "vnp_Amount": "900000"}, vnpay.QUERYDR_ANSWER_FIELDS, SECRET
    )
