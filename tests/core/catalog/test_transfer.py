"""Catalog files: format from the name, clear errors for bad files."""

import pytest

from core.catalog import transfer
from core.catalog.model import Catalog
from core.errors import InvalidInput
from tests.core.catalog.factories import make_procedure


def test_format_comes_from_the_extension() -> None:
    """.json and .csv are known; anything else is refused with the reason."""
    assert transfer.format_of("a.JSON") == "json"
    assert transfer.format_of("dir/b.csv") == "csv"
    with pytest.raises(InvalidInput, match=r"\.json or \.csv"):
        transfer.format_of("c.xlsx")


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"{not json", "json", "not valid"),
        (b'{"procedures": [{"code": "bad"}]}', "json", "not valid"),
        (b"\xff\xfe\x00", "csv", "UTF-8"),
        (b"code,name\n1.000001,\n", "csv", "misses"),
        (
            b'code,name,field,levels,online_level,effective_from\n1.000001,A,B,"[""moon""]",partial,2025-07-01\n',
            "csv",
            "line 2",
        ),
    ],
)
def test_bad_files_say_what_is_wrong(data: bytes, fmt: str, message: str) -> None:
    """Malformed or invalid catalog files raise InvalidInput naming the problem."""
    with pytest.raises(InvalidInput, match=message):
        transfer.decode(data, fmt)  # type: ignore[arg-type]


def test_csv_round_trip_keeps_empty_and_nested_values() -> None:
    """None, lists and dates survive CSV."""
    catalog = Catalog(procedures=[make_procedure(agency=None, levels=("commune", "province"))])
    assert transfer.decode(transfer.encode(catalog, "csv"), "csv") == catalog
