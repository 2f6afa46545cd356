"""The procedure side of a dossier: frozen copies of versions and who may receive them."""

from __future__ import annotations

import datetime as dt
import hashlib

import msgspec

from core.catalog.model import Procedure
from core.dossiers.tables import FrozenProcedure

MAX_SEEN = 10_000  # procedure objects remembered; the bundled catalog has 120


class FrozenProcedures:
    """Content-addressed copies of procedure versions; a row, once written, never changes."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}  # sha256 of a body → its row id
        # The catalog hands out the same (frozen) object until the procedure changes: its id is
        # remembered per object, so a filing need not encode and hash the whole text again.
        self._seen: dict[int, tuple[Procedure, int]] = {}

    async def id_for(self, procedure: Procedure, now: dt.datetime) -> int:
        """The row holding this exact version text, written the first time a dossier needs it."""
        seen = self._seen.get(id(procedure))
        if seen is not None and seen[0] is procedure:
            return seen[1]
        body = msgspec.json.encode(procedure)
        digest = hashlib.sha256(body).hexdigest()
        known = self._ids.get(digest)
        if known is not None:
            self._remember(procedure, known)
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
        self._remember(procedure, self._ids[digest])
        return self._ids[digest]

    def _remember(self, procedure: Procedure, row_id: int) -> None:
        if len(self._seen) >= MAX_SEEN:  # old catalog objects: let them go
            self._seen.clear()
        self._seen[id(procedure)] = (procedure, row_id)


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
