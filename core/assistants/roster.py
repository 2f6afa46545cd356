"""A commune's register of volunteer assistants (người hỗ trợ): applications and decisions.

A citizen applies to one commune; that commune's officers or head approve, suspend or remove
them, each decision audited in its own transaction. Only an approved assistant may ask citizens
for consent (`approved`). Suspension and removal also end the assistant's access to every
dossier they filed: the citizens keep their dossiers, and a reinstated assistant starts afresh.

    applied ──approve──▶ approved ──suspend──▶ suspended ──approve──▶ approved
    applied, approved, suspended ──remove──▶ removed ──(applies again)──▶ applied
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from core import database
from core.assistants.tables import Assistant
from core.clock import Clock
from core.dossiers.tables import Dossier
from core.errors import Conflict, InvalidInput, Unauthenticated
from core.identity import access, audit
from core.identity.actor import Context
from core.identity.tables import Citizen, Unit
from core.outbox import messages

MAX_NOTE = 500
MAX_ID = 2**31 - 1
MAX_LISTED = 500
NOT_FOUND = "Không tìm thấy người hỗ trợ"
SIGN_IN = "Đăng nhập bằng số điện thoại để làm người hỗ trợ"
LABELS = {
    "applied": "Chờ UBND xã duyệt",
    "approved": "Đang hỗ trợ",
    "suspended": "Tạm đình chỉ",
    "removed": "Đã thôi hỗ trợ",
}
ORDER = ("applied", "approved", "suspended", "removed")  # what an officer looks at first
# decision → (the statuses it applies to, the status it leads to, what the assistant is told)
DECISIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "approve": (
        frozenset({"applied", "suspended"}),
        "approved",
        "Bạn đã được duyệt làm người hỗ trợ",
    ),
    "suspend": (frozenset({"approved"}), "suspended", "Bạn bị tạm đình chỉ làm người hỗ trợ"),
    "remove": (
        frozenset({"applied", "approved", "suspended"}),
        "removed",
        "Bạn không còn là người hỗ trợ",
    ),
}
NOT_ACTIVE = {
    "applied": "Đơn đăng ký làm người hỗ trợ của bạn đang chờ UBND xã duyệt",
    "suspended": "Bạn đang bị tạm đình chỉ làm người hỗ trợ; hãy liên hệ UBND xã",
    "removed": "Bạn không còn là người hỗ trợ; hãy liên hệ UBND xã",
}
ALREADY = {
    "applied": "Bạn đã đăng ký làm người hỗ trợ; đơn đang chờ UBND xã duyệt",
    "approved": "Bạn đã là người hỗ trợ",
    "suspended": "Bạn đang bị tạm đình chỉ làm người hỗ trợ; hãy liên hệ UBND xã",
}


@dataclasses.dataclass(frozen=True, slots=True)
class AssistantView:
    id: int
    citizen_id: int
    name: str
    phone: str  # 0xxxxxxxxx: the commune calls its volunteers
    unit_code: str
    unit_name: str
    status: str  # applied | approved | suspended | removed
    note: str
    decision_note: str
    applied_at: dt.datetime
    decided_at: dt.datetime | None

    @property
    def status_label(self) -> str:
        return LABELS[self.status]


@dataclasses.dataclass(frozen=True, slots=True)
class Helper:
    """The approved assistant who is acting now."""

    id: int
    citizen_id: int
    name: str
    phone: str  # +84…
    unit_code: str
    unit_name: str


_COLUMNS = (
    Assistant.id,
    Assistant.citizen,
    Assistant.citizen.full_name.as_alias("name"),
    Assistant.citizen.phone.as_alias("phone"),
    Assistant.unit,
    Assistant.unit.code.as_alias("unit_code"),
    Assistant.unit.name.as_alias("unit_name"),
    Assistant.status,
    Assistant.note,
    Assistant.decision_note,
    Assistant.applied_at,
    Assistant.decided_at,
)


class AssistantRoster:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def apply(self, ctx: Context, commune_code: str, note: str) -> AssistantView:
        """Ask a commune to accept the caller as its assistant (again, after a removal)."""
        citizen_id = citizen_of(ctx)
        text = clean_note(note)
        unit = await Unit.select(Unit.id, Unit.code, Unit.kind, Unit.active).where(
            Unit.code == (commune_code or "").strip()[:32]
        )
        if not unit or not unit[0]["active"] or unit[0]["kind"] != "commune":
            raise InvalidInput.one("unit", "Chọn xã, phường nơi bạn hỗ trợ người dân")
        person = await Citizen.select(Citizen.full_name).where(Citizen.id == citizen_id).first()
        if person is None or not (person["full_name"] or "").strip():
            raise InvalidInput.one(
                "full_name",
                "Hãy cập nhật họ và tên trong hồ sơ cá nhân trước: người dân cần biết ai giúp mình",
            )
        values = {"unit": unit[0]["id"], "status": "applied", "note": text}
        now = self._clock.now()
        try:
            async with database.write_transaction(Assistant._meta.db):
                await _enrol(ctx, citizen_id, values, now, unit[0]["code"])
        except Exception as error:
            if database.is_unique_violation(error):  # a twin request got there first
                raise Conflict(ALREADY["applied"]) from None
            raise
        found = await self.mine(ctx)
        assert found is not None
        return found

    async def mine(self, ctx: Context) -> AssistantView | None:
        if not ctx.actor.is_citizen:
            return None
        row = await Assistant.select(*_COLUMNS).where(Assistant.citizen == ctx.actor.id).first()
        return _view(row) if row else None

    async def of_unit(self, ctx: Context) -> list[AssistantView]:
        """The caller's commune's applications and assistants, waiting ones first."""
        unit_id = ctx.actor.unit_id
        access.ensure(access.can_manage_assistants(ctx.actor, unit_id), NOT_FOUND)
        rows = (
            await Assistant.select(*_COLUMNS)
            .where(Assistant.unit == unit_id)
            .order_by(Assistant.applied_at, ascending=False)
            .limit(MAX_LISTED)
        )
        return sorted((_view(r) for r in rows), key=lambda v: ORDER.index(v.status))

    async def decide(
        self, ctx: Context, assistant_id: int, decision: str, note: str
    ) -> AssistantView:
        """approve, suspend or remove; an officer of another commune finds nobody (404)."""
        if decision not in DECISIONS:
            raise InvalidInput.one("decision", "Chọn duyệt, tạm đình chỉ hoặc cho thôi hỗ trợ")
        text = clean_note(note)
        row = await _by_id(assistant_id)
        access.ensure(
            row is not None and access.can_manage_assistants(ctx.actor, row["unit"]), NOT_FOUND
        )
        assert row is not None
        sources, target, told = DECISIONS[decision]
        if row["status"] not in sources:
            raise Conflict(f"Người hỗ trợ đang ở trạng thái “{LABELS[row['status']]}”")
        now = self._clock.now()
        async with database.write_transaction(Assistant._meta.db):
            changed = (
                await Assistant.update(
                    {
                        Assistant.status: target,
                        Assistant.decision_note: text,
                        Assistant.decided_at: now,
                        Assistant.decided_by: ctx.actor.id,
                    }
                )
                .where((Assistant.id == row["id"]) & (Assistant.status == row["status"]))
                .returning(Assistant.id)
            )
            if not changed:
                raise Conflict("Người hỗ trợ vừa được cán bộ khác xử lý; hãy tải lại trang")
            if target != "approved":  # their access to every dossier they filed ends now
                await Dossier.update({Dossier.assistant_revoked_at: now}).where(
                    (Dossier.assistant == row["citizen"]) & Dossier.assistant_revoked_at.is_null()
                )
            await audit.record(
                ctx,
                f"assistant.{decision}",
                object_type="assistant",
                object_id=row["id"],
                before={"status": row["status"]},
                after={"status": target},
                unit_code=row["unit_code"],
            )
            notice = messages.Notice("assistant.decision", f"{told} tại {row['unit_name']}", text)
            await messages.enqueue(notice, now=now, citizen_id=row["citizen"])
        found = await _by_id(row["id"])
        assert found is not None
        return _view(found)

    async def approved(self, ctx: Context) -> Helper:
        """The caller as an approved assistant; Conflict saying why not otherwise."""
        helper, status = await _helper(ctx)
        if status != "approved":
            raise Conflict(NOT_ACTIVE[status])
        return helper

    async def enrolled(self, ctx: Context) -> Helper:
        """The caller as an assistant of any status: to read back what they asked."""
        return (await _helper(ctx))[0]


def citizen_of(ctx: Context) -> int:
    if not ctx.actor.is_citizen or ctx.actor.id is None:
        raise Unauthenticated(SIGN_IN)
    return ctx.actor.id


def clean_note(note: str) -> str:
    text = (note or "").strip()
    if len(text) > MAX_NOTE:
        raise InvalidInput.one("note", f"Ghi chú tối đa {MAX_NOTE} ký tự")
    return text


async def _enrol(
    ctx: Context, citizen_id: int, values: dict[Any, Any], now: dt.datetime, unit_code: str
) -> None:
    """A new application, or a removed assistant's new one (in the caller's transaction)."""
    earlier = await Assistant.select(Assistant.id, Assistant.status).where(
        Assistant.citizen == citizen_id
    )
    if earlier and earlier[0]["status"] != "removed":
        raise Conflict(ALREADY[earlier[0]["status"]])
    if earlier:
        assistant_id = earlier[0]["id"]
        changes = {getattr(Assistant, k): v for k, v in values.items()}
        await Assistant.update(
            {**changes, Assistant.applied_at: now, Assistant.decided_at: None}
        ).where(Assistant.id == assistant_id)
    else:
        made = await Assistant.insert(
            Assistant(citizen=citizen_id, applied_at=now, **values)
        ).returning(Assistant.id)
        assistant_id = made[0]["id"]
    await audit.record(
        ctx,
        "assistant.apply",
        object_type="assistant",
        object_id=assistant_id,
        after={"unit": unit_code},
        unit_code=unit_code,
    )


async def _helper(ctx: Context) -> tuple[Helper, str]:
    citizen_id = citizen_of(ctx)
    row = await Assistant.select(*_COLUMNS).where(Assistant.citizen == citizen_id).first()
    if row is None:
        raise Conflict("Bạn chưa đăng ký làm người hỗ trợ")
    names = (row["name"] or "", row["phone"] or "", row["unit_code"], row["unit_name"])
    return Helper(row["id"], citizen_id, *names), row["status"]


async def _by_id(assistant_id: int) -> dict[str, Any] | None:
    if not 0 < assistant_id <= MAX_ID:
        return None
    row: dict[str, Any] | None = (
        await Assistant.select(*_COLUMNS).where(Assistant.id == assistant_id).first()
    )
    return row


def _view(row: dict[str, Any]) -> AssistantView:
    phone = row["phone"] or ""
    return AssistantView(
        id=row["id"],
        citizen_id=row["citizen"],
        name=row["name"] or "",
        phone="0" + phone.removeprefix("+84") if phone else "",
        unit_code=row["unit_code"],
        unit_name=row["unit_name"],
        status=row["status"],
        note=row["note"],
        decision_note=row["decision_note"],
        applied_at=row["applied_at"],
        decided_at=row["decided_at"],
    )
