"""Catalog tables: a procedure, its versions with effective dates, the catalog revision, and the
life events that lead from everyday words to procedures.

Columns hold what is searched, filtered and listed; `body` holds the whole version as the JSON of
`core.catalog.model.Procedure`, so nothing the law publishes is flattened away.
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table


class ProcedureRecord(Table, tablename="procedure"):
    """One administrative procedure, identified by its national code (mã thủ tục)."""

    id = Serial(primary_key=True)
    code = Varchar(length=16, unique=True, index=True)
    created_at = Timestamptz()


class ProcedureVersion(Table, tablename="procedure_version"):
    """One version of a procedure, in force from `effective_from` until `effective_to` (excl.)."""

    id = Serial(primary_key=True)
    procedure = ForeignKey(references=ProcedureRecord, index=True)
    code = Varchar(length=16, index=True)
    version = Integer()
    effective_from = Date()
    effective_to = Date(null=True, default=None)
    name = Varchar(length=1000)
    field = Varchar(length=1000, index=True)
    level = Varchar(length=16)
    online_level = Varchar(length=16)
    processing_hours = Integer(null=True, default=None)
    fee_vnd = Integer(null=True, default=None)
    body = JSON()
    created_at = Timestamptz()


class CatalogRevision(Table, tablename="catalog_revision"):
    """A counter bumped by every catalog write, so each process knows when its index is stale."""

    id = Serial(primary_key=True)
    revision = Integer(default=0)


class LifeEventRecord(Table, tablename="life_event"):
    """A life event (việc cần làm) as admins edit it (core.catalog.life_events).

    A removed event keeps its row, marked `removed`, so that `motcua init` does not seed it again
    from the bundled list: an admin's removal wins, like an admin's edit.
    """

    id = Serial(primary_key=True)
    key = Varchar(length=64, unique=True, index=True)
    name = Varchar(length=200)
    phrases = Text()  # one a line
    codes = Varchar(length=200)  # space-separated, best first
    note = Text(default="")
    removed = Boolean(default=False)
    updated_at = Timestamptz()
