"""Vietnamese mobile numbers: one canonical form, +84 followed by nine digits.

"+84 912 345 678", "0912345678", "84912345678" and "(+84) 912-345-678" are one person. Only
mobile prefixes are accepted (3x, 5x, 7x, 8x, 9x after the country code, as the 2018 renumbering
left them); landlines and foreign numbers are refused with a message that says what to type.
"""

from __future__ import annotations

import hashlib
import re

from core.errors import InvalidInput

_SEPARATORS = re.compile(r"[\s.\-()]")
_MOBILE = re.compile(r"^[35789]\d{8}$")
EXAMPLE = "0912 345 678"


def normalise_phone(raw: str, field: str = "phone") -> str:
    """The canonical +84xxxxxxxxx form, or InvalidInput naming `field`."""
    text = _SEPARATORS.sub("", raw or "")
    if text.startswith("+84"):
        national = text[3:]
    elif text.startswith("84") and len(text) == 11:
        national = text[2:]
    elif text.startswith("0"):
        national = text[1:]
    else:
        national = ""
    if not _MOBILE.match(national):
        raise InvalidInput.one(
            field, f"a Vietnamese mobile number of 10 digits, for example {EXAMPLE}"
        )
    return "+84" + national


def masked(phone: str) -> str:
    """For screens that must show which number a code went to: +84 91x xxx 678 → 091*****78."""
    national = "0" + phone.removeprefix("+84")
    return national[:3] + "*" * (len(national) - 5) + national[-2:]


def phone_key(phone: str, secret: str) -> str:
    """A keyed hash of a number, for rate-limit buckets and logs that must not hold the number."""
    return hashlib.blake2b(phone.encode(), key=secret.encode()[:64], digest_size=16).hexdigest()
