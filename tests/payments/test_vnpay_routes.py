"""VNPay's IPN (answers in VNPay's words, never a 500) and the return page (never settles)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from urllib.parse import quote_plus

import httpx
import pytest

from core.payments.ports import PaymentState
from payments.config import GatewayConfig
from tests.payments.conftest import FakePayment, FakeSettler

IPN = "/payments/vnpay/ipn"
RETURN = "/payments/vnpay/return"


def query(config: GatewayConfig, secret: str | None = None, **changes: str) -> str:
    """A signed IPN/return query string for T1 (8,000 đ, paid), signed here by hand."""
    params = {
        "vnp_TmnCode": config.vnpay.tmn_code,
        "vnp_Amount": "800000",
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Le phi ho so",
        "vnp_PayDate": "20240102003005",
        "vnp_ResponseCode": "00",
        "vnp_TransactionNo": "14000001",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": "T1",
    } | changes
    canonical = "&".join(f"{k}={quote_plus(v)}" for k, v in sorted(params.items()) if v)
    key = (secret or str(config.vnpay.hash_secret)).encode()
    digest = hmac.new(key, canonical.encode(), hashlib.sha512).hexdigest()
    return f"{canonical}&vnp_SecureHash={digest}"


async def ipn(client: httpx.AsyncClient, raw_query: str) -> dict[str, str]:
    response = await client.get(f"{IPN}?{raw_query}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    answer: dict[str, str] = response.json()
    return answer


@pytest.fixture
def pending(settler: FakeSettler) -> FakePayment:
    settler.payments["T1"] = FakePayment("H12.34-240101-0001", 8_000)
    return settler.payments["T1"]


async def test_ipn_confirms_a_pending_payment(
    client: httpx.AsyncClient, config: GatewayConfig, settler: FakeSettler, pending: FakePayment
) -> None:
    """A correct IPN: 00 Confirm Success, and core was told the payment succeeded."""
    answer = await ipn(client, query(config))
    assert answer == {"RspCode": "00", "Message": "Confirm Success"}
    assert pending.state is PaymentState.PAID
    assert [n.success for n in settler.notices] == [True]


async def test_ipn_records_a_failure_as_confirmed(
    client: httpx.AsyncClient, config: GatewayConfig, pending: FakePayment
) -> None:
    """A failed payment is confirmed too (00), and marked failed."""
    answer = await ipn(client, query(config, vnp_ResponseCode="51", vnp_TransactionStatus="02"))
    assert answer["RspCode"] == "00"
    assert pending.state is PaymentState.FAILED


async def test_ipn_twice_answers_already_confirmed(
    client: httpx.AsyncClient, config: GatewayConfig, pending: FakePayment
) -> None:
    """VNPay retries: the second IPN changes nothing and answers 02."""
    await ipn(client, query(config))
    answer = await ipn(client, query(config, vnp_ResponseCode="51", vnp_TransactionStatus="02"))
    assert answer == {"RspCode": "02", "Message": "Order already confirmed"}
    assert pending.state is PaymentState.PAID


async def test_ipn_for_an_unknown_order_answers_01(
    client: httpx.AsyncClient, config: GatewayConfig
) -> None:
    """No such txn_ref: 01 Order not found."""
    assert await ipn(client, query(config, vnp_TxnRef="NOPE")) == {
        "RspCode": "01",
        "Message": "Order not found",
    }


async def test_ipn_with_another_amount_answers_04(
    client: httpx.AsyncClient, config: GatewayConfig, pending: FakePayment
) -> None:
    """A signed IPN for another amount: 04 Invalid amount, nothing changes."""
    answer = await ipn(client, query(config, vnp_Amount="700000"))
    assert answer == {"RspCode": "04", "Message": "Invalid amount"}
    assert pending.state is PaymentState.PENDING


async def test_ipn_with_an_amount_not_in_hundredths_answers_04(
    client: httpx.AsyncClient, config: GatewayConfig, pending: FakePayment
) -> None:
    """vnp_Amount must be đồng × 100; anything else is an invalid amount."""
    assert (await ipn(client, query(config, vnp_Amount="800050")))["RspCode"] == "04"


@pytest.mark.parametrize(
    "make_query",
    [
        lambda c: query(c, secret="not-the-secret"),
        lambda c: query(c).replace("vnp_Amount=800000", "vnp_Amount=100"),
        lambda c: query(c).rpartition("&vnp_SecureHash=")[0],
        lambda c: "",
    ],
    ids=["wrong secret", "tampered amount", "no hash", "empty"],
)
async def test_ipn_with_a_bad_signature_answers_97(
    client: httpx.AsyncClient,
    config: GatewayConfig,
    settler: FakeSettler,
    pending: FakePayment,
    make_query: Callable[[GatewayConfig], str],
) -> None:
    """Wrong, missing or broken signature: 97 Invalid signature, core never hears of it."""
    answer = await ipn(client, make_query(config))
    assert answer == {"RspCode": "97", "Message": "Invalid signature"}
    assert settler.notices == []


async def test_ipn_from_another_merchant_answers_01(
    client: httpx.AsyncClient, config: GatewayConfig, settler: FakeSettler, pending: FakePayment
) -> None:
    """Signed, but for another terminal code: not our order (01)."""
    answer = await ipn(client, query(config, vnp_TmnCode="OTHER001"))
    assert answer == {"RspCode": "01", "Message": "Order not found"}
    assert settler.notices == []


@pytest.mark.parametrize(
    "raw_query",
    [
        "vnp_TxnRef=T1&vnp_TxnRef=T2",
        "vnp_OrderInfo=%ff%fe",
        "vnp_OrderInfo=" + "A" * 5000,
        "&".join(f"f{i}=1" for i in range(100)),
    ],
    ids=["repeated key", "not utf-8", "huge", "too many fields"],
)
async def test_ipn_with_a_malformed_query_answers_99(
    client: httpx.AsyncClient, settler: FakeSettler, raw_query: str
) -> None:
    """What no gateway sends is refused unparsed, in VNPay's words: 99 Unknow error."""
    assert await ipn(client, raw_query) == {"RspCode": "99", "Message": "Unknow error"}
    assert settler.notices == []


async def test_ipn_answers_99_when_core_fails(
    client: httpx.AsyncClient, config: GatewayConfig, settler: FakeSettler, pending: FakePayment
) -> None:
    """An exception inside core is still answered in JSON (99), never with a 500."""
    settler.broken = True
    assert await ipn(client, query(config)) == {"RspCode": "99", "Message": "Unknow error"}


async def test_ipn_without_its_txn_ref_answers_99(
    client: httpx.AsyncClient, config: GatewayConfig
) -> None:
    """Signed but without vnp_TxnRef: unreadable, 99."""
    assert (await ipn(client, query(config, vnp_TxnRef="")))["RspCode"] == "99"


@pytest.mark.parametrize(
    ("state", "changes", "says"),
    [
        (PaymentState.PAID, {}, "Thanh toán thành công"),
        (PaymentState.PENDING, {}, "Đang chờ xác nhận từ cổng thanh toán"),
        (PaymentState.PENDING, {"vnp_ResponseCode": "24"}, "Đã huỷ giao dịch"),
        (PaymentState.FAILED, {"vnp_ResponseCode": "24"}, "Đã huỷ giao dịch"),
        (PaymentState.PENDING, {"vnp_ResponseCode": "51"}, "Thanh toán không thành công"),
        (PaymentState.FAILED, {"vnp_ResponseCode": "51"}, "Thanh toán không thành công"),
        (PaymentState.REFUNDED, {}, "Đã hoàn tiền"),
    ],
)
async def test_return_page_shows_the_state_and_never_settles(
    client: httpx.AsyncClient,
    config: GatewayConfig,
    settler: FakeSettler,
    state: PaymentState,
    changes: dict[str, str],
    says: str,
) -> None:
    """The page reads core's state (the gateway's code only while pending) and settles nothing."""
    settler.payments["T1"] = FakePayment("H12.34-240101-0001", 8_000, state)
    response = await client.get(f"{RETURN}?{query(config, **changes)}")
    assert response.status_code == 200
    assert says in response.text
    assert 'href="/dossiers/H12.34-240101-0001"' in response.text
    assert "8.000 đồng" in response.text
    assert response.headers["cache-control"] == "no-store"
    assert settler.notices == []
    assert settler.payments["T1"].state is state


async def test_return_page_refuses_a_tampered_link(
    client: httpx.AsyncClient, config: GatewayConfig, settler: FakeSettler, pending: FakePayment
) -> None:
    """A link whose signature fails is a 400 page saying the link is not valid."""
    raw = query(config).replace("vnp_ResponseCode=00", "vnp_ResponseCode=24")
    response = await client.get(f"{RETURN}?{raw}")
    assert response.status_code == 400
    assert "Đường dẫn không hợp lệ" in response.text
    assert "H12.34-240101-0001" not in response.text
    huge = await client.get(f"{RETURN}?vnp_OrderInfo={'A' * 5000}")
    assert huge.status_code == 400
    assert settler.notices == []


async def test_return_page_for_an_unknown_payment_is_404(
    client: httpx.AsyncClient, config: GatewayConfig
) -> None:
    """Signed by the gateway but unknown to core: a 404 page, nothing else."""
    response = await client.get(f"{RETURN}?{query(config, vnp_TxnRef='NOPE')}")
    assert response.status_code == 404
    assert "Không tìm thấy giao dịch" in response.text
