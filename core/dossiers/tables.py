"""Dossier tables: the dossier, its documents and events, frozen procedures, sequences, drafts.

A dossier (hồ sơ) keeps what it was filed under: the procedure version as it read at receipt
(`FrozenProcedure`, shared by content hash so a thousand birth registrations hold one copy) and
the documents' file metadata (so a later change to the citizen's personal store changes nothing).
"""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from core.identity.tables import Citizen, Unit


class FrozenProcedure(Table, tablename="frozen_procedure"):
    """One procedure version exactly as a dossier was filed under it; never changed."""

    id = Serial(primary_key=True)
    sha256 = Varchar(length=64, unique=True)
    code = Varchar(length=16)
    version = Integer()
    name = Varchar(length=1000)
    body = JSON()
    created_at = Timestamptz()


class Dossier(Table, tablename="dossier"):
    """One dossier: who filed it, for which procedure, where it is and when it is due."""

    id = Serial(primary_key=True)
    code = Varchar(length=48, unique=True)  # <unit e-identifier>-yyMMdd-NNNN
    procedure_code = Varchar(length=16, index=True)
    procedure = ForeignKey(references=FrozenProcedure)
    owner = ForeignKey(references=Citizen, index=True)
    receiving_unit = ForeignKey(references=Unit)
    holding_unit = ForeignKey(references=Unit, index=True)
    status = Varchar(length=24, index=True)
    resume_status = Varchar(length=24, default="")  # where a supplement returns it to
    channel = Varchar(length=8, default="online")  # online | counter | post
    fields = JSON()
    applicant_name = Varchar(length=200, default="")
    phone_tail = Varchar(length=4, default="")  # the public lookup's second factor
    fee_vnd = Integer(null=True, default=None)
    paid = Boolean(default=False)
    submitted_at = Timestamptz()
    due_at = Timestamptz(null=True, default=None)
    updated_at = Timestamptz()
    # The submitter's Idempotency-Key, scoped to them: "<citizen id>:<key>"; a retry finds it.
    idempotency_scope = Varchar(length=140, null=True, default=None, unique=True)
    request_hash = Varchar(length=64, default="")


class DossierDocument(Table, tablename="dossier_document"):
    """A paper attached to a dossier: which requirement it answers and the stored file."""

    id = Serial(primary_key=True)
    dossier = ForeignKey(references=Dossier, index=True)
    requirement = Integer()  # 1-based position in the procedure's documents
    name = Text()  # the requirement's name as it read at submission
    upload_id = Varchar(length=40)
    sha256 = Varchar(length=64)
    size = Integer()
    content_type = Varchar(length=64)
    filename = Varchar(length=200, default="")
    round = Integer(default=0)  # 0 at submission, n for the n-th supplement
    added_at = Timestamptz()


class DossierEvent(Table, tablename="dossier_event"):
    """One line of the dossier's timeline: a status change or a note, by whom and when."""

    id = Serial(primary_key=True)
    dossier = ForeignKey(references=Dossier, index=True)
    at = Timestamptz()
    actor_kind = Varchar(length=16)
    actor_label = Varchar(length=200, default="")
    from_status = Varchar(length=24, default="")
    to_status = Varchar(length=24, default="")
    note = Text(default="")
    missing = JSON(null=True, default=None)  # a supplement request lists what is missing


class DossierSequence(Table, tablename="dossier_sequence"):
    """The last sequence number a receiving unit handed out on one day."""

    id = Serial(primary_key=True)
    scope = Varchar(length=48, unique=True)  # "<unit e-identifier>-yyMMdd"
    last = Integer(default=0)


class Draft(Table, tablename="dossier_draft"):
    """A form a citizen has started; saved as they type, resumed from "Hồ sơ của tôi"."""

    id = Serial(primary_key=True)
    token = Varchar(length=32, unique=True)  # in URLs; also the submission's idempotency key
    owner = ForeignKey(references=Citizen, index=True)
    procedure_code = Varchar(length=16)
    values = JSON()
    documents = JSON()  # {"<requirement>": ["<upload id>", ...]}
    unit_code = Varchar(length=32, default="")
    submitted_code = Varchar(
        length=48, default=""
    )  # set once filed; the draft then leaves the list
    created_at = Timestamptz()
    updated_at = Timestamptz()
