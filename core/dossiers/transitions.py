"""The citizen's moves on their dossier: withdrawal and supplement (officers: `workflow`).

Each move checks the state machine (`core.dossiers.status`), then writes the new status, the
timeline event and the audit row in one write transaction; a supplement ends the pause the
officer's request opened, and a withdrawal ends the holder's step and the clock. A volunteer
assistant sends a supplement for the owner through the same move (`for_citizen`, `then`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from core import database
from core.clock import Clock
from core.dossiers import control_sheet, procedures
from core.dossiers.clock import Calendars
from core.dossiers.documents import OwnedUploads, attach_documents
from core.dossiers.requirements import DocumentChoice, check_choices
from core.dossiers.status import Status, check_transition
from core.dossiers.tables import Dossier, DossierDocument, DossierEvent, DossierStep
from core.dossiers.workflow import close_open_pause, refresh_due_of
from core.errors import InvalidInput, NotFound
from core.identity import audit
from core.identity.actor import Context
from core.stats import recorder

MAX_NOTE = 2000
MAX_MISSING = 30
ASSISTED_SUPPLEMENT = "Người hỗ trợ đã bổ sung giấy tờ thay công dân"


@dataclasses.dataclass(frozen=True, slots=True)
class _Current:
    id: int
    code: str
    status: Status
    resume_status: str
    owner: int
    holding_unit: int
    procedure: int
    unit_code: str


class DossierTransitions:
    def __init__(
        self, clock: Clock, uploads: OwnedUploads, calendars: Calendars | None = None
    ) -> None:
        self._clock = clock
        self._uploads = uploads
        self._calendars = calendars  # to move the due date when a pause ends

    async def withdraw(self, ctx: Context, code: str, reason: str = "") -> Status:
        """The owner takes back a dossier that has no outcome yet (status 7)."""
        current = await _owned(ctx, code)
        check_transition(current.status, Status.WITHDRAWN)
        note = _clean_note(reason, "reason") or "Công dân rút hồ sơ"
        await self._move(ctx, current, Status.WITHDRAWN, note=note)
        return Status.WITHDRAWN

    async def supplement(
        self,
        ctx: Context,
        code: str,
        choices: Sequence[DocumentChoice],
        note: str = "",
        *,
        for_citizen: int | None = None,
        then: Callable[[int], Awaitable[None]] | None = None,
    ) -> Status:
        """The owner sends what was asked for; the dossier goes back to where it was paused.

        With `for_citizen`, the caller is a volunteer assistant sending their own uploads for
        that owner under a consent `core.assistants` checked; `then(dossier_id)` runs in the
        move's transaction (raising there sends nothing).
        """
        current = await _owned(ctx, code, for_citizen)
        if current.status is not Status.SUPPLEMENT_REQUESTED:
            raise InvalidInput.one("documents", "Hồ sơ không ở trạng thái chờ bổ sung")
        if not choices:
            raise InvalidInput.one("documents", "Chọn ít nhất một tệp để bổ sung")
        procedure = await procedures.frozen(current.procedure)
        problems = check_choices(procedure, choices, supplement=True)
        assert ctx.actor.id is not None
        rows, missing = await attach_documents(
            self._uploads, ctx.actor.id, procedure, choices, round_no=await _next_round(current.id)
        )
        problems.extend(missing)
        if problems:
            raise InvalidInput("Bổ sung chưa hợp lệ: " + problems[0].message, problems)
        target = Status(current.resume_status or Status.SUBMITTED.value)
        check_transition(current.status, target)
        default = ASSISTED_SUPPLEMENT if for_citizen is not None else "Công dân đã bổ sung giấy tờ"
        text = _clean_note(note, "note") or default
        await self._move(ctx, current, target, note=text, documents=rows, then=then)
        return target

    async def _move(
        self,
        ctx: Context,
        current: _Current,
        target: Status,
        *,
        note: str,
        missing: list[str] | None = None,
        resume: Status | None = None,
        documents: list[dict[str, Any]] | None = None,
        then: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        now = self._clock.now()
        values: dict[Any, Any] = {
            Dossier.status: target.value,
            Dossier.resume_status: resume.value if resume else "",
            Dossier.updated_at: now,
        }
        if target.decided:
            values[Dossier.finished_at] = now
        open_row = await control_sheet.open_row(current.id) if target.decided else None
        async with database.write_transaction(Dossier._meta.db):
            changed = (
                await Dossier.update(values)
                .where((Dossier.id == current.id) & (Dossier.status == current.status.value))
                .returning(Dossier.id)
            )
            if not changed:  # someone else moved it first: refuse rather than overwrite
                raise InvalidInput.one("status", "Hồ sơ vừa thay đổi trạng thái; hãy tải lại trang")
            if current.status is Status.SUPPLEMENT_REQUESTED or target.decided:
                await close_open_pause(current.id, now)  # the citizen acted: the clock runs
                if self._calendars is not None and not target.decided:
                    await refresh_due_of(self._calendars, current.code, now)
            if open_row is not None:  # withdrawn: the holder's step ends here
                await DossierStep.update(
                    {
                        DossierStep.ended_at: now,
                        DossierStep.ended_by: ctx.actor.label[:200],
                        DossierStep.outcome: target.value,
                    }
                ).where(DossierStep.id == open_row.id)
            if documents:
                await DossierDocument.insert(
                    *(DossierDocument(dossier=current.id, **d) for d in documents)
                )
            await DossierEvent.insert(
                DossierEvent(
                    dossier=current.id,
                    at=now,
                    actor_kind=ctx.actor.kind,
                    actor_label=ctx.actor.label[:200],
                    from_status=current.status.value,
                    to_status=target.value,
                    note=note,
                    missing=missing,
                )
            )
            if then is not None:
                await then(current.id)
            await recorder.citizen_moved(current.id, target, now)
            await audit.record(
                ctx,
                f"dossier.{target.value}",
                object_type="dossier",
                object_id=current.code,
                before={"status": current.status.value},
                after={"status": target.value, "documents": len(documents or [])},
                unit_code=current.unit_code,
            )


async def _load(code: str) -> _Current | None:
    row = (
        await Dossier.select(
            Dossier.id,
            Dossier.code,
            Dossier.status,
            Dossier.resume_status,
            Dossier.owner,
            Dossier.holding_unit,
            Dossier.procedure,
            Dossier.holding_unit.code.as_alias("unit_code"),
        )
        .where(Dossier.code == code.strip())
        .first()
    )
    if row is None:
        return None
    return _Current(**{**row, "status": Status(row["status"])})


async def _owned(ctx: Context, code: str, for_citizen: int | None = None) -> _Current:
    current = await _load(code)
    owner = ctx.actor.id if for_citizen is None else for_citizen
    if current is None or not ctx.actor.is_citizen or current.owner != owner:
        raise NotFound("Không tìm thấy hồ sơ")
    return current


async def _next_round(dossier_id: int) -> int:
    rows = await DossierDocument.select(DossierDocument.round).where(
        DossierDocument.dossier == dossier_id
    )
    return max((r["round"] for r in rows), default=0) + 1


def _clean_note(text: str, field: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_NOTE:
        raise InvalidInput.one(field, f"Ghi chú tối đa {MAX_NOTE} ký tự")
    return text
