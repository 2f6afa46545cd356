"""Domain errors. Services raise these; each edge maps them to its own answer.

DomainError
 ├── NotFound          the thing does not exist, or is not the caller's to see
 ├── Conflict          the request clashes with the current state
 ├── PermissionDenied  the caller may not do this
 ├── Unauthenticated   no valid credentials: a wrong, used or expired code, a bad password
 ├── RateLimited       too many attempts; carries how many seconds to wait
 ├── TooLarge          a file or body over its limit; the message states the limit
 ├── UnsupportedType   a file whose content (not its name) is of a type not accepted
 ├── Unavailable       an outside service (a payment gateway) does not answer; carries when to retry
 └── InvalidInput      one or more fields are wrong; carries every problem at once
ConfigurationError     the operator's settings are unusable (not a user error)
"""

from __future__ import annotations

import dataclasses


class DomainError(Exception):
    """Base of every error a service raises for a caller to see."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class Unauthenticated(DomainError):
    pass


class RateLimited(DomainError):
    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)


class TooLarge(DomainError):
    pass


class UnsupportedType(DomainError):
    pass


class Unavailable(DomainError):
    """Nothing was done because a service outside motcua did not answer; the same request may
    succeed after `retry_after` seconds (an edge answers 503 with Retry-After)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)


@dataclasses.dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class InvalidInput(DomainError):
    def __init__(self, message: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []

    @classmethod
    def one(cls, field: str, message: str) -> InvalidInput:
        return cls(message, [FieldError(field, message)])


class ConfigurationError(Exception):
    """The environment or data dir cannot run motcua; said to the operator at start-up."""
