"""Staff sign-in over the JSON API: username, password and TOTP code give a bearer token."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
