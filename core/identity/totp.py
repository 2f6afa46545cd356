"""TOTP second factor (RFC 6238, pyotp) and the short-lived ticket of a pending enrolment.

A code is good for one 30-second step either side of now, and once: the service stores the
accepted step and refuses any code whose step is not later (replay). A new account has a secret
but no enrolled authenticator; after its password is checked, the sign-in page hands the browser
an enrolment ticket (HMAC-signed: account, expiry, and a fingerprint of the current secret) so
the secret itself never travels in a URL and a reset secret kills older tickets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

import pyotp
from pyotp.exceptions import OTPVerificationError

ISSUER = "motcua"
VALID_WINDOW = 1
CODE = re.compile(r"\d{6}")
TICKET_TTL = dt.timedelta(minutes=10)
MAX_TICKET = 200


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    """The otpauth:// URI an authenticator app scans (issuer "motcua")."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def normalised_code(code: str) -> str:
    """Digits only: people type "123 456" as often as "123456"."""
    return re.sub(r"[\s-]", "", code or "")[:16]


def matching_step(secret: str, code: str, now: dt.datetime) -> int | None:
    """The time step `code` belongs to (now ± one step), or None if it matches none."""
    if not CODE.fullmatch(code):
        return None
    try:
        step = pyotp.TOTP(secret).verify_and_get_timecode(
            code, for_time=now, valid_window=VALID_WINDOW
        )
    except OTPVerificationError:
        return None
    return int(step)


def issue_ticket(key: bytes, staff_id: int, secret: str, now: dt.datetime) -> str:
    expires = int((now + TICKET_TTL).timestamp())
    return f"{staff_id}.{expires}.{_mac(key, staff_id, expires, secret)}"


def ticket_account(ticket: str) -> int | None:
    """The account a ticket claims to be for (not yet checked)."""
    parts = (ticket or "")[:MAX_TICKET].split(".")
    return int(parts[0]) if len(parts) == 3 and parts[0].isdigit() else None


def ticket_valid(key: bytes, ticket: str, secret: str, now: dt.datetime) -> bool:
    """Signed by us, not expired, and for the account's current secret."""
    parts = (ticket or "")[:MAX_TICKET].split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return False
    staff_id, expires = int(parts[0]), int(parts[1])
    if expires < now.timestamp():
        return False
    return hmac.compare_digest(parts[2], _mac(key, staff_id, expires, secret))


def _mac(key: bytes, staff_id: int, expires: int, secret: str) -> str:
    message = f"staff-enrolment:{staff_id}:{expires}:{secret}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
