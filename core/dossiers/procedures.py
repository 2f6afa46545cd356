"""The procedure side of a dossier: frozen copies of versions and who may receive them."""

from __future__ import annotations

import datetime as dt
import hashlib

import msgspec

from core.catalog.model import Procedure
from core.dossiers.tables import FrozenProcedure


class FrozenProcedures:
    """Content-addressed copies of procedure versions; a row, once written, never changes."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}  # sha256 of a body → its row id

    async def id_for(self, procedure: Procedure, now: dt.datetime) -> int:
        """The row holding this exact version text, written the first time a dossier needs it."""
        body = msgspec.json.encode(procedure)
        digest = hashlib.sha256(body).hexdigest()
        known = self._ids.get(digest)
        if known is not None:
            return known
        await FrozenProcedure.insert(
            FrozenProcedure(
                sha256=digest,
                code=procedure.code,
                version=procedure.version,
                name=procedure.name,
                body=body.decode(),
                created_at=now,
            )
        ).on_conflict(target=FrozenProcedure.sha256, action="DO NOTHING")
        row = (
            await FrozenProcedure.select(FrozenProcedure.id)
            .where(FrozenProcedure.sha256 == digest)
            .first()
        )
        assert row is not None
        self._ids[digest] = int(row["id"])
        return self._ids[digest]


async def frozen(procedure_id: int) -> Procedure:
    """The procedure exactly as the dossier was filed under it."""
    row = (
        await FrozenProcedure.select(FrozenProcedure.body)
        .where(FrozenProcedure.id == procedure_id)
        .first()
    )
    assert row is not None
    body = row["body"]
    raw = body if isinstance(body, (str, bytes)) else msgspec.json.encode(body)
    return msgspec.json.decode(raw, type=Procedure)


def receiving_kinds(procedure: Procedure) -> frozenset[str]:
    """Unit kinds that take this procedure in: communes for commune-level ones, else province."""
    if procedure.level == "commune":
        return frozenset({"commune", "province"})
    return frozenset({"province", "department", "agency"})
