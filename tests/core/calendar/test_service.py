"""CalendarService: national days, administrator overrides, the deadline and the year list."""

import datetime as dt

import pytest

from core.calendar.service import CalendarService
from core.clock import VIETNAM, FixedClock
from core.errors import InvalidInput, NotFound

pytestmark = pytest.mark.usefixtures("db")


def at(day: int, month: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=VIETNAM)


def make_service(*, refresh_seconds: float = 60.0) -> CalendarService:
    return CalendarService(FixedClock(at(2, 1, 9)), refresh_seconds=refresh_seconds)


async def test_due_counts_on_the_national_calendar() -> None:
    """Without overrides, Tết 2026 is skipped: Friday 13 Feb 16:00 + 2 h → Monday 23 Feb 08:30."""
    assert await make_service().due(at(13, 2, 16), 2) == at(23, 2, 8, 30)


async def test_due_applies_the_cutoff() -> None:
    """Tuesday 15:30 with a 15:00 cut-off and 0 h is Wednesday 07:30."""
    assert await make_service().due(at(6, 1, 15, 30), 0, dt.time(15)) == at(7, 1, 7, 30)


async def test_due_accepts_a_unit() -> None:
    """A unit is accepted and, for now, counts on the province's calendar."""
    assert await make_service().due(at(9, 1, 16), 4, unit="000.00.12.H56") == at(12, 1, 10, 30)


async def test_make_up_saturday_override_is_worked() -> None:
    """Saturday 7 Mar declared a working day: Friday 16:00 + 2 h → Saturday 08:30."""
    service = make_service()
    await service.set_override(dt.date(2026, 3, 7), "working", "Làm bù")
    assert await service.due(at(6, 3, 16), 2) == at(7, 3, 8, 30)


async def test_off_day_override_is_skipped() -> None:
    """Thursday 5 Mar declared off: Wednesday 16:00 + 2 h → Friday 08:30."""
    service = make_service()
    await service.set_override(dt.date(2026, 3, 5), "off", "Nghỉ bù")
    assert await service.due(at(4, 3, 16), 2) == at(6, 3, 8, 30)


async def test_override_wins_over_the_package() -> None:
    """A national holiday declared a working day is worked."""
    service = make_service()
    await service.set_override(dt.date(2026, 9, 1), "working", "")
    assert (await service.calendar()).is_working_day(dt.date(2026, 9, 1))


async def test_override_can_cancel_a_national_make_up_day() -> None:
    """The national make-up Saturday 22 Aug 2026 declared off is not worked."""
    service = make_service()
    await service.set_override(dt.date(2026, 8, 22), "off", "")
    assert not (await service.calendar()).is_working_day(dt.date(2026, 8, 22))


async def test_setting_again_replaces_the_override() -> None:
    """A second override of the same date replaces the first."""
    service = make_service()
    await service.set_override(dt.date(2026, 3, 7), "working", "a")
    await service.set_override(dt.date(2026, 3, 7), "off", "b")
    days = [d for d in await service.year(2026) if d.day == dt.date(2026, 3, 7)]
    assert [(d.kind, d.name) for d in days] == [("off", "b")]


async def test_removing_an_override_restores_the_national_rule() -> None:
    """After removal, 1 Sept 2026 is a day off again."""
    service = make_service()
    await service.set_override(dt.date(2026, 9, 1), "working", "")
    await service.remove_override(dt.date(2026, 9, 1))
    assert not (await service.calendar()).is_working_day(dt.date(2026, 9, 1))


async def test_removing_a_missing_override_is_not_found() -> None:
    """Removing an override that does not exist raises NotFound."""
    with pytest.raises(NotFound):
        await make_service().remove_override(dt.date(2026, 3, 7))


async def test_bad_kind_is_invalid_input() -> None:
    """A kind other than off/working is refused, naming the field."""
    with pytest.raises(InvalidInput) as caught:
        await make_service().set_override(dt.date(2026, 3, 7), "holiday", "")
    assert [e.field for e in caught.value.errors] == ["kind"]


async def test_other_processes_see_overrides_after_refresh() -> None:
    """A second service (another worker) picks up an override on its next refresh."""
    reader = make_service(refresh_seconds=0)
    assert not (await reader.calendar()).is_working_day(dt.date(2026, 3, 7))
    await make_service().set_override(dt.date(2026, 3, 7), "working", "")
    assert (await reader.calendar()).is_working_day(dt.date(2026, 3, 7))


async def test_due_refuses_naive_start_and_bad_hours() -> None:
    """A naive start and negative hours are both reported at once."""
    with pytest.raises(InvalidInput) as caught:
        await make_service().due(dt.datetime(2026, 1, 9, 16), -1)
    assert [e.field for e in caught.value.errors] == ["start", "hours"]


async def test_year_lists_tet_swaps_and_make_up_days() -> None:
    """2026 lists Tết by Vietnamese name, the swapped 31 Aug and the make-up 22 Aug."""
    days = {d.day: d for d in await make_service().year(2026)}
    assert days[dt.date(2026, 2, 17)].name == "Tết Nguyên Đán"
    assert days[dt.date(2026, 8, 31)].kind == "off"
    assert (days[dt.date(2026, 8, 22)].kind, days[dt.date(2026, 8, 22)].source) == (
        "working",
        "national",
    )


async def test_year_includes_overrides_with_their_notes() -> None:
    """An override appears in its year with its note as name, marked as an override."""
    service = make_service()
    await service.set_override(dt.date(2026, 3, 7), "working", "Làm bù cho ngày 2/3")
    day = next(d for d in await service.year(2026) if d.day == dt.date(2026, 3, 7))
    assert (day.kind, day.name, day.source) == ("working", "Làm bù cho ngày 2/3", "override")


async def test_year_outside_range_is_invalid() -> None:
    """Years outside 2000–2100 are refused."""
    with pytest.raises(InvalidInput):
        await make_service().year(1999)
