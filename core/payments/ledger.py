"""The ledger's shared reads and small writes: payments as records, the dossier a fee belongs to,
its fee items, and the notice log.

Checkout, settlement, reconciliation, refunds and receipts all read payments the same way; they
share these helpers so that "open", "paid" and "refundable" mean one thing everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal

from core import database, rows
from core.dossiers.tables import Dossier
from core.payments.fees import FeeItem
from core.payments.ports import GatewayName, GatewayNotice, PaymentState, Settlement
from core.payments.tables import Payment, PaymentNotice

NoticeSource = Literal["ipn", "query", "return"]

OPEN_STATES = (PaymentState.CREATED, PaymentState.PENDING)
PAID_STATES = (PaymentState.PAID, PaymentState.PARTLY_REFUNDED, PaymentState.REFUNDED)
REFUNDABLE_STATES = (PaymentState.PAID, PaymentState.PARTLY_REFUNDED)
DOSSIER_NOT_FOUND = "Không tìm thấy hồ sơ"
DEFAULT_ITEM = "Phí, lệ phí"
BIGINT = 2**63 - 1


@dataclasses.dataclass(frozen=True, slots=True)
class PaymentRecord:
    """One payment with the facts of its dossier that every rule about it needs."""

    id: int
    dossier_id: int
    dossier_code: str
    owner_id: int
    holding_unit_id: int
    holding_unit_code: str
    gateway: GatewayName
    txn_ref: str
    amount_vnd: int
    state: PaymentState
    pay_url: str
    created_at: dt.datetime
    expires_at: dt.datetime
    paid_at: dt.datetime | None
    transaction_no: str
    refunded_vnd: int
    refunding_vnd: int

    @property
    def refundable_vnd(self) -> int:
        return max(0, self.amount_vnd - self.refunded_vnd - self.refunding_vnd)


@dataclasses.dataclass(frozen=True, slots=True)
class DossierFacts:
    """What the ledger needs of a dossier: who owns it, who holds it, what it costs."""

    id: int
    code: str
    owner_id: int
    holding_unit_id: int
    unit_code: str
    unit_name: str
    procedure_code: str
    procedure_name: str
    fee_vnd: int | None
    paid: bool
    applicant_name: str
    fee_items: Any  # the dossier's fee_items JSON, as the officer or the filing froze them

    def items(self, amount_vnd: int) -> tuple[FeeItem, ...]:
        """The dossier's fee items when they add up to `amount_vnd`; otherwise one line."""
        return fee_items(self.fee_items, amount_vnd)


_PAYMENT_COLUMNS = (
    Payment.id,
    Payment.dossier.as_alias("dossier_id"),
    Payment.dossier.code.as_alias("dossier_code"),
    Payment.dossier.owner.as_alias("owner_id"),
    Payment.dossier.holding_unit.as_alias("holding_unit_id"),
    Payment.dossier._.holding_unit._.code.as_alias("holding_unit_code"),
    Payment.gateway,
    Payment.txn_ref,
    Payment.amount_vnd,
    Payment.state,
    Payment.pay_url,
    Payment.created_at,
    Payment.expires_at,
    Payment.paid_at,
    Payment.transaction_no,
    Payment.refunded_vnd,
    Payment.refunding_vnd,
)


async def by_ref(txn_ref: str) -> PaymentRecord | None:
    row = await Payment.select(*_PAYMENT_COLUMNS).where(Payment.txn_ref == txn_ref).first()
    return _record(row) if row else None


async def by_id(payment_id: int) -> PaymentRecord | None:
    row = await Payment.select(*_PAYMENT_COLUMNS).where(Payment.id == payment_id).first()
    return _record(row) if row else None


async def open_for(dossier_id: int, now: dt.datetime) -> PaymentRecord | None:
    """The dossier's attempt still waiting for the payer, if one has not expired."""
    row = (
        await Payment.select(*_PAYMENT_COLUMNS)
        .where(
            (Payment.dossier == dossier_id)
            & Payment.state.is_in(list(OPEN_STATES))
            & (Payment.expires_at > now)
        )
        .order_by(Payment.id, ascending=False)
        .first()
    )
    return _record(row) if row else None


async def waiting(created_before: dt.datetime) -> list[PaymentRecord]:
    """Attempts still open that were created before `created_before`, oldest first."""
    found = (
        await Payment.select(*_PAYMENT_COLUMNS)
        .where(Payment.state.is_in(list(OPEN_STATES)) & (Payment.created_at <= created_before))
        .order_by(Payment.id)
    )
    return [_record(row) for row in found]


async def has_paid(dossier_id: int) -> bool:
    """Whether the dossier's fee is paid, by its flag or by a payment of ours."""
    dossier = await Dossier.select(Dossier.paid).where(Dossier.id == dossier_id).first()
    if dossier is not None and dossier["paid"]:
        return True
    return await Payment.exists().where(
        (Payment.dossier == dossier_id) & Payment.state.is_in(list(PAID_STATES))
    )


async def dossier(code: str) -> DossierFacts | None:
    return await _dossier(Dossier.code == code)


async def dossier_by_id(dossier_id: int) -> DossierFacts | None:
    return await _dossier(Dossier.id == dossier_id)


async def lock_dossier(dossier_id: int) -> None:
    """Inside a write transaction: make other writers of this dossier's payments wait.

    SQLite's immediate transaction already holds the one write lock; PostgreSQL locks the row.
    """
    if not database.is_sqlite(Dossier._meta.db):
        await Dossier.raw("SELECT id FROM dossier WHERE id = {} FOR UPDATE", dossier_id)


async def note(
    notice: GatewayNotice,
    *,
    source: NoticeSource,
    settlement: Settlement | None,
    payment_id: int | None,
    at: dt.datetime,
) -> None:
    """Log one statement of a gateway and what came of it (`None`: nothing was settled)."""
    await rows.insert(
        PaymentNotice,
        [
            {
                "payment": payment_id,
                "gateway": notice.gateway.value,
                "txn_ref": notice.txn_ref[:64],
                "source": source,
                "success": notice.success,
                "amount_vnd": max(-BIGINT, min(BIGINT, notice.amount_vnd)),
                "response_code": notice.response_code[:16],
                "transaction_no": notice.transaction_no[:64],
                "settlement": settlement.value if settlement else "",
                "at": at,
            }
        ],
    )


def fee_items(raw: Any, amount_vnd: int) -> tuple[FeeItem, ...]:
    """Read `[{label, quantity, unit_vnd, amount_vnd}]`; anything unreadable, or lines that do
    not add up to the amount charged, gives one line "Phí, lệ phí" for the whole amount, so a
    receipt never shows lines that disagree with its total."""
    if amount_vnd <= 0:
        return ()
    try:
        items = tuple(
            FeeItem(
                label=str(item["label"]),
                quantity=int(item.get("quantity", 1)),
                unit_vnd=int(item.get("unit_vnd", item["amount_vnd"])),
                amount_vnd=int(item["amount_vnd"]),
            )
            for item in raw
        )
    except (TypeError, KeyError, ValueError, AttributeError):
        items = ()
    if items and sum(item.amount_vnd for item in items) == amount_vnd:
        return items
    return (FeeItem(DEFAULT_ITEM, 1, amount_vnd, amount_vnd),)


async def _dossier(condition: Any) -> DossierFacts | None:
    row = (
        await Dossier.select(
            Dossier.id,
            Dossier.code,
            Dossier.owner,
            Dossier.holding_unit,
            Dossier.holding_unit.code.as_alias("unit_code"),
            Dossier.holding_unit.name.as_alias("unit_name"),
            Dossier.procedure_code,
            Dossier.procedure.name.as_alias("procedure_name"),
            Dossier.fee_vnd,
            Dossier.paid,
            Dossier.applicant_name,
            Dossier.fee_items,
        )
        .where(condition)
        .output(load_json=True)
        .first()
    )
    if row is None:
        return None
    return DossierFacts(
        id=row["id"],
        code=row["code"],
        owner_id=row["owner"],
        holding_unit_id=row["holding_unit"],
        unit_code=row["unit_code"],
        unit_name=row["unit_name"],
        procedure_code=row["procedure_code"],
        procedure_name=row["procedure_name"],
        fee_vnd=row["fee_vnd"],
        paid=bool(row["paid"]),
        applicant_name=row["applicant_name"],
        fee_items=row["fee_items"],
    )


def _record(row: dict[str, Any]) -> PaymentRecord:
    return PaymentRecord(
        **{
            **row,
            "gateway": GatewayName(row["gateway"]),
            "state": PaymentState(row["state"]),
        }
    )
