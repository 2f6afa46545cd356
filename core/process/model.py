"""What a process (quy trình nội bộ giải quyết thủ tục) is made of, and its bundled file format.

A process is the ordered list of steps a dossier of one procedure goes through: received at the
one-stop counter, appraised (thẩm định) where the field is handled, approved (phê duyệt) by a head,
possibly sent to other agencies (liên thông, e.g. land registration office → tax department →
back), and returned. Each step names who performs it — relative to the unit that received the
dossier, a given unit, or an outside agency — the role that acts, and an allowance in working
hours. An allowance is None where the procedure's legal time is not a number of working days or
hours: the process then leaves its total open rather than invent one.

Processes are versioned: editing one writes a new version with its own `effective_from`, and a
dossier keeps the version in force when it was received.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Annotated, Literal

import msgspec

HOURS_PER_DAY = 8


class StepKind(enum.StrEnum):
    """What a step does."""

    RECEIVE = "receive"  # tiếp nhận at the one-stop counter
    APPRAISE = "appraise"  # thẩm định, xử lý in the unit in charge
    APPROVE = "approve"  # phê duyệt, ký by a head
    INTER_AGENCY = "inter_agency"  # liên thông: work done by another agency
    RETURN = "return"  # trả kết quả


class Performer(enum.StrEnum):
    """Who performs a step, relative to the unit that received the dossier where possible."""

    RECEIVING_UNIT = "receiving_unit"  # the unit whose counter received the dossier
    FIELD_UNIT = "field_unit"  # the department (at a commune: the office) in charge of the field
    UNIT = "unit"  # one given unit: `performer_ref` is its e-identifier
    AGENCY = "agency"  # an agency outside the unit tree: `performer_ref` is its name


class StepRole(enum.StrEnum):
    """The role that acts on the step (the staff roles of core.identity.actor)."""

    OFFICER = "officer"
    HEAD = "head"


@dataclasses.dataclass(frozen=True, slots=True)
class Step:
    position: int
    name: str
    kind: StepKind
    performer: Performer
    performer_ref: str
    role: StepRole
    allowance_hours: int | None


@dataclasses.dataclass(frozen=True, slots=True)
class ProcessVersion:
    """One version of one procedure's process, with its steps in order."""

    code: str
    version: int
    effective_from: dt.datetime
    active: bool
    steps: tuple[Step, ...]
    note: str = ""
    created_at: dt.datetime | None = None
    created_by: str = ""

    @property
    def total_hours(self) -> int | None:
        """The sum of the allowances, or None when any step leaves its allowance open."""
        hours = [s.allowance_hours for s in self.steps]
        if not hours or any(h is None for h in hours):
            return None
        return sum(h for h in hours if h is not None)

    @property
    def inter_agency(self) -> bool:
        """Whether any step is done by another agency (liên thông)."""
        return any(s.kind == StepKind.INTER_AGENCY for s in self.steps)


@dataclasses.dataclass(frozen=True, slots=True)
class StepInput:
    """One step as typed in a form or sent by a caller, not yet checked (see core.process.rules).

    `position` None means "where it stands in the list".
    """

    name: str
    kind: str
    performer: str
    role: str
    allowance_hours: str | int | None = None
    performer_ref: str = ""
    position: str | int | None = None

    @classmethod
    def of(cls, step: Step) -> StepInput:
        return cls(
            name=step.name,
            kind=step.kind.value,
            performer=step.performer.value,
            role=step.role.value,
            allowance_hours=step.allowance_hours,
            performer_ref=step.performer_ref,
            position=step.position,
        )


@dataclasses.dataclass(frozen=True, slots=True)
class ProcessSummary:
    """What the list of processes shows of one procedure."""

    code: str
    name: str
    field: str
    legal_hours: int | None  # the procedure's published time in working hours, if numeric
    time_text: str | None  # the published time as written, when it is not numeric
    version: int | None  # None: the procedure has no process yet
    steps: int
    total_hours: int | None
    inter_agency: bool

    @property
    def matches_legal(self) -> bool:
        return self.legal_hours is not None and self.total_hours == self.legal_hours


ShortText = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]


class BundledStep(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: ShortText
    kind: StepKind
    performer: Performer
    role: StepRole
    allowance_hours: Annotated[int, msgspec.Meta(ge=0)] | None = None
    performer_ref: Annotated[str, msgspec.Meta(max_length=300)] = ""


class BundledProcess(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The first version of one procedure's process, in force from the procedure's own date."""

    code: str
    effective_from: dt.date
    steps: list[BundledStep]
    legal_hours: int | None = None  # what the allowances add up to (None: left open)
    note: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class ProcessBundle(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """core/process/data/processes.json, written by tools/build_processes.py."""

    processes: list[BundledProcess]
    format: Literal["motcua-processes/1"] = "motcua-processes/1"
    notes: str | None = None


VersionState = Literal["in_force", "scheduled", "replaced", "cancelled"]


@dataclasses.dataclass(frozen=True, slots=True)
class HistoryEntry:
    process: ProcessVersion
    state: VersionState  # in force now, taking effect later, replaced, or cancelled unused


@dataclasses.dataclass(frozen=True, slots=True)
class ProcessEditor:
    """What an edit page needs: the procedure, its legal time, and the process's history."""

    code: str
    name: str
    field: str
    legal_hours: int | None
    time_text: str | None
    same_day: bool
    latest: ProcessVersion | None  # the newest version not cancelled: what an edit starts from
    history: tuple[HistoryEntry, ...]  # newest first

    @property
    def base_version(self) -> int:
        """The highest version number written so far (0 for none): a save must follow it."""
        return self.history[0].process.version if self.history else 0
