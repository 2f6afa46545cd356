"""The access rules, one by one: who may see a dossier, act on it, see figures, administer."""

from __future__ import annotations

import pytest

from core.errors import NotFound
from core.identity.access import (
    can_act_on_dossier,
    can_administer,
    can_view_dossier,
    can_view_unit_figures,
    ensure,
)
from core.identity.actor import ANONYMOUS, SYSTEM, Actor

UNIT, OTHER_UNIT = 10, 20
OWNER, ASSISTANT, STRANGER = 1, 2, 3

citizen = Actor("citizen", OWNER, "Chủ hồ sơ")
assistant = Actor("citizen", ASSISTANT, "Tình nguyện viên")
other_citizen = Actor("citizen", STRANGER, "Người khác")
officer = Actor("staff", 100, "canbo", frozenset({"officer"}), UNIT)
officer_elsewhere = Actor("staff", 101, "canbo2", frozenset({"officer"}), OTHER_UNIT)
head = Actor("staff", 102, "truongdonvi", frozenset({"head"}), UNIT)
head_elsewhere = Actor("staff", 103, "truong2", frozenset({"head"}), OTHER_UNIT)
admin = Actor("staff", 104, "quantri", frozenset({"admin"}), UNIT)
admin_officer = Actor("staff", 105, "quantri2", frozenset({"admin", "officer"}), UNIT)
staff_without_unit = Actor("staff", 106, "lac", frozenset({"officer"}), None)
staff_with_citizen_id = Actor("staff", OWNER, "trungso", frozenset({"officer"}), OTHER_UNIT)


def sees(actor: Actor) -> bool:
    return can_view_dossier(actor, OWNER, ASSISTANT, UNIT)


def test_citizen_sees_own_dossier() -> None:
    """The owner sees their dossier."""
    assert sees(citizen)


def test_assistant_sees_the_dossier_they_filed() -> None:
    """The assistant who filed it on the owner's behalf sees it."""
    assert sees(assistant)
    assert not can_view_dossier(assistant, OWNER, None, UNIT)


def test_citizen_does_not_see_another_citizens_dossier() -> None:
    """Another citizen does not."""
    assert not sees(other_citizen)


def test_officer_sees_dossiers_routed_to_their_unit_only() -> None:
    """An officer sees what their unit holds, not what another unit holds."""
    assert sees(officer)
    assert not sees(officer_elsewhere)
    assert not sees(staff_without_unit)


def test_staff_id_equal_to_owner_id_grants_nothing() -> None:
    """Staff and citizen ids are different spaces: a matching number is not ownership."""
    assert not sees(staff_with_citizen_id)


def test_head_sees_their_units_dossiers() -> None:
    """A unit head sees their unit's dossiers, not another unit's."""
    assert sees(head)
    assert not sees(head_elsewhere)


def test_admin_sees_everything() -> None:
    """An admin sees any dossier, wherever it is."""
    assert sees(admin)
    assert can_view_dossier(admin, STRANGER, None, OTHER_UNIT)


def test_anonymous_and_system_see_nothing() -> None:
    """Nobody signed in sees no dossier."""
    assert not sees(ANONYMOUS)
    assert not sees(SYSTEM)


def test_officer_acts_only_in_their_unit() -> None:
    """An officer acts on dossiers held by their unit only."""
    assert can_act_on_dossier(officer, UNIT)
    assert not can_act_on_dossier(officer_elsewhere, UNIT)
    assert not can_act_on_dossier(staff_without_unit, None)


def test_head_acts_in_their_unit() -> None:
    """A unit head may act in their unit."""
    assert can_act_on_dossier(head, UNIT)
    assert not can_act_on_dossier(head, OTHER_UNIT)


def test_admin_without_officer_role_cannot_act() -> None:
    """An admin sees everything but cannot act as an officer without that role."""
    assert not can_act_on_dossier(admin, UNIT)
    assert can_act_on_dossier(admin_officer, UNIT)
    assert not can_act_on_dossier(admin_officer, OTHER_UNIT)


def test_citizens_and_anonymous_cannot_act() -> None:
    """Citizens and anonymous users never act on dossiers as staff."""
    assert not can_act_on_dossier(citizen, UNIT)
    assert not can_act_on_dossier(ANONYMOUS, UNIT)


def test_unit_figures_for_head_of_that_unit_and_admin() -> None:
    """A head sees their own unit's figures; an admin any unit's; an officer none."""
    assert can_view_unit_figures(head, UNIT)
    assert not can_view_unit_figures(head, OTHER_UNIT)
    assert can_view_unit_figures(admin, OTHER_UNIT)
    assert not can_view_unit_figures(officer, UNIT)
    assert not can_view_unit_figures(citizen, UNIT)
    assert not can_view_unit_figures(ANONYMOUS, UNIT)


def test_only_admins_administer() -> None:
    """The admin pages are for the admin role alone."""
    assert can_administer(admin) and can_administer(admin_officer)
    for actor in (officer, head, citizen, ANONYMOUS, SYSTEM):
        assert not can_administer(actor)


def test_a_citizen_with_an_admin_role_name_is_not_an_admin() -> None:
    """Roles count only for staff actors."""
    assert not can_administer(Actor("citizen", 9, "x", frozenset({"admin"})))


def test_ensure_refuses_as_not_found() -> None:
    """A refused rule raises NotFound, so existence does not leak."""
    ensure(True, "dossier")
    with pytest.raises(NotFound):
        ensure(False, "dossier")
