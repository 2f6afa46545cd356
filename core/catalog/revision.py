"""The catalog revision: one counter that every catalog write bumps in its own transaction.

Each process keeps its search index in memory (core.catalog.service); comparing this counter is
how it learns, within a couple of seconds, that another process imported procedures or that an
admin edited the life events the index matches.
"""

from __future__ import annotations

from core.catalog.tables import CatalogRevision


async def current() -> int:
    row = await CatalogRevision.select(CatalogRevision.revision).first()
    return int(row["revision"]) if row else 0


async def bump() -> None:
    """Call inside the write transaction of the change, so readers never see one without it."""
    row = await CatalogRevision.select(CatalogRevision.id).first()
    if row is None:
        await CatalogRevision.insert(CatalogRevision(revision=1))
    else:
        await CatalogRevision.update(
            {CatalogRevision.revision: CatalogRevision.revision + 1}
        ).where(CatalogRevision.id == row["id"])
