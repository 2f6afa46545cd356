"""The in-memory search index: folding, ranking, typos, prefixes, filters."""

import pytest

from core.catalog.search import Filters, SearchIndex
from tests.core.catalog.factories import make_procedure


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex(
        [
            make_procedure(code="1.001193", name="Đăng ký khai sinh"),
            make_procedure(code="1.004884", name="Đăng ký lại khai sinh"),
            make_procedure(code="1.000894", name="Đăng ký kết hôn"),
            make_procedure(
                code="2.000815",
                name="Chứng thực bản sao từ bản chính",
                field="Chứng thực",
                levels=("commune", "province"),
                online_level="none",
            ),
            make_procedure(
                code="1.001612",
                name="Đăng ký thành lập hộ kinh doanh",
                field="Hộ kinh doanh",
                agency="Ủy ban nhân dân cấp xã",
            ),
            make_procedure(
                code="1.000656",
                name="Đăng ký khai tử",
                agency="Nơi cấp giấy khai sinh cũ",
            ),
        ]
    )


def codes(index: SearchIndex, query: str, filters: Filters | None = None) -> list[str]:
    return [p.code for p in index.search(query, filters or Filters())]


@pytest.mark.parametrize(
    "query", ["dang ky khai sinh", "KHAI SINH", "Đăng ký khai sinh", "  khai   sinh "]
)
def test_finds_with_or_without_diacritics_any_case_any_spaces(
    index: SearchIndex, query: str
) -> None:
    """Diacritics, case and spacing do not matter; the exact name comes first."""
    assert codes(index, query)[0] == "1.001193"


def test_every_word_must_match(index: SearchIndex) -> None:
    """A multi-word query does not return procedures that lack one of its words."""
    assert codes(index, "dang ky ket hon") == ["1.000894"]


@pytest.mark.parametrize("query", ["khai sjnh", "kahi sinh", "chung thuc ban sa", "ket hno"])
def test_forgives_one_typo_per_word(index: SearchIndex, query: str) -> None:
    """A wrong, missing or swapped letter still finds the procedure."""
    assert codes(index, query), query


def test_last_word_may_be_a_prefix(index: SearchIndex) -> None:
    """While typing, "ho kinh d" already finds hộ kinh doanh."""
    assert codes(index, "ho kinh d") == ["1.001612"]


def test_name_outranks_description(index: SearchIndex) -> None:
    """A match in the name ranks above a match in the agency text."""
    assert codes(index, "khai sinh")[-1] == "1.000656"


def test_filters_by_field_level_and_online(index: SearchIndex) -> None:
    """Field (folded), level and online level narrow the results."""
    assert codes(index, "", Filters(field="chung thuc")) == ["2.000815"]
    assert codes(index, "", Filters(level="province")) == ["2.000815"]
    assert "2.000815" not in codes(index, "", Filters(online="partial"))


def test_nonsense_finds_nothing(index: SearchIndex) -> None:
    """Words that appear nowhere give an empty result, not an error."""
    assert codes(index, "xyzzy qwerty") == []


@pytest.mark.parametrize("query", ["' OR 1=1 --", "x" * 10_000, "\x00\x01\x02", "%_%", "<script>"])
def test_hostile_queries_are_just_text(index: SearchIndex, query: str) -> None:
    """SQL-looking, huge and control-character queries are searched as text."""
    assert isinstance(codes(index, query), list)


def test_code_is_searchable(index: SearchIndex) -> None:
    """Typing a procedure's code finds it."""
    assert codes(index, "1.001612") == ["1.001612"]
