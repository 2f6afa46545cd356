"""One dossier as an officer of the holding unit works on it (trang xử lý hồ sơ).

The form data as filed, the papers (served to the officer by `document`, the result file by
`result`), the timeline, the control sheet (form 06), the clock with its plain-Vietnamese
explanation, and the actions the dossier allows now (`core.dossiers.action_choices`). Only an
officer or head of the holding unit sees it; for anyone else the dossier does not exist
(`NotFound`), as everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from core.calendar import clock_story
from core.catalog.model import Procedure
from core.clock import Clock
from core.dossiers import clock as dossier_clock
from core.dossiers import control_sheet, procedures, result_file
from core.dossiers.action_choices import ActionChoice, Situation, allowed_actions
from core.dossiers.control_sheet import StepRow
from core.dossiers.fields import display_value
from core.dossiers.forms import issued
from core.dossiers.result_file import Blobs, ResultFile
from core.dossiers.status import Status, event_headline
from core.dossiers.tables import Dossier, DossierDocument, DossierEvent
from core.dossiers.time_left import TimeLeft, time_left
from core.dossiers.workflow import NOT_FOUND, Current, Workflow, load
from core.errors import NotFound
from core.identity import access
from core.identity.actor import Context

MAX_DOCUMENT_ID = 2**31 - 1


@dataclasses.dataclass(frozen=True, slots=True)
class Answer:
    name: str
    label: str
    value: str


@dataclasses.dataclass(frozen=True, slots=True)
class OfficeDocument:
    id: int
    requirement: int
    name: str
    filename: str
    content_type: str
    size: int
    round: int
    added_at: dt.datetime
    sha256: str

    @property
    def preview(self) -> str:
        """How a page shows it inline: "image", "pdf", or "" (a link only)."""
        if self.content_type.startswith("image/"):
            return "image"
        return "pdf" if self.content_type == "application/pdf" else ""


@dataclasses.dataclass(frozen=True, slots=True)
class OfficeEvent:
    at: dt.datetime
    from_status: Status | None
    status: Status | None
    note: str
    actor_kind: str
    actor_label: str
    missing: tuple[str, ...]

    @property
    def headline(self) -> str:
        return event_headline(self.from_status, self.status, self.actor_kind)


@dataclasses.dataclass(frozen=True, slots=True)
class ClockPanel:
    reading: TimeLeft
    lines: tuple[str, ...]  # core.calendar.clock_story: receipt, allowance, pauses, due, now


@dataclasses.dataclass(frozen=True, slots=True)
class OfficeDossier:
    code: str
    status: Status
    procedure_code: str
    procedure_name: str
    applicant_name: str
    channel: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    holding_unit: tuple[str, str]  # code, name
    receiving_unit: tuple[str, str]
    step: int
    step_name: str
    answers: tuple[Answer, ...]
    documents: tuple[OfficeDocument, ...]
    timeline: tuple[OfficeEvent, ...]
    sheet: tuple[StepRow, ...]
    clock: ClockPanel | None  # None: the procedure states no numeric allowance
    actions: tuple[ActionChoice, ...]
    result_note: str
    digitised: bool
    returned_via: str
    forms: tuple[str, ...]  # printable forms 02–06 this dossier has (core.dossiers.forms)
    assistant_name: str = ""  # the volunteer who filed it for the citizen (core.assistants)
    paid: bool = False  # the fee is paid: the page links to the e-receipt (and its refund form)
    result_file: ResultFile | None = None  # the result document record_result attached

    def allows(self, action: str) -> bool:
        return any(choice.action.value == action for choice in self.actions)


class OfficeViews:
    """Reads one dossier for the officers holding it, and serves its papers to them."""

    def __init__(self, clock: Clock, workflow: Workflow, blobs: Blobs) -> None:
        self._clock = clock
        self._workflow = workflow
        self._blobs = blobs

    async def get(self, ctx: Context, code: str) -> OfficeDossier:
        current = await _held(ctx, code)
        row = await _details(current.id)
        procedure = await procedures.frozen(current.procedure)
        process = await self._workflow.process_of(current)
        calendar = await self._workflow.calendar(current)
        now = self._clock.now()
        clock = dossier_clock.build(
            calendar, procedure, current.facts, await dossier_clock.pauses_of(current.id)
        )
        reading = clock.read(now) if clock else None
        panel = (
            ClockPanel(time_left(calendar, reading), clock_story.explain(clock, now))
            if clock and reading
            else None
        )
        situation = Situation(
            current.status,
            current.step,
            process,
            extended=current.extended_at is not None,
            legal_left=reading.left if reading else None,
            fee_owed=bool(row["fee_vnd"]) and not row["paid"],
            paid=bool(row["paid"]),
        )
        sheet = tuple(await control_sheet.sheet(current.id))
        open_rows = [r for r in sheet if r.open]
        timeline = await _events(current.id)
        return OfficeDossier(
            code=current.code,
            status=current.status,
            procedure_code=current.procedure_code,
            procedure_name=procedure.name,
            applicant_name=row["applicant_name"],
            channel=row["channel"],
            submitted_at=current.submitted_at,
            received_at=row["received_at"],
            holding_unit=(row["holding_code"], row["holding_name"]),
            receiving_unit=(row["receiving_code"], row["receiving_name"]),
            step=current.step,
            step_name=open_rows[-1].name if open_rows else "",
            answers=_answers(procedure, row["fields"] or {}),
            documents=await _documents(current.id),
            timeline=timeline,
            sheet=sheet,
            clock=panel,
            actions=allowed_actions(ctx.actor, situation),
            result_note=row["result_note"],
            digitised=bool(row["digitised"]),
            returned_via=row["returned_via"],
            forms=issued(
                (e.status for e in timeline),
                extended=current.extended_at is not None,
                received=bool(sheet),
            ),
            assistant_name=row["assistant_name"] or "",
            paid=bool(row["paid"]),
            result_file=await result_file.find(row["result_upload"], current.owner),
        )

    async def document(
        self, ctx: Context, code: str, document_id: int
    ) -> tuple[OfficeDocument, bytes]:
        """One paper of the dossier and its bytes; NotFound for any other id."""
        current = await _held(ctx, code)
        found = [d for d in await _documents(current.id, document_id) if d.id == document_id]
        if not found:
            raise NotFound("Không tìm thấy giấy tờ này trong hồ sơ")
        return found[0], await self._blobs.blob(found[0].sha256)

    async def result(self, ctx: Context, code: str) -> tuple[ResultFile, bytes]:
        """The result file attached with `record_result` and its bytes; NotFound if none."""
        current = await _held(ctx, code)
        row = await Dossier.select(Dossier.result_upload).where(Dossier.id == current.id).first()
        upload_id = row["result_upload"] if row else ""
        return await result_file.read(self._blobs, await result_file.find(upload_id, current.owner))


async def _held(ctx: Context, code: str) -> Current:
    current = await load(code)
    access.ensure(
        current is not None and access.can_act_on_dossier(ctx.actor, current.holding_unit),
        NOT_FOUND,
    )
    assert current is not None
    return current


async def _details(dossier_id: int) -> dict[str, Any]:
    row: dict[str, Any] | None = (
        await Dossier.select(
            Dossier.applicant_name,
            Dossier.channel,
            Dossier.fields,
            Dossier.received_at,
            Dossier.holding_unit.code.as_alias("holding_code"),
            Dossier.holding_unit.name.as_alias("holding_name"),
            Dossier.receiving_unit.code.as_alias("receiving_code"),
            Dossier.receiving_unit.name.as_alias("receiving_name"),
            Dossier.result_note,
            Dossier.result_upload,
            Dossier.digitised,
            Dossier.returned_via,
            Dossier.fee_vnd,
            Dossier.paid,
            Dossier.assistant.full_name.as_alias("assistant_name"),
        )
        .where(Dossier.id == dossier_id)
        .output(load_json=True)
        .first()
    )
    assert row is not None  # `load` just found it
    return row


def _answers(procedure: Procedure, fields: dict[str, Any]) -> tuple[Answer, ...]:
    """Each question of the form with the answer as filed, in the form's order."""
    return tuple(
        Answer(f.name, f.label, display_value(f, fields.get(f.name)))
        for f in procedure.form_fields
        if f.type != "file"
    )


async def _documents(dossier_id: int, only: int | None = None) -> tuple[OfficeDocument, ...]:
    query = DossierDocument.select().where(DossierDocument.dossier == dossier_id)
    if only is not None:
        if not 0 < only <= MAX_DOCUMENT_ID:
            return ()
        query = query.where(DossierDocument.id == only)
    rows = await query.order_by(DossierDocument.id)
    return tuple(
        OfficeDocument(
            id=r["id"],
            requirement=r["requirement"],
            name=r["name"],
            filename=r["filename"],
            content_type=r["content_type"],
            size=r["size"],
            round=r["round"],
            added_at=r["added_at"],
            sha256=r["sha256"],
        )
        for r in rows
    )


async def _events(dossier_id: int) -> tuple[OfficeEvent, ...]:
    rows = (
        await DossierEvent.select()
        .where(DossierEvent.dossier == dossier_id)
        .order_by(DossierEvent.id)
        .output(load_json=True)
    )
    return tuple(
        OfficeEvent(
            at=r["at"],
            from_status=Status(r["from_status"]) if r["from_status"] else None,
            status=Status(r["to_status"]) if r["to_status"] else None,
            note=r["note"],
            actor_kind=r["actor_kind"],
            actor_label=r["actor_label"],
            missing=tuple(r["missing"] or ()),
        )
        for r in rows
    )
