"""Admin pages: organisation units, staff and roles, the audit log (filter and export)."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
