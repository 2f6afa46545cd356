"""Catalog files in and out: JSON (the `Catalog` struct) or CSV (one row per procedure version).

In CSV, text columns hold text and the structured parts (levels, documents, steps, fees...) hold
their JSON, so a spreadsheet can edit names and times and a round trip still loses nothing.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Literal

import msgspec

from core.catalog.model import Catalog, Procedure
from core.errors import FieldError, InvalidInput

Format = Literal["json", "csv"]
FORMATS: tuple[Format, ...] = ("json", "csv")
COLUMNS: tuple[str, ...] = Procedure.__struct_fields__
_TEXT_COLUMNS = frozenset(
    {"code", "name", "field", "online_level", "effective_from", "effective_to", "agency"}
    | {"target_group", "summary", "result", "conditions", "cutoff", "time_text", "fee_text"}
    | {"decision_no", "source"}
)
_STRUCTURED = frozenset(COLUMNS) - _TEXT_COLUMNS


def format_of(filename: str) -> Format:
    """The format a file name asks for, from its extension."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in FORMATS:
        raise InvalidInput.one("file", f"catalog files end in .json or .csv (got {filename!r})")
    return suffix


def encode(catalog: Catalog, fmt: Format) -> bytes:
    if fmt == "json":
        return msgspec.json.format(msgspec.json.encode(catalog), indent=1) + b"\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for procedure in catalog.procedures:
        writer.writerow(_row(procedure))
    return out.getvalue().encode("utf-8")


def decode(data: bytes, fmt: Format) -> Catalog:
    """A validated catalog, or InvalidInput saying where the file is wrong."""
    try:
        if fmt == "json":
            return msgspec.json.decode(data, type=Catalog)
        text = data.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        return Catalog(procedures=[_procedure(n, row) for n, row in enumerate(rows, start=2)])
    except UnicodeDecodeError as exc:
        raise InvalidInput.one("file", "the catalog file must be UTF-8 text") from exc
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise InvalidInput.one("file", f"the catalog file is not valid: {exc}") from exc
    except csv.Error as exc:
        raise InvalidInput.one("file", f"the CSV is malformed: {exc}") from exc


def _row(procedure: Procedure) -> dict[str, str]:
    plain = msgspec.to_builtins(procedure)
    return {
        name: (
            msgspec.json.encode(plain[name]).decode()
            if name in _STRUCTURED
            else ("" if plain[name] is None else str(plain[name]))
        )
        for name in COLUMNS
    }


def _procedure(line: int, row: dict[str, Any]) -> Procedure:
    missing = [name for name in ("code", "name", "field", "levels") if not row.get(name)]
    if missing:
        errors = [FieldError(f"line {line}: {name}", "is required") for name in missing]
        raise InvalidInput(f"line {line} misses {', '.join(missing)}", errors)
    values: dict[str, Any] = {}
    for name in COLUMNS:
        cell = row.get(name)
        if cell in (None, ""):
            continue
        try:
            values[name] = msgspec.json.decode(cell) if name in _STRUCTURED else cell
        except msgspec.DecodeError as exc:
            message = f"line {line}: {name} is not valid JSON: {exc}"
            raise InvalidInput.one(f"line {line}: {name}", message) from exc
    try:
        return msgspec.convert(values, Procedure, strict=False)
    except msgspec.ValidationError as exc:
        raise InvalidInput.one(f"line {line}", f"line {line}: {exc}") from exc
