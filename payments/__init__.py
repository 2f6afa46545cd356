"""Payment gateways (VNPay, MoMo, ZaloPay) over httpx, the sandbox gateway and the IPN routes.

Its modules arrive with the payments issue; the package exists now so that the dependency rule
(it imports `core` only) is enforced from the first commit.
"""
