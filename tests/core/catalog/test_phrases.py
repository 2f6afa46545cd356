"""Matching life-event phrases inside a query, and the order they give the search index."""

from __future__ import annotations

from core.catalog.life_events import LifeEvent
from core.catalog.phrases import PhraseMatcher
from core.catalog.search import Filters, SearchIndex
from tests.core.catalog.factories import make_procedure

BIRTH = LifeEvent(key="khai-sinh", name="Làm giấy khai sinh", codes=["1.001193"])
COPY = LifeEvent(
    key="ban-sao", name="Bản sao giấy khai sinh", phrases=["mất giấy khai sinh"], codes=["2.000635"]
)


def test_the_longest_phrase_wins() -> None:
    """ "bản sao giấy khai sinh" is more precise than the "giấy khai sinh" inside it."""
    matcher = PhraseMatcher([LifeEvent(key="g", name="Giấy khai sinh", codes=["1.001193"]), COPY])
    found = matcher.match(["xin", "ban", "sao", "giay", "khai", "sinh"])
    assert found is not None and found.event.key == "ban-sao" and not found.whole


def test_a_whole_query_match_is_flagged() -> None:
    """When the phrase is all the query says, the match says so."""
    found = PhraseMatcher([BIRTH]).match(["lam", "giay", "khai", "sinh"])
    assert found is not None and found.whole


def test_one_word_names_are_not_phrases() -> None:
    """A one-word name would hijack every query holding that word: it is not matched."""
    matcher = PhraseMatcher([LifeEvent(key="dat", name="Đất", codes=["1.013978"])])
    assert len(matcher) == 0 and matcher.match(["dat"]) is None


def test_the_index_puts_the_events_codes_first_in_order() -> None:
    """The event's procedures lead, in the event's order, ahead of word matches."""
    index = SearchIndex(
        [
            make_procedure(code="1.001193", name="Đăng ký khai sinh"),
            make_procedure(
                code="2.000635", name="Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh"
            ),
            make_procedure(code="1.004884", name="Đăng ký lại khai sinh"),
        ],
        [LifeEvent(key="mat", name="Mất giấy khai sinh", codes=["2.000635", "1.004884"])],
    )
    found = [p.code for p in index.search("mat giay khai sinh", Filters())]
    assert found[:2] == ["2.000635", "1.004884"]
    assert index.life_event("mat giay khai sinh") is not None


def test_codes_not_in_force_are_skipped() -> None:
    """An event naming a procedure no longer in the index simply leaves it out."""
    index = SearchIndex(
        [make_procedure(code="1.001193", name="Đăng ký khai sinh")],
        [LifeEvent(key="k", name="Sinh con", codes=["1.999999", "1.001193"])],
    )
    assert [p.code for p in index.search("sinh con", Filters())] == ["1.001193"]
