"""The citizen's pages: sign in with a one-time code, profile, my data, sign out."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
