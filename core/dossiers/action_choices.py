"""Which officers' actions a dossier allows now, and what each one asks for.

The rules mirror `core.dossiers.workflow` (which stays the judge: an action offered here may still
be refused there, e.g. when someone else acted first). They follow the status state machine of
`core.dossiers.status`, the kind of the step the dossier is at and the actor's role: approving is
for a unit head at an approval step; extending (form 04) is offered once, when at most one
working day of the legal allowance is left or it has run out. A payment request needs an amount
unless the dossier still owes the fee it was filed with, and none once the fee is paid.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.dossiers.actions import Action
from core.dossiers.status import TRANSITIONS, Status
from core.dossiers.workflow import EXTEND_WITHIN
from core.identity.actor import Actor
from core.process.model import ProcessVersion, Step, StepKind

# What each action's form asks for (the fields of `ActionRequest`), and which must be filled in.
FIELDS: dict[Action, tuple[str, ...]] = {
    Action.RECEIVE: ("unit", "note"),
    Action.REQUEST_SUPPLEMENT: ("items", "note"),
    Action.REQUEST_PAYMENT: ("amount", "note"),
    Action.REJECT: ("items", "note"),
    Action.FORWARD: ("unit", "note"),
    Action.SEND_BACK: ("note",),
    Action.APPROVE: ("unit", "note"),
    Action.RECORD_RESULT: ("digitised", "result_upload", "note"),
    Action.RETURN_RESULT: ("via", "note"),
    Action.EXTEND: ("new_due", "note"),
    Action.STOP: ("note",),
}
REQUIRED: dict[Action, tuple[str, ...]] = {
    Action.REQUEST_SUPPLEMENT: ("items",),
    Action.REQUEST_PAYMENT: ("amount", "note"),
    Action.REJECT: ("items",),
    Action.SEND_BACK: ("note",),
    Action.RETURN_RESULT: ("via",),
    Action.EXTEND: ("new_due", "note"),
    Action.STOP: ("note",),
}
_OPEN = (Status.RECEIVED, Status.PROCESSING)


@dataclasses.dataclass(frozen=True, slots=True)
class ActionChoice:
    """One action the dossier allows now, with what its form asks for."""

    action: Action
    fields: tuple[str, ...]
    required: tuple[str, ...]
    next_step: str = ""  # the step the dossier goes to (receive, forward, approve, send back)

    @property
    def label(self) -> str:
        return self.action.label


@dataclasses.dataclass(frozen=True, slots=True)
class Situation:
    """What the rules look at: the dossier's status and step, its process and its clock."""

    status: Status
    step: int
    process: ProcessVersion
    extended: bool
    legal_left: dt.timedelta | None  # None: no numeric allowance, nothing to extend
    fee_owed: bool = False  # a fee stated at filing and not paid: asking for it needs no amount
    paid: bool = False  # the fee is paid: no further payment can be asked online


def allowed_actions(actor: Actor, now: Situation) -> tuple[ActionChoice, ...]:
    """The actions `actor` (an officer or head of the holding unit) may take, in menu order."""
    found: dict[Action, str] = {}
    status, here = now.status, _step(now.process, now.step)
    if status is Status.SUBMITTED:
        found[Action.RECEIVE] = _name(now.process, 2)
        found[Action.REJECT] = ""
    if Status.SUPPLEMENT_REQUESTED in TRANSITIONS[status]:
        found[Action.REQUEST_SUPPLEMENT] = ""
    if Status.AWAITING_PAYMENT in TRANSITIONS[status] and not now.paid:
        found[Action.REQUEST_PAYMENT] = ""
    if status in _OPEN and here is not None:
        if here.kind not in (StepKind.APPROVE, StepKind.RETURN):
            found[Action.FORWARD] = _name(now.process, now.step + 1)
        if now.step > 2:
            found[Action.SEND_BACK] = _name(now.process, now.step - 1)
        if _may_approve(actor, status, here, now.process):
            found[Action.APPROVE] = now.process.steps[-1].name
    if status in (Status.PROCESSING, Status.DONE):
        found[Action.RECORD_RESULT] = ""
    if status is Status.DONE:
        found[Action.RETURN_RESULT] = ""
    if _may_extend(now):
        found[Action.EXTEND] = ""
    if Status.STOPPED in TRANSITIONS[status]:
        found[Action.STOP] = ""
    return tuple(
        ActionChoice(a, FIELDS[a], _required(a, now), found[a]) for a in Action if a in found
    )


def _required(action: Action, now: Situation) -> tuple[str, ...]:
    if action is Action.REQUEST_PAYMENT and now.fee_owed:
        return ("note",)
    return REQUIRED.get(action, ())


def _may_approve(actor: Actor, status: Status, here: Step, process: ProcessVersion) -> bool:
    if not actor.has_role("head") or status is not Status.PROCESSING:
        return False
    if here.kind is StepKind.APPROVE:
        return True
    has_approval = any(s.kind is StepKind.APPROVE for s in process.steps)
    return not has_approval and here.kind is not StepKind.RETURN


def _may_extend(now: Situation) -> bool:
    if now.status.decided or now.status is Status.SUBMITTED or now.extended:
        return False
    return now.legal_left is not None and now.legal_left <= EXTEND_WITHIN


def _step(process: ProcessVersion, position: int) -> Step | None:
    return process.steps[position - 1] if 1 <= position <= len(process.steps) else None


def _name(process: ProcessVersion, position: int) -> str:
    found = _step(process, position)
    return found.name if found else ""
