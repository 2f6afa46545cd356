"""The dossiers an assistant filed, as the assistant sees them, and the owner's revocation.

An assistant follows a dossier they filed while it is under way; once it is over (result
returned, or refused, withdrawn, stopped) or the owner revoked them, they keep a one-line
summary (`full=False`) and the dossier itself is NotFound for them
(`core.dossiers.views.assistant_who_sees`). Only the owner revokes, once and for good.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core import database
from core.assistants.roster import citizen_of
from core.clock import Clock
from core.dossiers.status import Status
from core.dossiers.tables import Dossier
from core.dossiers.views import assistant_who_sees
from core.errors import Conflict, NotFound
from core.identity import audit
from core.identity.actor import Context

MAX_LISTED = 200
NOT_FOUND = "Không tìm thấy hồ sơ"


@dataclasses.dataclass(frozen=True, slots=True)
class HelpedDossier:
    code: str
    procedure_code: str
    procedure_name: str
    status: Status
    submitted_at: dt.datetime
    citizen_name: str
    full: bool  # False once it is over or revoked: this summary is all the assistant sees
    revoked: bool = False


class HelpedDossiers:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def helped(self, ctx: Context) -> list[HelpedDossier]:
        """The dossiers the caller filed for citizens, newest first."""
        me = citizen_of(ctx)
        rows = (
            await Dossier.select(
                Dossier.code,
                Dossier.procedure_code,
                Dossier.procedure.name.as_alias("procedure_name"),
                Dossier.status,
                Dossier.submitted_at,
                Dossier.applicant_name,
                Dossier.owner.full_name.as_alias("owner_name"),
                Dossier.assistant_revoked_at,
            )
            .where(Dossier.assistant == me)
            .order_by(Dossier.id, ascending=False)
            .limit(MAX_LISTED)
        )
        found: list[HelpedDossier] = []
        for row in rows:
            status, revoked = Status(row["status"]), row["assistant_revoked_at"] is not None
            found.append(
                HelpedDossier(
                    code=row["code"],
                    procedure_code=row["procedure_code"],
                    procedure_name=row["procedure_name"],
                    status=status,
                    submitted_at=row["submitted_at"],
                    citizen_name=row["owner_name"] or row["applicant_name"],
                    full=assistant_who_sees(status, me, revoked) is not None,
                    revoked=revoked,
                )
            )
        return found

    async def revoke(self, ctx: Context, dossier_code: str) -> None:
        """The owner ends the assistant's access to this dossier (again: nothing more)."""
        owner = citizen_of(ctx)
        row = (
            await Dossier.select(
                Dossier.id,
                Dossier.owner,
                Dossier.assistant,
                Dossier.assistant_revoked_at,
                Dossier.holding_unit.code.as_alias("unit_code"),
            )
            .where(Dossier.code == (dossier_code or "").strip()[:48])
            .first()
        )
        if row is None or row["owner"] != owner:
            raise NotFound(NOT_FOUND)
        if row["assistant"] is None:
            raise Conflict("Hồ sơ này không do người hỗ trợ nộp")
        if row["assistant_revoked_at"] is not None:
            return
        async with database.write_transaction(Dossier._meta.db):
            await Dossier.update({Dossier.assistant_revoked_at: self._clock.now()}).where(
                (Dossier.id == row["id"]) & Dossier.assistant_revoked_at.is_null()
            )
            await audit.record(
                ctx,
                "assistant.revoke",
                object_type="dossier",
                object_id=dossier_code.strip(),
                before={"assistant": row["assistant"]},
                unit_code=row["unit_code"],
            )
