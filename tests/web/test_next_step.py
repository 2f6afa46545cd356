"""The one sentence on a dossier's status pages, for every status, in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.dossiers.status import Status
from web.i18n import LANGUAGES, Language, translate
from web.next_step import next_step

DUE = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC)  # 15:30 in Việt Nam, same day


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_status_has_one_sentence(status: Status, lang: Language) -> None:
    """Each status gives a single sentence that ends with a full stop, in vi and en."""
    step = next_step(status, due_at=DUE, fee_vnd=8000, missing=("Giấy chứng sinh",))
    text = translate(lang, step.key, **step.values)
    assert text.endswith(".") and text.count(". ") == 0, text


CASES: list[tuple[Status, dict[str, Any], str]] = [
    (
        Status.SUPPLEMENT_REQUESTED,
        {"missing": ("Tờ khai", "Giấy chứng sinh")},
        "Ông/bà cần bổ sung giấy tờ: Tờ khai; Giấy chứng sinh.",
    ),
    (
        Status.SUPPLEMENT_REQUESTED,
        {"public": True},
        "Ông/bà cần bổ sung giấy tờ; nhập 4 số cuối số điện thoại bên dưới để xem cần gì.",
    ),
    (
        Status.AWAITING_PAYMENT,
        {"fee_vnd": 8000},
        "Ông/bà cần nộp phí 8.000 đồng để hồ sơ được giải quyết tiếp.",
    ),
    (Status.AWAITING_PAYMENT, {}, "Ông/bà cần nộp phí, lệ phí để hồ sơ được giải quyết tiếp."),
    (
        Status.PROCESSING,
        {"due_at": DUE},
        "Ông/bà chỉ cần chờ kết quả, hẹn trả ngày 02/03/2026.",
    ),
    (Status.RECEIVED, {}, "Ông/bà chỉ cần chờ kết quả, chưa phải làm gì thêm."),
]


@pytest.mark.parametrize(("status", "kwargs", "expected"), CASES)
def test_the_sentence_says_what_to_do(
    status: Status, kwargs: dict[str, Any], expected: str
) -> None:
    """Papers, fee and due day come into the sentence when the page knows them."""
    step = next_step(status, **kwargs)
    assert translate("vi", step.key, **step.values) == expected
