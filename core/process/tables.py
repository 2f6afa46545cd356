"""Process tables: one row per version of a procedure's process, and that version's steps.

A version row is never changed once written, except `active`, which is cleared when a version
scheduled for later is cancelled before it takes effect. Steps belong to exactly one version.
A unique index on (procedure_code, version) (second migration) keeps two saves from both
writing the same version number.
"""

from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table


class Process(Table, tablename="process"):
    """One version of the process of one procedure, in force from `effective_from`."""

    id = Serial(primary_key=True)
    procedure_code = Varchar(length=16, index=True)
    version = Integer()
    effective_from = Timestamptz()
    active = Boolean(default=True)  # False: cancelled before it took effect
    note = Varchar(length=1000, default="")
    created_at = Timestamptz()
    created_by = Varchar(length=200, default="")


class ProcessStep(Table, tablename="process_step"):
    """One step: what is done (kind), by whom (performer and role), within how many hours."""

    id = Serial(primary_key=True)
    process = ForeignKey(references=Process, index=True)
    position = Integer()  # 1, 2, 3... in order
    name = Varchar(length=300)
    kind = Varchar(length=16)  # core.process.model.StepKind
    performer = Varchar(length=16)  # core.process.model.Performer
    performer_ref = Varchar(length=300, default="")  # a unit code or an agency's name
    role = Varchar(length=16)  # officer | head
    allowance_hours = Integer(null=True, default=None)  # working hours; None: left open
