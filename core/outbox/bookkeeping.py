"""The delivery engine's grouped writes: a whole batch's attempts and outcomes in a few statements.

The engine (core.outbox.delivery) records every channel call twice, "started" before and finished
after; written row by row that was about fourteen statements per message, which capped delivery
far below what the channels can do. Here each step is one statement for the whole batch: one
multi-row INSERT of the started attempts, and one UPDATE … CASE for the outcomes and one for the
messages (chunked to stay under the databases' limit on parameters). Plain SQL that SQLite and
PostgreSQL both accept; the caller chooses the transactions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from core import rows
from core.outbox.tables import OutboxAttempt, OutboxMessage

CHUNK = 500  # rows per statement: 4 parameters each stays far below both databases' limits
LOST = "the worker stopped during the call: outcome unknown"


@dataclasses.dataclass(frozen=True, slots=True)
class Started:
    message: int
    channel: str
    round: int


@dataclasses.dataclass(frozen=True, slots=True)
class Finished:
    attempt: int
    outcome: str
    detail: str


@dataclasses.dataclass(frozen=True, slots=True)
class Settled:
    """A message's state after its round: sent, back to pending later, or parked."""

    message: int
    status: str  # sent | pending | parked
    attempts: int
    due_at: dt.datetime | None  # the next try, when pending
    flagged: bool


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


async def attempts_of(message_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Every attempt recorded for these messages (id, message, channel, outcome)."""
    found: list[dict[str, Any]] = []
    for chunk in _chunks(message_ids):
        found += await OutboxAttempt.select(
            OutboxAttempt.id, OutboxAttempt.message, OutboxAttempt.channel, OutboxAttempt.outcome
        ).where(OutboxAttempt.message.is_in(list(chunk)))
    return found


async def mark_unknown(attempt_ids: Sequence[int], now: dt.datetime) -> None:
    """Attempts a dead worker left "started": their outcome is lost."""
    for chunk in _chunks(attempt_ids):
        await OutboxAttempt.update(
            {
                OutboxAttempt.outcome: "unknown",
                OutboxAttempt.finished_at: now,
                OutboxAttempt.detail: LOST,
            }
        ).where(OutboxAttempt.id.is_in(list(chunk)) & (OutboxAttempt.outcome == "started"))


async def start(attempts: Sequence[Started], now: dt.datetime) -> list[int]:
    """Insert the "started" attempts; their ids, in the order given."""
    ids: list[int] = []
    for chunk in _chunks(attempts):
        made = await rows.insert(
            OutboxAttempt,
            [
                {
                    "message": a.message,
                    "channel": a.channel,
                    "round": a.round,
                    "started_at": now,
                    "outcome": "started",
                }
                for a in chunk
            ],
            returning="id",
        )
        # Both databases return the rows of a multi-row INSERT in the order of its VALUES.
        ids += [int(row["id"]) for row in made]
    return ids


async def finish(outcomes: Sequence[Finished], now: dt.datetime) -> None:
    """Write each attempt's outcome, only over a row still "started" (never over "unknown")."""
    for chunk in _chunks(outcomes):
        outcome_case = " ".join("WHEN {} THEN {}" for _ in chunk)
        detail_case = " ".join("WHEN {} THEN {}" for _ in chunk)
        where = ", ".join("{}" for _ in chunk)
        # Only placeholders vary with the data; every value is a parameter.
        sql = (
            "UPDATE outbox_attempt SET "  # noqa: S608
            f"outcome = CASE id {outcome_case} ELSE outcome END, "
            f"detail = CASE id {detail_case} ELSE detail END, "
            "finished_at = {} "
            f"WHERE outcome = 'started' AND id IN ({where})"
        )
        args: list[Any] = [v for f in chunk for v in (f.attempt, f.outcome)]
        args += [v for f in chunk for v in (f.attempt, f.detail)]
        args.append(now)
        args += [f.attempt for f in chunk]
        await OutboxAttempt.raw(sql, *args)


async def settle(messages: Sequence[Settled], token: str) -> None:
    """Write each message's new state and release its claim, only while the claim is `token`'s
    (a worker that outlived its lease changes nothing)."""
    for chunk in _chunks(messages):
        every = [(m.message, m) for m in chunk]
        later = [(m.message, m) for m in chunk if m.due_at is not None]
        sets = ["claimed_until = NULL", "claimed_by = ''"]
        args: list[Any] = []
        for column, pairs in (
            ("status", every),
            ("attempts", every),
            ("due_at", later),
            ("flagged", every),
        ):
            if pairs:
                branches = " ".join("WHEN {} THEN {}" for _ in pairs)
                sets.append(f"{column} = CASE id {branches} ELSE {column} END")
                args += [v for mid, m in pairs for v in (mid, getattr(m, column))]
        where = ", ".join("{}" for _ in chunk)
        # Column names are fixed above; every value is a parameter.
        sql = f"UPDATE outbox_message SET {', '.join(sets)} "  # noqa: S608
        sql += f"WHERE claimed_by = {{}} AND id IN ({where})"
        args.append(token)
        args += [m.message for m in chunk]
        await OutboxMessage.raw(sql, *args)
