"""Admin pages for staff accounts: list, create (with TOTP enrolment), roles, unit, deactivate."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
