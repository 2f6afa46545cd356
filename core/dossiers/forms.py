"""Forms 02–06 of Circular 03/2025 (Annex I), assembled from a dossier's rows for printing.

- 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: the latest supplement request, everything missing;
- 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ: the refusal and its reasons;
- 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết: the apology, old and new due dates;
- 05 Thông báo dừng giải quyết hồ sơ: why processing stopped;
- 06 Phiếu kiểm soát quá trình giải quyết hồ sơ: every hand-off, from the control sheet.

Form 01 is `core.dossiers.receipt`, form 07 (the register) `core.dossiers.register`. Forms 02–05
are addressed to the citizen, who may open them for their own dossier; every form is open to the
officers and head of the unit holding the dossier. A form that does not apply to the dossier (no
refusal, no form 03) is `NotFound`, exactly like a dossier the caller may not see. The issuing
body printed on a form is the unit that held the dossier when the form was issued.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from core.calendar.dossier_clock import VERDICT_NAMES, ClockReading
from core.calendar.wording import vi_working_time
from core.clock import Clock, today_in_vietnam
from core.dossiers import clock as dossier_clock
from core.dossiers import control_sheet, procedures
from core.dossiers import register as unit_register
from core.dossiers.control_sheet import StepRow
from core.dossiers.fields import first_address
from core.dossiers.status import Status
from core.dossiers.tables import Dossier, DossierEvent
from core.errors import NotFound
from core.identity import access
from core.identity.actor import Actor, Context
from core.identity.tables import StaffUser

TITLES = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "05": "Thông báo dừng giải quyết hồ sơ",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "07": "Sổ theo dõi hồ sơ",
}
CITIZEN_FORMS = frozenset({"02", "03", "04", "05"})  # addressed to the citizen
PRINTED = ("02", "03", "04", "05", "06")
NOT_FOUND = "Không tìm thấy biểu mẫu của hồ sơ"
OUTCOMES = {
    "received": "Tiếp nhận hồ sơ",
    "rejected": "Từ chối tiếp nhận",
    "forwarded": "Chuyển bước tiếp theo",
    "sent_back": "Trả lại bước trước",
    "approved": "Phê duyệt",
    "returned": "Trả kết quả",
    "stopped": "Dừng xử lý",
    "withdrawn": "Công dân rút hồ sơ",
}
IN_PROGRESS = "Đang xử lý"
_ISSUED_BY = {"02": Status.SUPPLEMENT_REQUESTED, "03": Status.REJECTED, "05": Status.STOPPED}
_VERDICTS: dict[str, str] = {str(k): v for k, v in VERDICT_NAMES.items()}


@dataclasses.dataclass(frozen=True, slots=True)
class Heading:
    """What every form prints on top: who issues it, to whom, about which dossier, and when."""

    number: str  # "02" … "06"
    title: str
    code: str
    unit_name: str  # the issuing body
    unit_code: str
    applicant_name: str
    applicant_address: str
    procedure_code: str
    procedure_name: str
    submitted_at: dt.datetime
    issued_at: dt.datetime
    officer: str  # who issued it: full name when known, else the account name


@dataclasses.dataclass(frozen=True, slots=True)
class SupplementRequest:
    """Form 02."""

    heading: Heading
    missing: tuple[str, ...]
    note: str


@dataclasses.dataclass(frozen=True, slots=True)
class Refusal:
    """Form 03."""

    heading: Heading
    reasons: tuple[str, ...]
    note: str


@dataclasses.dataclass(frozen=True, slots=True)
class Apology:
    """Form 04: the reason for the delay, the due date missed and the new one (once only)."""

    heading: Heading
    reason: str
    due_at: dt.datetime | None  # the legal due date before the extension, when the clock knows
    new_due_at: dt.datetime


@dataclasses.dataclass(frozen=True, slots=True)
class StopNotice:
    """Form 05."""

    heading: Heading
    reason: str


@dataclasses.dataclass(frozen=True, slots=True)
class SheetLine:
    """One hand-off of form 06, worded as the sheet prints it."""

    position: int
    step: str
    unit_name: str  # the unit that received the dossier for this step
    sent_by: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    ended_by: str
    outcome: str  # Vietnamese, e.g. "Chuyển bước tiếp theo"; "Đang xử lý" while held
    note: str
    used: str  # "2 giờ 30 phút làm việc", "" while held
    allowed: str  # "4 giờ làm việc", "" when the step has no allowance
    verdict: str  # Trước hạn / Đúng hạn / Quá hạn, "" while held or without allowance


@dataclasses.dataclass(frozen=True, slots=True)
class ControlSheet:
    """Form 06."""

    heading: Heading
    due_at: dt.datetime | None  # the legal due instant (pauses counted), when the clock knows
    extended_due_at: dt.datetime | None
    lines: tuple[SheetLine, ...]


Form = SupplementRequest | Refusal | Apology | StopNotice | ControlSheet


@dataclasses.dataclass(frozen=True, slots=True)
class _Dossier:
    id: int
    code: str
    owner: int
    holding_unit: int
    holding_code: str
    holding_name: str
    receiving_code: str
    receiving_name: str
    procedure: int
    procedure_code: str
    procedure_name: str
    applicant_name: str
    fields: dict[str, Any]
    submitted_at: dt.datetime
    extended_at: dt.datetime | None
    extended_due_at: dt.datetime | None
    finished_at: dt.datetime | None


class FormService:
    """Forms 02–06 of one dossier, each checked against who asks (see the module doc)."""

    def __init__(self, clock: Clock, calendars: dossier_clock.Calendars) -> None:
        self._clock = clock
        self._calendars = calendars

    async def form(self, ctx: Context, code: str, number: str) -> Form:
        """Form `number` ("02" … "06") of the dossier `code`, or NotFound."""
        dossier = await _load(code)
        access.ensure(dossier is not None and _may_open(ctx.actor, dossier, number), NOT_FOUND)
        assert dossier is not None
        events = await _events(dossier.id)
        sheet = await control_sheet.sheet(dossier.id)
        if number == "02":
            found = _last(events, Status.SUPPLEMENT_REQUESTED)
            heading = await _heading(dossier, "02", found, sheet)
            return SupplementRequest(heading, tuple(found["missing"] or ()), found["note"])
        if number == "03":
            found = _last(events, Status.REJECTED)
            heading = await _heading(dossier, "03", found, sheet)
            return Refusal(heading, tuple(found["missing"] or ()), found["note"])
        if number == "04":
            return await self._apology(dossier, events, sheet)
        if number == "05":
            found = _last(events, Status.STOPPED)
            return StopNotice(await _heading(dossier, "05", found, sheet), found["note"])
        return await self._control_sheet(dossier, sheet)

    async def register(self, ctx: Context, first: str, last: str) -> unit_register.Register:
        """Form 07 of the caller's own unit over the days typed (dd/mm/yyyy, both included)."""
        unit_id = ctx.actor.unit_id
        access.ensure(access.can_print_unit_forms(ctx.actor, unit_id), "Không tìm thấy sổ")
        assert unit_id is not None
        span = unit_register.period(first, last, today=today_in_vietnam(self._clock))
        return await unit_register.register(
            unit_id, span.first, span.last, calendars=self._calendars, now=self._clock.now()
        )

    async def _apology(
        self, dossier: _Dossier, events: list[dict[str, Any]], sheet: list[StepRow]
    ) -> Apology:
        granted, new_due = dossier.extended_at, dossier.extended_due_at
        if granted is None or new_due is None:
            raise NotFound(NOT_FOUND)
        same = [e for e in events if e["at"] == granted and e["from_status"] == e["to_status"]]
        if not same:
            raise NotFound(NOT_FOUND)
        reading = await self._reading(dossier, granted)
        due = reading.due if reading is not None else None
        heading = await _heading(dossier, "04", same[-1], sheet)
        return Apology(heading, same[-1]["note"], due, new_due)

    async def _control_sheet(self, dossier: _Dossier, sheet: list[StepRow]) -> ControlSheet:
        if not sheet:  # not received yet: nobody has held it
            raise NotFound(NOT_FOUND)
        now = self._clock.now()
        reading = await self._reading(dossier, now)
        heading = _make_heading(
            dossier, "06", now, "", (dossier.holding_name, dossier.holding_code)
        )
        return ControlSheet(
            heading,
            reading.due if reading is not None else None,
            dossier.extended_due_at,
            tuple(_line(row) for row in sheet),
        )

    async def _reading(self, dossier: _Dossier, at: dt.datetime) -> ClockReading | None:
        facts = dossier_clock.ClockFacts(
            dossier.submitted_at,
            dossier.extended_at,
            dossier.extended_due_at,
            dossier.finished_at,
        )
        procedure = await procedures.frozen(dossier.procedure)
        return await dossier_clock.read(
            self._calendars, dossier.receiving_code, procedure, dossier.id, facts, at
        )


def issued(statuses: Iterable[Status | None], *, extended: bool, received: bool) -> tuple[str, ...]:
    """The forms 02–06 that a dossier with this history has, in number order: 02 once a
    supplement was requested, 03 if refused, 04 if extended, 05 if stopped, 06 once received."""
    seen = set(statuses)
    found = {number for number, status in _ISSUED_BY.items() if status in seen}
    if extended:
        found.add("04")
    if received:
        found.add("06")
    return tuple(sorted(found))


def _may_open(actor: Actor, dossier: _Dossier, number: str) -> bool:
    if number not in PRINTED:
        return False
    if actor.is_citizen:
        owner = access.can_view_dossier(actor, dossier.owner, None, dossier.holding_unit)
        return owner and number in CITIZEN_FORMS
    return access.can_print_unit_forms(actor, dossier.holding_unit)


def _last(events: list[dict[str, Any]], status: Status) -> dict[str, Any]:
    """The latest event that moved the dossier into `status`; the form does not apply without."""
    found = [e for e in events if e["to_status"] == status.value]
    if not found:
        raise NotFound(NOT_FOUND)
    return found[-1]


async def _heading(
    dossier: _Dossier, number: str, event: dict[str, Any], sheet: list[StepRow]
) -> Heading:
    at: dt.datetime = event["at"]
    return _make_heading(dossier, number, at, await _officer(event), _holder_at(dossier, sheet, at))


def _make_heading(
    dossier: _Dossier, number: str, at: dt.datetime, officer: str, unit: tuple[str, str]
) -> Heading:
    return Heading(
        number=number,
        title=TITLES[number],
        code=dossier.code,
        unit_name=unit[0],
        unit_code=unit[1],
        applicant_name=dossier.applicant_name,
        applicant_address=first_address(dossier.fields),
        procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name,
        submitted_at=dossier.submitted_at,
        issued_at=at,
        officer=officer,
    )


def _holder_at(dossier: _Dossier, sheet: list[StepRow], at: dt.datetime) -> tuple[str, str]:
    """The unit holding the dossier at `at`: a step's unit, else (before receipt) the receiver."""
    held = [r for r in sheet if r.started_at <= at and (r.ended_at is None or r.ended_at >= at)]
    if held:
        return held[-1].unit_name, held[-1].unit_code
    return dossier.receiving_name, dossier.receiving_code


async def _officer(event: dict[str, Any]) -> str:
    label = str(event["actor_label"] or "")
    if event["actor_kind"] != "staff" or event["actor_id"] is None:
        return label
    row = await StaffUser.select(StaffUser.full_name).where(StaffUser.id == event["actor_id"])
    return str(row[0]["full_name"] or label) if row else label


def _line(row: StepRow) -> SheetLine:
    if row.open:
        outcome, used, verdict = IN_PROGRESS, "", ""
    else:
        outcome = OUTCOMES.get(row.outcome, row.outcome)
        minutes = row.used_minutes
        used = vi_working_time(dt.timedelta(minutes=minutes)) if minutes is not None else ""
        verdict = _VERDICTS.get(row.verdict, "")
    allowed = (
        vi_working_time(dt.timedelta(hours=row.allowance_hours))
        if row.allowance_hours is not None
        else ""
    )
    return SheetLine(
        position=row.position,
        step=row.name,
        unit_name=row.unit_name,
        sent_by=row.sent_by,
        started_at=row.started_at,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
        outcome=outcome,
        note=row.note,
        used=used,
        allowed=allowed,
        verdict=verdict,
    )


async def _events(dossier_id: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (
        await DossierEvent.select()
        .where(DossierEvent.dossier == dossier_id)
        .order_by(DossierEvent.id)
        .output(load_json=True)
    )
    return found


async def _load(code: str) -> _Dossier | None:
    row = (
        await Dossier.select(
            Dossier.id,
            Dossier.code,
            Dossier.owner,
            Dossier.holding_unit,
            Dossier.holding_unit.code.as_alias("holding_code"),
            Dossier.holding_unit.name.as_alias("holding_name"),
            Dossier.receiving_unit.code.as_alias("receiving_code"),
            Dossier.receiving_unit.name.as_alias("receiving_name"),
            Dossier.procedure,
            Dossier.procedure_code,
            Dossier.procedure.name.as_alias("procedure_name"),
            Dossier.applicant_name,
            Dossier.fields,
            Dossier.submitted_at,
            Dossier.extended_at,
            Dossier.extended_due_at,
            Dossier.finished_at,
        )
        .where(Dossier.code == (code or "").strip()[:48])
        .output(load_json=True)
        .first()
    )
    if row is None:
        return None
    return _Dossier(**{**row, "fields": dict(row["fields"] or {})})
