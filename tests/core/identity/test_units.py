"""Organisation units: e-identifiers, the tree, admin-only changes, audit in one transaction."""

from __future__ import annotations

import pytest

from core.clock import SystemClock
from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from core.identity.actor import SYSTEM_CONTEXT, Actor, Context
from core.identity.tables import AuditEntry, Unit
from core.identity.units import UnitService, load_demo_units

ADMIN = Context(Actor("staff", 1, "quantri", frozenset({"admin"})), "203.0.113.5")
OFFICER = Context(Actor("staff", 2, "canbo", frozenset({"officer"}), 1, "000.00.00.H56"))
PROVINCE = "000.00.00.H56"


@pytest.fixture
def units(db: None) -> UnitService:
    return UnitService(SystemClock())


async def make_tree(units: UnitService) -> None:
    await units.create(ADMIN, code=PROVINCE, name="Tỉnh", kind="province")
    await units.create(
        ADMIN, code="000.00.01.H56", name="Sở A", kind="department", parent_code=PROVINCE
    )
    await units.create(
        ADMIN, code="000.01.01.H56", name="Phòng A1", kind="agency", parent_code="000.00.01.H56"
    )
    await units.create(
        ADMIN, code="000.10.11.H56", name="Xã B", kind="commune", parent_code=PROVINCE
    )


async def actions() -> list[str]:
    return [r["action"] for r in await AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id)]


async def test_create_normalises_the_code_and_audits_it(units: UnitService) -> None:
    """A lower-case e-identifier is stored upper-case; the audit row names actor, object, after."""
    created = await units.create(ADMIN, code=" 000.00.00.h56 ", name="Tỉnh", kind="province")
    assert created.code == PROVINCE
    row = await AuditEntry.select().output(load_json=True).first()
    assert row is not None
    assert (row["action"], row["object_type"], row["object_id"]) == (
        "unit.created",
        "unit",
        PROVINCE,
    )
    assert row["after"]["name"] == "Tỉnh" and row["before"] is None
    assert (row["actor_kind"], row["role"], row["client_address"]) == (
        "staff",
        "admin",
        "203.0.113.5",
    )


@pytest.mark.parametrize(
    "code", ["000.00.12", "00.00.12.H56", "000.00.12.56H", "000.00.12.HH6", "abc", "000-00-12-H56"]
)
async def test_badly_shaped_codes_are_refused(units: UnitService, code: str) -> None:
    """Only the QCVN 102:2016 shape 3.2.2.letter+2 digits is an e-identifier."""
    with pytest.raises(InvalidInput) as caught:
        await units.create(ADMIN, code=code, name="Tỉnh", kind="province")
    assert [e.field for e in caught.value.errors] == ["code"]


async def test_every_problem_is_reported_at_once_and_nothing_is_written(
    units: UnitService,
) -> None:
    """Bad code, empty name, unknown kind: three errors, no unit row, no audit row."""
    with pytest.raises(InvalidInput) as caught:
        await units.create(ADMIN, code="x", name=" ", kind="ministry")
    assert {e.field for e in caught.value.errors} == {"code", "name", "kind"}
    assert await Unit.count() == 0 and await AuditEntry.count() == 0


async def test_a_duplicate_code_is_a_conflict(units: UnitService) -> None:
    """Two units cannot share an e-identifier (409), and the failed attempt leaves no audit row."""
    await units.create(ADMIN, code=PROVINCE, name="Tỉnh", kind="province")
    with pytest.raises(Conflict):
        await units.create(ADMIN, code="000.00.00.h56", name="Khác", kind="province")
    assert await actions() == ["unit.created"]


async def test_province_has_no_parent_and_others_need_one(units: UnitService) -> None:
    """A province with a parent, or a commune without one, is refused."""
    await units.create(ADMIN, code=PROVINCE, name="Tỉnh", kind="province")
    with pytest.raises(InvalidInput) as caught:
        await units.create(
            ADMIN, code="000.00.00.H57", name="Tỉnh 2", kind="province", parent_code=PROVINCE
        )
    assert caught.value.errors[0].field == "parent_code"
    with pytest.raises(InvalidInput) as caught:
        await units.create(ADMIN, code="000.10.11.H56", name="Xã", kind="commune")
    assert caught.value.errors[0].field == "parent_code"
    with pytest.raises(InvalidInput):
        await units.create(
            ADMIN, code="000.10.11.H56", name="Xã", kind="commune", parent_code="999.99.99.Z99"
        )


async def test_parent_must_be_active(units: UnitService) -> None:
    """Nothing new goes under a deactivated unit."""
    await make_tree(units)
    await units.set_active(ADMIN, "000.01.01.H56", False)
    with pytest.raises(InvalidInput) as caught:
        await units.create(
            ADMIN, code="000.02.01.H56", name="Tổ", kind="agency", parent_code="000.01.01.H56"
        )
    assert caught.value.errors[0].field == "parent_code"


async def test_tree_is_nested_and_ordered(units: UnitService) -> None:
    """The province is the root; departments come before communes; agencies sit under theirs."""
    await make_tree(units)
    (root,) = await units.tree()
    assert root.unit.code == PROVINCE
    assert [c.unit.code for c in root.children] == ["000.00.01.H56", "000.10.11.H56"]
    assert [c.unit.code for c in root.children[0].children] == ["000.01.01.H56"]
    assert [u.code for u in await units.children(PROVINCE)] == ["000.00.01.H56", "000.10.11.H56"]


async def test_move_and_rename_are_audited_with_before_and_after(units: UnitService) -> None:
    """Moving a commune under a department records where it was and where it went."""
    await make_tree(units)
    moved = await units.update(ADMIN, "000.10.11.H56", name="Xã B mới", parent_code="000.00.01.H56")
    assert (moved.name, moved.parent_code) == ("Xã B mới", "000.00.01.H56")
    row = (
        await AuditEntry.select()
        .where(AuditEntry.action == "unit.updated")
        .output(load_json=True)
        .first()
    )
    assert row is not None
    assert row["before"]["parent"] == PROVINCE and row["after"]["parent"] == "000.00.01.H56"
    assert (await units.get("000.10.11.H56")).name == "Xã B mới"


async def test_a_unit_cannot_move_under_itself_or_its_descendants(units: UnitService) -> None:
    """Cycles are refused: under itself, under its own child; nothing changes."""
    await make_tree(units)
    for target in ("000.00.01.H56", "000.01.01.H56"):
        with pytest.raises(InvalidInput) as caught:
            await units.update(ADMIN, "000.00.01.H56", parent_code=target)
        assert "parent_code" in {e.field for e in caught.value.errors}
    assert (await units.get("000.00.01.H56")).parent_code == PROVINCE
    assert "unit.updated" not in await actions()


async def test_province_cannot_be_moved(units: UnitService) -> None:
    """The root stays the root."""
    await make_tree(units)
    with pytest.raises(InvalidInput):
        await units.update(ADMIN, PROVINCE, parent_code="000.00.01.H56")


async def test_deactivate_needs_sub_units_deactivated_first(units: UnitService) -> None:
    """A unit with active sub-units cannot be deactivated (409); a leaf can, and it is audited."""
    await make_tree(units)
    with pytest.raises(Conflict):
        await units.set_active(ADMIN, "000.00.01.H56", False)
    leaf = await units.set_active(ADMIN, "000.01.01.H56", False)
    assert leaf.active is False
    assert (await actions())[-1] == "unit.deactivated"
    again = await units.set_active(ADMIN, "000.01.01.H56", True)
    assert again.active is True and (await actions())[-1] == "unit.activated"


async def test_only_an_admin_changes_units(units: UnitService) -> None:
    """An officer (or anyone not admin) gets PermissionDenied, shown as 404 at the edges."""
    with pytest.raises(PermissionDenied):
        await units.create(OFFICER, code=PROVINCE, name="Tỉnh", kind="province")
    await make_tree(units)
    with pytest.raises(PermissionDenied):
        await units.update(OFFICER, PROVINCE, name="X")
    with pytest.raises(PermissionDenied):
        await units.set_active(OFFICER, "000.10.11.H56", False)
    assert (await units.get(PROVINCE)).name == "Tỉnh"


async def test_unknown_unit_is_not_found(units: UnitService) -> None:
    """Reading or changing a unit that does not exist is NotFound."""
    with pytest.raises(NotFound):
        await units.get("999.99.99.Z99")
    with pytest.raises(NotFound):
        await units.update(ADMIN, "999.99.99.Z99", name="X")


async def test_demo_units_load_idempotently(db: None) -> None:
    """The demo tree loads once; a second run creates and changes nothing."""
    first = await load_demo_units(SYSTEM_CONTEXT)
    assert first.created >= 5 and first.updated == 0
    second = await load_demo_units(SYSTEM_CONTEXT)
    assert (second.created, second.updated) == (0, 0) and second.unchanged == first.created
    (root,) = await UnitService(SystemClock()).tree()
    assert root.unit.code == PROVINCE and "(dữ liệu mẫu)" in root.unit.name
    assert all("(dữ liệu mẫu)" in u.name for u in await UnitService(SystemClock()).all())


async def test_load_units_updates_changed_names(units: UnitService) -> None:
    """An import with a new name for a known code renames it (audited), others unchanged."""
    await make_tree(units)
    report = await units.load_units(
        SYSTEM_CONTEXT,
        [
            {"code": PROVINCE, "name": "Tỉnh", "kind": "province", "parent": None},
            {"code": "000.10.11.H56", "name": "Xã B đổi", "kind": "commune", "parent": PROVINCE},
        ],
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert (await units.get("000.10.11.H56")).name == "Xã B đổi"
