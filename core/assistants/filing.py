"""Filing for a citizen: an approved assistant's draft or request becomes the citizen's dossier.

The assistant fills the form in a draft of their own (`DraftService.start(consent=...)`) and
photographs the papers with their own account; filing makes the citizen the dossier's owner and
the photos the citizen's personal papers. Everything on the assistant's side (the consent used,
the photos handed over, the draft marked filed, the audit row) is written inside the filing's
own transaction (`SubmissionService.submit(on_filed=...)`), so a dossier is never filed without
using its consent, and a consent is never used without its dossier. The draft token is the
idempotency key, exactly as for a citizen's own draft: pressing "Nộp hồ sơ" twice files once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from core.assistants import grants
from core.assistants.grants import Granted
from core.assistants.roster import Helper
from core.clock import Clock
from core.dossiers.drafts import DraftService, submission_of
from core.dossiers.requirements import DocumentChoice
from core.dossiers.status import Status
from core.dossiers.submission import Submission, SubmissionService
from core.dossiers.tables import Dossier
from core.dossiers.transitions import DossierTransitions
from core.errors import Conflict, InvalidInput, NotFound
from core.files.service import UploadService
from core.identity import audit
from core.identity.actor import Context


@dataclasses.dataclass(frozen=True, slots=True)
class Filed:
    code: str
    status: Status
    due_at: dt.datetime | None
    created: bool  # False when an earlier request with the same key filed it
    citizen_name: str


@dataclasses.dataclass(frozen=True, slots=True)
class Supplemented:
    code: str  # the dossier's
    status: Status  # where it went back to


class AssistedFiling:
    def __init__(
        self,
        clock: Clock,
        submissions: SubmissionService,
        transitions: DossierTransitions,
        uploads: UploadService,
        drafts: DraftService,
    ) -> None:
        self._clock = clock
        self._submissions = submissions
        self._transitions = transitions
        self._uploads = uploads
        self._drafts = drafts

    async def start_draft(self, ctx: Context, helper: Helper, consent_id: int) -> str:
        """The draft of this consent (made on first use), owned by the assistant."""
        granted = await grants.usable(helper, consent_id, self._clock.now(), supplement=False)
        if granted.used:
            raise Conflict(grants.USED)
        return await self._drafts.start(ctx, granted.procedure_code, consent=granted.id)

    async def file(self, ctx: Context, helper: Helper, token: str) -> Filed:
        """File the assistant's draft under its consent; again: the same dossier."""
        draft = await self._drafts.get(ctx, token)
        if draft.consent_id is None:
            raise NotFound("Không tìm thấy hồ sơ nháp nộp thay người dân")
        procedure = await self._submissions.procedure(draft.procedure_code)
        submission = submission_of(draft, procedure)
        return await self._file(ctx, helper, draft.consent_id, submission, f"draft-{token}", token)

    async def submit(
        self, ctx: Context, helper: Helper, consent_id: int, submission: Submission, key: str
    ) -> Filed:
        """File a whole submission (the JSON API) under a consent; idempotent by `key`."""
        return await self._file(ctx, helper, consent_id, submission, key, None)

    async def supplement(
        self,
        ctx: Context,
        helper: Helper,
        consent_id: int,
        choices: Sequence[DocumentChoice],
        note: str,
    ) -> Supplemented:
        """Send the papers the officer asked for, for the dossier the citizen consented to."""
        now = self._clock.now()
        granted = await grants.usable(helper, consent_id, now, supplement=True)
        if granted.used:
            raise Conflict(grants.USED)
        papers = [c.upload_id for c in choices]

        async def then(dossier_id: int) -> None:
            await grants.claim(granted.id, dossier_id, now)
            moved = await self._uploads.hand_over(helper.citizen_id, granted.citizen_id, papers)
            await _audit(ctx, "assistant.supplement", granted, granted.dossier_code, moved, helper)

        status = await self._transitions.supplement(
            ctx, granted.dossier_code, choices, note, for_citizen=granted.citizen_id, then=then
        )
        return Supplemented(granted.dossier_code, status)

    async def _file(
        self,
        ctx: Context,
        helper: Helper,
        consent_id: int,
        submission: Submission,
        key: str,
        token: str | None,
    ) -> Filed:
        now = self._clock.now()
        granted = await grants.usable(helper, consent_id, now, supplement=False)
        if submission.procedure_code.strip() != granted.procedure_code:
            raise InvalidInput.one(
                "procedure_code",
                f"Người dân chỉ đồng ý nộp hồ sơ thủ tục mã {granted.procedure_code}",
            )
        if granted.used and not await _filed_with(granted, helper, key):
            raise Conflict(grants.USED)  # said at once, not after checking the whole form
        papers = [c.upload_id for c in submission.documents]

        async def on_filed(dossier_id: int, code: str) -> None:
            await grants.claim(granted.id, dossier_id, now)  # a used consent: all rolls back
            moved = await self._uploads.hand_over(helper.citizen_id, granted.citizen_id, papers)
            if token is not None:
                await self._drafts.mark_submitted(ctx, token, code)
            await _audit(ctx, "assistant.file", granted, code, moved, helper)

        filed = await self._submissions.submit(
            ctx, submission, key, for_citizen=granted.citizen_id, on_filed=on_filed
        )
        return Filed(filed.code, filed.status, filed.due_at, filed.created, granted.citizen_name)


async def _filed_with(granted: Granted, helper: Helper, key: str) -> bool:
    """Whether the consent's dossier is the one this key filed (a retry, answered the same)."""
    scope = f"{helper.citizen_id}:{key}"  # the submitter's key, as SubmissionService keeps it
    return bool(
        await Dossier.exists().where(
            (Dossier.id == granted.filed) & (Dossier.idempotency_scope == scope)
        )
    )


async def _audit(
    ctx: Context, action: str, granted: Granted, code: str, papers: int, helper: Helper
) -> None:
    await audit.record(
        ctx,
        action,
        object_type="dossier",
        object_id=code,
        after={"consent": granted.id, "citizen": granted.citizen_id, "papers_given": papers},
        unit_code=helper.unit_code,
    )
