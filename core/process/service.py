"""ProcessService: each procedure's process, versioned, edited by admins, seeded from the bundle.

A save never changes a version: it writes the next one, in force from now (or from a later day),
so `process_for(code, received_at)` keeps answering what a dossier was received under. A save
cancels the versions scheduled after its own start (they never took effect); nothing that has
been in force is touched. The legal time a process must fit in is the procedure's own, from the
catalog in force today.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from importlib import resources

import msgspec

from core.catalog.model import Procedure
from core.catalog.service import CatalogService
from core.clock import VIETNAM, Clock
from core.database import is_unique_violation, write_transaction
from core.errors import Conflict, FieldError, InvalidInput, NotFound, PermissionDenied
from core.identity import audit
from core.identity.access import can_administer
from core.identity.actor import SYSTEM_CONTEXT, Context
from core.process import records, rules
from core.process.model import (
    HOURS_PER_DAY,
    HistoryEntry,
    Performer,
    ProcessBundle,
    ProcessEditor,
    ProcessSummary,
    ProcessVersion,
    Step,
    StepInput,
    VersionState,
)
from core.process.tables import Process

BUNDLED = "processes.json"
MAX_NOTE = 1000
DATE_SHAPE = (
    "Nhập ngày áp dụng dạng ngày/tháng/năm, ví dụ 01/01/2027, hoặc để trống để áp dụng ngay"
)
IN_THE_PAST = "Ngày áp dụng không được trước hôm nay"
NOTE_TOO_LONG = f"Ghi chú tối đa {MAX_NOTE} ký tự"
STALE = (
    "Quy trình đã có phiên bản {latest} do người khác lưu sau khi bạn mở trang; "
    "hãy mở lại trang để sửa từ phiên bản mới nhất"
)
RACE = "Quy trình vừa được người khác lưu cùng lúc; hãy mở lại trang rồi lưu lại"


@dataclasses.dataclass(frozen=True, slots=True)
class LoadReport:
    created: int
    unchanged: int
    skipped: int  # bundled processes of procedures not in the catalog in force


def legal_hours(procedure: Procedure) -> int | None:
    """The procedure's legal time in working hours: one working day when same-day, None when the
    published time is not a number of working days or hours."""
    return HOURS_PER_DAY if procedure.same_day else procedure.processing_hours


class ProcessService:
    """Reads are open to everyone (processes are published); only an admin saves a version."""

    def __init__(self, clock: Clock, catalog: CatalogService) -> None:
        self._clock = clock
        self._catalog = catalog

    async def process_for(self, code: str, at: dt.datetime) -> ProcessVersion:
        """The version in force at `at`: the one a dossier received at that instant follows."""
        found = await records.in_force(code.strip(), at)
        if found is None:
            raise NotFound(f"no process for the procedure {code[:40]!r} at {at.isoformat()}")
        return found

    async def current(self, code: str) -> ProcessVersion:
        """The version in force now."""
        return await self.process_for(code, self._clock.now())

    async def versions(self, code: str) -> list[ProcessVersion]:
        """Every version of a procedure's process, newest first (cancelled ones included)."""
        return await records.versions(code.strip())

    async def legal_hours(self, code: str) -> int | None:
        """The legal time the process of `code` must fit in (NotFound for an unknown code)."""
        return legal_hours(await self._catalog.get(code))

    async def summaries(self) -> list[ProcessSummary]:
        """Every procedure in force with its current process (if any), by field then code."""
        index = await self._catalog.index()
        current = {p.code: p for p in await records.all_in_force(self._clock.now())}
        out: list[ProcessSummary] = []
        for procedure in sorted(index.procedures, key=lambda p: (p.field, p.code)):
            found = current.get(procedure.code)
            out.append(
                ProcessSummary(
                    code=procedure.code,
                    name=procedure.name,
                    field=procedure.field,
                    legal_hours=legal_hours(procedure),
                    time_text=procedure.time_text,
                    version=found.version if found else None,
                    steps=len(found.steps) if found else 0,
                    total_hours=found.total_hours if found else None,
                    inter_agency=bool(found and found.inter_agency),
                )
            )
        return out

    async def editor(self, code: str) -> ProcessEditor:
        """The procedure, its legal time and the history of its process, for an edit page."""
        procedure = await self._catalog.get(code)
        now = self._clock.now()
        everything = await records.versions(procedure.code)
        in_force = await records.in_force(procedure.code, now)
        history = tuple(
            HistoryEntry(v, _state(v, in_force.version if in_force else None, now))
            for v in everything
        )
        return ProcessEditor(
            code=procedure.code,
            name=procedure.name,
            field=procedure.field,
            legal_hours=legal_hours(procedure),
            time_text=procedure.time_text,
            same_day=procedure.same_day,
            latest=next((v for v in everything if v.active), None),
            history=history,
        )

    async def save(
        self,
        ctx: Context,
        code: str,
        steps: Sequence[StepInput],
        *,
        effective_from: dt.datetime | str | None = None,
        base_version: int | None = None,
        note: str = "",
    ) -> ProcessVersion:
        """Write the next version, in force from `effective_from`: an instant, a day typed in a
        form (yyyy-mm-dd or dd/mm/yyyy; today means now) or None for now. `base_version` is the
        version the editor started from (0 for none): if another save came in between, Conflict
        rather than silently replace it."""
        _require_admin(ctx)
        procedure = await self._catalog.get(code)
        now = self._clock.now()
        start, problems = _start(effective_from, now)
        note = " ".join(note.split())
        if len(note) > MAX_NOTE:
            problems.append(FieldError("note", NOTE_TOO_LONG))
        checked = await _checked(steps, legal_hours(procedure), problems)
        try:
            async with write_transaction(Process._meta.db):
                latest = await records.latest_version(procedure.code)
                if base_version is not None and base_version != latest:
                    raise Conflict(STALE.format(latest=latest))
                saved = ProcessVersion(
                    procedure.code,
                    latest + 1,
                    start,
                    True,
                    tuple(checked),
                    note,
                    now,
                    ctx.actor.label,
                )
                await records.cancel_after(procedure.code, start)
                await records.insert(
                    [(saved.code, start, note, checked)],
                    now,
                    ctx.actor.label,
                    version=saved.version,
                )
                await audit.record(
                    ctx,
                    "process.saved",
                    object_type="process",
                    object_id=saved.code,
                    after=_summary(saved),
                )
        except Exception as exc:
            if is_unique_violation(exc):
                raise Conflict(RACE) from exc
            raise
        return saved

    async def load_bundled(self) -> LoadReport:
        """Load the processes shipped with motcua (tools/build_processes.py); idempotent."""
        data = resources.files("core.process.data").joinpath(BUNDLED).read_bytes()
        try:
            bundle = msgspec.json.decode(data, type=ProcessBundle)
        except (msgspec.ValidationError, msgspec.DecodeError) as exc:
            raise InvalidInput.one("file", f"the process file is not valid: {exc}") from exc
        return await self.load(bundle)

    async def load(self, bundle: ProcessBundle) -> LoadReport:
        """Add version 1 for each procedure that has no process yet; never touch existing ones
        (an admin's edits win). Processes of procedures not in the catalog are skipped."""
        index = await self._catalog.index()
        existing = await records.codes()
        fresh: list[records.NewVersion] = []
        skipped = unchanged = 0
        for entry in bundle.processes:
            procedure = index.get(entry.code)
            if procedure is None:
                skipped += 1
                continue
            if entry.code in existing:
                unchanged += 1
                continue
            inputs = [
                StepInput(s.name, s.kind, s.performer, s.role, s.allowance_hours, s.performer_ref)
                for s in entry.steps
            ]
            try:
                steps = rules.check(inputs, legal_hours=legal_hours(procedure), unit_codes=())
            except InvalidInput as exc:
                errors = [FieldError(f"{entry.code} {e.field}", e.message) for e in exc.errors]
                message = f"the bundled process of {entry.code} is not valid"
                raise InvalidInput(message, errors) from exc
            start = dt.datetime.combine(entry.effective_from, dt.time(0), VIETNAM)
            fresh.append((entry.code, start, entry.note, steps))
            existing.add(entry.code)
        if fresh:
            async with write_transaction(Process._meta.db):
                await records.insert(fresh, self._clock.now(), "motcua")
                detail = f"{len(fresh)} bundled processes"
                await audit.record(
                    SYSTEM_CONTEXT, "process.loaded", object_type="process", detail=detail
                )
        return LoadReport(len(fresh), unchanged, skipped)


def _require_admin(ctx: Context) -> None:
    if not (can_administer(ctx.actor) or ctx.actor.kind == "system"):
        raise PermissionDenied("only an admin edits processes")


def _start(raw: dt.datetime | str | None, now: dt.datetime) -> tuple[dt.datetime, list[FieldError]]:
    """The instant a new version takes effect, and what is wrong with it (if anything)."""
    if isinstance(raw, dt.datetime):
        start = raw
    elif not raw or not raw.strip():
        return now, []
    else:
        day = _day(raw.strip())
        if day is None:
            return now, [FieldError("effective_from", DATE_SHAPE)]
        today = now.astimezone(VIETNAM).date()
        start = now if day == today else dt.datetime.combine(day, dt.time(0), VIETNAM)
    if start.tzinfo is None:
        return now, [FieldError("effective_from", DATE_SHAPE)]
    return start, [FieldError("effective_from", IN_THE_PAST)] if start < now else []


def _day(text: str) -> dt.date | None:
    for shape in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, shape).date()
        except ValueError:
            continue
    return None


async def _checked(
    steps: Sequence[StepInput], legal: int | None, problems: list[FieldError]
) -> list[Step]:
    """The steps checked by the rules; `problems` found with the version's own fields join in."""
    wants_units = any((s.performer or "").strip() == Performer.UNIT for s in steps)
    units = await records.active_unit_codes() if wants_units else set()
    try:
        checked = rules.check(steps, legal_hours=legal, unit_codes=units)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, [*exc.errors, *problems]) from exc
    if problems:
        raise InvalidInput("the process is not valid", problems)
    return checked


def _state(version: ProcessVersion, in_force: int | None, now: dt.datetime) -> VersionState:
    if not version.active:
        return "cancelled"
    if version.effective_from > now:
        return "scheduled"
    return "in_force" if version.version == in_force else "replaced"


def _summary(saved: ProcessVersion) -> dict[str, object]:
    """What the audit log keeps of a saved version."""
    return {
        "version": saved.version,
        "effective_from": saved.effective_from.isoformat(),
        "steps": len(saved.steps),
        "total_hours": saved.total_hours,
    }
