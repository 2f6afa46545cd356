"""Filing a dossier: validate everything at once, then write it whole in one transaction.

A submission carries the citizen's `Idempotency-Key`: the same key always answers with the same
dossier. The write itself looks for the key's dossier first (core.dossiers.filing_write: no
statement is spent asking beforehand) and writes nothing if there is one; when two retries race,
the unique key refuses the second insert (its transaction rolls back whole, sequence number
included), which then reads the first one's dossier. A retry whose request no longer passes the
checks (its papers handed over, say) is answered with its dossier too.
Nothing is written until every check has passed, and the dossier, its documents, its first
timeline event, its sequence number and its audit row commit together or not at all.

A volunteer assistant (core.assistants) files through the same path for a citizen who consented:
`for_citizen` makes that citizen the owner, the assistant is recorded beside them, and `on_filed`
writes the assistant's side (consent used, papers handed over) in the filing's transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from core import database, rows
from core.catalog.model import Procedure
from core.catalog.service import CatalogService
from core.clock import Clock, today_in_vietnam
from core.dossiers import deadline, filing_write, procedures
from core.dossiers.documents import OwnedUploads, attach_documents
from core.dossiers.fields import clean_fields
from core.dossiers.requirements import DocumentChoice, check_choices
from core.dossiers.status import Status
from core.dossiers.tables import Dossier
from core.errors import (
    DomainError,
    FieldError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from core.identity import audit
from core.identity.actor import Context
from core.identity.tables import Citizen, Unit
from core.payments import fees
from core.stats import recorder

IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{8,100}$")
KEY_FIELD = "Idempotency-Key"
MAX_FEE_VND = 1_000_000_000  # the catalog's own bound on an amount; well inside the column
ONLINE_NOTE = "Nộp hồ sơ trực tuyến"
ASSISTED_NOTE = "Người hỗ trợ nộp hồ sơ trực tuyến thay công dân"

OnFiled = Callable[[int, str], Awaitable[None]]
"""Called with the new dossier's id and code inside the filing's write transaction."""


@dataclasses.dataclass(frozen=True, slots=True)
class Submission:
    procedure_code: str
    fields: Mapping[str, object]
    documents: Sequence[DocumentChoice] = ()
    unit_code: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Submitted:
    code: str
    status: Status
    due_at: dt.datetime | None
    created: bool  # False when an earlier request with the same key made it


class SubmissionService:
    """Turns a citizen's submission into a dossier with its code, due date and receipt."""

    def __init__(
        self,
        clock: Clock,
        catalog: CatalogService,
        uploads: OwnedUploads,
        calendar: deadline.DueDates,
    ) -> None:
        self._clock = clock
        self._catalog = catalog
        self._uploads = uploads
        self._calendar = calendar
        self._frozen = procedures.FrozenProcedures()

    async def submit(
        self,
        ctx: Context,
        submission: Submission,
        key: str,
        *,
        for_citizen: int | None = None,
        on_filed: OnFiled | None = None,
    ) -> Submitted:
        """File `submission` for the signed-in citizen, once per `key`.

        With `for_citizen` the caller is a volunteer assistant whose right to act for that
        citizen `core.assistants` has already checked: the citizen owns the dossier, the caller
        is recorded as its assistant, and the papers are the caller's uploads. `on_filed` runs
        in the write transaction; raising there files nothing.
        """
        submitter = _citizen_of(ctx)
        if not IDEMPOTENCY_KEY.match(key or ""):
            raise InvalidInput.one(
                KEY_FIELD, "Cần tiêu đề Idempotency-Key gồm 8–100 ký tự ASCII in được"
            )
        scope = f"{submitter}:{key}"
        fingerprint = _fingerprint(submission, for_citizen)
        try:
            procedure, fields, documents, unit = await self._checked(submitter, submission)
            items = _fee_items(procedure, fields)
        except DomainError:
            # A retry is answered with its dossier even if what it asks no longer passes.
            earlier = await _by_scope(scope, fingerprint)
            if earlier:
                return earlier
            raise
        owner = submitter if for_citizen is None else for_citizen
        frozen_id = await self._frozen.id_for(procedure, self._clock.now())
        now = self._clock.now()
        due_at = await deadline.due_at(self._calendar, procedure, now)
        values = {
            "procedure_code": procedure.code,
            "procedure": frozen_id,
            "owner": owner,
            "receiving_unit": unit["id"],
            "holding_unit": unit["id"],
            "status": Status.SUBMITTED.value,
            "channel": "online",
            "fields": fields,
            "applicant_name": _applicant_name(procedure, fields),
            "phone_tail": await _phone_tail(owner, procedure, fields),
            "fee_vnd": fees.dossier_fee(procedure, items),
            "fee_items": fees.as_json(items),
            "submitted_at": now,
            "due_at": due_at,
            "updated_at": now,
            "idempotency_scope": scope,
            "request_hash": fingerprint,
        }
        if for_citizen is not None:  # only then: the plain filing's insert stays as it was
            values["assistant"] = submitter
        try:
            full = procedure.online_level == "full"
            filed = await self._write(ctx, values, unit["code"], documents, on_filed, full)
        except Exception as error:
            if not database.is_unique_violation(error):
                raise
            raced = await _by_scope(scope, fingerprint)
            if raced is None:
                raise
            return raced
        if filed is None:  # the key had its dossier already: no statement was spent to ask first
            earlier = await _by_scope(scope, fingerprint)
            assert earlier is not None, "the write saw a dossier with this key"
            return earlier
        return filed

    async def _checked(
        self, owner: int, submission: Submission
    ) -> tuple[Procedure, dict[str, object], list[dict[str, Any]], dict[str, Any]]:
        """The procedure, cleaned fields, documents and receiving unit; every problem at once."""
        procedure = await self.procedure(submission.procedure_code)
        problems: list[FieldError] = []
        fields: dict[str, object] = {}
        try:
            today = today_in_vietnam(self._clock)
            fields = clean_fields(procedure.form_fields, submission.fields, today=today)
        except InvalidInput as invalid:
            problems.extend(invalid.errors)
        problems.extend(check_choices(procedure, submission.documents))
        documents, missing = await self._documents(owner, procedure, submission.documents)
        problems.extend(missing)
        unit, unit_problem = await _receiving_unit(procedure, submission.unit_code)
        problems.extend(unit_problem)
        if problems:
            raise InvalidInput("Hồ sơ chưa hợp lệ: " + problems[0].message, problems)
        assert unit is not None
        return procedure, fields, documents, unit

    async def procedure(self, code: str) -> Procedure:
        """The catalog's procedure `code` if it can be filed online; InvalidInput otherwise."""
        try:
            procedure = await self._catalog.get(code)
        except NotFound:
            raise InvalidInput.one(
                "procedure_code", f"Không có thủ tục mã “{code[:20]}” trong danh mục"
            ) from None
        if not procedure.online:
            raise InvalidInput.one(
                "procedure_code",
                "Thủ tục này chưa nộp trực tuyến được; hãy nộp tại bộ phận một cửa",
            )
        return procedure

    async def _documents(
        self, owner: int, procedure: Procedure, choices: Sequence[DocumentChoice]
    ) -> tuple[list[dict[str, Any]], list[FieldError]]:
        return await attach_documents(self._uploads, owner, procedure, choices, round_no=0)

    async def _write(
        self,
        ctx: Context,
        values: dict[str, Any],
        unit_code: str,
        documents: list[dict[str, Any]],
        on_filed: OnFiled | None = None,
        full_online: bool = False,
    ) -> Submitted | None:
        """Write the dossier; None (nothing written) if its key has one already."""
        filing = filing_write.FilingRows(
            unit_code=unit_code,
            dossier=values,
            documents=documents,
            event={
                "at": values["submitted_at"],
                "actor_kind": ctx.actor.kind,
                "actor_label": ctx.actor.label[:200],
                "from_status": "",
                "to_status": Status.SUBMITTED.value,
                "note": ASSISTED_NOTE if "assistant" in values else ONLINE_NOTE,
            },
            audit=audit.audit_row(
                ctx,
                "dossier.submit",
                object_type="dossier",
                after={"procedure": values["procedure_code"], "documents": len(documents)},
                unit_code=unit_code,
            ),
            counts=recorder.filed_counts(values, full_online=full_online, documents=len(documents)),
        )
        # A retry racing this one is refused by the unique idempotency_scope (see `submit`).
        if on_filed is None:
            written = await filing_write.write(filing)  # one trip, its own transaction
        else:
            async with database.write_transaction(Dossier._meta.db):
                written = await filing_write.write(filing)
                if written is not None:
                    await on_filed(*written)
        if written is None:
            return None
        return Submitted(written[1], Status.SUBMITTED, values["due_at"], created=True)


def _citizen_of(ctx: Context) -> int:
    if ctx.actor.kind == "anonymous":
        raise Unauthenticated("Đăng nhập bằng số điện thoại để nộp hồ sơ")
    if not ctx.actor.is_citizen or ctx.actor.id is None:
        raise PermissionDenied("Chỉ công dân đã đăng nhập mới nộp hồ sơ cho mình")
    return ctx.actor.id


def _fingerprint(submission: Submission, for_citizen: int | None = None) -> str:
    """A hash of what was asked, so a key reused for a different dossier is caught."""
    asked: dict[str, object] = {
        "procedure_code": submission.procedure_code,
        "fields": submission.fields,
        "documents": [[d.requirement, d.upload_id] for d in submission.documents],
        "unit": submission.unit_code or "",
    }
    if for_citizen is not None:  # absent otherwise, so earlier dossiers' hashes still match
        asked["for_citizen"] = for_citizen
    canonical = json.dumps(
        asked,
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


async def _by_scope(scope: str, fingerprint: str) -> Submitted | None:
    """The dossier an earlier request with this key made, if any."""
    found = await rows.fetch(
        Dossier,
        "SELECT code, request_hash, status, due_at FROM dossier WHERE idempotency_scope = {}",
        scope,
    )  # asked on every filing: hand-written, as Piccolo's builder costs more than the query
    if not found:
        return None
    row = found[0]
    if row["request_hash"] != fingerprint:
        raise InvalidInput.one(
            KEY_FIELD,
            "Idempotency-Key này đã dùng cho một hồ sơ khác; hãy tạo khóa mới cho hồ sơ mới",
        )
    return Submitted(row["code"], Status(row["status"]), row["due_at"], created=False)


async def _receiving_unit(
    procedure: Procedure, unit_code: str | None
) -> tuple[dict[str, Any] | None, list[FieldError]]:
    """The unit named by the citizen, or the province's one-stop unit when none is named."""
    # Asked on every filing: hand-written, as Piccolo's builder costs more than the query.
    if unit_code:
        found = await rows.fetch(
            Unit,
            "SELECT id, code, kind FROM org_unit WHERE active = {} AND code = {}",
            True,
            unit_code.strip(),
        )
        if not found or found[0]["kind"] not in procedures.receiving_kinds(procedure):
            return None, [FieldError("unit", "Chọn nơi nộp hồ sơ trong danh sách")]
        return found[0], []
    found = await rows.fetch(
        Unit,
        "SELECT id, code, kind FROM org_unit WHERE active = {} AND kind = 'province' "
        "ORDER BY id LIMIT 1",
        True,
    )
    if not found:
        return None, [FieldError("unit", "Chưa có đơn vị tiếp nhận hồ sơ; hãy báo quản trị viên")]
    return found[0], []


def _fee_items(procedure: Procedure, fields: Mapping[str, object]) -> tuple[fees.FeeItem, ...]:
    """The fee frozen at filing; refused when the copies asked for add up past any real fee."""
    items = fees.fee_items(procedure, fields)
    if fees.total(items) > MAX_FEE_VND:
        field = fees.COPIES if fees.COPIES in fields else "fields"
        raise InvalidInput.one(field, "Số bản quá lớn; phí, lệ phí vượt mức thu của một hồ sơ")
    return items


def _applicant_name(procedure: Procedure, fields: Mapping[str, object]) -> str:
    """The first text field of the form: the person asking (người yêu cầu) in every bundled form."""
    for field in procedure.form_fields:
        if field.type == "text" and isinstance(fields.get(field.name), str):
            return str(fields[field.name])[:200]
    return ""


async def _phone_tail(owner: int, procedure: Procedure, fields: Mapping[str, object]) -> str:
    """The last four digits of the form's phone, else of the account's: the public lookup key."""
    phones = (fields.get(f.name) for f in procedure.form_fields if f.type == "phone")
    phone = next((p for p in phones if isinstance(p, str) and p), None)
    if phone is None:
        row = await Citizen.select(Citizen.phone).where(Citizen.id == owner).first()
        phone = (row or {}).get("phone") or ""
    return phone[-4:]
