"""What an outage looks like from inside a request: the database gone, or the disk full.

Neither is a bug in motcua nor a fault of the caller, and both pass by themselves (PostgreSQL
restarts, an operator frees space), so the edges answer them with 503 / 507 and a Retry-After
instead of a 500. This module only recognises the drivers' errors; each edge words the answer.

    OSError
    ├── ConnectionError, socket.gaierror, TimeoutError   the database host refuses or vanishes
    └── errno ENOSPC / EDQUOT                            the upload directory is full
    asyncpg
    ├── PostgresConnectionError      the connection broke (08xxx)
    ├── OperatorInterventionError    shutting down, starting up (57Pxx)
    ├── TooManyConnectionsError      the server's connection slots are used up (53300)
    ├── InterfaceError "closed"      a pooled connection died with the server
    └── InternalClientError          the pool resetting a connection the server just dropped
"""

from __future__ import annotations

import errno
import socket
from typing import Literal

from asyncpg.exceptions import (
    InterfaceError,
    InternalClientError,
    OperatorInterventionError,
    PostgresConnectionError,
    TooManyConnectionsError,
)

Outage = Literal["database_down", "storage_full"]

DATABASE_RETRY_AFTER_S = 10  # a PostgreSQL restart or fail-over takes seconds
STORAGE_RETRY_AFTER_S = 60  # someone has to free space first

# The exception types an edge registers a handler for; `kind_of` then decides per instance.
ERROR_TYPES: tuple[type[Exception], ...] = (
    OSError,
    PostgresConnectionError,
    OperatorInterventionError,
    TooManyConnectionsError,
    InterfaceError,
    InternalClientError,
)

_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
_CHAIN_LIMIT = 5  # how far to follow __cause__ / __context__


def kind_of(error: BaseException) -> Outage | None:
    """Which outage `error` (or an error it was raised from) reports; None for anything else."""
    seen: BaseException | None = error
    for _ in range(_CHAIN_LIMIT):
        if seen is None:
            return None
        found = _kind_of_one(seen)
        if found is not None:
            return found
        seen = seen.__cause__ or seen.__context__
    return None


def _kind_of_one(error: BaseException) -> Outage | None:
    if isinstance(error, OSError) and error.errno in _FULL:
        return "storage_full"
    if isinstance(error, ConnectionError | socket.gaierror | TimeoutError):
        return "database_down"
    if isinstance(
        error,
        PostgresConnectionError
        | OperatorInterventionError
        | TooManyConnectionsError
        | InternalClientError,
    ):
        return "database_down"
    if isinstance(error, InterfaceError) and ("closed" in str(error) or "closing" in str(error)):
        return "database_down"
    return None
