"""Hot-path SQL without Piccolo's builders: `rows.fetch` answers as `Table.raw` does, on both
databases, inside and outside a transaction; `{}` marks become each driver's own."""

from __future__ import annotations

import datetime as dt

import pytest

from core import database, rows
from core.clock import VIETNAM
from core.identity.tables import Citizen

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=VIETNAM)
BY_PHONE = "SELECT id, phone, full_name FROM citizen WHERE phone = {} AND created_at <= {}"


def test_value_marks_are_numbered_in_order_and_doubled_braces_stay_braces() -> None:
    sql = "SELECT {} + {}, '{{}}' WHERE x = {}"
    assert rows.marked(sql, "$") == ("SELECT $1 + $2, '{}' WHERE x = $3", 3)
    assert rows.marked(sql, "?") == ("SELECT ? + ?, '{}' WHERE x = ?", 3)
    assert rows.marked("SELECT 1", "$") == ("SELECT 1", 0)


def test_a_named_mark_is_refused_rather_than_read_as_a_value() -> None:
    with pytest.raises(ValueError, match="bare"):
        rows.marked("SELECT {phone}", "$")


async def test_fetch_answers_what_table_raw_answers(db: None) -> None:
    await Citizen.insert(Citizen(phone="+84912000001", full_name="Lê Thị Hoa", created_at=NOW))
    args = ("+84912000001", NOW)
    fetched = await rows.fetch(Citizen, BY_PHONE, *args)
    assert fetched == await Citizen.raw(BY_PHONE, *args)
    assert [(r["phone"], r["full_name"]) for r in fetched] == [("+84912000001", "Lê Thị Hoa")]
    assert await rows.fetch(Citizen, BY_PHONE, "+84900000000", NOW) == []


async def test_fetch_inside_a_transaction_sees_its_writes_and_leaves_nothing_on_rollback(
    db: None,
) -> None:
    engine = database.bound_engine()
    assert engine is not None

    class Undo(Exception):
        pass

    seen: list[dict[str, object]] = []

    async def write_then_undo() -> None:
        async with database.write_transaction(engine):
            await rows.insert(Citizen, [{"phone": "+84912000002", "created_at": NOW}])
            seen.extend(await rows.fetch(Citizen, BY_PHONE, "+84912000002", NOW))
            raise Undo

    with pytest.raises(Undo):
        await write_then_undo()
    assert [row["phone"] for row in seen] == ["+84912000002"]
    assert await rows.fetch(Citizen, BY_PHONE, "+84912000002", NOW) == []


async def test_a_statement_with_the_wrong_number_of_values_is_refused(db: None) -> None:
    with pytest.raises(ValueError, match="2 value marks for 1 values"):
        await rows.fetch(Citizen, BY_PHONE, "+84912000003")
    with pytest.raises(ValueError, match="2 value marks for 3 values"):
        await rows.fetch(Citizen, BY_PHONE, "+84912000003", NOW, NOW)
