"""Follow-up tasks for unit heads: an unhappy citizen said why, and the head looks into it.

Opened inside the rating's transaction (`open_task`) with a notice to each head of the unit that
returned the result; a head of that unit closes it with a note of what was done. Anyone else,
including an officer of the same unit, meets "not found".
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core import database, rows
from core.clock import Clock
from core.errors import Conflict, InvalidInput, NotFound
from core.feedback.tables import FollowUp
from core.identity import audit
from core.identity.actor import Context
from core.identity.tables import StaffRole
from core.outbox import messages

NOT_FOUND = "Không tìm thấy việc cần xử lý"
MAX_NOTE = 2_000
OPEN = "open"
CLOSED = "closed"


@dataclasses.dataclass(frozen=True, slots=True)
class Task:
    id: int
    dossier_code: str
    comment: str
    status: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    note: str


async def open_task(
    rating_id: int, unit_id: int, dossier_code: str, comment: str, now: dt.datetime
) -> None:
    """A task for the heads of `unit_id`; call it inside the rating's transaction."""
    await rows.insert(
        FollowUp,
        [
            {
                "rating": rating_id,
                "unit": unit_id,
                "dossier_code": dossier_code,
                "comment": comment,
                "status": OPEN,
                "opened_at": now,
            }
        ],
    )
    heads = await StaffRole.select(StaffRole.staff).where(
        (StaffRole.role == "head")
        & (StaffRole.staff.unit == unit_id)
        & (StaffRole.staff.active == True)  # noqa: E712 (Piccolo builds SQL from ==)
    )
    notice = messages.Notice(
        topic="feedback.follow_up",
        subject=f"Công dân không hài lòng với hồ sơ {dossier_code}",
        body=f"Ý kiến của công dân: {comment}\nĐề nghị lãnh đạo đơn vị xem xét, xử lý.",
        link="/staff/feedback/follow-ups",
        data={"code": dossier_code},
    )
    for head in {int(row["staff"]) for row in heads}:
        await messages.enqueue(notice, now=now, staff_id=head)


async def exists_for(rating_id: int) -> bool:
    return bool(await FollowUp.exists().where(FollowUp.rating == rating_id))


class FollowUpService:
    """The head's list of follow-up tasks and closing one."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def tasks(self, ctx: Context) -> list[Task]:
        """The head's unit's tasks, open ones first, newest first within each."""
        unit = _head_unit(ctx)
        found = (
            await FollowUp.select()
            .where(FollowUp.unit == unit)
            .order_by(FollowUp.id, ascending=False)
        )
        tasks = [_task(row) for row in found]
        return sorted(tasks, key=lambda t: t.status != OPEN)

    async def close(self, ctx: Context, task_id: int, note: str) -> Task:
        unit = _head_unit(ctx)
        text = (note or "").strip()
        if not text:
            raise InvalidInput.one("note", "Ghi kết quả xem xét, xử lý trước khi đóng việc")
        if len(text) > MAX_NOTE:
            raise InvalidInput.one("note", f"Ghi tối đa {MAX_NOTE} ký tự")
        row = (
            await FollowUp.select()
            .where((FollowUp.id == task_id) & (FollowUp.unit == unit))
            .first()
        )
        if row is None:
            raise NotFound(NOT_FOUND)
        now = self._clock.now()
        async with database.write_transaction(FollowUp._meta.db):
            changed = await (
                FollowUp.update(
                    {
                        FollowUp.status: CLOSED,
                        FollowUp.closed_at: now,
                        FollowUp.closed_by: ctx.actor.id,
                        FollowUp.note: text,
                    }
                )
                .where((FollowUp.id == task_id) & (FollowUp.status == OPEN))
                .returning(FollowUp.id)
            )
            if not changed:
                raise Conflict("Việc này đã được đóng")
            await audit.record(
                ctx,
                "feedback.follow_up.close",
                object_type="dossier",
                object_id=row["dossier_code"],
                after={"status": CLOSED},
            )
        closed = await FollowUp.select().where(FollowUp.id == task_id).first()
        assert closed is not None
        return _task(closed)


def _head_unit(ctx: Context) -> int:
    if not ctx.actor.has_role("head") or ctx.actor.unit_id is None:
        raise NotFound(NOT_FOUND)
    return ctx.actor.unit_id


def _task(row: dict[str, object]) -> Task:
    return Task(
        id=int(row["id"]),  # type: ignore[call-overload]
        dossier_code=str(row["dossier_code"]),
        comment=str(row["comment"]),
        status=str(row["status"]),
        opened_at=row["opened_at"],  # type: ignore[arg-type]
        closed_at=row["closed_at"],  # type: ignore[arg-type]
        note=str(row["note"]),
    )
