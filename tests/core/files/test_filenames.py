"""The name an upload is shown under: no paths, no control characters, the stored type's suffix."""

from __future__ import annotations

import unicodedata

from core.files.filenames import MAX_FILENAME, clean_filename


def test_directories_from_any_os_are_dropped() -> None:
    """Windows and POSIX paths keep only the last part."""
    assert clean_filename("C:\\Users\\An\\CCCD.jpg", "image/jpeg") == "CCCD.jpg"
    assert clean_filename("../../etc/passwd", "application/pdf") == "passwd.pdf"


def test_the_extension_follows_the_stored_type() -> None:
    """A PNG stored as JPEG is named .jpg; a misleading extension is replaced."""
    assert clean_filename("Ảnh chụp.PNG", "image/jpeg") == "Ảnh chụp.jpg"
    assert clean_filename("photo.jpg.exe", "image/png") == "photo.jpg.png"


def test_control_and_invisible_characters_are_removed() -> None:
    """Newlines, NUL and right-to-left overrides never reach a header or a page."""
    assert clean_filename("a\r\nb\x00c\u202egpj.exe", "image/jpeg") == "abcgpj.jpg"


def test_vietnamese_names_are_kept_in_nfc() -> None:
    """A decomposed (NFD) name from macOS comes back composed."""
    nfd = unicodedata.normalize("NFD", "Hộ khẩu.pdf")
    assert clean_filename(nfd, "application/pdf") == unicodedata.normalize("NFC", "Hộ khẩu.pdf")


def test_a_long_name_is_cut_to_200_characters_with_its_extension() -> None:
    """At most 200 characters, ending with the extension."""
    name = clean_filename("ả" * 500 + ".pdf", "application/pdf")
    assert len(name) == MAX_FILENAME and name.endswith(".pdf")


def test_an_empty_or_dotted_name_gets_a_default() -> None:
    """Nothing usable left: "tai-lieu" plus the extension."""
    assert clean_filename("", "image/png") == "tai-lieu.png"
    assert clean_filename(" ... ", "image/png") == "tai-lieu.png"
