"""Who may see or do what: small pure rules over an Actor, called by every service that guards.

- A citizen sees only their own dossiers (and those they filed as the owner's assistant).
- An officer or unit head sees and acts on what is routed to their own unit.
- A unit head sees their unit's figures; an admin sees everything.
- A commune's officers and head decide on its volunteer assistants.
- An admin does not act on dossiers unless they also hold the officer (or head) role.

Whatever a rule refuses is answered as "not found" (`ensure`), so that codes and ids cannot be
probed. Volunteer assistants sign in as citizens: `on_behalf_assistant_id` is a citizen id.
"""

from __future__ import annotations

from core.errors import NotFound
from core.identity.actor import Actor


def _works_in(actor: Actor, unit_id: int | None) -> bool:
    return (
        actor.is_staff
        and unit_id is not None
        and actor.unit_id == unit_id
        and (actor.has_role("officer") or actor.has_role("head"))
    )


def can_administer(actor: Actor) -> bool:
    """Admin pages: units, staff, roles, the audit log."""
    return actor.has_role("admin")


def can_view_dossier(
    actor: Actor,
    owner_citizen_id: int | None,
    on_behalf_assistant_id: int | None,
    holding_unit_id: int | None,
) -> bool:
    """The owner, the assistant who filed it, staff of the unit holding it, or an admin."""
    if actor.is_citizen:
        return actor.id is not None and actor.id in (owner_citizen_id, on_behalf_assistant_id)
    return _works_in(actor, holding_unit_id) or can_administer(actor)


def can_manage_assistants(actor: Actor, unit_id: int | None) -> bool:
    """A commune's volunteer assistants: its officers and head approve, suspend, remove them."""
    return _works_in(actor, unit_id)


def can_act_on_dossier(actor: Actor, holding_unit_id: int | None) -> bool:
    """Only an officer or head of the holding unit; being an admin is not enough."""
    return _works_in(actor, holding_unit_id)


def can_print_unit_forms(actor: Actor, unit_id: int | None) -> bool:
    """The office's papers (forms 02–07) of a dossier the unit holds, or of the unit's register:
    its officers and head (an admin reads no personal data through them)."""
    return _works_in(actor, unit_id)


def can_view_unit_figures(actor: Actor, unit_id: int | None) -> bool:
    """The head of that unit, or an admin."""
    is_head = actor.has_role("head") and unit_id is not None and actor.unit_id == unit_id
    return is_head or can_administer(actor)


def ensure(allowed: bool, message: str) -> None:
    """Refuse as if the thing did not exist: a 404 at every edge, never a 403. `message` is
    what the caller is told, e.g. "Không tìm thấy hồ sơ"."""
    if not allowed:
        raise NotFound(message)
