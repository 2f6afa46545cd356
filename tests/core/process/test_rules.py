"""ProcessService.save refuses a bad process: one test per rule, every problem named by field."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import InvalidInput, NotFound, PermissionDenied
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.units import UnitService
from core.process import rules
from core.process.model import StepInput
from core.process.service import IN_THE_PAST, ProcessService
from core.process.tables import Process
from tests.core.process.conftest import (
    ADMIN,
    BIRTH,
    HOUSEHOLD_BUSINESS,
    RESIDENCE,
    step,
    steps,
)


async def problems(service: ProcessService, given: list[StepInput], **kwargs: object) -> dict:
    """The field → message map of the InvalidInput that saving `given` raises."""
    with pytest.raises(InvalidInput) as raised:
        await service.save(ADMIN, kwargs.pop("code", RESIDENCE), given, **kwargs)  # type: ignore[arg-type]
    fields = [e.field for e in raised.value.errors]
    assert len(fields) == len(set(fields)), "one problem per field"
    assert await Process.count() == 0, "nothing is written"
    return {e.field: e.message for e in raised.value.errors}


async def test_a_valid_process_is_saved_in_order(service: ProcessService) -> None:
    """Receive, appraise, approve, return within 24 h: version 1 with positions 1..4."""
    saved = await service.save(ADMIN, RESIDENCE, steps(3, 12, 6, 3))
    assert saved.version == 1 and saved.total_hours == 24
    assert [s.position for s in saved.steps] == [1, 2, 3, 4]
    assert [s.kind.value for s in saved.steps] == ["receive", "appraise", "approve", "return"]


async def test_a_process_needs_at_least_two_steps(service: ProcessService) -> None:
    """A single step is not a process: the whole list is flagged."""
    found = await problems(service, [step(kind="receive", hours=24)])
    assert found["steps"] == rules.NEED_TWO


async def test_the_first_step_receives(service: ProcessService) -> None:
    """A process that starts with appraisal names its first step's kind."""
    given = steps(3, 12, 6, 3)
    given[0] = step(kind="appraise", hours=3)
    assert (await problems(service, given))["step_1_kind"] == rules.FIRST_RECEIVE


async def test_the_last_step_returns(service: ProcessService) -> None:
    """A process that ends with approval names its last step's kind."""
    given = steps(3, 12, 6, 3)
    given[3] = step(kind="approve", role="head", hours=3)
    assert (await problems(service, given))["step_4_kind"] == rules.LAST_RETURN


async def test_receive_and_return_only_at_the_ends(service: ProcessService) -> None:
    """A second receive or an early return in the middle is refused."""
    given = steps(3, 6, 6, 6, 3)
    given[1] = step(kind="receive", performer="receiving_unit", hours=6)
    given[2] = step(kind="return", performer="receiving_unit", hours=6)
    found = await problems(service, given)
    assert found["step_2_kind"] == rules.RECEIVE_FIRST_ONLY
    assert found["step_3_kind"] == rules.RETURN_LAST_ONLY


async def test_positions_are_contiguous(service: ProcessService) -> None:
    """Positions 1, 2, 4, 5 leave a gap: the step past the end (position 5 of 4) is named."""
    given = [
        StepInput(**{**vars_of(s), "position": p})
        for s, p in zip(steps(3, 12, 6, 3), (1, 2, 4, 5), strict=True)
    ]
    found = await problems(service, given)
    assert found["step_4_position"] == rules.POSITIONS_CONTIGUOUS.format(n=4)


async def test_positions_are_not_repeated(service: ProcessService) -> None:
    """Two steps at position 2: the second is named."""
    given = [
        StepInput(**{**vars_of(s), "position": p})
        for s, p in zip(steps(3, 12, 6, 3), (1, 2, 2, 4), strict=True)
    ]
    assert "step_3_position" in await problems(service, given)


async def test_a_position_is_a_whole_number(service: ProcessService) -> None:
    """A position such as "hai" or 0 is refused."""
    given = steps(3, 12, 6, 3)
    given[1] = step(hours=12, position="hai")
    given[2] = step(kind="approve", performer="receiving_unit", role="head", hours=6, position=0)
    found = await problems(service, given)
    assert found["step_2_position"] == found["step_3_position"] == rules.POSITION_NUMBER


async def test_positions_may_be_given_in_any_order(service: ProcessService) -> None:
    """Steps listed out of order are saved in the order of their positions."""
    receive, appraise, approve, give_back = steps(3, 12, 6, 3)
    given = [
        StepInput(**{**vars_of(give_back), "position": 4}),
        StepInput(**{**vars_of(receive), "position": 1}),
        StepInput(**{**vars_of(approve), "position": 3}),
        StepInput(**{**vars_of(appraise), "position": 2}),
    ]
    saved = await service.save(ADMIN, RESIDENCE, given)
    assert [s.kind.value for s in saved.steps] == ["receive", "appraise", "approve", "return"]


@pytest.mark.parametrize("hours", ["-1", "1.5", "mười", "99999", -3])
async def test_allowances_are_non_negative_whole_hours(
    service: ProcessService, hours: str | int
) -> None:
    """A negative, fractional, worded or absurd allowance is refused on its own field."""
    given = steps(3, hours, 6, 3)
    assert (await problems(service, given))["step_2_allowance_hours"] == rules.HOURS_SHAPE


async def test_allowances_are_required_when_the_legal_time_is_numeric(
    service: ProcessService,
) -> None:
    """Tạm trú has 3 working days: a step without hours is named, with the legal time."""
    found = await problems(service, steps(3, None, 6, 3))
    assert found["step_2_allowance_hours"] == rules.HOURS_NEEDED.format(legal=24)


async def test_allowances_may_stay_open_when_the_legal_time_is_not_numeric(
    service: ProcessService,
) -> None:
    """Hộ kinh doanh publishes no time: a process without hours is saved, its total open."""
    saved = await service.save(ADMIN, HOUSEHOLD_BUSINESS, steps(None, None, None, None))
    assert saved.total_hours is None
    assert all(s.allowance_hours is None for s in saved.steps)


async def test_the_total_may_not_exceed_the_legal_time(service: ProcessService) -> None:
    """25 h for a 24 h procedure: the total is named with both numbers."""
    found = await problems(service, steps(4, 12, 6, 3))
    assert found["total"] == rules.OVER_LEGAL.format(total=25, legal=24, days="3")


async def test_same_day_procedures_fit_in_one_working_day(service: ProcessService) -> None:
    """Khai sinh is same-day: 8 h fit, 9 h do not."""
    assert (await service.save(ADMIN, BIRTH, steps(1, 4, 2, 1))).total_hours == 8
    with pytest.raises(InvalidInput) as raised:
        await service.save(ADMIN, BIRTH, steps(1, 5, 2, 1))
    assert [e.field for e in raised.value.errors] == ["total"]


async def test_a_total_under_the_legal_time_is_accepted(service: ProcessService) -> None:
    """A province may promise less than the law: 16 h of 24 is fine."""
    assert (await service.save(ADMIN, RESIDENCE, steps(2, 8, 4, 2))).total_hours == 16


async def test_name_kind_performer_and_role_are_required(service: ProcessService) -> None:
    """An empty name and unknown kind, performer and role are each named."""
    given = steps(3, 12, 6, 3)
    given[1] = step(name="  ", kind="review", performer="somewhere", role="boss", hours=12)
    found = await problems(service, given)
    assert found["step_2_name"] == rules.NAME_NEEDED
    assert found["step_2_kind"] == rules.KIND_UNKNOWN
    assert found["step_2_performer"] == rules.PERFORMER_UNKNOWN
    assert found["step_2_role"] == rules.ROLE_UNKNOWN


async def test_a_given_unit_is_an_active_unit(service: ProcessService) -> None:
    """ "A given unit" needs an e-identifier of the right shape that belongs to an active unit."""
    await UnitService(service._clock).create(
        SYSTEM_CONTEXT, code="000.00.00.H56", name="Tỉnh", kind="province"
    )
    given = steps(3, 6, 6, 6, 3)
    given[1] = step(performer="unit", ref="H56", hours=6)
    given[2] = step(performer="unit", ref="000.00.99.H56", hours=6)
    found = await problems(service, given)
    assert found["step_2_performer_ref"] == rules.UNIT_SHAPE
    assert found["step_3_performer_ref"] == rules.UNIT_UNKNOWN
    given[1] = given[2] = step(performer="unit", ref="000.00.00.h56", hours=6)
    saved = await service.save(ADMIN, RESIDENCE, given)
    assert saved.steps[1].performer_ref == "000.00.00.H56"


async def test_an_agency_step_names_the_agency(service: ProcessService) -> None:
    """A step performed by another agency without its name is refused."""
    given = steps(3, 12, 6, 3)
    given[1] = step(kind="inter_agency", performer="agency", ref=" ", hours=12)
    assert (await problems(service, given))["step_2_performer_ref"] == rules.AGENCY_NEEDED


async def test_an_inter_agency_step_is_done_elsewhere(service: ProcessService) -> None:
    """Liên thông at the receiving unit makes no sense: the performer is named."""
    given = steps(3, 12, 6, 3)
    given[1] = step(kind="inter_agency", performer="receiving_unit", hours=12)
    found = await problems(service, given)
    assert found["step_2_performer"] == rules.INTER_AGENCY_ELSEWHERE


async def test_every_problem_is_reported_at_once(service: ProcessService) -> None:
    """Several bad fields in several steps come back together, one message per field."""
    given = steps(3, 12, 6, 3)
    given[1] = step(name="", hours="x")
    given[2] = step(kind="approve", performer="receiving_unit", role="", hours=6)
    found = await problems(service, given, note="x" * 1001)
    assert {"step_2_name", "step_2_allowance_hours", "step_3_role", "note"} <= found.keys()


async def test_a_version_cannot_start_in_the_past(service: ProcessService) -> None:
    """Yesterday is refused, a day in an unknown shape too; past versions are history."""
    found = await problems(service, steps(3, 12, 6, 3), effective_from="01/03/2026")
    assert found["effective_from"] == IN_THE_PAST
    found = await problems(service, steps(3, 12, 6, 3), effective_from="mai")
    assert "effective_from" in found
    earlier = service._clock.now() - dt.timedelta(minutes=1)
    found = await problems(service, steps(3, 12, 6, 3), effective_from=earlier)
    assert found["effective_from"] == IN_THE_PAST


async def test_an_unknown_procedure_is_not_found(service: ProcessService) -> None:
    """A process for a code outside the catalog: NotFound, nothing written."""
    with pytest.raises(NotFound):
        await service.save(ADMIN, "1.999999", steps(3, 12, 6, 3))


async def test_only_an_admin_saves(service: ProcessService) -> None:
    """An officer or head may read processes, not change them."""
    officer = Context(Actor("staff", id=2, label="canbo", roles=frozenset({"officer", "head"})))
    with pytest.raises(PermissionDenied):
        await service.save(officer, RESIDENCE, steps(3, 12, 6, 3))
    assert await Process.count() == 0


def vars_of(given: StepInput) -> dict[str, object]:
    return {name: getattr(given, name) for name in StepInput.__dataclass_fields__}
