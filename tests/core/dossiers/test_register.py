"""Form 07, the unit's register (core.dossiers.register), over dossiers moved by the actions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from core.clock import VIETNAM
from core.dossiers.register import BACKWARDS, DATE_SHAPE, TOO_LONG, period
from core.errors import InvalidInput, NotFound
from core.identity.actor import Actor, Context
from tests.core.dossiers.conftest import World
from tests.core.dossiers.test_forms import (
    PROVINCE,
    TUESDAY,
    Office,
    make_office,
    returned_late,
)

MARCH = ("01/03/2026", "31/03/2026")
BIRTH_NAME = "Đăng ký khai sinh"


@dataclasses.dataclass(frozen=True)
class Known:
    """The commune's dossiers of March, by role, and the two that must not be listed."""

    returned: str
    refused: str
    waiting: str
    extended: str
    february: str
    elsewhere: str


async def known_dossiers(office: Office) -> Known:
    """One dossier in February; in March one returned late, one refused, one waiting, one
    extended; and one filed with the province."""
    office.at(dt.date(2026, 2, 27), 9)
    february = await office.file()
    office.at(dt.date(2026, 3, 2), 9)
    returned = await returned_late(office)  # ends Tuesday 16:45
    refused = await office.file()
    await office.act(refused, "reject", items=("Sai thẩm quyền",))
    waiting = await office.file()
    extended = await office.file()
    await office.act(extended, "receive")
    await office.act(extended, "extend", note="Chờ xác minh", new_due="05/03/2026")
    elsewhere = await office.file(PROVINCE)
    return Known(returned, refused, waiting, extended, february, elsewhere)


@pytest.fixture
async def office(world: World) -> Office:
    return await make_office(world)


def local(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VIETNAM)


async def test_register_lists_the_units_dossiers_of_the_period_by_code(office: Office) -> None:
    """Four March dossiers of the commune, numbered in code order; February's and the
    province's are not in it."""
    known = await known_dossiers(office)
    found = await office.forms.register(office.officer, *MARCH)
    assert found.title == "Sổ theo dõi hồ sơ" and found.unit_name.startswith("UBND xã Đông Sơn")
    codes = [line.code for line in found.lines]
    assert codes == [known.returned, known.refused, known.waiting, known.extended]
    assert codes == sorted(codes) and [line.number for line in found.lines] == [1, 2, 3, 4]


async def test_register_lines_say_due_status_return_and_verdict(office: Office) -> None:
    """Each line: received, applicant, procedure, due, status, returned, verdict and note."""
    await known_dossiers(office)
    returned, refused, waiting, extended = (
        await office.forms.register(office.officer, *MARCH)
    ).lines
    assert (returned.received_at, returned.applicant_name) == (local(2, 9), "Nguyễn Văn An")
    assert (returned.procedure_code, returned.procedure_name) == ("1.001193", BIRTH_NAME)
    assert returned.due_at == local(2, 17) and returned.returned_at == local(3, 16, 45)
    assert (returned.status, returned.verdict) == ("Đã trả kết quả", "Quá hạn")
    assert (refused.status, refused.verdict) == ("Không được tiếp nhận", "")
    assert "Sai thẩm quyền" in refused.note and refused.returned_at is refused.due_at is None
    # Filed Tuesday 16:45, after the 15:00 cut-off: due at the end of Wednesday.
    assert (waiting.status, waiting.verdict, waiting.due_at) == (
        "Mới đăng ký",
        "Trong hạn",
        local(4, 17),
    )
    assert extended.due_at == local(5, 17)
    assert extended.note == "Đã gia hạn (mẫu 04) đến 05/03/2026"


async def test_register_of_an_empty_period_has_no_lines(office: Office) -> None:
    """April has nothing yet."""
    await known_dossiers(office)
    found = await office.forms.register(office.officer, "01/04/2026", "30/04/2026")
    assert found.lines == () and found.period.first == dt.date(2026, 4, 1)


async def test_register_is_for_the_units_own_staff(office: Office) -> None:
    """A citizen and an admin without a unit are told there is no such register."""
    admin = Context(Actor("staff", 99, "admin", frozenset({"admin"})), "10.0.0.2")
    for ctx in (office.citizen, admin):
        with pytest.raises(NotFound):
            await office.forms.register(ctx, *MARCH)


def test_period_defaults_to_this_month_up_to_today() -> None:
    """No dates: from the 1st of this month to today."""
    assert period("", " ", today=TUESDAY) == period("01/03/2026", "03/03/2026", today=TUESDAY)


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        ("2026-03-01", "31/03/2026", "from", DATE_SHAPE),
        ("01/03/2026", "31/02/2026", "to", DATE_SHAPE),
        ("31/03/2026", "01/03/2026", "to", BACKWARDS),
        ("01/01/2026", "02/01/2027", "to", TOO_LONG),
    ],
)
def test_bad_periods_say_what_to_fix(first: str, last: str, field: str, message: str) -> None:
    """Unreadable dates, a backwards period and one over 366 days are refused by field."""
    with pytest.raises(InvalidInput) as refused:
        period(first, last, today=TUESDAY)
    assert [(e.field, e.message) for e in refused.value.errors] == [(field, message)]


def test_a_period_of_366_days_is_allowed() -> None:
    """A whole leap-year length is the longest period."""
    span = period("01/01/2026", "01/01/2027", today=TUESDAY)
    assert (span.last - span.first).days + 1 == 366
