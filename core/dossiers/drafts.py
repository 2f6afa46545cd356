"""Drafts: a form as the citizen typed it, saved on every change and resumed later.

A draft holds raw text (validation happens at check-your-answers and at submission), so a
half-typed date is kept as typed. Its token names it in URLs and is the submission's
idempotency key: pressing "Nộp hồ sơ" twice files one dossier. A volunteer assistant's draft
for a citizen carries the consent it will be filed under (`consent_id`; core.assistants files it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from core.catalog.model import Procedure
from core.catalog.service import CatalogService
from core.clock import Clock
from core.dossiers.requirements import DocumentChoice
from core.dossiers.submission import Submission
from core.dossiers.tables import Draft
from core.errors import InvalidInput, NotFound
from core.identity.actor import Context

MAX_VALUES = 80
MAX_VALUE_LENGTH = 1000
MAX_DRAFTS = 50


@dataclasses.dataclass(frozen=True, slots=True)
class DraftView:
    token: str
    procedure_code: str
    procedure_name: str
    values: dict[str, str]
    documents: dict[int, list[str]]  # requirement → upload ids (several pages each)
    unit_code: str
    submitted_code: str
    updated_at: dt.datetime
    consent_id: int | None = None  # an assistant's draft for a citizen (core.assistants)


class DraftService:
    def __init__(self, clock: Clock, catalog: CatalogService) -> None:
        self._clock = clock
        self._catalog = catalog

    async def start(self, ctx: Context, procedure_code: str, *, consent: int | None = None) -> str:
        """The open draft for this procedure, or a new one; returns its token.

        An assistant's draft under a citizen's `consent` is that consent's own: never the
        assistant's personal draft of the same procedure, nor another citizen's.
        """
        owner = _owner(ctx)
        procedure = await self._catalog.get(procedure_code)  # NotFound for an unknown code
        same_consent = Draft.consent.is_null() if consent is None else Draft.consent == consent
        open_draft = (
            await Draft.select(Draft.token)
            .where((Draft.owner == owner) & (Draft.procedure_code == procedure.code))
            .where((Draft.submitted_code == "") & same_consent)
            .order_by(Draft.id, ascending=False)
            .first()
        )
        if open_draft:
            return str(open_draft["token"])
        if await Draft.count().where(Draft.owner == owner) >= MAX_DRAFTS:
            raise InvalidInput.one("draft", f"Bạn đã có {MAX_DRAFTS} hồ sơ nháp; hãy xóa bớt")
        token = secrets.token_urlsafe(16)
        now = self._clock.now()
        await Draft.insert(
            Draft(
                token=token,
                owner=owner,
                procedure_code=procedure.code,
                values={},
                documents={},
                created_at=now,
                updated_at=now,
                consent=consent,
            )
        )
        return token

    async def get(self, ctx: Context, token: str) -> DraftView:
        row = (
            await Draft.select()
            .where((Draft.token == token) & (Draft.owner == _owner(ctx)))
            .output(load_json=True)
            .first()
        )
        if row is None:
            raise NotFound("Không tìm thấy hồ sơ nháp")
        return await self._view(row)

    async def save(
        self,
        ctx: Context,
        token: str,
        values: Mapping[str, str],
        documents: Mapping[int, list[str]] | None = None,
        unit_code: str | None = None,
    ) -> DraftView:
        """Merge what was typed into the draft (a partial save keeps the other answers)."""
        draft = await self.get(ctx, token)
        if draft.submitted_code:
            return draft
        merged = {**draft.values, **_checked_values(values)}
        if len(merged) > MAX_VALUES:
            raise InvalidInput.one("draft", "Tờ khai có quá nhiều trường")
        chosen = dict(draft.documents if documents is None else documents)
        changes: dict[Any, Any] = {
            Draft.values: merged,
            Draft.documents: {str(k): list(v) for k, v in chosen.items() if v},
            Draft.updated_at: self._clock.now(),
        }
        if unit_code is not None:
            changes[Draft.unit_code] = unit_code[:32]
        await Draft.update(changes).where(Draft.token == token)
        return await self.get(ctx, token)

    async def mark_submitted(self, ctx: Context, token: str, code: str) -> None:
        await Draft.update({Draft.submitted_code: code}).where(
            (Draft.token == token) & (Draft.owner == _owner(ctx))
        )

    async def mine(self, ctx: Context) -> list[DraftView]:
        """Open drafts, most recently touched first."""
        if not ctx.actor.is_citizen:
            return []
        rows = (
            await Draft.select()
            .where((Draft.owner == ctx.actor.id) & (Draft.submitted_code == ""))
            .order_by(Draft.updated_at, ascending=False)
            .output(load_json=True)
        )
        return [await self._view(r) for r in rows]

    async def delete(self, ctx: Context, token: str) -> None:
        await self.get(ctx, token)
        await Draft.delete().where(Draft.token == token)

    async def _view(self, row: dict[str, Any]) -> DraftView:
        try:
            name = (await self._catalog.get(row["procedure_code"])).name
        except NotFound:  # withdrawn from the catalog since
            name = row["procedure_code"]
        return DraftView(
            token=row["token"],
            procedure_code=row["procedure_code"],
            procedure_name=name,
            values=dict(row["values"] or {}),
            documents={int(k): [str(i) for i in v] for k, v in (row["documents"] or {}).items()},
            unit_code=row["unit_code"],
            submitted_code=row["submitted_code"],
            updated_at=row["updated_at"],
            consent_id=row["consent"],
        )


def submission_of(draft: DraftView, procedure: Procedure) -> Submission:
    """The draft as filed: this form's answers as typed (blank ones left out), papers, unit."""
    names: list[str] = []
    for field in procedure.form_fields:
        if field.type == "address":
            names += [f"{field.name}.province", f"{field.name}.detail"]
        elif field.type != "file":
            names.append(field.name)
    return Submission(
        procedure_code=draft.procedure_code,
        fields={k: v for k in names if (v := draft.values.get(k, "")) != ""},
        documents=[DocumentChoice(n, i) for n, ids in sorted(draft.documents.items()) for i in ids],
        unit_code=draft.unit_code or None,
    )


def _owner(ctx: Context) -> int:
    if not ctx.actor.is_citizen or ctx.actor.id is None:
        raise NotFound("Không tìm thấy hồ sơ nháp")
    return ctx.actor.id


def _checked_values(values: Mapping[str, str]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for key, value in values.items():
        if len(key) > 60:
            continue  # not a field name of any form
        cleaned[key] = str(value)[:MAX_VALUE_LENGTH]
    return cleaned
