"""Staff usernames and passwords: the rules a new account must meet, and argon2 hashing.

Hashing and verifying are slow on purpose (argon2id), so they run in a worker thread and never
hold a database write lock. An unknown username is checked against a dummy hash, so that the time
taken does not tell whether the account exists.
"""

from __future__ import annotations

import asyncio
import functools
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

USERNAME = re.compile(r"[a-z0-9._-]{3,64}")
MIN_PASSWORD = 12
MAX_PASSWORD = 256  # long enough for any passphrase, short enough not to be a CPU weapon
USERNAME_RULE = "Tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ thường không dấu a–z, chữ số và . _ -"
PASSWORD_RULE = (
    f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự, không chứa tên đăng nhập và trộn ít nhất hai "
    "loại ký tự (chữ thường, chữ hoa, chữ số, ký hiệu)"
)

_hasher = PasswordHasher()


def username_problem(username: str) -> str | None:
    """What is wrong with a new username, or None."""
    return None if USERNAME.fullmatch(username) else USERNAME_RULE


def password_problem(password: str, username: str) -> str | None:
    """What is wrong with a new password (the broken rule first, then the rules), or None."""
    if len(password) < MIN_PASSWORD:
        return f"Mật khẩu quá ngắn ({len(password)} ký tự). {PASSWORD_RULE}"
    if len(password) > MAX_PASSWORD:
        return f"Mật khẩu dài quá {MAX_PASSWORD} ký tự"
    if username and username.lower() in password.lower():
        return f"Mật khẩu không được chứa tên đăng nhập. {PASSWORD_RULE}"
    if len(_classes(password)) < 2:
        return f"Mật khẩu chỉ có một loại ký tự. {PASSWORD_RULE}"
    return None


def _classes(password: str) -> set[str]:
    found: set[str] = set()
    for char in password:
        if char.isdigit():
            found.add("digit")
        elif char.islower():
            found.add("lower")
        elif char.isupper():
            found.add("upper")
        else:
            found.add("other")
    return found


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches; a malformed hash never matches."""
    return await asyncio.to_thread(_verify, password_hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


async def waste_time(password: str) -> None:
    """Verify against a dummy hash: an unknown user costs as long as a wrong password."""
    await verify_password(await _dummy_hash(), password)


@functools.cache
def _dummy() -> str:
    return _hasher.hash("motcua: no such account")


async def _dummy_hash() -> str:
    return await asyncio.to_thread(_dummy)
