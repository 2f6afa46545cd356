"""Citizen sign-in over the JSON API: one-time code by SMS, bearer token, sign-out, profile."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
