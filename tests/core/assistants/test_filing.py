"""Filing for a citizen under a confirmed consent: the citizen owns the dossier and the papers;
a consent files once; a draft files like the citizen's own (idempotent by its token)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from core.assistants.tables import Consent
from core.dossiers.requirements import DocumentChoice
from core.dossiers.status import Status
from core.dossiers.tables import Dossier, DossierEvent, Draft
from core.errors import Conflict, InvalidInput, NotFound
from core.files.tables import Upload
from core.identity.tables import AuditEntry, Citizen
from tests.core.assistants.conftest import COMMUNE, FARMER_PHONE, Desk
from tests.core.dossiers.conftest import BIRTH_CERTIFICATE, birth_fields

KEY = "k-assist-0001"


async def test_the_citizen_owns_what_the_assistant_files(desk: Desk) -> None:
    """Owner: the citizen; assistant recorded; listed in their "Hồ sơ của tôi" with the name."""
    helper = await desk.helper()
    farmer = await desk.citizen(FARMER_PHONE)
    consent = await desk.consented(helper)
    filed = await desk.assistants.submit(helper, consent, await desk.world.birth(helper), KEY)
    assert filed.created and filed.status is Status.SUBMITTED
    assert filed.citizen_name == "Lò Văn Nông"
    row = await Dossier.select(Dossier.owner, Dossier.assistant).where(Dossier.code == filed.code)
    assert row == [{"owner": farmer.actor.id, "assistant": helper.actor.id}]
    mine = await desk.world.views.mine(farmer)
    assert [(d.code, d.assistant_name) for d in mine] == [(filed.code, "Hà Thị Hỗ Trợ")]
    assert await desk.world.views.mine(helper) == []
    events = await DossierEvent.select(DossierEvent.note, DossierEvent.actor_label)
    assert events == [
        {"note": "Người hỗ trợ nộp hồ sơ trực tuyến thay công dân", "actor_label": "Hà Thị Hỗ Trợ"}
    ]


async def test_the_papers_become_the_citizens(desk: Desk) -> None:
    """The photos the assistant took are handed to the citizen; their other uploads stay."""
    helper = await desk.helper()
    farmer = await desk.citizen(FARMER_PHONE)
    consent = await desk.consented(helper)
    kept = await desk.world.upload(helper)
    submission = await desk.world.birth(helper)
    await desk.assistants.submit(helper, consent, submission, KEY)
    given = submission.documents[0].upload_id
    owners = {r["id"]: r["owner"] for r in await Upload.select(Upload.id, Upload.owner)}
    assert owners == {given: farmer.actor.id, kept: helper.actor.id}
    papers = await desk.world.uploads.list_owned(farmer.actor.id or 0)
    assert [p.id for p in papers] == [given]


async def test_a_consent_files_one_dossier(desk: Desk) -> None:
    """The same key again: the same dossier; another key under the used consent: refused."""
    helper = await desk.helper()
    consent = await desk.consented(helper)
    submission = await desk.world.birth(helper)
    first = await desk.assistants.submit(helper, consent, submission, KEY)
    again = await desk.assistants.submit(helper, consent, submission, KEY)
    assert (again.code, again.created) == (first.code, False)
    with pytest.raises(Conflict, match="chỉ dùng cho một hồ sơ"):
        await desk.assistants.submit(
            helper, consent, await desk.world.birth(helper), "k-other-0002"
        )
    assert await Dossier.count() == 1
    row = await Consent.select(Consent.used_at, Consent.dossier_filed).first()
    assert row is not None and row["used_at"] is not None and row["dossier_filed"] is not None


async def test_two_filings_racing_on_one_consent_make_one_dossier(desk: Desk) -> None:
    """Two different keys at the same instant: one dossier, the other refused and rolled back."""
    helper = await desk.helper()
    consent = await desk.consented(helper)
    first, second = await desk.world.birth(helper), await desk.world.birth(helper)
    results = await asyncio.gather(
        desk.assistants.submit(helper, consent, first, "k-race-0001"),
        desk.assistants.submit(helper, consent, second, "k-race-0002"),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Filed"]
    assert await Dossier.count() == 1
    assert await Upload.count().where(Upload.owner == helper.actor.id) == 1  # the loser's photo


async def test_the_consent_names_the_procedure(desk: Desk) -> None:
    """A consent for a birth registration cannot file another procedure."""
    helper = await desk.helper()
    consent = await desk.consented(helper)
    submission = dataclasses.replace(await desk.world.birth(helper), procedure_code="1.000894")
    with pytest.raises(InvalidInput) as refused:
        await desk.assistants.submit(helper, consent, submission, KEY)
    assert refused.value.errors[0].field == "procedure_code"
    assert await Dossier.count() == 0


async def test_a_failed_filing_uses_nothing(desk: Desk) -> None:
    """A form with mistakes files nothing: the consent stays unused, the papers the assistant's."""
    helper = await desk.helper()
    consent = await desk.consented(helper)
    submission = await desk.world.birth(helper, child_birth_date="31/02/2026")
    with pytest.raises(InvalidInput):
        await desk.assistants.submit(helper, consent, submission, KEY)
    row = await Consent.select(Consent.used_at).first()
    assert row == {"used_at": None}
    assert await Upload.count().where(Upload.owner == helper.actor.id) == 1


async def test_a_draft_under_consent_files_once(desk: Desk) -> None:
    """start_draft → the assistant's own draft for that consent; file twice, one dossier."""
    helper = await desk.helper()
    await desk.citizen(FARMER_PHONE)
    consent = await desk.consented(helper)
    personal = await desk.drafts.start(helper, "1.001193")  # the assistant's own, unrelated
    token = await desk.assistants.start_draft(helper, consent)
    assert token != personal and await desk.assistants.start_draft(helper, consent) == token
    values = {k: v for k, v in birth_fields().items() if k != "address"}
    values |= {"address.province": "Thanh Hóa", "address.detail": "Thôn 3"}
    paper = await desk.world.upload(helper)
    await desk.drafts.save(helper, token, values, {BIRTH_CERTIFICATE: [paper]}, COMMUNE)
    draft = await desk.drafts.get(helper, token)
    assert draft.consent_id == consent
    filed = await desk.assistants.file(helper, token)
    again = await desk.assistants.file(helper, token)
    assert again.code == filed.code and not again.created and filed.code.startswith(COMMUNE)
    assert (await desk.drafts.get(helper, token)).submitted_code == filed.code
    assert await Dossier.count() == 1
    audit = await AuditEntry.select(AuditEntry.action).where(AuditEntry.object_id == filed.code)
    assert [a["action"] for a in audit] == ["dossier.submit", "assistant.file"]


async def test_a_personal_draft_is_not_filed_for_anyone(desk: Desk) -> None:
    """`file` refuses a draft without a consent: that one goes through the citizen's own submit."""
    helper = await desk.helper()
    token = await desk.drafts.start(helper, "1.001193")
    with pytest.raises(NotFound):
        await desk.assistants.file(helper, token)
    assert await Draft.count() == 1


async def test_a_supplement_under_its_own_consent(desk: Desk) -> None:
    """The officer asks for papers; a fresh code for that dossier lets the assistant send them."""
    helper = await desk.helper()
    farmer = await desk.citizen(FARMER_PHONE)
    filed = await desk.assistants.submit(
        helper, await desk.consented(helper), await desk.world.birth(helper), KEY
    )
    officer = await desk.staff(_holding(filed.code))
    await desk.act(officer, filed.code, "request_supplement", items=("Giấy chứng sinh rõ nét",))
    with pytest.raises(Conflict):  # the filing's consent is not a supplement's
        await desk.assistants.supplement(helper, 1, [])
    asked = await desk.assistants.ask_consent(helper, FARMER_PHONE, dossier_code=filed.code)
    assert asked.dossier_code == filed.code and "bổ sung" in asked.consent_text
    confirmed = await desk.assistants.confirm(helper, asked.id, desk.inbox.last_code())
    assert confirmed.missing == ("Giấy chứng sinh rõ nét",)
    paper = await desk.world.upload(helper)
    choice = [DocumentChoice(BIRTH_CERTIFICATE, paper)]
    sent = await desk.assistants.supplement(helper, asked.id, choice)
    assert (sent.code, sent.status) == (filed.code, Status.SUBMITTED)
    with pytest.raises(Conflict, match="chỉ dùng cho một hồ sơ"):
        await desk.assistants.supplement(helper, asked.id, choice)
    assert await Upload.count().where(Upload.owner == farmer.actor.id) == 2


async def test_a_supplement_consent_only_for_that_citizens_waiting_dossier(desk: Desk) -> None:
    """Another number than the owner's: NotFound; a dossier not waiting for papers: Conflict."""
    helper = await desk.helper()
    filed = await desk.assistants.submit(
        helper, await desk.consented(helper), await desk.world.birth(helper), KEY
    )
    with pytest.raises(NotFound):
        await desk.assistants.ask_consent(helper, "+84987654321", dossier_code=filed.code)
    with pytest.raises(Conflict, match="chờ bổ sung"):
        await desk.assistants.ask_consent(helper, FARMER_PHONE, dossier_code=filed.code)


async def test_a_consent_for_a_new_dossier_is_not_a_supplement(desk: Desk) -> None:
    """A confirmed consent for a procedure cannot send papers to an existing dossier."""
    helper = await desk.helper()
    consent = await desk.consented(helper)
    paper = await desk.world.upload(helper)
    with pytest.raises(Conflict, match="hồ sơ mới"):
        await desk.assistants.supplement(
            helper, consent, [DocumentChoice(BIRTH_CERTIFICATE, paper)]
        )


async def test_the_account_is_made_for_a_citizen_without_one(desk: Desk) -> None:
    """A farmer who never signed in still owns the dossier, under their number."""
    helper = await desk.helper()
    consent = await desk.consented(helper, "+84987654321")
    filed = await desk.assistants.submit(helper, consent, await desk.world.birth(helper), KEY)
    owner = await Citizen.select(Citizen.phone).where(
        Citizen.id.is_in(Dossier.select(Dossier.owner).where(Dossier.code == filed.code))
    )
    assert owner == [{"phone": "+84987654321"}]


def _holding(code: str) -> str:
    return code.rsplit("-", 2)[0]
