"""The online form in pages: start, fill in with a photo, errors, check, submit once."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.app import create_app
from core.catalog.service import CatalogService
from core.clock import FixedClock
from core.dossiers.tables import Dossier, Draft
from core.files.tables import Upload
from core.identity.actor import SYSTEM_CONTEXT
from core.identity.units import load_demo_units
from core.settings import Settings
from tests.core.dossiers.conftest import BIRTH, BIRTH_CERTIFICATE, MONDAY_9, jpeg
from tests.web.test_account import csrf_of, sign_in

Client = AsyncTestClient[Litestar]
ANSWERS = {
    "applicant_name": "Nguyễn Văn An",
    "citizen_id": "038090001234",
    "phone": "0912345678",
    "address.province": "Thanh Hóa",
    "address.detail": "Thôn 3, xã Đông Sơn",
    "child_name": "Nguyễn Thị Bình",
    "child_birth_date": "25/02/2026",
    "child_sex": "Nữ",
    "birth_place": "Bệnh viện Đa khoa tỉnh Thanh Hóa",
}


@pytest.fixture
async def web(settings: Settings, catalog: CatalogService) -> AsyncIterator[Client]:
    """A signed-in citizen's browser on the app, with the demo units; redirects not followed."""
    await load_demo_units(SYSTEM_CONTEXT)
    app = create_app(settings, clock=FixedClock(MONDAY_9))
    async with AsyncTestClient(app=app) as client:
        client.follow_redirects = False
        await sign_in(client)
        yield client


async def start(web: Client) -> str:
    page = await web.get(f"/procedures/{BIRTH}/submit")
    started = await web.post(
        f"/procedures/{BIRTH}/submit", data={"_csrf_token": csrf_of(page.text)}
    )
    assert started.status_code == 303
    return started.headers["location"]


async def send(
    web: Client, url: str, answers: dict[str, str], photo: bytes | None = None, **more: str
) -> httpx.Response:
    token = csrf_of((await web.get(url)).text)
    files = (
        {f"doc-{BIRTH_CERTIFICATE}": ("giay-chung-sinh.jpg", photo, "image/jpeg")}
        if photo
        else None
    )
    return await web.post(url, data={**answers, **more, "_csrf_token": token}, files=files)


async def test_start_page_asks_strangers_to_sign_in(
    settings: Settings, catalog: CatalogService
) -> None:
    """Without a session the start page offers sign-in and comes back after it."""
    async with AsyncTestClient(app=create_app(settings)) as client:
        page = await client.get(f"/procedures/{BIRTH}/submit")
    assert "/sign-in?next=/procedures/1.001193/submit" in page.text


async def test_form_is_prefilled_from_the_profile(web: Client) -> None:
    """The applicant's phone comes from the account; the child's fields are empty."""
    page = await web.get(await start(web))
    assert page.status_code == 200
    assert 'id="f-child_name" name="child_name" value=""' in page.text
    assert "0912 345 678" in page.text


async def test_starting_twice_resumes_the_same_draft(web: Client) -> None:
    """A second "Bắt đầu" opens the open draft instead of a new one."""
    assert await start(web) == await start(web)
    assert await Draft.count() == 1


async def test_errors_are_listed_and_answers_kept(web: Client) -> None:
    """A bad ID number is named in the summary and linked; typed answers stay."""
    url = await start(web)
    answers = {**ANSWERS, "citizen_id": "12345"}
    page = await send(web, url, answers, jpeg())
    assert page.status_code == 400
    assert "<title>Lỗi: " in page.text and 'href="#f-citizen_id"' in page.text
    assert 'value="Nguyễn Thị Bình"' in page.text
    assert "giay-chung-sinh.jpg" in page.text  # the photo was kept


async def test_missing_paper_is_named(web: Client) -> None:
    """Continuing without any paper names the papers section."""
    page = await send(web, await start(web), ANSWERS)
    assert page.status_code == 400 and 'href="#f-documents"' in page.text


async def test_renamed_executable_is_refused_with_415(web: Client) -> None:
    """A program named like a photo is refused by content; the answers are still saved."""
    url = await start(web)
    page = await send(web, url, ANSWERS, b"MZ\x90\x00" + b"\x00" * 200)
    assert page.status_code == 415
    assert "JPEG" in page.text and await Upload.count() == 0
    draft = await Draft.select(Draft.values).output(load_json=True).first()
    assert draft is not None and draft["values"]["child_name"] == "Nguyễn Thị Bình"


async def test_autosave_keeps_typed_answers(web: Client) -> None:
    """htmx posts the typed answers and gets the "saved at" line back."""
    url = await start(web)
    token = csrf_of((await web.get(url)).text)
    saved = await web.post(
        f"{url}/autosave", data={"child_name": "Lê Văn C"}, headers={"x-csrftoken": token}
    )
    assert saved.status_code == 200 and "Đã lưu lúc" in saved.text
    assert 'value="Lê Văn C"' in (await web.get(url)).text


async def test_check_submit_and_receipt(web: Client) -> None:
    """Continue → check your answers → submit → receipt; pressing submit again files nothing new."""
    url = await start(web)
    continued = await send(web, url, ANSWERS, jpeg())
    assert continued.status_code == 303 and continued.headers["location"] == f"{url}/check"
    check = await web.get(f"{url}/check")
    assert "25/02/2026" in check.text and "giay-chung-sinh.jpg" in check.text
    token = csrf_of(check.text)
    filed = await web.post(f"{url}/submit", data={"_csrf_token": token})
    assert filed.status_code == 303
    assert re.match(r"/dossiers/000\.00\.00\.H56-260302-0001/receipt$", filed.headers["location"])
    again = await web.post(f"{url}/submit", data={"_csrf_token": token})
    assert again.headers["location"] == filed.headers["location"]
    assert await Dossier.count() == 1


async def test_personal_paper_can_be_reused(web: Client) -> None:
    """A paper uploaded for an earlier dossier can be picked instead of uploading again."""
    url = await start(web)
    await send(web, url, ANSWERS, jpeg())
    upload = await Upload.select(Upload.id).first()
    assert upload is not None
    await web.post(
        f"{url}/submit", data={"_csrf_token": csrf_of((await web.get(f"{url}/check")).text)}
    )
    second = await start(web)
    assert second != url
    reused = await send(web, second, ANSWERS, **{f"reuse-{BIRTH_CERTIFICATE}": str(upload["id"])})
    assert reused.status_code == 303
    assert await Upload.count() == 1
