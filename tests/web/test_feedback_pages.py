"""The rating pages, the complaint pages, the head's pages and the public list of answers."""

from __future__ import annotations

import re

from core.dossiers.actions import ActionRequest
from core.dossiers.tables import Dossier
from core.feedback.tables import Complaint, FollowUp, Rating
from core.identity.actor import Actor, Context
from core.identity.tables import Unit
from tests.web.test_dossier_pages import Site
from tests.web.test_dossier_pages import site as site  # the fixture, re-exported
from tests.web.test_office_pages import as_staff

FILE_COMPLAINT = "/phan-anh-kien-nghi/gui"


async def returned(site: Site, code: str) -> None:
    """Receive, forward, approve and return `code` at the unit holding it."""
    for action, role in (("receive", "officer"), ("forward", "officer"), ("approve", "head")):
        await _act(site, code, action, role)
    await _act(site, code, "return_result", "officer", via="counter")


async def _act(site: Site, code: str, action: str, role: str, **fields: str) -> None:
    row = await Dossier.select(Dossier.holding_unit).where(Dossier.code == code).first()
    assert row is not None
    actor = Actor("staff", id=1, roles=frozenset({role}), unit_id=row["holding_unit"])
    request = ActionRequest(action, **fields)  # type: ignore[arg-type]
    await site.app.state.workflow.act(Context(actor, "10.0.0.1"), code, request)


async def post(site: Site, form_path: str, action: str, **data: str) -> object:
    token = await site.form_token(form_path)
    return await site.client.post(action, data={"_csrf_token": token, **data})


async def test_three_taps_rate_a_returned_dossier(site: Site) -> None:
    """The dossier page links to three big buttons; one tap records the level; the details
    page sends the rest; the thank-you page says what was recorded."""
    await site.sign_in()
    code = await site.file()
    await returned(site, code)
    detail = await site.client.get(f"/dossiers/{code}")
    assert f'href="/dossiers/{code}/danh-gia"' in detail.text
    page = await site.client.get(f"/dossiers/{code}/danh-gia")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert len(re.findall(r'<button type="submit" name="level"', page.text)) == 3
    path = f"/dossiers/{code}/danh-gia"
    tapped = await post(site, path, path, level="khong_hai_long")
    assert tapped.status_code == 303 and tapped.headers["location"] == f"{path}/chi-tiet"
    sent = await post(
        site, f"{path}/chi-tiet", f"{path}/chi-tiet", timeliness="tre_hen", comment="Trễ hẹn 2 ngày"
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"{path}/cam-on"
    thanks = await site.client.get(f"{path}/cam-on")
    assert "Không hài lòng" in thanks.text and "Lãnh đạo đơn vị" in thanks.text
    rating = await Rating.select(Rating.level, Rating.criteria).output(load_json=True).first()
    assert rating == {"level": "khong_hai_long", "criteria": {"timeliness": "tre_hen"}}
    assert await FollowUp.count() == 1


async def test_rating_refusals_are_rendered_with_the_reason(site: Site) -> None:
    """Before the return there are no buttons; a forged post is a 409 page saying why; a
    second rating is 409 too; a stranger's dossier is the 404 page."""
    await site.sign_in()
    code = await site.file()
    path = f"/dossiers/{code}/danh-gia"
    page = await site.client.get(path)
    assert 'name="level"' not in page.text and "chưa trả kết quả" in page.text
    token = await site.form_token(FILE_COMPLAINT)  # no form here before the return
    early = await site.client.post(path, data={"_csrf_token": token, "level": "hai_long"})
    assert early.status_code == 409 and "chưa trả kết quả" in early.text
    await returned(site, code)
    bad = await site.client.post(path, data={"_csrf_token": token, "level": "5"})
    assert bad.status_code == 400 and 'href="#level"' in bad.text
    assert (
        await site.client.post(path, data={"_csrf_token": token, "level": "hai_long"})
    ).status_code == 303
    again = await site.client.post(path, data={"_csrf_token": token, "level": "hai_long"})
    assert again.status_code == 409 and "một lần" in again.text
    site.client.cookies.clear()
    await site.sign_in("0987654321")
    assert (await site.client.get(path)).status_code == 404


async def test_a_complaint_through_the_form_then_answered_by_the_head(site: Site) -> None:
    """Errors are summarised above the heading; a good form shows the code and due date; the
    head answers and publishes; the public page shows it without the phone number."""
    await site.sign_in()
    code = await site.file()
    bad = await post(site, FILE_COMPLAINT, FILE_COMPLAINT, kind="", subject_kind="dossier")
    assert bad.status_code == 400 and "<title>Lỗi: " in bad.text
    assert 'href="#kind"' in bad.text and 'href="#body"' in bad.text
    good = await post(
        site,
        f"{FILE_COMPLAINT}?ho-so={code}",
        FILE_COMPLAINT,
        kind="phan_anh",
        subject_kind="dossier",
        subject=code,
        body="Tôi gọi 0912 345 678 nhờ hỗ trợ mà không ai nghe máy.",
        publish_consent="yes",
    )
    assert good.status_code == 303, good.text
    shown = await site.client.get(good.headers["location"])
    complaint = await Complaint.select(Complaint.code, Complaint.unit.code.as_alias("unit")).first()
    assert complaint is not None and complaint["code"] in shown.text and "Hạn trả lời" in shown.text
    mine = await site.client.get("/phan-anh-kien-nghi")
    assert complaint["code"] in mine.text
    unit = await Unit.select(Unit.code).where(Unit.code == complaint["unit"]).first()
    assert unit is not None
    site.client.cookies.clear()
    await as_staff(site.client, site.app.state.clock, unit["code"], "head")
    answer_page = f"/staff/complaints/{complaint['code']}"
    answered = await post(
        site, answer_page, f"{answer_page}/answer", answer="Đã nhắc bộ phận trực.", publish="yes"
    )
    assert answered.status_code == 303
    public = await site.client.get("/cong-khai/phan-anh-kien-nghi")
    assert public.status_code == 200 and "Đã nhắc bộ phận trực." in public.text
    assert "0912 345 678" not in public.text and "[số điện thoại đã ẩn]" in public.text


async def test_the_heads_follow_up_list_and_close(site: Site) -> None:
    await site.sign_in()
    code = await site.file()
    await returned(site, code)
    path = f"/dossiers/{code}/danh-gia"
    await post(site, path, path, level="khong_hai_long")
    await post(site, f"{path}/chi-tiet", f"{path}/chi-tiet", comment="Cán bộ thiếu tận tình")
    row = await Dossier.select(Dossier.holding_unit.code.as_alias("unit")).first()
    assert row is not None
    site.client.cookies.clear()
    await as_staff(site.client, site.app.state.clock, row["unit"], "head")
    tasks = await site.client.get("/staff/feedback/follow-ups")
    assert tasks.status_code == 200 and "Cán bộ thiếu tận tình" in tasks.text
    task = await FollowUp.select(FollowUp.id).first()
    assert task is not None
    close = f"/staff/feedback/follow-ups/{task['id']}/close"
    empty = await post(site, "/staff/feedback/follow-ups", close, note="")
    assert empty.status_code == 400 and f'href="#note-{task["id"]}"' in empty.text
    done = await post(site, "/staff/feedback/follow-ups", close, note="Đã gặp cán bộ")
    assert done.status_code == 303
    assert (await FollowUp.select(FollowUp.status).first()) == {"status": "closed"}
