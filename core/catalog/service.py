"""CatalogService: the procedures in force, searched from memory, imported and exported."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from importlib import resources
from typing import Any, TypeVar

import msgspec

from core.catalog import transfer
from core.catalog.model import LEVEL_ORDER, Catalog, Procedure, ProcedureSummary
from core.catalog.search import Filters, SearchIndex
from core.catalog.tables import CatalogRevision, ProcedureRecord, ProcedureVersion
from core.clock import Clock, today_in_vietnam
from core.database import write_transaction
from core.errors import FieldError, InvalidInput, NotFound
from core.text import fold, slug

MAX_QUERY_LENGTH = 200
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 50
DEFAULT_PAGE_SIZE = 20
ONLINE_LEVELS = ("full", "partial", "none")
REFRESH_SECONDS = 2.0
INSERT_CHUNK = 200
BUNDLED = "procedures.json"
_T = TypeVar("_T")


@dataclasses.dataclass(frozen=True, slots=True)
class SearchQuery:
    """A validated search request: text, filters and the page wanted."""

    text: str = ""
    filters: Filters = dataclasses.field(default_factory=Filters)
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE

    @classmethod
    def parse(
        cls,
        *,
        q: str | None = None,
        page: int = 1,
        size: int = DEFAULT_PAGE_SIZE,
        field: str | None = None,
        level: str | None = None,
        online: str | None = None,
    ) -> SearchQuery:
        errors: list[FieldError] = []
        text = (q or "").strip()
        if len(text) > MAX_QUERY_LENGTH:
            errors.append(FieldError("q", f"at most {MAX_QUERY_LENGTH} characters"))
        if not 1 <= page <= MAX_PAGE:
            errors.append(FieldError("page", f"a whole number from 1 to {MAX_PAGE}"))
        if not 1 <= size <= MAX_PAGE_SIZE:
            errors.append(FieldError("size", f"a whole number from 1 to {MAX_PAGE_SIZE}"))
        if level and level not in LEVEL_ORDER:
            errors.append(FieldError("level", f"one of {', '.join(LEVEL_ORDER)}"))
        if online and online not in ONLINE_LEVELS:
            errors.append(FieldError("online", f"one of {', '.join(ONLINE_LEVELS)}"))
        if errors:
            raise InvalidInput("the search request is not valid", errors)
        filters = Filters(
            field=fold(field) or None if field else None, level=level or None, online=online or None
        )
        return cls(text=fold(text), filters=filters, page=page, size=size)


@dataclasses.dataclass(frozen=True, slots=True)
class SearchPage:
    items: tuple[ProcedureSummary, ...]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


@dataclasses.dataclass(frozen=True, slots=True)
class FieldSummary:
    name: str
    slug: str
    count: int


@dataclasses.dataclass(frozen=True, slots=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int


class CatalogService:
    """Reads come from an in-memory index, refreshed when another writer bumps the revision."""

    def __init__(self, clock: Clock, *, refresh_seconds: float = REFRESH_SECONDS) -> None:
        self._clock = clock
        self._refresh_seconds = refresh_seconds
        self._index: SearchIndex | None = None
        self._revision = -1
        self._built_for: dt.date | None = None
        self._checked_at = 0.0
        self._lock = asyncio.Lock()
        self._fields: list[FieldSummary] = []
        self._fields_of: SearchIndex | None = None

    async def index(self) -> SearchIndex:
        """The procedures in force today, rebuilt when the catalog changes or the day turns.

        Only the first caller waits for a build. Later, one request at a time checks the
        revision while the others are answered from the index they already have.
        """
        current = self._index
        if current is not None and (
            self._lock.locked() or time.monotonic() - self._checked_at < self._refresh_seconds
        ):
            return current
        async with self._lock:
            if self._index is None or time.monotonic() - self._checked_at >= self._refresh_seconds:
                revision = await _current_revision()
                today = today_in_vietnam(self._clock)
                if self._index is None or (revision, today) != (self._revision, self._built_for):
                    rows = await _rows_in_force(today)
                    self._index = await asyncio.to_thread(_build_index, rows)
                    self._revision, self._built_for = revision, today
                self._checked_at = time.monotonic()
            return self._index

    async def search(self, query: SearchQuery) -> SearchPage:
        found = (await self.index()).search(query.text, query.filters)
        start = (query.page - 1) * query.size
        return SearchPage(found[start : start + query.size], len(found), query.page, query.size)

    async def get(self, code: str) -> Procedure:
        return await self.view(code, _itself)

    async def view(self, code: str, render: Callable[[Procedure], _T]) -> _T:
        """`render(procedure)`, computed once per index build; NotFound for an unknown code."""
        rendered = (await self.index()).view(code.strip(), render)
        if rendered is None:
            raise NotFound(f"no procedure has the code {code[:40]!r}")
        return rendered

    async def fields(self) -> list[FieldSummary]:
        """Fields with their counts, counted once per index build (every search page lists them)."""
        index = await self.index()
        if self._fields_of is not index:
            counts: dict[str, int] = {}
            for procedure in index.procedures:
                counts[procedure.field] = counts.get(procedure.field, 0) + 1
            self._fields = [FieldSummary(name, slug(name), n) for name, n in counts.items()]
            self._fields_of = index
        return list(self._fields)

    async def import_catalog(self, catalog: Catalog) -> ImportReport:
        """Create or replace each (code, version); all or nothing, one revision bump."""
        _check_unique(catalog.procedures)
        engine = ProcedureVersion._meta.db
        async with write_transaction(engine):
            report = await _write(catalog.procedures)
            await _bump_revision()
        self._checked_at = 0.0  # the next read rebuilds from what was just written
        return report

    async def export_catalog(self) -> Catalog:
        rows = (
            await ProcedureVersion.select(ProcedureVersion.body)
            .order_by(ProcedureVersion.code)
            .order_by(ProcedureVersion.version)
        )
        procedures = [msgspec.json.decode(_as_bytes(r["body"]), type=Procedure) for r in rows]
        return Catalog(procedures=procedures)

    async def load_bundled(self) -> ImportReport:
        """Load the catalog shipped with motcua (built from the national portal's facts)."""
        data = resources.files("core.catalog.data").joinpath(BUNDLED).read_bytes()
        return await self.import_catalog(transfer.decode(data, "json"))


async def _rows_in_force(today: dt.date) -> dict[str, Any]:
    rows = (
        await ProcedureVersion.select(ProcedureVersion.code, ProcedureVersion.body)
        .where(
            (ProcedureVersion.effective_from <= today)
            & (ProcedureVersion.effective_to.is_null() | (ProcedureVersion.effective_to > today))
        )
        .order_by(ProcedureVersion.code)
        .order_by(ProcedureVersion.version)
    )
    return {row["code"]: row["body"] for row in rows}  # the highest version wins


def _build_index(bodies: dict[str, Any]) -> SearchIndex:
    """Decode and index off the event loop (about 0.7 s for 5,000 procedures)."""
    return SearchIndex(msgspec.json.decode(_as_bytes(b), type=Procedure) for b in bodies.values())


def _itself(procedure: Procedure) -> Procedure:
    return procedure


def _as_bytes(body: Any) -> bytes:
    return body.encode() if isinstance(body, str) else msgspec.json.encode(body)


def _check_unique(procedures: list[Procedure]) -> None:
    seen: set[tuple[str, int]] = set()
    for p in procedures:
        if (p.code, p.version) in seen:
            raise InvalidInput.one("procedures", f"{p.code} version {p.version} appears twice")
        seen.add((p.code, p.version))


async def _current_revision() -> int:
    row = await CatalogRevision.select(CatalogRevision.revision).first()
    return int(row["revision"]) if row else 0


async def _bump_revision() -> None:
    row = await CatalogRevision.select(CatalogRevision.id).first()
    if row is None:
        await CatalogRevision.insert(CatalogRevision(revision=1))
    else:
        await CatalogRevision.update(
            {CatalogRevision.revision: CatalogRevision.revision + 1}
        ).where(CatalogRevision.id == row["id"])


async def _write(procedures: list[Procedure]) -> ImportReport:
    records = {
        r["code"]: r["id"]
        for r in await ProcedureRecord.select(ProcedureRecord.id, ProcedureRecord.code)
    }
    new_codes = sorted({p.code for p in procedures} - records.keys())
    now = dt.datetime.now(dt.UTC)
    for chunk in _chunks(new_codes):
        inserted = await ProcedureRecord.insert(
            *(ProcedureRecord(code=code, created_at=now) for code in chunk)
        ).returning(ProcedureRecord.id, ProcedureRecord.code)
        records.update({r["code"]: r["id"] for r in inserted})
    existing = {
        (r["code"], r["version"]): (r["id"], _as_bytes(r["body"]))
        for r in await ProcedureVersion.select(
            ProcedureVersion.id,
            ProcedureVersion.code,
            ProcedureVersion.version,
            ProcedureVersion.body,
        )
    }
    created, updated = 0, 0
    fresh: list[ProcedureVersion] = []
    for p in procedures:
        body = msgspec.json.encode(p)
        known = existing.get((p.code, p.version))
        if known is None:
            fresh.append(_version_row(p, body, records[p.code], now))
            created += 1
        elif msgspec.json.decode(known[1]) != msgspec.json.decode(body):
            values = _version_values(p, body)
            await ProcedureVersion.update(values).where(ProcedureVersion.id == known[0])
            updated += 1
    for rows in _chunks(fresh):
        await ProcedureVersion.insert(*rows)
    return ImportReport(created, updated, len(procedures) - created - updated)


def _version_values(p: Procedure, body: bytes) -> dict[Any, Any]:
    return {
        ProcedureVersion.effective_from: p.effective_from,
        ProcedureVersion.effective_to: p.effective_to,
        ProcedureVersion.name: p.name,
        ProcedureVersion.field: p.field,
        ProcedureVersion.level: p.level,
        ProcedureVersion.online_level: p.online_level,
        ProcedureVersion.processing_hours: p.processing_hours,
        ProcedureVersion.fee_vnd: p.fee_vnd,
        ProcedureVersion.body: body.decode(),
    }


def _version_row(p: Procedure, body: bytes, record_id: int, now: dt.datetime) -> ProcedureVersion:
    values = {column._meta.name: value for column, value in _version_values(p, body).items()}
    return ProcedureVersion(
        procedure=record_id, code=p.code, version=p.version, created_at=now, **values
    )


def _chunks(items: list[_T]) -> list[list[_T]]:
    return [items[i : i + INSERT_CHUNK] for i in range(0, len(items), INSERT_CHUNK)]
