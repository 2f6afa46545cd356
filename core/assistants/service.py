"""AssistantService: volunteer assistants (người hỗ trợ) who file for citizens with consent.

One entry point for the edges over four rooms: the commune's register of assistants
(`roster`), consent codes (`consents`, `grants`), filing for a citizen (`filing`) and the
dossiers an assistant helped with (`helped`). The rules, in short:

- a citizen applies to help at a commune; its officers or head approve, suspend or remove them;
- an approved assistant acts for a citizen only with that citizen's SMS code, one code per
  dossier or supplement; without it nothing is created;
- the citizen owns what is filed, gets its notifications and its photos, and may revoke the
  assistant, who otherwise follows the dossier until it is over.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.assistants.consents import ConsentCodes, ConsentRequest
from core.assistants.filing import AssistedFiling, Filed, Supplemented
from core.assistants.grants import ConfirmedConsent
from core.assistants.helped import HelpedDossier, HelpedDossiers
from core.assistants.roster import AssistantRoster, AssistantView
from core.clock import Clock
from core.dossiers.drafts import DraftService
from core.dossiers.requirements import DocumentChoice
from core.dossiers.submission import Submission, SubmissionService
from core.dossiers.transitions import DossierTransitions
from core.files.service import UploadService
from core.identity.actor import Context
from core.identity.ports import SmsSender

__all__ = [
    "AssistantService",
    "AssistantView",
    "ConfirmedConsent",
    "ConsentRequest",
    "Filed",
    "HelpedDossier",
    "Supplemented",
]


class AssistantService:
    def __init__(
        self,
        clock: Clock,
        sms: SmsSender,
        secret: str,
        submissions: SubmissionService,
        transitions: DossierTransitions,
        uploads: UploadService,
        drafts: DraftService,
    ) -> None:
        self._roster = AssistantRoster(clock)
        self._consents = ConsentCodes(clock, sms, secret, submissions)
        self._filing = AssistedFiling(clock, submissions, transitions, uploads, drafts)
        self._helped = HelpedDossiers(clock)

    # -- the register (a citizen applies, the commune decides) --

    async def apply(self, ctx: Context, commune_code: str, note: str) -> AssistantView:
        return await self._roster.apply(ctx, commune_code, note)

    async def mine(self, ctx: Context) -> AssistantView | None:
        return await self._roster.mine(ctx)

    async def of_unit(self, ctx: Context) -> list[AssistantView]:
        return await self._roster.of_unit(ctx)

    async def decide(
        self, ctx: Context, assistant_id: int, decision: str, note: str
    ) -> AssistantView:
        """`decision`: approve, suspend or remove."""
        return await self._roster.decide(ctx, assistant_id, decision, note)

    # -- consent (the citizen's SMS code) --

    async def ask_consent(
        self, ctx: Context, phone: str, procedure_code: str = "", dossier_code: str = ""
    ) -> ConsentRequest:
        """A procedure code for a new dossier, or a dossier code for its supplement."""
        helper = await self._roster.approved(ctx)
        return await self._consents.ask(ctx, helper, phone, procedure_code, dossier_code)

    async def confirm(self, ctx: Context, consent_id: int, code: str) -> ConfirmedConsent:
        helper = await self._roster.approved(ctx)
        return await self._consents.confirm(ctx, helper, consent_id, code)

    async def consent(self, ctx: Context, consent_id: int) -> ConsentRequest:
        """One of the caller's consents as asked (and whether the citizen confirmed it)."""
        helper = await self._roster.enrolled(ctx)
        return await self._consents.shown(helper, consent_id)

    # -- filing for the citizen --

    async def start_draft(self, ctx: Context, consent_id: int) -> str:
        helper = await self._roster.approved(ctx)
        return await self._filing.start_draft(ctx, helper, consent_id)

    async def file(self, ctx: Context, token: str) -> Filed:
        """File an assisted draft (one whose `DraftView.consent_id` is set)."""
        helper = await self._roster.approved(ctx)
        return await self._filing.file(ctx, helper, token)

    async def submit(
        self, ctx: Context, consent_id: int, submission: Submission, key: str
    ) -> Filed:
        """File a whole submission under a consent (the JSON API), idempotent by `key`."""
        helper = await self._roster.approved(ctx)
        return await self._filing.submit(ctx, helper, consent_id, submission, key)

    async def supplement(
        self, ctx: Context, consent_id: int, choices: Sequence[DocumentChoice], note: str = ""
    ) -> Supplemented:
        """The papers an officer asked for, under a consent for that dossier."""
        helper = await self._roster.approved(ctx)
        return await self._filing.supplement(ctx, helper, consent_id, choices, note)

    # -- afterwards --

    async def helped(self, ctx: Context) -> list[HelpedDossier]:
        return await self._helped.helped(ctx)

    async def revoke(self, ctx: Context, dossier_code: str) -> None:
        """The owner ends the assistant's access to one dossier."""
        await self._helped.revoke(ctx, dossier_code)
