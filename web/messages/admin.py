"""Interface text of the admin pages: {"key": {"vi": ..., "en": ...}}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

MESSAGES: Mapping[str, Mapping[Literal["vi", "en"], str]] = {}
