"""CalendarService: national days, administrator overrides, the deadline and the year list."""

import datetime as dt

import pytest

from core.calendar.service import CalendarService
from core.clock import VIETNAM, FixedClock, SystemClock
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.tables import AuditEntry
from core.identity.units import UnitService

pytestmark = pytest.mark.usefixtures("db")


def at(day: int, month: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=VIETNAM)


def make_service(*, refresh_seconds: float = 60.0) -> CalendarService:
    return CalendarService(FixedClock(at(2, 1, 9)), refresh_seconds=refresh_seconds)


async def make_unit(code: str, *, name: str = "Tỉnh Thanh Hóa") -> None:
    await UnitService(SystemClock()).create(SYSTEM_CONTEXT, code=code, name=name, kind="province")


async def test_due_counts_on_the_national_calendar() -> None:
    """Without overrides, Tết 2026 is skipped: Friday 13 Feb 16:00 + 2 h → Monday 23 Feb 08:30."""
    assert await make_service().due(at(13, 2, 16), 2) == at(23, 2, 8, 30)


async def test_due_applies_the_cutoff() -> None:
    """Tuesday 15:30 with a 15:00 cut-off and 0 h is Wednesday 07:30."""
    assert await make_service().due(at(6, 1, 15, 30), 0, dt.time(15)) == at(7, 1, 7, 30)


async def test_due_accepts_a_unit() -> None:
    """A unit without its own hours counts on the default periods."""
    await make_unit("000.00.12.H56")
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


COMMUNE = "000.10.11.H56"
OWN_HOURS = "07:00-11:00, 13:30-17:30"


async def make_commune() -> None:
    await make_unit("000.00.00.H56")
    await UnitService(SystemClock()).create(
        SYSTEM_CONTEXT,
        code=COMMUNE,
        name="Xã Quảng Phú",
        kind="commune",
        parent_code="000.00.00.H56",
    )


async def test_unit_calendar_uses_its_own_periods() -> None:
    """After set_unit_hours, the unit's calendar has its periods; others keep the default."""
    await make_commune()
    service = make_service()
    await service.set_unit_hours(COMMUNE, OWN_HOURS)
    own = await service.calendar(COMMUNE.lower())
    assert own.periods == ((dt.time(7), dt.time(11)), (dt.time(13, 30), dt.time(17, 30)))
    assert (await service.calendar("000.00.00.H56")).periods == (await service.calendar()).periods
    assert await service.due(at(9, 1, 16), 4, unit=COMMUNE) == at(12, 1, 9, 30)


async def test_unit_calendar_keeps_the_provinces_days() -> None:
    """A unit's own hours are counted on the province's days: a make-up Saturday is worked."""
    await make_commune()
    service = make_service()
    await service.set_override(dt.date(2026, 3, 7), "working", "Làm bù")
    await service.set_unit_hours(COMMUNE, OWN_HOURS)
    # Friday 17:00–17:30 is 30 min there; 1.5 h from 07:00 on the make-up Saturday → 08:30.
    assert await service.due(at(6, 3, 17), 2, unit=COMMUNE) == at(7, 3, 8, 30)


async def test_unit_calendars_are_cached_and_shared() -> None:
    """The same periods give the same calendar object, built once."""
    await make_commune()
    service = make_service()
    first = await service.calendar(COMMUNE)
    assert await service.calendar(COMMUNE) is first
    assert await service.calendar() is first  # the commune keeps the default periods


async def test_unknown_unit_is_invalid_input_on_unit() -> None:
    """A code that no unit has is refused, naming the `unit` field."""
    with pytest.raises(InvalidInput) as caught:
        await make_service().calendar("000.99.99.H56")
    assert [e.field for e in caught.value.errors] == ["unit"]


async def test_due_reports_an_unknown_unit_with_other_mistakes() -> None:
    """due() reports bad hours and an unknown unit together."""
    with pytest.raises(InvalidInput) as caught:
        await make_service().due(at(9, 1, 16), -1, unit="000.99.99.H56")
    assert [e.field for e in caught.value.errors] == ["hours", "unit"]


async def test_bad_hours_and_unknown_unit_are_refused_together() -> None:
    """set_unit_hours names both the unknown unit and the overlapping periods."""
    with pytest.raises(InvalidInput) as caught:
        await make_service().set_unit_hours("000.99.99.H56", "07:30-12:00, 11:00-14:30")
    assert [e.field for e in caught.value.errors] == ["unit", "periods"]
    assert "không chồng lên nhau" in caught.value.errors[1].message


async def test_reset_gives_back_the_default_hours() -> None:
    """After reset_unit_hours the unit counts on 07:30–11:30, 13:00–17:00 again."""
    await make_commune()
    service = make_service()
    await service.set_unit_hours(COMMUNE, OWN_HOURS)
    await service.reset_unit_hours(COMMUNE)
    assert await service.due(at(9, 1, 16), 4, unit=COMMUNE) == at(12, 1, 10, 30)


async def test_resetting_a_unit_on_default_hours_is_not_found() -> None:
    """There is nothing to reset for a unit without its own hours."""
    await make_commune()
    with pytest.raises(NotFound):
        await make_service().reset_unit_hours(COMMUNE)


async def test_other_processes_see_unit_hours_after_refresh() -> None:
    """A second service picks up a unit's new hours on its next refresh."""
    await make_commune()
    reader = make_service(refresh_seconds=0)
    assert await reader.due(at(9, 1, 16), 4, unit=COMMUNE) == at(12, 1, 10, 30)
    await make_service().set_unit_hours(COMMUNE, OWN_HOURS)
    assert await reader.due(at(9, 1, 16), 4, unit=COMMUNE) == at(12, 1, 9, 30)


async def test_unit_hours_lists_every_unit() -> None:
    """Every unit is listed with its periods and whether they are its own."""
    await make_commune()
    service = make_service()
    await service.set_unit_hours(COMMUNE, "7h00-11h00; 13:30–17:30")
    listed = {u.code: (u.text, u.own) for u in await service.unit_hours()}
    assert listed == {
        "000.00.00.H56": ("07:30-11:30, 13:00-17:00", False),
        COMMUNE: (OWN_HOURS, True),
    }


async def test_changes_are_audited_with_the_admin() -> None:
    """Overrides and hours write audit rows naming the admin, in the same transaction."""
    await make_commune()
    admin = Context(Actor("staff", id=7, label="quantri", roles=frozenset({"admin"})), "10.0.0.1")
    service = make_service()
    await service.set_override(dt.date(2026, 3, 7), "working", "Làm bù", ctx=admin)
    await service.remove_override(dt.date(2026, 3, 7), ctx=admin)
    await service.set_unit_hours(COMMUNE, OWN_HOURS, ctx=admin)
    await service.reset_unit_hours(COMMUNE, ctx=admin)
    rows = await AuditEntry.select(
        AuditEntry.action, AuditEntry.actor_id, AuditEntry.object_id
    ).order_by(AuditEntry.id)
    assert [(r["action"], r["actor_id"], r["object_id"]) for r in rows if r["actor_id"]] == [
        ("calendar.override_set", 7, "2026-03-07"),
        ("calendar.override_removed", 7, "2026-03-07"),
        ("calendar.hours_set", 7, COMMUNE),
        ("calendar.hours_reset", 7, COMMUNE),
    ]


async def test_only_admins_change_the_calendar() -> None:
    """An officer's context is refused before anything is written."""
    await make_commune()
    officer = Context(Actor("staff", id=8, label="canbo", roles=frozenset({"officer"})))
    service = make_service()
    with pytest.raises(PermissionDenied):
        await service.set_override(dt.date(2026, 3, 7), "working", ctx=officer)
    with pytest.raises(PermissionDenied):
        await service.set_unit_hours(COMMUNE, OWN_HOURS, ctx=officer)
    assert (await service.unit_hours())[1].own is False
