"""Filing at the service layer: code, due date, frozen procedure, idempotency, refusals."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from core.clock import VIETNAM
from core.dossiers.requirements import DocumentChoice
from core.dossiers.status import Status
from core.dossiers.submission import Submission
from core.dossiers.tables import (
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierSequence,
    FrozenProcedure,
)
from core.errors import InvalidInput, PermissionDenied, Unauthenticated
from core.files.tables import Upload
from core.identity import audit
from core.identity.actor import ANONYMOUS, Actor, Context
from core.identity.tables import AuditEntry
from core.stats.tables import StatDay
from tests.core.dossiers.conftest import BIRTH, BIRTH_CERTIFICATE, World, birth_fields

KEY = "key-0001-abcdef"


async def test_dossier_gets_unit_day_sequence_code(world: World) -> None:
    """The code is the province unit's e-identifier, yyMMdd and a 4-digit sequence."""
    ctx = await world.citizen()
    filed = await world.submissions.submit(ctx, await world.birth(ctx), KEY)
    assert filed.code == "000.00.00.H56-260302-0001"
    assert filed.created and filed.status is Status.SUBMITTED


async def test_sequence_counts_per_unit_and_day(world: World) -> None:
    """The second dossier of the day is 0002; the next day starts again at 0001."""
    ctx = await world.citizen()
    first = await world.submissions.submit(ctx, await world.birth(ctx), "k-first-1")
    second = await world.submissions.submit(ctx, await world.birth(ctx), "k-second-2")
    world.clock.advance(dt.timedelta(days=1))
    third = await world.submissions.submit(ctx, await world.birth(ctx), "k-third-3")
    assert [first.code[-4:], second.code[-4:]] == ["0001", "0002"]
    assert third.code == "000.00.00.H56-260303-0001"


async def test_commune_unit_is_used_when_named(world: World) -> None:
    """A commune-level procedure filed at a named commune takes that commune's code."""
    ctx = await world.citizen()
    submission = await world.birth(ctx)
    named = Submission(
        submission.procedure_code, submission.fields, submission.documents, "000.10.12.H56"
    )
    filed = await world.submissions.submit(ctx, named, KEY)
    assert filed.code.startswith("000.10.12.H56-260302-")


async def test_same_day_procedure_is_due_at_end_of_day(world: World) -> None:
    """Birth registration before the 15:00 cut-off is due at 17:00 the same day."""
    ctx = await world.citizen()
    filed = await world.submissions.submit(ctx, await world.birth(ctx), KEY)
    assert filed.due_at == dt.datetime(2026, 3, 2, 17, 0, tzinfo=VIETNAM)


async def test_after_cutoff_is_due_next_working_day(world: World) -> None:
    """Filed on Friday at 15:30, a same-day procedure is due on Monday at 17:00."""
    world.clock.advance(dt.timedelta(days=4, hours=6, minutes=30))  # Friday 6 March 15:30
    ctx = await world.citizen()
    filed = await world.submissions.submit(ctx, await world.birth(ctx), KEY)
    assert filed.due_at == dt.datetime(2026, 3, 9, 17, 0, tzinfo=VIETNAM)


async def test_dossier_keeps_a_frozen_copy_of_its_procedure(world: World) -> None:
    """The procedure text is stored once per version and the dossier points at it."""
    ctx = await world.citizen()
    await world.submissions.submit(ctx, await world.birth(ctx), "key-a-000001")
    await world.submissions.submit(ctx, await world.birth(ctx), "key-b-000002")
    frozen = await FrozenProcedure.select(FrozenProcedure.id, FrozenProcedure.code)
    assert [r["code"] for r in frozen] == [BIRTH]
    assert {r["procedure"] for r in await Dossier.select(Dossier.procedure)} == {frozen[0]["id"]}


async def test_everything_is_written_together(world: World) -> None:
    """Dossier, document, first timeline event and audit row exist after a submission."""
    ctx = await world.citizen()
    filed = await world.submissions.submit(ctx, await world.birth(ctx), KEY)
    dossier = await Dossier.select().where(Dossier.code == filed.code).first()
    assert dossier is not None and dossier["phone_tail"] == "5678"
    assert await DossierDocument.count().where(DossierDocument.dossier == dossier["id"]) == 1
    assert await DossierEvent.count().where(DossierEvent.dossier == dossier["id"]) == 1
    assert await AuditEntry.count().where(AuditEntry.object_id == filed.code) == 1


async def test_same_key_returns_same_dossier(world: World) -> None:
    """A retry with the same key and body answers with the first dossier, not a second."""
    ctx = await world.citizen()
    submission = await world.birth(ctx)
    first = await world.submissions.submit(ctx, submission, KEY)
    again = await world.submissions.submit(ctx, submission, KEY)
    assert again.code == first.code and not again.created
    assert await Dossier.count() == 1


async def test_a_retry_writes_nothing(world: World) -> None:
    """The write itself finds the key's dossier: no number drawn, nothing counted or audited."""
    ctx = await world.citizen()
    submission = await world.birth(ctx)
    await world.submissions.submit(ctx, submission, KEY)
    await world.submissions.submit(ctx, submission, KEY)
    assert [r["last"] for r in await DossierSequence.select(DossierSequence.last)] == [1]
    assert [r["received"] for r in await StatDay.select(StatDay.received)] == [1]
    assert await AuditEntry.count().where(AuditEntry.action == "dossier.submit") == 1
    assert await DossierEvent.count() == 1 and await DossierDocument.count() == 1


async def test_a_retry_that_no_longer_passes_gets_its_dossier(world: World) -> None:
    """Once its paper is someone else's, the same request would be refused; its retry still
    answers with the dossier the key filed."""
    ctx = await world.citizen()
    submission = await world.birth(ctx)
    first = await world.submissions.submit(ctx, submission, KEY)
    other = await world.citizen("+84987654321")
    assert other.actor.id is not None
    await Upload.update({Upload.owner: other.actor.id}, force=True)
    again = await world.submissions.submit(ctx, submission, KEY)
    assert again.code == first.code and not again.created
    with pytest.raises(InvalidInput):
        await world.submissions.submit(ctx, submission, "another-key-01")


async def test_concurrent_retries_make_one_dossier(world: World) -> None:
    """Twenty simultaneous requests with one key file exactly one dossier."""
    ctx = await world.citizen()
    submission = await world.birth(ctx)
    results = await asyncio.gather(
        *(world.submissions.submit(ctx, submission, KEY) for _ in range(20))
    )
    assert len({r.code for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert await Dossier.count() == 1


async def test_concurrent_submissions_get_distinct_codes(world: World) -> None:
    """Thirty different dossiers filed at once draw thirty different sequence numbers."""
    ctx = await world.citizen()
    submission = await world.birth(ctx)
    results = await asyncio.gather(
        *(world.submissions.submit(ctx, submission, f"key-{n:06d}") for n in range(30))
    )
    assert sorted(int(r.code[-4:]) for r in results) == list(range(1, 31))


async def test_same_key_for_another_body_is_refused(world: World) -> None:
    """A key reused for different answers is a 422 naming the header, not a silent replay."""
    ctx = await world.citizen()
    await world.submissions.submit(ctx, await world.birth(ctx), KEY)
    with pytest.raises(InvalidInput) as caught:
        await world.submissions.submit(ctx, await world.birth(ctx, child_name="Lê Văn C"), KEY)
    assert caught.value.errors[0].field == "Idempotency-Key"


async def test_keys_are_scoped_to_their_citizen(world: World) -> None:
    """Two citizens using the same key get their own dossiers."""
    one = await world.citizen("+84912345678")
    two = await world.citizen("+84987654321")
    a = await world.submissions.submit(one, await world.birth(one), KEY)
    b = await world.submissions.submit(two, await world.birth(two), KEY)
    assert a.code != b.code


@pytest.mark.parametrize("key", ["", "short", "x" * 101, "khóa-có-dấu-123"])
async def test_bad_idempotency_key_is_refused(world: World, key: str) -> None:
    """A missing, short, long or non-ASCII key is a 422 naming the header."""
    ctx = await world.citizen()
    with pytest.raises(InvalidInput) as caught:
        await world.submissions.submit(ctx, await world.birth(ctx), key)
    assert caught.value.errors[0].field == "Idempotency-Key"


async def test_unknown_procedure_is_named(world: World) -> None:
    """An unknown code is a 422 on procedure_code and writes nothing."""
    ctx = await world.citizen()
    with pytest.raises(InvalidInput) as caught:
        await world.submissions.submit(ctx, Submission("9.999999", {}), KEY)
    assert caught.value.errors[0].field == "procedure_code"
    assert await Dossier.count() == 0


async def test_every_problem_is_reported_at_once(world: World) -> None:
    """Missing fields, a bad ID, a bad date and missing papers come back together."""
    ctx = await world.citizen()
    fields = birth_fields(citizen_id="12345", child_birth_date="31/02/2026")
    del fields["child_name"]
    with pytest.raises(InvalidInput) as caught:
        await world.submissions.submit(ctx, Submission(BIRTH, fields, []), KEY)
    named = {e.field for e in caught.value.errors}
    assert {"citizen_id", "child_birth_date", "child_name", "documents"} <= named
    assert await Dossier.count() == 0 and await DossierSequence.count() == 0


async def test_another_citizens_upload_is_refused(world: World) -> None:
    """An upload id of someone else is a 422 on that document; nothing is filed."""
    owner = await world.citizen("+84912345678")
    other = await world.citizen("+84987654321")
    theirs = await world.upload(other)
    submission = Submission(BIRTH, birth_fields(), [DocumentChoice(BIRTH_CERTIFICATE, theirs)])
    with pytest.raises(InvalidInput) as caught:
        await world.submissions.submit(owner, submission, KEY)
    assert caught.value.errors[0].field == "documents[0].upload_id"
    assert await Dossier.count() == 0


async def test_unknown_requirement_and_too_many_files(world: World) -> None:
    """A requirement the procedure lacks and more than 20 files are both named."""
    ctx = await world.citizen()
    upload_id = await world.upload(ctx)
    choices = [DocumentChoice(BIRTH_CERTIFICATE, upload_id)] * 20 + [DocumentChoice(3, upload_id)]
    with pytest.raises(InvalidInput) as caught:
        await world.submissions.submit(ctx, Submission(BIRTH, birth_fields(), choices), KEY)
    assert {"documents", "documents[20].requirement"} <= {e.field for e in caught.value.errors}


async def test_unknown_unit_is_refused(world: World) -> None:
    """A unit that is not a receiving unit for the procedure is a 422 on unit."""
    ctx = await world.citizen()
    submission = await world.birth(ctx)
    wrong = Submission(BIRTH, submission.fields, submission.documents, "000.00.01.H56")
    with pytest.raises(InvalidInput) as caught:
        await world.submissions.submit(ctx, wrong, KEY)
    assert caught.value.errors[0].field == "unit"


async def test_only_signed_in_citizens_file(world: World) -> None:
    """Anonymous callers are asked to sign in; staff cannot file as themselves."""
    submission = Submission(BIRTH, birth_fields(), [])
    with pytest.raises(Unauthenticated):
        await world.submissions.submit(Context(ANONYMOUS), submission, KEY)
    staff = Context(Actor("staff", id=1, roles=frozenset({"officer"})))
    with pytest.raises(PermissionDenied):
        await world.submissions.submit(staff, submission, KEY)


async def test_failed_write_leaves_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after the dossier row is inserted rolls back the row and its number.

    The day's counters are the last rows written (on SQLite, statement by statement in one
    transaction); on PostgreSQL the whole write is one statement, refused before it is sent."""
    ctx = await world.citizen()
    submission = await world.birth(ctx)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("core.dossiers.filing_write.recorder.bump_statement", broken)
    with pytest.raises(RuntimeError):
        await world.submissions.submit(ctx, submission, KEY)
    assert await Dossier.count() == 0 and await DossierDocument.count() == 0
    assert await DossierEvent.count() == 0 and await DossierSequence.count() == 0


async def test_a_row_the_database_refuses_leaves_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database itself refuses the audit row (NOT NULL), after the number, dossier, paper
    and event were written in the same write: all of them and the number are gone."""
    ctx = await world.citizen()
    submission = await world.birth(ctx)
    real_row = audit.audit_row

    def unnamed(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return {**real_row(*args, **kwargs), "action": None}

    monkeypatch.setattr("core.dossiers.submission.audit.audit_row", unnamed)
    with pytest.raises(Exception, match=r"(?i)null"):
        await world.submissions.submit(ctx, submission, KEY)
    assert await Dossier.count() == 0 and await DossierDocument.count() == 0
    assert await DossierEvent.count() == 0 and await DossierSequence.count() == 0
    filed = AuditEntry.action == "dossier.submit"
    assert await AuditEntry.count().where(filed) == 0 and await StatDay.count() == 0
