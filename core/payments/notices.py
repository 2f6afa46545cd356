"""What the citizen is told about their payment, and the links it points to.

The texts sit together so that the wording of money messages is reviewed in one place.
"""

from __future__ import annotations

from core.outbox.messages import Notice
from core.payments.fees import in_dong
from core.payments.ports import GatewayName, PaymentState

GATEWAY_LABELS = {
    GatewayName.VNPAY: "VNPay",
    GatewayName.MOMO: "MoMo",
    GatewayName.ZALOPAY: "ZaloPay",
}

STATE_LABELS = {
    PaymentState.CREATED: "Mới tạo",
    PaymentState.PENDING: "Đang chờ thanh toán",
    PaymentState.PAID: "Đã thanh toán",
    PaymentState.FAILED: "Không thành công",
    PaymentState.EXPIRED: "Hết hạn",
    PaymentState.PARTLY_REFUNDED: "Đã hoàn một phần",
    PaymentState.REFUNDED: "Đã hoàn tiền",
}


def dossier_path(code: str) -> str:
    return f"/dossiers/{code}"


def receipt_path(code: str) -> str:
    """The owner's page for the e-receipt of a dossier's fee."""
    return f"/dossiers/{code}/e-receipt"


def verify_path(token: str) -> str:
    """The public page a receipt's QR code opens: is this receipt genuine?"""
    return f"/e-receipts/{token}"


def paid(code: str, amount_vnd: int, gateway: GatewayName, number: str) -> Notice:
    return Notice(
        topic="payment.paid",
        subject=f"Đã nhận thanh toán phí hồ sơ {code}",
        body=(
            f"Đã nhận {in_dong(amount_vnd)} qua {GATEWAY_LABELS[gateway]}. "
            f"Biên lai điện tử số {number} đã được cấp."
        ),
        link=receipt_path(code),
        data={"code": code, "receipt": number, "amount_vnd": amount_vnd},
    )


def failed(code: str, gateway: GatewayName) -> Notice:
    return Notice(
        topic="payment.failed",
        subject=f"Thanh toán phí hồ sơ {code} chưa thành công",
        body=(
            f"Giao dịch qua {GATEWAY_LABELS[gateway]} không thành công và bạn chưa bị trừ tiền. "
            "Bạn có thể thanh toán lại trên trang hồ sơ."
        ),
        link=dossier_path(code),
        data={"code": code},
    )


def refunded(code: str, amount_vnd: int, gateway: GatewayName) -> Notice:
    return Notice(
        topic="payment.refunded",
        subject=f"Đã hoàn tiền phí hồ sơ {code}",
        body=(
            f"{in_dong(amount_vnd)} đã được hoàn về tài khoản bạn dùng để thanh toán "
            f"qua {GATEWAY_LABELS[gateway]}."
        ),
        link=dossier_path(code),
        data={"code": code, "amount_vnd": amount_vnd},
    )
