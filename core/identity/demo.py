"""Demo units and staff accounts for a dev installation (`motcua demo-data`; refused in prod).

Passwords are generated on the machine when an account is first made, never stored in the repo;
the caller shows them once and keeps them in the data dir for the developer.
"""

from __future__ import annotations

import dataclasses
import secrets

from core.identity.actor import SYSTEM_CONTEXT
from core.identity.staff import StaffService
from core.identity.tables import StaffUser
from core.identity.units import LoadReport, load_demo_units

DEMO_STAFF: tuple[tuple[str, str, str | None, str], ...] = (
    # username, role, unit e-identifier, display name
    ("quantri", "admin", None, "Quản trị hệ thống (dữ liệu mẫu)"),
    ("canbo.hacthanh", "officer", "000.10.11.H56", "Cán bộ một cửa phường Hạc Thành (dữ liệu mẫu)"),
    ("canbo.tuphap", "officer", "000.00.01.H56", "Chuyên viên Sở Tư pháp (dữ liệu mẫu)"),
    ("truong.tuphap", "head", "000.00.01.H56", "Lãnh đạo Sở Tư pháp (dữ liệu mẫu)"),
    # the head of the ward that receives the demo's fee dossiers: refunds from the e-receipt
    ("truong.hacthanh", "head", "000.10.11.H56", "Lãnh đạo UBND phường Hạc Thành (dữ liệu mẫu)"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    role: str
    password: str
    totp_uri: str


def demo_password() -> str:
    """Random, long, and of two character classes, as the password rules ask."""
    return f"Demo-{secrets.token_hex(8)}"


async def load_demo(staff: StaffService) -> tuple[LoadReport, list[DemoAccount]]:
    """The demo unit tree, then each demo account that does not exist yet (idempotent)."""
    units = await load_demo_units(SYSTEM_CONTEXT)
    existing = {r["username"] for r in await StaffUser.select(StaffUser.username)}
    created: list[DemoAccount] = []
    for username, role, unit, name in DEMO_STAFF:
        if username in existing:
            continue
        password = demo_password()
        made = await staff.create(SYSTEM_CONTEXT, username, password, [role], unit, name)
        created.append(DemoAccount(username, role, password, made.totp_uri))
    return units, created
