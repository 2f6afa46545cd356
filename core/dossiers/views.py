"""Reading dossiers: the owner's list and detail, the public tracking view, the receipt.

Access follows `core.identity.access`: anything the caller may not see is `NotFound`, so dossier
codes cannot be probed. The public view shows status, procedure, unit and dates only; with the
last four digits of the phone it adds the timeline (still no name, address or documents), and
wrong guesses are rate-limited per client address.

A dossier a volunteer assistant filed is theirs to read too, but only while it is under way and
the owner has not revoked them (`assistant_who_sees`); after that it does not exist for them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from core.clock import Clock
from core.dossiers.fields import first_address
from core.dossiers.forms import CITIZEN_FORMS, issued
from core.dossiers.receipt import Receipt, ReceivedDocument
from core.dossiers.result_file import ResultFile, find
from core.dossiers.status import TRANSITIONS, Status, event_headline
from core.dossiers.tables import Dossier, DossierDocument, DossierEvent
from core.errors import NotFound
from core.identity import access, ratelimit
from core.identity.actor import Context

TAIL_GUESSES = ratelimit.Limit(
    count=10, window=dt.timedelta(minutes=15), message="Nhập sai quá nhiều lần"
)


@dataclasses.dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: dt.datetime
    status: Status | None
    note: str
    actor_kind: str
    missing: tuple[str, ...] = ()
    from_status: Status | None = None

    @property
    def headline(self) -> str:
        return event_headline(self.from_status, self.status, self.actor_kind)


@dataclasses.dataclass(frozen=True, slots=True)
class DocumentView:
    requirement: int
    name: str
    upload_id: str
    filename: str
    content_type: str
    size: int
    round: int


@dataclasses.dataclass(frozen=True, slots=True)
class DossierSummary:
    code: str
    status: Status
    procedure_code: str
    procedure_name: str
    unit_code: str
    unit_name: str
    submitted_at: dt.datetime
    due_at: dt.datetime | None
    fee_vnd: int | None
    paid: bool
    assistant_name: str = ""  # the volunteer who filed it for the owner, if one did


@dataclasses.dataclass(frozen=True, slots=True)
class DossierView:
    summary: DossierSummary
    owner_id: int
    holding_unit_id: int
    receiving_unit_code: str
    receiving_unit_name: str
    procedure_id: int
    fields: dict[str, Any]
    applicant_name: str
    phone_tail: str
    documents: tuple[DocumentView, ...]
    timeline: tuple[TimelineEntry, ...]
    extended: bool = False
    assistant_id: int | None = None  # the assistant's citizen account, while they may see it
    result_note: str = ""  # once returned: the officer's note on the result...
    result: ResultFile | None = None  # ...and its file (`core.dossiers.result_file.for_owner`)

    @property
    def forms(self) -> tuple[str, ...]:
        """The forms addressed to the citizen (02–05) that this dossier has."""
        found = issued((e.status for e in self.timeline), extended=self.extended, received=False)
        return tuple(n for n in found if n in CITIZEN_FORMS)

    @property
    def missing(self) -> tuple[str, ...]:
        """What the officer's latest supplement request asks for, while it is open."""
        if self.summary.status is not Status.SUPPLEMENT_REQUESTED:
            return ()
        requests = [e for e in self.timeline if e.status is Status.SUPPLEMENT_REQUESTED]
        return requests[-1].missing if requests else ()


def assistant_who_sees(status: Status, assistant: int | None, revoked: bool) -> int | None:
    """The assistant who may still read the dossier: until it is over (its result returned,
    or refused, withdrawn or stopped: no move left) and unless the owner revoked them."""
    if assistant is None or revoked or not TRANSITIONS[status]:
        return None
    return assistant


_SUMMARY_COLUMNS = (
    Dossier.id,
    Dossier.code,
    Dossier.status,
    Dossier.procedure_code,
    Dossier.procedure.name.as_alias("procedure_name"),
    Dossier.holding_unit.code.as_alias("unit_code"),
    Dossier.holding_unit.name.as_alias("unit_name"),
    Dossier.submitted_at,
    Dossier.due_at,
    Dossier.fee_vnd,
    Dossier.paid,
)
_ASSISTANT_NAME = Dossier.assistant.full_name.as_alias("assistant_name")


class DossierViews:
    """Read-only queries over dossiers, each checking who asks."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def mine(self, ctx: Context) -> list[DossierSummary]:
        """The caller's own dossiers, newest first (a citizen's "Hồ sơ của tôi")."""
        if not ctx.actor.is_citizen:
            return []
        rows = (
            await Dossier.select(*_SUMMARY_COLUMNS, _ASSISTANT_NAME)
            .where(Dossier.owner == ctx.actor.id)
            .order_by(Dossier.id, ascending=False)
        )
        return [_summary(r) for r in rows]

    async def get(self, ctx: Context, code: str) -> DossierView:
        view = await _load(code)
        if view is None:
            raise NotFound("Không tìm thấy hồ sơ")
        access.ensure(
            access.can_view_dossier(
                ctx.actor, view.owner_id, view.assistant_id, view.holding_unit_id
            ),
            "Không tìm thấy hồ sơ",
        )
        return view

    async def public(self, code: str) -> DossierSummary:
        """What anyone holding the code may see: no personal data."""
        row = await Dossier.select(*_SUMMARY_COLUMNS).where(Dossier.code == code.strip()).first()
        if row is None:
            raise NotFound("Không tìm thấy hồ sơ có mã này")
        return _summary(row)

    async def with_phone_tail(self, ctx: Context, code: str, tail: str) -> DossierView:
        """The timeline too, for whoever knows the phone's last four digits."""
        bucket = f"track-tail:{ctx.client}"
        await ratelimit.check(bucket, TAIL_GUESSES, self._clock.now())
        view = await _load(code.strip())
        if view is None or not tail.strip() or view.phone_tail != tail.strip():
            await ratelimit.count(bucket, TAIL_GUESSES, self._clock.now())
            raise NotFound("Mã hồ sơ hoặc 4 số cuối điện thoại không đúng")
        return view

    async def receipt(self, ctx: Context, code: str, tracking_url: str) -> Receipt:
        view = await self.get(ctx, code)
        return _receipt(view, tracking_url)


async def _load(code: str) -> DossierView | None:
    row = (
        await Dossier.select(
            *_SUMMARY_COLUMNS,
            Dossier.owner,
            Dossier.holding_unit,
            Dossier.receiving_unit.code.as_alias("receiving_code"),
            Dossier.receiving_unit.name.as_alias("receiving_name"),
            Dossier.procedure,
            Dossier.fields,
            Dossier.applicant_name,
            Dossier.phone_tail,
            Dossier.extended_at,
            Dossier.assistant,
            Dossier.assistant_revoked_at,
            Dossier.result_note,
            Dossier.result_upload,
            _ASSISTANT_NAME,
        )
        .where(Dossier.code == code)
        .output(load_json=True)
        .first()
    )
    if row is None:
        return None
    documents = (
        await DossierDocument.select()
        .where(DossierDocument.dossier == row["id"])
        .order_by(DossierDocument.id)
    )
    events = (
        await DossierEvent.select()
        .where(DossierEvent.dossier == row["id"])
        .order_by(DossierEvent.id)
        .output(load_json=True)
    )
    returned = row["status"] == Status.RETURNED.value
    return DossierView(
        summary=_summary(row),
        owner_id=row["owner"],
        holding_unit_id=row["holding_unit"],
        receiving_unit_code=row["receiving_code"],
        receiving_unit_name=row["receiving_name"],
        procedure_id=row["procedure"],
        fields=dict(row["fields"] or {}),
        applicant_name=row["applicant_name"],
        phone_tail=row["phone_tail"],
        documents=tuple(_document(d) for d in documents),
        timeline=tuple(_event(e) for e in events),
        extended=row["extended_at"] is not None,
        assistant_id=assistant_who_sees(
            Status(row["status"]), row["assistant"], row["assistant_revoked_at"] is not None
        ),
        result_note=row["result_note"] if returned else "",
        result=await find(row["result_upload"], row["owner"]) if returned else None,
    )


def _summary(row: dict[str, Any]) -> DossierSummary:
    return DossierSummary(
        code=row["code"],
        status=Status(row["status"]),
        procedure_code=row["procedure_code"],
        procedure_name=row["procedure_name"],
        unit_code=row["unit_code"],
        unit_name=row["unit_name"],
        submitted_at=row["submitted_at"],
        due_at=row["due_at"],
        fee_vnd=row["fee_vnd"],
        paid=row["paid"],
        assistant_name=row.get("assistant_name") or "",
    )


def _document(row: dict[str, Any]) -> DocumentView:
    return DocumentView(
        requirement=row["requirement"],
        name=row["name"],
        upload_id=row["upload_id"],
        filename=row["filename"],
        content_type=row["content_type"],
        size=row["size"],
        round=row["round"],
    )


def _event(row: dict[str, Any]) -> TimelineEntry:
    return TimelineEntry(
        at=row["at"],
        status=Status(row["to_status"]) if row["to_status"] else None,
        note=row["note"],
        actor_kind=row["actor_kind"],
        missing=tuple(row["missing"] or ()),
        from_status=Status(row["from_status"]) if row["from_status"] else None,
    )


def _receipt(view: DossierView, tracking_url: str) -> Receipt:
    summary = view.summary
    first_round = [d for d in view.documents if d.round == 0]
    return Receipt(
        code=summary.code,
        procedure_code=summary.procedure_code,
        procedure_name=summary.procedure_name,
        unit_name=view.receiving_unit_name,
        unit_code=view.receiving_unit_code,
        applicant_name=view.applicant_name,
        applicant_address=first_address(view.fields),
        applicant_phone_tail=view.phone_tail,
        channel="online",
        submitted_at=summary.submitted_at,
        due_at=summary.due_at,
        documents=_received(first_round),
        fee_vnd=summary.fee_vnd,
        tracking_url=tracking_url,
        status_label=summary.status.label,
    )


def _received(documents: list[DocumentView]) -> tuple[ReceivedDocument, ...]:
    """One line per paper; an online paper is counted as electronic copies, one per file."""
    by_requirement: dict[int, list[DocumentView]] = {}
    for d in documents:
        by_requirement.setdefault(d.requirement, []).append(d)
    return tuple(
        ReceivedDocument(
            name=files[0].name,
            originals=0,
            copies=len(files),
            filename=", ".join(f.filename for f in files),
        )
        for files in by_requirement.values()
    )
