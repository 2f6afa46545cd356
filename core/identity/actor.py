"""Who is acting: a citizen, a staff member with roles in a unit, the system, or nobody."""

from __future__ import annotations

import dataclasses
from typing import Literal

Role = Literal["officer", "head", "admin"]
ROLES: tuple[Role, ...] = ("officer", "head", "admin")
ActorKind = Literal["citizen", "staff", "system", "anonymous"]


@dataclasses.dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    id: int | None = None
    label: str = ""
    roles: frozenset[str] = frozenset()
    unit_id: int | None = None
    unit_code: str = ""

    @property
    def is_citizen(self) -> bool:
        return self.kind == "citizen" and self.id is not None

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff" and self.id is not None

    def has_role(self, role: Role) -> bool:
        return self.is_staff and role in self.roles

    @property
    def main_role(self) -> str:
        """The role the audit log names: the strongest one held."""
        for role in ("admin", "head", "officer"):
            if role in self.roles:
                return role
        return self.kind


ANONYMOUS = Actor("anonymous")
SYSTEM = Actor("system", label="motcua")


@dataclasses.dataclass(frozen=True, slots=True)
class Context:
    """The actor and where the request came from; every service call that changes state gets one."""

    actor: Actor
    client: str = ""


SYSTEM_CONTEXT = Context(SYSTEM, "local")
