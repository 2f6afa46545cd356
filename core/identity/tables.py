"""Identity tables: units, citizens, staff and their roles, codes, tokens, rate events, audit.

Secrets are never stored as given: one-time codes, passwords and tokens are kept as hashes.
Audit rows are append-only; the database itself refuses to update or delete them
(`core.identity.audit_guard`).
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


class Unit(Table, tablename="org_unit"):
    """An organisation unit: the province, its departments and agencies, its communes."""

    id = Serial(primary_key=True)
    code = Varchar(length=32, unique=True, index=True)  # QCVN 102:2016 e-identifier
    name = Varchar(length=300)
    kind = Varchar(length=16)  # province | department | agency | commune
    parent: ForeignKey[Unit] = ForeignKey(references="self", null=True, default=None, index=True)
    active = Boolean(default=True)
    created_at = Timestamptz()


class Citizen(Table, tablename="citizen"):
    """A person who signs in with a mobile number; profile fields are optional until needed."""

    id = Serial(primary_key=True)
    phone = Varchar(length=16, null=True, default=None, unique=True, index=True)  # +84xxxxxxxxx
    full_name = Varchar(length=200, default="")
    national_id = Varchar(length=12, null=True, default=None)
    address = Varchar(length=500, default="")
    email = Varchar(length=320, default="")
    created_at = Timestamptz()
    deleted_at = Timestamptz(null=True, default=None)  # minimised on a deletion request


class StaffUser(Table, tablename="staff_user"):
    """An officer, unit head or admin: password (argon2) plus a TOTP second factor."""

    id = Serial(primary_key=True)
    username = Varchar(length=64, unique=True, index=True)
    full_name = Varchar(length=200, default="")
    password_hash = Varchar(length=255)
    totp_secret = Varchar(length=64)
    totp_last_step = Integer(default=0)  # the last accepted time step: a code is good once
    totp_enrolled = Boolean(default=False)
    failed_logins = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)
    unit = ForeignKey(references=Unit, null=True, default=None, index=True)
    active = Boolean(default=True)
    created_at = Timestamptz()


class StaffRole(Table, tablename="staff_role"):
    """One role of a staff member: officer, head or admin (several may be held)."""

    id = Serial(primary_key=True)
    staff = ForeignKey(references=StaffUser, index=True)
    role = Varchar(length=16)


class OtpChallenge(Table, tablename="otp_challenge"):
    """A one-time code sent to a phone: stored hashed, valid until `expires_at`, used once."""

    id = Serial(primary_key=True)
    phone = Varchar(length=16, index=True)
    code_hash = Varchar(length=64)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    attempts = Integer(default=0)


class AuthToken(Table, tablename="auth_token"):
    """A web session (cookie) or an API bearer token; only its SHA-256 is stored."""

    id = Serial(primary_key=True)
    token_hash = Varchar(length=64, unique=True, index=True)
    kind = Varchar(length=16)  # session | bearer
    citizen = ForeignKey(references=Citizen, null=True, default=None, index=True)
    staff = ForeignKey(references=StaffUser, null=True, default=None, index=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class RateEvent(Table, tablename="rate_event"):
    """One counted attempt in a rate-limit bucket (the key is a hash, never a phone number)."""

    id = Serial(primary_key=True)
    bucket = Varchar(length=64, index=True)
    created_at = Timestamptz(index=True)


class AuditEntry(Table, tablename="audit_log"):
    """Who did what, to what, from where and when. Never updated, never deleted."""

    id = Serial(primary_key=True)
    at = Timestamptz(index=True)
    actor_kind = Varchar(length=16)  # citizen | staff | system | anonymous
    actor_id = Integer(null=True, default=None)
    actor_label = Varchar(length=200, default="")
    role = Varchar(length=16, default="")
    unit_code = Varchar(length=32, default="", index=True)
    action = Varchar(length=64, index=True)
    object_type = Varchar(length=32, default="")
    object_id = Varchar(length=64, default="")
    before = JSON(null=True, default=None)
    after = JSON(null=True, default=None)
    client_address = Varchar(length=64, default="")
    detail = Text(default="")
