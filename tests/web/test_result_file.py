"""The result file an officer records with "Cập nhật kết quả": the officers holding the dossier
open it from the staff page, the owner downloads it from their dossier page once it is returned;
anyone else, and the owner before the return, gets the site's 404."""

from __future__ import annotations

from core.clock import FixedClock
from core.dossiers.actions import ActionRequest
from core.dossiers.tables import Dossier
from core.identity.actor import Actor, Context
from core.identity.tokens import TokenService
from tests.api.test_staff_dossiers import COMMUNE, JUSTICE
from tests.core.dossiers.conftest import MONDAY_9
from tests.core.files.samples import PDF
from tests.web.test_dossier_pages import OTHER_PHONE, Site
from tests.web.test_dossier_pages import site as site  # the fixture, re-exported
from tests.web.test_office_pages import SESSION, as_staff

NOTE = "Trích lục khai sinh số 12/2026"


async def decided(site: Site, code: str, *, with_file: bool = True) -> None:
    """Received, forwarded and approved; then the result recorded, with the owner's PDF."""
    for action, role in (("receive", "officer"), ("forward", "officer"), ("approve", "head")):
        await act(site, code, ActionRequest(action), role)
    if with_file:
        assert site.citizen is not None and site.citizen.actor.id is not None
        upload = await site.app.state.uploads.accept(site.citizen.actor.id, "ket-qua.pdf", PDF)
        request = ActionRequest("record_result", note=NOTE, result_upload=str(upload.id))
        await act(site, code, request, "officer")


async def returned(site: Site, code: str) -> None:
    await act(site, code, ActionRequest("return_result", via="counter"), "officer")


async def act(site: Site, code: str, request: ActionRequest, role: str) -> None:
    row = await Dossier.select(Dossier.holding_unit).where(Dossier.code == code).first()
    assert row is not None
    actor = Actor("staff", id=1, roles=frozenset({role}), unit_id=row["holding_unit"])
    await site.app.state.workflow.act(Context(actor, "10.0.0.1"), code, request)


async def holding(code: str) -> str:
    row = await Dossier.select(Dossier.holding_unit.code).where(Dossier.code == code).first()
    assert row is not None
    return str(row["holding_unit.code"])


async def as_citizen(site: Site, citizen_id: int) -> None:
    """The client's session becomes this citizen's (the signed-in one is dropped)."""
    token = await TokenService(FixedClock(MONDAY_9)).issue("session", citizen_id=citizen_id)
    site.client.cookies.delete(SESSION)
    site.client.cookies.set(SESSION, token)


async def as_officer(site: Site, unit: str, *roles: str) -> None:
    """The client's session becomes a new staff member's of `unit` with `roles`."""
    site.client.cookies.delete(SESSION)
    await as_staff(site.client, FixedClock(MONDAY_9), unit, *roles)


async def test_the_officer_holding_it_opens_the_result_file(site: Site) -> None:
    """The staff page links "Xem tệp kết quả"; the file is served inline, private, unsniffed."""
    await site.sign_in()
    code = await site.file()
    await decided(site, code)
    await as_officer(site, await holding(code), "officer")
    page = await site.client.get(f"/staff/dossiers/{code}")
    assert f'<a href="/staff/dossiers/{code}/result-file">Xem tệp kết quả</a>' in page.text
    opened = await site.client.get(f"/staff/dossiers/{code}/result-file")
    assert opened.status_code == 200 and opened.content == PDF
    assert opened.headers["content-type"] == "application/pdf"
    assert opened.headers["x-content-type-options"] == "nosniff"
    assert opened.headers["cache-control"] == "private"
    assert opened.headers["content-disposition"] == "inline; filename*=UTF-8''ket-qua.pdf"


async def test_an_officer_of_another_unit_gets_404(site: Site) -> None:
    """The result file of a dossier held elsewhere does not exist for them."""
    await site.sign_in()
    code = await site.file()
    await decided(site, code)
    elsewhere = JUSTICE if await holding(code) == COMMUNE else COMMUNE
    await as_officer(site, elsewhere, "officer", "head")
    assert (await site.client.get(f"/staff/dossiers/{code}/result-file")).status_code == 404


async def test_no_result_file_is_404_for_officer_and_owner(site: Site) -> None:
    """A result recorded without a file (or none recorded): 404, no link, no section."""
    citizen = (await site.sign_in()).actor.id
    assert citizen is not None
    code = await site.file()
    await decided(site, code, with_file=False)
    await as_officer(site, await holding(code), "officer")
    page = await site.client.get(f"/staff/dossiers/{code}")
    assert page.status_code == 200 and "/result-file" not in page.text
    assert (await site.client.get(f"/staff/dossiers/{code}/result-file")).status_code == 404
    await returned(site, code)
    await as_citizen(site, citizen)
    detail = await site.client.get(f"/dossiers/{code}")
    assert detail.status_code == 200 and "Tải tệp kết quả" not in detail.text
    assert (await site.client.get(f"/dossiers/{code}/result-file")).status_code == 404


async def test_the_owner_gets_it_only_once_returned(site: Site) -> None:
    """Before the return: 404 and no section; after it: the note, the link and the same bytes."""
    await site.sign_in()
    code = await site.file()
    await decided(site, code)
    before = await site.client.get(f"/dossiers/{code}")
    assert before.status_code == 200 and "Tải tệp kết quả" not in before.text
    assert (await site.client.get(f"/dossiers/{code}/result-file")).status_code == 404
    await returned(site, code)
    page = (await site.client.get(f"/dossiers/{code}")).text
    assert "Kết quả giải quyết" in page and NOTE in page
    assert f'href="/dossiers/{code}/result-file" download>Tải tệp kết quả</a>' in page
    got = await site.client.get(f"/dossiers/{code}/result-file")
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["x-content-type-options"] == "nosniff"


async def test_another_citizen_and_the_assistant_get_404(site: Site) -> None:
    """After the return, another citizen, and the volunteer who filed it, see nothing of it."""
    await site.sign_in()
    code = await site.file()
    await decided(site, code)
    await returned(site, code)
    site.client.cookies.delete(SESSION)
    stranger = await site.sign_in(OTHER_PHONE)
    assert stranger.actor.id is not None
    assert (await site.client.get(f"/dossiers/{code}/result-file")).status_code == 404
    await Dossier.update({Dossier.assistant: stranger.actor.id}).where(Dossier.code == code)
    assert (await site.client.get(f"/dossiers/{code}/result-file")).status_code == 404
