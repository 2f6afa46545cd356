"""Response bodies of the JSON API, as OpenAPI shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from core.catalog.model import Level, Procedure, ProcedureSummary
from core.catalog.service import FieldSummary, SearchPage


class ProcedureList(msgspec.Struct, frozen=True):
    items: list[ProcedureSummary]
    total: int
    page: int
    size: int


class ProcedureDetail(Procedure, frozen=True, kw_only=True):
    """The whole procedure version, plus what a client would otherwise have to derive."""

    level: Level  # a field here, a property on Procedure
    online: bool
    processing_days: float | None


class FieldItem(msgspec.Struct, frozen=True):
    name: str
    slug: str
    count: int


class Health(msgspec.Struct, frozen=True):
    status: str


class OutboxItem(msgspec.Struct, frozen=True):
    channel: str
    to: str
    subject: str
    body: str
    created_at: dt.datetime


def list_of(page: SearchPage) -> ProcedureList:
    return ProcedureList(list(page.items), page.total, page.page, page.size)


def detail_of(p: Procedure) -> ProcedureDetail:
    values: dict[str, Any] = msgspec.structs.asdict(p)
    return ProcedureDetail(
        **values, level=p.level, online=p.online, processing_days=p.processing_days
    )


def field_item(f: FieldSummary) -> FieldItem:
    return FieldItem(f.name, f.slug, f.count)


def encoded_detail(p: Procedure) -> bytes:
    return msgspec.json.encode(detail_of(p))
