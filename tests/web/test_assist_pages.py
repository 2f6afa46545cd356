"""The volunteer assistant's pages over HTTP: apply, the commune's decisions, consent, filing for
a citizen, the supplement under a fresh consent, and the citizen's revocation."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.dossiers.actions import ActionRequest
from core.dossiers.status import Status
from core.dossiers.tables import Dossier
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.staff import StaffService
from core.identity.tables import Citizen, Unit
from core.identity.tokens import TokenService
from core.identity.units import load_demo_units
from core.outbox.service import DevOutboxService
from core.settings import Settings
from tests.core.dossiers.conftest import BIRTH, BIRTH_CERTIFICATE, MONDAY_9, jpeg
from tests.web.test_account import csrf_of
from tests.web.test_dossier_form import ANSWERS

Client = AsyncTestClient[Litestar]
COMMUNE = "000.10.11.H56"  # UBND phường Hạc Thành (demo units)
OTHER_COMMUNE = "000.10.12.H56"  # UBND xã Đông Sơn
HELPER = "+84900000002"
FARMER = "+84912345678"
FARMER_NAME = "Lò Văn Nông"
HELPER_NAME = "Hà Thị Hỗ Trợ"
_numbers = itertools.count(1)


@dataclasses.dataclass
class Site:
    app: Litestar
    client: Client
    clock: FixedClock

    async def as_(self, ctx: Context) -> None:
        """Sign the client in as this citizen or staff member (a session cookie)."""
        tokens = TokenService(self.clock)
        if ctx.actor.is_citizen:
            token = await tokens.issue("session", citizen_id=ctx.actor.id)
        else:
            token = await tokens.issue("session", staff_id=ctx.actor.id)
        self.client.cookies.set("motcua_session", token)

    async def citizen(self, phone: str = FARMER, name: str = FARMER_NAME) -> Context:
        made = await Citizen.insert(
            Citizen(phone=phone, full_name=name, created_at=self.clock.now())
        ).returning(Citizen.id)
        return Context(Actor("citizen", made[0]["id"], phone), "203.0.113.9")

    async def officer(self, unit_code: str = COMMUNE, role: str = "officer") -> Context:
        """A real staff account of the unit (decisions name them)."""
        username = f"{role}.{next(_numbers)}"
        made = await StaffService(self.clock, "unused").create(
            SYSTEM_CONTEXT, username, "Mật-khẩu-đủ-dài-42", (role,), unit_code, "Cán bộ xã"
        )
        unit = await Unit.select(Unit.id).where(Unit.code == unit_code).first()
        assert unit is not None
        actor = Actor("staff", made.id, username, frozenset({role}), unit["id"], unit_code)
        return Context(actor, "10.0.0.1")

    async def helper(self, status: str = "approved", unit_code: str = COMMUNE) -> Context:
        """A citizen who applied to help at the commune, approved unless `status` says not."""
        ctx = await self.citizen(HELPER, HELPER_NAME)
        applied = await self.app.state.assistants.apply(ctx, unit_code, "Đoàn viên thôn 3")
        if status == "approved":
            officer = await self.officer(unit_code)
            await self.app.state.assistants.decide(officer, applied.id, "approve", "")
        return ctx

    async def post(self, form_url: str, url: str = "", **data: str) -> httpx.Response:
        """Open the form page, then post to it (or to `url`) with its CSRF token."""
        page = await self.client.get(form_url)
        assert page.status_code == 200, page.text
        return await self.client.post(
            url or form_url, data={**data, "_csrf_token": csrf_of(page.text)}
        )


@pytest.fixture
async def site(settings: Settings, catalog: CatalogService) -> AsyncIterator[Site]:
    await load_demo_units(SYSTEM_CONTEXT)
    clock = FixedClock(MONDAY_9)
    app = create_app(settings, clock=clock)
    if not hasattr(app.state, "assistants"):
        pytest.fail("api/app.py does not wire the `assistants` state key yet (web/assist.py)")
    async with AsyncTestClient(app=app) as client:
        client.follow_redirects = False
        yield Site(app, client, clock)


async def sms_code(phone: str = FARMER) -> str:
    """The code of the newest consent SMS to `phone` (a dossier code has 6 digits too)."""
    body = next(m.body for m in await DevOutboxService().recent(20) if m.to == phone)
    found = re.search(r"đọc mã (\d{6})", body)
    assert found, body
    return found.group(1)


async def ask_consent(site: Site, phone: str = "0912 345 678") -> httpx.Response:
    return await site.post("/assist/new", phone=phone, procedure_code=BIRTH, action="send")


async def consented_draft(site: Site) -> str:
    """As the signed-in assistant: ask, confirm with the citizen's code; the draft form's URL."""
    asked = await ask_consent(site)
    assert asked.status_code == 303, asked.text
    consent = asked.headers["location"]
    confirmed = await site.post(consent, code=await sms_code())
    assert confirmed.status_code == 303, confirmed.text
    return str(confirmed.headers["location"])


async def file_for_farmer(site: Site) -> str:
    """The assistant fills in and files a birth registration for the farmer; its code."""
    form = await consented_draft(site)
    page = await site.client.get(form)
    photo = {f"doc-{BIRTH_CERTIFICATE}": ("giay-chung-sinh.jpg", jpeg(), "image/jpeg")}
    saved = await site.client.post(
        form, data={**ANSWERS, "_csrf_token": csrf_of(page.text)}, files=photo
    )
    assert saved.status_code == 303, saved.text
    filed = await site.post(f"{form}/check", f"{form}/submit")
    assert filed.status_code == 303, filed.text
    found = re.fullmatch(r"/dossiers/(.+)/receipt", filed.headers["location"])
    assert found
    return found.group(1)


async def test_a_stranger_is_sent_to_sign_in(site: Site) -> None:
    """/assist asks for the citizen's sign-in and comes back."""
    response = await site.client.get("/assist")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=%2Fassist"


async def test_staff_do_not_get_the_assistant_pages(site: Site) -> None:
    """A staff session finds the site's 404."""
    await site.as_(await site.officer())
    assert (await site.client.get("/assist")).status_code == 404


async def test_a_citizen_applies_to_a_commune_and_waits(site: Site) -> None:
    """The application lists communes only; once sent, the page says it waits for the commune."""
    await site.as_(await site.citizen())
    page = await site.client.get("/assist")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert f'<option value="{COMMUNE}">' in page.text
    assert '<option value="000.00.00.H56">' not in page.text  # the province is no commune
    sent = await site.post("/assist", "/assist/apply", commune=COMMUNE, note="Đoàn viên")
    assert (sent.status_code, sent.headers["location"]) == (303, "/assist?applied=1")
    waiting = await site.client.get("/assist?applied=1")
    assert "đang chờ xã duyệt" in waiting.text and 'action="/assist/apply"' not in waiting.text


async def test_an_application_without_a_commune_is_sent_back(site: Site) -> None:
    """No commune: 400, "Lỗi: " in the title, the summary links to the select."""
    await site.as_(await site.citizen())
    page = await site.post("/assist", "/assist/apply", commune="", note="")
    assert page.status_code == 400
    assert "<title>Lỗi: " in page.text and 'href="#commune"' in page.text
    assert 'id="commune-error"' in page.text


async def test_an_application_without_a_name_points_to_the_account(site: Site) -> None:
    """A citizen who gave no name is asked to add it on the account page first."""
    await site.as_(await site.citizen(name=""))
    page = await site.post("/assist", "/assist/apply", commune=COMMUNE, note="")
    assert page.status_code == 400
    assert 'href="#full_name"' in page.text and 'href="/account"' in page.text


async def test_the_officer_approves_and_the_assistant_can_start(site: Site) -> None:
    """The staff home links the list; approving turns /assist into the start page."""
    helper = await site.helper(status="applied")
    officer = await site.officer()
    await site.as_(officer)
    assert 'href="/staff/assistants"' in (await site.client.get("/staff")).text
    listed = await site.client.get("/staff/assistants")
    assert listed.status_code == 200 and HELPER_NAME in listed.text
    found = re.search(r'action="/staff/assistants/(\d+)"', listed.text)
    assert found
    url = f"/staff/assistants/{found.group(1)}"
    done = await site.post("/staff/assistants", url, decision="approve", note="Đã gặp trực tiếp")
    assert done.status_code == 303 and done.headers["location"].startswith("/staff/assistants?")
    await site.as_(helper)
    home = await site.client.get("/assist")
    assert 'href="/assist/new"' in home.text and "Giúp người dân nộp hồ sơ" in home.text


async def test_a_decision_taken_twice_is_a_409_with_the_summary(site: Site) -> None:
    """Approving an approved assistant: the list again, 409, the problem linked to its note."""
    await site.helper()
    assistant_id = (await site.app.state.assistants.of_unit(await site.officer()))[0].id
    await site.as_(await site.officer())
    url = f"/staff/assistants/{assistant_id}"
    page = await site.post("/staff/assistants", url, decision="approve", note="")
    assert page.status_code == 409
    assert f'href="#note-{assistant_id}"' in page.text and "<title>Lỗi: " in page.text


async def test_another_communes_officer_finds_nobody(site: Site) -> None:
    """The assistant of one commune does not exist for another commune's officer."""
    await site.helper(status="applied")
    assistant_id = (await site.app.state.assistants.of_unit(await site.officer()))[0].id
    await site.as_(await site.officer(OTHER_COMMUNE))
    listed = await site.client.get("/staff/assistants")
    assert HELPER_NAME not in listed.text
    url = f"/staff/assistants/{assistant_id}"
    page = await site.post("/staff", url, decision="approve", note="")  # /staff has a form
    assert page.status_code == 404


async def test_an_applicant_cannot_ask_for_consent_yet(site: Site) -> None:
    """/assist/new sends an assistant who is not approved back to /assist."""
    await site.as_(await site.helper(status="applied"))
    response = await site.client.get("/assist/new")
    assert (response.status_code, response.headers["location"]) == (303, "/assist")


async def test_the_search_button_lists_online_procedures_without_javascript(site: Site) -> None:
    """Posting "Tìm" re-renders the form with radios; the number typed stays."""
    await site.as_(await site.helper())
    page = await site.post("/assist/new", phone="0912345678", q="khai sinh", action="search")
    assert page.status_code == 200
    assert f'name="procedure_code" value="{BIRTH}"' in page.text
    assert 'value="0912345678"' in page.text


async def test_htmx_gets_the_procedure_radios_alone(site: Site) -> None:
    """The live search answers with the list only, not a whole page."""
    await site.as_(await site.helper())
    fragment = await site.client.get("/assist/procedures", params={"q": "dang ky khai sinh"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert f'value="{BIRTH}"' in fragment.text


async def test_asking_without_a_procedure_or_number_names_both(site: Site) -> None:
    """No procedure: 400 linked to the choice; a wrong number: 400 linked to the phone."""
    await site.as_(await site.helper())
    page = await site.post("/assist/new", phone="0912345678", q="", action="send")
    assert page.status_code == 400 and 'href="#procedure_code"' in page.text
    page = await site.post("/assist/new", phone="12345", procedure_code=BIRTH, action="send")
    assert page.status_code == 400 and 'href="#phone"' in page.text
    assert 'value="12345"' in page.text


async def test_too_many_codes_to_one_number_is_a_429_with_the_wait(site: Site) -> None:
    """The fourth request within the hour: 429, Retry-After, and how long to wait."""
    await site.as_(await site.helper())
    for _ in range(3):
        assert (await ask_consent(site)).status_code == 303
    page = await ask_consent(site)
    assert page.status_code == 429 and int(page.headers["retry-after"]) > 0
    assert "hãy thử lại sau" in page.text and 'href="#phone"' in page.text


async def test_the_consent_page_is_read_aloud_then_takes_the_code(site: Site) -> None:
    """The consent text and the masked number; a wrong code is a 400 kept on the page."""
    await site.citizen()
    await site.as_(await site.helper())
    asked = await ask_consent(site)
    consent = asked.headers["location"]
    assert re.fullmatch(r"/assist/consents/\d+", consent)
    page = await site.client.get(consent)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "Một mã gồm 6 chữ số vừa được gửi tới số ******5678" in page.text
    assert "Xin ông/bà đọc mã cho người hỗ trợ." in page.text
    assert HELPER_NAME in page.text and "Đăng ký khai sinh" in page.text
    code = await sms_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    refused = await site.post(consent, code=wrong)
    assert refused.status_code == 400 and 'href="#code"' in refused.text
    assert "còn 4 lần thử" in refused.text


async def test_the_draft_form_says_for_whom_and_starts_empty(site: Site) -> None:
    """After the code: the normal form, with the banner and none of the assistant's details."""
    await site.citizen()
    await site.as_(await site.helper())
    form = await consented_draft(site)
    assert re.fullmatch(r"/dossiers/drafts/[\w-]+", form)
    page = await site.client.get(form)
    assert page.status_code == 200
    assert f"Đang nộp hộ cho {FARMER_NAME}" in page.text
    assert "0900 000 002" not in page.text and HELPER_NAME not in page.text.split("</h1>")[1]


async def test_filing_for_a_citizen_makes_it_theirs(site: Site) -> None:
    """The assistant files and shows the receipt; the citizen lists it, naming the assistant."""
    farmer = await site.citizen()
    await site.as_(await site.helper())
    code = await file_for_farmer(site)
    receipt = await site.client.get(f"/dossiers/{code}/receipt")
    assert receipt.status_code == 200 and "<svg" in receipt.text
    helped = await site.client.get("/assist")
    assert code in helped.text and FARMER_NAME in helped.text
    await site.as_(farmer)
    mine = await site.client.get("/dossiers")
    assert code in mine.text and f"Nộp qua người hỗ trợ: {HELPER_NAME}" in mine.text
    detail = await site.client.get(f"/dossiers/{code}")
    assert f'href="/dossiers/{code}/assistant/revoke"' in detail.text


async def test_the_citizen_revokes_the_assistant(site: Site) -> None:
    """A confirmation page, then the assistant finds the dossier no longer exists for them."""
    farmer = await site.citizen()
    helper = await site.helper()
    await site.as_(helper)
    code = await file_for_farmer(site)
    await site.as_(farmer)
    url = f"/dossiers/{code}/assistant/revoke"
    confirm = await site.client.get(url)
    assert confirm.status_code == 200 and HELPER_NAME in confirm.text
    done = await site.post(url)
    assert (done.status_code, done.headers["location"]) == (303, f"/dossiers/{code}?done=revoked")
    detail = await site.client.get(done.headers["location"])
    assert "Đã thu hồi quyền" in detail.text and f'href="{url}"' not in detail.text
    await site.as_(helper)
    assert (await site.client.get(f"/dossiers/{code}/receipt")).status_code == 404
    assert (await site.client.get(url)).status_code == 404


async def test_the_assistant_supplements_under_a_fresh_consent(site: Site) -> None:
    """ "Giúp bổ sung": a new code for that dossier, then the supplement form sends the photo."""
    await site.citizen()
    helper = await site.helper()
    await site.as_(helper)
    code = await file_for_farmer(site)
    holding = await Dossier.select(Dossier.holding_unit.code.as_alias("unit")).first()
    assert holding is not None
    request = ActionRequest("request_supplement", items=("Giấy chứng sinh bản rõ nét",))
    await site.app.state.workflow.act(await site.officer(holding["unit"]), code, request)
    home = await site.client.get("/assist")
    ask_url = f"/assist/dossiers/{code}/supplement"
    assert f'href="{ask_url}"' in home.text
    asked = await site.post(ask_url, phone="0912345678")
    assert asked.status_code == 303, asked.text
    confirmed = await site.post(asked.headers["location"], code=await sms_code())
    form = confirmed.headers["location"]
    assert re.fullmatch(rf"{re.escape(ask_url)}/\d+", form)
    page = await site.client.get(form)
    assert f"Bổ sung hộ cho {ANSWERS['applicant_name']}" in page.text
    photo = {f"file-{BIRTH_CERTIFICATE}": ("giay-chung-sinh-2.jpg", jpeg(), "image/jpeg")}
    sent = await site.client.post(form, data={"_csrf_token": csrf_of(page.text)}, files=photo)
    assert sent.status_code == 303 and sent.headers["location"] == f"/assist?supplemented={code}"
    row = await Dossier.select(Dossier.status).where(Dossier.code == code).first()
    assert row is not None and row["status"] != Status.SUPPLEMENT_REQUESTED.value


async def test_a_supplement_for_someone_elses_number_is_refused(site: Site) -> None:
    """The number must be the dossier owner's: 400 linked to the phone, nothing sent."""
    await site.citizen()
    helper = await site.helper()
    await site.as_(helper)
    code = await file_for_farmer(site)
    holding = await Dossier.select(Dossier.holding_unit.code.as_alias("unit")).first()
    assert holding is not None
    request = ActionRequest("request_supplement", items=("Giấy chứng sinh bản rõ nét",))
    await site.app.state.workflow.act(await site.officer(holding["unit"]), code, request)
    page = await site.post(f"/assist/dossiers/{code}/supplement", phone="0987654321")
    assert page.status_code == 400 and 'href="#phone"' in page.text
