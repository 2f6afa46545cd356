"""Interface text of the payment pages: the result page after a gateway, the sandbox gateway."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {
    # the page the payer's browser comes back to (kết quả thanh toán)
    "payment_result_title": {"vi": "Kết quả thanh toán", "en": "Payment result"},
    "payment_paid": {"vi": "Thanh toán thành công", "en": "Payment received"},
    "payment_paid_lead": {
        "vi": "Hệ thống đã ghi nhận khoản thanh toán cho hồ sơ {code}. Biên lai điện tử có trong "
        "trang hồ sơ.",
        "en": "The payment for application {code} is recorded. The e-receipt is on the "
        "application's page.",
    },
    "payment_pending": {
        "vi": "Đang chờ xác nhận từ cổng thanh toán",
        "en": "Waiting for the payment gateway to confirm",
    },
    "payment_pending_lead": {
        "vi": "Cổng thanh toán đã báo giao dịch thành công và đang gửi xác nhận chính thức. "
        "Ông/bà không cần thanh toán lại; trang này tự tải lại sau vài giây.",
        "en": "The gateway reported success and is sending its confirmation. Do not pay "
        "again; this page reloads itself in a few seconds.",
    },
    "payment_failed": {"vi": "Thanh toán không thành công", "en": "The payment did not go through"},
    "payment_failed_lead": {
        "vi": "Chưa có khoản tiền nào được ghi nhận cho hồ sơ {code}. Ông/bà có thể thanh toán "
        "lại từ trang hồ sơ.",
        "en": "No payment is recorded for application {code}. You can pay again from the "
        "application's page.",
    },
    "payment_cancelled": {"vi": "Đã huỷ giao dịch", "en": "Payment cancelled"},
    "payment_cancelled_lead": {
        "vi": "Ông/bà đã huỷ thanh toán, không có khoản tiền nào bị trừ. Có thể thanh toán lại "
        "từ trang hồ sơ {code}.",
        "en": "You cancelled the payment and nothing was charged. You can pay again from the "
        "page of application {code}.",
    },
    "payment_refunded": {"vi": "Đã hoàn tiền", "en": "Refunded"},
    "payment_refunded_lead": {
        "vi": "Khoản thanh toán cho hồ sơ {code} đã được hoàn lại toàn bộ hoặc một phần.",
        "en": "The payment for application {code} was refunded in full or in part.",
    },
    "payment_invalid": {"vi": "Đường dẫn không hợp lệ", "en": "This link is not valid"},
    "payment_invalid_lead": {
        "vi": "Đường dẫn kết quả thanh toán này không đúng hoặc đã bị thay đổi. Hãy mở trang "
        "hồ sơ để xem tình trạng thanh toán.",
        "en": "This payment result link is wrong or was altered. Open your application to see "
        "whether it is paid.",
    },
    "payment_unknown": {"vi": "Không tìm thấy giao dịch", "en": "Payment not found"},
    "payment_unknown_lead": {
        "vi": "Hệ thống không có giao dịch thanh toán nào ứng với đường dẫn này.",
        "en": "There is no payment for this link.",
    },
    "payment_amount": {"vi": "Số tiền", "en": "Amount"},
    "payment_reference": {"vi": "Mã giao dịch", "en": "Payment reference"},
    "payment_dossier": {"vi": "Hồ sơ", "en": "Application"},
    "payment_open_dossier": {"vi": "Xem hồ sơ {code}", "en": "View application {code}"},
    "payment_check_again": {"vi": "Kiểm tra lại", "en": "Check again"},
    # the sandbox gateway (cổng thanh toán thử nghiệm), dev and test only
    "sandbox_title": {"vi": "Cổng thanh toán thử nghiệm", "en": "Test payment gateway"},
    "sandbox_notice": {
        "vi": "Đây là cổng thanh toán giả lập để thử nghiệm. Không có tiền thật nào được chuyển.",
        "en": "This is a simulated gateway for testing. No real money moves.",
    },
    "sandbox_merchant": {"vi": "Đơn vị nhận tiền", "en": "Merchant"},
    "sandbox_order": {"vi": "Nội dung thanh toán", "en": "Payment for"},
    "sandbox_choose": {"vi": "Chọn kết quả muốn thử", "en": "Choose the outcome to test"},
    "sandbox_success": {"vi": "Thanh toán thành công", "en": "Pay successfully"},
    "sandbox_failure": {
        "vi": "Thanh toán thất bại (tài khoản không đủ số dư)",
        "en": "Payment fails (not enough money in the account)",
    },
    "sandbox_cancel": {"vi": "Huỷ giao dịch", "en": "Cancel the payment"},
    "sandbox_lost_ipn": {
        "vi": "Thanh toán nhưng mất IPN (máy chủ không được báo kết quả)",
        "en": "Pay, but lose the IPN (the server is not told)",
    },
    "sandbox_invalid": {"vi": "Yêu cầu thanh toán không hợp lệ", "en": "Invalid payment request"},
    "sandbox_invalid_lead": {
        "vi": "Chữ ký hoặc thông tin của yêu cầu thanh toán không đúng.",
        "en": "The payment request's signature or fields are wrong.",
    },
    "sandbox_expired": {
        "vi": "Giao dịch đã quá thời gian chờ thanh toán",
        "en": "The payment request has expired",
    },
    "sandbox_expired_lead": {
        "vi": "Hãy quay lại trang hồ sơ và bắt đầu thanh toán lại.",
        "en": "Go back to the application and start the payment again.",
    },
    "sandbox_done": {"vi": "Giao dịch này đã được xử lý", "en": "This payment was already made"},
    "sandbox_done_lead": {
        "vi": "Mỗi giao dịch chỉ được thanh toán một lần. Hãy quay lại trang hồ sơ để xem kết quả.",
        "en": "Each payment can be made only once. Go back to the application to see the result.",
    },
}
