"""CatalogService: the procedures in force, searched from memory, imported and exported.

The search index also holds the life events (core.catalog.life_events): `life_events` is the
service admins edit them through, and its changes rebuild the index like a catalog import does.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from importlib import resources
from typing import Any, TypeVar

import msgspec

from core.catalog import life_event_service, revision, transfer, versions
from core.catalog.life_event_service import LifeEventService
from core.catalog.life_events import LifeEvent
from core.catalog.model import LEVEL_ORDER, Catalog, Procedure, ProcedureSummary
from core.catalog.search import Filters, SearchIndex
from core.catalog.tables import ProcedureVersion
from core.catalog.versions import ImportReport
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
    life_event: LifeEvent | None = None  # the everyday situation the query spoke of, if any

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


@dataclasses.dataclass(frozen=True, slots=True)
class FieldSummary:
    name: str
    slug: str
    count: int


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
        self.life_events = LifeEventService(clock, on_change=self._stale)

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
                latest = await revision.current()
                today = today_in_vietnam(self._clock)
                if self._index is None or (latest, today) != (self._revision, self._built_for):
                    rows = await _rows_in_force(today)
                    events = await life_event_service.in_use()
                    self._index = await asyncio.to_thread(_build_index, rows, events)
                    self._revision, self._built_for = latest, today
                self._checked_at = time.monotonic()
            return self._index

    async def search(self, query: SearchQuery) -> SearchPage:
        index = await self.index()
        found = index.search(query.text, query.filters)
        start = (query.page - 1) * query.size
        event = index.life_event(query.text)
        return SearchPage(
            found[start : start + query.size], len(found), query.page, query.size, event
        )

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
            report = await versions.write(catalog.procedures)
            await revision.bump()
        self._stale()
        return report

    async def export_catalog(self) -> Catalog:
        rows = (
            await ProcedureVersion.select(ProcedureVersion.body)
            .order_by(ProcedureVersion.code)
            .order_by(ProcedureVersion.version)
        )
        procedures = [
            msgspec.json.decode(versions.as_bytes(r["body"]), type=Procedure) for r in rows
        ]
        return Catalog(procedures=procedures)

    async def load_bundled(self) -> ImportReport:
        """Load the catalog shipped with motcua (built from the national portal's facts), then
        the life events that lead to its procedures (only those not yet in the table)."""
        data = resources.files("core.catalog.data").joinpath(BUNDLED).read_bytes()
        report = await self.import_catalog(transfer.decode(data, "json"))
        await self.life_events.load_bundled()
        return report

    def _stale(self) -> None:
        """The next read checks the revision and rebuilds: this process just changed it."""
        self._checked_at = 0.0


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


def _build_index(bodies: dict[str, Any], events: list[LifeEvent]) -> SearchIndex:
    """Decode and index off the event loop (about 0.7 s for 5,000 procedures)."""
    procedures = (
        msgspec.json.decode(versions.as_bytes(b), type=Procedure) for b in bodies.values()
    )
    return SearchIndex(procedures, events)


def _itself(procedure: Procedure) -> Procedure:
    return procedure


def _check_unique(procedures: list[Procedure]) -> None:
    seen: set[tuple[str, int]] = set()
    for p in procedures:
        if (p.code, p.version) in seen:
            raise InvalidInput.one("procedures", f"{p.code} version {p.version} appears twice")
        seen.add((p.code, p.version))
