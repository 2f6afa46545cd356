"""Payment gateways (VNPay, MoMo, ZaloPay) over httpx, the sandbox gateway and the IPN routes.

config.py        GatewayConfig: codes, secrets and URLs of each gateway; the sandbox's in dev/test
client.py        the one way adapters POST to a gateway (timing, logging, GatewayUnavailable)
vnpay.py         VNPay 2.1.0 itself: signing, pay URL, notices, querydr/refund bodies (pure)
vnpay_gateway.py VNPayGateway, core's PaymentGateway port spoken as VNPay
gateways.py      build_gateways(http, config): every configured gateway, keyed by name
momo.py          MoMo v2: create, IPN signature, MoMoGateway
zalopay.py       ZaloPay v2: create, callback mac, ZaloPayGateway
routes.py        VNPay IPN and return page, MoMo IPN, ZaloPay callback
sandbox*.py      the built-in VNPay look-alike for dev and test: rules, ledger, routes

It imports `core` (and litestar, httpx), never `web` or `api`.
"""
