"""Inserting and reading rows on hot paths without building Piccolo `Table` or query objects.

`Table.insert(Table(...))` instantiates the row object, walks every column and rebuilds the SQL on
each call: about half a millisecond of CPU per row. Filing a dossier writes five rows, so its
writes go through `insert` instead: the SQL text is built once per table and column list, and the
values are passed as parameters (JSON columns serialised here, as Piccolo would). Columns left
out get their database default; the caller names every column the row needs.

`fetch` is `Table.raw` for those paths: on PostgreSQL it hands the statement straight to asyncpg
(`LoopPoolPostgresEngine.fetch`), skipping the QueryString Piccolo would build and compile again
on every call; on SQLite it is `Table.raw`. `marked` turns the `{}` marks into a driver's own,
once per statement text.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from string import Formatter
from typing import Any, Literal

from piccolo.columns import JSON, JSONB
from piccolo.table import Table

from core.pg_engine import LoopPoolPostgresEngine


async def insert(
    table: type[Table], rows: Sequence[Mapping[str, Any]], *, returning: str | None = None
) -> list[dict[str, Any]]:
    """Insert `rows` (all with the same keys) in one statement; the `returning` column per row."""
    if not rows:
        return []
    sql, args = statement(table, rows, returning=returning)
    return await fetch(table, sql, *args)


async def fetch(table: type[Table], sql: str, *args: Any) -> list[dict[str, Any]]:
    """`table.raw(sql, *args)`: `sql` marks each value with `{}`; rows as dicts.

    ValueError if the marks and the values do not pair up (Piccolo would send the statement cut
    short, or with values left over).
    """
    query, marks = marked(sql, "$")
    if marks != len(args):
        raise ValueError(f"{marks} value marks for {len(args)} values")
    engine = table._meta.db
    if isinstance(engine, LoopPoolPostgresEngine):
        return await engine.fetch(query, args)
    result: list[dict[str, Any]] = await table.raw(sql, *args)
    return result


@functools.lru_cache(maxsize=512)
def marked(sql: str, mark: Literal["$", "?"]) -> tuple[str, int]:
    """`sql` with each `{}` as the driver's mark (`$`: PostgreSQL's `$1`, `$2`...; `?`: SQLite's)
    and how many there are; `{{` and `}}` are literal braces, as Piccolo reads them."""
    parts: list[str] = []
    count = 0
    for literal, field, _, _ in Formatter().parse(sql):
        parts.append(literal)
        if field is not None:
            if field:
                raise ValueError(f"only bare {{}} marks are values: {{{field}}}")
            count += 1
            parts.append(f"${count}" if mark == "$" else "?")
    return "".join(parts), count


def statement(
    table: type[Table], rows: Sequence[Mapping[str, Any]], *, returning: str | None = None
) -> tuple[str, list[Any]]:
    """The INSERT of `rows` (non-empty, all with the same keys), with `{}` for each value."""
    columns = tuple(rows[0])
    return _insert_sql(table, columns, len(rows), returning), values(table, rows)


def values(table: type[Table], rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    """The parameters of `rows`, row after row in the first row's key order; JSON serialised."""
    columns = tuple(rows[0])
    json_columns = _json_columns(table)
    return [
        _json(row[name]) if name in json_columns else row[name] for row in rows for name in columns
    ]


@functools.cache
def _insert_sql(
    table: type[Table], columns: tuple[str, ...], count: int, returning: str | None
) -> str:
    one = "(" + ", ".join("{}" for _ in columns) + ")"
    # Names come from the table's own metadata (checked); every value is a parameter.
    sql = f"INSERT INTO {into(table, columns)} VALUES "  # noqa: S608
    sql += ", ".join([one] * count)
    return sql + (f' RETURNING "{returning}"' if returning else "")


def into(table: type[Table], columns: Sequence[str]) -> str:
    """`"table" ("column", ...)` for an INSERT, after checking every column is the table's."""
    known = {column._meta.db_column_name for column in table._meta.columns}
    unknown = [name for name in columns if name not in known]
    if unknown:
        raise ValueError(f"{table._meta.tablename} has no column {', '.join(unknown)}")
    names = ", ".join(f'"{name}"' for name in columns)
    return f'"{table._meta.tablename}" ({names})'


@functools.cache
def _json_columns(table: type[Table]) -> frozenset[str]:
    return frozenset(
        column._meta.db_column_name
        for column in table._meta.columns
        if isinstance(column, JSON | JSONB)
    )


def _json(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else json.dumps(value)
