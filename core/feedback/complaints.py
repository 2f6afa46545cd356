"""ComplaintService: complaints and suggestions (phản ánh, kiến nghị), filed, routed, answered.

A citizen files one about a dossier of their own, a procedure of the catalog or a regulation. It
gets a code (`core.feedback.complaint_codes`), goes to the unit holding that dossier (or the unit
the citizen chose), and is due `allowance.ANSWER_WITHIN_WORKING_DAYS` working days later on that
unit's calendar. A head of that unit answers; the answer goes to the citizen in the same
transaction, and is published, anonymised (`core.feedback.anonymise`), only when the citizen
agreed. The public list shows nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any, Protocol

from core import database, rows
from core.calendar.working import WorkingCalendar
from core.clock import Clock
from core.dossiers.tables import Dossier
from core.errors import Conflict, FieldError, InvalidInput, NotFound
from core.feedback import complaint_codes
from core.feedback.allowance import ANSWER_WITHIN_HOURS
from core.feedback.anonymise import anonymise
from core.feedback.tables import Complaint
from core.identity import audit
from core.identity.actor import Context
from core.identity.tables import Unit
from core.outbox import messages

KINDS = {"phan_anh": "Phản ánh", "kien_nghi": "Kiến nghị"}
SUBJECTS = {
    "dossier": "Hồ sơ",
    "procedure": "Thủ tục hành chính",
    "regulation": "Quy định hành chính",
}
STATUS_LABELS = {"received": "Đang xem xét", "answered": "Đã trả lời"}
NOT_FOUND = "Không tìm thấy phản ánh, kiến nghị"
PROCEDURE_CODE = re.compile(r"^[12]\.\d{6}$")
MIN_BODY, MAX_BODY = 10, 5_000
MAX_SUBJECT = 500
PUBLIC_PAGE = 50


class Calendars(Protocol):
    async def calendar(self, unit_code: str | None = None) -> WorkingCalendar: ...


class Procedures(Protocol):
    async def get(self, code: str) -> Any: ...


@dataclasses.dataclass(frozen=True, slots=True)
class ComplaintInput:
    kind: str
    subject_kind: str
    subject: str
    body: str
    unit: str = ""  # a unit's e-identifier; for a dossier, the unit holding it is used instead
    publish_consent: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class ComplaintView:
    code: str
    kind: str
    kind_label: str
    subject_kind: str
    subject_label: str
    subject: str
    body: str
    unit_code: str
    unit_name: str
    received_at: dt.datetime
    due_at: dt.datetime
    status: str
    status_label: str
    answer: str
    answered_at: dt.datetime | None
    publish_consent: bool
    published: bool


@dataclasses.dataclass(frozen=True, slots=True)
class PublicAnswer:
    """A published question and answer: no name, number or address of anyone."""

    code: str
    kind_label: str
    unit_name: str
    received_at: dt.datetime
    answered_at: dt.datetime
    question: str
    answer: str


@dataclasses.dataclass(frozen=True, slots=True)
class _Route:
    unit_id: int
    unit_code: str
    dossier_id: int | None
    subject: str


class ComplaintService:
    def __init__(self, clock: Clock, calendars: Calendars, procedures: Procedures) -> None:
        self._clock = clock
        self._calendars = calendars
        self._procedures = procedures

    async def file(self, ctx: Context, given: ComplaintInput) -> ComplaintView:
        """File a complaint or suggestion; every wrong field is named at once (422)."""
        if not ctx.actor.is_citizen:
            raise NotFound(NOT_FOUND)
        route = await self._checked(ctx, given)
        now = self._clock.now()
        calendar = await self._calendars.calendar(route.unit_code)
        due = calendar.add_hours(now, ANSWER_WITHIN_HOURS)
        async with database.write_transaction(Complaint._meta.db):
            code = await complaint_codes.next_code(route.unit_code, now)
            await rows.insert(
                Complaint,
                [
                    {
                        "code": code,
                        "kind": given.kind,
                        "subject_kind": given.subject_kind,
                        "subject": route.subject,
                        "dossier": route.dossier_id,
                        "body": given.body.strip(),
                        "citizen": ctx.actor.id,
                        "unit": route.unit_id,
                        "received_at": now,
                        "due_at": due,
                        "status": "received",
                        "publish_consent": bool(given.publish_consent),
                    }
                ],
            )
            await audit.record(
                ctx,
                "complaint.file",
                object_type="complaint",
                object_id=code,
                after={"unit": route.unit_code, "due_at": due.isoformat()},
                unit_code=route.unit_code,
            )
        return await self.mine_one(ctx, code)

    async def mine(self, ctx: Context) -> list[ComplaintView]:
        if not ctx.actor.is_citizen:
            raise NotFound(NOT_FOUND)
        return await _views(Complaint.citizen == ctx.actor.id)

    async def mine_one(self, ctx: Context, code: str) -> ComplaintView:
        if not ctx.actor.is_citizen:
            raise NotFound(NOT_FOUND)
        return await _one((Complaint.citizen == ctx.actor.id) & (Complaint.code == code[:64]))

    async def for_unit(self, ctx: Context) -> list[ComplaintView]:
        """The head's unit's complaints: unanswered first, the nearest deadline first."""
        found = await _views(Complaint.unit == _head_unit(ctx))
        return sorted(found, key=lambda c: (c.status != "received", c.due_at))

    async def unit_one(self, ctx: Context, code: str) -> ComplaintView:
        return await _one((Complaint.unit == _head_unit(ctx)) & (Complaint.code == code[:64]))

    async def answer(self, ctx: Context, code: str, text: str, publish: bool) -> ComplaintView:
        """The head's answer, sent to the citizen; published anonymised if asked and agreed."""
        found = await self.unit_one(ctx, code)
        answer = (text or "").strip()
        if not answer:
            raise InvalidInput.one("answer", "Nhập nội dung trả lời")
        if len(answer) > MAX_BODY:
            raise InvalidInput.one("answer", f"Nội dung trả lời tối đa {MAX_BODY} ký tự")
        if found.status != "received":
            raise Conflict("Phản ánh, kiến nghị này đã được trả lời")
        if publish and not found.publish_consent:
            raise Conflict("Người gửi không đồng ý công khai; không công khai được câu trả lời")
        now = self._clock.now()
        updates: dict[Any, Any] = {
            Complaint.status: "answered",
            Complaint.answer: answer,
            Complaint.answered_by: ctx.actor.id,
            Complaint.answered_at: now,
        }
        if publish:
            names = await _names(found.code)
            updates.update(
                {
                    Complaint.published: True,
                    Complaint.published_at: now,
                    Complaint.public_body: anonymise(found.body, names),
                    Complaint.public_answer: anonymise(answer, names),
                }
            )
        async with database.write_transaction(Complaint._meta.db):
            changed = await (
                Complaint.update(updates)
                .where((Complaint.code == found.code) & (Complaint.status == "received"))
                .returning(Complaint.citizen)
            )
            if not changed:
                raise Conflict("Phản ánh, kiến nghị này đã được trả lời")
            notice = messages.Notice(
                topic="complaint.answer",
                subject=f"Trả lời {found.kind_label.lower()} {found.code}",
                body=f"{found.unit_name} trả lời:\n{answer}",
                link=f"/phan-anh-kien-nghi/{found.code}",
                data={"code": found.code},
            )
            await messages.enqueue(notice, now=now, citizen_id=int(changed[0]["citizen"]))
            await audit.record(
                ctx,
                "complaint.answer",
                object_type="complaint",
                object_id=found.code,
                after={"status": "answered", "published": publish},
            )
        return await self.unit_one(ctx, code)

    async def published(self) -> list[PublicAnswer]:
        """The newest published answers; only the anonymised text is ever read here."""
        found = await (
            Complaint.select(
                Complaint.code,
                Complaint.kind,
                Complaint.unit.name.as_alias("unit_name"),
                Complaint.received_at,
                Complaint.answered_at,
                Complaint.public_body,
                Complaint.public_answer,
            )
            .where(Complaint.published == True)  # noqa: E712 (Piccolo builds SQL from ==)
            .order_by(Complaint.answered_at, ascending=False)
            .limit(PUBLIC_PAGE)
        )
        return [
            PublicAnswer(
                r["code"],
                KINDS[r["kind"]],
                r["unit_name"],
                r["received_at"],
                r["answered_at"],
                r["public_body"],
                r["public_answer"],
            )
            for r in found
        ]

    async def units(self) -> list[tuple[str, str]]:
        """The active units a complaint may be sent to: (e-identifier, name), by name."""
        found = await Unit.select(Unit.code, Unit.name).where(Unit.active == True)  # noqa: E712
        return sorted(((r["code"], r["name"]) for r in found), key=lambda u: u[1])

    async def _checked(self, ctx: Context, given: ComplaintInput) -> _Route:
        errors: list[FieldError] = []
        if given.kind not in KINDS:
            errors.append(FieldError("kind", "Chọn phản ánh hoặc kiến nghị"))
        body = (given.body or "").strip()
        if not MIN_BODY <= len(body) <= MAX_BODY:
            errors.append(FieldError("body", f"Nội dung từ {MIN_BODY} đến {MAX_BODY} ký tự"))
        route: _Route | None = None
        if given.subject_kind not in SUBJECTS:
            errors.append(
                FieldError(
                    "subject_kind", "Chọn nội dung liên quan đến hồ sơ, thủ tục hay quy định"
                )
            )
        elif given.subject_kind == "dossier":
            route = await _dossier_route(ctx, given.subject)
            if route is None:
                errors.append(FieldError("subject", "Nhập mã một hồ sơ của ông/bà"))
        else:
            subject = " ".join((given.subject or "").split())
            if given.subject_kind == "procedure" and not await self._known_procedure(subject):
                errors.append(
                    FieldError("subject", "Nhập mã thủ tục có trong danh mục, ví dụ 1.001193")
                )
            elif not 3 <= len(subject) <= MAX_SUBJECT:
                errors.append(
                    FieldError("subject", f"Ghi tên quy định (tối đa {MAX_SUBJECT} ký tự)")
                )
            unit = (
                await Unit.select(Unit.id, Unit.code)
                .where(
                    (Unit.code == (given.unit or "").strip()[:32]) & (Unit.active == True)  # noqa: E712
                )
                .first()
            )
            if unit is None:
                errors.append(FieldError("unit", "Chọn cơ quan nhận phản ánh, kiến nghị"))
            else:
                route = _Route(unit["id"], unit["code"], None, subject)
        if errors:
            raise InvalidInput("Phản ánh, kiến nghị chưa hợp lệ", errors)
        assert route is not None
        return route

    async def _known_procedure(self, code: str) -> bool:
        if not PROCEDURE_CODE.match(code):
            return False
        try:
            await self._procedures.get(code)
        except NotFound:
            return False
        return True


async def _dossier_route(ctx: Context, code: str) -> _Route | None:
    row = (
        await Dossier.select(
            Dossier.id,
            Dossier.code,
            Dossier.holding_unit,
            Dossier.holding_unit.code.as_alias("unit"),
        )
        .where((Dossier.code == (code or "").strip()[:48]) & (Dossier.owner == ctx.actor.id))
        .first()
    )
    if row is None:
        return None
    return _Route(row["holding_unit"], row["unit"], row["id"], row["code"])


def _head_unit(ctx: Context) -> int:
    if not ctx.actor.has_role("head") or ctx.actor.unit_id is None:
        raise NotFound(NOT_FOUND)
    return ctx.actor.unit_id


async def _names(code: str) -> list[str]:
    """The names the system knows around a complaint: the citizen's and the dossier's applicant."""
    row = (
        await Complaint.select(
            Complaint.citizen.full_name.as_alias("citizen_name"),
            Complaint.dossier.applicant_name.as_alias("applicant_name"),
        )
        .where(Complaint.code == code)
        .first()
    )
    if row is None:
        return []
    return [str(row["citizen_name"] or ""), str(row["applicant_name"] or "")]


async def _views(where: Any) -> list[ComplaintView]:
    found = await (
        Complaint.select(
            *Complaint.all_columns(),
            Complaint.unit.code.as_alias("unit_code"),
            Complaint.unit.name.as_alias("unit_name"),
        )
        .where(where)
        .order_by(Complaint.id, ascending=False)
    )
    return [_view(r) for r in found]


async def _one(where: Any) -> ComplaintView:
    found = await _views(where)
    if not found:
        raise NotFound(NOT_FOUND)
    return found[0]


def _view(r: dict[str, Any]) -> ComplaintView:
    return ComplaintView(
        code=r["code"],
        kind=r["kind"],
        kind_label=KINDS[r["kind"]],
        subject_kind=r["subject_kind"],
        subject_label=SUBJECTS[r["subject_kind"]],
        subject=r["subject"],
        body=r["body"],
        unit_code=r["unit_code"],
        unit_name=r["unit_name"],
        received_at=r["received_at"],
        due_at=r["due_at"],
        status=r["status"],
        status_label=STATUS_LABELS.get(r["status"], r["status"]),
        answer=r["answer"],
        answered_at=r["answered_at"],
        publish_consent=bool(r["publish_consent"]),
        published=bool(r["published"]),
    )
