"""Versions: a save writes the next version; a dossier keeps the one in force when received."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import VIETNAM, FixedClock
from core.database import is_unique_violation
from core.errors import Conflict, NotFound
from core.identity.tables import AuditEntry
from core.process.service import ProcessService
from core.process.tables import Process
from tests.core.process.conftest import ADMIN, MONDAY_9, RESIDENCE, steps


async def test_a_new_version_leaves_earlier_instants_alone(
    loaded: ProcessService, clock: FixedClock
) -> None:
    """After an edit, `process_for` at an instant before it still answers the bundled version."""
    received = MONDAY_9 - dt.timedelta(days=3)
    before = await loaded.process_for(RESIDENCE, received)
    clock.advance(dt.timedelta(hours=1))
    saved = await loaded.save(ADMIN, RESIDENCE, steps(2, 14, 6, 2), base_version=1)
    assert (saved.version, before.version) == (2, 1)
    assert await loaded.process_for(RESIDENCE, received) == before
    assert await loaded.process_for(RESIDENCE, MONDAY_9 + dt.timedelta(minutes=30)) == before
    assert (await loaded.current(RESIDENCE)).version == 2
    assert [s.allowance_hours for s in (await loaded.current(RESIDENCE)).steps] == [2, 14, 6, 2]


async def test_a_version_for_a_later_day_waits_for_it(
    loaded: ProcessService, clock: FixedClock
) -> None:
    """Saved for 01/04/2026, a version starts at 00:00 that day (Việt Nam time), not before."""
    saved = await loaded.save(ADMIN, RESIDENCE, steps(2, 14, 6, 2), effective_from="01/04/2026")
    assert saved.effective_from == dt.datetime(2026, 4, 1, tzinfo=VIETNAM)
    assert (await loaded.current(RESIDENCE)).version == 1
    eve = dt.datetime(2026, 3, 31, 23, 59, tzinfo=VIETNAM)
    assert (await loaded.process_for(RESIDENCE, eve)).version == 1
    assert (await loaded.process_for(RESIDENCE, eve + dt.timedelta(minutes=1))).version == 2


async def test_today_means_now(loaded: ProcessService) -> None:
    """A version "from today" starts at the moment of saving, not at midnight gone."""
    saved = await loaded.save(ADMIN, RESIDENCE, steps(2, 14, 6, 2), effective_from="2026-03-02")
    assert saved.effective_from == MONDAY_9


async def test_a_save_cancels_versions_scheduled_after_it(
    loaded: ProcessService,
) -> None:
    """A version starting now replaces one scheduled for April, which is cancelled unused."""
    await loaded.save(ADMIN, RESIDENCE, steps(2, 14, 6, 2), effective_from="01/04/2026")
    await loaded.save(ADMIN, RESIDENCE, steps(3, 12, 6, 3))
    april = dt.datetime(2026, 4, 2, 9, tzinfo=VIETNAM)
    assert (await loaded.process_for(RESIDENCE, april)).version == 3
    editor = await loaded.editor(RESIDENCE)
    assert [(h.process.version, h.state) for h in editor.history] == [
        (3, "in_force"),
        (2, "cancelled"),
        (1, "replaced"),
    ]
    assert editor.latest is not None and editor.latest.version == 3


async def test_a_save_over_a_newer_version_is_a_conflict(loaded: ProcessService) -> None:
    """Two admins edit version 1; the second save, still based on 1, is refused."""
    await loaded.save(ADMIN, RESIDENCE, steps(2, 14, 6, 2), base_version=1)
    with pytest.raises(Conflict, match="phiên bản 2"):
        await loaded.save(ADMIN, RESIDENCE, steps(3, 12, 6, 3), base_version=1)
    assert [v.version for v in await loaded.versions(RESIDENCE)] == [2, 1]


async def test_a_save_is_audited(loaded: ProcessService) -> None:
    """The audit log names the admin, the procedure and the new version."""
    await loaded.save(ADMIN, RESIDENCE, steps(2, 14, 6, 2))
    row = await AuditEntry.select().where(AuditEntry.action == "process.saved").first()
    assert row is not None
    assert (row["actor_label"], row["object_id"]) == ("quantri", RESIDENCE)


async def test_no_process_is_not_found(service: ProcessService) -> None:
    """Before any load or save there is no process to answer with."""
    with pytest.raises(NotFound):
        await service.current(RESIDENCE)
    assert (await service.editor(RESIDENCE)).latest is None


async def test_the_database_refuses_a_version_number_twice(service: ProcessService) -> None:
    """Two rows with one (procedure, version) cannot both be written, whatever the service does."""
    row = {"procedure_code": RESIDENCE, "version": 1, "effective_from": MONDAY_9}
    await Process.insert(Process(**row, created_at=MONDAY_9))
    with pytest.raises(Exception) as raised:  # noqa: PT011 (sqlite3 and asyncpg differ)
        await Process.insert(Process(**row, created_at=MONDAY_9))
    assert is_unique_violation(raised.value)
