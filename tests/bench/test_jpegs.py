"""The bench's spliced JPEGs: valid files, pixels of their own, inked where their bits say."""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from tests.bench import jpegs


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    assert (image.format, image.size, image.mode) == ("JPEG", (96, 72), "RGB")
    return image


def test_every_client_and_serial_has_pixels_of_its_own() -> None:
    digests = {
        hashlib.sha256(decoded(jpegs.Papers(client).jpeg(serial)).tobytes()).digest()
        for client in (0, 1, 50, 100, 2**40)
        for serial in (*range(40), 2**63, 2**64 - 1)
    }
    assert len(digests) == 5 * 42


def test_a_block_is_inked_where_its_bit_is_set() -> None:
    serial = 0b1011 << 20 | 1
    image = decoded(jpegs.Papers(3).jpeg(serial))
    for k in range(jpegs.BLOCKS):
        x, y = k % 12 * 8 + 4, k // 12 * 8 + 4  # the middle of block k
        inked = sum(image.getpixel((x, y))) < 200  # type: ignore[arg-type]
        assert inked == bool((3 << jpegs.SERIAL_BITS | serial) >> k & 1), k
