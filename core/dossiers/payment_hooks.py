"""What a settled payment does to its dossier: paid, on the timeline, and the clock running again.

The ledger (`core.payments`) calls `PaymentHooks.mark_paid` inside the transaction that records
the payment as paid, so the payment and its effect on the dossier commit together or not at all;
nothing here opens a transaction. A dossier waiting for the payment (status 6, "Yêu cầu thực hiện
nghĩa vụ tài chính") goes back to processing: its pause ends and its due date moves later by the
working time it waited, as after a supplement. Any other dossier (a fee paid at filing, or a
payment landing after the citizen withdrew) is only marked paid.
"""

from __future__ import annotations

import datetime as dt

from core.dossiers.clock import Calendars
from core.dossiers.status import Status
from core.dossiers.tables import Dossier, DossierEvent
from core.dossiers.workflow import close_open_pause, refresh_due_of
from core.identity import audit
from core.identity.actor import Actor, Context
from core.payments.fees import in_dong
from core.stats import recorder

# The timeline and the audit name the payment itself, not a person, as the one who acted.
PAYMENT = Context(Actor("system", label="Thanh toán trực tuyến"), "payment")


class PaymentHooks:
    """The dossier side of a settled payment; needs the calendars to move the due date."""

    def __init__(self, calendars: Calendars) -> None:
        self._calendars = calendars

    async def mark_paid(
        self, dossier_id: int, payment_id: int, amount_vnd: int, now: dt.datetime
    ) -> None:
        """Mark the dossier paid and resume it if it waited for this; inside the ledger's
        transaction. An unknown dossier id does nothing (the ledger's row refers to it)."""
        row = (
            await Dossier.select(Dossier.code, Dossier.holding_unit.code.as_alias("unit_code"))
            .where(Dossier.id == dossier_id)
            .first()
        )
        if row is None:
            return
        if await _resumed(dossier_id, now):
            before, after = Status.AWAITING_PAYMENT, Status.PROCESSING
            await close_open_pause(dossier_id, now)  # the clock runs again from now
            await refresh_due_of(self._calendars, row["code"], now)
        else:
            before = after = await _only_paid(dossier_id, now)
        await DossierEvent.insert(
            DossierEvent(
                dossier=dossier_id,
                at=now,
                actor_kind=PAYMENT.actor.kind,
                actor_label=PAYMENT.actor.label,
                from_status=before.value,
                to_status=after.value,
                note=f"Đã thanh toán phí, lệ phí {in_dong(amount_vnd)}",
            )
        )
        await recorder.paid_online(dossier_id, now)
        await audit.record(
            PAYMENT,
            "dossier.paid",
            object_type="dossier",
            object_id=row["code"],
            before={"status": before.value},
            after={"status": after.value, "paid": True, "payment": payment_id},
            unit_code=row["unit_code"],
        )


async def _resumed(dossier_id: int, now: dt.datetime) -> bool:
    """Paid and back to processing, if (and only if) it is still waiting for the payment."""
    changed = (
        await Dossier.update(
            {Dossier.status: Status.PROCESSING.value, Dossier.paid: True, Dossier.updated_at: now}
        )
        .where((Dossier.id == dossier_id) & (Dossier.status == Status.AWAITING_PAYMENT.value))
        .returning(Dossier.id)
    )
    return bool(changed)


async def _only_paid(dossier_id: int, now: dt.datetime) -> Status:
    """Paid, status untouched; the status it has."""
    found = (
        await Dossier.update({Dossier.paid: True, Dossier.updated_at: now})
        .where(Dossier.id == dossier_id)
        .returning(Dossier.status)
    )
    return Status(found[0]["status"])
