"""The SMS sender port: one-time codes leave through it (the dev outbox in dev and test)."""

from __future__ import annotations

from typing import Protocol


class SmsSender(Protocol):
    async def send(self, phone: str, text: str) -> None:
        """Deliver `text` to the canonical number `phone` (+84...)."""
        ...
