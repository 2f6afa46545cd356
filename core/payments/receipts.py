"""E-receipts (biên lai điện tử): issued once per paid fee, shown to the owner and the office,
verified by anyone holding the link in its QR code.

Numbers run `BL-{year}-{seq:06d}` per year (Việt Nam time), drawn from a counter row the database
increments itself, inside the settlement's transaction: two payments settled at once never share
a number, and a settlement rolled back gives its number back. The public check shows what the
paper shows about the money and the office, never who paid.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Any

from core import rows
from core.clock import VIETNAM
from core.errors import NotFound
from core.identity import access
from core.identity.actor import Context
from core.payments import ledger, notices
from core.payments.fees import FeeItem
from core.payments.ledger import DossierFacts, PaymentRecord
from core.payments.ports import PaymentState
from core.payments.tables import EReceipt, EReceiptSequence
from core.payments.words import amount_in_words

NOT_FOUND = "Không tìm thấy biên lai"
_NEXT = (
    "INSERT INTO e_receipt_sequence (year, last) VALUES ({}, 1) "
    "ON CONFLICT (year) DO UPDATE SET last = e_receipt_sequence.last + 1 "
    "RETURNING last"
)


@dataclasses.dataclass(frozen=True, slots=True)
class EReceiptView:
    """The whole receipt, for its owner and the office that holds the dossier."""

    number: str
    token: str
    verify_url: str
    issued_at: dt.datetime
    payment_id: int
    dossier_code: str
    payer_name: str
    items: tuple[FeeItem, ...]
    amount_vnd: int
    amount_words: str
    transaction_no: str
    gateway: str
    unit_code: str
    unit_name: str
    procedure_code: str
    procedure_name: str
    state: PaymentState
    refunded_vnd: int


@dataclasses.dataclass(frozen=True, slots=True)
class PublicReceipt:
    """What the verification page shows: the receipt is ours, for this sum, from this office."""

    number: str
    issued_at: dt.datetime
    amount_vnd: int
    amount_words: str
    unit_code: str
    unit_name: str
    procedure_code: str
    procedure_name: str
    refunded_vnd: int
    genuine: bool = True


def format_number(year: int, sequence: int) -> str:
    return f"BL-{year}-{sequence:06d}"


class Receipts:
    def __init__(self, base_url: str) -> None:
        self._base_url = base_url.rstrip("/")

    def verify_url(self, token: str) -> str:
        return f"{self._base_url}{notices.verify_path(token)}"

    async def issue(
        self, payment: PaymentRecord, dossier: DossierFacts, transaction_no: str, now: dt.datetime
    ) -> str:
        """Inside the settlement's transaction: number and store the receipt; its number."""
        year = now.astimezone(VIETNAM).year
        drawn = await EReceiptSequence.raw(_NEXT, year)
        number = format_number(year, int(drawn[0]["last"]))
        items = dossier.items(payment.amount_vnd)
        await rows.insert(
            EReceipt,
            [
                {
                    "number": number,
                    "payment": payment.id,
                    "token": secrets.token_urlsafe(18),
                    "issued_at": now,
                    "payer_name": dossier.applicant_name[:200],
                    "items": [dataclasses.asdict(item) for item in items],
                    "amount_vnd": payment.amount_vnd,
                    "amount_words": amount_in_words(payment.amount_vnd)[:300],
                    "transaction_no": transaction_no[:64],
                    "gateway": payment.gateway.value,
                    "unit_code": dossier.unit_code,
                    "unit_name": dossier.unit_name,
                    "procedure_code": dossier.procedure_code,
                    "procedure_name": dossier.procedure_name,
                }
            ],
        )
        return number

    async def receipt(self, ctx: Context, code: str) -> EReceiptView:
        """The dossier's latest receipt, for its owner or the staff of the unit holding it."""
        dossier = await ledger.dossier(code)
        if dossier is None or not _may_see(ctx, dossier):
            raise NotFound(ledger.DOSSIER_NOT_FOUND)
        row = await _latest(dossier.id)
        if row is None:
            raise NotFound(NOT_FOUND)
        return EReceiptView(
            number=row["number"],
            token=row["token"],
            verify_url=self.verify_url(row["token"]),
            issued_at=row["issued_at"],
            payment_id=row["payment"],
            dossier_code=dossier.code,
            payer_name=row["payer_name"],
            items=ledger.fee_items(row["items"], row["amount_vnd"]),
            amount_vnd=row["amount_vnd"],
            amount_words=row["amount_words"],
            transaction_no=row["transaction_no"],
            gateway=row["gateway"],
            unit_code=row["unit_code"],
            unit_name=row["unit_name"],
            procedure_code=row["procedure_code"],
            procedure_name=row["procedure_name"],
            state=PaymentState(row["state"]),
            refunded_vnd=row["refunded_vnd"],
        )

    async def verify(self, token: str) -> PublicReceipt | None:
        """The public check of a receipt's link: `None` when no receipt has that token."""
        row = (
            await EReceipt.select(
                EReceipt.number,
                EReceipt.issued_at,
                EReceipt.amount_vnd,
                EReceipt.amount_words,
                EReceipt.unit_code,
                EReceipt.unit_name,
                EReceipt.procedure_code,
                EReceipt.procedure_name,
                EReceipt.payment.refunded_vnd.as_alias("refunded_vnd"),
            )
            .where(EReceipt.token == token.strip())
            .first()
        )
        return PublicReceipt(**row) if row else None

    async def token_for(self, dossier_id: int) -> str | None:
        row = await _latest(dossier_id)
        return str(row["token"]) if row else None


def _may_see(ctx: Context, dossier: DossierFacts) -> bool:
    """The owner, or an officer or head of the unit holding the dossier (not an admin: the
    receipt names the payer)."""
    if ctx.actor.is_citizen:
        return ctx.actor.id == dossier.owner_id
    return access.can_print_unit_forms(ctx.actor, dossier.holding_unit_id)


async def _latest(dossier_id: int) -> dict[str, Any] | None:
    row: dict[str, Any] | None = (
        await EReceipt.select(
            *EReceipt.all_columns(),
            EReceipt.payment.state.as_alias("state"),
            EReceipt.payment.refunded_vnd.as_alias("refunded_vnd"),
        )
        .where(EReceipt.payment.dossier == dossier_id)
        .order_by(EReceipt.id, ascending=False)
        .output(load_json=True)
        .first()
    )
    return row
