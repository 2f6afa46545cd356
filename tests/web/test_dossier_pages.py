"""The citizen's dossier pages (Hồ sơ của tôi, detail, withdraw, supplement, receipt) and /track."""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.dossiers.actions import ActionRequest
from core.dossiers.requirements import DocumentChoice
from core.dossiers.submission import Submission
from core.dossiers.tables import Dossier
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.tables import Citizen
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.core.dossiers.conftest import BIRTH, BIRTH_CERTIFICATE, MONDAY_9, birth_fields, jpeg
from tests.web.test_account import csrf_of, sign_in

Client = AsyncTestClient[Litestar]
PHONE = "0912345678"
OTHER_PHONE = "0987654321"
APPLICANT = "Nguyễn Văn An"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)


@dataclasses.dataclass
class Site:
    """The app, a client on it (redirects not followed) and the signed-in citizen's context."""

    app: Litestar
    client: Client
    citizen: Context | None = None

    async def sign_in(self, phone: str = PHONE) -> Context:
        response = await sign_in(self.client, phone)
        assert response.status_code == 303
        row = await Citizen.select(Citizen.id).where(Citizen.phone == "+84" + phone[1:]).first()
        assert row is not None
        self.citizen = Context(Actor("citizen", id=row["id"], label=phone), "203.0.113.9")
        return self.citizen

    async def file(self, ctx: Context | None = None) -> str:
        """A birth registration filed by `ctx` (default: the signed-in citizen); its code."""
        ctx = ctx or self.citizen
        assert ctx is not None and ctx.actor.id is not None
        upload = await self.app.state.uploads.accept(ctx.actor.id, "giay-chung-sinh.jpg", jpeg())
        submission = Submission(
            BIRTH, birth_fields(), [DocumentChoice(BIRTH_CERTIFICATE, str(upload.id))]
        )
        filed = await self.app.state.submissions.submit(ctx, submission, secrets.token_hex(8))
        return str(filed.code)

    async def ask_for_supplement(self, code: str, *missing: str) -> None:
        """An officer of the holding unit asks for papers."""
        row = await Dossier.select(Dossier.holding_unit).where(Dossier.code == code).first()
        assert row is not None
        officer = Actor("staff", id=1, roles=frozenset({"officer"}), unit_id=row["holding_unit"])
        await self.app.state.workflow.act(
            Context(officer, "10.0.0.1"),
            code,
            ActionRequest("request_supplement", items=tuple(missing)),
        )

    async def form_token(self, path: str) -> str:
        page = await self.client.get(path)
        assert page.status_code == 200, page.text
        return csrf_of(page.text)


@pytest.fixture
async def site(settings: Settings, catalog: CatalogService) -> AsyncIterator[Site]:
    await load_demo_units(SYSTEM_CONTEXT)
    app = create_app(settings, clock=FixedClock(MONDAY_9))
    async with AsyncTestClient(app=app) as client:
        client.follow_redirects = False
        yield Site(app, client)


async def supplement_post(
    site: Site, code: str, files: list[tuple[str, tuple[str, bytes, str]]], **data: str
) -> httpx.Response:
    token = await site.form_token(f"/dossiers/{code}/supplement")
    return await site.client.post(
        f"/dossiers/{code}/supplement", data={"_csrf_token": token, **data}, files=files
    )


async def test_my_dossiers_sends_a_stranger_to_sign_in(site: Site) -> None:
    """Without a session, /dossiers redirects to sign in and back."""
    response = await site.client.get("/dossiers")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=%2Fdossiers"


async def test_the_list_shows_drafts_first_then_dossiers(site: Site) -> None:
    """Drafts with continue and delete, then dossier cards with status and dd/mm/yyyy dates."""
    ctx = await site.sign_in()
    token = await site.app.state.drafts.start(ctx, BIRTH)
    code = await site.file()
    response = await site.client.get("/dossiers")
    html = response.text
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert html.index("Hồ sơ đang soạn") < html.index(code)
    assert f'href="/dossiers/drafts/{token}"' in html
    assert f'action="/dossiers/drafts/{token}/delete"' in html
    assert f'href="/dossiers/{code}"' in html and "Đăng ký khai sinh" in html
    assert "status-submitted" in html and "Mới đăng ký" in html
    assert "02/03/2026 09:00" in html


async def test_deleting_a_draft_goes_back_to_the_list(site: Site) -> None:
    """POST delete → 303 to /dossiers, and the draft is gone."""
    ctx = await site.sign_in()
    token = await site.app.state.drafts.start(ctx, BIRTH)
    csrf = await site.form_token("/dossiers")
    response = await site.client.post(
        f"/dossiers/drafts/{token}/delete", data={"_csrf_token": csrf}
    )
    assert response.status_code == 303 and response.headers["location"] == "/dossiers?deleted=1"
    html = (await site.client.get("/dossiers?deleted=1")).text
    assert token not in html and "Đã xóa hồ sơ đang soạn" in html


async def test_an_empty_list_points_to_the_procedures(site: Site) -> None:
    """No drafts, no dossiers: say so and link to the search."""
    await site.sign_in()
    html = (await site.client.get("/dossiers")).text
    assert "Bạn chưa nộp hồ sơ nào" in html and 'href="/"' in html


@pytest.mark.parametrize("suffix", ["", "/receipt", "/receipt.pdf", "/withdraw", "/supplement"])
async def test_another_citizens_dossier_is_not_found(site: Site, suffix: str) -> None:
    """Someone else's dossier answers with the site's 404 page on every page of it."""
    owner = await site.sign_in(OTHER_PHONE)
    code = await site.file(owner)
    site.client.cookies.clear()
    await site.sign_in()
    response = await site.client.get(f"/dossiers/{code}{suffix}")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.text
    assert APPLICANT not in response.text


async def test_another_citizen_cannot_withdraw(site: Site) -> None:
    """A POST to withdraw someone else's dossier is a 404 and changes nothing."""
    code = await site.file(await site.sign_in(OTHER_PHONE))
    site.client.cookies.clear()
    await site.sign_in()
    csrf = await site.form_token("/account")
    response = await site.client.post(f"/dossiers/{code}/withdraw", data={"_csrf_token": csrf})
    assert response.status_code == 404
    row = await Dossier.select(Dossier.status).where(Dossier.code == code).first()
    assert row == {"status": "submitted"}


async def test_the_detail_shows_facts_timeline_documents_and_links(site: Site) -> None:
    """Status, dates, the timeline, the paper sent first, receipt, tracking and withdraw links."""
    await site.sign_in()
    code = await site.file()
    response = await site.client.get(f"/dossiers/{code}")
    html = response.text
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert '<ol class="timeline">' in html and "Mới đăng ký" in html
    assert "Giấy chứng sinh" in html and "Nộp lần đầu" in html
    assert f'href="/dossiers/{code}/receipt"' in html and f'href="/track/{code}"' in html
    assert f'href="/dossiers/{code}/withdraw"' in html


async def test_the_receipt_page_has_the_qr_and_the_pdf_link(site: Site) -> None:
    """The printable receipt: tracking URL on settings.base_url, an inline SVG, the PDF link."""
    await site.sign_in()
    code = await site.file()
    html = (await site.client.get(f"/dossiers/{code}/receipt")).text
    assert f"http://testserver.local/track/{code}" in html and "<svg" in html
    assert f'href="/dossiers/{code}/receipt.pdf"' in html


async def test_the_receipt_pdf_is_an_inline_pdf(site: Site) -> None:
    """application/pdf, inline with the code in the file name, never cached."""
    await site.sign_in()
    code = await site.file()
    response = await site.client.get(f"/dossiers/{code}/receipt.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        f'inline; filename="giay-tiep-nhan-{code}.pdf"'
    )
    assert response.headers["cache-control"] == "no-store"


async def test_tracking_shows_status_and_due_date_but_no_personal_data(site: Site) -> None:
    """Anyone: status, procedure, unit, due date; no name, phone, address or documents."""
    code = await site.file(await site.sign_in())
    site.client.cookies.clear()
    response = await site.client.get(f"/track/{code}")
    html = response.text
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert "Mới đăng ký" in html and "Hẹn trả kết quả" in html and "02/03/2026 " in html
    for private in (APPLICANT, "Nguyễn Thị Bình", PHONE, "912345678", "Thôn 3", "giay-chung-sinh"):
        assert private not in html
    assert '<ol class="timeline">' not in html


async def test_tracking_with_the_right_phone_tail_shows_the_timeline(site: Site) -> None:
    """?phone=<last 4 digits> adds the timeline, still without the applicant's name."""
    code = await site.file(await site.sign_in())
    site.client.cookies.clear()
    html = (await site.client.get(f"/track/{code}?phone=5678")).text
    assert '<ol class="timeline">' in html and APPLICANT not in html


async def test_a_wrong_phone_tail_reads_like_an_unknown_code(site: Site) -> None:
    """Wrong digits and an unknown code: both 404 with the same words and the lookup form."""
    code = await site.file(await site.sign_in())
    site.client.cookies.clear()
    wrong = await site.client.get(f"/track/{code}?phone=0000")
    unknown = await site.client.get("/track/000.00.00.X00-260302-9999?phone=5678")
    assert wrong.status_code == unknown.status_code == 404
    for response in (wrong, unknown):
        assert "<title>Lỗi: " in response.text
        assert "<h1>Không tìm thấy hồ sơ có mã này</h1>" in response.text
        assert 'action="/track"' in response.text
    assert "Mới đăng ký" not in wrong.text


async def test_an_unknown_code_is_a_404_with_the_lookup_form(site: Site) -> None:
    """No such dossier: 404, the message, and the form again with the code kept."""
    response = await site.client.get("/track/KHONG-CO")
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ có mã này" in response.text
    assert 'value="KHONG-CO"' in response.text


async def test_guessing_phone_tails_meets_a_429(site: Site) -> None:
    """After 10 wrong tails from one address: 429 with Retry-After, even for the right one."""
    code = await site.file(await site.sign_in())
    for _ in range(10):
        assert (await site.client.get(f"/track/{code}?phone=0000")).status_code == 404
    response = await site.client.get(f"/track/{code}?phone=5678")
    assert response.status_code == 429 and int(response.headers["retry-after"]) > 0
    assert "Bạn đã nhập sai quá nhiều lần" in response.text


async def test_the_lookup_form_goes_to_the_tracking_page(site: Site) -> None:
    """GET /track?code=…&phone=… redirects to /track/{code}?phone=…"""
    page = await site.client.get("/track")
    assert page.status_code == 200 and 'inputmode="numeric"' in page.text
    assert 'maxlength="4"' in page.text
    response = await site.client.get("/track?code=+ABC-1+&phone=1234")
    assert response.status_code == 303 and response.headers["location"] == "/track/ABC-1?phone=1234"


async def test_the_lookup_form_names_what_to_fix(site: Site) -> None:
    """An empty code and a 3-digit tail: 400, 'Lỗi: ', both linked from the summary."""
    response = await site.client.get("/track?code=&phone=123")
    assert response.status_code == 400 and "<title>Lỗi: " in response.text
    assert '<a href="#code">Nhập mã hồ sơ</a>' in response.text
    assert '<a href="#phone">Nhập đúng 4 chữ số cuối' in response.text


async def test_withdrawing_changes_the_status_and_a_second_time_is_409(site: Site) -> None:
    """Confirm, 303 to the detail with a message; the status reads so; again → 409 page."""
    await site.sign_in()
    code = await site.file()
    csrf = await site.form_token(f"/dossiers/{code}/withdraw")
    data = {"_csrf_token": csrf, "reason": "Nộp nhầm thủ tục"}
    response = await site.client.post(f"/dossiers/{code}/withdraw", data=data)
    assert response.status_code == 303
    assert response.headers["location"] == f"/dossiers/{code}?done=withdrawn"
    html = (await site.client.get(response.headers["location"])).text
    assert "Công dân yêu cầu rút hồ sơ" in html and "Nộp nhầm thủ tục" in html
    assert "Đã rút hồ sơ" in html and f"/dossiers/{code}/withdraw" not in html
    again = await site.client.post(f"/dossiers/{code}/withdraw", data=data)
    assert again.status_code == 409 and "không thể chuyển sang" in again.text


async def test_a_too_long_reason_re_renders_the_confirm_page(site: Site) -> None:
    """Over 2000 characters: 400, 'Lỗi: ', the reason linked and kept."""
    await site.sign_in()
    code = await site.file()
    csrf = await site.form_token(f"/dossiers/{code}/withdraw")
    data = {"_csrf_token": csrf, "reason": "x" * 2001}
    response = await site.client.post(f"/dossiers/{code}/withdraw", data=data)
    assert response.status_code == 400 and "<title>Lỗi: " in response.text
    assert '<a href="#reason">' in response.text


async def test_the_detail_lists_everything_missing(site: Site) -> None:
    """A supplement request shows a box with each missing paper and the form's link."""
    await site.sign_in()
    code = await site.file()
    await site.ask_for_supplement(code, "Giấy chứng sinh bản rõ nét", "Giấy đăng ký kết hôn")
    html = (await site.client.get(f"/dossiers/{code}")).text
    assert 'class="missing"' in html and "Yêu cầu bổ sung giấy tờ" in html
    assert "Giấy chứng sinh bản rõ nét" in html and "Giấy đăng ký kết hôn" in html
    assert f'href="/dossiers/{code}/supplement"' in html
    assert "Tạm dừng tính thời hạn" in html  # no due date while the clock waits for them


async def test_the_supplement_form_is_multipart_with_a_camera_input(site: Site) -> None:
    """One file input per paper (images and PDF), a camera input, and the stored papers."""
    await site.sign_in()
    code = await site.file()
    await site.ask_for_supplement(code, "Giấy chứng sinh bản rõ nét")
    html = (await site.client.get(f"/dossiers/{code}/supplement")).text
    assert 'enctype="multipart/form-data"' in html
    assert f'name="file-{BIRTH_CERTIFICATE}" accept="image/*,application/pdf"' in html
    assert 'capture="environment"' in html
    assert f'name="pick-{BIRTH_CERTIFICATE}"' in html and "giay-chung-sinh.jpg" in html


async def test_supplementing_returns_the_dossier_and_shows_the_new_paper(site: Site) -> None:
    """A new photo → 303 to the detail, status back to Mới đăng ký, the paper in round 1."""
    await site.sign_in()
    code = await site.file()
    await site.ask_for_supplement(code, "Giấy chứng sinh bản rõ nét")
    files = [(f"file-{BIRTH_CERTIFICATE}", ("chung-sinh-moi.jpg", jpeg(), "image/jpeg"))]
    response = await supplement_post(site, code, files, note="Đã chụp lại")
    assert response.status_code == 303
    assert response.headers["location"] == f"/dossiers/{code}?done=supplemented"
    html = (await site.client.get(response.headers["location"])).text
    assert "Mới đăng ký" in html and "chung-sinh-moi.jpg" in html and "Bổ sung lần 1" in html
    assert 'class="missing"' not in html and "Tạm dừng tính thời hạn" not in html
    assert '<strong class="event-status">Đã bổ sung giấy tờ</strong>' in html  # what they did


async def test_supplementing_with_a_stored_paper(site: Site) -> None:
    """Ticking a paper from the citizen's store is enough."""
    ctx = await site.sign_in()
    code = await site.file()
    await site.ask_for_supplement(code, "Giấy chứng sinh bản rõ nét")
    assert ctx.actor.id is not None
    stored = await site.app.state.uploads.accept(ctx.actor.id, "ban-ro.jpg", jpeg(80, 60))
    token = await site.form_token(f"/dossiers/{code}/supplement")
    data = {"_csrf_token": token, f"pick-{BIRTH_CERTIFICATE}": str(stored.id)}
    response = await site.client.post(
        f"/dossiers/{code}/supplement",
        data=data,
        files=[(f"file-{BIRTH_CERTIFICATE}", ("", b"", "application/octet-stream"))],
    )
    assert response.status_code == 303
    html = (await site.client.get(f"/dossiers/{code}")).text
    assert "ban-ro.jpg" in html and "Bổ sung lần 1" in html


async def test_a_program_renamed_jpg_is_refused_with_415(site: Site) -> None:
    """An .exe named .jpg: 415, 'Lỗi: ', the accepted types named, the dossier unchanged."""
    await site.sign_in()
    code = await site.file()
    await site.ask_for_supplement(code, "Giấy chứng sinh bản rõ nét")
    files = [(f"file-{BIRTH_CERTIFICATE}", ("anh.jpg", EXE, "image/jpeg"))]
    response = await supplement_post(site, code, files)
    assert response.status_code == 415 and "<title>Lỗi: " in response.text
    assert "JPEG, PNG, WebP hoặc tệp PDF" in response.text
    assert f'<a href="#file-{BIRTH_CERTIFICATE}">' in response.text
    row = await Dossier.select(Dossier.status).where(Dossier.code == code).first()
    assert row == {"status": "supplement_requested"}


async def test_an_empty_supplement_says_to_choose_a_file(site: Site) -> None:
    """Nothing chosen: 400 with the core's message linked to the documents."""
    await site.sign_in()
    code = await site.file()
    await site.ask_for_supplement(code, "Giấy chứng sinh bản rõ nét")
    files = [(f"file-{BIRTH_CERTIFICATE}", ("", b"", "application/octet-stream"))]
    response = await supplement_post(site, code, files)
    assert response.status_code == 400 and '<a href="#documents">Chọn ít nhất một tệp' in (
        response.text
    )


@pytest.mark.parametrize("suffix", ["/withdraw", "/supplement"])
async def test_posts_without_the_csrf_token_are_refused(site: Site, suffix: str) -> None:
    """The forms carry the token; a POST without it is a 403 and changes nothing."""
    await site.sign_in()
    code = await site.file()
    await site.ask_for_supplement(code, "Giấy chứng sinh bản rõ nét")
    assert csrf_of((await site.client.get(f"/dossiers/{code}{suffix}")).text)
    response = await site.client.post(f"/dossiers/{code}{suffix}", data={"reason": "x"})
    assert response.status_code == 403
    row = await Dossier.select(Dossier.status).where(Dossier.code == code).first()
    assert row == {"status": "supplement_requested"}


async def test_the_header_links_to_my_dossiers_and_tracking(site: Site) -> None:
    """Everyone sees Tra cứu hồ sơ; a signed-in citizen also Hồ sơ của tôi."""
    anonymous = (await site.client.get("/track")).text
    assert 'href="/track">Tra cứu hồ sơ' in anonymous and 'href="/dossiers"' not in anonymous
    await site.sign_in()
    signed_in = (await site.client.get("/track")).text
    assert re.search(r'<a href="/dossiers">Hồ sơ của tôi</a>', signed_in)
