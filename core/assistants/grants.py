"""A confirmed consent: what the assistant is shown, and what filing checks and uses once.

Filing (`core.assistants.filing`) reads the consent with `usable`, then calls `claim` inside the
filing's own transaction, so that two filings racing on one consent make one dossier: the second
finds it used and rolls back whole.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Protocol

from core.assistants.roster import Helper
from core.assistants.tables import Consent
from core.catalog.model import Procedure
from core.dossiers.status import Status
from core.dossiers.tables import Dossier, DossierEvent
from core.errors import Conflict, NotFound

USE_WITHIN = dt.timedelta(hours=24)
MAX_ID = 2**31 - 1
NOT_FOUND = "Không tìm thấy yêu cầu đồng ý này"
USED = "Sự đồng ý này đã được dùng cho một hồ sơ; mỗi mã chỉ dùng cho một hồ sơ"
STALE = "Sự đồng ý đã quá 24 giờ; hãy xin người dân mã mới"
NOT_CONFIRMED = "Người dân chưa xác nhận: hãy nhập mã đồng ý trước"


class Procedures(Protocol):
    async def procedure(self, code: str) -> Procedure: ...


@dataclasses.dataclass(frozen=True, slots=True)
class ConfirmedConsent:
    id: int
    citizen_name: str  # "" for a citizen who has not given a name yet
    procedure_code: str
    dossier_code: str
    procedure_name: str = ""
    missing: tuple[str, ...] = ()  # a supplement: what the officer asked for


@dataclasses.dataclass(frozen=True, slots=True)
class Granted:
    """A confirmed consent as filing reads it."""

    id: int
    citizen_id: int
    citizen_name: str
    procedure_code: str
    dossier_id: int | None
    dossier_code: str
    used: bool
    filed: int | None = None  # the dossier it was used for


async def usable(helper: Helper, consent_id: int, now: dt.datetime, *, supplement: bool) -> Granted:
    """A confirmed consent of this assistant for this kind of filing; Conflict saying why not.

    A used one is returned too (`used`): the filing may be a retry with the same key."""
    row = await consent_row(helper, consent_id)
    if row is None:
        raise NotFound(NOT_FOUND)
    if row["confirmed_at"] is None:
        raise Conflict(NOT_CONFIRMED)
    if supplement and row["dossier"] is None:
        raise Conflict("Người dân đồng ý cho một hồ sơ mới, không phải cho việc bổ sung")
    if not supplement and row["dossier"] is not None:
        raise Conflict(f"Người dân chỉ đồng ý bổ sung giấy tờ cho hồ sơ {row['dossier_code']}")
    if row["used_at"] is None and row["confirmed_at"] + USE_WITHIN <= now:
        raise Conflict(STALE)
    return Granted(
        id=row["id"],
        citizen_id=row["citizen"],
        citizen_name=row["citizen_name"] or "",
        procedure_code=row["procedure_code"],
        dossier_id=row["dossier"],
        dossier_code=row["dossier_code"] or "",
        used=row["used_at"] is not None,
        filed=row["dossier_filed"],
    )


async def claim(consent_id: int, dossier_id: int, now: dt.datetime) -> None:
    """Use the consent for `dossier_id`, once; call it in the filing's transaction."""
    done = (
        await Consent.update({Consent.used_at: now, Consent.dossier_filed: dossier_id})
        .where((Consent.id == consent_id) & Consent.used_at.is_null())
        .returning(Consent.id)
    )
    if not done:
        raise Conflict(USED)


async def confirmed(procedures: Procedures, helper: Helper, consent_id: int) -> ConfirmedConsent:
    """What the assistant is shown once the citizen confirmed: for whom, for what."""
    row = await consent_row(helper, consent_id)
    assert row is not None
    if row["dossier"] is None:
        name = (await procedures.procedure(row["procedure_code"])).name
        return ConfirmedConsent(
            row["id"], row["citizen_name"] or "", row["procedure_code"], "", name
        )
    return ConfirmedConsent(
        row["id"],
        row["citizen_name"] or "",
        row["procedure_code"],
        row["dossier_code"],
        await dossier_procedure_name(row["dossier"]),
        await _missing(row["dossier"]),
    )


async def dossier_procedure_name(dossier_id: int) -> str:
    """The procedure's name as the dossier was filed under it."""
    row = await (
        Dossier.select(Dossier.procedure.name.as_alias("name"))
        .where(Dossier.id == dossier_id)
        .first()
    )
    return str((row or {}).get("name") or "")


async def consent_row(helper: Helper, consent_id: int) -> dict[str, Any] | None:
    if not 0 < consent_id <= MAX_ID:
        return None
    row: dict[str, Any] | None = (
        await Consent.select(
            Consent.id,
            Consent.citizen,
            Consent.citizen.full_name.as_alias("citizen_name"),
            Consent.procedure_code,
            Consent.dossier,
            Consent.dossier.code.as_alias("dossier_code"),
            Consent.phone,
            Consent.expires_at,
            Consent.confirmed_at,
            Consent.used_at,
            Consent.dossier_filed,
        )
        .where((Consent.id == consent_id) & (Consent.assistant == helper.id))
        .first()
    )
    return row


async def _missing(dossier_id: int) -> tuple[str, ...]:
    """What the latest supplement request of the dossier lists."""
    row = (
        await DossierEvent.select(DossierEvent.missing)
        .where(
            (DossierEvent.dossier == dossier_id)
            & (DossierEvent.to_status == Status.SUPPLEMENT_REQUESTED.value)
        )
        .order_by(DossierEvent.id, ascending=False)
        .output(load_json=True)
        .first()
    )
    return tuple((row or {}).get("missing") or ())
