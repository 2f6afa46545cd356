"""The procedure definition (thủ tục hành chính) as motcua holds it.

One `Procedure` is one version of one procedure, with the parts Decree 63/2010 art. 8 asks for:
code, name, field, level, agencies, target group, steps, channels with time and fee, dossier
components by case, form fields for online submission, result, conditions, legal basis, online
level, cut-off time, processing allowance in working hours and fee rules.

The same structs are the bundled data file's format, the import/export format and the body stored
per version in the database, so a round trip cannot lose a part.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

import msgspec

CODE_PATTERN = r"^[123]\.\d{6}$"
CODE_RE = re.compile(CODE_PATTERN)

Level = Literal["commune", "province", "ministry", "other"]
OnlineLevel = Literal["full", "partial", "none"]
ChannelKind = Literal["counter", "online", "post"]
DocumentKind = Literal["submit", "present", "note"]
FieldType = Literal[
    "text", "number", "date", "select", "citizen_id", "phone", "address", "checkbox", "file"
]
FeeKind = Literal["fixed", "per_copy", "per_page"]

LEVEL_ORDER: tuple[Level, ...] = ("commune", "province", "ministry", "other")
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=1_000)]
Hours = Annotated[int, msgspec.Meta(ge=0, le=8 * 365)]
Money = Annotated[int, msgspec.Meta(ge=0, le=1_000_000_000)]
Count = Annotated[int, msgspec.Meta(ge=0, le=100)]


class Channel(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A way to submit (trực tiếp, trực tuyến, bưu chính) with its own time and fee as published."""

    kind: ChannelKind
    working_hours: Hours | None = None
    time_text: Text | None = None
    fee_text: Text | None = None


class Document(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One dossier component (thành phần hồ sơ), grouped by the case (trường hợp) it belongs to."""

    name: Text
    kind: DocumentKind = "submit"
    case: ShortText | None = None
    originals: Count = 0
    copies: Count = 0
    form: ShortText | None = None


class FormField(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One field of the online form (tờ khai) a citizen fills in."""

    name: Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    label: ShortText
    type: FieldType = "text"
    required: bool = True
    options: list[ShortText] = []
    help: ShortText | None = None


class FeeRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A fee or charge (phí, lệ phí): fixed, per copy or per page from a given page, capped."""

    kind: FeeKind
    amount_vnd: Money
    label: ShortText
    from_unit: Annotated[int, msgspec.Meta(ge=1, le=10_000)] = 1
    cap_vnd: Money | None = None


class Procedure(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=False):
    """One version of an administrative procedure, in force from `effective_from`."""

    code: Annotated[str, msgspec.Meta(pattern=CODE_PATTERN)]
    name: ShortText
    field: ShortText
    levels: Annotated[list[Level], msgspec.Meta(min_length=1)]
    online_level: OnlineLevel
    effective_from: dt.date
    version: Annotated[int, msgspec.Meta(ge=1, le=10_000)] = 1
    effective_to: dt.date | None = None
    agency: Text | None = None
    coordinating_agencies: list[ShortText] = []
    target_group: Text | None = None
    summary: Text | None = None
    steps: list[Text] = []
    channels: list[Channel] = []
    documents: list[Document] = []
    form_fields: list[FormField] = []
    result: Text | None = None
    conditions: Text | None = None
    legal_basis: list[ShortText] = []
    processing_hours: Hours | None = None
    same_day: bool = False
    cutoff: Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = None
    time_text: Text | None = None
    fee_vnd: Money | None = None
    fee_text: Text | None = None
    fee_rules: list[FeeRule] = []
    decision_no: ShortText | None = None
    source: Text | None = None

    @property
    def level(self) -> Level:
        """The lowest level that handles it: where a citizen usually goes first."""
        return min(self.levels, key=LEVEL_ORDER.index)

    @property
    def processing_days(self) -> float | None:
        """The allowance shown to people: working hours / 8, or 0 for same-day procedures."""
        if self.same_day:
            return 0
        if self.processing_hours is None:
            return None
        days = self.processing_hours / 8
        return int(days) if days.is_integer() else days

    @property
    def online(self) -> bool:
        """Whether a citizen can submit it online at all."""
        return self.online_level != "none"


class ProcedureSummary(msgspec.Struct, frozen=True):
    """What a list of procedures shows of each one (computed once per index build)."""

    code: str
    name: str
    field: str
    level: Level
    online: bool
    online_level: OnlineLevel
    processing_days: float | None
    fee_vnd: int | None

    @classmethod
    def of(cls, p: Procedure) -> ProcedureSummary:
        return cls(
            p.code, p.name, p.field, p.level, p.online, p.online_level, p.processing_days, p.fee_vnd
        )


class Catalog(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A catalog file: the procedures and where their facts came from."""

    procedures: list[Procedure]
    format: Literal["motcua-catalog/1"] = "motcua-catalog/1"
    notes: str | None = None
