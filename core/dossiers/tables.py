"""Dossier tables: the dossier, its documents and events, frozen procedures, sequences, drafts.

A dossier (hồ sơ) keeps what it was filed under: the procedure version as it read at receipt
(`FrozenProcedure`, shared by content hash so a thousand birth registrations hold one copy) and
the documents' file metadata (so a later change to the citizen's personal store changes nothing).
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

from core.identity.tables import Citizen, StaffUser, Unit


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
    fee_vnd = Integer(null=True, default=None)  # what is owed in all; None: no fee stated
    # core.payments.fees items frozen at filing, plus any obligation an officer adds later
    # (request_payment); None on dossiers filed before fees were itemised.
    fee_items = JSON(null=True, default=None)
    paid = Boolean(default=False)
    submitted_at = Timestamptz()
    due_at = Timestamptz(null=True, default=None)
    updated_at = Timestamptz()
    # The submitter's Idempotency-Key, scoped to them: "<citizen id>:<key>"; a retry finds it.
    idempotency_scope = Varchar(length=140, null=True, default=None, unique=True)
    request_hash = Varchar(length=64, default="")
    # The back office (issue 5): the process version and step it is at, its clock, its result.
    process_version = Integer(null=True, default=None)  # core.process version in force at receipt
    step = Integer(default=0)  # position of the current step in that process (0: none yet)
    received_at = Timestamptz(null=True, default=None)  # accepted at the counter
    extended_at = Timestamptz(null=True, default=None)  # form 04, once per dossier
    extended_due_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)  # the result was ready: the clock stops
    result_note = Text(default="")
    result_upload = Varchar(length=40, default="")
    digitised = Boolean(default=False)
    returned_at = Timestamptz(null=True, default=None)
    returned_via = Varchar(length=16, default="")  # counter | post | online
    # Filed by a volunteer assistant (core.assistants) for the owner: the assistant's citizen
    # account; it sees the dossier until it is over or the owner revokes it.
    assistant = ForeignKey(references=Citizen, null=True, default=None, index=True)
    assistant_revoked_at = Timestamptz(null=True, default=None)


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
    actor_id = Integer(null=True, default=None)  # the citizen's or staff member's id
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
    # An assistant's draft for a citizen: the core.assistants Consent it will be filed under. A
    # plain id, not a foreign key: assistants build on dossiers, never the other way round.
    consent = Integer(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class DossierStep(Table, tablename="dossier_step"):
    """A row of the control sheet (form 06): one hand-off, who held the dossier and how long.

    Opened when a unit takes the dossier for a step of its process, closed when it hands it on
    (forward, send back, approve, return, refuse, stop...). The used working minutes and the
    verdict against the step's allowance are written when it closes.
    """

    id = Serial(primary_key=True)
    dossier = ForeignKey(references=Dossier, index=True)
    position = Integer()  # the process step (1-based)
    name = Text(default="")
    kind = Varchar(length=16, default="")  # receive | appraise | approve | inter_agency | return
    unit = ForeignKey(references=Unit, index=True)  # the unit that held it
    role = Varchar(length=16, default="officer")  # who acts at that unit
    sent_by = Varchar(length=200, default="")  # who handed it over
    started_at = Timestamptz()
    ended_at = Timestamptz(null=True, default=None)
    ended_by = Varchar(length=200, default="")
    outcome = Varchar(length=24, default="")  # forwarded | sent_back | approved | returned ...
    note = Text(default="")
    allowance_hours = Integer(null=True, default=None)
    used_minutes = Integer(null=True, default=None)
    verdict = Varchar(length=16, default="")  # early | on_time | late (when closed)


class DossierPause(Table, tablename="dossier_pause"):
    """The clock stopped while the citizen had to act: a supplement or a fee."""

    id = Serial(primary_key=True)
    dossier = ForeignKey(references=Dossier, index=True)
    kind = Varchar(length=16)  # supplement | fee
    started_at = Timestamptz()
    ended_at = Timestamptz(null=True, default=None)


class ReminderSent(Table, tablename="reminder_sent"):
    """A reminder already enqueued for one staff member, so a rerun never sends it twice.

    `key` is what makes it once-only: "morning:<unit id>:<yyyy-mm-dd>:<staff id>" for the morning
    digest (once per unit, day and person), "crossing_80:<dossier id>:<staff id>" for the warning
    that a dossier has used 80 % of its allowance (once per dossier, ever).
    """

    id = Serial(primary_key=True)
    key = Varchar(length=100, unique=True)
    kind = Varchar(length=16)  # morning | crossing_80
    unit = ForeignKey(references=Unit, index=True)  # the unit that held the dossiers
    day = Date(null=True, default=None)  # morning: the day of the digest (Việt Nam)
    dossier = ForeignKey(references=Dossier, null=True, default=None, index=True)  # crossing_80
    staff = ForeignKey(references=StaffUser)
    sent_at = Timestamptz()
