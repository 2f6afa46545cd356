"""The back office's one entry point: an officer acts on a dossier (`Workflow.act`).

Each action is checked against the status state machine (`core.dossiers.status`), the dossier's
process (`core.process`) and the actor's rights (`core.identity.access`), then written whole in one
write transaction: the dossier's new status, step and clock fields, the control-sheet rows (form
06), the pause rows, the timeline event, the audit row and the citizen's notification. An action
the current state does not allow is a `Conflict` (409) saying why; a dossier the actor may not
act on does not exist for them (404).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from core import database, rows
from core.calendar.working import WorkingCalendar
from core.clock import Clock
from core.dossiers import clock as dossier_clock
from core.dossiers import control_sheet, payment_request, procedures
from core.dossiers.action_input import items_of, new_due_of, note_of
from core.dossiers.actions import RETURN_CHANNELS, Action, ActionDone, ActionRequest
from core.dossiers.control_sheet import Opening
from core.dossiers.documents import OwnedUploads
from core.dossiers.notices import notice_for
from core.dossiers.routing import fallback, opening, step_at, unit_for
from core.dossiers.status import Status, check_transition
from core.dossiers.tables import Dossier, DossierEvent, DossierPause
from core.errors import Conflict, InvalidInput, NotFound
from core.feedback import invitation
from core.identity import access, audit
from core.identity.actor import Context
from core.outbox import messages
from core.process.model import ProcessVersion, Step, StepKind
from core.stats import recorder

NOT_FOUND = "Không tìm thấy hồ sơ"
EXTEND_WITHIN = dt.timedelta(hours=8)  # form 04 is written when a dossier is about to be late


class Processes(Protocol):
    async def process_for(self, code: str, at: dt.datetime) -> ProcessVersion: ...


@dataclasses.dataclass(frozen=True, slots=True)
class Current:
    """The dossier as an action finds it."""

    id: int
    code: str
    status: Status
    resume_status: str
    owner: int
    procedure: int
    procedure_code: str
    holding_unit: int
    holding_code: str
    receiving_unit: int
    receiving_code: str
    receiving_kind: str
    submitted_at: dt.datetime
    process_version: int | None
    step: int
    extended_at: dt.datetime | None
    extended_due_at: dt.datetime | None
    finished_at: dt.datetime | None

    @property
    def facts(self) -> dossier_clock.ClockFacts:
        return dossier_clock.ClockFacts(
            self.submitted_at, self.extended_at, self.extended_due_at, self.finished_at
        )


@dataclasses.dataclass
class Plan:
    """What an action will write, decided before the transaction opens."""

    target: Status
    note: str
    updates: dict[str, Any] = dataclasses.field(default_factory=dict)
    missing: list[str] | None = None
    close_row: str = ""  # the outcome written on the open control-sheet row, if any
    open_next: Opening | None = None
    first_row: tuple[Opening, str] | None = None  # a closed row for step 1 (receive, reject)
    open_pause: str = ""  # supplement | fee
    close_pause: bool = False
    detail: dict[str, Any] = dataclasses.field(default_factory=dict)  # for the notice and audit
    expect: dict[str, Any] = dataclasses.field(default_factory=dict)  # columns read, still so


Handler = Callable[["Workflow", Context, Current, ActionRequest, dt.datetime], Awaitable[Plan]]


class Workflow:
    def __init__(
        self,
        clock: Clock,
        calendars: dossier_clock.Calendars,
        processes: Processes,
        uploads: OwnedUploads,
    ) -> None:
        self._clock = clock
        self._calendars = calendars
        self._processes = processes
        self._uploads = uploads

    async def act(self, ctx: Context, code: str, request: ActionRequest) -> ActionDone:
        action = _action(request.action)
        current = await load(code)
        access.ensure(
            current is not None and access.can_act_on_dossier(ctx.actor, current.holding_unit),
            NOT_FOUND,
        )
        assert current is not None
        now = self._clock.now()
        plan = await _HANDLERS[action](self, ctx, current, request, now)
        await self._write(ctx, current, action, plan, now)
        unit = plan.open_next.unit_id if plan.open_next else current.holding_unit
        return ActionDone(
            code=current.code,
            action=action,
            status=plan.target.value,
            status_code=plan.target.national_code,
            unit=(await control_sheet.unit_named(unit))[0],
            step=int(plan.updates.get("step", current.step)),
        )

    async def process_of(self, current: Current) -> ProcessVersion:
        """The process the dossier follows: the version in force when it was filed."""
        try:
            # Stable: a new version may only take effect from now on, never back-dated.
            return await self._processes.process_for(current.procedure_code, current.submitted_at)
        except NotFound:
            return fallback(current.procedure_code)

    async def calendar(self, current: Current) -> WorkingCalendar:
        return await self._calendars.calendar(current.receiving_code)

    # -- the actions ---------------------------------------------------------------------------

    async def _receive(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        if current.status is not Status.SUBMITTED:  # a supplement's return is the citizen's move
            raise Conflict(f"Hồ sơ đang “{current.status.label}”, không tiếp nhận lại được")
        process = await self.process_of(current)
        first, second = process.steps[0], step_at(process, 2)
        target = await _unit_for(current, second, request.unit)
        return Plan(
            Status.RECEIVED,
            note_of(request.note) or "Tiếp nhận hồ sơ",
            updates={
                "received_at": now,
                "process_version": process.version,
                "step": second.position,
                "holding_unit": target,
            },
            first_row=(opening(first, current.receiving_unit), "received"),
            open_next=opening(second, target),
        )

    async def _request_supplement(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        check_transition(current.status, Status.SUPPLEMENT_REQUESTED)
        items = items_of(request.items, "items", "Liệt kê giấy tờ còn thiếu")
        return Plan(
            Status.SUPPLEMENT_REQUESTED,
            note_of(request.note) or "Yêu cầu bổ sung, hoàn thiện hồ sơ",
            updates={"resume_status": current.status.value},
            missing=items,
            open_pause="supplement",
            detail={"missing": items},
        )

    async def _request_payment(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        check_transition(current.status, Status.AWAITING_PAYMENT)
        note = note_of(request.note)
        terms = await payment_request.payment_terms(current.id, note, request.amount)
        return Plan(
            Status.AWAITING_PAYMENT,
            terms.note,
            updates=terms.updates,
            open_pause="fee",
            detail=terms.detail,
            expect={"paid": False},  # a payment settling meanwhile: refuse, nothing to ask
        )

    async def _reject(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        check_transition(current.status, Status.REJECTED)
        reasons = items_of(request.items, "items", "Nêu lý do từ chối")
        process = await self.process_of(current)
        return Plan(
            Status.REJECTED,
            note_of(request.note) or "Từ chối tiếp nhận hồ sơ",
            updates={"finished_at": now},
            missing=reasons,
            first_row=(opening(process.steps[0], current.receiving_unit), "rejected"),
            detail={"reasons": reasons},
        )

    async def _forward(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        if current.status not in (Status.RECEIVED, Status.PROCESSING):
            raise Conflict(f"Hồ sơ đang “{current.status.label}”, chưa chuyển xử lý được")
        process = await self.process_of(current)
        here = step_at(process, current.step)
        if here.kind is StepKind.APPROVE:
            raise Conflict("Bước này do lãnh đạo phê duyệt; dùng thao tác “Phê duyệt”")
        if here.kind is StepKind.RETURN:
            raise Conflict("Hồ sơ đang ở bước trả kết quả; không còn bước sau")
        after = step_at(process, current.step + 1)
        target = await _unit_for(current, after, request.unit)
        ready = after.kind is StepKind.RETURN  # no approval step: the result is ready now
        status = Status.DONE if ready else Status.PROCESSING
        if ready:
            check_transition(Status.PROCESSING, Status.DONE)
        updates: dict[str, Any] = {"step": after.position, "holding_unit": target}
        if ready:
            updates["finished_at"] = now
        return Plan(
            status,
            note_of(request.note) or f"Chuyển bước “{after.name}”",
            updates=updates,
            close_row="forwarded",
            open_next=opening(after, target),
        )

    async def _send_back(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        if current.status not in (Status.RECEIVED, Status.PROCESSING):
            raise Conflict(f"Hồ sơ đang “{current.status.label}”, không trả lại bước trước được")
        note = note_of(request.note)
        if not note:
            raise InvalidInput.one("note", "Ghi rõ lý do trả lại để bước trước xử lý tiếp")
        if current.step <= 2:
            raise Conflict("Hồ sơ đang ở bước xử lý đầu tiên; hãy yêu cầu bổ sung hoặc dừng")
        process = await self.process_of(current)
        before = step_at(process, current.step - 1)
        sheet = await control_sheet.sheet(current.id)
        held = [r for r in sheet if r.position == before.position]
        target = held[-1].unit_id if held else await _unit_for(current, before, request.unit)
        return Plan(
            Status.PROCESSING,
            note,
            updates={"step": before.position, "holding_unit": target},
            close_row="sent_back",
            open_next=opening(before, target),
        )

    async def _approve(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        if not ctx.actor.has_role("head"):
            raise Conflict("Chỉ lãnh đạo đơn vị được phê duyệt hồ sơ")
        process = await self.process_of(current)
        if current.status in (Status.PROCESSING, Status.RECEIVED):  # else: the machine says why
            here = step_at(process, current.step)
            has_approval = any(s.kind is StepKind.APPROVE for s in process.steps)
            if here.kind is StepKind.RETURN or (has_approval and here.kind is not StepKind.APPROVE):
                raise Conflict(f"Bước hiện tại là “{here.name}”, chưa đến bước phê duyệt")
        check_transition(current.status, Status.DONE)
        last = process.steps[-1]
        target = await _unit_for(current, last, request.unit)
        return Plan(
            Status.DONE,
            note_of(request.note) or "Phê duyệt kết quả giải quyết",
            updates={"step": last.position, "holding_unit": target, "finished_at": now},
            close_row="approved",
            open_next=opening(last, target),
        )

    async def _record_result(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        if current.status not in (Status.PROCESSING, Status.DONE):
            raise Conflict(f"Hồ sơ đang “{current.status.label}”, chưa cập nhật kết quả được")
        updates: dict[str, Any] = {"digitised": bool(request.digitised)}
        if request.result_upload:
            try:
                await self._uploads.owned_many(current.owner, [request.result_upload])
            except NotFound:
                raise InvalidInput.one(
                    "result_upload", "Tệp kết quả phải là tệp đã tải lên cho hồ sơ này"
                ) from None
            updates["result_upload"] = request.result_upload
        note = note_of(request.note)
        updates["result_note"] = note
        return Plan(current.status, note or "Cập nhật kết quả giải quyết", updates=updates)

    async def _return_result(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        check_transition(current.status, Status.RETURNED)
        via = request.via.strip()
        if via not in RETURN_CHANNELS:
            raise InvalidInput.one(
                "via", "Chọn cách trả kết quả: tại bộ phận một cửa, qua bưu chính hoặc trực tuyến"
            )
        return Plan(
            Status.RETURNED,
            note_of(request.note) or f"Trả kết quả {RETURN_CHANNELS[via]}",
            updates={"returned_at": now, "returned_via": via},
            close_row="returned",
            detail={"via": via},
        )

    async def _extend(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        if current.status.decided or current.status is Status.SUBMITTED:
            raise Conflict(f"Hồ sơ đang “{current.status.label}”, không gia hạn được")
        if current.extended_at is not None:
            raise Conflict("Hồ sơ đã được gia hạn một lần; không gia hạn lần nữa")
        note = note_of(request.note)
        if not note:
            raise InvalidInput.one("note", "Ghi lý do chậm và lời xin lỗi gửi công dân")
        procedure = await procedures.frozen(current.procedure)
        calendar = await self.calendar(current)
        built = dossier_clock.build(
            calendar, procedure, current.facts, await dossier_clock.pauses_of(current.id)
        )
        if built is None:
            raise Conflict("Thủ tục không quy định thời hạn bằng số ngày; không cần gia hạn")
        reading = built.read(now)
        if reading.left > EXTEND_WITHIN:
            raise Conflict(
                "Chỉ gia hạn khi hồ sơ sắp đến hạn (còn dưới 1 ngày làm việc) hoặc quá hạn"
            )
        new_due = new_due_of(calendar, request.new_due, now)
        return Plan(
            current.status,
            note,
            updates={"extended_at": now, "extended_due_at": new_due, "due_at": new_due},
            detail={"new_due": new_due.isoformat()},
        )

    async def _stop(
        self, ctx: Context, current: Current, request: ActionRequest, now: dt.datetime
    ) -> Plan:
        check_transition(current.status, Status.STOPPED)
        note = note_of(request.note)
        if not note:
            raise InvalidInput.one("note", "Ghi rõ lý do dừng xử lý hồ sơ")
        return Plan(
            Status.STOPPED,
            note,
            updates={"finished_at": now},
            close_row="stopped",
            close_pause=True,
        )

    # -- the write ----------------------------------------------------------------------------

    async def _write(
        self, ctx: Context, current: Current, action: Action, plan: Plan, now: dt.datetime
    ) -> None:
        calendar = await self.calendar(current)
        pauses = await dossier_clock.pauses_of(current.id)
        open_row = await control_sheet.open_row(current.id)
        procedure = await procedures.frozen(current.procedure)
        facts = dossier_clock.ClockFacts(
            current.submitted_at,
            plan.updates.get("extended_at", current.extended_at),
            plan.updates.get("extended_due_at", current.extended_due_at),
            plan.updates.get("finished_at", current.finished_at),
        )
        by = ctx.actor.label
        updates = {"status": plan.target.value, "updated_at": now, **plan.updates}
        async with database.write_transaction(Dossier._meta.db):
            query = Dossier.update({getattr(Dossier, k): v for k, v in updates.items()}).where(
                (Dossier.id == current.id)
                & (Dossier.status == current.status.value)
                & (Dossier.step == current.step)
            )
            for name, value in plan.expect.items():
                query = query.where(getattr(Dossier, name) == value)
            changed = await query.returning(Dossier.id)
            if not changed:  # someone acted on it first: refuse rather than overwrite
                raise Conflict("Hồ sơ vừa được người khác xử lý; hãy tải lại trang")
            if plan.first_row is not None:
                opening, outcome = plan.first_row
                await _closed_row(current, opening, outcome, by, plan.note, now, calendar, pauses)
            if plan.close_row and open_row is not None:
                await control_sheet.close_step(
                    open_row,
                    at=now,
                    by=by,
                    outcome=plan.close_row,
                    note=plan.note,
                    calendar=calendar,
                    pauses=pauses,
                )
            if plan.open_next is not None:
                await control_sheet.open_step(current.id, plan.open_next, at=now, sent_by=by)
            await _pauses(current.id, plan, now)
            await dossier_clock.refresh_due(
                self._calendars, current.receiving_code, procedure, current.id, facts, now
            )
            await recorder.acted(self._calendars, current, plan.target, procedure, facts, now)
            await rows.insert(
                DossierEvent,
                [
                    {
                        "dossier": current.id,
                        "at": now,
                        "actor_kind": ctx.actor.kind,
                        "actor_id": ctx.actor.id,
                        "actor_label": by[:200],
                        "from_status": current.status.value,
                        "to_status": plan.target.value,
                        "note": plan.note,
                        "missing": plan.missing,
                    }
                ],
            )
            await audit.record(
                ctx,
                f"dossier.{action.value}",
                object_type="dossier",
                object_id=current.code,
                before={"status": current.status.value, "step": current.step},
                after={"status": plan.target.value, "step": updates.get("step", current.step)},
                unit_code=current.holding_code,
            )
            notice = notice_for(action, current.code, plan.note, plan.detail)
            if action is Action.RETURN_RESULT:  # the notice invites a rating (issue 8)
                notice = invitation.invite_to_rate(notice, current.code)
            await messages.enqueue(notice, now=now, citizen_id=current.owner)


_HANDLERS: dict[Action, Handler] = {
    Action.RECEIVE: Workflow._receive,
    Action.REQUEST_SUPPLEMENT: Workflow._request_supplement,
    Action.REQUEST_PAYMENT: Workflow._request_payment,
    Action.REJECT: Workflow._reject,
    Action.FORWARD: Workflow._forward,
    Action.SEND_BACK: Workflow._send_back,
    Action.APPROVE: Workflow._approve,
    Action.RECORD_RESULT: Workflow._record_result,
    Action.RETURN_RESULT: Workflow._return_result,
    Action.EXTEND: Workflow._extend,
    Action.STOP: Workflow._stop,
}


async def load(code: str) -> Current | None:
    row = (
        await Dossier.select(
            Dossier.id,
            Dossier.code,
            Dossier.status,
            Dossier.resume_status,
            Dossier.owner,
            Dossier.procedure,
            Dossier.procedure_code,
            Dossier.holding_unit,
            Dossier.holding_unit.code.as_alias("holding_code"),
            Dossier.receiving_unit,
            Dossier.receiving_unit.code.as_alias("receiving_code"),
            Dossier.receiving_unit.kind.as_alias("receiving_kind"),
            Dossier.submitted_at,
            Dossier.process_version,
            Dossier.step,
            Dossier.extended_at,
            Dossier.extended_due_at,
            Dossier.finished_at,
        )
        .where(Dossier.code == (code or "").strip()[:48])
        .first()
    )
    if row is None:
        return None
    return Current(**{**row, "status": Status(row["status"])})


def _action(name: str) -> Action:
    try:
        return Action((name or "").strip())
    except ValueError:
        allowed = ", ".join(a.value for a in Action)
        raise InvalidInput.one(
            "action", f"Thao tác không hợp lệ; chọn một trong: {allowed}"
        ) from None


async def _unit_for(current: Current, step: Step, requested: str) -> int:
    return await unit_for(current.receiving_unit, current.receiving_kind, step, requested)


async def refresh_due_of(calendars: dossier_clock.Calendars, code: str, now: dt.datetime) -> None:
    """`clock.refresh_due` for a dossier known by its code (the citizen's moves use it)."""
    current = await load(code)
    if current is not None:
        procedure = await procedures.frozen(current.procedure)
        await dossier_clock.refresh_due(
            calendars, current.receiving_code, procedure, current.id, current.facts, now
        )


async def _closed_row(
    current: Current,
    opening: Opening,
    outcome: str,
    by: str,
    note: str,
    now: dt.datetime,
    calendar: WorkingCalendar,
    pauses: list[Any],
) -> None:
    """Step 1 (receive) as one row: from filing to the counter's decision."""
    await control_sheet.open_step(current.id, opening, at=current.submitted_at, sent_by="")
    row = await control_sheet.open_row(current.id)
    assert row is not None
    await control_sheet.close_step(
        row, at=now, by=by, outcome=outcome, note=note, calendar=calendar, pauses=pauses
    )


async def _pauses(dossier_id: int, plan: Plan, now: dt.datetime) -> None:
    if plan.open_pause:
        await rows.insert(
            DossierPause, [{"dossier": dossier_id, "kind": plan.open_pause, "started_at": now}]
        )
    if plan.close_pause:
        await close_open_pause(dossier_id, now)


async def close_open_pause(dossier_id: int, now: dt.datetime) -> None:
    """The citizen acted (or the dossier ended): the clock runs again (or stops)."""
    await DossierPause.update({DossierPause.ended_at: now}).where(
        (DossierPause.dossier == dossier_id) & DossierPause.ended_at.is_null()
    )
