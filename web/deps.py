"""Dependency names the pages share (the services themselves are built by api/app.py)."""

from __future__ import annotations

from litestar.di import NamedDependency

from core.identity.actor import Context

Ctx = NamedDependency[Context]  # the actor and the client address of this request
