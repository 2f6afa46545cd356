"""Response bodies of the JSON API, as OpenAPI shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from core.catalog.model import Level, Procedure
from core.catalog.service import FieldSummary, SearchPage


class ProcedureSummary(msgspec.Struct, frozen=True):
    code: str
    name: str
    field: str
    level: str
    online: bool
    online_level: str
    processing_days: float | None
    fee_vnd: int | None


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


def summary_of(p: Procedure) -> ProcedureSummary:
    return ProcedureSummary(
        p.code, p.name, p.field, p.level, p.online, p.online_level, p.processing_days, p.fee_vnd
    )


def list_of(page: SearchPage) -> ProcedureList:
    return ProcedureList([summary_of(p) for p in page.items], page.total, page.page, page.size)


def detail_of(p: Procedure) -> ProcedureDetail:
    values: dict[str, Any] = msgspec.structs.asdict(p)
    return ProcedureDetail(
        **values, level=p.level, online=p.online, processing_days=p.processing_days
    )


def field_item(f: FieldSummary) -> FieldItem:
    return FieldItem(f.name, f.slug, f.count)
