"""Forms 02–06 assembled from dossiers taken through the officers' actions (core.dossiers.forms)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

import pytest

from core.calendar.service import CalendarService
from core.clock import VIETNAM
from core.dossiers.actions import ActionRequest
from core.dossiers.forms import (
    Apology,
    ControlSheet,
    FormService,
    Refusal,
    StopNotice,
    SupplementRequest,
    issued,
)
from core.dossiers.requirements import DocumentChoice
from core.dossiers.status import Status
from core.errors import NotFound
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.staff import StaffService
from core.identity.tables import Unit
from tests.core.dossiers.conftest import MONDAY_9, World

COMMUNE = "000.10.12.H56"
COMMUNE_NAME = "UBND xã Đông Sơn (dữ liệu mẫu)"
PROVINCE = "000.00.00.H56"
PASSWORD = "Mật-khẩu-đủ-dài-42"
OFFICER_NAME = "Trần Thị Bình"
TUESDAY = dt.date(2026, 3, 3)


@dataclasses.dataclass
class Office:
    """A commune's officer and head, and the citizen who files with them."""

    world: World
    officer: Context
    head: Context
    citizen: Context
    forms: FormService

    async def file(self, unit: str = COMMUNE) -> str:
        """A birth registration filed now by the citizen with `unit`; its code."""
        submission = dataclasses.replace(await self.world.birth(self.citizen), unit_code=unit)
        filed = await self.world.submissions.submit(self.citizen, submission, secrets.token_hex(8))
        return filed.code

    async def act(self, code: str, action: str, *, head: bool = False, **values: object) -> None:
        request = ActionRequest(action, **values)  # type: ignore[arg-type]
        await self.world.workflow.act(self.head if head else self.officer, code, request)

    def at(self, day: dt.date, hour: int, minute: int = 0) -> None:
        """Move the shared clock to that local time."""
        target = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)
        self.world.clock.advance(target - self.world.clock.now())


async def staff(
    world: World, username: str, roles: tuple[str, ...], unit: str, full_name: str = ""
) -> Context:
    """A real staff account (its full name prints on the forms) and its context."""
    created = await StaffService(world.clock, "unused").create(
        SYSTEM_CONTEXT, username, PASSWORD, roles, unit, full_name
    )
    row = await Unit.select(Unit.id).where(Unit.code == unit).first()
    assert row is not None
    actor = Actor("staff", created.id, username, frozenset(roles), row["id"], unit)
    return Context(actor, "10.0.0.1")


async def make_office(world: World) -> Office:
    """The bundled processes (their step allowances), a commune's officer and head, a citizen."""
    await world.processes.load_bundled()
    officer = await staff(world, "officer.binh", ("officer",), COMMUNE, OFFICER_NAME)
    head = await staff(world, "head.cuong", ("head",), COMMUNE, "Lê Văn Cường")
    forms = FormService(world.clock, CalendarService(world.clock))
    return Office(world, officer, head, await world.citizen(), forms)


async def returned_late(office: Office) -> str:
    """Received Monday 09:00, forwarded Tuesday 09:00 (late), approved 16:30, returned 16:45."""
    code = await office.file()
    await office.act(code, "receive")
    office.at(TUESDAY, 9)
    await office.act(code, "forward", note="Hồ sơ hợp lệ")
    office.at(TUESDAY, 16, 30)
    await office.act(code, "approve", head=True)
    office.at(TUESDAY, 16, 45)
    await office.act(code, "return_result", via="counter")
    return code


@pytest.fixture
async def office(world: World) -> Office:
    return await make_office(world)


async def test_form_02_lists_everything_missing_from_the_latest_request(office: Office) -> None:
    """After two requests, form 02 is the second: its list, date, issuing unit and officer."""
    code = await office.file()
    await office.act(code, "request_supplement", items=("Giấy chứng sinh bản rõ nét",))
    upload = await office.world.upload(office.citizen)
    await office.world.transitions.supplement(office.citizen, code, [DocumentChoice(2, upload)])
    office.world.clock.advance(dt.timedelta(hours=1))
    missing = ("Giấy chứng sinh (bản chính)", "Văn bản ủy quyền có chứng thực", "CCCD của mẹ")
    await office.act(code, "request_supplement", note="Ảnh bị mờ", items=missing)
    form = await office.forms.form(office.officer, code, "02")
    assert isinstance(form, SupplementRequest)
    assert form.missing == missing and form.note == "Ảnh bị mờ"
    heading = form.heading
    assert heading.title == "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" and heading.code == code
    assert heading.issued_at == MONDAY_9 + dt.timedelta(hours=1)
    assert heading.unit_name == COMMUNE_NAME and heading.officer == OFFICER_NAME
    assert heading.applicant_name == "Nguyễn Văn An" and heading.procedure_code == "1.001193"
    assert heading.applicant_address == "Thôn 3, xã Đông Sơn, Thanh Hóa"


async def test_form_03_gives_the_reasons_of_the_refusal(office: Office) -> None:
    """A refused dossier's form 03 lists every reason given."""
    code = await office.file()
    reasons = ("Không thuộc thẩm quyền của xã", "Đã đăng ký khai sinh trước đó")
    await office.act(code, "reject", items=reasons)
    form = await office.forms.form(office.officer, code, "03")
    assert isinstance(form, Refusal) and form.reasons == reasons
    assert form.heading.title == "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
    assert form.heading.unit_name == COMMUNE_NAME


async def test_form_04_has_the_apology_and_both_due_dates(office: Office) -> None:
    """The extension's reason, the legal due date missed (Monday 17:00) and the new one."""
    code = await office.file()
    await office.act(code, "receive")
    apology = "Cần xác minh thêm với bệnh viện; chúng tôi xin lỗi ông/bà vì sự chậm trễ"
    await office.act(code, "extend", note=apology, new_due="03/03/2026")
    form = await office.forms.form(office.officer, code, "04")
    assert isinstance(form, Apology) and form.reason == apology
    assert form.due_at == dt.datetime(2026, 3, 2, 17, 0, tzinfo=VIETNAM)
    assert form.new_due_at == dt.datetime(2026, 3, 3, 17, 0, tzinfo=VIETNAM)
    assert form.heading.title == "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"


async def test_form_05_gives_the_reason_to_stop(office: Office) -> None:
    """A stopped dossier's form 05 carries the officer's reason."""
    code = await office.file()
    await office.act(code, "receive")
    await office.act(code, "stop", note="Người yêu cầu đề nghị dừng để bổ sung giấy tờ gốc")
    form = await office.forms.form(office.officer, code, "05")
    assert isinstance(form, StopNotice)
    assert form.reason == "Người yêu cầu đề nghị dừng để bổ sung giấy tờ gốc"
    assert form.heading.title == "Thông báo dừng giải quyết hồ sơ"


async def test_form_06_has_every_hand_off_with_its_verdict(office: Office) -> None:
    """Four rows: who sent it where, when, the outcome, time used vs allowed and the verdict."""
    code = await returned_late(office)
    form = await office.forms.form(office.officer, code, "06")
    assert isinstance(form, ControlSheet)
    assert form.heading.title == "Phiếu kiểm soát quá trình giải quyết hồ sơ"
    lines = form.lines
    assert [line.position for line in lines] == [1, 2, 3, 4]
    assert [line.outcome for line in lines] == [
        "Tiếp nhận hồ sơ",
        "Chuyển bước tiếp theo",
        "Phê duyệt",
        "Trả kết quả",
    ]
    assert [line.verdict for line in lines] == ["Đúng hạn", "Quá hạn", "Quá hạn", "Trước hạn"]
    assert [line.used for line in lines] == [
        "0 phút làm việc",
        "1 ngày làm việc",
        "6 giờ làm việc",
        "15 phút làm việc",
    ]
    assert lines[1].allowed == "4 giờ làm việc" and lines[1].note == "Hồ sơ hợp lệ"
    assert lines[1].sent_by == "officer.binh" and lines[2].ended_by == "head.cuong"
    assert {line.unit_name for line in lines} == {COMMUNE_NAME}
    assert lines[3].ended_at == dt.datetime(2026, 3, 3, 16, 45, tzinfo=VIETNAM)


async def test_form_06_shows_the_step_still_held(office: Office) -> None:
    """The open row says it is being processed, with no time or verdict yet."""
    code = await office.file()
    await office.act(code, "receive")
    form = await office.forms.form(office.officer, code, "06")
    assert isinstance(form, ControlSheet)
    assert form.due_at == dt.datetime(2026, 3, 2, 17, 0, tzinfo=VIETNAM)
    assert (form.lines[-1].outcome, form.lines[-1].verdict) == ("Đang xử lý", "")


@pytest.mark.parametrize("number", ["02", "03", "04", "05", "06"])
async def test_a_form_that_does_not_apply_is_not_found(office: Office, number: str) -> None:
    """A dossier just filed has no request, refusal, apology, stop or hand-off to print."""
    code = await office.file()
    with pytest.raises(NotFound):
        await office.forms.form(office.officer, code, number)


@pytest.mark.parametrize("number", ["01", "07", "2", "99", ""])
async def test_numbers_outside_02_to_06_are_not_found(office: Office, number: str) -> None:
    """Only forms 02–06 are printed from a dossier here."""
    code = await office.file()
    await office.act(code, "reject", items=("Sai thẩm quyền",))
    with pytest.raises(NotFound):
        await office.forms.form(office.officer, code, number)


async def test_the_owner_opens_02_to_05_but_not_06(office: Office) -> None:
    """The citizen reads the refusal addressed to them, not the office's control sheet."""
    code = await office.file()
    await office.act(code, "reject", items=("Sai thẩm quyền",))
    assert isinstance(await office.forms.form(office.citizen, code, "03"), Refusal)
    with pytest.raises(NotFound):
        await office.forms.form(office.citizen, code, "06")


async def test_strangers_are_told_nothing(office: Office) -> None:
    """Another citizen and an officer of another unit get NotFound, as for no dossier."""
    code = await office.file()
    await office.act(code, "reject", items=("Sai thẩm quyền",))
    other = await office.world.citizen("+84987654321")
    elsewhere = await staff(office.world, "officer.tinh", ("officer",), PROVINCE)
    for ctx in (other, elsewhere):
        with pytest.raises(NotFound):
            await office.forms.form(ctx, code, "03")
    with pytest.raises(NotFound):
        await office.forms.form(office.officer, "000.10.12.H56-260302-9999", "03")


def test_issued_lists_the_forms_a_history_has_in_number_order() -> None:
    """Each form follows from its event; 04 from the extension, 06 once someone has held it."""
    assert issued([Status.SUBMITTED], extended=False, received=False) == ()
    history = [Status.SUBMITTED, Status.RECEIVED, Status.STOPPED, Status.SUPPLEMENT_REQUESTED]
    assert issued(history, extended=True, received=True) == ("02", "04", "05", "06")
    assert issued([None, Status.REJECTED], extended=False, received=False) == ("03",)
