"""Keyword-only factories for catalog tests."""

from __future__ import annotations

import datetime as dt

from core.catalog.model import Procedure


def make_procedure(
    *,
    code: str = "1.000001",
    name: str = "Đăng ký khai sinh",
    field: str = "Hộ tịch",
    levels: tuple[str, ...] = ("commune",),
    online_level: str = "partial",
    version: int = 1,
    effective_from: dt.date = dt.date(2025, 7, 1),
    effective_to: dt.date | None = None,
    processing_hours: int | None = 8,
    agency: str | None = None,
) -> Procedure:
    return Procedure(
        code=code,
        name=name,
        field=field,
        levels=list(levels),  # type: ignore[arg-type]
        online_level=online_level,  # type: ignore[arg-type]
        version=version,
        effective_from=effective_from,
        effective_to=effective_to,
        processing_hours=processing_hours,
        agency=agency,
    )
