"""Every configured gateway as core's `PaymentGateway`, keyed by name, on one shared client."""

from __future__ import annotations

import httpx

from core.payments.ports import GatewayName, PaymentGateway
from payments.config import GatewayConfig
from payments.momo import MoMoGateway
from payments.vnpay_gateway import VNPayGateway
from payments.zalopay import ZaloPayGateway


def build_gateways(
    http: httpx.AsyncClient, config: GatewayConfig
) -> dict[GatewayName, PaymentGateway]:
    """Each configured gateway: VNPay (the operator's merchant or the sandbox), MoMo, ZaloPay."""
    vnpay = config.vnpay
    gateways: dict[GatewayName, PaymentGateway] = {}
    if vnpay is not None:
        gateways[GatewayName.VNPAY] = VNPayGateway(
            http, vnpay.tmn_code, vnpay.hash_secret, vnpay.pay_url, vnpay.api_url
        )
    if config.momo is not None:
        gateways[GatewayName.MOMO] = MoMoGateway(http, config.momo)
    if config.zalopay is not None:
        gateways[GatewayName.ZALOPAY] = ZaloPayGateway(http, config.zalopay)
    return gateways
