"""Payment tables: each attempt to pay a dossier's fee, its refunds, what the gateways said, and
the e-receipt (biên lai điện tử) issued for each paid fee.

Amounts are whole đồng. A payment's state changes only by conditional updates ("where it is
still pending", "where the refund still fits"), so two notices or two refunds racing each other
change it once; `PaymentNotice` keeps every notice, including those that changed nothing. Money
records are never deleted, so their foreign keys restrict.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from core.dossiers.tables import Dossier


class Payment(Table, tablename="payment"):
    """One attempt to pay one dossier's fee through one gateway (created → pending → paid ...)."""

    id = Serial(primary_key=True)
    dossier = ForeignKey(references=Dossier, index=True, on_delete=OnDelete.restrict)
    gateway = Varchar(length=16)  # vnpay | momo | zalopay
    txn_ref = Varchar(length=34, unique=True)  # ours, random: the gateway's order id
    amount_vnd = Integer()  # the dossier's fee when the attempt opened
    state = Varchar(length=16, index=True)  # core.payments.ports.PaymentState
    pay_url = Text(default="")  # kept, so the back button finds the same attempt
    created_at = Timestamptz()
    expires_at = Timestamptz()
    paid_at = Timestamptz(null=True, default=None)
    transaction_no = Varchar(length=64, default="")  # the gateway's number, once paid
    bank_code = Varchar(length=32, default="")
    response_code = Varchar(length=16, default="")  # the code of the notice that settled it
    refunded_vnd = Integer(default=0)
    refunding_vnd = Integer(default=0)  # asked of the gateway, answer not back yet
    client_ip = Varchar(length=64, default="")


class PaymentRefund(Table, tablename="payment_refund"):
    """Money given back on a paid payment, as the gateway confirmed it."""

    id = Serial(primary_key=True)
    payment = ForeignKey(references=Payment, index=True, on_delete=OnDelete.restrict)
    amount_vnd = Integer()
    full = Boolean(default=False)
    reason = Text(default="")
    by_kind = Varchar(length=16, default="")  # who asked: staff
    by_id = Integer(null=True, default=None)
    by_label = Varchar(length=200, default="")
    at = Timestamptz()
    response_code = Varchar(length=16, default="")
    transaction_no = Varchar(length=64, default="")


class PaymentNotice(Table, tablename="payment_notice"):
    """One statement a gateway made about a payment (IPN, query or return), and what came of it.

    Written for every notice, even one naming no payment of ours (`payment` is then null): the
    record that answers "did VNPay ever call us about this?".
    """

    id = Serial(primary_key=True)
    payment = ForeignKey(
        references=Payment, null=True, default=None, index=True, on_delete=OnDelete.restrict
    )
    gateway = Varchar(length=16)
    txn_ref = Varchar(length=64, index=True)  # as the gateway sent it
    source = Varchar(length=8)  # ipn | query | return
    success = Boolean(default=False)
    amount_vnd = BigInt(default=0)  # as the gateway sent it: may be anything
    response_code = Varchar(length=16, default="")
    transaction_no = Varchar(length=64, default="")
    settlement = Varchar(length=24, default="")  # core.payments.ports.Settlement, or "" (return)
    at = Timestamptz()


class EReceipt(Table, tablename="e_receipt"):
    """The e-receipt (biên lai) of a paid fee: frozen at payment, verifiable by its token.

    Names and amounts are copied, not joined, so the receipt reads the same after the dossier,
    the unit or the procedure changes.
    """

    id = Serial(primary_key=True)
    number = Varchar(length=20, unique=True)  # BL-2026-000123
    payment = ForeignKey(references=Payment, unique=True, on_delete=OnDelete.restrict)
    token = Varchar(length=32, unique=True)  # in the public verification link (QR)
    issued_at = Timestamptz()
    payer_name = Varchar(length=200, default="")
    items = JSON()  # [{"label", "quantity", "unit_vnd", "amount_vnd"}]
    amount_vnd = Integer()
    amount_words = Varchar(length=300)
    transaction_no = Varchar(length=64, default="")
    gateway = Varchar(length=16, default="")
    unit_code = Varchar(length=32, default="")
    unit_name = Varchar(length=300, default="")
    procedure_code = Varchar(length=16, default="")
    procedure_name = Varchar(length=1000, default="")


class EReceiptSequence(Table, tablename="e_receipt_sequence"):
    """The last receipt number handed out in one year (Việt Nam time)."""

    id = Serial(primary_key=True)
    year = Integer(unique=True)
    last = Integer(default=0)
