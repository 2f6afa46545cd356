"""Interface text around a dossier's fee: the items, paying online, the e-receipt and its public
check. The e-receipt itself is an official paper and stays Vietnamese (templates/payments/)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    "fee_title": {"vi": "Phí, lệ phí phải nộp", "en": "Fees to pay"},
    "fee_title_paid": {"vi": "Phí, lệ phí đã nộp", "en": "Fees paid"},
    "fee_item": {"vi": "Khoản thu", "en": "Item"},
    "fee_amount": {"vi": "Số tiền", "en": "Amount"},
    "fee_total": {"vi": "Tổng cộng", "en": "Total"},
    "fee_paid": {"vi": "Đã thanh toán. Cảm ơn ông/bà.", "en": "Paid. Thank you."},
    "fee_receipt": {"vi": "Xem biên lai điện tử", "en": "See the e-receipt"},
    "fee_open": {
        "vi": "Ông/bà đã bắt đầu thanh toán; có thể tiếp tục đến {until}.",
        "en": "You have started paying; you can continue until {until}.",
    },
    "fee_continue": {"vi": "Tiếp tục thanh toán", "en": "Continue paying"},
    "fee_choose": {"vi": "Chọn cách thanh toán", "en": "Choose how to pay"},
    "fee_pay": {"vi": "Thanh toán {amount} đồng", "en": "Pay {amount} đồng"},
    "fee_pay_hint": {
        "vi": "Ông/bà sẽ được chuyển sang trang của cổng thanh toán, rồi quay lại đây.",
        "en": "You will go to the payment gateway's page, then come back here.",
    },
    "fee_not_online": {
        "vi": "Khoản phí này chưa thanh toán trực tuyến được; vui lòng nộp tại bộ phận một cửa.",
        "en": "This fee cannot be paid online yet; please pay at the one-stop counter.",
    },
    "gateway_vnpay": {"vi": "VNPay (thẻ ngân hàng, QR)", "en": "VNPay (bank card, QR)"},
    "gateway_momo": {"vi": "Ví MoMo", "en": "MoMo wallet"},
    "gateway_zalopay": {"vi": "ZaloPay", "en": "ZaloPay"},
    "verify_title": {"vi": "Kiểm tra biên lai điện tử", "en": "Check an e-receipt"},
    "verify_genuine": {
        "vi": "Biên lai {number} là biên lai thật, do hệ thống phát hành.",
        "en": "Receipt {number} was issued by this system.",
    },
    "verify_number": {"vi": "Số biên lai", "en": "Receipt number"},
    "verify_issued": {"vi": "Ngày lập", "en": "Issued"},
    "verify_amount": {"vi": "Số tiền", "en": "Amount"},
    "verify_refunded": {"vi": "Đã hoàn trả", "en": "Refunded"},
    "verify_unit": {"vi": "Cơ quan thu", "en": "Collected by"},
    "verify_procedure": {"vi": "Thủ tục", "en": "Procedure"},
    "verify_privacy": {
        "vi": "Trang này không hiển thị thông tin cá nhân của người nộp.",
        "en": "This page shows nothing about who paid.",
    },
    "verify_unknown": {
        "vi": "Không tìm thấy biên lai này trên hệ thống: biên lai không hợp lệ hoặc mã QR bị sai.",
        "en": "No such receipt on this system: it is not genuine, or the QR code is wrong.",
    },
    "refund_title": {"vi": "Hoàn trả phí, lệ phí", "en": "Refund the fee"},
    "refund_lead": {
        "vi": "Có thể hoàn tối đa {left} đồng. Tiền được trả về qua cổng thanh toán đã dùng.",
        "en": "Up to {left} đồng can be refunded, through the gateway that was used.",
    },
    "refund_amount": {"vi": "Số tiền hoàn (đồng)", "en": "Amount to refund (đồng)"},
    "refund_reason": {"vi": "Lý do hoàn tiền", "en": "Reason for the refund"},
    "refund_button": {"vi": "Hoàn tiền", "en": "Refund"},
    "refund_done": {"vi": "Đã hoàn {amount} đồng.", "en": "{amount} đồng refunded."},
}
