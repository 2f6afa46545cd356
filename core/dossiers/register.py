"""Form 07, Sổ theo dõi hồ sơ: the register of every dossier a unit received in a period.

A dossier is in the unit's register when the unit received it (it is the receiving unit) and it
reached the system within the period, in Việt Nam days: the instant form 01 prints as "Thời gian
nhận hồ sơ" and the legal clock starts from. One line per dossier, ordered by code: received,
applicant, procedure, the due date (the extension's when extended, else the legal one with the
citizen's pauses counted; none for a refused dossier), status, when the result was returned,
and the verdict of its clock: trước hạn / đúng hạn / quá hạn once finished, trong hạn / quá hạn
while in progress, nothing for a dossier refused, withdrawn or stopped, or for a procedure with
no numeric time limit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from core.calendar.dossier_clock import VERDICT_NAMES, Pause, PauseKind
from core.calendar.working import WorkingCalendar
from core.catalog.model import Procedure
from core.clock import VIETNAM
from core.dossiers import clock as dossier_clock
from core.dossiers import procedures
from core.dossiers.status import Status
from core.dossiers.tables import Dossier, DossierEvent, DossierPause
from core.errors import FieldError, InvalidInput, NotFound
from core.identity.tables import Unit

TITLE = "Sổ theo dõi hồ sơ"
MAX_DAYS = 366
DATE_FORMAT = "%d/%m/%Y"
# Messages are constants so that each edge can translate them.
DATE_SHAPE = "Nhập ngày dạng dd/mm/yyyy, ví dụ 31/12/2026"
BACKWARDS = "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu"
TOO_LONG = f"Mỗi lần xem tối đa {MAX_DAYS} ngày; hãy chọn khoảng ngắn hơn"
NO_VERDICT = frozenset({Status.REJECTED, Status.WITHDRAWN, Status.STOPPED})
ENDED_BY_EVENT = NO_VERDICT  # their note column says why, from the event that ended them


@dataclasses.dataclass(frozen=True, slots=True)
class Period:
    """Whole days in Việt Nam, both ends included."""

    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(), tzinfo=VIETNAM)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), tzinfo=VIETNAM)


@dataclasses.dataclass(frozen=True, slots=True)
class RegisterLine:
    number: int  # STT
    code: str
    received_at: dt.datetime
    applicant_name: str
    procedure_code: str
    procedure_name: str
    due_at: dt.datetime | None
    status: str  # the national portal's name
    returned_at: dt.datetime | None
    verdict: str  # Trước hạn, Đúng hạn, Quá hạn, Trong hạn, Quá hạn (đang giải quyết) or ""
    note: str


@dataclasses.dataclass(frozen=True, slots=True)
class Register:
    unit_name: str
    unit_code: str
    period: Period
    lines: tuple[RegisterLine, ...]
    title: str = TITLE


def period(first: str, last: str, *, today: dt.date) -> Period:
    """The period asked for as dd/mm/yyyy; by default this month up to today. Every problem at
    once, under the field names "from" and "to"."""
    errors: list[FieldError] = []
    start = _day(first, "from", errors) or today.replace(day=1)
    end = _day(last, "to", errors) or today
    if not errors and end < start:
        errors.append(FieldError("to", BACKWARDS))
    elif not errors and (end - start).days + 1 > MAX_DAYS:
        errors.append(FieldError("to", TOO_LONG))
    if errors:
        raise InvalidInput(errors[0].message, errors)
    return Period(start, end)


async def register(
    unit_id: int,
    first: dt.date,
    last: dt.date,
    *,
    calendars: dossier_clock.Calendars,
    now: dt.datetime,
) -> Register:
    """Form 07 of one unit over [first, last]; the verdicts are read at `now`."""
    unit = await Unit.select(Unit.code, Unit.name).where(Unit.id == unit_id).first()
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị")
    span = Period(first, last)
    rows = await _received(unit_id, span)
    ids = [r["id"] for r in rows]
    pauses, reasons = await _pauses(ids), await _reasons(ids)
    calendar = await calendars.calendar(unit["code"])
    known: dict[int, Procedure] = {}
    lines: list[RegisterLine] = []
    for number, row in enumerate(rows, start=1):
        if row["procedure"] not in known:
            known[row["procedure"]] = await procedures.frozen(row["procedure"])
        due, verdict = _clock(calendar, known[row["procedure"]], row, pauses.get(row["id"]), now)
        lines.append(_line(number, row, due, verdict, reasons.get(row["id"], "")))
    return Register(unit["name"], unit["code"], span, tuple(lines))


def _day(text: str, field: str, errors: list[FieldError]) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, DATE_FORMAT).date()
    except ValueError:
        errors.append(FieldError(field, DATE_SHAPE))
        return None


def _clock(
    calendar: WorkingCalendar,
    procedure: Procedure,
    row: dict[str, Any],
    pauses: list[Pause] | None,
    now: dt.datetime,
) -> tuple[dt.datetime | None, str]:
    """The due instant and the verdict, as the dossier's clock reads now."""
    facts = dossier_clock.ClockFacts(
        row["submitted_at"], row["extended_at"], row["extended_due_at"], row["finished_at"]
    )
    status = Status(row["status"])
    if status is Status.REJECTED:  # refused at the counter: nothing was ever due
        return None, ""
    clock = None
    if status not in NO_VERDICT:
        clock = dossier_clock.build(calendar, procedure, facts, pauses or [])
    if clock is None:
        return row["extended_due_at"] or row["due_at"], ""
    reading = clock.read(now)
    return reading.extended_due or reading.due or row["due_at"], VERDICT_NAMES[reading.verdict]


def _line(
    number: int, row: dict[str, Any], due: dt.datetime | None, verdict: str, reason: str
) -> RegisterLine:
    notes = []
    if row["extended_due_at"] is not None:
        local = row["extended_due_at"].astimezone(VIETNAM)
        notes.append(f"Đã gia hạn (mẫu 04) đến {local:%d/%m/%Y}")
    notes.extend(n for n in (reason, row["result_note"]) if n)
    return RegisterLine(
        number=number,
        code=row["code"],
        received_at=row["submitted_at"],
        applicant_name=row["applicant_name"],
        procedure_code=row["procedure_code"],
        procedure_name=row["procedure_name"] or "",
        due_at=due,
        status=Status(row["status"]).label,
        returned_at=row["returned_at"],
        verdict=verdict,
        note="; ".join(notes),
    )


async def _received(unit_id: int, span: Period) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (
        await Dossier.select(
            Dossier.id,
            Dossier.code,
            Dossier.status,
            Dossier.submitted_at,
            Dossier.applicant_name,
            Dossier.procedure,
            Dossier.procedure_code,
            Dossier.procedure.name.as_alias("procedure_name"),
            Dossier.due_at,
            Dossier.extended_at,
            Dossier.extended_due_at,
            Dossier.finished_at,
            Dossier.returned_at,
            Dossier.result_note,
        )
        .where(
            (Dossier.receiving_unit == unit_id)
            & (Dossier.submitted_at >= span.start)
            & (Dossier.submitted_at < span.end)
        )
        .order_by(Dossier.code)
    )
    return found


async def _pauses(ids: list[int]) -> dict[int, list[Pause]]:
    by_dossier: dict[int, list[Pause]] = {}
    for chunk in _chunks(ids):
        rows = (
            await DossierPause.select()
            .where(DossierPause.dossier.is_in(chunk))
            .order_by(DossierPause.started_at)
        )
        for row in rows:
            kind: PauseKind = "fee" if row["kind"] == "fee" else "supplement"
            pause = Pause(kind, row["started_at"], row["ended_at"])
            by_dossier.setdefault(row["dossier"], []).append(pause)
    return by_dossier


async def _reasons(ids: list[int]) -> dict[int, str]:
    """Why a dossier ended without a result: the note of the refusal, withdrawal or stop."""
    ended = [s.value for s in ENDED_BY_EVENT]
    reasons: dict[int, str] = {}
    for chunk in _chunks(ids):
        rows = (
            await DossierEvent.select(DossierEvent.dossier, DossierEvent.note, DossierEvent.missing)
            .where(DossierEvent.dossier.is_in(chunk) & DossierEvent.to_status.is_in(ended))
            .order_by(DossierEvent.id)
            .output(load_json=True)
        )
        for row in rows:
            listed = [str(item) for item in row["missing"] or ()]
            reasons[row["dossier"]] = "; ".join([row["note"], *listed])
    return reasons


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    """IN lists of bounded length: SQLite allows a limited number of parameters per query."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
