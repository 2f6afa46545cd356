"""Cleaning images: broken ones refused, bombs refused, upright, shrunk, no metadata."""

from __future__ import annotations

import pytest
from PIL import Image

from core.errors import InvalidInput, TooLarge
from core.files.images import MAX_SIDE, normalise_image
from tests.core.files import samples


def test_a_truncated_jpeg_is_invalid_and_says_the_image_is_broken() -> None:
    """A JPEG cut in half: InvalidInput on "file" starting "Ảnh bị hỏng"."""
    data = samples.jpeg(width=400, height=300)
    with pytest.raises(InvalidInput) as refused:
        normalise_image(data[: len(data) // 2], "image/jpeg")
    assert refused.value.errors[0].field == "file"
    assert refused.value.message.startswith("Ảnh bị hỏng")


def test_garbage_after_a_png_signature_is_invalid() -> None:
    """Right magic bytes, wrong insides: InvalidInput, not a crash."""
    with pytest.raises(InvalidInput):
        normalise_image(b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    """A tiny PNG of 8000×6000 pixels (48 MP) is TooLarge naming the 40 megapixel limit."""
    bomb = samples.encode(Image.new("1", (8000, 6000)), fmt="PNG")
    assert len(bomb) < 100_000
    with pytest.raises(TooLarge) as refused:
        normalise_image(bomb, "image/png")
    assert "40 megapixel" in refused.value.message


def test_a_bomb_beyond_pillows_own_limit_is_too_large_too() -> None:
    """Over Pillow's 89 MP warning threshold: still TooLarge, never a warning or a 500."""
    bomb = samples.encode(Image.new("1", (12000, 8000)), fmt="PNG")
    with pytest.raises(TooLarge):
        normalise_image(bomb, "image/png")


def test_a_big_photo_comes_back_at_most_2000_px_and_much_smaller() -> None:
    """4000×3000 JPEG at quality 95 → 2000×1500 JPEG, less than a third of the bytes."""
    data = samples.jpeg(width=4000, height=3000, quality=95)
    clean = normalise_image(data, "image/jpeg")
    assert (clean.width, clean.height) == (MAX_SIDE, 1500)
    assert samples.opened(clean.data).size == (2000, 1500)
    assert len(clean.data) < len(data) / 3


def test_exif_and_gps_are_removed() -> None:
    """No EXIF block (GPS, maker) survives in the stored bytes."""
    clean = normalise_image(samples.jpeg(gps=True), "image/jpeg")
    assert not samples.opened(clean.data).getexif()
    assert b"Exif" not in clean.data and b"PhoneMaker" not in clean.data


def test_exif_orientation_is_applied() -> None:
    """A 64×48 photo tagged "rotate 90°" is stored upright as 48×64."""
    clean = normalise_image(samples.jpeg(orientation=6), "image/jpeg")
    assert samples.opened(clean.data).size == (48, 64)


def test_a_small_screenshot_png_stays_png() -> None:
    """Few colours, small: lossless PNG is kept (text stays sharp)."""
    clean = normalise_image(samples.png(width=800, height=600), "image/png")
    assert clean.content_type == "image/png"


def test_a_photo_saved_as_png_becomes_jpeg() -> None:
    """Many colours: stored as JPEG, a fraction of the PNG's size."""
    data = samples.png(width=1200, height=900, photo_like=True)
    clean = normalise_image(data, "image/png")
    assert clean.content_type == "image/jpeg" and len(clean.data) < len(data) / 4


def test_a_transparent_photo_is_flattened_onto_white() -> None:
    """RGBA photo → RGB JPEG; fully transparent pixels become white."""
    image = samples.photo(width=600, height=400).convert("RGBA")
    image.putalpha(0)
    clean = normalise_image(samples.encode(image, fmt="PNG"), "image/png")
    stored = samples.opened(clean.data)
    assert clean.content_type == "image/jpeg" and stored.mode == "RGB"
    assert stored.getpixel((10, 10)) == (255, 255, 255)


def test_webp_is_accepted_and_stored_as_png_or_jpeg() -> None:
    """A WebP screenshot is stored as PNG (served everywhere, lossless)."""
    clean = normalise_image(samples.webp(), "image/webp")
    assert clean.content_type == "image/png"
