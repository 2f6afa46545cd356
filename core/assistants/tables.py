"""Assistant tables: who may help at which commune, and each citizen's consent to one dossier.

A volunteer assistant (người hỗ trợ, tổ công nghệ số cộng đồng) is a citizen account that a
commune's officers approved. A `Consent` is one citizen's agreement, given by reading an SMS code
to the assistant, that the assistant files one dossier (or one supplement) for them. The code is
kept only as an HMAC (`core.identity.otp.digest`), like a sign-in code.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from core.dossiers.tables import Dossier
from core.identity.tables import Citizen, StaffUser, Unit


class Assistant(Table, tablename="assistant"):
    """A citizen's application to help at one commune, and the commune's decision on it."""

    id = Serial(primary_key=True)
    citizen = ForeignKey(references=Citizen, unique=True, index=True)  # one role per person
    unit = ForeignKey(references=Unit, index=True)  # the commune (kind "commune")
    status = Varchar(length=16, default="applied")  # applied | approved | suspended | removed
    note = Text(default="")  # the applicant's words to the commune
    decision_note = Text(default="")  # the officer's words with the last decision
    applied_at = Timestamptz()
    decided_at = Timestamptz(null=True, default=None)
    decided_by = ForeignKey(references=StaffUser, null=True, default=None)


class Consent(Table, tablename="assistant_consent"):
    """One consent code sent to a citizen: for a new dossier of a procedure, or a supplement.

    Good for `core.assistants.consents.CODE_TTL` to confirm and for five tries; once confirmed,
    good for one filing (`used_at`, `dossier_filed`) within `USE_WITHIN`.
    """

    id = Serial(primary_key=True)
    assistant = ForeignKey(references=Assistant, index=True)
    phone = Varchar(length=16)  # the citizen's number, +84…
    citizen = ForeignKey(references=Citizen, null=True, default=None, index=True)  # on confirm
    procedure_code = Varchar(length=16, default="")
    dossier = ForeignKey(references=Dossier, null=True, default=None)  # a supplement's dossier
    code_hash = Varchar(length=64)
    tries = Integer(default=0)  # attempts at the code; after five wrong ones it is locked
    created_at = Timestamptz()
    expires_at = Timestamptz()
    confirmed_at = Timestamptz(null=True, default=None)
    used_at = Timestamptz(null=True, default=None)
    dossier_filed = ForeignKey(references=Dossier, null=True, default=None)
