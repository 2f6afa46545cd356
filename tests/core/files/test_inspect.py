"""Recognising an upload by its bytes: the four accepted types, and everything else refused."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput, TooLarge, UnsupportedType
from core.files import inspect
from tests.core.files import samples


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (samples.jpeg(), "image/jpeg"),
        (samples.png(), "image/png"),
        (samples.webp(), "image/webp"),
        (samples.PDF, "application/pdf"),
    ],
)
def test_the_four_accepted_types_are_known_by_their_magic_bytes(data: bytes, expected: str) -> None:
    """JPEG, PNG, WebP and PDF are recognised from their first bytes."""
    assert inspect.content_type_of(data) == expected


@pytest.mark.parametrize(
    "data", [samples.EXE, samples.HTML, samples.SVG, b"GIF89a" + bytes(20), b"PK\x03\x04zip"]
)
def test_any_other_content_is_unsupported_with_the_accepted_list(data: bytes) -> None:
    """A program, HTML, SVG, GIF or ZIP: UnsupportedType naming what is accepted."""
    with pytest.raises(UnsupportedType) as refused:
        inspect.content_type_of(data)
    assert refused.value.message == "Chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF."


def test_an_empty_file_is_invalid_input_on_the_file_field() -> None:
    """Zero bytes: InvalidInput naming the field "file"."""
    with pytest.raises(InvalidInput) as refused:
        inspect.check_size(b"")
    assert refused.value.errors[0].field == "file"


def test_one_byte_over_10_mib_is_too_large_and_says_10_mb() -> None:
    """10 MiB is accepted; one more byte is TooLarge with the limit in the message."""
    inspect.check_size(bytes(inspect.MAX_UPLOAD_BYTES))
    with pytest.raises(TooLarge) as refused:
        inspect.check_size(bytes(inspect.MAX_UPLOAD_BYTES + 1))
    assert "tối đa 10 MB" in refused.value.message


@pytest.mark.parametrize("data", [samples.PDF[:-20], samples.PDF + bytes(2000)])
def test_a_pdf_without_its_end_marker_is_invalid(data: bytes) -> None:
    """No %%EOF within the last KiB (cut short, or junk appended): "Tệp PDF bị hỏng"."""
    with pytest.raises(InvalidInput) as refused:
        inspect.check_pdf(data)
    assert refused.value.message.startswith("Tệp PDF bị hỏng")


def test_a_whole_pdf_passes_the_sanity_check() -> None:
    """Header and %%EOF (even with trailing whitespace): accepted as is."""
    inspect.check_pdf(samples.PDF + b"\r\n  \n")
