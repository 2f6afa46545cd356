"""Staff pages: sign in (password + TOTP), TOTP enrolment with a QR code, the staff home."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
